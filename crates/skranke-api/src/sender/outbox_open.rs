//! Opens the outbox in the Skranke database with the master-key store the configuration names:
//! the OS key store in production by default (Windows Credential Manager, the Secret Service on
//! Linux), or a key file outside the data directory (`security.key_dir`, owner-only); demo mode
//! keeps a key file inside its own data directory (a demo must run on machines without a key
//! store, and its data is fictitious).
use crate::{ApiError, Code, DataDir};
use chrono::{DateTime, Utc};
use skranke_config::{Config, KeyStoreKind, Mode};
use skranke_store::Outbox;
use std::path::{Path, PathBuf};

/// The key store kind actually used: `file` in demo mode, else the configured one.
pub fn key_store_kind(config: &Config) -> &'static str {
    match (config.mode, config.security.keystore) {
        (Mode::Demo, _) | (_, KeyStoreKind::File) => "file",
        (Mode::Production, KeyStoreKind::Os) => "os",
    }
}

/// The folder of the master key file: the demo data directory's `keys` in demo mode, else
/// `security.key_dir` or the platform default outside the data directory.
pub fn key_dir(config: &Config, data_dir: &DataDir) -> PathBuf {
    match config.mode {
        Mode::Demo => data_dir.root.join("keys"),
        Mode::Production => config.security.key_dir.clone().unwrap_or_else(skranke_config::default_key_dir),
    }
}

/// Opens (creating and migrating when needed) the outbox; expired leases go back to the queue.
pub fn open(config: &Config, data_dir: &DataDir, now: DateTime<Utc>) -> Result<Outbox, ApiError> {
    let kind = key_store_kind(config);
    let dir = key_dir(config, data_dir);
    if kind == "file" && config.mode == Mode::Production {
        move_key_out_of_data_dir(&data_dir.root.join("keys"), &dir)?;
    }
    let keys = skranke_store::master_key_store(kind, &dir).map_err(|e| with_fix(ApiError::from(e), kind))?;
    let outbox =
        Outbox::open(&data_dir.database(), keys.as_ref(), now).map_err(|e| with_fix(ApiError::from(e), kind))?;
    if kind == "file" {
        restrict_key_file(&dir.join(skranke_store::KEY_FILE_NAME));
    }
    Ok(outbox)
}

/// Earlier versions kept the production key file in `<data_dir>/keys`; it moves to the key
/// folder the first time (a backup of the data directory must not carry the key).
fn move_key_out_of_data_dir(old_dir: &Path, new_dir: &Path) -> Result<(), ApiError> {
    let old = old_dir.join(skranke_store::KEY_FILE_NAME);
    let new = new_dir.join(skranke_store::KEY_FILE_NAME);
    if old_dir == new_dir || !old.exists() || new.exists() {
        return Ok(());
    }
    let fail = |e: std::io::Error| {
        ApiError::new(Code::StoreKeyUnavailable, format!("moving {} to {}: {e}", old.display(), new.display()))
    };
    std::fs::create_dir_all(new_dir).map_err(fail)?;
    if std::fs::rename(&old, &new).is_err() {
        // Another file system: copy, then remove the original only once the copy is complete.
        std::fs::copy(&old, &new).map_err(fail)?;
        std::fs::remove_file(&old).map_err(fail)?;
    }
    tracing::warn!(from = %old.display(), to = %new.display(), "outbox master key moved out of the data directory");
    Ok(())
}

/// Adds what IT must do to a key store failure: the OS key store may be missing on Linux.
fn with_fix(e: ApiError, kind: &str) -> ApiError {
    if e.code != Code::StoreKeyUnavailable || kind != "os" {
        return e;
    }
    let fix = "the OS key store cannot be used here (Windows: Credential Manager; Linux: a running Secret Service such as gnome-keyring). \
               Fix: start it, or set security.keystore = \"file\" with security.key_dir outside the data directory";
    ApiError::new(e.code, format!("{}; {fix}", e.message))
}

/// Owner-only access to the key file: 0600 is set when it is created on Unix; on Windows the
/// inherited permissions are replaced by Administrators, SYSTEM and the account running Skranke
/// (untested here: docs/windows.md).
fn restrict_key_file(path: &Path) {
    #[cfg(windows)]
    {
        let account = match skranke_os::current_account() {
            Ok(a) => a.name,
            Err(e) => {
                tracing::warn!(error = %e, "key file permissions not restricted: account unknown");
                return;
            }
        };
        let status = std::process::Command::new("icacls")
            .arg(path)
            .args(["/inheritance:r", "/grant:r", "*S-1-5-32-544:F", "*S-1-5-18:F"])
            .arg(format!("{account}:F"))
            .stdout(std::process::Stdio::null())
            .status();
        if !status.is_ok_and(|s| s.success()) {
            tracing::warn!(path = %path.display(), "key file permissions could not be restricted (icacls)");
        }
    }
    #[cfg(not(windows))]
    {
        let _ = path;
    }
}
