//! Scanned paper stamkort (issue 19, the reform's model 1): applicants who never come to the
//! counter send the paper card with the photo glued on and the signature written in its field.
//! This crate turns a scanner's file into proposed crops and check reports; the façade
//! (skranke-api) turns an accepted card into the same bundle as a counter capture
//! (`source = scan`).
//!
//! Vocabulary shared by the modules:
//! - [`StamkortLayout`]: where the photo and the signature field sit on the card, in millimetres
//!   (`[scan.layout]` in the configuration; [`StamkortLayout::default`] is the stamkort).
//! - [`Quad`]: four corners in the pixel coordinates of the page as scanned (before any
//!   deskewing), clockwise from top-left, which is what the CLI prints and the UI's handles move.
#![deny(missing_docs)]

mod analyse;
mod checks;
mod error;
mod geometry;
mod locate;
mod pages;

pub use analyse::{CardAnalysis, ScanSettings, analyse_page, analyse_with, rect_on_card};
pub use checks::{
    SCAN_MESSAGE_KEYS, SCAN_PHOTO_CHECK_IDS, SCAN_SIGNATURE_CHECK_IDS, ScanSignatureThresholds, check_scanned_photo,
    check_scanned_signature,
};
pub use error::ScanError;
pub use geometry::Quad;
pub use locate::{LocatedCard, cut_quad, locate_card};
pub use pages::{
    ASSUMED_DPI, MAX_FILE_BYTES, MAX_PAGE_SIDE_PX, MAX_TOTAL_PIXELS, ScannedPage, decode_pages, read_pages,
};
pub use skranke_core::{RectMm, StamkortLayout};
