//! Opening the one SQLite file Skranke keeps (`<data_dir>/skranke.db`): durable settings (WAL,
//! synchronous=FULL) and schema migrations numbered by `PRAGMA user_version`.
use crate::StoreError;
use rusqlite::Connection;
use std::path::Path;

/// Every migration, in order; migration N brings the schema to `user_version` N+1.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_audit.sql"),
    include_str!("migrations/002_outbox.sql"),
    include_str!("migrations/003_outbox_key_check.sql"),
    include_str!("migrations/004_outbox_status_queries.sql"),
    include_str!("migrations/005_outbox_bundle_table.sql"),
    include_str!("migrations/006_audit_keyed.sql"),
    include_str!("migrations/007_review.sql"),
    include_str!("migrations/008_scan_source.sql"),
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) the database with durable settings and the current schema.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Unavailable(format!("{}: {e}", dir.display())))?;
    }
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted rows (shredded bundles, purged audit entries with their CPR numbers) are overwritten
    // with zeros, not left in free pages. A per-connection setting: every connection sets it.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

/// What one `PRAGMA wal_checkpoint(TRUNCATE)` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WalCheckpoint {
    /// Another connection was reading or writing, so the log could not be folded in and cut
    /// completely; the next checkpoint tries again.
    pub busy: bool,
    /// Frames in the log before the checkpoint.
    pub log_frames: i64,
    /// Frames copied into the database.
    pub checkpointed: i64,
}

impl WalCheckpoint {
    /// Everything in the log reached the database and the log is empty.
    pub fn complete(&self) -> bool {
        !self.busy
    }
}

/// Copies the whole write-ahead log into the database and truncates it to zero bytes: after a
/// delete, the zeroed pages `secure_delete` wrote to the log overwrite the old ones in the
/// database, and the log's older frames are gone. Waits (up to the busy timeout) for other
/// connections' readers; `busy` says it had to give up.
pub(crate) fn truncate_wal(conn: &Connection) -> Result<WalCheckpoint, StoreError> {
    let (busy, log_frames, checkpointed) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(WalCheckpoint { busy: busy != 0, log_frames, checkpointed })
}

/// A database at an older schema `version` (tests of the migrations that follow it).
#[cfg(test)]
pub(crate) fn create_at_version(path: &Path, version: usize) -> Connection {
    let conn = Connection::open(path).expect("open");
    for (i, sql) in MIGRATIONS[..version].iter().enumerate() {
        conn.execute_batch(sql).expect("old migration");
        conn.pragma_update(None, "user_version", (i + 1) as i64).expect("version");
    }
    conn
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { found: version, known: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database at schema 4 with a queued and an accepted capture: migration 005 moves the queued
    /// one's ciphertext and wrapped key to `outbox_bundle` unchanged, none for the accepted one
    /// (shredded), and the outbox keeps everything else.
    #[test]
    fn migration_5_moves_stored_bundles_to_their_own_table() {
        let t = tempfile::tempdir().expect("tempdir");
        let path = t.path().join("skranke.sqlite3");
        {
            let mut conn = Connection::open(&path).expect("open");
            for (i, sql) in MIGRATIONS[..4].iter().enumerate() {
                conn.execute_batch(sql).expect("old migration");
                conn.pragma_update(None, "user_version", (i + 1) as i64).expect("version");
            }
            let tx = conn.transaction().expect("tx");
            tx.execute(
                "INSERT INTO outbox (capture_id, state, meta, bundle_sha256, bundle_len, ciphertext, nonce, wrapped_key,
                     key_nonce, attempts, next_attempt_at, enqueued_at, updated_at)
                 VALUES ('q', 'queued', '{}', 'aa', 3, x'0102', x'03', x'04', x'05', 2, 10, 1, 1),
                        ('a', 'accepted', '{}', 'bb', 3, NULL, NULL, NULL, NULL, 1, 10, 1, 1)",
                [],
            )
            .expect("rows at schema 4");
            tx.commit().expect("commit");
        }
        let conn = open(&path).expect("migrates");
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        type BundleRow = (String, Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);
        let moved: Vec<BundleRow> = conn
            .prepare("SELECT capture_id, ciphertext, nonce, wrapped_key, key_nonce FROM outbox_bundle")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(moved, vec![("q".to_string(), vec![1, 2], vec![3], vec![4], vec![5])]);
        let kept: Vec<(String, String, i64)> = conn
            .prepare("SELECT capture_id, state, attempts FROM outbox ORDER BY capture_id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(kept, vec![("a".into(), "accepted".into(), 1), ("q".into(), "queued".into(), 2)]);
        assert!(conn.prepare("SELECT ciphertext FROM outbox").is_err(), "the column is gone from outbox");
    }
}
