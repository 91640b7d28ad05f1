//! [`OsKeyStore`]: the master key in the operating system's key store, one entry per key (the
//! current one under `account`, a rotation's pending one under `account.next`). The platform part
//! is three calls (get, set, delete) in `backend`: the Secret Service over D-Bus on Linux
//! (`keyring`), Windows Credential Manager with local-machine persistence (`keys_wincred.rs`), and
//! a clear error everywhere else or without the `os-keystore` feature.
use super::{MasterKey, MasterKeyStore};
use crate::StoreError;

/// The master key in the operating system's key store (Windows Credential Manager, the Secret
/// Service on Linux). Available with the `os-keystore` feature; without it, or on another
/// platform, every method fails with [`StoreError::KeyStore`].
#[derive(Debug, Clone)]
pub struct OsKeyStore {
    service: String,
    account: String,
}

impl OsKeyStore {
    /// The entry `service`/`account` (Skranke uses `"skranke"` / `"outbox-master-key"`); a
    /// rotation's pending key is the entry `service`/`account.next`.
    pub fn new(service: &str, account: &str) -> Self {
        Self { service: service.into(), account: account.into() }
    }

    fn pending_account(&self) -> String {
        format!("{}.next", self.account)
    }

    /// The key in entry `account`, `None` when there is no such entry.
    fn load(&self, account: &str) -> Result<Option<MasterKey>, StoreError> {
        match backend::get(&self.service, account)? {
            None => Ok(None),
            Some(bytes) => MasterKey::from_stored(bytes).map(Some).ok_or_else(|| {
                StoreError::KeyStore(format!("the OS key store entry {}/{account} is not a 32-byte key", self.service))
            }),
        }
    }
}

impl MasterKeyStore for OsKeyStore {
    fn load_or_create(&self) -> Result<MasterKey, StoreError> {
        if let Some(key) = self.load(&self.account)? {
            return Ok(key);
        }
        backend::set(&self.service, &self.account, MasterKey::generate().bytes())?;
        // Read back what the store holds: if another process created a key at the same moment,
        // both continue with the one that was written last.
        let key = self.load(&self.account)?.ok_or_else(|| {
            StoreError::KeyStore(format!("the OS key store entry {}/{} vanished", self.service, self.account))
        })?;
        tracing::info!(store = %self.describe(), "outbox master key created");
        Ok(key)
    }

    fn save_pending(&self, key: &MasterKey) -> Result<(), StoreError> {
        backend::set(&self.service, &self.pending_account(), key.bytes())?;
        tracing::info!(store = %self.describe(), "pending outbox master key saved");
        Ok(())
    }

    fn load_pending(&self) -> Result<Option<MasterKey>, StoreError> {
        self.load(&self.pending_account())
    }

    fn promote_pending(&self) -> Result<(), StoreError> {
        let pending = self.pending_account();
        let key = self.load(&pending)?.ok_or_else(|| {
            StoreError::KeyStore(format!("no pending master key to promote ({}/{pending})", self.service))
        })?;
        // A crash between these two leaves both entries equal: the next rotation replaces the
        // pending one, and promoting it again changes nothing.
        backend::set(&self.service, &self.account, key.bytes())?;
        backend::delete(&self.service, &pending)?;
        tracing::info!(store = %self.describe(), "pending outbox master key is now the current one");
        Ok(())
    }

    fn discard_pending(&self) -> Result<(), StoreError> {
        backend::delete(&self.service, &self.pending_account())
    }

    fn describe(&self) -> String {
        format!("os key store {}/{}", self.service, self.account)
    }
}

/// Linux: the Secret Service (gnome-keyring, KWallet, KeePassXC) on the session D-Bus, through
/// `keyring`; items in the default collection with the attributes `service` and `username`.
#[cfg(all(feature = "os-keystore", target_os = "linux"))]
mod backend {
    use crate::StoreError;

    fn entry(service: &str, account: &str) -> Result<keyring::Entry, StoreError> {
        keyring::Entry::new(service, account).map_err(store_error)
    }

    /// The secret of `service`/`account`, `None` when there is no such entry.
    pub(super) fn get(service: &str, account: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match entry(service, account)?.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(store_error(e)),
        }
    }

    /// Creates or replaces the secret of `service`/`account`.
    pub(super) fn set(service: &str, account: &str, secret: &[u8]) -> Result<(), StoreError> {
        entry(service, account)?.set_secret(secret).map_err(store_error)
    }

    /// Deletes `service`/`account`; an entry that is not there is no error.
    pub(super) fn delete(service: &str, account: &str) -> Result<(), StoreError> {
        match entry(service, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(store_error(e)),
        }
    }

    /// Names the missing piece when the Secret Service cannot be reached or is locked (no session
    /// bus, no keyring daemon, a locked collection that would need a prompt).
    pub(super) fn store_error(e: keyring::Error) -> StoreError {
        match e {
            keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => StoreError::KeyStore(format!(
                "the Secret Service (org.freedesktop.secrets on the session D-Bus, unlocked) is not available: {e}"
            )),
            other => StoreError::KeyStore(other.to_string()),
        }
    }
}

/// Windows: a generic credential in Credential Manager, target `account.service` (the name
/// `keyring` would use), persisted for this computer only (`keys_wincred.rs`).
#[cfg(all(feature = "os-keystore", windows))]
mod backend {
    use super::super::wincred;
    use crate::StoreError;

    fn target(service: &str, account: &str) -> String {
        format!("{account}.{service}")
    }

    /// The secret of `service`/`account`, `None` when there is no such credential.
    pub(super) fn get(service: &str, account: &str) -> Result<Option<Vec<u8>>, StoreError> {
        wincred::read(&target(service, account))
    }

    /// Creates or replaces the secret of `service`/`account`.
    pub(super) fn set(service: &str, account: &str, secret: &[u8]) -> Result<(), StoreError> {
        wincred::write(&target(service, account), account, secret)
    }

    /// Deletes `service`/`account`; a credential that is not there is no error.
    pub(super) fn delete(service: &str, account: &str) -> Result<(), StoreError> {
        wincred::delete(&target(service, account))
    }
}

/// No OS key store: a build without the `os-keystore` feature, or a platform other than Linux and
/// Windows.
#[cfg(not(all(feature = "os-keystore", any(target_os = "linux", windows))))]
mod backend {
    use crate::StoreError;

    fn unavailable() -> StoreError {
        StoreError::KeyStore(if cfg!(feature = "os-keystore") {
            "there is no OS key store for this platform (only Windows and Linux)".into()
        } else {
            "this build has no OS key store support (feature os-keystore)".into()
        })
    }

    pub(super) fn get(_service: &str, _account: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Err(unavailable())
    }

    pub(super) fn set(_service: &str, _account: &str, _secret: &[u8]) -> Result<(), StoreError> {
        Err(unavailable())
    }

    pub(super) fn delete(_service: &str, _account: &str) -> Result<(), StoreError> {
        Err(unavailable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(feature = "os-keystore"))]
    #[test]
    fn without_the_feature_every_step_says_so() {
        let store = OsKeyStore::new("skranke-test", "unused");
        let err = store.load_or_create().expect_err("no feature");
        assert_eq!(err.code(), skranke_core::Code::StoreKeyUnavailable);
        assert!(err.to_string().contains("feature os-keystore"), "{err}");
        assert!(store.save_pending(&MasterKey::generate()).is_err());
        assert!(store.load_pending().is_err());
        assert!(store.promote_pending().is_err());
        assert!(store.discard_pending().is_err());
    }

    #[cfg(all(feature = "os-keystore", target_os = "linux"))]
    #[test]
    fn an_unreachable_secret_service_is_named_in_the_error() {
        let cause = || Box::new(std::io::Error::other("no bus")) as Box<dyn std::error::Error + Send + Sync>;
        for e in [keyring::Error::NoStorageAccess(cause()), keyring::Error::PlatformFailure(cause())] {
            let err = backend::store_error(e);
            assert_eq!(err.code(), skranke_core::Code::StoreKeyUnavailable);
            assert!(err.to_string().contains("Secret Service (org.freedesktop.secrets"), "{err}");
        }
    }

    /// Live tests against the real OS key store. On Linux, `scripts/with-secret-service.sh`
    /// provides a private session bus with an unlocked gnome-keyring; scripts/test.sh runs
    /// `scripts/with-secret-service.sh cargo test -p skranke-store --features os-keystore
    /// os_key_store -- --ignored`. Ignored otherwise: a developer's desktop keyring may be locked.
    #[cfg(feature = "os-keystore")]
    mod live {
        use super::*;

        /// A store on a fresh entry pair that both tests and a failed run leave removed.
        struct Scratch(OsKeyStore);

        impl Scratch {
            fn new(test: &str) -> Self {
                Self(OsKeyStore::new("skranke-test", &format!("{test}-{}", std::process::id())))
            }

            /// The same entries seen from a new store value, as after a restart.
            fn reopened(&self) -> OsKeyStore {
                self.0.clone()
            }
        }

        impl Drop for Scratch {
            fn drop(&mut self) {
                let _ = backend::delete(&self.0.service, &self.0.account);
                let _ = backend::delete(&self.0.service, &self.0.pending_account());
            }
        }

        #[test]
        #[ignore = "needs a running OS key store: scripts/with-secret-service.sh on Linux"]
        fn os_key_store_creates_then_reuses() {
            let s = Scratch::new("reuse");
            let a = s.0.load_or_create().expect("create");
            let b = s.reopened().load_or_create().expect("load");
            assert_eq!(a.bytes(), b.bytes());
            assert!(s.0.load_pending().expect("no pending").is_none());
            let other = Scratch::new("other").0.load_or_create().expect("other entry");
            assert_ne!(a.bytes(), other.bytes());
        }

        #[test]
        #[ignore = "needs a running OS key store: scripts/with-secret-service.sh on Linux"]
        fn os_key_store_rotates_in_two_phases() {
            let s = Scratch::new("rotate");
            let old = s.0.load_or_create().expect("create");
            s.0.discard_pending().expect("nothing to discard is no error");
            assert!(s.0.promote_pending().is_err(), "nothing to promote");

            // Crash after step 1: the old key is still current, the new one pending.
            s.0.save_pending(&MasterKey::generate()).expect("first pending");
            let new = MasterKey::generate();
            s.0.save_pending(&new).expect("second pending replaces the first");
            let after = s.reopened();
            assert_eq!(after.load_or_create().expect("current").bytes(), old.bytes());
            assert_eq!(after.load_pending().expect("pending").map(|k| *k.bytes()), Some(*new.bytes()));

            // A rotation that never reached the database.
            after.discard_pending().expect("discard");
            assert!(after.load_pending().expect("pending").is_none());
            assert_eq!(after.load_or_create().expect("current").bytes(), old.bytes());

            // A rotation that did: the pending key becomes current and no pending key remains.
            after.save_pending(&new).expect("pending again");
            after.promote_pending().expect("promote");
            let done = s.reopened();
            assert_eq!(done.load_or_create().expect("current").bytes(), new.bytes());
            assert!(done.load_pending().expect("pending").is_none());
        }
    }
}
