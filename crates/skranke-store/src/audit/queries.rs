//! Read-only questions the retention run and a citizen's access request ask of the audit trail.
use super::{AuditEntry, AuditLog, COLUMNS, rfc3339};
use crate::StoreError;
use chrono::{DateTime, Utc};
use rusqlite::params;

impl AuditLog {
    /// How many entries [`AuditLog::purge_older_than`] would remove at `cutoff` (a dry run).
    pub fn count_older_than(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        let n: i64 =
            self.conn
                .query_row("SELECT COUNT(*) FROM audit_log WHERE at < ?1", params![rfc3339(cutoff)], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Entries that name no person but one of these captures in `details.capture_id` (the
    /// sender's uploads, rejections and acceptances), oldest first: with [`AuditLog::for_person`]
    /// they make up what happened to a person's captures.
    pub fn about_captures(&self, capture_ids: &[String]) -> Result<Vec<AuditEntry>, StoreError> {
        if capture_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(capture_ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.select(
            &format!(
                "SELECT {COLUMNS} FROM audit_log
                 WHERE subject_key IS NULL AND json_valid(details)
                   AND json_extract(details, '$.capture_id') IN (SELECT value FROM json_each(?1))
                 ORDER BY seq"
            ),
            params![ids],
        )
    }
}
