//! Light over the scene for `illumination_uniformity` (issue 20.2). A lamp to one side shades one
//! half of the face, which the two halves' means show; a light that falls off across the whole
//! frame shades the face only a little (and a face lit a little unevenly of its own may even come
//! out even) but the wall beside the head a lot. So the wall on each side counts too, but only
//! when it is plain (a pattern's brightness says nothing about the light) and of one colour on
//! both sides (light scales red, green and blue alike; a wall painted in two colours is the
//! background check's business, not the light's).

use image::RgbImage;

use crate::geometry::Rect;
use crate::measures;

/// The mean luminance of the left and the right side of something, in image coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sides {
    /// Mean luminance of the left side (0..255).
    pub left: f64,
    /// Mean luminance of the right side (0..255).
    pub right: f64,
}

impl Sides {
    /// The darker side's light as a share of the lighter side's (1 = even); `None` when both are
    /// black.
    pub(crate) fn ratio(self) -> Option<f64> {
        let (lo, hi) = (self.left.min(self.right), self.left.max(self.right));
        (hi > 0.0).then(|| lo / hi)
    }
}

/// Largest difference of any channel's share of R+G+B between the wall's two sides for them to
/// count as one colour in two lights (a grey wall's shares are 1/3 each; 0.02 is about a
/// barely visible tint).
const SAME_COLOUR: f64 = 0.02;

/// The wall's light on each side of the head: the mean luminance of the `left` and `right`
/// patches, when both are plain (luminance spread at most `max_std`, the background check's own
/// limit) and of one colour; `None` otherwise.
pub(crate) fn wall_sides(img: &RgbImage, left: Rect, right: Rect, max_std: f64) -> Option<Sides> {
    let plain = |r: Rect| {
        let l = measures::lumas(img, r);
        let mean = measures::mean(&l)?;
        (measures::std(&l)? <= max_std).then_some((mean, colour_shares(img, r)?))
    };
    let ((left, left_shares), (right, right_shares)) = (plain(left)?, plain(right)?);
    let same = (0..3).all(|c| (left_shares[c] - right_shares[c]).abs() <= SAME_COLOUR);
    same.then_some(Sides { left, right })
}

/// Each channel's share of the mean R+G+B in `r` (the colour, whatever the light).
fn colour_shares(img: &RgbImage, r: Rect) -> Option<[f64; 3]> {
    let (x0, y0) = (r.x0.max(0.0) as u32, r.y0.max(0.0) as u32);
    let (x1, y1) = (r.x1.min(f64::from(img.width())) as u32, r.y1.min(f64::from(img.height())) as u32);
    let mut sum = [0.0f64; 3];
    for y in (y0..y1).step_by(2) {
        for x in (x0..x1).step_by(2) {
            let p = img.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += f64::from(p[c]);
            }
        }
    }
    let total: f64 = sum.iter().sum();
    (total > 0.0).then(|| sum.map(|v| v / total))
}

/// The light ratio `illumination_uniformity` judges, and where it was read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LightRatio {
    /// The darker side's light as a share of the lighter side's (1 = even).
    pub ratio: f64,
    /// The ratio is the wall's: the light falls off across the whole scene, not only the face.
    pub across_scene: bool,
}

/// The light ratio `illumination_uniformity` judges: the face's halves against
/// `min_face_ratio`, or the plain wall beside the head against `min_wall_ratio`, whichever falls
/// further below its limit (the wall's limit is the stricter, as its patches lie further apart
/// than the face's halves). `wall` is `None` when the wall cannot show the light.
pub(crate) fn light_ratio(
    face: Sides,
    wall: Option<Sides>,
    min_face_ratio: f64,
    min_wall_ratio: f64,
) -> Option<LightRatio> {
    let face_ratio = face.ratio()?;
    let by_face = LightRatio { ratio: face_ratio, across_scene: false };
    let Some(wall) = wall else {
        return Some(by_face);
    };
    match wall.ratio() {
        Some(w) if w / min_wall_ratio < face_ratio / min_face_ratio => {
            // Expressed on the face's scale, so one limit reads the value either way.
            Some(LightRatio { ratio: w / min_wall_ratio * min_face_ratio, across_scene: true })
        }
        _ => Some(by_face),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(left: f64, right: f64) -> Sides {
        Sides { left, right }
    }

    const FACE: f64 = 0.70;
    const WALL: f64 = 0.85;

    fn ratio(face: Sides, wall: Option<Sides>) -> Option<(f64, bool)> {
        light_ratio(face, wall, FACE, WALL).map(|r| ((r.ratio * 1000.0).round() / 1000.0, r.across_scene))
    }

    #[test]
    fn a_lamp_to_one_side_shows_on_the_face_alone() {
        assert_eq!(ratio(sides(80.0, 160.0), None), Some((0.5, false)));
        assert_eq!(ratio(sides(160.0, 160.0), None), Some((1.0, false)));
    }

    #[test]
    fn a_falloff_across_the_frame_is_read_from_the_plain_wall() {
        // The face 10 % darker on the left (passes alone), the wall beside it 25 % darker there:
        // on the face's scale 0.75 / 0.85 * 0.70 = 0.618, below the face's limit.
        assert_eq!(ratio(sides(135.0, 150.0), Some(sides(150.0, 200.0))), Some((0.618, true)));
        // A face lit a little unevenly of its own may come out even under the falloff.
        assert_eq!(ratio(sides(150.0, 149.0), Some(sides(200.0, 150.0))), Some((0.618, true)));
    }

    #[test]
    fn an_evenly_lit_wall_leaves_the_face_to_judge() {
        assert_eq!(ratio(sides(120.0, 150.0), Some(sides(198.0, 200.0))), Some((0.8, false)));
    }

    #[test]
    fn a_wall_lit_more_evenly_than_the_face_does_not_excuse_the_face() {
        assert_eq!(ratio(sides(60.0, 150.0), Some(sides(190.0, 200.0))), Some((0.4, false)));
    }

    #[test]
    fn black_has_no_ratio() {
        assert_eq!(ratio(sides(0.0, 0.0), None), None);
        assert_eq!(ratio(sides(100.0, 120.0), Some(sides(0.0, 0.0))), Some((0.833, false)));
    }

    #[test]
    fn the_wall_is_read_only_where_it_is_plain() {
        let mut img = RgbImage::from_pixel(200, 100, image::Rgb([200, 200, 200]));
        for x in 100..200 {
            for y in 0..100 {
                img.put_pixel(x, y, image::Rgb([100, 100, 100]));
            }
        }
        let left = Rect { x0: 0.0, y0: 0.0, x1: 60.0, y1: 100.0 };
        let right = Rect { x0: 140.0, y0: 0.0, x1: 200.0, y1: 100.0 };
        let walls = wall_sides(&img, left, right, 25.0).map(|s| (s.left.round(), s.right.round()));
        assert_eq!(walls, Some((200.0, 100.0)), "one grey in two lights");
        // Painted in two colours: grey on the left, a blue-grey on the right.
        for x in 100..200 {
            for y in 0..100 {
                img.put_pixel(x, y, image::Rgb([170, 185, 215]));
            }
        }
        assert_eq!(wall_sides(&img, left, right, 25.0), None, "two colours");
        // A pattern on the right: stripes of black and white.
        for x in (140..200).step_by(2) {
            for y in 0..100 {
                img.put_pixel(x, y, image::Rgb([255, 255, 255]));
                img.put_pixel(x + 1, y, image::Rgb([0, 0, 0]));
            }
        }
        assert_eq!(wall_sides(&img, left, right, 25.0), None);
    }
}
