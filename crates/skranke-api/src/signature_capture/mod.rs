//! The signature capture part: the pad this counter has (a Wacom STU, a replayed stroke file in
//! demo mode, or the screen), its live events to the UI, the checks, and Accept on the open case.
//! It owns the running pad listener.
mod checks;
mod pad;

pub use checks::{AcceptedSignature, check, check_files, render_file, render_with_report};
pub use pad::{PadChoice, PadEventView, open_pad, pump_pad};
pub use skranke_core::CheckReport;
pub use skranke_signature::StrokeFile;
pub use skranke_signature::pad::{PadEvent, PadInfo, PadSource};

use crate::case_desk::CaseDesk;
use crate::guarded::Guarded;
use crate::json::User;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_store::AuditAction;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The pad listener of this counter, when one runs.
#[derive(Debug, Default)]
pub struct SignatureCapture {
    listener: Guarded<Option<Arc<AtomicBool>>>,
}

impl SignatureCapture {
    /// The signature pad the configuration gives on this PC (the screen when none is found).
    pub(crate) fn pad(&self, ctx: &Context) -> Result<PadInfo, ApiError> {
        Ok(open_pad(&ctx.config)?.info())
    }

    /// Starts reading the signature pad on its own thread; each event goes to `sink` until the pad
    /// ends or is lost, [`SignatureCapture::stop`] is called, another listener starts, or `sink`
    /// returns `false`. The screen pad has no events (the webview records it).
    pub(crate) fn listen(
        &self,
        ctx: &Context,
        sink: impl FnMut(PadEventView) -> bool + Send + 'static,
    ) -> Result<PadInfo, ApiError> {
        let choice = open_pad(&ctx.config)?;
        let info = choice.info();
        let PadChoice::Source(pad) = choice else { return Ok(info) };
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(previous) = self.listener.lock()?.replace(Arc::clone(&stop)) {
            previous.store(true, Ordering::Relaxed);
        }
        std::thread::Builder::new()
            .name("signature-pad".into())
            .spawn(move || pump_pad(pad, &stop, sink))
            .map_err(|e| ApiError::new(Code::Internal, format!("cannot start the pad thread: {e}")))?;
        Ok(info)
    }

    /// Stops the pad listener, if one runs.
    pub(crate) fn stop(&self) -> Result<(), ApiError> {
        if let Some(stop) = self.listener.lock()?.take() {
            stop.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Runs the signature checks on a signature from the pad or the screen.
    pub(crate) fn check(&self, ctx: &Context, strokes: &StrokeFile) -> Result<CheckReport, ApiError> {
        check(&ctx.config, strokes)
    }

    /// Checks, renders and keeps the signature on the open case; refused while a check fails, with
    /// no open case, or when the case is blocked. Recorded in the audit trail.
    pub(crate) fn accept(
        &self,
        ctx: &Context,
        desk: &CaseDesk,
        user: &User,
        strokes: StrokeFile,
    ) -> Result<CheckReport, ApiError> {
        let (number, report, details) = desk.with_capturable(|case| {
            let accepted = checks::accept(&ctx.config, strokes)?;
            let report = accepted.report.clone();
            let details =
                serde_json::json!({ "part": "signature", "case_id": case.id.to_string(), "png_bytes": accepted.png.len() });
            case.signature = Some(accepted);
            Ok((case.number, report, details))
        })?;
        ctx.audit.record(&user.id, AuditAction::Capture, Some(&number), "signature_accepted", details)?;
        tracing::info!(cpr = %number, "signature accepted");
        Ok(report)
    }
}
