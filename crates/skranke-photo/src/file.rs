//! `check_file`: the CLI's one JSON line per file (`skranke photo check FILE... --json [--crop DIR]`).
use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use skranke_core::{Check, PhotoThresholds};

use crate::{Models, PhotoError, check_still, encode_jpeg, image_io};

/// One file's result, serialised exactly as the CLI JSON line:
/// `{"file": str, "verdict": "pass"|"fail"|"error", "checks": [...], "elapsed_ms": number, "error": str|null}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The path as given.
    pub file: String,
    /// `pass`, `fail` or `error`.
    pub verdict: String,
    /// The checks (empty on error).
    pub checks: Vec<Check>,
    /// Wall time for decode + checks + crop, milliseconds.
    pub elapsed_ms: f64,
    /// The error (code: message) when verdict is `error`.
    pub error: Option<String>,
}

/// Checks one image file; writes `<crop_out>/<stem>.jpg` (35:45, under the size cap) when a face was
/// found and `crop_out` is given. Never panics on bad input: errors become verdict `error`.
pub fn check_file(path: &Path, models: &Models, t: &PhotoThresholds, crop_out: Option<&Path>) -> FileReport {
    let start = Instant::now();
    let result = run(path, models, t, crop_out);
    let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let file = path.display().to_string();
    match result {
        Ok(report) => FileReport {
            file,
            verdict: if report.passed() { "pass" } else { "fail" }.into(),
            checks: report.checks,
            elapsed_ms,
            error: None,
        },
        Err(e) => FileReport {
            file,
            verdict: "error".into(),
            checks: Vec::new(),
            elapsed_ms,
            error: Some(format!("{}: {e}", e.code())),
        },
    }
}

fn run(
    path: &Path,
    models: &Models,
    t: &PhotoThresholds,
    crop_out: Option<&Path>,
) -> Result<skranke_core::CheckReport, PhotoError> {
    let img = image_io::load_rgb(path, t.max_image_side)?;
    let res = check_still(&img, models, t)?;
    if let (Some(dir), Some(crop)) = (crop_out, res.crop.as_ref()) {
        let jpeg = encode_jpeg(crop, t.max_jpeg_bytes)?;
        std::fs::create_dir_all(dir)?;
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "photo".into());
        std::fs::write(dir.join(format!("{stem}.jpg")), jpeg)?;
    }
    Ok(res.report)
}
