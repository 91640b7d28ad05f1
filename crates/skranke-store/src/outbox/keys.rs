//! The master key that wraps every bundle key: what it is ([`MasterKey`]), what a place that keeps
//! it must do ([`MasterKeyStore`], including the two-phase rotation steps), the places
//! ([`KeyFileStore`] in `keys_file.rs`, [`OsKeyStore`] in `keys_os.rs`) and how the configuration
//! picks one ([`master_key_store`]).
use crate::StoreError;
use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use std::path::Path;
use zeroize::Zeroize;

#[path = "keys_file.rs"]
mod file;
#[path = "keys_os.rs"]
mod os;
#[cfg(all(windows, feature = "os-keystore"))]
#[path = "keys_wincred.rs"]
mod wincred;

pub use file::{KEY_FILE_NAME, KeyFileStore};
pub use os::OsKeyStore;

/// A 256-bit master key; wiped from memory when dropped.
pub struct MasterKey([u8; 32]);

impl MasterKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        OsRng.fill_bytes(&mut k);
        Self(k)
    }

    /// Wraps raw key bytes (from a key store).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key in `bytes` (wiped afterwards), or `None` when they are not exactly 32 bytes.
    fn from_stored(mut bytes: Vec<u8>) -> Option<Self> {
        let key: Result<[u8; 32], _> = bytes.as_slice().try_into();
        bytes.zeroize();
        key.ok().map(Self)
    }
}

impl Drop for MasterKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

/// Somewhere the outbox master key is kept, created on first use.
///
/// Rotation is two-phase so that a crash at any point leaves the key that decrypts the database
/// in the store: (1) [`save_pending`](Self::save_pending) the new key, (2) re-wrap every bundle
/// key in one database transaction, (3) [`promote_pending`](Self::promote_pending). After a crash
/// the database says which key it was written with: before step 2 commits it is the current key
/// (discard the pending one), after it the pending key (promote it).
pub trait MasterKeyStore: Send + Sync {
    /// Returns the master key, creating and saving a new random one if none exists yet.
    fn load_or_create(&self) -> Result<MasterKey, StoreError>;
    /// Saves `key` as the pending next master key (rotation step 1), replacing an older pending one.
    fn save_pending(&self, key: &MasterKey) -> Result<(), StoreError>;
    /// The pending next key, if a rotation was started and not finished.
    fn load_pending(&self) -> Result<Option<MasterKey>, StoreError>;
    /// The pending key becomes the current one (step 3, after the database is re-wrapped); no
    /// pending key remains. Atomic where the store allows (file: rename over; OS store: write
    /// current, then delete pending — a crash between leaves both equal, which is harmless).
    /// Fails, changing nothing, when there is no pending key.
    fn promote_pending(&self) -> Result<(), StoreError>;
    /// Forgets the pending key (a rotation that never reached the database); nothing to forget is
    /// no error.
    fn discard_pending(&self) -> Result<(), StoreError>;
    /// Where the key lives, for logs and diagnostics (never the key itself).
    fn describe(&self) -> String;
}

/// Picks the key store named in the configuration: `"file"` (a key file in `key_dir`) or `"os"`
/// (the OS key store, entry `skranke`/`outbox-master-key`).
pub fn master_key_store(kind: &str, key_dir: &Path) -> Result<Box<dyn MasterKeyStore>, StoreError> {
    match kind {
        "file" => Ok(Box::new(KeyFileStore::new(key_dir))),
        "os" => Ok(Box::new(OsKeyStore::new("skranke", "outbox-master-key"))),
        other => Err(StoreError::KeyStore(format!("unknown key store {other:?} (expected \"file\" or \"os\")"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_string_picks_the_store() {
        let t = tempfile::tempdir().expect("tempdir");
        assert!(master_key_store("file", t.path()).expect("file").describe().starts_with("file "));
        assert!(master_key_store("os", t.path()).expect("os").describe().starts_with("os key store"));
        assert_eq!(
            master_key_store("vault", t.path()).err().map(|e| e.code()),
            Some(skranke_core::Code::StoreKeyUnavailable)
        );
    }

    #[test]
    fn only_32_stored_bytes_make_a_key() {
        assert_eq!(MasterKey::from_stored(vec![7; 32]).map(|k| *k.bytes()), Some([7; 32]));
        assert!(MasterKey::from_stored(vec![7; 31]).is_none());
        assert!(MasterKey::from_stored(vec![7; 33]).is_none());
    }
}
