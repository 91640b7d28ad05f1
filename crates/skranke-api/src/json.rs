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
    /// What stands in the way of sending, when something does (offline, certificate, not
    /// configured); also `certificate_expires_soon` inside the warning period.
    pub problem: Option<crate::Code>,
    /// Captures rejected by the gateway or the producer, waiting for a supervisor.
    pub rejected: u64,
    /// Captures set aside after a permanent error.
    pub dead: u64,
}

/// What Send did with the open case.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SendView {
    /// The capture id (UUIDv7), the gateway's `Idempotency-Key`.
    pub capture_id: String,
    /// Whether the capture was newly stored (false: it was already in the outbox).
    pub stored: bool,
    /// Bundle size in bytes.
    pub bundle_bytes: u64,
    /// Still "CPR ikke verificeret": looked up again before it is sent.
    pub cpr_unverified: bool,
}

/// What one pass of the sender did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SendPassReport {
    /// Uploaded and receipted by the gateway.
    pub uploaded: u32,
    /// Put back in the queue for a later attempt.
    pub retried: u32,
    /// Rejected (gateway, producer, or blocked at re-lookup): to review.
    pub rejected: u32,
    /// Accepted by the producer (crypto-shredded).
    pub accepted: u32,
    /// Set aside as dead.
    pub dead: u32,
    /// Unverified cases verified by the re-lookup and rebuilt.
    pub verified: u32,
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
    /// A photo has been accepted on the case.
    pub photo_accepted: bool,
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
    pub error: Option<crate::Code>,
}

impl From<skranke_core::CprValidation> for CprValidationView {
    fn from(v: skranke_core::CprValidation) -> Self {
        Self {
            valid: v.valid,
            normalized: v.normalized,
            birth_date: v.birth_date,
            sex: v.sex,
            mod11: v.mod11,
            error: v.error,
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

/// The result of checking a captured photo: the report and the cropped JPEG to show.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhotoCheckView {
    /// The still check report (17 checks, fixed order).
    pub report: skranke_core::CheckReport,
    /// The 35:45 crop as a `data:image/jpeg;base64,...` URL for the webview (absent: no face).
    pub crop_data_url: Option<String>,
    /// Size of the crop in bytes.
    pub crop_bytes: Option<u64>,
}

impl From<&crate::photo::CheckedStill> for PhotoCheckView {
    fn from(c: &crate::photo::CheckedStill) -> Self {
        use base64::Engine;
        Self {
            report: c.report.clone(),
            crop_data_url: c
                .jpeg
                .as_ref()
                .map(|j| format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(j))),
            crop_bytes: c.jpeg.as_ref().map(|j| j.len() as u64),
        }
    }
}
