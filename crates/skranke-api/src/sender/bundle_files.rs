//! `skranke bundle make`: a capture bundle from files (a portrait, a stroke file, a CPR number
//! and a case reference), through the same lookup, rules and checks as the counter. Used for
//! scripting, tests and scanned paper stamkort (`source = scan`). As at the counter, the stroke
//! file is used for the checks and the image, and goes into the bundle only when
//! `[bundle] include_pen_data` is on, without the pad's serial number.
use super::case_bundle::bundle_case;
use super::store::origin;
use crate::case_desk::CaseDesk;
use crate::json::User;
use crate::photo_capture::{AcceptedPhoto, PhotoCapture};
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
    /// The portrait file.
    pub photo: &'a Path,
    /// The stroke file.
    pub signature: &'a Path,
    /// Why failing parts are used anyway (at most 500 characters, no control characters but line
    /// breaks: [`skranke_core::check_override_reason`]).
    pub override_reason: Option<&'a str>,
    /// Counter or scan.
    pub source: Source,
    /// Build it "CPR ikke verificeret" when the CPR service cannot be reached.
    pub allow_unverified: bool,
}

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
/// through [`super::case_bundle::Origin::pen_data`]). Refused: an invalid number or case
/// reference, a person the rules block, an unreachable register (unless `allow_unverified`), a
/// photo without a face, and a failing part without an override reason
/// ([`Code::BundleOverrideRequired`]).
pub(crate) async fn bundle_from_files(
    ctx: &Context,
    user: &User,
    desk: &CaseDesk,
    photo_capture: &PhotoCapture,
    req: &BundleFiles<'_>,
) -> Result<MadeBundle, ApiError> {
    let reason = skranke_core::check_override_reason(req.override_reason)?;
    let clerk = user.id.clone();
    let mut opened = desk.prepare(ctx, &clerk, req.cpr, req.case_ref, req.allow_unverified, "bundle make").await?;
    if let Some(code) = opened.blocked {
        return Err(ApiError::new(code, "the person is blocked; no bundle is made"));
    }
    let photo_bytes =
        std::fs::read(req.photo).map_err(|e| ApiError::new(Code::PhotoIo, format!("{}: {e}", req.photo.display())))?;
    let checked = crate::photo_capture::check_bytes(photo_capture.engine(), &ctx.config, &photo_bytes)?;
    let photo_report = checked.report.clone();
    let jpeg = checked
        .jpeg
        .ok_or_else(|| ApiError::new(Code::PhotoChecksFailed, "no usable face in the photo; nothing to crop"))?;
    let strokes = skranke_signature::read_stroke_file(req.signature)?;
    let signature = crate::signature_capture::render_with_report(&ctx.config, strokes)?;
    let signature_report = signature.report.clone();
    let failing = !photo_report.passed() || !signature_report.passed();
    if failing && reason.is_none() {
        return Err(ApiError::new(Code::BundleOverrideRequired, "a part fails its checks: give --override-reason"));
    }
    let photo = AcceptedPhoto {
        jpeg,
        report: photo_report.clone(),
        override_reason: if photo_report.passed() { None } else { reason.map(str::to_string) },
    };
    opened.photo = Some(photo.clone());
    let origin = origin(ctx, &clerk, req.source);
    let signature_override = if signature_report.passed() { None } else { reason };
    let bundle = bundle_case(&opened, &photo, &signature, signature_override, &origin, ctx.clock.now())?;
    tracing::info!(cpr = %opened.number, capture_id = %bundle.manifest().capture_id, "bundle made from files");
    Ok(MadeBundle { bundle, photo_report, signature_report })
}
