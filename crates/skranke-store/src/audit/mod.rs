//! The audit trail: who looked up, captured, sent, corrected or decided what, when, and for whom.
//! Append-only (triggers refuse UPDATE and DELETE), hash-chained ([`AuditLog::verify`] finds the
//! first broken entry), and purged after the retention period without breaking the chain (the
//! last purged hash is kept as a checkpoint). The audit table is the one place that names the
//! person concerned in full; logs carry masked numbers only.
mod chain;
mod entry;
mod queries;

pub use chain::GENESIS;
pub use entry::{AuditAction, AuditEntry, NewAuditEntry};

use crate::StoreError;
use chain::{HashedFields, entry_hash};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use std::path::Path;

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Entries checked.
    pub entries: u64,
    /// The first entry whose hash or link does not match, if any.
    pub broken_at: Option<i64>,
}

/// Lookups and other actions per user in one month, for the municipality's usage statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageRow {
    /// The user.
    pub user_id: String,
    /// The action.
    pub action: String,
    /// How many.
    pub count: u64,
}

/// The audit trail in the Skranke database.
#[derive(Debug)]
pub struct AuditLog {
    conn: Connection,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl AuditLog {
    /// Opens the audit trail in the database at `path` (created and migrated if needed).
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Ok(Self { conn: crate::db::open(path)? })
    }

    /// Appends an entry, linking it to the last one, in one immediate transaction.
    pub fn append(&mut self, e: &NewAuditEntry) -> Result<AuditEntry, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = tx
            .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev_hash) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => match checkpoint(&tx)? {
                Some((through, hash)) => (through + 1, hash),
                None => (1, GENESIS.to_string()),
            },
        };
        let at = rfc3339(e.at);
        let details = e.details.to_string();
        let action = e.action.as_str();
        let hash = entry_hash(&HashedFields {
            seq,
            at: &at,
            user_id: &e.user_id,
            workstation: &e.workstation,
            action,
            subject_cpr: e.subject_cpr.as_deref(),
            outcome: &e.outcome,
            details: &details,
            prev_hash: &prev_hash,
        });
        tx.execute(
            "INSERT INTO audit_log (seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![seq, at, e.user_id, e.workstation, action, e.subject_cpr, e.outcome, details, prev_hash, hash],
        )?;
        tx.commit()?;
        Ok(AuditEntry {
            seq,
            at,
            user_id: e.user_id.clone(),
            workstation: e.workstation.clone(),
            action: action.to_string(),
            subject_cpr: e.subject_cpr.clone(),
            outcome: e.outcome.clone(),
            details,
            prev_hash,
            hash,
        })
    }

    /// Walks the whole chain from the checkpoint (or the start) and reports the first entry that
    /// does not match.
    pub fn verify(&self) -> Result<ChainReport, StoreError> {
        let mut expected_prev = checkpoint(&self.conn)?.map(|(_, h)| h).unwrap_or_else(|| GENESIS.to_string());
        let mut expected_seq: Option<i64> = checkpoint(&self.conn)?.map(|(s, _)| s + 1);
        let mut stmt = self.conn.prepare("SELECT seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash FROM audit_log ORDER BY seq")?;
        let rows = stmt.query_map([], row_to_entry)?;
        let mut entries = 0;
        for row in rows {
            let e = row?;
            entries += 1;
            let computed = entry_hash(&HashedFields {
                seq: e.seq,
                at: &e.at,
                user_id: &e.user_id,
                workstation: &e.workstation,
                action: &e.action,
                subject_cpr: e.subject_cpr.as_deref(),
                outcome: &e.outcome,
                details: &e.details,
                prev_hash: &e.prev_hash,
            });
            let seq_ok = expected_seq.is_none_or(|s| s == e.seq);
            if e.prev_hash != expected_prev || computed != e.hash || !seq_ok {
                return Ok(ChainReport { entries, broken_at: Some(e.seq) });
            }
            expected_prev = e.hash;
            expected_seq = Some(e.seq + 1);
        }
        Ok(ChainReport { entries, broken_at: None })
    }

    /// Removes entries older than `cutoff` (retention: one year) and records the last removed
    /// entry's hash, so [`AuditLog::verify`] still checks the rest. Returns how many were removed.
    pub fn purge_older_than(&mut self, cutoff: DateTime<Utc>, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT seq, hash FROM audit_log WHERE at < ?1 ORDER BY seq DESC LIMIT 1",
                params![rfc3339(cutoff)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((through, hash)) = last else { return Ok(0) };
        tx.execute(
            "INSERT INTO audit_checkpoint (id, purged_through_seq, last_purged_hash, purged_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET purged_through_seq = excluded.purged_through_seq,
                 last_purged_hash = excluded.last_purged_hash, purged_at = excluded.purged_at",
            params![through, hash, rfc3339(now)],
        )?;
        tx.execute("UPDATE audit_purge_gate SET open = 1 WHERE id = 1", [])?;
        let removed = tx.execute("DELETE FROM audit_log WHERE seq <= ?1", params![through])?;
        tx.execute("UPDATE audit_purge_gate SET open = 0 WHERE id = 1", [])?;
        tx.commit()?;
        tracing::info!(removed, "audit entries past retention purged");
        // The removed entries name people: fold the zeroed pages into the database and cut the
        // log, as the outbox does after a shred. Committed either way; a busy log is folded by
        // the next checkpoint.
        match crate::db::truncate_wal(&self.conn) {
            Ok(c) if c.complete() => {}
            Ok(_) => tracing::warn!("write-ahead log busy after the audit purge; the next checkpoint folds it"),
            Err(e) => tracing::warn!(code = %e.code(), "write-ahead log checkpoint after the audit purge failed"),
        }
        Ok(removed as u64)
    }

    /// The newest entries first.
    pub fn recent(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT ?1")?;
        let rows = stmt.query_map(params![limit], row_to_entry)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every entry about one person (the citizen's right of access; supervisors).
    pub fn for_person(&self, cpr_digits: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash FROM audit_log WHERE subject_cpr = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![cpr_digits], row_to_entry)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Counts per user and action in the month starting at `month_start` (UTC).
    pub fn usage_by_user(
        &self,
        month_start: DateTime<Utc>,
        next_month_start: DateTime<Utc>,
    ) -> Result<Vec<UsageRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT user_id, action, COUNT(*) FROM audit_log WHERE at >= ?1 AND at < ?2 GROUP BY user_id, action ORDER BY user_id, action",
        )?;
        let rows = stmt.query_map(params![rfc3339(month_start), rfc3339(next_month_start)], |r| {
            Ok(UsageRow { user_id: r.get(0)?, action: r.get(1)?, count: r.get::<_, i64>(2)? as u64 })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many entries of `action` this workstation wrote at or after `since` (failed sign-ins
    /// in the lock-out window).
    pub fn count_since(&self, action: AuditAction, workstation: &str, since: DateTime<Utc>) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = ?1 AND workstation = ?2 AND at >= ?3",
            params![action.as_str(), workstation, rfc3339(since)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// The newest entry of `action` this workstation wrote, if any (the last sign-in, the last
    /// lock-out).
    pub fn latest(&self, action: AuditAction, workstation: &str) -> Result<Option<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash FROM audit_log WHERE action = ?1 AND workstation = ?2 ORDER BY seq DESC LIMIT 1")?;
        Ok(stmt.query_row(params![action.as_str(), workstation], row_to_entry).optional()?)
    }

    /// The underlying connection (tests that tamper with the file).
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn checkpoint(conn: &Connection) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .query_row("SELECT purged_through_seq, last_purged_hash FROM audit_checkpoint WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        user_id: r.get(2)?,
        workstation: r.get(3)?,
        action: r.get(4)?,
        subject_cpr: r.get(5)?,
        outcome: r.get(6)?,
        details: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
    })
}

#[cfg(test)]
mod tests;
