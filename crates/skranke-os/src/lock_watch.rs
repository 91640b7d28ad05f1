//! Tells the caller when the OS session locks or the PC is about to suspend, so that Skranke can
//! lock itself too. A [`LockWatcher`] owns one thread that waits on the OS (systemd-logind over
//! D-Bus on Linux, a message-only window on Windows) and stops when the watcher is dropped.
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as imp;
/// Other operating systems have no watcher.
#[cfg(not(any(target_os = "linux", windows)))]
mod imp {
    pub(super) struct Running;
    pub(super) fn start(_notify: super::Notify) -> Result<Running, super::LockWatchError> {
        Err(super::LockWatchError::Unsupported)
    }
}

/// What the OS just did that should lock Skranke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    /// The OS session of this process was locked (Windows+L, the screen saver's lock, logind's
    /// `Lock` signal for our session).
    SessionLocked,
    /// The PC is about to suspend or hibernate.
    Suspending,
}

/// Whether a started watcher still watches, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchStatus {
    /// The watcher's thread is waiting for the OS.
    Watching,
    /// The watcher stopped on its own and will report nothing more.
    Stopped {
        /// Why, in English for the log and `skranke diagnose` (for example the D-Bus connection
        /// was lost, or the callback panicked).
        reason: String,
    },
}

/// Why a [`LockWatcher`] could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockWatchError {
    /// There is no D-Bus bus to connect to (no system bus, as in most containers and CI).
    #[error("no D-Bus bus to watch for session lock and suspend: {0}")]
    BusUnavailable(String),
    /// The bus is there but systemd-logind is not on it.
    #[error("systemd-logind is not on the D-Bus system bus: {0}")]
    LogindUnavailable(String),
    /// logind knows no session of this process nor a graphical session of its user, so there is
    /// no session whose lock could be seen.
    #[error("this process belongs to no logind session: {0}")]
    NoSession(String),
    /// A D-Bus call failed for another reason.
    #[error("D-Bus call {step} failed: {message}")]
    Bus {
        /// The call.
        step: &'static str,
        /// The D-Bus error's name and message.
        message: String,
    },
    /// A Windows call failed.
    #[error("{step} failed: {source}")]
    Windows {
        /// The Windows function.
        step: &'static str,
        /// The Windows error.
        #[source]
        source: std::io::Error,
    },
    /// The watcher's thread could not be started.
    #[error("cannot start the session lock watcher's thread: {0}")]
    Thread(#[source] std::io::Error),
    /// This operating system has no watcher (only Linux and Windows have one).
    #[error("watching for session lock and suspend is not supported on this operating system")]
    Unsupported,
}

impl LockWatchError {
    /// True when the OS here simply offers no such service (no bus, no logind, no session, an
    /// unsupported OS), as expected in containers and CI: the caller logs it as information and
    /// goes on. False for a fault worth a warning.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::BusUnavailable(_) | Self::LogindUnavailable(_) | Self::NoSession(_) | Self::Unsupported)
    }
}

/// Watches the OS session and power state on a thread of its own and calls back on each
/// [`LockReason`]. Dropping it stops the thread and waits for it to end.
///
/// The callback runs on the watcher's thread: it should only hand the news on (a channel send, a
/// flag) and return. If it panics, the watcher stops and [`status`](Self::status) says so.
pub struct LockWatcher {
    status: Arc<Mutex<WatchStatus>>,
    /// Stops and joins the thread on drop.
    _running: imp::Running,
}

impl LockWatcher {
    /// Starts watching the OS session running this process: systemd-logind on the D-Bus system
    /// bus on Linux, session and power notifications on Windows. Blocks for the setup only (a few
    /// D-Bus calls, each bounded by a timeout).
    pub fn start<F>(callback: F) -> Result<Self, LockWatchError>
    where
        F: Fn(LockReason) + Send + 'static,
    {
        #[cfg(target_os = "linux")]
        let start = |notify| imp::start(None, notify);
        #[cfg(not(target_os = "linux"))]
        let start = imp::start;
        Self::start_with(start, callback)
    }

    /// As [`start`](Self::start), against logind on the D-Bus bus at `address` (a D-Bus address
    /// such as `unix:path=/run/dbus/system_bus_socket`); tests give a private bus.
    #[cfg(target_os = "linux")]
    pub fn start_on<F>(address: &str, callback: F) -> Result<Self, LockWatchError>
    where
        F: Fn(LockReason) + Send + 'static,
    {
        Self::start_with(|notify| imp::start(Some(address), notify), callback)
    }

    fn start_with<F>(
        start: impl FnOnce(Notify) -> Result<imp::Running, LockWatchError>,
        callback: F,
    ) -> Result<Self, LockWatchError>
    where
        F: Fn(LockReason) + Send + 'static,
    {
        let status = Arc::new(Mutex::new(WatchStatus::Watching));
        let running = start(Notify { callback: Box::new(callback), status: Arc::clone(&status) })?;
        Ok(LockWatcher { status, _running: running })
    }

    /// Whether the watcher still watches, or why it stopped.
    pub fn status(&self) -> WatchStatus {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl std::fmt::Debug for LockWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockWatcher").field("status", &self.status()).finish_non_exhaustive()
    }
}

/// What the watcher's thread holds: the caller's callback and the shared status.
#[cfg_attr(not(any(target_os = "linux", windows)), allow(dead_code))]
struct Notify {
    callback: Box<dyn Fn(LockReason) + Send>,
    status: Arc<Mutex<WatchStatus>>,
}

#[cfg_attr(not(any(target_os = "linux", windows)), allow(dead_code))]
impl Notify {
    /// Calls the callback; false (and the status stopped) if it panicked, so the thread ends.
    fn report(&self, reason: LockReason) -> bool {
        tracing::info!(?reason, "the OS asks Skranke to lock");
        if catch_unwind(AssertUnwindSafe(|| (self.callback)(reason))).is_err() {
            self.stopped("the lock callback panicked".to_owned());
            return false;
        }
        true
    }

    /// Records that the thread ends on its own.
    fn stopped(&self, reason: String) {
        tracing::warn!(%reason, "no longer watching for OS session lock and suspend");
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = WatchStatus::Stopped { reason };
    }
}
