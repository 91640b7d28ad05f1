//! The still of the photo capture part: a captured frame or image file is checked and kept as
//! pending on the open case; Accept keeps it (a failing one only with a written reason, recorded
//! for supervisors), Retake drops it.
use super::PhotoCapture;
use super::engine::{CheckedStill, accept, check_bytes, check_image};
use super::json::PhotoCheckView;
use crate::ApiError;
use crate::case_desk::CaseDesk;
use crate::json::User;
use crate::skranke::Context;
use skranke_store::AuditAction;

impl PhotoCapture {
    /// Checks a captured frame (upright RGB) and keeps it pending on the open case.
    pub(crate) fn check_frame(
        &self,
        ctx: &Context,
        desk: &CaseDesk,
        img: &image::RgbImage,
    ) -> Result<PhotoCheckView, ApiError> {
        desk.with_capturable(|_| Ok(()))?;
        let checked = check_image(&self.engine, &ctx.config, img)?;
        keep_pending(desk, checked)
    }

    /// Checks an image file's bytes and keeps it pending on the open case.
    pub(crate) fn check_bytes(&self, ctx: &Context, desk: &CaseDesk, bytes: &[u8]) -> Result<PhotoCheckView, ApiError> {
        desk.with_capturable(|_| Ok(()))?;
        let checked = check_bytes(&self.engine, &ctx.config, bytes)?;
        keep_pending(desk, checked)
    }

    /// Accepts the pending photo; a failing one needs `override_reason` (kept in the bundle and the
    /// audit trail for supervisor review).
    pub(crate) fn accept(
        &self,
        ctx: &Context,
        desk: &CaseDesk,
        user: &User,
        override_reason: Option<&str>,
    ) -> Result<skranke_core::CheckReport, ApiError> {
        let (number, details, outcome, report) = desk.with_capturable(|case| {
            let pending = case
                .pending_photo
                .clone()
                .ok_or_else(|| ApiError::new(crate::Code::PhotoMissing, "no photo has been taken"))?;
            let accepted = accept(pending, override_reason)?;
            let report = accepted.report.clone();
            let details = serde_json::json!({
                "part": "photo",
                "case_id": case.id.to_string(),
                "jpeg_bytes": accepted.jpeg.len(),
                "verdict": report.verdict,
                "failed_checks": report.checks.iter().filter(|c| !c.pass).map(|c| c.id.clone()).collect::<Vec<_>>(),
                "override_reason": accepted.override_reason,
            });
            let outcome =
                if accepted.override_reason.is_some() { "photo_accepted_with_override" } else { "photo_accepted" };
            case.photo = Some(accepted);
            case.pending_photo = None;
            Ok((case.number, details, outcome, report))
        })?;
        ctx.audit.record(&user.id, AuditAction::Capture, Some(&number), outcome, details)?;
        tracing::info!(cpr = %number, outcome, "photo accepted");
        Ok(report)
    }

    /// Drops the pending photo (and an accepted one): the clerk takes a new one.
    pub(crate) fn retake(&self, desk: &CaseDesk) -> Result<(), ApiError> {
        desk.with_open(|case| {
            if let Some(case) = case {
                case.pending_photo = None;
                case.photo = None;
            }
        })
    }

    /// The face models (loaded on first use): the preview's live analysis shares them.
    pub(crate) fn models(&self) -> Result<std::sync::Arc<skranke_photo::Models>, ApiError> {
        self.engine.models()
    }

    /// The face models' owner, for the photo checks of `skranke bundle make`.
    pub(crate) fn engine(&self) -> &super::PhotoEngine {
        &self.engine
    }
}

fn keep_pending(desk: &CaseDesk, checked: CheckedStill) -> Result<PhotoCheckView, ApiError> {
    let view = PhotoCheckView::from(&checked);
    desk.with_open(|case| case.map(|c| c.pending_photo = Some(checked)))?
        .ok_or_else(|| ApiError::new(crate::Code::NoOpenCase, "no case is open"))?;
    Ok(view)
}
