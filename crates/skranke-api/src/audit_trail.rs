//! [`AuditTrail`]: the one writer of audit entries for every part of the façade. Each entry gets
//! the time from the app's clock and this PC's name; the caller's action fails when its entry
//! cannot be written (no entry, no result: the register's rule).
use crate::guarded::Guarded;
use crate::{ApiError, Clock};
use skranke_core::Cpr;
use skranke_store::{AuditAction, AuditEntry, AuditLog, ChainReport, NewAuditEntry};
use std::path::PathBuf;
use std::sync::Arc;

/// Opens this installation's audit log, reporting to the audit witness when
/// `security.audit_witness_socket` names one. Every part of the façade that writes or verifies
/// the trail opens it here, so none of them leaves the witness out.
pub(crate) fn open_log(
    config: &skranke_config::Config,
    data_dir: &crate::DataDir,
    master_key: &skranke_store::MasterKey,
) -> Result<AuditLog, ApiError> {
    let log = AuditLog::open(&data_dir.database(), master_key)?;
    Ok(match &config.security.audit_witness_socket {
        Some(socket) => log.with_witness(skranke_witness::WitnessClient::new(socket)),
        None => log,
    })
}

/// The audit log of this installation, shared by the façade's parts.
pub(crate) struct AuditTrail {
    log: Guarded<AuditLog>,
    workstation: String,
    clock: Arc<dyn Clock>,
    /// The signed checkpoints' file, outside the data directory.
    checkpoints: PathBuf,
}

impl AuditTrail {
    /// Writes to `log`, stamping entries with `workstation` and `clock`; signed checkpoints go
    /// to `checkpoints`.
    pub(crate) fn new(log: AuditLog, workstation: String, clock: Arc<dyn Clock>, checkpoints: PathBuf) -> Self {
        Self { log: Guarded::new(log), workstation, clock, checkpoints }
    }

    /// Appends one entry.
    pub(crate) fn record(
        &self,
        user_id: &str,
        action: AuditAction,
        subject: Option<&Cpr>,
        outcome: &str,
        details: serde_json::Value,
    ) -> Result<(), ApiError> {
        self.record_seq(user_id, action, subject, outcome, details).map(|_| ())
    }

    /// Appends one entry and returns its position in the chain (a later entry refers to it).
    pub(crate) fn record_seq(
        &self,
        user_id: &str,
        action: AuditAction,
        subject: Option<&Cpr>,
        outcome: &str,
        details: serde_json::Value,
    ) -> Result<i64, ApiError> {
        let entry = NewAuditEntry {
            at: self.clock.now(),
            user_id: user_id.to_string(),
            workstation: self.workstation.clone(),
            action,
            subject_cpr: subject.map(|c| c.digits()),
            outcome: outcome.to_string(),
            details,
        };
        self.log.lock()?.append(&entry).map(|e| e.seq).map_err(ApiError::from)
    }

    /// The newest entries.
    pub(crate) fn recent(&self, limit: u32) -> Result<Vec<AuditEntry>, ApiError> {
        self.log.lock()?.recent(limit).map_err(ApiError::from)
    }

    /// How many entries of `action` this workstation wrote at or after `since`.
    pub(crate) fn count_since(
        &self,
        action: AuditAction,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, ApiError> {
        self.log.lock()?.count_since(action, &self.workstation, since).map_err(ApiError::from)
    }

    /// The newest entry of `action` this workstation wrote.
    pub(crate) fn latest(&self, action: AuditAction) -> Result<Option<AuditEntry>, ApiError> {
        self.log.lock()?.latest(action, &self.workstation).map_err(ApiError::from)
    }

    /// What happened to one capture, oldest first: the entries naming it in `details.capture_id`
    /// (the sender's, the review's) and, when the person is known, their entries about it (the
    /// capture itself).
    pub(crate) fn capture_history(&self, capture_id: &str, person: Option<&Cpr>) -> Result<Vec<AuditEntry>, ApiError> {
        let log = self.log.lock()?;
        let mut entries = log.about_captures(&[capture_id.to_string()])?;
        if let Some(p) = person {
            let mine = log.for_person(&p.digits())?.into_iter().filter(|e| {
                serde_json::from_str::<serde_json::Value>(&e.details)
                    .ok()
                    .and_then(|d| d.get("capture_id").and_then(|v| v.as_str()).map(|v| v == capture_id))
                    .unwrap_or(false)
            });
            entries.extend(mine);
        }
        entries.sort_by_key(|e| e.seq);
        Ok(entries)
    }

    /// Brings the audit witness up to date and says where it stands (`None`: none configured).
    pub(crate) fn witness_status(&self) -> Result<Option<skranke_store::WitnessStatus>, ApiError> {
        self.log.lock()?.sync_witness().map_err(ApiError::from)
    }

    /// Walks the keyed chain against the signed checkpoints.
    pub(crate) fn verify(&self) -> Result<ChainReport, ApiError> {
        self.log.lock()?.verify(&self.checkpoints).map_err(ApiError::from)
    }

    /// Writes a signed checkpoint of the head (log and file).
    pub(crate) fn write_checkpoint(&self) -> Result<skranke_store::Checkpoint, ApiError> {
        let now = self.clock.now();
        self.log.lock()?.write_checkpoint(&self.checkpoints, &self.workstation, now).map_err(ApiError::from)
    }
}
