//! What the `eyes_visible` check measures around each eye, from the FaceMesh eye corners: how
//! dark the lens area (the eye and the skin a spectacle lens would cover) is against the cheek
//! below it on the same side (tinted or dark glasses, dark hair over the eyes), and the share of
//! clipped white pixels in that area beyond the cheek's (a reflection on a lens over the iris). Comparing with the
//! same side's cheek keeps light from one side from reading as a tinted lens.
use image::RgbImage;

use crate::geometry::{Point3, Rect};
use crate::measures;
use crate::mesh::{LEFT_EYE_INNER, LEFT_EYE_OUTER, RIGHT_EYE_INNER, RIGHT_EYE_OUTER};

/// Luma at or above which a pixel counts as clipped glare.
const GLARE_LUMA: f64 = 249.5;

/// The eyes' measures: the worse eye of each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EyeVisibility {
    /// Mean luma of the lens area over that of the cheek below it, the darker eye (an open eye
    /// with its lashes and the shadow under the brow is somewhat darker than the cheek).
    pub lens_to_cheek: f64,
    /// Share of clipped pixels (luma >= 250) in the lens area beyond the cheek's share, the eye
    /// with more.
    pub glare_share: f64,
}

/// Measures both eyes from the 468 landmarks; `None` when an eye's areas lie outside the image.
pub(crate) fn measure(img: &RgbImage, p: &[Point3]) -> Option<EyeVisibility> {
    let mut worst = EyeVisibility { lens_to_cheek: f64::MAX, glare_share: 0.0 };
    for (outer, inner) in [(RIGHT_EYE_OUTER, RIGHT_EYE_INNER), (LEFT_EYE_OUTER, LEFT_EYE_INNER)] {
        let (a, b) = (p.get(outer)?, p.get(inner)?);
        let (cx, cy) = ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
        let w = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt().max(1.0);
        let lens = measures::lumas(img, Rect::around(cx, cy, 1.3 * w, 0.8 * w));
        let cheek = measures::lumas(img, Rect::around(cx, cy + 1.15 * w, 1.0 * w, 0.5 * w));
        let (lens_mean, cheek_mean) = (measures::mean(&lens)?, measures::mean(&cheek)?);
        worst.lens_to_cheek = worst.lens_to_cheek.min(lens_mean / cheek_mean.max(1.0));
        // Clipping the cheek shares (an overexposed face) is no reflection on a lens.
        let glare = measures::share_above(&lens, GLARE_LUMA)? - measures::share_above(&cheek, GLARE_LUMA)?;
        worst.glare_share = worst.glare_share.max(glare);
    }
    Some(worst)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// Landmarks with only the four eye corners placed (eyes 40 px wide at y = 100).
    fn corners() -> Vec<Point3> {
        let mut p = vec![Point3 { x: 0.0, y: 0.0, z: 0.0 }; 468];
        for (i, x) in
            [(RIGHT_EYE_OUTER, 60.0), (RIGHT_EYE_INNER, 100.0), (LEFT_EYE_INNER, 140.0), (LEFT_EYE_OUTER, 180.0)]
        {
            p[i] = Point3 { x, y: 100.0, z: 0.0 };
        }
        p
    }

    #[test]
    fn dark_lenses_and_glare_are_measured_against_the_cheek() {
        let skin = |_: u32, _: u32| Rgb([200, 160, 140]);
        let bare = RgbImage::from_fn(240, 200, skin);
        let v = measure(&bare, &corners()).unwrap();
        assert!((v.lens_to_cheek - 1.0).abs() < 1e-9 && v.glare_share == 0.0, "{v:?}");
        // Dark lenses over both eyes: a third of the light.
        let glasses = RgbImage::from_fn(240, 200, |x, y| {
            let p = skin(x, y);
            if (70..=170).contains(&y) && (50..=190).contains(&x) && y < 120 { Rgb(p.0.map(|c| c / 3)) } else { p }
        });
        assert!(measure(&glasses, &corners()).unwrap().lens_to_cheek < 0.4);
        // A white reflection over one eye.
        let glare = RgbImage::from_fn(240, 200, |x, y| {
            if (70..=90).contains(&x) && (92..=108).contains(&y) { Rgb([255, 255, 255]) } else { skin(x, y) }
        });
        assert!(measure(&glare, &corners()).unwrap().glare_share > 0.15);
        assert!(measure(&RgbImage::new(10, 10), &corners()).is_none());
    }
}
