//! The per-file report of `skranke signature check` and the `render` helper of
//! `skranke signature render`.
use crate::{RenderOptions, SignatureError, check_signature, read_stroke_file, render_png};
use serde::Serialize;
use skranke_core::{Check, SignatureThresholds, Verdict};
use std::path::Path;

/// One line of `skranke signature check --json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileReport {
    /// The file as given.
    pub file: String,
    /// `pass`, `fail`, or `error` when the file could not be read.
    pub verdict: String,
    /// The checks (empty on error).
    pub checks: Vec<Check>,
    /// Why the file could not be checked.
    pub error: Option<String>,
}

/// Reads and checks one stroke file.
pub fn check_file(path: &Path, thresholds: &SignatureThresholds) -> FileReport {
    let file = path.display().to_string();
    match read_stroke_file(path) {
        Ok(f) => {
            let report = check_signature(&f, thresholds);
            let verdict = if report.verdict == Verdict::Pass { "pass" } else { "fail" };
            FileReport { file, verdict: verdict.into(), checks: report.checks, error: None }
        }
        Err(e) => FileReport { file, verdict: "error".into(), checks: Vec::new(), error: Some(e.to_string()) },
    }
}

/// Reads a stroke file and writes its PNG rendering.
pub fn render_file(path: &Path, out: &Path, options: &RenderOptions) -> Result<(), SignatureError> {
    let f = read_stroke_file(path)?;
    let png = render_png(&f, options)?;
    std::fs::write(out, png).map_err(|e| SignatureError::Write(format!("{}: {e}", out.display())))
}
