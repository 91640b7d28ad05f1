//! What Skranke asks the operating system, and nothing else: who runs the process, when the
//! OS session locks or the PC suspends (issue 14, points 4 and 6), and to open the sign-in page
//! in the system browser ([`open_in_browser`]), and how much disk is left for the outbox
//! ([`free_space`]).
//!
//! - [`current_account`] returns the [`OsAccount`] running this process as the OS knows it (user
//!   id or SID, name, group names), never from environment variables such as `$USER`, which
//!   anyone can set. [`OsAccount::is_member`] decides membership of a configured group: exact on
//!   Unix; on Windows case-insensitive, as `DOMAIN\group` or `group`.
//! - [`LockWatcher`] calls back with a [`LockReason`] when the OS session locks or the PC is about
//!   to suspend: systemd-logind over D-Bus on Linux, session notifications and power broadcasts
//!   of a message-only window on Windows. Where the OS offers no such service (no system bus or
//!   no logind, as in containers and CI) [`LockWatcher::start`] fails with a [`LockWatchError`]
//!   whose [`is_unavailable`](LockWatchError::is_unavailable) says so; the caller logs it, shows
//!   it in diagnostics and goes on.
//!
//! The Windows code (`account/windows.rs`, `lock_watch/windows.rs`) is compiled only for Windows
//! targets and has not been compiled or run where this crate is developed (Linux, no Windows
//! target installed).
//!
//! ```
//! let me = skranke_os::current_account()?;
//! assert!(!me.name.is_empty() && !me.id.is_empty());
//! assert!(!me.is_member("skranke-no-such-group-for-the-doctest"));
//! # Ok::<(), skranke_os::OsError>(())
//! ```
#![deny(missing_docs)]

mod account;
mod browser;
mod console;
mod disk;
mod lock_watch;

pub use account::{OsAccount, OsError, current_account};
pub use browser::{BrowserError, open_in_browser};
pub use console::attach_parent_console;
pub use disk::free_space;
pub use lock_watch::{LockReason, LockWatchError, LockWatcher, WatchStatus};
