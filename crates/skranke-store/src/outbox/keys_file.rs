//! [`KeyFileStore`]: the master key in a file readable by the owner only, and the pending next key
//! of a rotation in a second file beside it. Every write goes to a private temporary file that is
//! synced before it is linked or renamed into place, and the folder is synced after: a crash
//! leaves either the old file or the complete new one, never a partial key.
use super::{MasterKey, MasterKeyStore};
use crate::StoreError;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The file name [`KeyFileStore`] uses inside its directory.
pub const KEY_FILE_NAME: &str = "outbox-master.key";

/// The pending next key of a rotation, beside [`KEY_FILE_NAME`].
const PENDING_FILE_NAME: &str = "outbox-master.key.next";

/// The master key in a file readable by the owner only (0600 on Unix), `outbox-master.key`; during
/// a rotation the next key waits in `outbox-master.key.next`. For machines without a usable OS key
/// store; protects against copying the database alone.
#[derive(Debug, Clone)]
pub struct KeyFileStore {
    dir: PathBuf,
}

impl KeyFileStore {
    /// A key file inside `dir` (created if absent).
    pub fn new(dir: &Path) -> Self {
        Self { dir: dir.to_path_buf() }
    }

    fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE_NAME)
    }

    fn pending_path(&self) -> PathBuf {
        self.dir.join(PENDING_FILE_NAME)
    }

    fn create_dir(&self) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io_err(&self.dir, e))
    }
}

fn io_err(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::KeyStore(format!("{}: {e}", path.display()))
}

/// The key in `path`; `None` when there is no such file, an error when it is not a 32-byte key.
fn read_key(path: &Path) -> Result<Option<MasterKey>, StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => MasterKey::from_stored(bytes)
            .map(Some)
            .ok_or_else(|| StoreError::KeyStore(format!("{} does not hold a 32-byte key", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(path, e)),
    }
}

/// Writes `key` to a new owner-only temporary file in `dir` named after `name`, synced to disk,
/// and returns its path. Names are unique per process and call, so concurrent writers never
/// share a temporary file.
fn write_temp(dir: &Path, name: &str, key: &MasterKey) -> Result<PathBuf, StoreError> {
    use std::io::Write;
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!("{name}.{}.{}.tmp", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed)));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let written = opts.open(&tmp).and_then(|mut f| {
        f.write_all(key.bytes())?;
        f.sync_all()
    });
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io_err(&tmp, e))
        }
    }
}

/// Makes a rename, link or removal in `dir` durable (Unix; on Windows a folder cannot be opened
/// for syncing this way, and NTFS journals the rename itself).
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io_err(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl MasterKeyStore for KeyFileStore {
    fn load_or_create(&self) -> Result<MasterKey, StoreError> {
        let path = self.key_path();
        if let Some(k) = read_key(&path)? {
            return Ok(k);
        }
        self.create_dir()?;
        // Link a complete private temporary file into place: another process racing us either
        // wins (we read its key) or loses; nobody sees a partial key.
        let key = MasterKey::generate();
        let tmp = write_temp(&self.dir, KEY_FILE_NAME, &key)?;
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => {
                sync_dir(&self.dir)?;
                tracing::info!(path = %path.display(), "outbox master key created");
                Ok(key)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                read_key(&path)?.ok_or_else(|| StoreError::KeyStore(format!("{} vanished", path.display())))
            }
            Err(e) => Err(io_err(&path, e)),
        }
    }

    fn save_pending(&self, key: &MasterKey) -> Result<(), StoreError> {
        self.create_dir()?;
        let pending = self.pending_path();
        let tmp = write_temp(&self.dir, PENDING_FILE_NAME, key)?;
        if let Err(e) = std::fs::rename(&tmp, &pending) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io_err(&pending, e));
        }
        sync_dir(&self.dir)?;
        tracing::info!(path = %pending.display(), "pending outbox master key saved");
        Ok(())
    }

    fn load_pending(&self) -> Result<Option<MasterKey>, StoreError> {
        read_key(&self.pending_path())
    }

    fn promote_pending(&self) -> Result<(), StoreError> {
        let pending = self.pending_path();
        // Check the pending file holds a key before it replaces the one that works.
        if read_key(&pending)?.is_none() {
            return Err(StoreError::KeyStore(format!("{}: no pending master key to promote", pending.display())));
        }
        let path = self.key_path();
        std::fs::rename(&pending, &path).map_err(|e| io_err(&path, e))?;
        sync_dir(&self.dir)?;
        tracing::info!(path = %path.display(), "pending outbox master key is now the current one");
        Ok(())
    }

    fn discard_pending(&self) -> Result<(), StoreError> {
        let pending = self.pending_path();
        match std::fs::remove_file(&pending) {
            Ok(()) => {
                sync_dir(&self.dir)?;
                tracing::info!(path = %pending.display(), "pending outbox master key discarded");
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err(&pending, e)),
        }
    }

    fn describe(&self) -> String {
        format!("file {}", self.key_path().display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
    }

    #[test]
    fn key_file_is_created_once_private_and_reused() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(&t.path().join("keys"));
        let a = store.load_or_create().expect("create");
        let b = store.load_or_create().expect("load");
        assert_eq!(a.bytes(), b.bytes());
        #[cfg(unix)]
        assert_eq!(mode(&t.path().join("keys").join(KEY_FILE_NAME)), 0o600);
        assert_eq!(names(&t.path().join("keys")), [KEY_FILE_NAME]);
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

    #[test]
    fn a_crash_after_saving_the_pending_key_keeps_the_old_key_current() {
        let t = tempfile::tempdir().expect("tempdir");
        let old = KeyFileStore::new(t.path()).load_or_create().expect("create");
        let new = MasterKey::generate();
        KeyFileStore::new(t.path()).save_pending(&new).expect("save pending");
        // A new process after the crash: a fresh store value on the same folder.
        let after = KeyFileStore::new(t.path());
        assert_eq!(after.load_or_create().expect("current").bytes(), old.bytes());
        assert_eq!(after.load_pending().expect("pending").map(|k| *k.bytes()), Some(*new.bytes()));
        assert_eq!(names(t.path()), [KEY_FILE_NAME, PENDING_FILE_NAME]);
        #[cfg(unix)]
        assert_eq!(mode(&t.path().join(PENDING_FILE_NAME)), 0o600);
    }

    #[test]
    fn a_crash_while_writing_the_pending_key_leaves_no_pending_key() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(t.path());
        let old = store.load_or_create().expect("create");
        // What a crash before the rename leaves: a partial temporary file.
        std::fs::write(t.path().join(format!("{PENDING_FILE_NAME}.1.0.tmp")), [1u8; 5]).expect("write");
        assert!(store.load_pending().expect("pending").is_none());
        assert!(store.promote_pending().is_err());
        assert_eq!(store.load_or_create().expect("current").bytes(), old.bytes());
    }

    #[test]
    fn promote_makes_the_pending_key_current_and_leaves_no_pending_file() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(t.path());
        let old = store.load_or_create().expect("create");
        let new = MasterKey::generate();
        store.save_pending(&new).expect("save pending");
        store.promote_pending().expect("promote");
        let after = KeyFileStore::new(t.path());
        let current = after.load_or_create().expect("current");
        assert_eq!(current.bytes(), new.bytes());
        assert_ne!(current.bytes(), old.bytes());
        assert!(after.load_pending().expect("pending").is_none());
        assert_eq!(names(t.path()), [KEY_FILE_NAME]);
        #[cfg(unix)]
        assert_eq!(mode(&t.path().join(KEY_FILE_NAME)), 0o600);
    }

    #[test]
    fn discard_forgets_the_pending_key_and_keeps_the_current_one() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(t.path());
        let old = store.load_or_create().expect("create");
        store.save_pending(&MasterKey::generate()).expect("save pending");
        store.discard_pending().expect("discard");
        assert!(store.load_pending().expect("pending").is_none());
        assert_eq!(store.load_or_create().expect("current").bytes(), old.bytes());
        assert_eq!(names(t.path()), [KEY_FILE_NAME]);
        store.discard_pending().expect("nothing to discard is no error");
    }

    #[test]
    fn a_second_pending_key_replaces_the_first() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(t.path());
        store.save_pending(&MasterKey::generate()).expect("first");
        let second = MasterKey::generate();
        store.save_pending(&second).expect("second");
        assert_eq!(store.load_pending().expect("pending").map(|k| *k.bytes()), Some(*second.bytes()));
        assert_eq!(names(t.path()), [PENDING_FILE_NAME]);
    }

    #[test]
    fn promote_without_a_valid_pending_key_fails_and_keeps_the_current_key() {
        let t = tempfile::tempdir().expect("tempdir");
        let store = KeyFileStore::new(t.path());
        let old = store.load_or_create().expect("create");
        let err = store.promote_pending().expect_err("nothing pending");
        assert_eq!(err.code(), skranke_core::Code::StoreKeyUnavailable);
        std::fs::write(t.path().join(PENDING_FILE_NAME), b"short").expect("write");
        store.promote_pending().expect_err("damaged pending key");
        assert_eq!(store.load_or_create().expect("current").bytes(), old.bytes());
    }
}
