//! What one audit entry records.
use chrono::{DateTime, Utc};
use serde::Serialize;

/// What was done. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditAction {
    /// A user signed in.
    SignIn,
    /// A sign-in failed.
    SignInFailed,
    /// A user signed out (or the app locked).
    SignOut,
    /// A CPR lookup is about to leave the machine (written and committed before it does).
    CprLookup,
    /// What the register answered to the lookup entry named in `details.request` (with the
    /// number of attempts when the request was retried).
    CprLookupResult,
    /// The open case was closed without being sent (next citizen, sign-out, switch user).
    CaseClose,
    /// A capture (photo and signature) was completed.
    Capture,
    /// A capture was sent.
    Send,
    /// A capture was corrected.
    Correction,
    /// A supervisor decided on a capture in review (approve, return, discard), with the reason.
    ReviewDecision,
    /// A supervisor opened a capture in review (its photo and signature decrypted for display).
    ReviewView,
    /// A command was refused: nobody signed in, the role does not allow it, or the session is locked.
    AccessRefused,
    /// The session locked (idle, the OS session locked, the PC suspended, or by hand).
    SessionLocked,
    /// The user who locked the session signed in again and carried on.
    SessionUnlocked,
    /// Too many failed sign-ins: sign-in on this workstation is locked for a while.
    SignInLockedOut,
    /// The retention run deleted (or, dry, counted) what is past its time; `details` holds the
    /// counts only.
    Retention,
    /// A signed checkpoint of the chain head was written (daily, when the app closes, by IT);
    /// the same checkpoint is appended to the checkpoint file outside the database.
    ChainCheckpoint,
    /// The entries of an older database (plain SHA-256 chain, person in clear) were moved into
    /// the keyed chain; `details` says how many and whether their old chain was intact.
    ChainUpgraded,
    /// IT rotated the master key (`started` before, then the outcome with the counts).
    KeyRotation,
    /// Audit data left Skranke: a citizen's access request (the person as subject) or the monthly
    /// usage statistics (`details.kind`).
    Export,
}

impl AuditAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignOut => "sign_out",
            Self::CprLookup => "cpr_lookup",
            Self::CprLookupResult => "cpr_lookup_result",
            Self::CaseClose => "case_close",
            Self::Capture => "capture",
            Self::Send => "send",
            Self::Correction => "correction",
            Self::ReviewDecision => "review_decision",
            Self::ReviewView => "review_view",
            Self::AccessRefused => "access_refused",
            Self::SessionLocked => "session_locked",
            Self::SessionUnlocked => "session_unlocked",
            Self::SignInLockedOut => "sign_in_locked_out",
            Self::Retention => "retention",
            Self::Export => "export",
            Self::ChainCheckpoint => "chain_checkpoint",
            Self::KeyRotation => "key_rotation",
            Self::ChainUpgraded => "chain_upgraded",
        }
    }
}

/// An entry to append. `details` is JSON and must never hold images or addresses.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// When it happened (UTC; passed in so tests control time).
    pub at: DateTime<Utc>,
    /// Who did it.
    pub user_id: String,
    /// On which counter PC.
    pub workstation: String,
    /// What was done.
    pub action: AuditAction,
    /// The person concerned (10 digits), if any.
    pub subject_cpr: Option<String>,
    /// How it went: `found`, `not_found`, `cpr_service_unavailable`, `ok`, ...
    pub outcome: String,
    /// More facts, as JSON.
    pub details: serde_json::Value,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Position in the chain.
    pub seq: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who.
    pub user_id: String,
    /// Where.
    pub workstation: String,
    /// What.
    pub action: String,
    /// The person concerned (decrypted when read).
    pub subject_cpr: Option<String>,
    /// How it went.
    pub outcome: String,
    /// More facts, JSON text.
    pub details: String,
    /// The previous entry's MAC.
    pub prev_mac: String,
    /// This entry's MAC (HMAC-SHA-256 under the chain key).
    pub mac: String,
}
