//! What the UI and `skranke queue` show of the outbox: counts, and one line per capture with its
//! state, masked number and case reference (the row's plaintext metadata; never the bundle).
use serde::Serialize;
use skranke_store::{OutboxItem, OutboxState};

/// One capture in the outbox, for the "today's captures" list and `skranke queue list`.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueueItemView {
    /// Capture id (UUIDv7).
    pub capture_id: String,
    /// queued, sending, awaiting_producer, accepted, rejected or dead.
    pub state: OutboxState,
    /// The case reference.
    pub case_ref: Option<String>,
    /// The CPR number, masked (DDMMYY-xxxx).
    pub cpr_masked: Option<String>,
    /// Counter or scan.
    pub source: Option<String>,
    /// When it was saved (RFC 3339).
    pub enqueued_at: String,
    /// Last change (RFC 3339).
    pub updated_at: String,
    /// When the next attempt is due, for queued captures (RFC 3339).
    pub next_attempt_at: Option<String>,
    /// Send attempts so far.
    pub attempts: u32,
    /// The code of the last transient error, when it is waiting for a retry.
    pub last_error: Option<String>,
    /// Why the gateway or the producer rejected it.
    pub reasons: Vec<String>,
    /// Why it was set aside.
    pub dead_reason: Option<String>,
    /// The gateway's receipt id, once it has the capture.
    pub receipt_id: Option<String>,
    /// Still "CPR ikke verificeret": looked up again before it is sent.
    pub cpr_unverified: bool,
    /// The encrypted bundle is still stored (false once accepted and shredded).
    pub has_bundle: bool,
}

impl From<&OutboxItem> for QueueItemView {
    fn from(i: &OutboxItem) -> Self {
        let text = |k: &str| i.meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
        Self {
            capture_id: i.capture_id.clone(),
            state: i.state,
            case_ref: text("case_ref"),
            cpr_masked: text("cpr_masked"),
            source: text("source"),
            enqueued_at: i.enqueued_at.clone(),
            updated_at: i.updated_at.clone(),
            next_attempt_at: (i.state == OutboxState::Queued).then(|| i.next_attempt_at.clone()),
            attempts: i.attempts,
            last_error: i.last_error.clone(),
            reasons: i.reasons.clone().unwrap_or_default(),
            dead_reason: i.dead_reason.clone(),
            receipt_id: i
                .receipt
                .as_ref()
                .and_then(|r| r.get("receipt_id"))
                .and_then(|v| v.as_str())
                .map(str::to_string),
            cpr_unverified: i.meta.get("cpr_unverified").and_then(|v| v.as_bool()).unwrap_or(false),
            has_bundle: i.has_bundle,
        }
    }
}
