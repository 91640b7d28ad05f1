//! Supervisor review in the outbox: which captures wait for a supervisor and why
//! ([`Outbox::review_queue`]), holding a clerk's override before it is sent
//! ([`Outbox::enqueue_held`]), the decision ([`Outbox::decide`]: approve, return to the counter,
//! discard), and the returned cases clerks see until the citizen is informed and captured again.
//! Who may decide (four eyes, a fresh confirmation) is the façade's rule; this module records.
use super::{Enqueued, Outbox, OutboxState, ms};
use crate::{StoreError, data_keys};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

/// Why a capture waits for a supervisor.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCause {
    /// The gateway refused it (422) with reasons.
    GatewayRejected,
    /// The police's producer refused it (tilbageløb) with reasons.
    ProducerRejected,
    /// The sender's re-lookup found the person blocked (dead, emigrated, not found, a changed
    /// number): never sent.
    Blocked,
    /// The photo or signature was accepted by a clerk despite failing checks: held until a
    /// supervisor approves (`[review] overrides = "all"`).
    Override,
    /// Given up after a permanent error.
    Dead,
    /// Still queued, but the gateway has refused our certificate for longer than
    /// `[review] stuck_hours`.
    Stuck,
}

impl ReviewCause {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GatewayRejected => "gateway_rejected",
            Self::ProducerRejected => "producer_rejected",
            Self::Blocked => "blocked",
            Self::Override => "override",
            Self::Dead => "dead",
            Self::Stuck => "stuck",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "gateway_rejected" => Self::GatewayRejected,
            "producer_rejected" => Self::ProducerRejected,
            "blocked" => Self::Blocked,
            "override" => Self::Override,
            "dead" => Self::Dead,
            "stuck" => Self::Stuck,
            other => return Err(StoreError::Invalid(format!("review cause {other:?}"))),
        })
    }
}

/// A supervisor's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Send it as it is (overrides only).
    Approve,
    /// Back to the counter: a returned case for the clerks.
    Return,
    /// Shredded at once.
    Discard,
}

impl Decision {
    /// The stored name (past tense, as in the decision table).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Return => "returned",
            Self::Discard => "discarded",
        }
    }
}

/// When a queued capture counts as stuck: its last error is one of `codes` (certificate refused)
/// and it was enqueued before `enqueued_before`.
#[derive(Debug, Clone)]
pub struct StuckRule {
    /// Error codes that mean "the gateway refuses our certificate".
    pub codes: Vec<String>,
    /// Enqueued before this moment.
    pub enqueued_before: DateTime<Utc>,
}

/// One capture waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    /// Capture id.
    pub capture_id: String,
    /// Why it waits.
    pub cause: ReviewCause,
    /// Where it is in the outbox.
    pub state: OutboxState,
    /// The gateway's, producer's or re-lookup's reasons (codes), or the dead reason.
    pub reasons: Vec<String>,
    /// The caller's metadata (case reference, masked number, clerk, override flags).
    pub meta: serde_json::Value,
    /// When it was enqueued, RFC 3339.
    pub enqueued_at: String,
    /// When it reached this state, RFC 3339.
    pub since: String,
    /// Whether the encrypted bundle is still stored.
    pub has_bundle: bool,
    /// The last transient error (stuck items).
    pub last_error: Option<String>,
}

/// A capture a supervisor returned to the counter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnedCase {
    /// The returned capture.
    pub capture_id: String,
    /// Its case reference.
    pub case_ref: String,
    /// The person, masked.
    pub cpr_masked: String,
    /// The cause it was reviewed under.
    pub cause: ReviewCause,
    /// The gateway's or producer's reasons (codes).
    pub reasons: Vec<String>,
    /// The supervisor's written reason.
    pub supervisor_reason: String,
    /// Who made the capture.
    pub captured_by: Option<String>,
    /// Who returned it, and when (RFC 3339).
    pub returned_by: String,
    /// When it was returned.
    pub returned_at: String,
    /// How the citizen was told, once they were.
    pub citizen_told: Option<String>,
    /// Who marked "borger informeret", and when.
    pub informed_by: Option<String>,
    /// When the citizen was informed.
    pub informed_at: Option<String>,
    /// The new capture sent for the person, when there is one.
    pub resolved_by_capture: Option<String>,
}

fn rfc3339_ms(v: i64) -> String {
    Utc.timestamp_millis_opt(v)
        .single()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn parse_reasons(text: Option<String>) -> Vec<String> {
    text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// The undecided captures that wait for a supervisor; `?1` is now, `?2` the stuck cut-off,
/// `?3` the stuck codes as a JSON array.
///
/// An approval releases an override to the sender; if that capture comes back rejected (or dead,
/// or stuck) it waits again, for a new decision that replaces the approval.
const WAITING: &str = "o.capture_id NOT IN (SELECT capture_id FROM review_decision WHERE decision != 'approved')
    AND (o.state IN ('rejected', 'dead')
         OR (o.state = 'queued' AND o.held = 1)
         OR (o.state = 'queued' AND o.enqueued_at < ?1 AND o.last_error IN (SELECT value FROM json_each(?2))))";

impl Outbox {
    /// Stores a capture like [`Outbox::enqueue`], but held: it is not sent until a supervisor
    /// approves it ([`Outbox::decide`]). One transaction, so no sender can lease it in between.
    pub fn enqueue_held(
        &mut self,
        capture_id: &str,
        bundle: &[u8],
        meta: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<Enqueued, StoreError> {
        self.enqueue_with_hold(capture_id, bundle, meta, now, true, None)
    }

    /// The captures waiting for a supervisor, oldest first.
    pub fn review_queue(&self, stuck: &StuckRule) -> Result<Vec<ReviewItem>, StoreError> {
        let codes = serde_json::to_string(&stuck.codes).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT o.capture_id, o.state, o.review_cause, o.held, o.reasons, o.dead_reason, o.meta, o.enqueued_at,
                    o.updated_at, b.capture_id IS NOT NULL, o.last_error
             FROM outbox o LEFT JOIN outbox_bundle b ON b.capture_id = o.capture_id
             WHERE {WAITING}
             ORDER BY o.enqueued_at, o.capture_id"
        ))?;
        let rows = stmt.query_map(params![ms(stuck.enqueued_before), codes], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
                r.get::<_, bool>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, state, cause, held, reasons, dead_reason, meta, enqueued, updated, has_bundle, last_error) = row?;
            let state = OutboxState::parse(&state)?;
            let cause = match (state, held, cause.as_deref()) {
                (OutboxState::Queued, 1, _) => ReviewCause::Override,
                (OutboxState::Queued, _, _) => ReviewCause::Stuck,
                (OutboxState::Dead, _, _) => ReviewCause::Dead,
                (_, _, Some(c)) => ReviewCause::parse(c)?,
                // Rejected before review causes were recorded (schema 6): by whether it had a receipt.
                (_, _, None) => ReviewCause::GatewayRejected,
            };
            let mut reasons = parse_reasons(reasons);
            if let Some(d) = dead_reason {
                reasons.push(d);
            }
            out.push(ReviewItem {
                capture_id: id,
                cause,
                state,
                reasons,
                meta: serde_json::from_str(&meta).unwrap_or(serde_json::Value::Null),
                enqueued_at: rfc3339_ms(enqueued),
                since: rfc3339_ms(updated),
                has_bundle,
                last_error,
            });
        }
        Ok(out)
    }

    /// Records a supervisor's decision on a waiting capture, in one transaction:
    /// - [`Decision::Approve`] (held overrides only): released to the sender, due now;
    /// - [`Decision::Return`]: never sent; a returned case for the clerks (the person's number
    ///   `cpr_digits` is kept only as a keyed hash, to find the case when the person comes back);
    ///   the bundle is kept for `retention.review_days`;
    /// - [`Decision::Discard`]: never sent; the bundle is shredded now.
    ///
    /// A capture that is not waiting, or already decided, is [`StoreError::InvalidState`].
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &mut self,
        item: &ReviewItem,
        decision: Decision,
        decided_by: &str,
        reason: &str,
        cpr_digits: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let refused = |state: &str| StoreError::InvalidState {
            id: item.capture_id.clone(),
            state: state.to_string(),
            action: "review_decide",
        };
        if decision == Decision::Approve && item.cause != ReviewCause::Override {
            return Err(refused(item.cause.as_str()));
        }
        let person_key = match (decision, cpr_digits) {
            (Decision::Return, Some(c)) => Some(self.person_key(c)?),
            (Decision::Return, None) => return Err(StoreError::Invalid("a returned case needs the person".into())),
            _ => None,
        };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<(String, i64)> = tx
            .query_row("SELECT state, held FROM outbox WHERE capture_id = ?1", params![item.capture_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((state, _held)) = current else { return Err(StoreError::NotFound(item.capture_id.clone())) };
        if state != item.state.as_str() {
            return Err(refused(&state));
        }
        // A capture decides once, except that an approved override that came back (rejected,
        // dead, stuck) is decided again; the earlier approval stays in the audit trail.
        let inserted = tx.execute(
            "INSERT INTO review_decision (capture_id, decision, cause, decided_by, reason, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(capture_id) DO UPDATE SET decision = excluded.decision, cause = excluded.cause,
                 decided_by = excluded.decided_by, reason = excluded.reason, decided_at = excluded.decided_at
             WHERE review_decision.decision = 'approved' AND ?2 != 'approved'",
            params![item.capture_id, decision.as_str(), item.cause.as_str(), decided_by, reason, ms(now)],
        )?;
        if inserted == 0 {
            return Err(refused("decided"));
        }
        match decision {
            Decision::Approve => {
                tx.execute(
                    "UPDATE outbox SET held = 0, next_attempt_at = ?2, updated_at = ?2 WHERE capture_id = ?1",
                    params![item.capture_id, ms(now)],
                )?;
            }
            Decision::Return | Decision::Discard => {
                // Whatever was still queued (held, stuck) stops here: it is never sent.
                tx.execute(
                    "UPDATE outbox SET state = 'dead', held = 0, lease_until = NULL,
                         dead_reason = COALESCE(dead_reason, ?2), updated_at = ?3
                     WHERE capture_id = ?1 AND state = 'queued'",
                    params![item.capture_id, format!("review_{}", decision.as_str()), ms(now)],
                )?;
            }
        }
        if let Some(person_key) = person_key {
            let meta = &item.meta;
            let text = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
            tx.execute(
                "INSERT INTO returned_case (capture_id, case_ref, cpr_masked, person_key, cause, reasons, supervisor_reason,
                     captured_by, returned_by, returned_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    item.capture_id,
                    text("case_ref").unwrap_or_default(),
                    text("cpr_masked").unwrap_or_default(),
                    person_key,
                    item.cause.as_str(),
                    serde_json::to_string(&item.reasons).map_err(|e| StoreError::Invalid(e.to_string()))?,
                    reason,
                    text("clerk"),
                    decided_by,
                    ms(now)
                ],
            )?;
        }
        if decision == Decision::Discard {
            tx.execute("DELETE FROM outbox_bundle WHERE capture_id = ?1", params![item.capture_id])?;
        }
        tx.commit()?;
        if decision == Decision::Discard {
            self.fold_after_shred();
        }
        Ok(())
    }

    /// The decision on a capture, if any: (decision, decided_by, reason, decided_at RFC 3339).
    pub fn decision(&self, capture_id: &str) -> Result<Option<(String, String, String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT decision, decided_by, reason, decided_at FROM review_decision WHERE capture_id = ?1",
                params![capture_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, rfc3339_ms(r.get(3)?))),
            )
            .optional()?)
    }

    /// Returned cases still open (the citizen not yet captured again), oldest first; with
    /// `include_resolved` also the resolved ones.
    pub fn returned_cases(&self, include_resolved: bool) -> Result<Vec<ReturnedCase>, StoreError> {
        let filter = if include_resolved { "" } else { "WHERE resolved_by_capture IS NULL" };
        self.select_returned(&format!("{filter} ORDER BY returned_at, capture_id"), params![])
    }

    /// The open returned cases of one person (a new case for them starts from these).
    pub fn returned_for_person(&self, cpr_digits: &str) -> Result<Vec<ReturnedCase>, StoreError> {
        let key = self.person_key(cpr_digits)?;
        self.select_returned("WHERE person_key = ?1 AND resolved_by_capture IS NULL ORDER BY returned_at", params![key])
    }

    /// "Borger informeret": how the citizen was told, by whom, when.
    pub fn mark_informed(
        &mut self,
        capture_id: &str,
        citizen_told: &str,
        informed_by: &str,
        now: DateTime<Utc>,
    ) -> Result<ReturnedCase, StoreError> {
        let n = self.conn.execute(
            "UPDATE returned_case SET citizen_told = ?2, informed_by = ?3, informed_at = ?4 WHERE capture_id = ?1",
            params![capture_id, citizen_told, informed_by, ms(now)],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(capture_id.to_string()));
        }
        self.select_returned("WHERE capture_id = ?1", params![capture_id])?
            .pop()
            .ok_or_else(|| StoreError::NotFound(capture_id.to_string()))
    }

    /// A new capture for the person was sent: their open returned cases are resolved by it.
    /// Returns how many.
    pub fn resolve_returned(
        &mut self,
        cpr_digits: &str,
        new_capture: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let key = self.person_key(cpr_digits)?;
        let n = self.conn.execute(
            "UPDATE returned_case SET resolved_by_capture = ?2, resolved_at = ?3
             WHERE person_key = ?1 AND resolved_by_capture IS NULL",
            params![key, new_capture, ms(now)],
        )?;
        Ok(n as u64)
    }

    fn select_returned(&self, tail: &str, p: impl rusqlite::Params) -> Result<Vec<ReturnedCase>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT capture_id, case_ref, cpr_masked, cause, reasons, supervisor_reason, captured_by, returned_by,
                    returned_at, citizen_told, informed_by, informed_at, resolved_by_capture
             FROM returned_case {tail}"
        ))?;
        let rows = stmt.query_map(p, |r| {
            Ok((
                ReturnedCase {
                    capture_id: r.get(0)?,
                    case_ref: r.get(1)?,
                    cpr_masked: r.get(2)?,
                    cause: ReviewCause::Dead,
                    reasons: parse_reasons(r.get(4)?),
                    supervisor_reason: r.get(5)?,
                    captured_by: r.get(6)?,
                    returned_by: r.get(7)?,
                    returned_at: rfc3339_ms(r.get(8)?),
                    citizen_told: r.get(9)?,
                    informed_by: r.get(10)?,
                    informed_at: r.get::<_, Option<i64>>(11)?.map(rfc3339_ms),
                    resolved_by_capture: r.get(12)?,
                },
                r.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (mut case, cause) = row?;
            case.cause = ReviewCause::parse(&cause)?;
            Ok(case)
        })
        .collect()
    }

    /// The keyed hash of a person's number under the review data key.
    fn person_key(&self, cpr_digits: &str) -> Result<String, StoreError> {
        let key = data_keys::load_or_create(&self.conn, &self.master, "review")?;
        Ok(key.tagged_mac("returned-case-person", &[cpr_digits.as_bytes()]))
    }
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
