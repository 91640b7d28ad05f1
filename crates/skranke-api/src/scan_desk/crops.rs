//! A scanned card's two cuts as they go on a case: checked (when they come as files, for
//! `skranke bundle make --source scan`) and turned into the accepted photo (the card's JPEG) and
//! the accepted signature (the field as a grey PNG, without strokes: paper has no pen data). The
//! Scanning view's Accept and `bundle make` share this, so both make the same bundle parts.
use crate::photo_capture::AcceptedPhoto;
use crate::signature_capture::AcceptedSignature;
use crate::{ApiError, Code};
use image::RgbImage;
use skranke_config::Config;
use skranke_core::CheckReport;
use skranke_photo::Models;

/// A face at least this sure counts on a photo cut (the score finding the card uses).
const MIN_FACE_SCORE: f64 = 0.5;

/// The largest side of a cut read from a file, pixels (a 35 mm photo at 2400 dpi is 3307).
const MAX_CUT_SIDE: u32 = 8000;

/// A cut read from a file: decoded upright to RGB. `code` says which field could not be read.
pub(crate) fn read_cut(path: &std::path::Path, code: Code) -> Result<RgbImage, ApiError> {
    skranke_photo::load_rgb(path, MAX_CUT_SIDE).map_err(|e| ApiError::new(code, format!("{}: {e}", path.display())))
}

/// Checks a photo cut and a signature cut scanned at `dpi` as the scan desk checks a page's
/// cuts: the photo with `skranke_scan::check_scanned_photo` (`[photo.checks]`, `[photo.scan]`;
/// the faces on the card are the faces on the cut itself, either way up, and its edges count as
/// found since the cut is the photo), the signature with `skranke_scan::check_scanned_signature`
/// (`[signature.scan]`, as the scan desk).
pub(crate) fn check_cuts(
    config: &Config,
    models: &Models,
    photo: &RgbImage,
    signature: &RgbImage,
    dpi: u32,
) -> Result<(CheckReport, CheckReport), ApiError> {
    let dpi = f64::from(dpi);
    let faces = |img: &RgbImage| models.detect(img, MIN_FACE_SCORE).map(|f| f.len()).map_err(ApiError::from);
    let faces_on_card = faces(photo)?.max(faces(&image::imageops::rotate180(photo))?);
    let photo_report = skranke_scan::check_scanned_photo(
        photo,
        dpi,
        faces_on_card,
        true,
        models,
        &config.photo.checks,
        &config.photo.scan,
    )?;
    let signature_report = skranke_scan::check_scanned_signature(signature, dpi, &config.signature.scan);
    Ok((photo_report, signature_report))
}

/// One checked cut and the reason it is used when it fails.
pub(crate) struct CheckedCut<'a> {
    /// The cut, upright.
    pub image: &'a RgbImage,
    /// Its checks.
    pub report: CheckReport,
    /// Why it is used though it fails (kept only when it does fail).
    pub reason: Option<&'a str>,
}

/// The case's photo and signature from a scanned card's cuts: the photo as a JPEG under
/// `[photo.checks] max_jpeg_bytes`, the signature as a grey PNG without strokes; each carries its
/// reason only when its report fails.
pub(crate) fn accepted_parts(
    config: &Config,
    photo: CheckedCut<'_>,
    signature: CheckedCut<'_>,
) -> Result<(AcceptedPhoto, AcceptedSignature), ApiError> {
    let reason = |cut: &CheckedCut<'_>| if cut.report.passed() { None } else { cut.reason.map(str::to_string) };
    let accepted_photo = AcceptedPhoto {
        jpeg: skranke_photo::encode_jpeg(photo.image, config.photo.checks.max_jpeg_bytes)?,
        override_reason: reason(&photo),
        report: photo.report,
    };
    let accepted_signature = AcceptedSignature {
        strokes: None,
        png: super::images::grey_png(signature.image)?,
        override_reason: reason(&signature),
        report: signature.report,
    };
    Ok((accepted_photo, accepted_signature))
}
