//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::Serialize;

/// What one retention run deleted, or would delete (`dryRun`): counts only, nothing personal.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RetentionReport {
    /// Nothing was deleted: the counts are what a real run would delete now.
    pub dry_run: bool,
    /// When it ran (RFC 3339, UTC).
    pub ran_at: String,
    /// Audit entries written before this (`retention.audit_days`) are deleted.
    pub audit_cutoff: String,
    /// Audit entries deleted.
    pub audit_entries: u64,
    /// Accepted captures whose bundle was still stored although acceptance shreds it (0 unless
    /// something went wrong), now shredded.
    pub accepted_bundles_left: u64,
    /// Accepted captures' rows (receipt, hash and masked number, no bundle) older than the audit
    /// retention, deleted with the audit entries that record them.
    pub accepted_rows: u64,
    /// Rejected and dead captures decided before this (`retention.review_days`) are shredded.
    pub review_cutoff: String,
    /// Rejected and dead captures shredded (row, ciphertext and wrapped key).
    pub rejected_or_dead: u64,
    /// Log files dated before this day (`logging.keep_files` days) are deleted.
    pub log_cutoff: String,
    /// Log files deleted.
    pub log_files: u64,
    /// The final `wal_checkpoint(TRUNCATE)` folded the write-ahead log in and cut it (false when
    /// another process was reading, or on a dry run).
    pub wal_truncated: bool,
}

/// How many entries of one action one user wrote in the month.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UsageCount {
    /// The user (`os:` accounts for the command line; `sender` and `retention` for the app's own
    /// background work).
    pub user_id: String,
    /// The action (`cpr_lookup`, `capture`, `sign_in`, ...).
    pub action: String,
    /// How many.
    pub count: u64,
}

/// The register's monthly statistics per user (`skranke audit stats`, the supervisor's
/// "Statistik").
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UsageStats {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Its first moment: local midnight on the 1st (RFC 3339, UTC).
    pub from: String,
    /// The next month's first moment (RFC 3339, UTC).
    pub to: String,
    /// Per user and action, sorted by user then action.
    pub rows: Vec<UsageCount>,
}

/// One thing done with a person's data, for their access request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PersonRecord {
    /// When (RFC 3339 in the PC's time zone).
    pub at: String,
    /// The municipality of this installation (code and name).
    pub municipality: String,
    /// The counter PC.
    pub workstation: String,
    /// What was done: `cpr_lookup`, `cpr_lookup_result`, `capture`, `send`, `case_close`, `export`, ...
    pub action: String,
    /// How it went (`requested`, `found`, `queued`, `accepted_by_producer`, ...).
    pub outcome: String,
    /// Why: the case reference, else how the lookup was made (`counter`, `bundle make`, `cli`,
    /// `before_send`).
    pub purpose: Option<String>,
    /// The capture it belongs to, if any.
    pub capture_id: Option<String>,
    /// Who did it: only with `--with-users` (IT).
    pub user_id: Option<String>,
}

/// A citizen's access request: every lookup and capture of one person in the audit trail.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PersonRecords {
    /// The person, masked (DDMMYY-xxxx).
    pub cpr_masked: String,
    /// Whether the clerks' identities are included.
    pub with_users: bool,
    /// Oldest first.
    pub records: Vec<PersonRecord>,
}
