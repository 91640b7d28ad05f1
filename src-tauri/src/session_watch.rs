//! Keeps the lock screen honest: locks the session when the OS session locks or the PC suspends
//! (skranke-os's `LockWatcher`), and tells the UI the session's state every few seconds (an idle
//! session locks in the backend; this makes the lock screen appear without a click).
use skranke_api::session::LockReason;
use skranke_api::{LockWatcher, OsLockReason, Skranke};
use std::time::Duration;
use tauri::{Emitter, Manager};

/// How often the UI hears the session's state.
const TICK: Duration = Duration::from_secs(5);

/// Starts watching on Tauri's async runtime. Where the OS offers no lock notifications (no logind,
/// as on a test machine) that is logged and the idle lock still works.
pub fn spawn(handle: tauri::AppHandle) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // Held by the task so the channel stays open (and `recv` waits) when no watcher runs.
    let keep_open = tx.clone();
    let watcher = match LockWatcher::start(move |reason| {
        let _ = tx.send(reason);
    }) {
        Ok(w) => Some(w),
        Err(e) if e.is_unavailable() => {
            tracing::info!(error = %e, "no OS lock notifications here; the idle lock still applies");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot watch the OS session; the idle lock still applies");
            None
        }
    };
    tauri::async_runtime::spawn(async move {
        let _watcher = watcher;
        let _keep_open = keep_open;
        loop {
            let os_lock = tokio::time::timeout(TICK, rx.recv()).await.ok().flatten();
            let app = handle.state::<Skranke>();
            let view = match os_lock {
                Some(reason) => app.session_lock(match reason {
                    OsLockReason::Suspending => LockReason::Suspend,
                    _ => LockReason::OsSession,
                }),
                None => app.session_view(),
            };
            match view {
                Ok(v) => {
                    if v.locked {
                        // A locked counter shows the citizen nothing of the case.
                        handle.state::<crate::citizen::CitizenDisplay>().welcome();
                    }
                    let _ = handle.emit("session-changed", v);
                }
                Err(e) => tracing::error!(code = e.code.as_str(), error = %e.message, "session state unavailable"),
            }
        }
    });
}
