//! Storing captures: Send bundles the open case and writes it encrypted and durably to the
//! outbox before anything else happens (the clerk never waits on the network); `skranke queue
//! add` stores a bundle file the same way. Every stored capture is in the audit trail.
use super::Sender;
use super::case_bundle::{Origin, bundle_case, outbox_meta};
use super::json::SendView;
use crate::case_desk::CaseDesk;
use crate::json::User;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_core::{Bundle, Source};
use skranke_store::{AuditAction, Enqueued, Outbox, StoreError};

impl Sender {
    /// Runs `f` on the outbox, opening it on first use.
    pub(crate) fn with_outbox<R>(
        &self,
        ctx: &Context,
        f: impl FnOnce(&mut Outbox) -> Result<R, StoreError>,
    ) -> Result<R, ApiError> {
        let mut guard = self.outbox.lock()?;
        let outbox = match guard.as_mut() {
            Some(outbox) => outbox,
            None => guard.insert(super::outbox_open::open(&ctx.config, &ctx.data_dir, ctx.clock.now())?),
        };
        f(outbox).map_err(ApiError::from)
    }

    /// Send: bundles the open case (photo, signature, CPR snapshot, flags), stores it encrypted
    /// and durably in the outbox, records it in the audit trail and closes the case, so the clerk
    /// can take the next citizen. Delivery happens in [`Sender::pass`].
    pub(crate) fn send_case(&self, ctx: &Context, desk: &CaseDesk, user: &User) -> Result<SendView, ApiError> {
        desk.finish_with(|case| {
            let photo =
                case.photo.as_ref().ok_or_else(|| ApiError::new(Code::PhotoMissing, "no photo accepted on the case"))?;
            let signature = case
                .signature
                .as_ref()
                .ok_or_else(|| ApiError::new(Code::SignatureMissing, "no signature accepted on the case"))?;
            let mut origin = origin(ctx, &user.id, if case.scan.is_some() { Source::Scan } else { Source::Counter });
            origin.scan_dpi = case.scan.as_ref().map(|s| s.dpi);
            let bundle = bundle_case(case, photo, signature, &origin, ctx.clock.now())?;
            // A capture the clerk accepted despite failing checks waits for a supervisor
            // (`[review] overrides = "all"`): stored held, in the same transaction.
            let m = bundle.manifest();
            let overridden = m.flags.photo_override.is_some() || m.flags.signature_override.is_some();
            let hold = overridden && crate::review::holds_overrides(ctx);
            let source_key = case.scan.as_ref().map(|s| s.source_key.as_str());
            let view = self.store_bundle(ctx, &bundle, &user.id, hold, source_key)?;
            // The person's returned cases are answered by this capture.
            crate::review::resolve_for(ctx, self, &case.number, &view.capture_id)?;
            tracing::info!(cpr = %case.number, capture_id = %view.capture_id, unverified = view.cpr_unverified, "capture saved in the outbox");
            Ok(view)
        })
    }

    /// `skranke queue add` by `user`: stores a bundle file's bytes (checked: it must read and
    /// verify), marked so the person is looked up again before it is sent (this installation did
    /// not make the file's lookup).
    pub(crate) fn queue_add(&self, ctx: &Context, user: &User, bytes: &[u8]) -> Result<SendView, ApiError> {
        let pen = super::case_bundle::PenData::from_config(&ctx.config.bundle);
        let bundle = super::case_bundle::unverified_copy(&Bundle::read(bytes)?, pen)?;
        // A bundle file is made outside the counter flow (`skranke bundle make`, IT): its
        // override is IT's own, so it is not held for a supervisor (docs/review.md).
        self.store_bundle(ctx, &bundle, &user.id, false, None)
    }

    /// Stores a bundle (held for a supervisor when `hold`); a scanned page's `source_key` is
    /// claimed in the same transaction, so the page is queued once.
    fn store_bundle(
        &self,
        ctx: &Context,
        bundle: &Bundle,
        user_id: &str,
        hold: bool,
        source_key: Option<&str>,
    ) -> Result<SendView, ApiError> {
        let m = bundle.manifest();
        let id = m.capture_id.to_string();
        let now = ctx.clock.now();
        let stored = self.with_outbox(ctx, |o| match source_key {
            Some(key) => o.enqueue_scan(&id, key, bundle.as_bytes(), &outbox_meta(m), now, hold),
            None if hold => o.enqueue_held(&id, bundle.as_bytes(), &outbox_meta(m), now),
            None => o.enqueue(&id, bundle.as_bytes(), &outbox_meta(m), now),
        })?;
        if source_key.is_some() && stored == Enqueued::AlreadyPresent {
            // The page went out under another capture (sent twice from two windows, or before a
            // crash): nothing was stored, and the case stays open for the clerk to close.
            return Err(ApiError::new(Code::ScanAlreadyQueued, "this scanned page is already queued"));
        }
        let details = serde_json::json!({
            "capture_id": id,
            "case_ref": m.case_ref,
            "bundle_bytes": bundle.as_bytes().len(),
            "cpr_unverified": m.flags.cpr_unverified,
            "photo_override": m.flags.photo_override.as_ref().map(|o| o.reason.clone()),
            "signature_override": m.flags.signature_override.as_ref().map(|o| o.reason.clone()),
            "held_for_review": hold,
        });
        ctx.audit.record(user_id, AuditAction::Capture, Some(&m.person.number), "queued", details)?;
        self.wakeup.notify_one();
        Ok(SendView {
            capture_id: id,
            stored: stored == Enqueued::Stored,
            bundle_bytes: bundle.as_bytes().len() as u64,
            cpr_unverified: m.flags.cpr_unverified,
        })
    }
}

/// Who builds a bundle and where: this municipality and PC, the clerk, counter or scan.
pub(crate) fn origin(ctx: &Context, clerk: &str, source: Source) -> Origin {
    Origin {
        municipality: ctx.config.municipality.code.clone(),
        workstation: ctx.workstation.clone(),
        clerk: clerk.to_string(),
        source,
        pen_data: super::case_bundle::PenData::from_config(&ctx.config.bundle),
        scan_dpi: None,
    }
}
