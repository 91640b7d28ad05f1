//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::Serialize;

/// Connection state shown in the header.
#[derive(ts_rs::TS, Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Connection {
    /// The gateway answered recently.
    Online,
    /// The gateway could not be reached recently.
    Offline,
    /// Nothing has been tried yet.
    Unknown,
}

/// Header status: connection, queue and certificate.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// Gateway reachability.
    pub connection: Connection,
    /// Captures waiting in the outbox.
    pub queued: u64,
    /// Age in seconds of the oldest waiting capture.
    pub oldest_queued_age_s: Option<u64>,
    /// Days until the gateway client certificate expires, when known.
    pub certificate_expires_in_days: Option<i64>,
    /// What stands in the way of sending, when something does (offline, certificate, not
    /// configured); also `certificate_expires_soon` inside the warning period.
    pub problem: Option<crate::Code>,
    /// Captures rejected by the gateway or the producer, waiting for a supervisor.
    pub rejected: u64,
    /// Captures set aside after a permanent error.
    pub dead: u64,
}

/// What Send did with the open case.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SendView {
    /// The capture id (UUIDv7), the gateway's `Idempotency-Key`.
    pub capture_id: String,
    /// Whether the capture was newly stored (false: it was already in the outbox).
    pub stored: bool,
    /// Bundle size in bytes.
    pub bundle_bytes: u64,
    /// Still "CPR ikke verificeret": looked up again before it is sent.
    pub cpr_unverified: bool,
}

/// What one pass of the sender did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SendPassReport {
    /// Uploaded and receipted by the gateway.
    pub uploaded: u32,
    /// Put back in the queue for a later attempt.
    pub retried: u32,
    /// Rejected (gateway, producer, or blocked at re-lookup): to review.
    pub rejected: u32,
    /// Accepted by the producer (crypto-shredded).
    pub accepted: u32,
    /// Set aside as dead.
    pub dead: u32,
    /// Unverified cases verified by the re-lookup and rebuilt.
    pub verified: u32,
}
