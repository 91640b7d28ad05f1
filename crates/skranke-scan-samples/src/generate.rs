//! Makes a sample set: plans the files, draws each page from its own random stream (the card
//! filled in, laid on the glass, scanned), writes the files and `truth.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use image::{RgbImage, imageops};
use skranke_core::ScanPhotoThresholds;
use skranke_photo::Models;
use skranke_scan::{Quad, StamkortLayout};
use skranke_signature::{StrokeFile, read_stroke_file};

use crate::SampleError;
use crate::card::{CardRecipe, Glued, Ink, fill_card};
use crate::form::{card_pixels, px_per_mm, render_form};
use crate::output::{Stored, write_jpeg, write_pdf, write_png, write_tiff};
use crate::page::{Fold, Scan, page_pixels, place, scan_page};
use crate::plan::{FilePlan, PlanInput, plan};
use crate::portraits::{Portrait, load_portraits};
use crate::rng::Rng;
use crate::truth::{Colour, Format, Kind, Truth, TruthFile, TruthPage};

/// The demo signatures written on the cards (assets/demo/signatures/NAME.json).
pub const SIGNERS: [&str; 4] = ["anne", "bo", "kasper", "long"];

/// Pen colours: blue ballpoint, dark blue, black.
const INKS: [[u8; 3]; 3] = [[30, 45, 140], [22, 32, 110], [25, 25, 35]];

/// What set to make.
#[derive(Debug, Clone)]
pub struct Options {
    /// The seed: the same seed makes the same files.
    pub seed: u64,
    /// Good cards.
    pub good: usize,
    /// Pages of each defect (no photo, two photos, no signature, photo upside down, blank page).
    pub bad_each: usize,
    /// One resolution for every page instead of the 200/300/600 dpi mix (quick tests).
    pub dpi: Option<f64>,
    /// The repository's assets directory (portraits and signatures).
    pub assets: PathBuf,
    /// The card layout to draw.
    pub layout: StamkortLayout,
    /// The lowest resolution a photo passes at (`[photo.scan] min_dpi`), for the expected verdicts.
    pub min_photo_dpi: f64,
}

impl Options {
    /// The default set: 60 good cards and two of each defect, from seed 1.
    pub fn new(assets: PathBuf) -> Self {
        Self {
            seed: 1,
            good: 60,
            bad_each: 2,
            dpi: None,
            assets,
            layout: StamkortLayout::default(),
            min_photo_dpi: ScanPhotoThresholds::default().min_dpi,
        }
    }
}

/// The repository's `assets` directory, as built (for the binaries run from the repository).
pub fn default_assets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets")
}

/// The material and caches shared by the pages of a set.
struct Studio<'a> {
    options: &'a Options,
    portraits: Vec<Portrait>,
    signers: Vec<StrokeFile>,
    forms: HashMap<u64, RgbImage>,
    photos: HashMap<(usize, u64), RgbImage>,
}

impl Studio<'_> {
    fn form(&mut self, dpi: f64) -> RgbImage {
        let layout = self.options.layout;
        self.forms.entry(dpi.to_bits()).or_insert_with(|| render_form(&layout, dpi)).clone()
    }

    /// Portrait `i` at the photo box's size in pixels at `dpi`.
    fn photo(&mut self, i: usize, dpi: f64) -> RgbImage {
        let k = px_per_mm(dpi);
        let p = self.options.layout.photo;
        let (w, h) = ((p.width * k).round().max(1.0) as u32, (p.height * k).round().max(1.0) as u32);
        let crop = &self.portraits[i].crop;
        self.photos
            .entry((i, dpi.to_bits()))
            .or_insert_with(|| imageops::resize(crop, w, h, imageops::FilterType::Triangle))
            .clone()
    }

    /// Draws page `number` of the set (its own random stream) and says what is on it.
    fn page(
        &mut self,
        number: u64,
        kind: Kind,
        dpi: f64,
        colour: Colour,
    ) -> Result<(RgbImage, TruthPage), SampleError> {
        let mut rng = Rng::stream(self.options.seed, number);
        let layout = self.options.layout;
        let k = px_per_mm(dpi);
        let g = 246.0 + rng.range(0.0, 6.0);
        let glass = [g as u8, g as u8, (g - 1.0) as u8];
        let noise = rng.range(1.5, 4.0);
        let (width, height) = page_pixels(dpi);
        let mut truth = TruthPage {
            page: 0,
            dpi,
            width,
            height,
            colour,
            kind,
            rotation_deg: None,
            card: None,
            photo: None,
            extra_photo: None,
            signature: None,
            signature_ink: None,
            portrait: None,
            signer: None,
            fold: false,
            expected: kind.expected(dpi, self.options.min_photo_dpi),
        };
        if kind == Kind::BlankPage {
            let scan = Scan { dpi, card_to_page: place(&mut rng, dpi, 1.0, 1.0, 0.0), glass, fold: None, noise };
            return Ok((scan_page(None, &scan, rng.next_u64()), truth));
        }

        let form = self.form(dpi);
        let (cw, ch) = card_pixels(&layout, dpi);
        let (p, s) = (layout.photo, layout.signature);
        let portrait = rng.below(self.portraits.len());
        let photo_img = self.photo(portrait, dpi);
        let photo = (kind != Kind::NoPhoto).then(|| Glued {
            centre: [
                (p.x + p.width / 2.0 + rng.range(-1.5, 1.5)) * k,
                (p.y + p.height / 2.0 + rng.range(-1.5, 1.5)) * k,
            ],
            rotation_deg: rng.range(-1.0, 1.0),
            upside_down: kind == Kind::PhotoUpsideDown,
        });
        let second = (portrait + 1 + rng.below(self.portraits.len().max(2) - 1)) % self.portraits.len();
        let extra_img = self.photo(second, dpi);
        let extra = (kind == Kind::TwoPhotos).then(|| {
            let (cwm, chm) = (layout.card_width, layout.card_height);
            let cx = (s.x + s.width * 0.6 + rng.range(-5.0, 5.0)).clamp(p.width / 2.0 + 2.0, cwm - p.width / 2.0 - 2.0);
            let cy = (s.y - 3.0 - p.height / 2.0 + rng.range(-2.0, 2.0))
                .clamp(p.height / 2.0 + 2.0, chm - p.height / 2.0 - 2.0);
            Glued { centre: [cx * k, cy * k], rotation_deg: rng.range(-4.0, 4.0), upside_down: false }
        });
        let signer = rng.below(self.signers.len());
        let ink = (kind != Kind::NoSignature).then(|| {
            let w = s.width * rng.range(0.55, 0.85);
            let h = s.height * rng.range(0.55, 0.8);
            let x = s.x + rng.range(2.0, (s.width - w - 2.0).max(2.0));
            let y = s.y + rng.range(1.5, (s.height - h - 1.5).max(1.5));
            Ink { within: skranke_scan::RectMm { x, y, width: w, height: h }, colour: rng.pick(&INKS) }
        });
        let recipe = CardRecipe {
            photo: photo.map(|g| (&photo_img, g)),
            extra_photo: extra.map(|g| (&extra_img, g)),
            signature: ink.map(|i| (&self.signers[signer], i)),
        };
        let card = fill_card(&form, dpi, &recipe)?;

        let base = match rng.unit() {
            u if u < 0.7 => 0.0,
            u if u < 0.85 => 180.0,
            u if u < 0.93 => 90.0,
            _ => -90.0,
        };
        let jitter = if rng.chance(0.3) { rng.range(-10.0, 10.0) } else { rng.range(-3.0, 3.0) };
        let rotation = base + jitter;
        let card_to_page = place(&mut rng, dpi, cw as f64, ch as f64, rotation);
        let fold = rng.chance(0.3).then(|| {
            let vertical = rng.chance(0.6);
            Fold {
                vertical,
                at: rng.range(0.3, 0.7) * if vertical { cw as f64 } else { ch as f64 },
                half_width: rng.range(1.5, 4.0) * k,
                depth: rng.range(0.08, 0.25),
            }
        });
        let scan = Scan { dpi, card_to_page, glass, fold, noise };
        let image = scan_page(Some(&card.image), &scan, rng.next_u64());

        let on_page = |q: Quad| Quad(card_to_page.apply_quad(&q).0.map(|p| p.map(hundredths)));
        truth.rotation_deg = Some(hundredths(normalise(rotation)));
        truth.card = Some(on_page(Quad::from_rect(0.0, 0.0, cw as f64, ch as f64)));
        truth.photo = card.photo.map(on_page);
        truth.extra_photo = card.extra_photo.map(on_page);
        truth.signature = Some(on_page(Quad::from_rect(s.x * k, s.y * k, s.width * k, s.height * k)));
        truth.signature_ink = card.ink.map(on_page);
        truth.portrait = photo.map(|_| self.portraits[portrait].name.clone());
        truth.signer = ink.map(|_| SIGNERS[signer].to_string());
        truth.fold = fold.is_some();
        Ok((image, truth))
    }

    fn file(&mut self, out: &Path, f: &FilePlan) -> Result<TruthFile, SampleError> {
        let colour = if f.grey { Colour::Grey } else { Colour::Colour };
        let mut stored = Vec::with_capacity(f.pages.len());
        let mut pages = Vec::with_capacity(f.pages.len());
        for (i, &(number, kind)) in f.pages.iter().enumerate() {
            let (image, mut truth) = self.page(number, kind, f.dpi, colour)?;
            truth.page = i as u32 + 1;
            stored.push(Stored::from_page(image, f.grey));
            pages.push(truth);
        }
        let path = out.join(&f.name);
        let quality = f.quality.unwrap_or(90);
        match (f.format, stored.as_slice()) {
            (Format::Jpeg, [page]) => write_jpeg(&path, page, quality, f.dpi)?,
            (Format::Png, [page]) => write_png(&path, page, f.dpi)?,
            (Format::Tiff, _) => write_tiff(&path, &stored, f.dpi)?,
            (Format::Pdf, _) => write_pdf(&path, &stored, quality, f.dpi)?,
            (format, _) => return Err(SampleError::Options(format!("{format:?} holds one page"))),
        }
        Ok(TruthFile { file: f.name.clone(), format: f.format, quality: f.quality, pages })
    }
}

/// Rounded to 0.01 (pixels, degrees): finer than any finder, short in the file, and read back
/// to the same number.
fn hundredths(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// An angle in degrees brought into (-180, 180].
fn normalise(deg: f64) -> f64 {
    let d = deg.rem_euclid(360.0);
    if d > 180.0 { d - 360.0 } else { d }
}

/// Makes the set in `out` (created if missing): the scans and `truth.json`. `on_file` hears of
/// each file as it is written.
pub fn generate(
    out: &Path,
    options: &Options,
    models: &Models,
    mut on_file: impl FnMut(&TruthFile),
) -> Result<Truth, SampleError> {
    options.layout.validate().map_err(|e| SampleError::Options(e.to_string()))?;
    if let Some(d) = options.dpi
        && !(30.0..=1200.0).contains(&d)
    {
        return Err(SampleError::Options(format!("{d} dpi: use 30 to 1200")));
    }
    if options.good + options.bad_each == 0 {
        return Err(SampleError::Options("no pages to make".into()));
    }
    std::fs::create_dir_all(out).map_err(|e| SampleError::io(out, e))?;
    let portraits = load_portraits(&options.assets, models)?;
    let signers = SIGNERS
        .iter()
        .map(|n| read_stroke_file(&options.assets.join("demo/signatures").join(format!("{n}.json"))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut studio = Studio { options, portraits, signers, forms: HashMap::new(), photos: HashMap::new() };
    let files =
        plan(&PlanInput { seed: options.seed, good: options.good, bad_each: options.bad_each, dpi: options.dpi });
    let mut truth = Truth {
        about: "Sample scans of paper stamkort made by make-scan-samples (crates/skranke-scan-samples): per file and \
                page, the resolution, what the page shows (kind), the corners of the card, the glued photo and the \
                signature field in the page's pixels as scanned, clockwise from the card's top-left, and the \
                verdicts of the scan's own checks a correct import reaches (is there one upright glued photo, a fine \
                enough scan, ink in the field, a card at all; not the counter's still checks on the press-photo \
                portraits themselves)."
            .into(),
        seed: options.seed,
        layout: options.layout,
        files: Vec::with_capacity(files.len()),
    };
    for f in &files {
        let file = studio.file(out, f)?;
        on_file(&file);
        truth.files.push(file);
    }
    truth.write(out)?;
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angles_are_normalised() {
        assert_eq!(normalise(183.0), -177.0);
        assert_eq!(normalise(-90.0), -90.0);
        assert_eq!(normalise(180.0), 180.0);
        assert!((normalise(-3.5) + 3.5).abs() < 1e-9);
    }
}
