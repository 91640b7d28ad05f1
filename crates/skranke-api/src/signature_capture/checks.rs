//! The signature checks as use cases: check a stroke file (CLI) or a signature from the pad or
//! the screen (app), render it, and the signature a case keeps once accepted.
use crate::{ApiError, Code};
use skranke_config::Config;
pub use skranke_core::CheckReport;
use skranke_signature::FileReport;
pub use skranke_signature::StrokeFile;
use std::path::Path;

/// A signature accepted for the open case: what the bundle carries.
#[derive(Clone)]
pub struct AcceptedSignature {
    /// The stroke file JSON, as received from the pad or the screen; `None` for a signature cut
    /// from a scanned stamkort (paper has no pen data).
    pub strokes: Option<StrokeFile>,
    /// The rendered PNG (the scanned field as cut, for a scan).
    pub png: Vec<u8>,
    /// The check report.
    pub report: CheckReport,
    /// Why a failing signature is used: a scanned paper signature cannot be signed again at the
    /// counter, so the clerk may accept one with a reason (held for a supervisor like a photo
    /// override); a counter signature never has one.
    pub override_reason: Option<String>,
}

/// A signature is biometric data: the strokes as their own redacted `Debug` (counts, no points),
/// the PNG as its size, and the report.
impl std::fmt::Debug for AcceptedSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceptedSignature")
            .field("strokes", &self.strokes)
            .field("png", &format_args!("<{} bytes>", self.png.len()))
            .field("report", &self.report)
            .field("override_reason", &self.override_reason)
            .finish()
    }
}

/// Checks stroke files with the configured thresholds (`skranke signature check`).
pub fn check_files(config: &Config, files: &[impl AsRef<Path>]) -> Vec<FileReport> {
    files.iter().map(|f| skranke_signature::check_file(f.as_ref(), &config.signature.checks)).collect()
}

/// Renders a stroke file to PNG with the configured image settings (`skranke signature render`).
pub fn render_file(config: &Config, file: &Path, out: &Path) -> Result<(), ApiError> {
    skranke_signature::render_file(file, out, &config.signature.image).map_err(ApiError::from)
}

/// Validates and checks a signature from the pad or the screen.
pub fn check(config: &Config, strokes: &StrokeFile) -> Result<CheckReport, ApiError> {
    skranke_signature::validate(strokes).map_err(ApiError::from)?;
    Ok(skranke_signature::check_signature(strokes, &config.signature.checks))
}

/// Checks and renders a signature for acceptance; refuses one that fails a check.
pub fn accept(config: &Config, strokes: StrokeFile) -> Result<AcceptedSignature, ApiError> {
    let report = check(config, &strokes)?;
    if !report.passed() {
        return Err(ApiError::new(Code::SignatureChecksFailed, "a signature check fails"));
    }
    let png = skranke_signature::render_png(&strokes, &config.signature.image).map_err(ApiError::from)?;
    Ok(AcceptedSignature { strokes: Some(strokes), png, report, override_reason: None })
}

/// Renders a signature whatever its checks say (a failing one is used only with an override
/// reason, which the caller enforces).
pub fn render_with_report(config: &Config, strokes: StrokeFile) -> Result<AcceptedSignature, ApiError> {
    let report = check(config, &strokes)?;
    let png = skranke_signature::render_png(&strokes, &config.signature.image).map_err(ApiError::from)?;
    Ok(AcceptedSignature { strokes: Some(strokes), png, report, override_reason: None })
}
