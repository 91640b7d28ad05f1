//! The background sender: delivers the outbox while the app runs. Each pass is
//! `Skranke::send_pass`; between passes it waits for a new capture, "Prøv igen nu", or a tick.
use skranke_api::Skranke;
use std::time::Duration;
use tauri::{Emitter, Manager};

/// Longest wait between passes (producer decisions and backoff expiries are picked up this often).
const TICK: Duration = Duration::from_secs(5);

/// Starts the sender on Tauri's async runtime.
pub fn spawn(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let app = handle.state::<Skranke>();
            if let Err(e) = app.send_pass().await {
                // The outbox itself failed (disk, key store): log it and keep trying; the header shows it.
                tracing::error!(code = e.code.as_str(), error = %e.message, "send pass failed");
            }
            let _ = handle.emit("status-changed", app.status());
            app.send_wait(TICK).await;
        }
    });
}
