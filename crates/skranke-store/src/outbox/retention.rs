//! Retention of the outbox: what is past its time is deleted so that nothing of it stays
//! readable in the file. With `secure_delete` on (set at open) SQLite overwrites deleted cells
//! and freed pages with zeros, but in WAL mode those zeroed pages are written to the `-wal` file
//! first; the database file keeps the old bytes, and the log keeps older frames, until a
//! checkpoint copies the zeroed pages in. So every shred ends with `wal_checkpoint(TRUNCATE)`:
//! the zeroed pages overwrite the old ones in the database and the log is cut to zero bytes.
use super::{Outbox, ms};
use crate::{StoreError, WalCheckpoint};
use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};

/// Rejected and dead captures a supervisor decided on (returned or discarded) before `?1`: kept
/// until the decision plus the review period, then deleted. Undecided ones wait for the supervisor.
const SET_ASIDE: &str = "state IN ('rejected', 'dead')
    AND capture_id IN (SELECT capture_id FROM review_decision
                       WHERE decision IN ('returned', 'discarded') AND decided_at < ?1)";

impl Outbox {
    /// Copies the whole write-ahead log into the database and truncates it to zero bytes. Waits
    /// (up to the busy timeout) for other connections' readers; `busy` says it had to give up.
    pub fn truncate_wal(&mut self) -> Result<WalCheckpoint, StoreError> {
        let done = crate::db::truncate_wal(&self.conn)?;
        if done.complete() {
            self.unfolded = 0;
        }
        Ok(done)
    }

    /// After a shred: folds the zeroed pages into the database and cuts the log. The shred itself
    /// is committed, so a checkpoint that fails or finds a reader is logged, not returned: the
    /// next shred or retention run folds the log again.
    pub(super) fn fold_after_shred(&mut self) {
        match self.truncate_wal() {
            Ok(c) if c.complete() => {}
            Ok(_) => tracing::warn!("write-ahead log busy after a shred; the next checkpoint folds it"),
            Err(e) => tracing::warn!(code = %e.code(), "write-ahead log checkpoint after a shred failed"),
        }
    }

    /// How many rejected or dead captures a supervisor decided on before `cutoff` (a dry run of
    /// [`Outbox::shred_rejected_or_dead_before`]).
    pub fn rejected_or_dead_before(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM outbox WHERE {SET_ASIDE}"),
            params![ms(cutoff)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Deletes rejected and dead captures a supervisor decided on before `cutoff`: the row, its
    /// decision (by cascade), the ciphertext and the wrapped key, overwritten in the file (a returned case
    /// stays for the clerks). Returns how many.
    pub fn shred_rejected_or_dead_before(&mut self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let selected = format!("SELECT capture_id FROM outbox WHERE {SET_ASIDE}");
        tx.execute(&format!("DELETE FROM outbox_bundle WHERE capture_id IN ({selected})"), params![ms(cutoff)])?;
        let n = tx.execute(&format!("DELETE FROM outbox WHERE {SET_ASIDE}"), params![ms(cutoff)])?;
        tx.commit()?;
        if n > 0 {
            self.fold_after_shred();
        }
        Ok(n as u64)
    }

    /// Accepted captures whose ciphertext is still stored: none, unless a shred at acceptance was
    /// interrupted by something outside SQLite's transaction (it is one transaction with the
    /// state change), or the file was edited.
    pub fn accepted_with_bundle(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM outbox_bundle b JOIN outbox o ON o.capture_id = b.capture_id WHERE o.state = 'accepted'",
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Shreds the bundles [`Outbox::accepted_with_bundle`] counts. Returns how many.
    pub fn shred_accepted_leftovers(&mut self) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "DELETE FROM outbox_bundle WHERE capture_id IN (SELECT capture_id FROM outbox WHERE state = 'accepted')",
            [],
        )?;
        tx.commit()?;
        if n > 0 {
            self.fold_after_shred();
        }
        Ok(n as u64)
    }

    /// How many accepted rows [`Outbox::purge_accepted_older_than`] would delete (a dry run).
    pub fn accepted_before(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM outbox WHERE state = 'accepted' AND updated_at < ?1",
            params![ms(cutoff)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}
