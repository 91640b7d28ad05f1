//! `skranke keys rotate`: a new master key for the whole database, in three steps that survive a
//! crash at any point: (1) the new key is saved in the key store as *pending*; (2) in one
//! transaction, with the database to itself, every bundle key, every data key and the key check
//! are re-wrapped under it (the bundles and the audit trail are not re-encrypted: they are under
//! those inner keys); (3) the pending key becomes the current one. [`finish_interrupted_rotation`],
//! run before the key is loaded, completes or forgets a rotation that stopped between the steps,
//! deciding by which key the database's key check answers to.
use crate::outbox::MasterKeyStore;
use crate::outbox::crypto;
use crate::{StoreError, data_keys};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use std::path::Path;

/// What a rotation re-wrapped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rotation {
    /// Bundle keys of captures still stored (queued, waiting, rejected, dead).
    pub bundle_keys: u64,
    /// The store's data keys (the audit trail's).
    pub data_keys: u64,
    /// Where the key lives (never the key).
    pub key_store: String,
}

/// What [`finish_interrupted_rotation`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interrupted {
    /// No rotation was pending.
    None,
    /// The database was re-wrapped but the key store not yet switched: switched now.
    Completed,
    /// The database was never re-wrapped: the pending key was forgotten.
    Abandoned,
}

/// The stored key check: nonce and ciphertext.
type KeyCheck = (Vec<u8>, Vec<u8>);

fn key_check(conn: &Connection) -> Result<Option<KeyCheck>, StoreError> {
    Ok(conn
        .query_row("SELECT nonce, ciphertext FROM outbox_key_check WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Re-wraps the database at `db` under a new master key and switches `keys` to it. Needs the
/// database to itself: with Skranke (or any other connection) open it fails with
/// [`StoreError::InUse`] and changes nothing.
pub fn rotate_master_key(db: &Path, keys: &dyn MasterKeyStore) -> Result<Rotation, StoreError> {
    finish_interrupted_rotation(db, keys)?;
    let old = keys.load_or_create()?;
    let mut conn = crate::db::open(db)?;
    conn.busy_timeout(std::time::Duration::from_millis(500))?;
    // Exclusive locking in WAL mode: the write lock is refused while any other connection has the
    // file open, and once taken it is held until this connection closes.
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive).map_err(in_use)?;
    if let Some((nonce, ct)) = key_check(&tx)?
        && !crypto::key_matches(&old, &nonce, &ct)
    {
        return Err(StoreError::KeyMismatch);
    }
    let new = crate::outbox::MasterKey::generate();
    keys.save_pending(&new)?;
    let stored: Vec<(String, Vec<u8>, Vec<u8>)> = tx
        .prepare("SELECT capture_id, wrapped_key, key_nonce FROM outbox_bundle ORDER BY capture_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, wrapped, nonce) in &stored {
        let (wrapped, nonce) = crypto::rewrap_bundle_key(&old, &new, id, wrapped, nonce)?;
        tx.execute(
            "UPDATE outbox_bundle SET wrapped_key = ?2, key_nonce = ?3 WHERE capture_id = ?1",
            params![id, wrapped, nonce],
        )?;
    }
    let (nonce, ct) = crypto::key_check(&new)?;
    tx.execute(
        "INSERT INTO outbox_key_check (id, nonce, ciphertext, created_at) VALUES (1, ?1, ?2, strftime('%s','now') * 1000)
         ON CONFLICT(id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext",
        params![nonce, ct],
    )?;
    let data_keys = data_keys::rewrap_all(&tx, &old, &new)?;
    tx.commit()?;
    keys.promote_pending()?;
    // The old wrappings are useless without the old key, which is gone; fold them away anyway.
    crate::db::truncate_wal(&conn)?;
    tracing::info!(bundle_keys = stored.len(), data_keys, "master key rotated");
    Ok(Rotation { bundle_keys: stored.len() as u64, data_keys, key_store: keys.describe() })
}

fn in_use(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::InUse(
            "close Skranke (and any other program using the database) before rotating the master key".into(),
        ),
        _ => e.into(),
    }
}

/// Completes or forgets a rotation that stopped after step 1 or 2: when a pending key exists and
/// the database answers to it, it becomes current; when the database still answers to the
/// current key, the pending one is forgotten. Run before the master key is loaded.
pub fn finish_interrupted_rotation(db: &Path, keys: &dyn MasterKeyStore) -> Result<Interrupted, StoreError> {
    let Some(pending) = keys.load_pending()? else { return Ok(Interrupted::None) };
    let check = if db.exists() { key_check(&crate::db::open(db)?)? } else { None };
    let answers_to_pending = check.as_ref().is_some_and(|(n, c)| crypto::key_matches(&pending, n, c));
    if answers_to_pending {
        keys.promote_pending()?;
        tracing::warn!("an interrupted master key rotation was completed");
        Ok(Interrupted::Completed)
    } else {
        keys.discard_pending()?;
        tracing::warn!("an interrupted master key rotation was abandoned; the database keeps its key");
        Ok(Interrupted::Abandoned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{KeyFileStore, MasterKey, Outbox};
    use crate::{AuditAction, AuditLog, NewAuditEntry};
    use chrono::Utc;

    fn setup(dir: &Path) -> (std::path::PathBuf, KeyFileStore) {
        let db = dir.join("skranke.db");
        let keys = KeyFileStore::new(&dir.join("keys"));
        {
            let mut ob = Outbox::open(&db, &keys, Utc::now()).expect("outbox");
            ob.enqueue("cap-1", b"bundle one", &serde_json::json!({}), Utc::now()).expect("enqueue");
            ob.enqueue("cap-2", b"bundle two", &serde_json::json!({}), Utc::now()).expect("enqueue");
            let mut log = AuditLog::open(&db, &keys.load_or_create().expect("key")).expect("audit");
            log.append(&NewAuditEntry {
                at: Utc::now(),
                user_id: "anne".into(),
                workstation: "PC-1".into(),
                action: AuditAction::CprLookup,
                subject_cpr: Some("1203851002".into()),
                outcome: "found".into(),
                details: serde_json::json!({}),
            })
            .expect("append");
        }
        (db, keys)
    }

    fn key_bytes(keys: &KeyFileStore) -> Vec<u8> {
        let k: MasterKey = keys.load_or_create().expect("key");
        k.bytes().to_vec()
    }

    /// After a rotation the key store holds a new key, and everything stored answers to it: the
    /// bundles decrypt, the audit trail reads and verifies; the old key opens nothing.
    #[test]
    fn rotation_rewraps_bundles_and_audit_under_a_new_key() {
        let t = tempfile::tempdir().expect("tempdir");
        let (db, keys) = setup(t.path());
        let old = key_bytes(&keys);
        let r = rotate_master_key(&db, &keys).expect("rotate");
        assert_eq!((r.bundle_keys, r.data_keys), (2, 1));
        assert_ne!(key_bytes(&keys), old, "a new key");
        assert!(keys.load_pending().expect("pending").is_none());
        let ob = Outbox::open(&db, &keys, Utc::now()).expect("opens with the new key");
        assert_eq!(ob.bundle("cap-1").expect("decrypts"), b"bundle one");
        let log = AuditLog::open(&db, &keys.load_or_create().expect("key")).expect("audit");
        assert_eq!(log.for_person("1203851002").expect("person").len(), 1);
        assert!(log.verify(&t.path().join("cp.jsonl")).expect("verify").is_intact());
        let mut old_arr = [0u8; 32];
        old_arr.copy_from_slice(&old);
        let err = AuditLog::open(&db, &MasterKey::from_bytes(old_arr)).expect_err("old key");
        assert!(matches!(err, StoreError::KeyMismatch));
    }

    #[test]
    fn rotation_is_refused_while_skranke_has_the_database_open() {
        let t = tempfile::tempdir().expect("tempdir");
        let (db, keys) = setup(t.path());
        let old = key_bytes(&keys);
        let app = Outbox::open(&db, &keys, Utc::now()).expect("the app's connection");
        let err = rotate_master_key(&db, &keys).expect_err("in use");
        assert_eq!(err.code(), skranke_core::Code::StoreInUse, "{err:?}");
        assert_eq!(key_bytes(&keys), old, "nothing changed");
        assert!(keys.load_pending().expect("pending").is_none());
        drop(app);
        rotate_master_key(&db, &keys).expect("rotates once closed");
    }

    /// A crash after the new key was saved but before the database was re-wrapped: the pending
    /// key is forgotten and the old one still opens everything.
    #[test]
    fn a_rotation_stopped_before_the_database_is_abandoned() {
        let t = tempfile::tempdir().expect("tempdir");
        let (db, keys) = setup(t.path());
        let old = key_bytes(&keys);
        keys.save_pending(&MasterKey::generate()).expect("step 1 only");
        assert_eq!(finish_interrupted_rotation(&db, &keys).expect("finish"), Interrupted::Abandoned);
        assert_eq!(key_bytes(&keys), old);
        assert!(keys.load_pending().expect("pending").is_none());
        assert_eq!(
            Outbox::open(&db, &keys, Utc::now()).expect("open").bundle("cap-2").expect("decrypts"),
            b"bundle two"
        );
    }

    /// A crash after the database was re-wrapped but before the key store switched: the pending
    /// key becomes current, so the database opens.
    #[test]
    fn a_rotation_stopped_after_the_database_is_completed() {
        let t = tempfile::tempdir().expect("tempdir");
        let (db, keys) = setup(t.path());
        let old = keys.load_or_create().expect("old");
        let new = MasterKey::generate();
        keys.save_pending(&new).expect("step 1");
        {
            let mut conn = crate::db::open(&db).expect("db");
            let tx = conn.transaction().expect("tx");
            let rows: Vec<(String, Vec<u8>, Vec<u8>)> = tx
                .prepare("SELECT capture_id, wrapped_key, key_nonce FROM outbox_bundle")
                .expect("prepare")
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            for (id, w, n) in rows {
                let (w, n) = crypto::rewrap_bundle_key(&old, &new, &id, &w, &n).expect("rewrap");
                tx.execute(
                    "UPDATE outbox_bundle SET wrapped_key = ?2, key_nonce = ?3 WHERE capture_id = ?1",
                    params![id, w, n],
                )
                .expect("update");
            }
            let (n, c) = crypto::key_check(&new).expect("check");
            tx.execute("UPDATE outbox_key_check SET nonce = ?1, ciphertext = ?2", params![n, c]).expect("check");
            data_keys::rewrap_all(&tx, &old, &new).expect("data keys");
            tx.commit().expect("step 2");
        }
        assert_eq!(finish_interrupted_rotation(&db, &keys).expect("finish"), Interrupted::Completed);
        assert_eq!(key_bytes(&keys), new.bytes().to_vec());
        assert_eq!(
            Outbox::open(&db, &keys, Utc::now()).expect("open").bundle("cap-1").expect("decrypts"),
            b"bundle one"
        );
    }
}
