//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::Serialize;

/// What the header and the frame need to know about this installation.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Skranke version.
    pub version: String,
    /// `demo` or `production`.
    #[ts(type = r#""demo" | "production""#)]
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
