//! The face's own skin colour, the reference the cover checks (`face_occlusion`,
//! `head_covering`) compare with: the median CIELAB colour of five patches of bare skin in most
//! faces: the middle of the forehead, between the brows, the bridge of the nose between the eyes
//! and the cheekbone under each eye. Taking the median of the five keeps two covered patches (a
//! mask up to the cheekbones, a fringe over the forehead, a spectacle bridge) from moving the
//! reference.
use image::RgbImage;

use crate::face_frame::FaceFrame;
use crate::geometry::{Point3, Rect};
use crate::measures;

/// Median CIELAB (L*, a*, b*) of a region, channel by channel; `None` when the region lies
/// outside the image. The median ignores thin features (a spectacle frame, a strand of hair).
pub(crate) fn median_lab(img: &RgbImage, r: Rect) -> Option<[f64; 3]> {
    let v = measures::labs(img, r, 2_000.0);
    if v.is_empty() {
        return None;
    }
    Some(std::array::from_fn(|c| {
        let mut ch: Vec<f64> = v.iter().map(|l| l[c]).collect();
        ch.sort_by(f64::total_cmp);
        ch[ch.len() / 2]
    }))
}

/// Distance in the colour plane (a*, b*) alone: a colour difference that a shadow or a
/// highlight, which mostly change L*, does not make.
pub(crate) fn delta_ab(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// A face's own frame and skin colour, measured once per photo for both cover checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FaceSkin {
    /// The face's frame (`face_frame`).
    pub frame: FaceFrame,
    /// The skin reference (`reference`), CIELAB.
    pub colour: [f64; 3],
}

impl FaceSkin {
    /// From the 468 landmarks; `None` when the frame or the reference cannot be measured.
    pub fn of(img: &RgbImage, p: &[Point3]) -> Option<Self> {
        let frame = FaceFrame::of(p)?;
        Some(Self { frame, colour: reference(img, &frame)? })
    }
}

/// Colour difference CIE76: the distance in L* a* b*.
pub(crate) fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// The skin reference of a face: the channel-wise median of the five patches' median colours (of
/// those inside the image, at least three).
pub(crate) fn reference(img: &RgbImage, f: &FaceFrame) -> Option<[f64; 3]> {
    let patches = [
        f.rect(0.0, -0.7, 0.5, 0.2),
        f.rect(0.0, -0.38, 0.22, 0.12),
        f.rect(0.0, 0.08, 0.14, 0.14),
        f.rect(-0.5, 0.35, 0.3, 0.18),
        f.rect(0.5, 0.35, 0.3, 0.18),
    ];
    // A face cut by the image edge may lose a patch or two: three are still a median.
    let labs: Vec<[f64; 3]> = patches.iter().filter_map(|&r| median_lab(img, r)).collect();
    if labs.len() < 3 {
        return None;
    }
    Some(std::array::from_fn(|c| {
        let mut ch: Vec<f64> = labs.iter().map(|l| l[c]).collect();
        ch.sort_by(f64::total_cmp);
        ch[ch.len() / 2]
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn the_median_ignores_a_thin_stripe_and_shadow_is_no_colour_difference() {
        let img = RgbImage::from_fn(100, 100, |x, _| if x == 50 { Rgb([0, 0, 0]) } else { Rgb([200, 150, 120]) });
        let all = Rect { x0: 0.0, y0: 0.0, x1: 100.0, y1: 100.0 };
        let m = median_lab(&img, all).unwrap();
        let skin = measures::lab(&Rgb([200, 150, 120]));
        assert!((m[0] - skin[0]).abs() < 1e-9);
        // The same skin at two thirds of the light: L* falls by far more than the colour plane moves.
        let shaded = measures::lab(&Rgb([133, 100, 80]));
        assert!(
            shaded[0] < skin[0] - 10.0 && delta_ab(skin, shaded) < (skin[0] - shaded[0]) / 2.0,
            "{skin:?} {shaded:?}"
        );
        assert!(median_lab(&img, Rect { x0: 200.0, y0: 0.0, x1: 300.0, y1: 10.0 }).is_none());
    }
}
