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
