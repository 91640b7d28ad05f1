//! Signed checkpoints of the chain head. The chain alone cannot tell that its newest entries were
//! cut off (what is left still verifies); a checkpoint — the head's position and MAC, signed with
//! the checkpoint key — is written into the log and appended to a file outside the database
//! (`audit-checkpoints.jsonl` beside the master key file), daily and when the app closes. An entry
//! named by a checkpoint that is no longer in the log is a cut-off tail.
use super::chain::same_mac;
use super::keys::AuditKeys;
use crate::StoreError;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// One checkpoint: the chain reached `seq` with `mac` at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The position of the head when the checkpoint was taken.
    pub seq: i64,
    /// The head's MAC.
    pub mac: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// HMAC-SHA-256 of the three under the checkpoint key.
    pub sig: String,
}

impl Checkpoint {
    /// Signs the head `seq`/`mac` at `at`.
    pub(crate) fn sign(keys: &AuditKeys, seq: i64, mac: &str, at: &str) -> Self {
        let sig = Self::signature(keys, seq, mac, at);
        Self { seq, mac: mac.to_string(), at: at.to_string(), sig }
    }

    fn signature(keys: &AuditKeys, seq: i64, mac: &str, at: &str) -> String {
        keys.checkpoint.tagged_mac("chain-checkpoint", &[seq.to_string().as_bytes(), mac.as_bytes(), at.as_bytes()])
    }

    /// Whether the signature is this installation's.
    pub(crate) fn is_genuine(&self, keys: &AuditKeys) -> bool {
        same_mac(&self.sig, &Self::signature(keys, self.seq, &self.mac, &self.at))
    }
}

/// The signature of the purge checkpoint (`audit_checkpoint` row).
pub(crate) fn purge_signature(keys: &AuditKeys, through: i64, last_mac: &str, purged_at: &str) -> String {
    keys.checkpoint
        .tagged_mac("purge-checkpoint", &[through.to_string().as_bytes(), last_mac.as_bytes(), purged_at.as_bytes()])
}

/// Appends `cp` as one JSON line to `file` and flushes it to disk.
pub(crate) fn append_to_file(file: &Path, cp: &Checkpoint) -> Result<(), StoreError> {
    let fail = |e: std::io::Error| StoreError::Unavailable(format!("{}: {e}", file.display()));
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut line = serde_json::to_vec(cp).map_err(|e| StoreError::Invalid(e.to_string()))?;
    line.push(b'\n');
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file).map_err(fail)?;
    f.write_all(&line).map_err(fail)?;
    f.sync_all().map_err(fail)
}

/// What the checkpoint file holds: the checkpoints in order, and the line numbers (1-based) of
/// lines that are not a checkpoint at all.
pub(crate) struct CheckpointFile {
    pub checkpoints: Vec<(usize, Checkpoint)>,
    pub unreadable: Vec<usize>,
}

/// Reads `file`; `None` when it does not exist.
pub(crate) fn read_file(file: &Path) -> Result<Option<CheckpointFile>, StoreError> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Unavailable(format!("{}: {e}", file.display()))),
    };
    let mut out = CheckpointFile { checkpoints: Vec::new(), unreadable: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Checkpoint>(line) {
            Ok(cp) => out.checkpoints.push((i + 1, cp)),
            Err(_) => out.unreadable.push(i + 1),
        }
    }
    Ok(Some(out))
}
