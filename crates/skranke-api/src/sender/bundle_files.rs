//! `skranke bundle make`: a capture bundle from files and a CPR number and case reference,
//! through the same lookup, rules and checks as the counter or the scan desk. Used for scripting,
//! tests and scanned paper stamkort.
//!
//! - `source = counter`: a portrait and a stroke file. As at the counter, the strokes are used
//!   for the checks and the image, and go into the bundle only when `[bundle] include_pen_data`
//!   is on, without the pad's serial number.
//! - `source = scan`: the photo and signature cuts of a scanned card (as `skranke scan import
//!   --crops` writes them) and the scan's dpi, checked and bundled as the scan desk does
//!   ([`crate::scan_desk::check_cuts`], [`crate::scan_desk::accepted_parts`]): the signature image
//!   without strokes, the dpi in the manifest.
use super::case_bundle::bundle_case;
use super::store::origin;
use crate::case_desk::CaseDesk;
use crate::json::User;
use crate::photo_capture::{AcceptedPhoto, PhotoCapture};
use crate::scan_desk::{CheckedCut, accepted_parts, check_cuts, read_cut};
use crate::signature_capture::AcceptedSignature;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_core::CheckReport;
use skranke_core::{Bundle, Source};
use std::path::Path;

/// What to build a bundle from.
#[derive(Debug, Clone)]
pub struct BundleFiles<'a> {
    /// The CPR number as typed.
    pub cpr: &'a str,
    /// The case reference.
    pub case_ref: &'a str,
    /// The portrait file (counter), or the photo cut of a scanned card (scan: JPEG or PNG,
    /// upright).
    pub photo: &'a Path,
    /// The stroke file (counter), or the signature cut of a scanned card (scan: PNG or JPEG).
    pub signature: &'a Path,
    /// Why failing parts are used anyway (at most 500 characters, no control characters but line
    /// breaks: [`skranke_core::check_override_reason`]).
    pub override_reason: Option<&'a str>,
    /// Counter or scan.
    pub source: Source,
    /// The scan's resolution, dots per inch: required with [`Source::Scan`] (50 to 2400),
    /// refused with [`Source::Counter`].
    pub scan_dpi: Option<u32>,
    /// Build it "CPR ikke verificeret" when the CPR service cannot be reached.
    pub allow_unverified: bool,
}

/// The resolutions a scan may state for `bundle make --source scan`, dots per inch.
pub(crate) const SCAN_DPI_RANGE: std::ops::RangeInclusive<u32> = 50..=2400;

/// A built bundle and the reports that went into it.
#[derive(Debug, Clone)]
pub struct MadeBundle {
    /// The bundle.
    pub bundle: Bundle,
    /// The photo check report.
    pub photo_report: CheckReport,
    /// The signature check report.
    pub signature_report: CheckReport,
}

/// Builds a bundle from files (strokes included only when `ctx.config.bundle.include_pen_data`,
/// through [`super::case_bundle::Origin::pen_data`]; a scan's cuts as the scan desk bundles
/// them). Refused: a scan without a dpi in [`SCAN_DPI_RANGE`] or a counter bundle with one
/// ([`Code::ScanInvalidDpi`]), an invalid number or case reference, a person the rules block, an
/// unreachable register (unless `allow_unverified`), a counter photo without a face, and a failing
/// part without an override reason ([`Code::BundleOverrideRequired`]).
pub(crate) async fn bundle_from_files(
    ctx: &Context,
    user: &User,
    desk: &CaseDesk,
    photo_capture: &PhotoCapture,
    req: &BundleFiles<'_>,
) -> Result<MadeBundle, ApiError> {
    let reason = skranke_core::check_override_reason(req.override_reason)?;
    let scan_dpi = checked_scan_dpi(req.source, req.scan_dpi)?;
    let clerk = user.id.clone();
    let mut opened = desk.prepare(ctx, &clerk, req.cpr, req.case_ref, req.allow_unverified, "bundle make").await?;
    if let Some(code) = opened.blocked {
        return Err(ApiError::new(code, "the person is blocked; no bundle is made"));
    }
    let (photo, signature) = match scan_dpi {
        None => counter_parts(ctx, photo_capture, req, reason)?,
        Some(dpi) => scan_parts(ctx, photo_capture, req, dpi, reason)?,
    };
    let (photo_report, signature_report) = (photo.report.clone(), signature.report.clone());
    opened.photo = Some(photo.clone());
    let mut origin = origin(ctx, &clerk, req.source);
    origin.scan_dpi = scan_dpi;
    let bundle = bundle_case(&opened, &photo, &signature, &origin, ctx.clock.now())?;
    tracing::info!(cpr = %opened.number, capture_id = %bundle.manifest().capture_id, "bundle made from files");
    Ok(MadeBundle { bundle, photo_report, signature_report })
}

/// The dpi a bundle of `source` carries: a scan's, within [`SCAN_DPI_RANGE`]; none at the counter.
fn checked_scan_dpi(source: Source, dpi: Option<u32>) -> Result<Option<u32>, ApiError> {
    match (source, dpi) {
        (Source::Counter, None) => Ok(None),
        (Source::Counter, Some(_)) => {
            Err(ApiError::new(Code::ScanInvalidDpi, "a dpi is only given for a scan (--source scan)"))
        }
        (Source::Scan, None) => Err(ApiError::new(Code::ScanInvalidDpi, "a scan needs its resolution (--dpi)")),
        (Source::Scan, Some(d)) if SCAN_DPI_RANGE.contains(&d) => Ok(Some(d)),
        (Source::Scan, Some(d)) => Err(ApiError::new(
            Code::ScanInvalidDpi,
            format!("{d} dpi: use {} to {}", SCAN_DPI_RANGE.start(), SCAN_DPI_RANGE.end()),
        )),
    }
}

/// Refuses failing parts without a reason.
fn require_reason(photo: &CheckReport, signature: &CheckReport, reason: Option<&str>) -> Result<(), ApiError> {
    if (!photo.passed() || !signature.passed()) && reason.is_none() {
        return Err(ApiError::new(Code::BundleOverrideRequired, "a part fails its checks: give --override-reason"));
    }
    Ok(())
}

/// A portrait checked and cropped as at the counter, a stroke file checked and rendered.
fn counter_parts(
    ctx: &Context,
    photo_capture: &PhotoCapture,
    req: &BundleFiles<'_>,
    reason: Option<&str>,
) -> Result<(AcceptedPhoto, AcceptedSignature), ApiError> {
    let photo_bytes =
        std::fs::read(req.photo).map_err(|e| ApiError::new(Code::PhotoIo, format!("{}: {e}", req.photo.display())))?;
    let checked = crate::photo_capture::check_bytes(photo_capture.engine(), &ctx.config, &photo_bytes)?;
    let photo_report = checked.report;
    let jpeg = checked
        .jpeg
        .ok_or_else(|| ApiError::new(Code::PhotoChecksFailed, "no usable face in the photo; nothing to crop"))?;
    let strokes = skranke_signature::read_stroke_file(req.signature)?;
    let mut signature = crate::signature_capture::render_with_report(&ctx.config, strokes)?;
    require_reason(&photo_report, &signature.report, reason)?;
    if !signature.report.passed() {
        signature.override_reason = reason.map(str::to_string);
    }
    let photo = AcceptedPhoto {
        jpeg,
        override_reason: if photo_report.passed() { None } else { reason.map(str::to_string) },
        report: photo_report,
    };
    Ok((photo, signature))
}

/// A scanned card's cuts, checked and made into parts as the scan desk does.
fn scan_parts(
    ctx: &Context,
    photo_capture: &PhotoCapture,
    req: &BundleFiles<'_>,
    dpi: u32,
    reason: Option<&str>,
) -> Result<(AcceptedPhoto, AcceptedSignature), ApiError> {
    let photo = read_cut(req.photo, Code::PhotoIo)?;
    let signature = read_cut(req.signature, Code::ScanUnreadable)?;
    let models = photo_capture.models()?;
    let (photo_report, signature_report) = check_cuts(&ctx.config, &models, &photo, &signature, dpi)?;
    require_reason(&photo_report, &signature_report, reason)?;
    accepted_parts(
        &ctx.config,
        CheckedCut { image: &photo, report: photo_report, reason },
        CheckedCut { image: &signature, report: signature_report, reason },
    )
}
