//! What the `face_occlusion` check measures: whether the lower face is the person's own skin and
//! lips. Against the face's skin reference (`skin`): how much the lips differ from the skin in
//! colour and lightness (lips are darker or redder than skin; a hand in front of them is the skin's
//! own colour), whether their hue and chroma are still a lip's (a blue mask, a green or black scarf
//! over the mouth has another hue or none; lips are as red as skin or redder), and how far the nose tip and both cheeks at
//! nose height have left the skin's colour, the least changed of the three (a mask over the face
//! changes all three; a beard reaches none of them, the nose tip never).
use image::RgbImage;

use crate::geometry::Point3;
use crate::mesh::MOUTH_CORNERS;
use crate::skin::{FaceSkin, delta_ab, delta_e, median_lab};

/// Nose tip.
const NOSE_TIP: usize = 4;
/// Cheeks beside the nose wings (person's right, left).
const CHEEKS: [usize; 2] = [205, 425];
/// Upper lip: the top of the lip's red and the lower edge (inner lip).
const UPPER_LIP: (usize, usize) = (0, 13);
/// Lower lip: the upper edge (inner lip) and the bottom of the lip's red.
const LOWER_LIP: (usize, usize) = (14, 17);

/// Skin chroma below which hue and colourfulness are not compared (a black-and-white or
/// washed-out photo has none to compare; `natural_colour` judges that).
const MIN_SKIN_CHROMA: f64 = 8.0;

/// How one lip looks against the skin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LipLook {
    /// Colour difference (CIE76, L* a* b*) of the lip (median over its middle half) from the
    /// skin; on a skin darker than L* 50 scaled up as if it were 50 (a dim photo shrinks every
    /// difference; this undoes it).
    pub contrast: f64,
    /// Hue angle of the lip minus the skin's, degrees (-180..180): lips are as red as skin or
    /// redder (negative), cloth of another hue (blue, green) is far off. Light does not turn hue.
    /// `None` on a skin without colour.
    pub hue_shift: Option<f64>,
    /// Colourfulness (C*/L*) of the lip over the skin's: lips are coloured; black, white and grey
    /// cloth is not. Dividing by L* keeps a shaded lip from reading as grey. `None` on a skin
    /// without colour.
    pub saturation_ratio: Option<f64>,
}

/// The lower face's measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Occlusion {
    /// The upper and the lower lip: one that looks like a lip is enough (a moustache may cover
    /// the upper one).
    pub lips: [LipLook; 2],
    /// Colour difference (a*, b*) from the skin of the nose tip and the cheeks, the smallest of
    /// the three.
    pub lower_face_shift: f64,
}

/// Measures the lower face from the 468 landmarks and the face's skin; `None` when a region lies
/// outside the image.
pub(crate) fn measure(img: &RgbImage, p: &[Point3], face: &FaceSkin) -> Option<Occlusion> {
    let (f, skin) = (&face.frame, face.colour);
    let (right, left) = (f.mark(p, MOUTH_CORNERS.0), f.mark(p, MOUTH_CORNERS.1));
    let (mid_x, half_w) = ((right.0 + left.0) / 2.0, (left.0 - right.0).abs() / 4.0);
    let lip = |(top, bottom): (usize, usize)| {
        let (t, b) = (f.mark(p, top).1, f.mark(p, bottom).1);
        let h = (b - t).abs().max(0.04);
        median_lab(img, f.rect(mid_x, (t + b) / 2.0, 2.0 * half_w, 0.8 * h)).map(|c| look(c, skin))
    };
    let lips = [lip(UPPER_LIP)?, lip(LOWER_LIP)?];
    // Of the nose tip and cheeks inside the image (a face cut by the edge may lose a cheek).
    let shift = [NOSE_TIP, CHEEKS[0], CHEEKS[1]]
        .into_iter()
        .filter_map(|i| {
            let (x, y) = f.mark(p, i);
            let patch = if i == NOSE_TIP { f.rect(x, y - 0.05, 0.2, 0.12) } else { f.rect(x, y, 0.2, 0.15) };
            median_lab(img, patch).map(|c| delta_ab(c, skin))
        })
        .reduce(f64::min)?;
    Some(Occlusion { lips, lower_face_shift: shift })
}

/// How a lip of colour `lip` looks against `skin`.
fn look(lip: [f64; 3], skin: [f64; 3]) -> LipLook {
    let contrast = delta_e(lip, skin) * 50.0 / skin[0].clamp(10.0, 50.0);
    let chroma = |c: [f64; 3]| c[1].hypot(c[2]);
    if chroma(skin) < MIN_SKIN_CHROMA {
        return LipLook { contrast, hue_shift: None, saturation_ratio: None };
    }
    let hue = |c: [f64; 3]| c[2].atan2(c[1]).to_degrees();
    let saturation = |c: [f64; 3]| chroma(c) / c[0].max(1.0);
    LipLook {
        contrast,
        hue_shift: Some((hue(lip) - hue(skin) + 540.0).rem_euclid(360.0) - 180.0),
        saturation_ratio: Some(saturation(lip) / saturation(skin).max(1e-6)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lips_are_told_from_a_hand_and_from_cloth_of_another_hue() {
        let skin = crate::measures::lab(&image::Rgb([200, 150, 120]));
        let lip = look(crate::measures::lab(&image::Rgb([170, 95, 90])), skin);
        assert!(lip.contrast > 15.0, "{lip:?}");
        assert!(lip.hue_shift.unwrap() < 0.0 && lip.hue_shift.unwrap() > -50.0, "{lip:?}");
        assert!(lip.saturation_ratio.unwrap() > 1.0, "{lip:?}");
        // A hand: the skin a shade darker.
        let hand = look(crate::measures::lab(&image::Rgb([190, 140, 112])), skin);
        assert!(hand.contrast < 6.0, "{hand:?}");
        // A light blue mask: another hue altogether; a black one: no colour.
        let blue = look(crate::measures::lab(&image::Rgb([150, 190, 215])), skin);
        assert!(blue.hue_shift.unwrap().abs() > 90.0, "{blue:?}");
        let black = look(crate::measures::lab(&image::Rgb([30, 30, 32])), skin);
        assert!(black.saturation_ratio.unwrap() < 0.5, "{black:?}");
        // A grey skin (a black-and-white photo): hue and colourfulness are not compared.
        let grey =
            look(crate::measures::lab(&image::Rgb([90, 90, 90])), crate::measures::lab(&image::Rgb([160, 160, 160])));
        assert_eq!((grey.hue_shift, grey.saturation_ratio), (None, None));
    }
}
