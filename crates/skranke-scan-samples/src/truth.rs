//! `truth.json`: for every file and page of a sample set, what was scanned and where it lies on
//! the page (corners in page pixels as scanned, clockwise from the card's top-left), and the
//! verdicts the scan import should reach.

use std::path::Path;

use serde::{Deserialize, Serialize};
use skranke_scan::{Quad, StamkortLayout};

use crate::SampleError;

/// The name of the truth file in a sample directory.
pub const TRUTH_FILE: &str = "truth.json";

/// What a page shows: a good card or one defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A card with one upright photo in its box and a signature in its field.
    Good,
    /// The photo box is empty.
    NoPhoto,
    /// A second portrait glued elsewhere on the card.
    TwoPhotos,
    /// The signature field is empty.
    NoSignature,
    /// The photo is glued upside down on an upright card.
    PhotoUpsideDown,
    /// No card on the page.
    BlankPage,
}

impl Kind {
    /// The defects, in the order the generator makes them.
    pub const BAD: [Kind; 5] =
        [Kind::NoPhoto, Kind::TwoPhotos, Kind::NoSignature, Kind::PhotoUpsideDown, Kind::BlankPage];

    /// The verdicts a correct import reaches for this kind of page scanned at `dpi`, when the
    /// photo needs at least `min_photo_dpi` (`[photo.scan] min_dpi`).
    pub fn expected(self, dpi: f64, min_photo_dpi: f64) -> Expected {
        let mut why = Vec::new();
        let reason = match self {
            Kind::Good => None,
            Kind::NoPhoto => Some("no_photo"),
            Kind::TwoPhotos => Some("two_photos"),
            Kind::NoSignature => Some("no_signature"),
            Kind::PhotoUpsideDown => Some("photo_upside_down"),
            Kind::BlankPage => Some("no_card"),
        };
        why.extend(reason.map(String::from));
        let card = self != Kind::BlankPage;
        if card && self != Kind::NoPhoto && dpi < min_photo_dpi {
            why.push("low_dpi".into());
        }
        let photo_ok = card && why.iter().all(|w| w == "no_signature");
        let signature_ok = card && self != Kind::NoSignature;
        let v = |ok: bool| if ok { Verdict::Pass } else { Verdict::Fail };
        Expected { photo: v(photo_ok), signature: v(signature_ok), verdict: v(photo_ok && signature_ok), why }
    }
}

/// A pass or a fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Passes.
    Pass,
    /// Fails.
    Fail,
}

/// The verdicts expected for a page: photo, signature and the card as a whole. They judge what
/// the scan import adds: is there one upright glued photo (`scan_is_photo`, and one face in the
/// cut: `face_count`), is the scan fine enough for it (`scan_resolution`), is there ink in the
/// field (`scan_ink_*`), is there a card at all. They do not predict the counter's still checks
/// on the portrait itself: the test portraits are press photos that fail some of them (busy
/// backgrounds, smiles: assets/accuracy/labels.json) whatever the scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// The photo.
    pub photo: Verdict,
    /// The signature.
    pub signature: Verdict,
    /// Both.
    pub verdict: Verdict,
    /// Why a verdict fails: `no_photo`, `two_photos`, `photo_upside_down`, `no_signature`,
    /// `no_card`, `low_dpi` (under `[photo.scan] min_dpi`).
    pub why: Vec<String>,
}

/// How a file stores its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One page, JPEG.
    Jpeg,
    /// One page, PNG.
    Png,
    /// Several pages, TIFF (Deflate).
    Tiff,
    /// Several pages, PDF with a JPEG image per page.
    Pdf,
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Tiff => "tif",
            Format::Pdf => "pdf",
        }
    }
}

/// Colour or greyscale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// RGB.
    Colour,
    /// One grey channel.
    Grey,
}

/// One page and its truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthPage {
    /// 1-based page number in the file.
    pub page: u32,
    /// Resolution, dots per inch.
    pub dpi: f64,
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// Colour or greyscale.
    pub colour: Colour,
    /// A good card or which defect.
    pub kind: Kind,
    /// The card's clockwise turn on the page, degrees in (-180, 180] (0: upright; 180: upside
    /// down; 90: its top to the page's right).
    pub rotation_deg: Option<f64>,
    /// The card's corners.
    pub card: Option<Quad>,
    /// The photo glued in the box (its own edges, as glued), or none.
    pub photo: Option<Quad>,
    /// A second glued photo (`two_photos`).
    pub extra_photo: Option<Quad>,
    /// The printed signature field.
    pub signature: Option<Quad>,
    /// The bounding box of the ink, in the card's axes.
    pub signature_ink: Option<Quad>,
    /// The portrait glued on (relative to assets/).
    pub portrait: Option<String>,
    /// The demo signature written (assets/demo/signatures/NAME.json).
    pub signer: Option<String>,
    /// Whether a fold's shadow crosses the card.
    pub fold: bool,
    /// The verdicts a correct import reaches.
    pub expected: Expected,
}

/// One file and its pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthFile {
    /// File name in the sample directory.
    pub file: String,
    /// How it is stored.
    pub format: Format,
    /// JPEG quality (JPEG files and the JPEG streams of PDFs).
    pub quality: Option<u8>,
    /// Its pages in order.
    pub pages: Vec<TruthPage>,
}

/// The whole set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// What this file is.
    pub about: String,
    /// The seed the set was made from.
    pub seed: u64,
    /// The card layout the cards were drawn from.
    pub layout: StamkortLayout,
    /// The files.
    pub files: Vec<TruthFile>,
}

impl Truth {
    /// Reads `DIR/truth.json`.
    pub fn read(dir: &Path) -> Result<Self, SampleError> {
        let path = dir.join(TRUTH_FILE);
        let bytes = std::fs::read(&path).map_err(|e| SampleError::io(&path, e))?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    /// Writes `DIR/truth.json`, pretty-printed.
    pub fn write(&self, dir: &Path) -> Result<(), SampleError> {
        let path = dir.join(TRUTH_FILE);
        let bytes = serde_json::to_vec_pretty(self)?;
        std::fs::write(&path, bytes).map_err(|e| SampleError::io(&path, e))
    }

    /// Every page with its file's name.
    pub fn pages(&self) -> impl Iterator<Item = (&TruthFile, &TruthPage)> {
        self.files.iter().flat_map(|f| f.pages.iter().map(move |p| (f, p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_good_card_fine_enough_passes_overall() {
        assert_eq!(Kind::Good.expected(300.0, 300.0).verdict, Verdict::Pass);
        for k in Kind::BAD {
            assert_eq!(k.expected(300.0, 300.0).verdict, Verdict::Fail, "{k:?}");
        }
        let no_signature = Kind::NoSignature.expected(600.0, 300.0);
        assert_eq!((no_signature.photo, no_signature.signature), (Verdict::Pass, Verdict::Fail));
        let coarse = Kind::Good.expected(200.0, 300.0);
        assert_eq!(
            (coarse.photo, coarse.signature, coarse.why),
            (Verdict::Fail, Verdict::Pass, vec!["low_dpi".into()])
        );
        assert_eq!(Kind::BlankPage.expected(300.0, 300.0).why, ["no_card"]);
        assert_eq!(serde_json::to_string(&Kind::PhotoUpsideDown).expect("json"), "\"photo_upside_down\"");
    }
}
