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

/// A person as the case card shows them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    /// Name for the card.
    pub name: String,
    /// Sex.
    pub sex: skranke_core::Sex,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Age today in whole years.
    pub age: i32,
    /// One-line address; `None` when protected or absent.
    pub address: Option<String>,
    /// Status name: active, no_residence, annulled, deleted, number_changed, disappeared,
    /// emigrated, dead, unknown.
    pub status: String,
    /// Date of the status, `YYYY-MM-DD`.
    pub status_date: Option<String>,
}

/// The open case as the UI shows it (docs/ipc.md).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CaseView {
    /// Case id (UUIDv7).
    pub case_id: String,
    /// Case reference.
    pub case_ref: String,
    /// The number in use (10 digits).
    pub cpr: String,
    /// `DDMMYY-xxxx`.
    pub cpr_masked: String,
    /// The number typed, when it changed.
    pub previous_cpr: Option<String>,
    /// `false`: "CPR ikke verificeret".
    pub cpr_verified: bool,
    /// What the register said; `None` when unverified.
    pub person: Option<PersonView>,
    /// Protected address (the case is flagged).
    pub protected_address: bool,
    /// Under guardianship.
    pub guardianship: bool,
    /// Notices for the clerk.
    pub notices: Vec<crate::Code>,
    /// Set when the case cannot continue.
    pub blocked: Option<crate::Code>,
    /// A signature is accepted on the case.
    pub signature_accepted: bool,
}

/// Local CPR validation as the UI receives it (camelCase; the CLI prints the snake_case
/// [`skranke_core::CprValidation`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CprValidationView {
    /// The text is a CPR number.
    pub valid: bool,
    /// Ten digits, when valid.
    pub normalized: Option<String>,
    /// `YYYY-MM-DD`, when valid.
    pub birth_date: Option<String>,
    /// Sex, when valid.
    pub sex: Option<skranke_core::Sex>,
    /// Modulus 11 result (a notice only).
    pub mod11: Option<bool>,
    /// The error code, when not valid.
    pub error: Option<String>,
}

impl From<skranke_core::CprValidation> for CprValidationView {
    fn from(v: skranke_core::CprValidation) -> Self {
        Self {
            valid: v.valid,
            normalized: v.normalized,
            birth_date: v.birth_date,
            sex: v.sex,
            mod11: v.mod11,
            error: v.error.map(str::to_string),
        }
    }
}

/// What `skranke cpr lookup` prints: the register's answer and the case rules' verdict. The
/// address is `null` when protected.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LookupReport {
    /// The number asked for (10 digits).
    pub cpr: String,
    /// The current number when it changed.
    pub current_cpr: Option<String>,
    /// Name.
    pub name: String,
    /// Sex.
    pub sex: skranke_core::Sex,
    /// Birth date `YYYY-MM-DD`.
    pub birth_date: String,
    /// Status name (active, dead, ...).
    pub status: String,
    /// SF1520 status code.
    pub status_code: u16,
    /// Status date `YYYY-MM-DD`.
    pub status_date: Option<String>,
    /// One-line address; `null` when protected or absent.
    pub address: Option<String>,
    /// Protected address.
    pub address_protected: bool,
    /// Under guardianship.
    pub guardianship: bool,
    /// Set when a case could not go on with this person.
    pub blocked: Option<crate::Code>,
    /// Notices a case would show.
    pub notices: Vec<crate::Code>,
}
