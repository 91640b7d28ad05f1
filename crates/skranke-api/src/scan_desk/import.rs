//! `skranke scan import FILE... [--crops OUT_DIR]`: every page of scanner files analysed as the
//! Scanning view does (card, crops, checks), one line per page, for IT to try a scanner's
//! settings or a `[scan.layout]` before the clerks use it. Touches nothing: no outbox, no folder.
use crate::{ApiError, Code, HasCode};
use serde::Serialize;
use skranke_config::Config;
use skranke_core::{CheckReport, Verdict};
use skranke_scan::{ScanSettings, ScannedPage};
use std::path::{Path, PathBuf};

use super::json::Corners;

/// One field's verdict and checks.
#[derive(Debug, Clone, Serialize)]
pub struct FieldReport {
    /// Pass or fail.
    pub verdict: Verdict,
    /// Every check.
    pub checks: Vec<skranke_core::Check>,
}

impl From<CheckReport> for FieldReport {
    fn from(r: CheckReport) -> Self {
        Self { verdict: r.verdict, checks: r.checks }
    }
}

/// One page of one file, as `skranke scan import` prints it (issue 19.5).
#[derive(Debug, Clone, Serialize)]
pub struct ImportedPage {
    /// The file as given.
    pub file: String,
    /// 1-based page (0 when the file could not be read at all).
    pub page: u32,
    /// The scan's resolution (300 when the file does not say).
    pub dpi: f64,
    /// The photo's corners in the page's pixels as scanned, clockwise from top-left.
    pub photo_corners: Option<Corners>,
    /// The signature field's corners.
    pub signature_corners: Option<Corners>,
    /// The photo's checks.
    pub photo: Option<FieldReport>,
    /// The signature's checks.
    pub signature: Option<FieldReport>,
    /// `pass` when both fields pass.
    pub verdict: Verdict,
    /// Why the page has no result (`scan_no_card: ...`).
    pub error: Option<String>,
}

impl ImportedPage {
    fn failed(file: &str, page: u32, dpi: f64, e: &ApiError) -> Self {
        Self {
            file: file.to_string(),
            page,
            dpi,
            photo_corners: None,
            signature_corners: None,
            photo: None,
            signature: None,
            verdict: Verdict::Fail,
            error: Some(format!("{}: {}", e.code.as_str(), e.message)),
        }
    }
}

/// Analyses every page of `files`; writes the cuts to `crops` when given
/// (`<stem>-p<N>-photo.jpg`, `<stem>-p<N>-signature.png`). Fails as a whole only when the face
/// models cannot be loaded or the crops folder cannot be written; a bad file is a failing line.
pub fn import_files(config: &Config, files: &[PathBuf], crops: Option<&Path>) -> Result<Vec<ImportedPage>, ApiError> {
    let models = skranke_photo::Models::load_default()?;
    if let Some(dir) = crops {
        std::fs::create_dir_all(dir).map_err(|e| ApiError::new(Code::PhotoIo, format!("{}: {e}", dir.display())))?;
    }
    let settings = ScanSettings {
        layout: &config.scan.layout,
        models: &models,
        photo: &config.photo.checks,
        photo_scan: &config.photo.scan,
        signature: &config.signature.scan,
    };
    let mut out = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let pages = match skranke_scan::read_pages(path) {
            Ok(p) => p,
            Err(e) => {
                out.push(ImportedPage::failed(&name, 0, 0.0, &e.into()));
                continue;
            }
        };
        for page in &pages {
            out.push(import_page(&name, path, page, &settings, crops)?);
        }
    }
    Ok(out)
}

fn import_page(
    name: &str,
    path: &Path,
    page: &ScannedPage,
    settings: &ScanSettings<'_>,
    crops: Option<&Path>,
) -> Result<ImportedPage, ApiError> {
    let a = match skranke_scan::analyse_page(page, settings) {
        Ok(a) => a,
        Err(e) if matches!(HasCode::code(&e), Code::PhotoModelError | Code::PhotoModelMissing) => return Err(e.into()),
        Err(e) => return Ok(ImportedPage::failed(name, page.page, page.dpi, &e.into())),
    };
    if let Some(dir) = crops {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "scan".into());
        let write = |file: String, bytes: Vec<u8>| {
            let p = dir.join(file);
            std::fs::write(&p, bytes).map_err(|e| ApiError::new(Code::PhotoIo, format!("{}: {e}", p.display())))
        };
        write(format!("{stem}-p{}-photo.jpg", page.page), skranke_photo::encode_jpeg(&a.photo_cut, usize::MAX)?)?;
        write(format!("{stem}-p{}-signature.png", page.page), super::images::grey_png(&a.signature_cut)?)?;
    }
    let verdict = if a.passes() { Verdict::Pass } else { Verdict::Fail };
    Ok(ImportedPage {
        file: name.to_string(),
        page: page.page,
        dpi: page.dpi,
        photo_corners: Some(a.photo.0),
        signature_corners: Some(a.signature.0),
        photo: Some(a.photo_report.into()),
        signature: Some(a.signature_report.into()),
        verdict,
        error: None,
    })
}
