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

/// Header status: connection, queue, certificate, and whether the outbox is over its cap.
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
    /// Set while the outbox is over its cap (`[outbox] max_unsent`, `max_unsent_hours`): the
    /// header turns red for everyone, and supervisors see why.
    #[ts(optional = nullable)]
    pub over_cap: Option<OverCap>,
}

/// Which limit of `[outbox]` the unsent captures are over.
#[derive(ts_rs::TS, Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum OverCapReason {
    /// More than `max_unsent` captures are unsent (checked first).
    Count,
    /// The oldest unsent capture has waited longer than `max_unsent_hours`.
    Age,
}

/// The outbox is over its cap: too many captures have not reached the gateway (queued or being
/// sent), or the oldest has waited too long. The numbers are counts and hours only.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OverCap {
    /// Which limit is exceeded (`count` when both are).
    pub reason: OverCapReason,
    /// Captures not yet at the gateway: queued plus being sent.
    pub unsent: u64,
    /// `[outbox] max_unsent`.
    pub max_unsent: u64,
    /// Whole hours the oldest queued capture has waited, when one is queued.
    pub oldest_hours: Option<u64>,
    /// `[outbox] max_unsent_hours`.
    pub max_hours: u64,
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
