//! The photo step's logic outside the camera: the face models loaded once, the still check of a
//! captured image (report plus the 35:45 JPEG), and the photo the case keeps once accepted.
use crate::{ApiError, Code};
use skranke_config::Config;
use skranke_core::CheckReport;
use skranke_photo::{Models, check_still, encode_jpeg};
use std::sync::{Arc, OnceLock};

/// The photo accepted on a case: the cropped JPEG that goes in the bundle, its report, and the
/// clerk's written reason when it was accepted although a check failed.
#[derive(Debug, Clone)]
pub struct AcceptedPhoto {
    /// 35:45 JPEG, under the configured size cap.
    pub jpeg: Vec<u8>,
    /// The still check report.
    pub report: CheckReport,
    /// Why a failing photo was accepted (reviewed by supervisors).
    pub override_reason: Option<String>,
}

/// A checked still: the report and, when a face was found, the cropped JPEG.
#[derive(Debug, Clone)]
pub struct CheckedStill {
    /// The still check report.
    pub report: CheckReport,
    /// The 35:45 crop as JPEG (absent when no face was found: nothing to accept).
    pub jpeg: Option<Vec<u8>>,
}

/// The face models, loaded on first use and shared (loading takes a moment; most CLI commands
/// never need them).
#[derive(Debug, Default)]
pub struct PhotoEngine {
    models: OnceLock<Result<Arc<Models>, ApiError>>,
}

impl PhotoEngine {
    /// The loaded models, or why they cannot be loaded (`photo_model_missing`).
    pub fn models(&self) -> Result<Arc<Models>, ApiError> {
        self.models.get_or_init(|| Models::load_default().map(Arc::new).map_err(ApiError::from)).clone()
    }
}

/// Runs the still check on an upright RGB image with the configured thresholds and crops it.
pub fn check_image(engine: &PhotoEngine, config: &Config, img: &image::RgbImage) -> Result<CheckedStill, ApiError> {
    let models = engine.models()?;
    let t = &config.photo.checks;
    let result = check_still(img, &models, t).map_err(ApiError::from)?;
    let jpeg = match result.crop.as_ref() {
        Some(crop) => Some(encode_jpeg(crop, t.max_jpeg_bytes).map_err(ApiError::from)?),
        None => None,
    };
    Ok(CheckedStill { report: result.report, jpeg })
}

/// Decodes image file bytes (any orientation, colour type) and checks them like [`check_image`].
pub fn check_bytes(engine: &PhotoEngine, config: &Config, bytes: &[u8]) -> Result<CheckedStill, ApiError> {
    let img = skranke_photo::decode_rgb(bytes, config.photo.checks.max_image_side).map_err(ApiError::from)?;
    check_image(engine, config, &img)
}

/// Accepts a checked still: a failing report needs a non-empty written reason.
pub fn accept(checked: CheckedStill, override_reason: Option<&str>) -> Result<AcceptedPhoto, ApiError> {
    let jpeg =
        checked.jpeg.ok_or_else(|| ApiError::new(Code::PhotoChecksFailed, "no face was found: nothing to accept"))?;
    let reason = override_reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    if !checked.report.passed() && reason.is_none() {
        return Err(ApiError::new(Code::PhotoChecksFailed, "a photo check fails; accepting it needs a written reason"));
    }
    // A passing photo needs no reason; one given anyway is not an override.
    let override_reason = if checked.report.passed() { None } else { reason };
    Ok(AcceptedPhoto { jpeg, report: checked.report, override_reason })
}

pub use skranke_photo::FileReport;

/// `skranke photo check`: one report per file, crops written to `crop_dir` when given. Fails as a
/// whole only when the face models cannot be loaded; a bad file is an `error` verdict.
pub fn check_files(
    config: &Config,
    files: &[impl AsRef<std::path::Path>],
    crop_dir: Option<&std::path::Path>,
) -> Result<Vec<FileReport>, ApiError> {
    let models = PhotoEngine::default().models()?;
    Ok(files.iter().map(|f| skranke_photo::check_file(f.as_ref(), &models, &config.photo.checks, crop_dir)).collect())
}
