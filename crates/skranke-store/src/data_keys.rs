//! The store's data keys: random keys kept in the database, each wrapped by the master key
//! (table `store_key`). The audit trail's keys come from one of them. Keeping data keys apart from
//! the master key is what lets `skranke keys rotate` re-wrap a handful of rows instead of
//! re-encrypting and re-chaining the audit trail.
use crate::StoreError;
use crate::outbox::MasterKey;
use aes_gcm::aead::rand_core::RngCore;
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::Sha256;
use zeroize::Zeroize;

/// A 256-bit data key; wiped from memory when dropped.
pub(crate) struct DataKey([u8; 32]);

impl DataKey {
    /// A key for one purpose derived from this one (HMAC-SHA-256 of the label), so that one
    /// stored key serves several purposes without any two sharing key material.
    pub(crate) fn derive(&self, label: &str) -> DataKey {
        let mut mac = self.hmac();
        mac.update(label.as_bytes());
        DataKey(mac.finalize().into_bytes().into())
    }

    /// A fresh HMAC-SHA-256 under this key.
    pub(crate) fn hmac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length")
    }

    /// The hex HMAC-SHA-256 of `parts` under this key with a purpose tag, each written as
    /// `<byte length>:<bytes>;` so no two different inputs encode alike: checkpoint signatures and
    /// keyed hashes that find a person's number again without revealing it.
    pub(crate) fn tagged_mac(&self, tag: &str, parts: &[&[u8]]) -> String {
        let mut m = self.hmac();
        put(&mut m, tag.as_bytes());
        for p in parts {
            put(&mut m, p);
        }
        hex(&m.finalize().into_bytes())
    }

    /// The raw bytes, for the ciphers and MACs of this crate.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Feeds one field as `<byte length>:<bytes>;` (the canonical encoding of MACs in this crate).
pub(crate) fn put(m: &mut Hmac<Sha256>, s: &[u8]) {
    m.update(s.len().to_string().as_bytes());
    m.update(b":");
    m.update(s);
    m.update(b";");
}

/// Lower-case hex of `bytes` (hashes and MACs as stored).
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn aad(name: &str) -> Vec<u8> {
    let mut a = b"store-key\0".to_vec();
    a.extend_from_slice(name.as_bytes());
    a
}

fn wrap(master: &MasterKey, name: &str, key: &[u8; 32]) -> Result<(Vec<u8>, Vec<u8>), StoreError> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master.bytes()));
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let wrapped = cipher
        .encrypt(&nonce, Payload { msg: key, aad: &aad(name) })
        .map_err(|_| StoreError::Crypto("data key wrapping failed".into()))?;
    Ok((nonce.to_vec(), wrapped))
}

fn unwrap(master: &MasterKey, name: &str, nonce: &[u8], wrapped: &[u8]) -> Result<DataKey, StoreError> {
    if nonce.len() != 12 {
        return Err(StoreError::Crypto(format!("data key {name}: bad nonce length")));
    }
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master.bytes()));
    // A key that does not unwrap is a database from another master key, as the outbox's key check.
    let mut plain = cipher
        .decrypt(Nonce::from_slice(nonce), Payload { msg: wrapped, aad: &aad(name) })
        .map_err(|_| StoreError::KeyMismatch)?;
    let key: Result<[u8; 32], _> = plain.as_slice().try_into();
    plain.zeroize();
    key.map(DataKey).map_err(|_| StoreError::Crypto(format!("data key {name}: bad length")))
}

/// The data key `name`, created (random, wrapped by `master`) on first use. Fails with
/// [`StoreError::KeyMismatch`] when the stored key was wrapped by another master key.
pub(crate) fn load_or_create(conn: &Connection, master: &MasterKey, name: &str) -> Result<DataKey, StoreError> {
    let stored: Option<(Vec<u8>, Vec<u8>)> = conn
        .query_row("SELECT nonce, wrapped FROM store_key WHERE name = ?1", params![name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((nonce, wrapped)) = stored {
        return unwrap(master, name, &nonce, &wrapped);
    }
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    let wrapped = wrap(master, name, &fresh);
    fresh.zeroize();
    let (nonce, wrapped) = wrapped?;
    // Another connection may have created it first: keep whichever was stored, read it back.
    conn.execute(
        "INSERT INTO store_key (name, nonce, wrapped, created_at) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ'))
         ON CONFLICT(name) DO NOTHING",
        params![name, nonce, wrapped],
    )?;
    let (nonce, wrapped): (Vec<u8>, Vec<u8>) =
        conn.query_row("SELECT nonce, wrapped FROM store_key WHERE name = ?1", params![name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    unwrap(master, name, &nonce, &wrapped)
}

/// Re-wraps every data key from `old` to `new` inside the caller's transaction (key rotation).
/// Returns how many keys were re-wrapped.
pub(crate) fn rewrap_all(tx: &rusqlite::Transaction<'_>, old: &MasterKey, new: &MasterKey) -> Result<u64, StoreError> {
    let rows: Vec<(String, Vec<u8>, Vec<u8>)> = tx
        .prepare("SELECT name, nonce, wrapped FROM store_key ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (name, nonce, wrapped) in &rows {
        let key = unwrap(old, name, nonce, wrapped)?;
        let (nonce, wrapped) = wrap(new, name, key.bytes())?;
        tx.execute("UPDATE store_key SET nonce = ?2, wrapped = ?3 WHERE name = ?1", params![name, nonce, wrapped])?;
    }
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Connection) {
        let t = tempfile::tempdir().expect("tempdir");
        let conn = crate::db::open(&t.path().join("skranke.db")).expect("open");
        (t, conn)
    }

    #[test]
    fn created_once_then_the_same_key() {
        let (_t, conn) = db();
        let master = MasterKey::generate();
        let a = load_or_create(&conn, &master, "audit").expect("create");
        let b = load_or_create(&conn, &master, "audit").expect("load");
        assert_eq!(a.bytes(), b.bytes());
        let other = load_or_create(&conn, &master, "other").expect("other");
        assert_ne!(a.bytes(), other.bytes());
        assert_ne!(a.derive("x").bytes(), a.derive("y").bytes(), "labels separate derived keys");
        let stored: Vec<u8> =
            conn.query_row("SELECT wrapped FROM store_key WHERE name = 'audit'", [], |r| r.get(0)).expect("row");
        assert!(!stored.windows(32).any(|w| w == a.bytes()), "only the wrapped key is stored");
    }

    #[test]
    fn another_master_key_is_a_mismatch() {
        let (_t, conn) = db();
        load_or_create(&conn, &MasterKey::generate(), "audit").expect("create");
        let err = load_or_create(&conn, &MasterKey::generate(), "audit").err().expect("mismatch");
        assert!(matches!(err, StoreError::KeyMismatch));
    }

    #[test]
    fn rewrap_keeps_the_key_under_the_new_master() {
        let (_t, mut conn) = db();
        let (old, new) = (MasterKey::generate(), MasterKey::generate());
        let before = load_or_create(&conn, &old, "audit").expect("create");
        let tx = conn.transaction().expect("tx");
        assert_eq!(rewrap_all(&tx, &old, &new).expect("rewrap"), 1);
        tx.commit().expect("commit");
        assert_eq!(load_or_create(&conn, &new, "audit").expect("new").bytes(), before.bytes());
        assert!(matches!(load_or_create(&conn, &old, "audit").err(), Some(StoreError::KeyMismatch)));
    }
}
