//! The photo step's logic outside the camera: the face models loaded once, the still check of a
//! captured image (report plus the 35:45 JPEG), and the photo the case keeps once accepted.
use crate::{ApiError, Code};
use skranke_config::Config;
use skranke_core::CheckReport;
use skranke_photo::{Models, check_still, encode_jpeg};
use std::sync::{Arc, OnceLock};

/// The photo accepted on a case: the cropped JPEG that goes in the bundle, its report, and the
/// clerk's written reason when it was accepted although a check failed.
#[derive(Clone)]
pub struct AcceptedPhoto {
    /// 35:45 JPEG, under the configured size cap.
    pub jpeg: Vec<u8>,
    /// The still check report.
    pub report: CheckReport,
    /// Why a failing photo was accepted (reviewed by supervisors).
    pub override_reason: Option<String>,
}

/// A checked still: the report and, when a face was found, the cropped JPEG.
#[derive(Clone)]
pub struct CheckedStill {
    /// The still check report.
    pub report: CheckReport,
    /// The 35:45 crop as JPEG (absent when no face was found: nothing to accept).
    pub jpeg: Option<Vec<u8>>,
}

/// The JPEG's size and the report, never the portrait's bytes nor the reason's text (free text
/// that may describe the person).
impl std::fmt::Debug for AcceptedPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceptedPhoto")
            .field("jpeg", &format_args!("<{} bytes>", self.jpeg.len()))
            .field("report", &self.report)
            .field("override_reason", &self.override_reason.as_ref().map(|r| format!("<{} chars>", r.chars().count())))
            .finish()
    }
}

/// The report and the crop's size, never the portrait's bytes.
impl std::fmt::Debug for CheckedStill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedStill")
            .field("report", &self.report)
            .field("jpeg", &self.jpeg.as_ref().map(|j| format!("<{} bytes>", j.len())))
            .finish()
    }
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

/// Accepts a checked still: a failing report needs a non-empty written reason, and any reason
/// given must pass [`skranke_core::check_override_reason`] (at most 500 characters, no control
/// characters but line breaks: `bundle_invalid_override_reason`).
pub fn accept(checked: CheckedStill, override_reason: Option<&str>) -> Result<AcceptedPhoto, ApiError> {
    let reason = skranke_core::check_override_reason(override_reason)?.map(str::to_string);
    let jpeg =
        checked.jpeg.ok_or_else(|| ApiError::new(Code::PhotoChecksFailed, "no face was found: nothing to accept"))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo_capture::PhotoCheckView;
    use crate::signature_capture::AcceptedSignature;
    use skranke_core::{Check, MAX_OVERRIDE_REASON_CHARS};
    use skranke_signature::{Sample, StrokeFile};

    /// A JPEG-looking crop whose bytes `90, 165` would show in a derived `Debug`.
    const CROP: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x5A, 0xA5, 0x5A, 0xA5];

    fn checked(pass: bool) -> CheckedStill {
        let report = CheckReport::from_checks(vec![Check::new("face_count", Some(1.0), "= 1", pass, "photo.face")]);
        CheckedStill { report, jpeg: Some(CROP.to_vec()) }
    }

    #[test]
    fn the_override_reason_is_bounded_in_characters_and_refuses_control_characters() {
        let code = |r: Result<AcceptedPhoto, ApiError>| r.map(|_| ()).map_err(|e| e.code);
        // 500 two-byte characters (1000 bytes) are accepted, trimmed; one more is refused.
        let longest = "ø".repeat(MAX_OVERRIDE_REASON_CHARS);
        let ok = accept(checked(false), Some(&format!(" {longest} "))).expect("500 characters are accepted");
        assert_eq!(ok.override_reason.as_deref(), Some(longest.as_str()));
        let too_long = format!("{longest}x");
        assert_eq!(code(accept(checked(false), Some(&too_long))), Err(Code::BundleInvalidOverrideReason));
        // Bounded even where no reason is needed: it is input all the same.
        assert_eq!(code(accept(checked(true), Some(&too_long))), Err(Code::BundleInvalidOverrideReason));
        assert_eq!(code(accept(checked(false), Some("a\tb"))), Err(Code::BundleInvalidOverrideReason));
        assert_eq!(code(accept(checked(false), Some("a\u{1b}b"))), Err(Code::BundleInvalidOverrideReason));
        let two_lines = accept(checked(false), Some("Briller\ngodkendt")).expect("a line break is allowed");
        assert_eq!(two_lines.override_reason.as_deref(), Some("Briller\ngodkendt"));
        assert_eq!(code(accept(checked(false), Some("  "))), Err(Code::PhotoChecksFailed));
    }

    /// The photo, signature and crop types of this crate print sizes and reports, never the
    /// portrait's bytes, the data URL, a pen coordinate or the reason's text.
    #[test]
    fn debug_shows_no_image_bytes_no_points_and_no_reason() {
        let accepted = accept(checked(false), Some("Hemmelig begrundelse")).expect("accepted");
        let shown = format!("{accepted:?} {:?}", checked(true));
        assert!(!shown.contains("90, 165") && !shown.contains("Hemmelig"), "{shown}");
        assert!(shown.contains("<8 bytes>") && shown.contains("<20 chars>"), "{shown}");

        let view = PhotoCheckView::from(&checked(true));
        assert!(view.crop_data_url.is_some());
        let shown = format!("{view:?}");
        assert!(!shown.contains("base64") && !shown.contains("/9j/"), "{shown}");
        assert!(shown.contains("crop_bytes: Some(8)"), "{shown}");

        let strokes = StrokeFile {
            width: 800.0,
            height: 300.0,
            pressure_max: 1024.0,
            samples: vec![
                Sample { t_ms: 0.0, x: 123.456, y: 78.9, pressure: 512.0 },
                Sample { t_ms: 8.0, x: 130.25, y: 80.5, pressure: 0.0 },
            ],
            pressure_available: true,
            device: None,
        };
        let report = CheckReport::from_checks(vec![]);
        let signature = AcceptedSignature {
            strokes: Some(strokes),
            png: b"\x89PNG\r\n\x1a\n\x5A\xA5".to_vec(),
            report,
            override_reason: None,
        };
        let shown = format!("{signature:?}");
        assert!(!shown.contains("123.456") && !shown.contains("78.9") && !shown.contains("90, 165"), "{shown}");
        assert!(shown.contains("<10 bytes>"), "{shown}");
    }
}
