//! What the checks read off the FaceMesh landmarks: head pose (yaw, pitch, roll), eye openness,
//! mouth opening, eye centres and chin. Index constants name the MediaPipe canonical landmarks
//! the measures use ("right"/"left" are the person's own sides).
use crate::geometry::{Point, Point3, dist};

/// Outer corner of the person's right eye.
pub(crate) const RIGHT_EYE_OUTER: usize = 33;
/// Inner corner of the person's right eye.
pub(crate) const RIGHT_EYE_INNER: usize = 133;
/// Outer corner of the person's left eye.
pub(crate) const LEFT_EYE_OUTER: usize = 263;
/// Inner corner of the person's left eye.
pub(crate) const LEFT_EYE_INNER: usize = 362;
/// Upper/lower eyelid pairs across the person's right eye (outer to inner).
const RIGHT_LIDS: [(usize, usize); 3] = [(160, 144), (159, 145), (158, 153)];
/// Upper/lower eyelid pairs across the person's left eye (outer to inner).
const LEFT_LIDS: [(usize, usize); 3] = [(387, 373), (386, 374), (385, 380)];
/// Outer mouth corners, where the lips' red ends (right, left).
pub(crate) const MOUTH_CORNERS: (usize, usize) = (61, 291);
/// Inner lip corners (right, left).
const MOUTH_INNER_CORNERS: (usize, usize) = (78, 308);
/// Upper/lower inner lip pairs across the mouth.
const INNER_LIPS: [(usize, usize); 3] = [(81, 178), (13, 14), (311, 402)];
/// Chin (lowest midline point).
pub(crate) const CHIN: usize = 152;
/// Symmetric pairs (right side, left side) whose joining lines give the face's left-right axis.
const SYMMETRIC_PAIRS: [(usize, usize); 6] = [(33, 263), (133, 362), (61, 291), (234, 454), (93, 323), (132, 361)];
/// Midline pairs (lower, upper) whose joining lines give the face's up axis.
const MIDLINE_PAIRS: [(usize, usize); 3] = [(152, 10), (175, 151), (199, 9)];

/// The measures taken from one face's landmarks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MeshShape {
    /// Centre of the person's right eye (mean of corners and lid middles).
    pub right_eye: Point,
    /// Centre of the person's left eye.
    pub left_eye: Point,
    /// Chin.
    pub chin: Point,
    /// Mouth centre (between the inner lips).
    pub mouth: Point,
    /// In-plane tilt, degrees (positive: the person's left eye lower on screen).
    pub roll_deg: f64,
    /// Turn, degrees (positive: turned towards the person's left).
    pub yaw_deg: f64,
    /// Nod, degrees, before the frontal offset (positive: chin up).
    pub pitch_raw_deg: f64,
    /// Eye aspect ratio (lid gap / eye width) of the less open eye.
    pub eye_aspect: f64,
    /// Inner lip gap / inner mouth width.
    pub mouth_aspect: f64,
}

fn sub(a: Point3, b: Point3) -> [f64; 3] {
    [a.x - b.x, a.y - b.y, a.z - b.z]
}
fn add(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}
fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
fn unit(a: [f64; 3]) -> [f64; 3] {
    let n = dot(a, a).sqrt().max(1e-12);
    [a[0] / n, a[1] / n, a[2] / n]
}
/// Distance in the image plane.
fn d2(a: Point3, b: Point3) -> f64 {
    dist(a.xy(), b.xy())
}
fn mean_xy(p: &[Point3], idx: &[usize]) -> Point {
    let n = idx.len() as f64;
    Point { x: idx.iter().map(|&i| p[i].x).sum::<f64>() / n, y: idx.iter().map(|&i| p[i].y).sum::<f64>() / n }
}

/// Centres of the person's right and left eye: the mean of each eye's corners and lid middles.
pub(crate) fn eye_centres(p: &[Point3]) -> (Point, Point) {
    (mean_xy(p, &[RIGHT_EYE_OUTER, RIGHT_EYE_INNER, 159, 145]), mean_xy(p, &[LEFT_EYE_OUTER, LEFT_EYE_INNER, 386, 374]))
}

/// Lid gap over eye width, averaged over the three lid pairs.
fn aspect(p: &[Point3], corners: (usize, usize), pairs: &[(usize, usize); 3]) -> f64 {
    let width = d2(p[corners.0], p[corners.1]).max(1e-6);
    pairs.iter().map(|&(u, l)| d2(p[u], p[l])).sum::<f64>() / (3.0 * width)
}

/// Measures a face from its 468 landmarks (source pixels, z in the same scale).
pub(crate) fn shape(p: &[Point3]) -> MeshShape {
    // Left-right axis: the sum of the vectors joining symmetric points; up axis likewise along
    // the midline, made orthogonal to the first.
    let across = unit(SYMMETRIC_PAIRS.iter().fold([0.0; 3], |acc, &(r, l)| add(acc, sub(p[l], p[r]))));
    let up_raw = MIDLINE_PAIRS.iter().fold([0.0; 3], |acc, &(lo, hi)| add(acc, sub(p[hi], p[lo])));
    let k = dot(up_raw, across);
    let up = unit([up_raw[0] - k * across[0], up_raw[1] - k * across[1], up_raw[2] - k * across[2]]);
    let (right_eye, left_eye) = eye_centres(p);
    let mouth_width = d2(p[MOUTH_INNER_CORNERS.0], p[MOUTH_INNER_CORNERS.1]).max(1e-6);
    MeshShape {
        right_eye,
        left_eye,
        chin: p[CHIN].xy(),
        mouth: mean_xy(p, &[13, 14]),
        roll_deg: across[1].atan2(across[0]).to_degrees(),
        // The left-right axis leaving the image plane is a turn; the up axis leaving it is a nod
        // (image y points down, so "up" has negative y and a raised chin tips it away, +z).
        yaw_deg: across[2].clamp(-1.0, 1.0).asin().to_degrees(),
        pitch_raw_deg: up[2].clamp(-1.0, 1.0).asin().to_degrees(),
        eye_aspect: aspect(p, (RIGHT_EYE_OUTER, RIGHT_EYE_INNER), &RIGHT_LIDS).min(aspect(
            p,
            (LEFT_EYE_OUTER, LEFT_EYE_INNER),
            &LEFT_LIDS,
        )),
        mouth_aspect: INNER_LIPS.iter().map(|&(u, l)| d2(p[u], p[l])).sum::<f64>() / (3.0 * mouth_width),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A flat, frontal "face": every named point placed where a frontal face has it.
    fn flat_face(eye_gap: f64, mouth_gap: f64) -> Vec<Point3> {
        let mut p = vec![Point3 { x: 100.0, y: 100.0, z: 0.0 }; 468];
        let mut set = |i: usize, x: f64, y: f64| p[i] = Point3 { x, y, z: 0.0 };
        for (r, l) in SYMMETRIC_PAIRS {
            set(r, 60.0, 100.0);
            set(l, 140.0, 100.0);
        }
        set(RIGHT_EYE_OUTER, 60.0, 80.0);
        set(RIGHT_EYE_INNER, 90.0, 80.0);
        set(LEFT_EYE_INNER, 110.0, 80.0);
        set(LEFT_EYE_OUTER, 140.0, 80.0);
        for (u, l) in RIGHT_LIDS.iter().chain(LEFT_LIDS.iter()) {
            set(*u, 75.0, 80.0 - eye_gap / 2.0);
            set(*l, 75.0, 80.0 + eye_gap / 2.0);
        }
        set(MOUTH_INNER_CORNERS.0, 85.0, 140.0);
        set(MOUTH_INNER_CORNERS.1, 115.0, 140.0);
        for (u, l) in INNER_LIPS {
            set(u, 100.0, 140.0 - mouth_gap / 2.0);
            set(l, 100.0, 140.0 + mouth_gap / 2.0);
        }
        for (lo, hi) in MIDLINE_PAIRS {
            set(lo, 100.0, 170.0);
            set(hi, 100.0, 40.0);
        }
        p
    }

    #[test]
    fn a_frontal_face_has_no_pose_and_its_openings_are_measured() {
        let s = shape(&flat_face(9.0, 0.0));
        assert!(s.roll_deg.abs() < 1e-9 && s.yaw_deg.abs() < 1e-9 && s.pitch_raw_deg.abs() < 1e-9, "{s:?}");
        assert!((s.eye_aspect - 0.3).abs() < 1e-9);
        assert!(s.mouth_aspect.abs() < 1e-9);
        assert!((shape(&flat_face(9.0, 6.0)).mouth_aspect - 0.2).abs() < 1e-9);
        assert!(shape(&flat_face(1.5, 0.0)).eye_aspect < 0.06);
    }

    #[test]
    fn depth_along_the_axes_reads_as_yaw_and_pitch() {
        let mut p = flat_face(9.0, 0.0);
        // The person's left side further away: turned to their left.
        for (r, l) in SYMMETRIC_PAIRS {
            p[l].z = (p[l].x - p[r].x) * 20f64.to_radians().tan();
        }
        assert!((shape(&p).yaw_deg - 20.0).abs() < 0.5, "{}", shape(&p).yaw_deg);
        let mut p = flat_face(9.0, 0.0);
        for (_, hi) in MIDLINE_PAIRS {
            p[hi].z = 130.0 * 10f64.to_radians().tan();
        }
        assert!((shape(&p).pitch_raw_deg - 10.0).abs() < 0.5, "{}", shape(&p).pitch_raw_deg);
        assert!(shape(&p).yaw_deg.abs() < 1e-9);
    }
}
