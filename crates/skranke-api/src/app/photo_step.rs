//! The photo step on [`Skranke`]: a captured still is checked and kept as pending on the open
//! case; Accept keeps it (a failing one only with a written reason, recorded for supervisors),
//! Retake drops it.
use super::{Skranke, poisoned};
use crate::json::PhotoCheckView;
use crate::photo::{accept, check_bytes, check_image};
use crate::{ApiError, Code};
use skranke_store::AuditAction;

impl Skranke {
    /// Checks a captured frame (upright RGB) and keeps it pending on the open case.
    pub fn photo_check_frame(&self, img: &image::RgbImage) -> Result<PhotoCheckView, ApiError> {
        self.require_open_case()?;
        let checked = check_image(&self.photo_engine, &self.config, img)?;
        self.keep_pending(checked)
    }

    /// Checks an image file's bytes (a scanned stamkort photo, or a still the webview took) and
    /// keeps it pending on the open case.
    pub fn photo_check_bytes(&self, bytes: &[u8]) -> Result<PhotoCheckView, ApiError> {
        self.require_open_case()?;
        let checked = check_bytes(&self.photo_engine, &self.config, bytes)?;
        self.keep_pending(checked)
    }

    fn require_open_case(&self) -> Result<(), ApiError> {
        self.current_user()?;
        let mut guard = self.case.lock().map_err(|_| poisoned())?;
        crate::case::capturable(&mut guard).map(|_| ())
    }

    fn keep_pending(&self, checked: crate::photo::CheckedStill) -> Result<PhotoCheckView, ApiError> {
        let view = PhotoCheckView::from(&checked);
        let mut guard = self.case.lock().map_err(|_| poisoned())?;
        let case = guard.as_mut().ok_or_else(|| ApiError::new(Code::NoOpenCase, "no case is open"))?;
        case.pending_photo = Some(checked);
        Ok(view)
    }

    /// Accepts the pending photo; a failing one needs `override_reason` (kept in the bundle and the
    /// audit trail for supervisor review).
    pub fn photo_accept(&self, override_reason: Option<&str>) -> Result<skranke_core::CheckReport, ApiError> {
        let user = self.current_user()?;
        let mut guard = self.case.lock().map_err(|_| poisoned())?;
        let case = crate::case::capturable(&mut guard)?;
        let pending =
            case.pending_photo.clone().ok_or_else(|| ApiError::new(Code::PhotoMissing, "no photo has been taken"))?;
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
        let number = case.number;
        case.photo = Some(accepted);
        case.pending_photo = None;
        drop(guard);
        self.audit(&user.id, AuditAction::Capture, Some(&number), outcome, details)?;
        tracing::info!(cpr = %number, outcome, "photo accepted");
        Ok(report)
    }

    /// Drops the pending photo (and an accepted one): the clerk takes a new one.
    pub fn photo_retake(&self) -> Result<(), ApiError> {
        let mut guard = self.case.lock().map_err(|_| poisoned())?;
        if let Some(case) = guard.as_mut() {
            case.pending_photo = None;
            case.photo = None;
        }
        Ok(())
    }

    /// The face models (loaded on first use): the preview's live analysis shares them.
    pub fn photo_models(&self) -> Result<std::sync::Arc<skranke_photo::Models>, ApiError> {
        self.photo_engine.models()
    }
}
