//! One filled-in card: the printed form with a portrait glued on (slightly off its box and
//! turned, with a thin shadow at its edge) and the signature written into its field; returns the
//! card image and where the glued photos and the ink ended up, in the card's pixels.

use image::{GrayImage, RgbImage};
use skranke_scan::{Quad, RectMm};
use skranke_signature::{RenderOptions, StrokeFile, render};

use crate::SampleError;
use crate::draw::{blend, sample};
use crate::geom::Affine;

/// A photo glued onto the card.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glued {
    /// Where its centre is, card pixels.
    pub centre: [f64; 2],
    /// Clockwise turn against the card, degrees.
    pub rotation_deg: f64,
    /// Glued upside down.
    pub upside_down: bool,
}

/// A signature written on the card.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ink {
    /// The box (millimetres on the card) the signature's strokes are scaled into.
    pub within: RectMm,
    /// The pen's colour.
    pub colour: [u8; 3],
}

/// What one photo's paste left on the card: its corners, card pixels, clockwise from the photo's
/// top-left as the card is upright.
fn paste_photo(card: &mut RgbImage, photo: &RgbImage, g: &Glued, px_per_mm: f64) -> Quad {
    let (pw, ph) = (photo.width() as f64, photo.height() as f64);
    let to_card = Affine::rotate_then_shift(g.rotation_deg, g.centre)
        .after(&Affine::rotate_then_shift(0.0, [-pw / 2.0, -ph / 2.0]));
    let to_photo = to_card.inverse();
    let corners = to_card.apply_quad(&Quad::from_rect(0.0, 0.0, pw, ph));
    // The shadow the photo's edge casts: a little down and right, soft over half a millimetre.
    let shadow_shift = [0.2 * px_per_mm, 0.3 * px_per_mm];
    let blur = 0.5 * px_per_mm;
    let (bx0, by0, bx1, by1) = crate::geom::bounds(&corners);
    let pad = blur + shadow_shift[1] + 2.0;
    let x0 = (bx0 - pad).floor().max(0.0) as u32;
    let y0 = (by0 - pad).floor().max(0.0) as u32;
    let x1 = ((bx1 + pad).ceil().max(0.0) as u32).min(card.width());
    let y1 = ((by1 + pad).ceil().max(0.0) as u32).min(card.height());
    for y in y0..y1 {
        for x in x0..x1 {
            let p = [x as f64 + 0.5, y as f64 + 0.5];
            let q = to_photo.apply(p);
            let s = to_photo.apply([p[0] - shadow_shift[0], p[1] - shadow_shift[1]]);
            let out = outside(s, pw, ph);
            if out < blur {
                blend(card, x, y, [40, 36, 30], 0.3 * (1.0 - out / blur));
            }
            let cover = (inside(q, pw, ph) + 0.5).clamp(0.0, 1.0);
            if cover > 0.0 {
                let (u, v) = if g.upside_down { (pw - q[0], ph - q[1]) } else { (q[0], q[1]) };
                let c = sample(photo, u, v);
                blend(card, x, y, [c[0] as u8, c[1] as u8, c[2] as u8], cover);
            }
        }
    }
    corners
}

/// How far a point is inside a `w` x `h` rectangle at the origin (negative outside).
fn inside(q: [f64; 2], w: f64, h: f64) -> f64 {
    q[0].min(w - q[0]).min(q[1]).min(h - q[1])
}

/// How far a point is outside a `w` x `h` rectangle at the origin (0 inside).
fn outside(q: [f64; 2], w: f64, h: f64) -> f64 {
    let dx = (-q[0]).max(q[0] - w).max(0.0);
    let dy = (-q[1]).max(q[1] - h).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// Writes the signature into `ink.within` and returns the ink's bounding box (card pixels), or
/// `None` when nothing was drawn.
fn write_signature(
    card: &mut RgbImage,
    strokes: &StrokeFile,
    ink: &Ink,
    dpi: f64,
) -> Result<Option<Quad>, SampleError> {
    let options = RenderOptions {
        width_mm: ink.within.width,
        height_mm: ink.within.height,
        dpi,
        trim: true,
        margin_mm: 0.3,
        min_line_mm: 0.25,
        max_line_mm: 0.6,
    };
    let drawn: GrayImage = render(strokes, &options)?;
    let k = dpi / 25.4;
    let (ox, oy) = ((ink.within.x * k).round() as i64, (ink.within.y * k).round() as i64);
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    for (x, y, p) in drawn.enumerate_pixels() {
        let v = p.0[0];
        if v == 255 {
            continue;
        }
        let (cx, cy) = (ox + x as i64, oy + y as i64);
        if cx < 0 || cy < 0 || cx >= card.width() as i64 || cy >= card.height() as i64 {
            continue;
        }
        let (cx, cy) = (cx as u32, cy as u32);
        blend(card, cx, cy, ink.colour, (255 - v) as f64 / 255.0 * 0.94);
        if v < 128 {
            bbox = Some(match bbox {
                None => (cx, cy, cx, cy),
                Some((a, b, c, d)) => (a.min(cx), b.min(cy), c.max(cx), d.max(cy)),
            });
        }
    }
    Ok(bbox.map(|(x0, y0, x1, y1)| Quad::from_rect(x0 as f64, y0 as f64, (x1 + 1 - x0) as f64, (y1 + 1 - y0) as f64)))
}

/// What goes onto one card.
pub(crate) struct CardRecipe<'a> {
    /// The photo in the box (with its pixels at the card's resolution).
    pub photo: Option<(&'a RgbImage, Glued)>,
    /// A second photo glued elsewhere.
    pub extra_photo: Option<(&'a RgbImage, Glued)>,
    /// The signature.
    pub signature: Option<(&'a StrokeFile, Ink)>,
}

/// The card as filled in, and where things are on it (card pixels).
pub(crate) struct FilledCard {
    /// The card image.
    pub image: RgbImage,
    /// The photo glued in the box.
    pub photo: Option<Quad>,
    /// The second photo.
    pub extra_photo: Option<Quad>,
    /// The ink's bounding box.
    pub ink: Option<Quad>,
}

/// Fills in a copy of the printed `form` at `dpi`.
pub(crate) fn fill_card(form: &RgbImage, dpi: f64, recipe: &CardRecipe<'_>) -> Result<FilledCard, SampleError> {
    let mut image = form.clone();
    let k = dpi / 25.4;
    let photo = recipe.photo.map(|(img, g)| paste_photo(&mut image, img, &g, k));
    let extra_photo = recipe.extra_photo.map(|(img, g)| paste_photo(&mut image, img, &g, k));
    let ink = match recipe.signature {
        Some((strokes, ink)) => write_signature(&mut image, strokes, &ink, dpi)?,
        None => None,
    };
    Ok(FilledCard { image, photo, extra_photo, ink })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn a_glued_photo_covers_its_quad_and_the_upside_down_one_is_turned() {
        let mut photo = RgbImage::from_pixel(20, 30, Rgb([200, 0, 0]));
        for x in 0..20 {
            photo.put_pixel(x, 0, Rgb([0, 0, 200]));
        }
        let mut card = RgbImage::from_pixel(100, 100, Rgb([255, 255, 255]));
        let g = Glued { centre: [50.0, 50.0], rotation_deg: 0.0, upside_down: true };
        let q = paste_photo(&mut card, &photo, &g, 4.0);
        assert_eq!(q, Quad::from_rect(40.0, 35.0, 20.0, 30.0));
        assert_eq!(card.get_pixel(50, 50).0, [200, 0, 0]);
        // The photo's top row (blue) is now at the bottom.
        assert!(card.get_pixel(50, 64).0[2] > 150);
        assert!(card.get_pixel(50, 35).0[2] < 50);
        // Its shadow darkens the paper just below and right of it.
        assert!(card.get_pixel(61, 66).0[0] < 250);
    }

    #[test]
    fn inside_and_outside_distances() {
        assert_eq!(inside([2.0, 5.0], 10.0, 10.0), 2.0);
        assert_eq!(outside([13.0, 14.0], 10.0, 10.0), 5.0);
        assert_eq!(outside([5.0, 5.0], 10.0, 10.0), 0.0);
    }
}
