//! Transport shapes (camelCase JSON) of what the façade returns to the UI; see docs/ipc.md.
use serde::{Deserialize, Serialize};

/// What the header and the frame need to know about this installation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Skranke version.
    pub version: String,
    /// `demo` or `production`.
    pub mode: String,
    /// Municipality name for the header.
    pub municipality: String,
    /// This counter PC's name.
    pub workstation: String,
    /// Regular expression for case references.
    pub case_ref_pattern: String,
    /// An example case reference.
    pub case_ref_example: String,
    /// Minutes of inactivity before the app locks.
    pub idle_lock_minutes: u32,
}

/// A user role; roles decide which screens a user sees.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Stable id used in audit entries.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// Connection state shown in the header.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Connection {
    /// The gateway answered recently.
    Online,
    /// The gateway could not be reached recently.
    Offline,
    /// Nothing has been tried yet.
    Unknown,
}

/// Header status: connection, queue and certificate.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// Gateway reachability.
    pub connection: Connection,
    /// Captures waiting in the outbox.
    pub queued: u64,
    /// Age in seconds of the oldest waiting capture.
    pub oldest_queued_age_s: Option<u64>,
    /// Days until the gateway client certificate expires, when known.
    pub certificate_expires_in_days: Option<i64>,
}
