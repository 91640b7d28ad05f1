//! One scanned page from file to proposal: find the card, propose the photo and signature
//! crops, cut them upright at the scan's resolution and check them. What the CLI prints per page
//! and what the Scanning view shows; [`analyse_with`] runs the same after the clerk moved a
//! crop's handles.
use image::RgbImage;
use skranke_core::{CheckReport, PhotoThresholds, ScanPhotoThresholds, StamkortLayout};
use skranke_photo::Models;

use crate::{
    LocatedCard, Quad, RectMm, ScanError, ScanSignatureThresholds, ScannedPage, check_scanned_photo,
    check_scanned_signature, cut_quad, locate_card,
};

/// What the analysis reads: the card layout, the face models and the thresholds.
#[derive(Clone, Copy)]
pub struct ScanSettings<'a> {
    /// Where the fields are on the card (`[scan.layout]`).
    pub layout: &'a StamkortLayout,
    /// The face models (finding the photo and checking it).
    pub models: &'a Models,
    /// `[photo.checks]`.
    pub photo: &'a PhotoThresholds,
    /// `[photo.scan]`.
    pub photo_scan: &'a ScanPhotoThresholds,
    /// The scanned signature's thresholds.
    pub signature: &'a ScanSignatureThresholds,
}

/// A page's card, its two crops (in page pixels), the cuts and their checks.
#[derive(Debug, Clone)]
pub struct CardAnalysis {
    /// What finding the card saw.
    pub located: LocatedCard,
    /// The photo crop: the glued photo, or the layout's photo box when none was found.
    pub photo: Quad,
    /// The signature crop.
    pub signature: Quad,
    /// The photo cut upright at the scan's resolution.
    pub photo_cut: RgbImage,
    /// The signature field cut upright at the scan's resolution.
    pub signature_cut: RgbImage,
    /// The photo's checks.
    pub photo_report: CheckReport,
    /// The signature's checks.
    pub signature_report: CheckReport,
}

impl CardAnalysis {
    /// Both reports pass.
    pub fn passes(&self) -> bool {
        self.photo_report.passed() && self.signature_report.passed()
    }
}

/// Finds the card on `page` and checks the proposed crops. [`ScanError::NoCard`] when no card is
/// on the page.
pub fn analyse_page(page: &ScannedPage, s: &ScanSettings<'_>) -> Result<CardAnalysis, ScanError> {
    let located = locate_card(page, s.layout, s.models)?;
    let photo = located.photo.unwrap_or_else(|| rect_on_card(&located.card, s.layout, s.layout.photo));
    let signature = located.signature;
    analyse_with(page, s, located, photo, signature)
}

/// Cuts and checks the crops `photo` and `signature` (page pixels, clockwise from the field's
/// top-left) of a card already found.
pub fn analyse_with(
    page: &ScannedPage,
    s: &ScanSettings<'_>,
    located: LocatedCard,
    photo: Quad,
    signature: Quad,
) -> Result<CardAnalysis, ScanError> {
    let photo_cut = cut(page, &photo)?;
    let signature_cut = cut(page, &signature)?;
    let photo_report = check_scanned_photo(
        &photo_cut,
        page.dpi,
        located.faces_on_card,
        located.photo_edges_found,
        s.models,
        s.photo,
        s.photo_scan,
    )?;
    let signature_report = check_scanned_signature(&signature_cut, page.dpi, s.signature);
    Ok(CardAnalysis { located, photo, signature, photo_cut, signature_cut, photo_report, signature_report })
}

/// The largest cut taken (a crop dragged over a whole 600 dpi page is still cut, but smaller).
const MAX_CUT_SIDE: f64 = 4000.0;

/// Cuts `quad` out of the page upright, at the page's own resolution (its edge lengths).
fn cut(page: &ScannedPage, quad: &Quad) -> Result<RgbImage, ScanError> {
    let q = &quad.0;
    let inside = q.iter().all(|p| p[0].is_finite() && p[1].is_finite());
    let len = |a: [f64; 2], b: [f64; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    let width = (len(q[0], q[1]) + len(q[3], q[2])) / 2.0;
    let height = (len(q[0], q[3]) + len(q[1], q[2])) / 2.0;
    if !inside || width < 8.0 || height < 8.0 {
        return Err(ScanError::BadCrop("a crop needs four corners at least 8 pixels apart".into()));
    }
    let scale = (MAX_CUT_SIDE / width.max(height)).min(1.0);
    Ok(cut_quad(&page.image, quad, (width * scale).round() as u32, (height * scale).round() as u32))
}

/// A rectangle of the layout (mm from the card's top-left) on the page, through the card's
/// corners (exact for a card that is only moved and turned, as on a flatbed scanner).
pub fn rect_on_card(card: &Quad, layout: &StamkortLayout, r: RectMm) -> Quad {
    let c = &card.0;
    let at = |x_mm: f64, y_mm: f64| {
        let (u, v) = (x_mm / layout.card_width, y_mm / layout.card_height);
        let top = [c[0][0] + (c[1][0] - c[0][0]) * u, c[0][1] + (c[1][1] - c[0][1]) * u];
        let bottom = [c[3][0] + (c[2][0] - c[3][0]) * u, c[3][1] + (c[2][1] - c[3][1]) * u];
        [top[0] + (bottom[0] - top[0]) * v, top[1] + (bottom[1] - top[1]) * v]
    };
    Quad([at(r.x, r.y), at(r.x + r.width, r.y), at(r.x + r.width, r.y + r.height), at(r.x, r.y + r.height)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_box_follows_a_card_turned_upside_down() {
        let layout = StamkortLayout::default();
        // A 148x105 mm card at 10 px/mm, upside down: its top-left corner is at the bottom right.
        let card = Quad([[1480.0, 1050.0], [0.0, 1050.0], [0.0, 0.0], [1480.0, 0.0]]);
        let photo = rect_on_card(&card, &layout, layout.photo);
        assert_eq!(photo.0[0], [1480.0 - 80.0, 1050.0 - 300.0]);
        assert_eq!(photo.0[2], [1480.0 - 430.0, 1050.0 - 750.0]);
    }
}
