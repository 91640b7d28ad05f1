//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::Serialize;

/// A person as the case card shows them.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
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
    #[ts(
        type = r#""active" | "no_residence" | "annulled" | "deleted" | "number_changed" | "disappeared" | "emigrated" | "dead" | "unknown""#
    )]
    pub status: String,
    /// Date of the status, `YYYY-MM-DD`.
    pub status_date: Option<String>,
}

/// The open case as the UI shows it (docs/ipc.md).
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
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
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
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
