//! The send step and the sender on [`Skranke`]: Send stores the open case's bundle in the
//! encrypted outbox and closes the case; [`Skranke::send_pass`] delivers what is due (the Tauri
//! background task and `skranke queue drain` both call it); the queue views and commands for the
//! header, the list of today's captures and `skranke queue`.
use super::{Skranke, poisoned};
use crate::json::{SendPassReport, SendView};
use crate::send::case_bundle::{Origin, bundle_case, outbox_meta, verified_copy};
use crate::send::outcome::{AfterStatus, AfterUpload, after_status, after_upload};
use crate::send::views::QueueItemView;
use crate::{ApiError, Code};
use skranke_core::{Bundle, Source};
use skranke_store::{AuditAction, Enqueued, ListFilter, Outbox, OutboxState, OutboxStatus, StoreError};
use std::time::Duration;

/// How long a sender holds a leased capture before another pass may take it (a crash mid-send
/// leaves the lease to expire; the upload is idempotent, so a second send is harmless).
const LEASE: Duration = Duration::from_secs(120);
/// Most uploads per pass, so a pass never runs for long.
const MAX_UPLOADS_PER_PASS: u32 = 25;
/// Most producer-status queries per pass.
const MAX_STATUS_QUERIES_PER_PASS: u32 = 50;

impl Skranke {
    /// Runs `f` on the outbox, opening it on first use.
    pub(crate) fn with_outbox<R>(&self, f: impl FnOnce(&mut Outbox) -> Result<R, StoreError>) -> Result<R, ApiError> {
        let mut guard = self.outbox.lock().map_err(|_| poisoned())?;
        if guard.is_none() {
            *guard = Some(crate::send::outbox_open::open(&self.config, &self.data_dir, self.clock.now())?);
        }
        match guard.as_mut() {
            Some(outbox) => f(outbox).map_err(ApiError::from),
            None => Err(ApiError::new(Code::Internal, "outbox not open")),
        }
    }

    /// Send: bundles the open case (photo, signature, CPR snapshot, flags), stores it encrypted
    /// and durably in the outbox, records it in the audit trail and closes the case, so the clerk
    /// can take the next citizen. Delivery happens in [`Skranke::send_pass`].
    pub fn send_case(&self) -> Result<SendView, ApiError> {
        let user = self.current_user()?;
        let mut guard = self.case.lock().map_err(|_| poisoned())?;
        let case = crate::case::capturable(&mut guard)?;
        let photo =
            case.photo.as_ref().ok_or_else(|| ApiError::new(Code::PhotoMissing, "no photo accepted on the case"))?;
        let signature = case
            .signature
            .as_ref()
            .ok_or_else(|| ApiError::new(Code::SignatureMissing, "no signature accepted on the case"))?;
        let origin = self.origin(&user.id, Source::Counter);
        let now = self.clock.now();
        let bundle = bundle_case(case, photo, signature, None, &origin, now)?;
        let view = self.store_bundle(&bundle, &user.id)?;
        tracing::info!(cpr = %case.number, capture_id = %view.capture_id, unverified = view.cpr_unverified, "capture saved in the outbox");
        guard.take();
        Ok(view)
    }

    /// `skranke queue add`: stores a bundle file's bytes (checked: it must read and verify).
    pub fn queue_add(&self, bytes: &[u8]) -> Result<SendView, ApiError> {
        let bundle = Bundle::read(bytes).map_err(ApiError::from)?;
        self.store_bundle(&bundle, &cli_user())
    }

    fn store_bundle(&self, bundle: &Bundle, user_id: &str) -> Result<SendView, ApiError> {
        let m = bundle.manifest();
        let id = m.capture_id.to_string();
        let now = self.clock.now();
        let stored = self.with_outbox(|o| o.enqueue(&id, bundle.as_bytes(), &outbox_meta(m), now))?;
        let details = serde_json::json!({
            "capture_id": id,
            "case_ref": m.case_ref,
            "bundle_bytes": bundle.as_bytes().len(),
            "cpr_unverified": m.flags.cpr_unverified,
            "photo_override": m.flags.photo_override.as_ref().map(|o| o.reason.clone()),
        });
        self.audit(user_id, AuditAction::Capture, Some(&m.person.number), "queued", details)?;
        self.send_wakeup.notify_one();
        Ok(SendView {
            capture_id: id,
            stored: stored == Enqueued::Stored,
            bundle_bytes: bundle.as_bytes().len() as u64,
            cpr_unverified: m.flags.cpr_unverified,
        })
    }

    fn origin(&self, clerk: &str, source: Source) -> Origin {
        Origin {
            municipality: self.config.municipality.code.clone(),
            workstation: self.workstation.clone(),
            clerk: clerk.to_string(),
            source,
        }
    }

    /// Waits until something may be due: a capture was stored, "Prøv igen nu" was pressed, or
    /// `max` has passed (the background task's tick).
    pub async fn send_wait(&self, max: Duration) {
        let _ = tokio::time::timeout(max, self.send_wakeup.notified()).await;
    }

    /// One pass of the sender: uploads what is due (looking unverified cases up first), then asks
    /// the gateway what the producer decided about what it holds. Passes never overlap.
    pub async fn send_pass(&self) -> Result<SendPassReport, ApiError> {
        let _one_at_a_time = self.send_lock.lock().await;
        let mut report = SendPassReport::default();
        if !self.claim_sender()? {
            // Another process on this PC sends (the app while a script drains, or the reverse).
            return Ok(report);
        }
        let gateway = match &self.gateway {
            Ok(g) => g.clone(),
            Err(e) => {
                self.connection.unusable(e.code);
                return Ok(report);
            }
        };
        for _ in 0..MAX_UPLOADS_PER_PASS {
            let now = self.clock.now();
            let Some(leased) = self.with_outbox(|o| o.lease_next(now, LEASE))? else { break };
            let id = leased.id.clone();
            let Some(bytes) = self.verified_bytes(&id, leased.bytes, &mut report).await? else { continue };
            let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
                self.with_outbox(|o| o.mark_dead(&id, "capture id is not a UUID", self.clock.now()))?;
                report.dead += 1;
                continue;
            };
            let result = gateway.client.upload(uuid, &bytes).await;
            let now = self.clock.now();
            match after_upload(&result) {
                AfterUpload::Awaiting(receipt) => {
                    self.connection.answered();
                    self.with_outbox(|o| o.mark_awaiting_producer(&id, &receipt, now))?;
                    self.audit_send(&id, "uploaded", serde_json::json!({ "receipt": receipt }))?;
                    report.uploaded += 1;
                }
                AfterUpload::Rejected(reasons) => {
                    self.connection.answered();
                    self.with_outbox(|o| o.mark_rejected(&id, &reasons, now))?;
                    self.audit_send(&id, "rejected_by_gateway", serde_json::json!({ "reasons": reasons }))?;
                    report.rejected += 1;
                }
                AfterUpload::Retry { after, code } => {
                    self.connection.failed(code);
                    let at = self.with_outbox(|o| o.mark_retry(&id, now, after, code.as_str()))?;
                    tracing::info!(capture_id = %id, code = %code, next_attempt = %at, "upload failed; will retry");
                    report.retried += 1;
                    // The gateway is unreachable or busy: the rest of the queue waits too.
                    break;
                }
                AfterUpload::Dead(code) => {
                    self.connection.failed(code);
                    self.with_outbox(|o| o.mark_dead(&id, code.as_str(), now))?;
                    tracing::error!(capture_id = %id, code = %code, "upload answer outside the contract; capture set aside");
                    report.dead += 1;
                }
            }
        }
        self.poll_producer(&gateway.client, &mut report).await?;
        Ok(report)
    }

    /// Takes the sender lock of the data directory (an OS file lock, released when the process
    /// ends, however it ends) on first use. The holder is the only sender, so any `sending` row
    /// it finds was left by a dead one and is requeued at once. `false`: another process sends.
    fn claim_sender(&self) -> Result<bool, ApiError> {
        let mut held = self.sender_lock.lock().map_err(|_| poisoned())?;
        if held.is_some() {
            return Ok(true);
        }
        let path = self.data_dir.root.join("sender.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| ApiError::new(Code::DataDirUnwritable, format!("{}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Ok(false),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(ApiError::new(Code::DataDirUnwritable, format!("{}: {e}", path.display())));
            }
        }
        let now = self.clock.now();
        let recovered = self.with_outbox(|o| o.recover_all_leases(now))?;
        if recovered > 0 {
            tracing::info!(recovered, "captures left mid-send by a stopped sender are queued again");
        }
        *held = Some(file);
        Ok(true)
    }

    /// The bytes to upload: the stored bundle, or for a case saved "CPR ikke verificeret" the
    /// bundle rebuilt after a successful re-lookup. `None` when the row was dealt with here
    /// (blocked person: to review; register still unreachable: retry later).
    async fn verified_bytes(
        &self,
        id: &str,
        bytes: Vec<u8>,
        report: &mut SendPassReport,
    ) -> Result<Option<Vec<u8>>, ApiError> {
        let bundle = match Bundle::read(&bytes) {
            Ok(b) => b,
            Err(e) => {
                self.with_outbox(|o| o.mark_dead(id, e.code().as_str(), self.clock.now()))?;
                tracing::error!(capture_id = %id, code = %e.code(), "stored bundle does not verify; set aside");
                report.dead += 1;
                return Ok(None);
            }
        };
        if !bundle.manifest().flags.cpr_unverified {
            return Ok(Some(bytes));
        }
        let number = bundle.manifest().person.number;
        let looked_up = self.person_lookup.lookup(&number).await;
        let outcome = match &looked_up {
            Ok(_) => "found",
            Err(e) => e.code.as_str(),
        };
        self.audit(
            "sender",
            AuditAction::CprLookup,
            Some(&number),
            outcome,
            serde_json::json!({ "capture_id": id, "before_send": true }),
        )?;
        let now = self.clock.now();
        let person = match looked_up {
            Ok(p) => p,
            Err(e) => {
                // Still no register: the capture waits (it is never sent unverified).
                self.with_outbox(|o| o.mark_retry(id, now, None, e.code.as_str()))?;
                report.retried += 1;
                return Ok(None);
            }
        };
        let assessed = crate::case::assess(number, &person);
        if let Some(code) = assessed.blocked {
            let reasons = vec![code.as_str().to_string()];
            self.with_outbox(|o| o.mark_rejected(id, &reasons, now))?;
            self.audit_send(id, "blocked_at_relookup", serde_json::json!({ "reasons": reasons }))?;
            tracing::warn!(capture_id = %id, cpr = %number, code = code.as_str(), "re-lookup before sending: person blocked; capture to review");
            report.rejected += 1;
            return Ok(None);
        }
        let verified = verified_copy(&bundle, assessed.number, &person)?;
        let meta = outbox_meta(verified.manifest());
        self.with_outbox(|o| o.replace_unsent(id, verified.as_bytes(), &meta, now))?;
        tracing::info!(capture_id = %id, cpr = %assessed.number, "unverified capture verified and rebuilt before sending");
        report.verified += 1;
        Ok(Some(verified.into_bytes()))
    }

    async fn poll_producer(
        &self,
        client: &skranke_gateway::GatewayClient,
        report: &mut SendPassReport,
    ) -> Result<(), ApiError> {
        let filter =
            ListFilter { states: vec![OutboxState::AwaitingProducer], limit: Some(MAX_STATUS_QUERIES_PER_PASS) };
        let waiting = self.with_outbox(|o| o.list(&filter))?;
        for item in waiting {
            let Ok(uuid) = uuid::Uuid::parse_str(&item.capture_id) else { continue };
            let result = client.status(uuid).await;
            let now = self.clock.now();
            let id = item.capture_id.as_str();
            match after_status(&result) {
                AfterStatus::Wait => self.connection.answered(),
                AfterStatus::Accepted => {
                    self.connection.answered();
                    self.with_outbox(|o| o.mark_accepted(id, now))?;
                    self.audit_send(id, "accepted_by_producer", serde_json::json!({}))?;
                    report.accepted += 1;
                }
                AfterStatus::Rejected(reasons) => {
                    self.connection.answered();
                    self.with_outbox(|o| o.mark_rejected(id, &reasons, now))?;
                    self.audit_send(id, "rejected_by_producer", serde_json::json!({ "reasons": reasons }))?;
                    report.rejected += 1;
                }
                AfterStatus::Resend => {
                    self.connection.answered();
                    self.with_outbox(|o| o.resend(id, now))?;
                    tracing::warn!(capture_id = %id, "the gateway does not know a receipted capture; sending it again");
                    report.retried += 1;
                }
                AfterStatus::Failed(code) => {
                    self.connection.failed(code);
                    break;
                }
            }
        }
        Ok(())
    }

    fn audit_send(&self, capture_id: &str, outcome: &str, mut details: serde_json::Value) -> Result<(), ApiError> {
        details["capture_id"] = serde_json::Value::String(capture_id.to_string());
        self.audit("sender", AuditAction::Send, None, outcome, details)
    }

    /// Asks the gateway about a capture it cannot know: "unknown" proves it answers and accepts
    /// our client certificate (`skranke diagnose`). Returns the endpoint.
    pub async fn gateway_probe(&self) -> Result<String, ApiError> {
        let gateway = self.gateway.as_ref().map_err(Clone::clone)?;
        match gateway.client.status(uuid::Uuid::now_v7()).await {
            Ok(_) | Err(skranke_gateway::UploadError::UnknownCapture) => Ok(gateway.endpoint.clone()),
            Err(e) => Err(e.into()),
        }
    }

    /// Counts per state and the age of the oldest queued capture (`skranke queue status`).
    pub fn queue_status(&self) -> Result<OutboxStatus, ApiError> {
        let now = self.clock.now();
        self.with_outbox(|o| o.status(now))
    }

    /// The newest captures in the outbox, optionally only some states (`skranke queue list`, the
    /// list of today's captures).
    pub fn queue_list(&self, states: Vec<OutboxState>, limit: Option<u32>) -> Result<Vec<QueueItemView>, ApiError> {
        let items = self.with_outbox(|o| o.list(&ListFilter { states, limit }))?;
        Ok(items.iter().map(QueueItemView::from).collect())
    }

    /// "Prøv igen nu": a queued capture becomes due at once, a dead one goes back to the queue;
    /// with no id, every queued capture becomes due. Wakes the sender.
    pub fn queue_retry(&self, capture_id: Option<&str>) -> Result<u32, ApiError> {
        let now = self.clock.now();
        let ids: Vec<String> = match capture_id {
            Some(id) => vec![id.to_string()],
            None => self
                .with_outbox(|o| o.list(&ListFilter { states: vec![OutboxState::Queued], limit: Some(10_000) }))?
                .into_iter()
                .map(|i| i.capture_id)
                .collect(),
        };
        for id in &ids {
            self.with_outbox(|o| o.retry_now(id, now))?;
        }
        self.send_wakeup.notify_one();
        Ok(ids.len() as u32)
    }

    /// `skranke queue drain`: runs passes until nothing is queued or sending, or `timeout` passes;
    /// returns the final counts.
    pub async fn queue_drain(&self, timeout: Duration) -> Result<OutboxStatus, ApiError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            self.send_pass().await?;
            let status = self.queue_status()?;
            if status.queued == 0 && status.sending == 0 {
                return Ok(status);
            }
            if self.gateway.is_err() || tokio::time::Instant::now() >= deadline {
                return Ok(status);
            }
            let next = self.next_due_in()?.min(Duration::from_secs(1)).max(Duration::from_millis(50));
            tokio::time::sleep(next.min(deadline.saturating_duration_since(tokio::time::Instant::now()))).await;
        }
    }

    /// Time until the earliest queued capture is due (zero when one is due now).
    fn next_due_in(&self) -> Result<Duration, ApiError> {
        let items =
            self.with_outbox(|o| o.list(&ListFilter { states: vec![OutboxState::Queued], limit: Some(10_000) }))?;
        let now = self.clock.now();
        let soonest = items
            .iter()
            .filter_map(|i| chrono::DateTime::parse_from_rfc3339(&i.next_attempt_at).ok())
            .map(|t| (t.with_timezone(&chrono::Utc) - now).to_std().unwrap_or(Duration::ZERO))
            .min();
        Ok(soonest.unwrap_or(Duration::from_secs(1)))
    }
}

/// The audit user of command-line actions: `cli:<OS user>`.
pub(crate) fn cli_user() -> String {
    let who = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "cli".into());
    format!("cli:{who}")
}
