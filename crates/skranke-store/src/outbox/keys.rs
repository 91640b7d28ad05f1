//! The master key that wraps every bundle key: where it lives ([`KeyFileStore`], [`OsKeyStore`])
//! and how the configuration picks one ([`master_key_store`]).
use crate::StoreError;
use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

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
pub trait MasterKeyStore: Send + Sync {
    /// Returns the master key, creating and saving a new random one if none exists yet.
    fn load_or_create(&self) -> Result<MasterKey, StoreError>;
    /// Where the key lives, for logs and diagnostics (never the key itself).
    fn describe(&self) -> String;
}

/// The master key in a file readable by the owner only (0600 on Unix), `outbox-master.key`.
/// For machines without a usable OS key store; protects against copying the database alone.
#[derive(Debug, Clone)]
pub struct KeyFileStore {
    path: PathBuf,
}

/// The file name [`KeyFileStore`] uses inside its directory.
pub const KEY_FILE_NAME: &str = "outbox-master.key";

impl KeyFileStore {
    /// A key file inside `dir` (created if absent).
    pub fn new(dir: &Path) -> Self {
        Self { path: dir.join(KEY_FILE_NAME) }
    }

    fn read(&self) -> Result<Option<MasterKey>, StoreError> {
        match std::fs::read(&self.path) {
            Ok(mut bytes) => {
                let key: Result<[u8; 32], _> = bytes.as_slice().try_into();
                bytes.zeroize();
                match key {
                    Ok(k) => Ok(Some(MasterKey(k))),
                    Err(_) => Err(StoreError::KeyStore(format!("{} does not hold a 32-byte key", self.path.display()))),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::KeyStore(format!("{}: {e}", self.path.display()))),
        }
    }
}

fn io_err(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::KeyStore(format!("{}: {e}", path.display()))
}

impl MasterKeyStore for KeyFileStore {
    fn load_or_create(&self) -> Result<MasterKey, StoreError> {
        if let Some(k) = self.read()? {
            return Ok(k);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        // Write a complete key to a private temporary file, then link it into place: another
        // process racing us either wins (we read its key) or loses; nobody sees a partial key.
        let tmp = dir.join(format!("{KEY_FILE_NAME}.{}.tmp", std::process::id()));
        let key = MasterKey::generate();
        {
            use std::io::Write;
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            let mut f = opts.open(&tmp).map_err(|e| io_err(&tmp, e))?;
            f.write_all(key.bytes()).map_err(|e| io_err(&tmp, e))?;
            f.sync_all().map_err(|e| io_err(&tmp, e))?;
        }
        let linked = std::fs::hard_link(&tmp, &self.path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => {
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
                tracing::info!(path = %self.path.display(), "outbox master key created");
                Ok(key)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                self.read()?.ok_or_else(|| StoreError::KeyStore(format!("{} vanished", self.path.display())))
            }
            Err(e) => Err(io_err(&self.path, e)),
        }
    }

    fn describe(&self) -> String {
        format!("file {}", self.path.display())
    }
}

/// The master key in the operating system's key store (Windows Credential Manager, the Secret
/// Service on Linux) through the `keyring` crate. Available with the `os-keystore` feature;
/// without it, [`MasterKeyStore::load_or_create`] fails with [`StoreError::KeyStore`].
#[derive(Debug, Clone)]
pub struct OsKeyStore {
    service: String,
    account: String,
}

impl OsKeyStore {
    /// The entry `service`/`account` (Skranke uses `"skranke"` / `"outbox-master-key"`).
    pub fn new(service: &str, account: &str) -> Self {
        Self { service: service.into(), account: account.into() }
    }
}

impl MasterKeyStore for OsKeyStore {
    #[cfg(feature = "os-keystore")]
    fn load_or_create(&self) -> Result<MasterKey, StoreError> {
        let entry =
            keyring::Entry::new(&self.service, &self.account).map_err(|e| StoreError::KeyStore(e.to_string()))?;
        match entry.get_secret() {
            Ok(mut bytes) => {
                let key: Result<[u8; 32], _> = bytes.as_slice().try_into();
                bytes.zeroize();
                key.map(MasterKey)
                    .map_err(|_| StoreError::KeyStore("the OS key store entry is not a 32-byte key".into()))
            }
            Err(keyring::Error::NoEntry) => {
                let key = MasterKey::generate();
                entry.set_secret(key.bytes()).map_err(|e| StoreError::KeyStore(e.to_string()))?;
                Ok(key)
            }
            Err(e) => Err(StoreError::KeyStore(e.to_string())),
        }
    }

    #[cfg(not(feature = "os-keystore"))]
    fn load_or_create(&self) -> Result<MasterKey, StoreError> {
        Err(StoreError::KeyStore("this build has no OS key store support (feature os-keystore)".into()))
    }

    fn describe(&self) -> String {
        format!("os key store {}/{}", self.service, self.account)
    }
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
    fn key_file_is_created_once_private_and_reused() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(&t.path().join("keys"));
        let a = store.load_or_create().expect("create");
        let b = store.load_or_create().expect("load");
        assert_eq!(a.bytes(), b.bytes());
        let path = t.path().join("keys").join(KEY_FILE_NAME);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let other = KeyFileStore::new(&t.path().join("other")).load_or_create().expect("other");
        assert_ne!(a.bytes(), other.bytes());
    }

    #[test]
    fn damaged_key_file_is_an_error() {
        let t = tempfile::tempdir().expect("tempdir");
        std::fs::write(t.path().join(KEY_FILE_NAME), b"short").expect("write");
        let err = KeyFileStore::new(t.path()).load_or_create().expect_err("short key");
        assert_eq!(err.code(), skranke_core::Code::StoreKeyUnavailable);
    }

    /// Needs a running OS key store (Secret Service / Credential Manager):
    /// `cargo test -p skranke-store --features os-keystore -- --ignored os_key_store`.
    #[cfg(feature = "os-keystore")]
    #[test]
    #[ignore = "needs a running OS key store"]
    fn os_key_store_creates_then_reuses() {
        let account = format!("test-{}", std::process::id());
        let store = OsKeyStore::new("skranke-test", &account);
        let a = store.load_or_create().expect("create");
        let b = store.load_or_create().expect("load");
        assert_eq!(a.bytes(), b.bytes());
        keyring::Entry::new("skranke-test", &account).and_then(|e| e.delete_credential()).expect("clean up");
    }

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
}
