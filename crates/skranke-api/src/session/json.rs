//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::{Deserialize, Serialize};

/// A user role; roles decide which screens a user sees.
#[derive(ts_rs::TS, Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Counter clerk: cases, photo, signature, send.
    Clerk,
    /// Supervisor: also reviews rejected captures.
    Supervisor,
    /// Municipal IT: diagnostics.
    It,
}

/// The signed-in user.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Stable id used in audit entries.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// The session as the header and the lock screen show it.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// The signed-in user (also while locked: the lock screen names who may unlock).
    pub user: Option<User>,
    /// The session is locked: every guarded command answers `session_locked` until the same user
    /// signs in again. The open case is kept.
    pub locked: bool,
    /// Why it locked: `idle`, `os_session`, `suspend` or `by_user`.
    pub lock_reason: Option<String>,
    /// Sign-in on this workstation is locked after failed attempts until this time (RFC 3339).
    pub locked_out_until: Option<String>,
    /// How users sign in: `demo` (choose a role) or `provider` (the municipality's login).
    pub sign_in_method: String,
    /// Minutes of inactivity before the session locks.
    pub idle_lock_minutes: u32,
}

/// A production sign-in under way: the address the browser was (or should be) sent to.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    /// The provider's authorization address; the UI shows it as a link in case the browser did
    /// not open.
    pub authorize_url: String,
}
