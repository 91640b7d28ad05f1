//! One pass of the sender: lease what is due, look unverified cases up again (a blocked person
//! goes to review, never to the gateway), upload, sort each answer with [`super::outcome`], then
//! ask the gateway what the producer decided, and fold the pass's shreds into the database file
//! (one truncating checkpoint for all its acceptances). The Tauri shell's background task and
//! `skranke queue drain` both run this.
use super::Sender;
use super::case_bundle::{outbox_meta, verified_copy};
use super::json::SendPassReport;
use super::outcome::{AfterStatus, AfterUpload, after_status, after_upload};
use crate::case_desk::{CaseDesk, RegisterPerson};
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_core::Bundle;
use skranke_store::{AuditAction, ReviewCause};
use std::time::Duration;

/// How long a sender holds a leased capture before another pass may take it (a crash mid-send
/// leaves the lease to expire; the upload is idempotent, so a second send is harmless).
const LEASE: Duration = Duration::from_secs(120);
/// Most uploads per pass, so a pass never runs for long.
const MAX_UPLOADS_PER_PASS: u32 = 25;
/// Most producer-status queries per pass.
const MAX_STATUS_QUERIES_PER_PASS: u32 = 50;
/// Most producer-status queries in a pass that had a full load of uploads (more are likely
/// queued): getting captures off the PC comes before learning the producer's decisions, which
/// take far longer than a drain anyway. Every awaiting capture is still asked in turn.
const MAX_STATUS_QUERIES_WHILE_BUSY: u32 = 10;

impl Sender {
    /// One pass of the sender ([`crate::Skranke::send_pass`]): uploads what is due (looking unverified cases up first), then asks
    /// the gateway what the producer decided about what it holds. Passes never overlap.
    pub(crate) async fn pass(&self, ctx: &Context, desk: &CaseDesk) -> Result<SendPassReport, ApiError> {
        let _one_at_a_time = self.send_lock.lock().await;
        // Declared after the lock, so dropped before it: the fold is part of the pass.
        let _fold = FoldAtPassEnd { sender: self };
        let mut report = SendPassReport::default();
        if !self.claim_sender(ctx)? {
            // Another process on this PC sends (the app while a script drains, or the reverse).
            return Ok(report);
        }
        self.recover_leases(ctx)?;
        let gateway = match &self.gateway {
            Ok(g) => g.clone(),
            Err(e) => {
                self.connection.unusable(e.code);
                return Ok(report);
            }
        };
        let mut leased_in_pass = 0;
        for _ in 0..MAX_UPLOADS_PER_PASS {
            let now = ctx.clock.now();
            let Some(leased) = self.with_outbox(ctx, |o| o.lease_next(now, LEASE))? else { break };
            leased_in_pass += 1;
            let id = leased.id.clone();
            let Some(bytes) = self.verified_bytes(ctx, desk, &id, leased.bytes, &mut report).await? else { continue };
            let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
                self.with_outbox(ctx, |o| o.mark_dead(&id, "capture id is not a UUID", ctx.clock.now()))?;
                report.dead += 1;
                continue;
            };
            let result = gateway.client.upload(uuid, &bytes).await;
            let now = ctx.clock.now();
            match after_upload(&result) {
                AfterUpload::Awaiting(receipt) => {
                    self.connection.answered();
                    self.with_outbox(ctx, |o| o.mark_awaiting_producer(&id, &receipt, now))?;
                    audit_send(ctx, &id, "uploaded", serde_json::json!({ "receipt": receipt }))?;
                    report.uploaded += 1;
                }
                AfterUpload::Rejected(reasons) => {
                    self.connection.answered();
                    self.with_outbox(ctx, |o| o.mark_rejected(&id, ReviewCause::GatewayRejected, &reasons, now))?;
                    audit_send(ctx, &id, "rejected_by_gateway", serde_json::json!({ "reasons": reasons }))?;
                    report.rejected += 1;
                }
                AfterUpload::Retry { after, code } => {
                    self.connection.failed(code);
                    let at = self.with_outbox(ctx, |o| o.mark_retry(&id, now, after, code.as_str()))?;
                    tracing::info!(capture_id = %id, code = %code, next_attempt = %at, "upload failed; will retry");
                    report.retried += 1;
                    // The gateway is unreachable or busy: the rest of the queue waits too.
                    break;
                }
                AfterUpload::Dead(code) => {
                    self.connection.failed(code);
                    self.with_outbox(ctx, |o| o.mark_dead(&id, code.as_str(), now))?;
                    tracing::error!(capture_id = %id, code = %code, "upload answer outside the contract; capture set aside");
                    report.dead += 1;
                }
            }
        }
        let questions = if leased_in_pass == MAX_UPLOADS_PER_PASS {
            MAX_STATUS_QUERIES_WHILE_BUSY
        } else {
            MAX_STATUS_QUERIES_PER_PASS
        };
        self.poll_producer(ctx, &gateway.client, questions, &mut report).await?;
        Ok(report)
    }

    /// Takes the sender lock of the data directory (an OS file lock, released when the process
    /// ends, however it ends) on first use: the holder is the only sender. `false`: another
    /// process sends.
    fn claim_sender(&self, ctx: &Context) -> Result<bool, ApiError> {
        let mut held = self.sender_lock.lock()?;
        if held.is_some() {
            return Ok(true);
        }
        let path = ctx.data_dir.root.join("sender.lock");
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
        *held = Some(file);
        Ok(true)
    }

    /// Puts every `sending` capture back in the queue, at the start of every pass. This process
    /// holds the sender lock and passes never overlap, so a `sending` row here was left by an
    /// earlier pass that ended in an error, or by a sender that stopped: waiting for its lease to
    /// expire (or, with the clock set back, much longer) would only delay it.
    fn recover_leases(&self, ctx: &Context) -> Result<(), ApiError> {
        let now = ctx.clock.now();
        let recovered = self.with_outbox(ctx, |o| o.recover_all_leases(now))?;
        if recovered > 0 {
            tracing::info!(recovered, "captures left mid-send are queued again");
        }
        Ok(())
    }

    /// The bytes to upload: the stored bundle, or for a case saved "CPR ikke verificeret" the
    /// bundle rebuilt after a successful re-lookup. `None` when the row was dealt with here
    /// (blocked person: to review; register still unreachable: retry later).
    async fn verified_bytes(
        &self,
        ctx: &Context,
        desk: &CaseDesk,
        id: &str,
        bytes: Vec<u8>,
        report: &mut SendPassReport,
    ) -> Result<Option<Vec<u8>>, ApiError> {
        let bundle = match Bundle::read(&bytes) {
            Ok(b) => b,
            Err(e) => {
                self.with_outbox(ctx, |o| o.mark_dead(id, e.code().as_str(), ctx.clock.now()))?;
                tracing::error!(capture_id = %id, code = %e.code(), "stored bundle does not verify; set aside");
                report.dead += 1;
                return Ok(None);
            }
        };
        if !bundle.manifest().flags.cpr_unverified {
            return Ok(Some(bytes));
        }
        let number = bundle.manifest().person.number;
        let details =
            |_: &Result<RegisterPerson, ApiError>| serde_json::json!({ "capture_id": id, "before_send": true });
        // Audited under the clerk who made the capture (the register's rule: every lookup has a user).
        let clerk = bundle.manifest().clerk.clone();
        let looked_up = desk.audited_lookup(ctx, &clerk, &number, details).await?;
        let now = ctx.clock.now();
        let person = match looked_up {
            Ok(p) => p,
            Err(e) if e.code == Code::CprNotFound => {
                // A definite answer: no such person. Never sent; a supervisor reviews it.
                let reasons = vec![e.code.as_str().to_string()];
                self.with_outbox(ctx, |o| o.mark_rejected(id, ReviewCause::Blocked, &reasons, now))?;
                audit_send(ctx, id, "not_found_at_relookup", serde_json::json!({ "reasons": reasons }))?;
                tracing::warn!(capture_id = %id, "re-lookup before sending: person not found; capture to review");
                report.rejected += 1;
                return Ok(None);
            }
            Err(e) => {
                // Still no register: the capture waits (it is never sent unverified).
                self.with_outbox(ctx, |o| o.mark_retry(id, now, None, e.code.as_str()))?;
                report.retried += 1;
                return Ok(None);
            }
        };
        let assessed = crate::case_desk::assess(number, &person);
        if let Some(code) = assessed.blocked {
            let reasons = vec![code.as_str().to_string()];
            self.with_outbox(ctx, |o| o.mark_rejected(id, ReviewCause::Blocked, &reasons, now))?;
            audit_send(ctx, id, "blocked_at_relookup", serde_json::json!({ "reasons": reasons }))?;
            tracing::warn!(capture_id = %id, cpr = %number, code = code.as_str(), "re-lookup before sending: person blocked; capture to review");
            report.rejected += 1;
            return Ok(None);
        }
        let verified = verified_copy(&bundle, assessed.number, &person)?;
        let meta = outbox_meta(verified.manifest());
        self.with_outbox(ctx, |o| o.replace_unsent(id, verified.as_bytes(), &meta, now))?;
        tracing::info!(capture_id = %id, cpr = %assessed.number, "unverified capture verified and rebuilt before sending");
        report.verified += 1;
        Ok(Some(verified.into_bytes()))
    }

    /// Asks the gateway what the producer decided about up to `questions` awaiting captures, in
    /// turn (see `Outbox::awaiting_to_ask`).
    async fn poll_producer(
        &self,
        ctx: &Context,
        client: &skranke_gateway::GatewayClient,
        questions: u32,
        report: &mut SendPassReport,
    ) -> Result<(), ApiError> {
        let waiting = self.with_outbox(ctx, |o| o.awaiting_to_ask(questions))?;
        for id in waiting {
            let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
                self.with_outbox(ctx, |o| o.mark_dead(&id, "capture id is not a UUID", ctx.clock.now()))?;
                continue;
            };
            let result = client.status(uuid).await;
            let now = ctx.clock.now();
            let id = id.as_str();
            match after_status(&result) {
                AfterStatus::Wait => {
                    self.connection.answered();
                    // To the back of the line: the next pass asks about the others first.
                    self.with_outbox(ctx, |o| o.producer_asked(id, now))?;
                }
                AfterStatus::Accepted => {
                    self.connection.answered();
                    self.with_outbox(ctx, |o| o.mark_accepted(id, now))?;
                    audit_send(ctx, id, "accepted_by_producer", serde_json::json!({}))?;
                    report.accepted += 1;
                }
                AfterStatus::Rejected(reasons) => {
                    self.connection.answered();
                    self.with_outbox(ctx, |o| o.mark_rejected(id, ReviewCause::ProducerRejected, &reasons, now))?;
                    audit_send(ctx, id, "rejected_by_producer", serde_json::json!({ "reasons": reasons }))?;
                    report.rejected += 1;
                }
                AfterStatus::Resend => {
                    self.connection.answered();
                    self.with_outbox(ctx, |o| o.resend(id, now))?;
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

    /// Asks the gateway about a capture it cannot know: "unknown" proves it answers and accepts
    /// our client certificate (`skranke diagnose`). Returns the endpoint.
    pub(crate) async fn gateway_probe(&self) -> Result<String, ApiError> {
        let gateway = self.gateway.as_ref().map_err(Clone::clone)?;
        match gateway.client.status(uuid::Uuid::now_v7()).await {
            Ok(_) | Err(skranke_gateway::UploadError::UnknownCapture) => Ok(gateway.endpoint.clone()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Ends every pass with `Outbox::fold_pending_shreds`: the captures the pass accepted were
/// shredded, and this cuts the copies of their ciphertext out of the write-ahead log and the
/// database file with one truncating checkpoint for the whole pass (not an fsync per capture).
/// A guard, so the pass folds however it ends: returned, failed with `?`, or dropped at an await
/// (a drain that timed out).
struct FoldAtPassEnd<'a> {
    sender: &'a Sender,
}

impl Drop for FoldAtPassEnd<'_> {
    fn drop(&mut self) {
        // Only an outbox this process opened has shredded anything; a poisoned lock means a
        // panic mid-pass, and then the next lease or closing the outbox folds instead.
        if let Ok(mut outbox) = self.sender.outbox.lock()
            && let Some(outbox) = outbox.as_mut()
        {
            outbox.fold_pending_shreds();
        }
    }
}

/// Records what the sender did with a capture (the audit user is `sender`).
fn audit_send(ctx: &Context, capture_id: &str, outcome: &str, mut details: serde_json::Value) -> Result<(), ApiError> {
    details["capture_id"] = serde_json::Value::String(capture_id.to_string());
    ctx.audit.record("sender", AuditAction::Send, None, outcome, details)
}
