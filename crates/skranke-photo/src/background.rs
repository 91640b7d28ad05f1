//! What the `background` check measures on the background beside and above the head: the spread
//! of its luma (plain, no pattern), its perceptual lightness (CIE L*: light), its chroma (CIELAB
//! a*/b* length: not coloured) and the colour difference between its patches (ΔE*ab: one colour,
//! no gradient or second colour from one side to the other). BEK 1843/2021 asks for "lys og
//! ensfarvet baggrund"; docs/photo-checks.md relates each number to those words.
use image::RgbImage;

use crate::geometry::Rect;
use crate::measures;

/// Samples per patch for the colour measures (luma uses its own, denser sampling).
const LAB_SAMPLES_PER_PATCH: f64 = 4_000.0;
/// Fewest samples a patch needs to count in the patch-to-patch difference.
const MIN_PATCH_SAMPLES: usize = 20;
/// Fewest luma samples over all patches for a spread to mean anything.
const MIN_LUMA_SAMPLES: usize = 50;

/// The background's measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BackgroundStats {
    /// Standard deviation of the luma samples (0..255): pattern, objects, edges.
    pub luma_std: f64,
    /// Mean luma (0..255).
    pub luma_mean: f64,
    /// Mean CIE L* (0 black .. 100 white).
    pub lightness: f64,
    /// Mean chroma C*ab of the samples (0 = grey; a saturated colour 50 and more).
    pub chroma: f64,
    /// Largest colour difference ΔE*ab (CIE 1976) between the mean colours of two patches: a
    /// gradient or a second colour across the background.
    pub patch_step: f64,
}

/// Measures the background in `patches` (pixels; parts outside the image are ignored). `None`
/// when the patches hold too little of the image to judge (fewer than 50 luma samples).
pub(crate) fn measure(img: &RgbImage, patches: &[Rect]) -> Option<BackgroundStats> {
    let lumas: Vec<f64> = patches.iter().flat_map(|&r| measures::lumas(img, r)).collect();
    if lumas.len() < MIN_LUMA_SAMPLES {
        return None;
    }
    let labs: Vec<Vec<[f64; 3]>> = patches.iter().map(|&r| measures::labs(img, r, LAB_SAMPLES_PER_PATCH)).collect();
    let all: Vec<[f64; 3]> = labs.iter().flatten().copied().collect();
    let n = all.len().max(1) as f64;
    let means: Vec<[f64; 3]> = labs.iter().filter(|p| p.len() >= MIN_PATCH_SAMPLES).map(|p| mean_lab(p)).collect();
    let mut patch_step: f64 = 0.0;
    for (i, a) in means.iter().enumerate() {
        for b in &means[i + 1..] {
            patch_step = patch_step.max(delta_e(*a, *b));
        }
    }
    Some(BackgroundStats {
        luma_std: measures::std(&lumas)?,
        luma_mean: measures::mean(&lumas)?,
        lightness: all.iter().map(|l| l[0]).sum::<f64>() / n,
        chroma: all.iter().map(|l| l[1].hypot(l[2])).sum::<f64>() / n,
        patch_step,
    })
}

/// Mean of CIELAB values (not empty).
fn mean_lab(v: &[[f64; 3]]) -> [f64; 3] {
    let n = v.len().max(1) as f64;
    std::array::from_fn(|k| v.iter().map(|l| l[k]).sum::<f64>() / n)
}

/// CIE 1976 colour difference: Euclidean distance in CIELAB (about 2.3 is just noticeable).
fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    const LEFT: Rect = Rect { x0: 0.0, y0: 0.0, x1: 100.0, y1: 200.0 };
    const RIGHT: Rect = Rect { x0: 300.0, y0: 0.0, x1: 400.0, y1: 200.0 };

    fn stats(f: impl Fn(u32, u32) -> [u8; 3]) -> BackgroundStats {
        let img = RgbImage::from_fn(400, 200, |x, y| Rgb(f(x, y)));
        measure(&img, &[LEFT, RIGHT]).unwrap()
    }

    #[test]
    fn a_light_grey_wall_is_light_grey_and_even() {
        let s = stats(|_, _| [228, 228, 224]);
        assert!(s.luma_std < 0.5 && (s.lightness - 90.3).abs() < 1.0, "{s:?}");
        assert!(s.chroma < 3.0 && s.patch_step < 0.5, "{s:?}");
        // CIE L* of the sRGB greys: 50 % grey (128) is L* 53.6, 18 % reflectance L* 49.5.
        assert!((stats(|_, _| [128, 128, 128]).lightness - 53.6).abs() < 0.2);
    }

    #[test]
    fn colour_lightness_and_steps_are_told_apart() {
        // Mid-blue stage backdrop: luma 105 (above the old luma limit), L* about 47.
        let blue = stats(|_, _| [60, 110, 180]);
        assert!(blue.luma_mean > 90.0 && blue.lightness < 50.0 && blue.chroma > 35.0, "{blue:?}");
        let yellow = stats(|_, _| [240, 200, 40]);
        assert!(yellow.lightness > 75.0 && yellow.chroma > 70.0, "{yellow:?}");
        // Two light colours of about the same lightness: each plain, but not one colour.
        let two = stats(|x, _| if x < 200 { [190, 210, 240] } else { [240, 200, 200] });
        assert!(two.luma_std < 10.0 && two.patch_step > 20.0, "{two:?}");
        // A gradient from white to grey across the wall.
        let ramp = stats(|x, _| [(245 - x * 110 / 400) as u8; 3]);
        assert!(ramp.patch_step > 25.0, "{ramp:?}");
    }

    #[test]
    fn too_little_background_is_not_judged() {
        let img = RgbImage::new(400, 200);
        assert!(measure(&img, &[Rect { x0: 0.0, y0: 0.0, x1: 5.0, y1: 5.0 }]).is_none());
        assert!(measure(&img, &[Rect { x0: 500.0, y0: 0.0, x1: 600.0, y1: 100.0 }]).is_none());
    }
}
