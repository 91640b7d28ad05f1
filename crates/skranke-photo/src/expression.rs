//! What the `expression_neutral` check measures on the FaceMesh landmarks, beyond the open mouth
//! that `mouth_closed` catches: a smile draws the mouth corners up above the line where the lips
//! meet and the mouth wide; surprise raises the brows; a frown draws the brows down and together.
//! All in the face's own frame (`face_frame`), so head size and tilt do not count.
use crate::face_frame::FaceFrame;
use crate::geometry::Point3;
use crate::mesh::MOUTH_CORNERS;

/// Where the lips meet, middle (upper lip's and lower lip's inner edge).
const LIPS_MEET: (usize, usize) = (13, 14);
/// The brows' lower edge, middle and inner part (person's right: 52, 65; left: 282, 295).
const BROWS: [usize; 4] = [52, 65, 282, 295];
/// The brows' inner ends (person's right, left).
const BROW_INNER: (usize, usize) = (55, 285);

/// Mouth width of a neutral face, eye distances: the accuracy set's neutral mouths measure
/// 0.92-0.95. A smile widens the mouth beyond it.
const NEUTRAL_MOUTH_WIDTH: f64 = 0.93;
/// Weight of the widening against the corners' lift in the smile measure.
const WIDENING_WEIGHT: f64 = 0.4;

/// The expression's measures, in eye distances.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Expression {
    /// How far the mouth corners sit above the middle of the lip line (positive: drawn up, a
    /// smile), the mean of both corners.
    pub smile_lift: f64,
    /// Mouth width, corner to corner.
    pub mouth_width: f64,
    /// The smile measure: the corners' lift plus 0.4 x the widening beyond a neutral mouth (0.93
    /// eye distances); a smile lifts, widens or both.
    pub smile: f64,
    /// Height of the brows' lower edge above the eye line.
    pub brow_height: f64,
    /// Gap between the brows' inner ends.
    pub brow_gap: f64,
}

/// Measures the expression from the 468 landmarks; `None` when they are too few.
pub(crate) fn measure(p: &[Point3]) -> Option<Expression> {
    let f = FaceFrame::of(p)?;
    let (right, left) = (f.mark(p, MOUTH_CORNERS.0), f.mark(p, MOUTH_CORNERS.1));
    let meet = (f.mark(p, LIPS_MEET.0).1 + f.mark(p, LIPS_MEET.1).1) / 2.0;
    let brows = BROWS.iter().map(|&i| -f.mark(p, i).1).sum::<f64>() / BROWS.len() as f64;
    let (smile_lift, mouth_width) = (meet - (right.1 + left.1) / 2.0, (left.0 - right.0).abs());
    Some(Expression {
        smile_lift,
        mouth_width,
        smile: smile_lift + WIDENING_WEIGHT * (mouth_width - NEUTRAL_MOUTH_WIDTH),
        brow_height: brows,
        brow_gap: (f.mark(p, BROW_INNER.1).0 - f.mark(p, BROW_INNER.0).0).abs(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A face with eye centres at (100, 100) and (200, 100) (eye distance 100), lips meeting at
    /// y 190, mouth corners at `corner_y`, `half_width` either side, brows at `brow_y`.
    fn face(corner_y: f64, half_width: f64, brow_y: f64) -> Vec<Point3> {
        let mut p = vec![Point3 { x: 150.0, y: 150.0, z: 0.0 }; crate::landmarks::LANDMARK_COUNT];
        let mut set = |i: usize, x: f64, y: f64| p[i] = Point3 { x, y, z: 0.0 };
        for i in [33, 133, 159, 145] {
            set(i, 100.0, 100.0);
        }
        for i in [263, 362, 386, 374] {
            set(i, 200.0, 100.0);
        }
        set(LIPS_MEET.0, 150.0, 188.0);
        set(LIPS_MEET.1, 150.0, 192.0);
        set(MOUTH_CORNERS.0, 150.0 - half_width, corner_y);
        set(MOUTH_CORNERS.1, 150.0 + half_width, corner_y);
        for (i, x) in [(BROWS[0], 110.0), (BROWS[1], 125.0), (BROWS[2], 190.0), (BROWS[3], 175.0)] {
            set(i, x, brow_y);
        }
        set(BROW_INNER.0, 131.0, brow_y);
        set(BROW_INNER.1, 169.0, brow_y);
        p
    }

    #[test]
    fn a_smile_lifts_and_widens_and_raised_brows_rise() {
        let neutral = measure(&face(190.0, 46.5, 75.0)).unwrap();
        assert!(neutral.smile.abs() < 1e-9 && (neutral.mouth_width - 0.93).abs() < 1e-9, "{neutral:?}");
        assert!((neutral.brow_height - 0.25).abs() < 1e-9 && (neutral.brow_gap - 0.38).abs() < 1e-9);
        // Corners 10 px up: a lift of 0.1 eye distances.
        assert!((measure(&face(180.0, 46.5, 75.0)).unwrap().smile - 0.1).abs() < 1e-9);
        // Ten px wider each side, not lifted: 0.4 x 0.2.
        assert!((measure(&face(190.0, 56.5, 75.0)).unwrap().smile - 0.08).abs() < 1e-9);
        assert!((measure(&face(190.0, 46.5, 60.0)).unwrap().brow_height - 0.4).abs() < 1e-9);
        assert!(measure(&face(190.0, 46.5, 75.0)[..100]).is_none());
    }
}
