//! The daily job: while the app runs, deletes what is past its retention period
//! (`Skranke::retention_scheduled`) and writes a signed checkpoint of the audit chain
//! (`Skranke::audit_checkpoint`) at start and then once a day; the checkpoint is also written when
//! the app closes. It checks every hour against the wall clock, so a PC that slept through the day
//! runs it when it wakes. Logs counts only.
use skranke_api::Skranke;
use skranke_api::records::RetentionSchedule;
use std::time::Duration;
use tauri::Manager;

/// How often the job looks whether a day has passed since the last run.
const CHECK: Duration = Duration::from_secs(60 * 60);

/// Starts the job on Tauri's async runtime; each run goes to a blocking thread (database work).
pub fn spawn(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut schedule = RetentionSchedule::default();
        loop {
            let now = handle.state::<Skranke>().clock().now();
            if schedule.due(now) {
                let h = handle.clone();
                match tauri::async_runtime::spawn_blocking(move || h.state::<Skranke>().retention_scheduled()).await {
                    // The run logs its counts itself.
                    Ok(Ok(_)) => {
                        schedule.ran(now);
                        let h = handle.clone();
                        let _ = tauri::async_runtime::spawn_blocking(move || checkpoint(&h, "daily")).await;
                    }
                    Ok(Err(e)) => tracing::error!(code = e.code.as_str(), error = %e.message, "retention run failed"),
                    Err(e) => tracing::error!(error = %e, "retention run stopped"),
                }
            }
            tokio::time::sleep(CHECK).await;
        }
    });
}

/// Writes a signed checkpoint of the audit chain's head; a failure is logged (the next one, or
/// `skranke audit checkpoint`, covers the same entries).
pub fn checkpoint(handle: &tauri::AppHandle, why: &'static str) {
    match handle.state::<Skranke>().audit_checkpoint() {
        Ok(cp) => tracing::info!(seq = cp.seq, why, "audit checkpoint written"),
        Err(e) => tracing::error!(code = e.code.as_str(), error = %e.message, why, "audit checkpoint failed"),
    }
}
