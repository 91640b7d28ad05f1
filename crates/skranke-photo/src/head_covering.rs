//! What the `head_covering` check measures: the band over the hair line, from the top of the
//! forehead (FaceMesh's highest midline point) up towards the crown. Bare skin there (a bald or
//! high forehead) is no covering; otherwise hair shows fine texture and little colour, while a
//! hat, cap, hood or scarf is smoother cloth, often coloured. Two measures: the band's texture
//! against the face's own (the same fixed scale, so focus and resolution cancel out) and its
//! chroma; plus its colour difference from the skin, to tell skin from both.
use image::RgbImage;

use crate::geometry::Point3;
use crate::measures;
use crate::skin::{FaceSkin, delta_ab, median_lab};

/// Top of the forehead on the midline.
const FOREHEAD_TOP: usize = 10;
/// Width of the band and of the face region compared with it, eye distances.
const BAND_WIDTH: f64 = 1.1;

/// The band's measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct HeadBand {
    /// Colour difference (a*, b*) of the band's median from the skin: small over a bare scalp.
    pub skin_shift: f64,
    /// Chroma C* of the band's median colour.
    pub chroma: f64,
    /// The band's mean absolute Laplacian over the inner face's, both at the same scale: hair is
    /// as textured as the face or more; plain cloth is smoother.
    pub texture: f64,
}

/// Measures the band over the hair line from the 468 landmarks and the face's skin; `None` when it lies outside the
/// image (a head cut off at the top is `crop_margins`' business).
pub(crate) fn measure(img: &RgbImage, p: &[Point3], face: &FaceSkin) -> Option<HeadBand> {
    let (f, skin) = (&face.frame, face.colour);
    let top = f.mark(p, FOREHEAD_TOP).1;
    let band = f.rect(0.0, top - 0.3, BAND_WIDTH, 0.35);
    let (x0, y0, x1, y1) = band.clip(img.width(), img.height())?;
    // Mostly outside the image: not measured.
    if ((x1 - x0) as f64) < 0.8 * (band.x1 - band.x0) || ((y1 - y0) as f64) < 0.8 * (band.y1 - band.y0) {
        return None;
    }
    let colour = median_lab(img, band)?;
    let face = measures::sharpness(img, f.rect(0.0, 0.55, BAND_WIDTH, 0.9))?;
    let hair = measures::sharpness(img, band)?;
    Some(HeadBand {
        skin_shift: delta_ab(colour, skin),
        chroma: colour[1].hypot(colour[2]),
        texture: hair / face.max(1e-6),
    })
}
