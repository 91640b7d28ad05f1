//! Test scans of paper stamkort (issue 19, point 6), made from the project's own material: the
//! stamkort form drawn from [`skranke_scan::StamkortLayout`], a test portrait glued into the photo
//! box (assets/demo/portraits, assets/accuracy, cut to 35:45 by skranke-photo), a demo signature
//! written into its field (assets/demo/signatures, drawn by skranke-signature), then laid on a
//! scanner's glass (any position, turned up to ±10°, upside down or sideways) and "scanned" at
//! 200/300/600 dpi with noise, a fold's shadow, colour or grey, into JPEG, PNG, multi-page TIFF
//! and multi-page PDF files; some cards are bad on purpose ([`Kind`]). No real citizen's card.
//!
//! - [`generate`]`(out, &`[`Options`]`, &Models, on_file)` writes the files and [`TRUTH_FILE`];
//!   [`Truth`] is that file: per page the dpi, the [`Kind`], the card's, photo's and signature
//!   field's corners ([`skranke_scan::Quad`], page pixels as scanned, clockwise from the card's
//!   top-left) and the [`Expected`] verdicts.
//! - [`iou`]: the overlap of two quads, which the bench (`skranke-scan-bench`) reports.
//!
//! Binaries: `make-scan-samples --out DIR [--count N] [--seed S]` (scripts/make-scan-samples.sh)
//! and `skranke-scan-bench --samples DIR`.
#![deny(missing_docs)]

mod card;
mod draw;
mod error;
mod form;
mod generate;
mod geom;
mod output;
mod overlap;
mod page;
mod plan;
mod portraits;
mod rng;
mod truth;

pub use error::SampleError;
pub use generate::{Options, SIGNERS, default_assets_dir, generate};
pub use overlap::iou;
pub use portraits::{Portrait, load_portraits};
pub use truth::{Colour, Expected, Format, Kind, TRUTH_FILE, Truth, TruthFile, TruthPage, Verdict};
