//! The master key of this installation: which key store holds it (the OS key store in production
//! by default — Windows Credential Manager, the Secret Service on Linux — or a key file outside the
//! data directory, `security.key_dir`, owner-only; demo mode keeps a key file inside its own data
//! directory, since a demo must run on machines without a key store and its data is fictitious),
//! loading it (after finishing a key rotation a crash interrupted), where the audit trail's signed
//! checkpoints are kept (beside the key, outside the data directory), and `skranke keys rotate`.
use crate::{ApiError, Code, DataDir};
use skranke_config::{Config, KeyStoreKind, Mode};
use skranke_store::{MasterKey, MasterKeyStore};
use std::path::{Path, PathBuf};

/// The file the audit trail's signed checkpoints are appended to.
pub const CHECKPOINT_FILE_NAME: &str = "audit-checkpoints.jsonl";

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

/// The configured key store, with a production key file moved out of the data directory first
/// (earlier versions kept it there).
pub fn key_store(config: &Config, data_dir: &DataDir) -> Result<Box<dyn MasterKeyStore>, ApiError> {
    let kind = key_store_kind(config);
    let dir = key_dir(config, data_dir);
    if kind == "file" && config.mode == Mode::Production {
        move_key_out_of_data_dir(&data_dir.root.join("keys"), &dir)?;
    }
    skranke_store::master_key_store(kind, &dir).map_err(|e| with_fix(ApiError::from(e), kind))
}

/// Loads (creating on first use) the master key, after completing or forgetting a key rotation
/// that a crash interrupted.
pub fn load(config: &Config, data_dir: &DataDir) -> Result<MasterKey, ApiError> {
    let kind = key_store_kind(config);
    let store = key_store(config, data_dir)?;
    skranke_store::finish_interrupted_rotation(&data_dir.database(), store.as_ref())
        .map_err(|e| with_fix(ApiError::from(e), kind))?;
    let key = store.load_or_create().map_err(|e| with_fix(ApiError::from(e), kind))?;
    if kind == "file" {
        restrict_key_file(&key_dir(config, data_dir).join(skranke_store::KEY_FILE_NAME));
    }
    Ok(key)
}

/// Where the audit trail's signed checkpoints go: beside the key, outside the data directory, so
/// that whoever cuts the database's newest entries must also reach this folder.
pub fn checkpoint_file(config: &Config, data_dir: &DataDir) -> PathBuf {
    key_dir(config, data_dir).join(CHECKPOINT_FILE_NAME)
}

/// Re-wraps the database under a new master key in the configured key store and records the
/// outcome in the audit trail as `user_id` (the caller has closed its own connections; the
/// `started` entry is already written). See [`skranke_store::rotate_master_key`].
pub(crate) fn rotate(
    config: &Config,
    data_dir: &DataDir,
    user_id: &str,
    workstation: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<skranke_store::Rotation, ApiError> {
    let kind = key_store_kind(config);
    let store = key_store(config, data_dir)?;
    let result = skranke_store::rotate_master_key(&data_dir.database(), store.as_ref())
        .map_err(|e| with_fix(ApiError::from(e), kind));
    let master = load(config, data_dir)?;
    let mut log = crate::audit_trail::open_log(config, data_dir, &master)?;
    let (outcome, details) = match &result {
        Ok(r) => ("ok", serde_json::json!({ "bundle_keys": r.bundle_keys, "data_keys": r.data_keys })),
        Err(e) => (e.code.as_str(), serde_json::json!({})),
    };
    log.append(&skranke_store::NewAuditEntry {
        at: now,
        user_id: user_id.to_string(),
        workstation: workstation.to_string(),
        action: skranke_store::AuditAction::KeyRotation,
        subject_cpr: None,
        outcome: outcome.to_string(),
        details,
    })?;
    result
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
pub(crate) fn with_fix(e: ApiError, kind: &str) -> ApiError {
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
