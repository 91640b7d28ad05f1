//! The audit trail: who looked up, captured, sent, corrected or decided what, when, and for whom.
//! Append-only (triggers refuse UPDATE and DELETE), chained with HMAC-SHA-256 under a key the
//! master key wraps ([`AuditLog::verify`] names the first altered or missing entry), with signed
//! checkpoints of the head in a file outside the database (a cut-off tail is found against them),
//! and purged after the retention period without breaking the chain (the last purged entry's MAC
//! is kept in a signed purge checkpoint). The person concerned is stored encrypted, with a keyed
//! hash to find a person's entries: no CPR number in clear anywhere in the database.
mod chain;
mod checkpoint;
mod entry;
mod keys;
mod legacy;
mod queries;
mod verify;
mod witness;

pub use chain::GENESIS;
pub use checkpoint::Checkpoint;
pub use entry::{AuditAction, AuditEntry, NewAuditEntry};
pub use verify::{ChainProblem, ChainReport, ProblemKind};
pub use witness::WitnessStatus;

use crate::StoreError;
use crate::outbox::MasterKey;
use chain::{ChainedFields, entry_mac};
use chrono::{DateTime, SecondsFormat, Utc};
use keys::AuditKeys;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use std::path::Path;

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

/// How long appends leave an unreachable witness alone before trying it again.
const WITNESS_RETRY: std::time::Duration = std::time::Duration::from_secs(30);

/// The user id of entries Skranke writes by itself (checkpoints, the chain upgrade).
pub const SYSTEM_USER: &str = "skranke";

/// The audit trail in the Skranke database.
#[derive(Debug)]
pub struct AuditLog {
    conn: Connection,
    keys: AuditKeys,
    /// The audit witness every entry is reported to, when one is configured.
    witness: Option<skranke_witness::WitnessClient>,
    /// Until when appends do not try the witness again after it could not be reached.
    witness_quiet_until: Option<std::time::Instant>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The columns every read selects, in [`AuditLog::row_to_entry`]'s order.
const COLUMNS: &str =
    "seq, at, user_id, workstation, action, subject_key, subject_enc, outcome, details, prev_mac, mac";

/// A row as stored: the person still encrypted.
pub(crate) struct StoredRow {
    pub seq: i64,
    pub at: String,
    pub user_id: String,
    pub workstation: String,
    pub action: String,
    pub subject_key: Option<String>,
    pub subject_enc: Option<Vec<u8>>,
    pub outcome: String,
    pub details: String,
    pub prev_mac: String,
    pub mac: String,
}

impl StoredRow {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            seq: r.get(0)?,
            at: r.get(1)?,
            user_id: r.get(2)?,
            workstation: r.get(3)?,
            action: r.get(4)?,
            subject_key: r.get(5)?,
            subject_enc: r.get(6)?,
            outcome: r.get(7)?,
            details: r.get(8)?,
            prev_mac: r.get(9)?,
            mac: r.get(10)?,
        })
    }

    fn fields(&self) -> ChainedFields<'_> {
        ChainedFields {
            seq: self.seq,
            at: &self.at,
            user_id: &self.user_id,
            workstation: &self.workstation,
            action: &self.action,
            subject_key: self.subject_key.as_deref(),
            subject_enc: self.subject_enc.as_deref(),
            outcome: &self.outcome,
            details: &self.details,
            prev_mac: &self.prev_mac,
        }
    }
}

impl AuditLog {
    /// Opens the audit trail in the database at `path` (created and migrated if needed) with the
    /// installation's master key, which unwraps the audit keys. Entries of an older database are
    /// moved into the keyed chain here, once. Fails with [`StoreError::KeyMismatch`] when the
    /// database belongs to another master key.
    pub fn open(path: &Path, master: &MasterKey) -> Result<Self, StoreError> {
        let mut conn = crate::db::open(path)?;
        let keys = AuditKeys::load(&conn, master)?;
        let moved = legacy::move_into_keyed_chain(&mut conn, &keys)?;
        let mut log = Self { conn, keys, witness: None, witness_quiet_until: None };
        if let Some(m) = moved {
            log.append(&m.entry())?;
            crate::db::truncate_wal(&log.conn)?;
        }
        Ok(log)
    }

    /// Reports every entry to the audit witness at `client` from now on (and, at the next
    /// append, every entry it has not recorded yet). See [`AuditLog::sync_witness`].
    pub fn with_witness(mut self, client: skranke_witness::WitnessClient) -> Self {
        self.witness = Some(client);
        self
    }

    /// Appends an entry, linking it to the last one, in one immediate transaction, then reports
    /// it to the audit witness if there is one. The entry stands whether or not the witness
    /// answers (the counter must not stop when the witness does); what the witness has not
    /// recorded yet is sent with the next entry, and `verify` and the diagnosis show the lag. A
    /// witness that cannot be reached is left alone for 30 s, so a hung one does not cost every
    /// append its timeout.
    pub fn append(&mut self, e: &NewAuditEntry) -> Result<AuditEntry, StoreError> {
        let entry = self.append_unwitnessed(e)?;
        let now = std::time::Instant::now();
        if self.witness_quiet_until.is_some_and(|until| now < until) {
            return Ok(entry);
        }
        self.witness_quiet_until = None;
        if let Some(status) = self.sync_witness()?
            && let Some(problem) = &status.problem
        {
            tracing::warn!(code = problem.code(), error = %problem, unwitnessed = status.unwitnessed, "audit witness not told");
            if matches!(problem, skranke_witness::WitnessError::Unreachable { .. }) {
                // A witness that is down or hung costs each append its timeout: ask it again
                // only after a while; the entries in between are sent then.
                self.witness_quiet_until = Some(now + WITNESS_RETRY);
            }
        }
        Ok(entry)
    }

    fn append_unwitnessed(&mut self, e: &NewAuditEntry) -> Result<AuditEntry, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = tx
            .query_row("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev_mac) = match last {
            Some((seq, mac)) => (seq + 1, mac),
            None => match purge_checkpoint(&tx)? {
                Some(p) => (p.through + 1, p.last_mac),
                None => (1, GENESIS.to_string()),
            },
        };
        let row = StoredRow {
            seq,
            at: rfc3339(e.at),
            user_id: e.user_id.clone(),
            workstation: e.workstation.clone(),
            action: e.action.as_str().to_string(),
            subject_key: e.subject_cpr.as_deref().map(|c| self.keys.person_key(c)),
            subject_enc: e.subject_cpr.as_deref().map(|c| self.keys.seal_subject(seq, c)).transpose()?,
            outcome: e.outcome.clone(),
            details: e.details.to_string(),
            prev_mac,
            mac: String::new(),
        };
        let mac = entry_mac(&self.keys.chain, &row.fields());
        tx.execute(
            "INSERT INTO audit_log (seq, at, user_id, workstation, action, subject_key, subject_enc, outcome, details, prev_mac, mac)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                row.seq,
                row.at,
                row.user_id,
                row.workstation,
                row.action,
                row.subject_key,
                row.subject_enc,
                row.outcome,
                row.details,
                row.prev_mac,
                mac
            ],
        )?;
        tx.commit()?;
        Ok(AuditEntry {
            seq,
            at: row.at,
            user_id: row.user_id,
            workstation: row.workstation,
            action: row.action,
            subject_cpr: e.subject_cpr.clone(),
            outcome: row.outcome,
            details: row.details,
            prev_mac: row.prev_mac,
            mac,
        })
    }

    /// Writes a signed checkpoint of the chain head: first a `chain_checkpoint` entry in the log,
    /// then the same entry's position and MAC, signed, appended to `file` (fsynced). Written
    /// daily and when the app closes; `verify` finds a cut-off tail against them.
    pub fn write_checkpoint(
        &mut self,
        file: &Path,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Checkpoint, StoreError> {
        let entry = self.append(&NewAuditEntry {
            at: now,
            user_id: SYSTEM_USER.into(),
            workstation: workstation.into(),
            action: AuditAction::ChainCheckpoint,
            subject_cpr: None,
            outcome: "ok".into(),
            details: serde_json::json!({ "file": file.file_name().map(|n| n.to_string_lossy().into_owned()) }),
        })?;
        let cp = Checkpoint::sign(&self.keys, entry.seq, &entry.mac, &entry.at);
        checkpoint::append_to_file(file, &cp)?;
        Ok(cp)
    }

    /// Walks the chain from the purge checkpoint (or the start) and checks it against the signed
    /// checkpoints in `checkpoint_file`: the first altered, missing or cut-off entry, or a forged
    /// or missing checkpoint, is reported (see [`ChainReport`]).
    pub fn verify(&self, checkpoint_file: &Path) -> Result<ChainReport, StoreError> {
        verify::verify(self, checkpoint_file)
    }

    /// Removes entries older than `cutoff` (retention: one year) and records the last removed
    /// entry's MAC in a signed purge checkpoint, so [`AuditLog::verify`] still checks the rest.
    /// Returns how many were removed.
    pub fn purge_older_than(&mut self, cutoff: DateTime<Utc>, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT seq, mac FROM audit_log WHERE at < ?1 ORDER BY seq DESC LIMIT 1",
                params![rfc3339(cutoff)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((through, mac)) = last else { return Ok(0) };
        let purged_at = rfc3339(now);
        let sig = checkpoint::purge_signature(&self.keys, through, &mac, &purged_at);
        tx.execute(
            "INSERT INTO audit_checkpoint (id, purged_through_seq, last_purged_hash, purged_at, sig) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET purged_through_seq = excluded.purged_through_seq,
                 last_purged_hash = excluded.last_purged_hash, purged_at = excluded.purged_at, sig = excluded.sig",
            params![through, mac, purged_at, sig],
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
        self.select(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?1"), params![limit])
    }

    /// Every entry about one person (the citizen's right of access; supervisors), found by the
    /// keyed hash of the number.
    pub fn for_person(&self, cpr_digits: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let key = self.keys.person_key(cpr_digits);
        self.select(&format!("SELECT {COLUMNS} FROM audit_log WHERE subject_key = ?1 ORDER BY seq"), params![key])
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
        let mut found = self.select(
            &format!(
                "SELECT {COLUMNS} FROM audit_log WHERE action = ?1 AND workstation = ?2 ORDER BY seq DESC LIMIT 1"
            ),
            params![action.as_str(), workstation],
        )?;
        Ok(found.pop())
    }

    /// The underlying connection (tests that tamper with the file).
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs a query selecting [`COLUMNS`] and decrypts the person of every row.
    fn select(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows: Vec<StoredRow> = stmt.query_map(params, StoredRow::read)?.collect::<Result<_, _>>()?;
        rows.into_iter().map(|r| self.decrypt(r)).collect()
    }

    fn decrypt(&self, r: StoredRow) -> Result<AuditEntry, StoreError> {
        let subject_cpr = r.subject_enc.as_deref().map(|s| self.keys.open_subject(r.seq, s)).transpose()?;
        Ok(AuditEntry {
            seq: r.seq,
            at: r.at,
            user_id: r.user_id,
            workstation: r.workstation,
            action: r.action,
            subject_cpr,
            outcome: r.outcome,
            details: r.details,
            prev_mac: r.prev_mac,
            mac: r.mac,
        })
    }
}

/// Where the chain starts after old entries were purged.
pub(crate) struct PurgeCheckpoint {
    pub through: i64,
    pub last_mac: String,
    pub purged_at: String,
    pub sig: Option<String>,
}

pub(crate) fn purge_checkpoint(conn: &Connection) -> Result<Option<PurgeCheckpoint>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT purged_through_seq, last_purged_hash, purged_at, sig FROM audit_checkpoint WHERE id = 1",
            [],
            |r| Ok(PurgeCheckpoint { through: r.get(0)?, last_mac: r.get(1)?, purged_at: r.get(2)?, sig: r.get(3)? }),
        )
        .optional()?)
}

#[cfg(test)]
mod tests;
