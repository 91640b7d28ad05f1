//! Finding the card and its fields on a scanned page (issue 19 point 2). On copies reduced to
//! about 50 and 100 dpi: the card's edges give a rectangle of the layout's size (known from the
//! dpi, ± 5 %) at any place, up to ±10° skew, either way round (`card`); the face detector and
//! the layout decide which way up (`orient`). At higher resolution on the upright card: the glued
//! photo's edges around the face (`photo`) and the signature field refined by the ink
//! (`signature`). Every quad is in the pixel coordinates of the page as scanned, clockwise from
//! the card's (or field's) top-left when the card is upright, so an upside-down card's first
//! corner is at the page's bottom right. [`cut_quad`] takes a quad off the page upright.

mod card;
mod frame;
mod grey;
mod lines;
mod orient;
mod photo;
mod signature;
#[cfg(test)]
mod synth;
mod warp;

use image::RgbImage;
use serde::Serialize;
use skranke_photo::Models;

pub use warp::cut_quad;

use self::frame::{CardFrame, grow};
use self::grey::{Gradient, Grey, reduce};
use self::orient::CardFace;
use crate::{Quad, RectMm, ScanError, ScannedPage, StamkortLayout};

/// The card's sides are placed, and its orientation decided, at about this resolution.
const WORK_DPI: f64 = 100.0;
/// The card is looked for at about this resolution (the noise averaged away).
const SEARCH_DPI: f64 = 50.0;

/// The card found on a page and the proposed crops of its photo and signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocatedCard {
    /// The card's corners, clockwise from its top-left when upright.
    pub card: Quad,
    /// The glued photo: its own edges when found (`photo_edges_found`), else the layout's photo
    /// box; `None` when the card shows neither a face nor a photo there.
    pub photo: Option<Quad>,
    /// The signature field from the layout, moved onto the printed box and grown to take in
    /// ink that runs over its edges.
    pub signature: Quad,
    /// Faces the detector sees on the card, either way up (two glued photos give 2).
    pub faces_on_card: usize,
    /// The photo's corners come from its own edges on the scan.
    pub photo_edges_found: bool,
    /// The angle of the card's top edge (top-left to top-right) on the page, degrees clockwise
    /// as seen (image y down), in (-180, 180]: 0 upright, 180 upside down, 90 turned a quarter
    /// clockwise, 7 skewed a little clockwise.
    pub rotation_deg: f64,
}

/// Finds the card on `page` and proposes its photo and signature crops. `ScanError::NoCard`
/// when no rectangle of the layout's size has clear edges (a blank page, a card cut off, the
/// wrong dpi); `ScanError::FaceModel` when the face detector fails to run.
/// A page whose file states no resolution (`dpi_assumed`) is also tried at the other usual
/// scanner resolutions before giving up.
pub fn locate_card(page: &ScannedPage, layout: &StamkortLayout, models: &Models) -> Result<LocatedCard, ScanError> {
    let first = locate(&page.image, page.dpi, layout, models);
    if !page.dpi_assumed || !matches!(first, Err(ScanError::NoCard)) {
        return first;
    }
    for dpi in USUAL_DPI.into_iter().filter(|d| (d - page.dpi).abs() > 1.0) {
        match locate(&page.image, dpi, layout, models) {
            Err(ScanError::NoCard) => continue,
            other => return other,
        }
    }
    first
}

/// Resolutions scanners are usually set to, tried when a file states none.
const USUAL_DPI: [f64; 6] = [300.0, 200.0, 600.0, 400.0, 150.0, 240.0];

fn locate(image: &RgbImage, dpi: f64, layout: &StamkortLayout, models: &Models) -> Result<LocatedCard, ScanError> {
    layout.validate().map_err(ScanError::Layout)?;
    if !(dpi.is_finite() && dpi > 0.0) || image.width() < 8 || image.height() < 8 {
        return Err(ScanError::NoCard);
    }
    let size_mm = [layout.card_width, layout.card_height];
    let (small, scale) = reduce(image, dpi / WORK_DPI);
    let small_dpi = dpi * (scale[0] + scale[1]) / 2.0;
    let grey = Grey::from_rgb(&small);
    let grad = Gradient::of(&grey);
    let chroma = Gradient::of(&Grey::chroma_from_rgb(&small));
    let (coarse, coarse_scale) = reduce(&small, small_dpi / SEARCH_DPI);
    let coarse_grad =
        Gradient::strongest(&Gradient::of(&Grey::from_rgb(&coarse)), &Gradient::of(&Grey::chroma_from_rgb(&coarse)));
    let px_per_mm = small_dpi / 25.4;
    let search = card::Search {
        coarse: &coarse_grad,
        coarse_scale: 2.0 / (coarse_scale[0] + coarse_scale[1]),
        fine: [&grad, &chroma],
        size: [size_mm[0] * px_per_mm, size_mm[1] * px_per_mm],
    };
    let rect = card::find_card(&search).ok_or(ScanError::NoCard)?;

    // Of the two starts along the width, try first the one nearer upright (top edge along +x;
    // for a card on its side, the top edge running down the page).
    let c = rect.corners;
    let alt = [c[2], c[3], c[0], c[1]];
    let heading = |q: &[[f64; 2]; 4]| (q[1][0] - q[0][0]) + 1e-3 * (q[1][1] - q[0][1]);
    let first = if heading(&c) >= heading(&alt) { c } else { alt };
    let candidate = CardFrame::new(&first, size_mm).ok_or(ScanError::NoCard)?;
    let orientation = orient::decide(&small, &grey, small_dpi, &candidate, layout, models)?;
    let upright = if orientation.turned { candidate.turned() } else { candidate };
    let frame = upright.scaled([1.0 / scale[0], 1.0 / scale[1]]);

    let expected = expected_photo(layout.photo, &orientation.faces);
    let photo = photo::find_photo(image, dpi, &frame, expected, layout.photo, models)?;
    let signature = signature::find_signature(image, dpi, &frame, layout.signature);
    let card = frame.quad(RectMm { x: 0.0, y: 0.0, width: size_mm[0], height: size_mm[1] });
    let [tl, tr, _, _] = card.0;
    Ok(LocatedCard {
        card,
        photo: photo.map(|p| frame.quad_of(p.corners_mm)),
        signature: frame.quad(signature),
        faces_on_card: orientation.faces.len(),
        photo_edges_found: photo.is_some_and(|p| p.edges_found),
        rotation_deg: normalise_deg((tr[1] - tl[1]).atan2(tr[0] - tl[0]).to_degrees()),
    })
}

/// Where the photo is looked for: the layout's box, unless the card's only faces lie clearly
/// outside it (a photo glued off its box), then a box of the layout's size around the best.
fn expected_photo(layout_box: RectMm, faces: &[CardFace]) -> RectMm {
    let near = grow(layout_box, 5.0);
    let inside = |f: &&CardFace| {
        f.center[0] >= near.x
            && f.center[0] <= near.x + near.width
            && f.center[1] >= near.y
            && f.center[1] <= near.y + near.height
    };
    if faces.is_empty() || faces.iter().any(|f| inside(&f)) {
        return layout_box;
    }
    let best = faces.iter().max_by(|a, b| a.score.total_cmp(&b.score));
    best.map_or(layout_box, |f| RectMm {
        x: f.center[0] - layout_box.width / 2.0,
        y: f.center[1] - 0.45 * layout_box.height,
        ..layout_box
    })
}

/// An angle in (-180, 180].
fn normalise_deg(a: f64) -> f64 {
    let a = a.rem_euclid(360.0);
    if a > 180.0 { a - 360.0 } else { a }
}

#[cfg(test)]
mod tests;
