//! The case step: a CPR number and a case reference become an open case, after a lookup in the CPR
//! register and the rules of [`skranke_core::CaseAssessment`]. One case is open at a time.
use super::json::{CaseView, PersonView};
use super::person_lookup::RegisterPerson;
use crate::{ApiError, Code};
use chrono::{DateTime, NaiveDate, Utc};
use skranke_core::{CaseAssessment, Cpr, PersonFacts, PersonStatus};
use uuid::Uuid;

/// The open case, as the later steps (photo, signature, send) need it.
#[derive(Debug, Clone)]
pub struct OpenCase {
    /// Case id (UUIDv7), also the capture id of what is sent.
    pub id: Uuid,
    /// The municipality's case reference.
    pub case_ref: String,
    /// The number the case goes on with (the current one after a number change).
    pub number: Cpr,
    /// The number typed, when it has changed.
    pub previous_number: Option<Cpr>,
    /// What the register said; `None` when the case goes on unverified.
    pub person: Option<RegisterPerson>,
    /// Codes that block the case, if any.
    pub blocked: Option<Code>,
    /// Notices shown to the clerk.
    pub notices: Vec<Code>,
    /// Who opened it and when.
    pub opened_by: String,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// The signature accepted on this case (the signature step).
    pub signature: Option<crate::signature_capture::AcceptedSignature>,
    /// The photo accepted on this case (the photo step).
    pub photo: Option<crate::photo_capture::AcceptedPhoto>,
    /// The last captured and checked still, waiting for Accept or Retake.
    pub pending_photo: Option<crate::photo_capture::CheckedStill>,
    /// The scanned page the accepted photo and signature were cut from (the Scanning view);
    /// `None` at the counter.
    pub scan: Option<ScannedSource>,
}

/// Which scanned page a case's photo and signature come from: the bundle says `source = scan`
/// with its resolution, and the outbox queues the page once ([`crate::scan_desk::source_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedSource {
    /// The page's key in the outbox (the file's SHA-256 and the page).
    pub source_key: String,
    /// The inbox file's id.
    pub file_id: String,
    /// The 1-based page.
    pub page: u32,
    /// The scan's resolution, dots per inch.
    pub dpi: u32,
}

impl OpenCase {
    /// `false` when the CPR service could not be reached: the send step must look the number up
    /// again before sending ("CPR ikke verificeret").
    pub fn cpr_verified(&self) -> bool {
        self.person.is_some()
    }

    /// The person has a protected address: never shown, logged or bundled; the case is flagged.
    pub fn protected_address(&self) -> bool {
        self.person.as_ref().is_some_and(|p| p.address_protected)
    }

    /// The view the UI shows.
    pub fn view(&self, today: NaiveDate) -> CaseView {
        let person = self.person.as_ref().map(|p| PersonView {
            name: p.name.clone(),
            sex: p.sex,
            birth_date: self.number.birth_date().format("%Y-%m-%d").to_string(),
            age: self.number.age_on(today),
            address: if p.address_protected { None } else { p.address.clone() },
            status: PersonStatus::from_code(p.status_code).name().to_string(),
            status_date: p.status_date.map(|d| d.format("%Y-%m-%d").to_string()),
        });
        CaseView {
            case_id: self.id.to_string(),
            case_ref: self.case_ref.clone(),
            cpr: self.number.digits(),
            cpr_masked: self.number.masked(),
            previous_cpr: self.previous_number.map(|n| n.digits()),
            cpr_verified: self.cpr_verified(),
            person,
            protected_address: self.protected_address(),
            guardianship: self.person.as_ref().is_some_and(|p| p.guardianship),
            notices: self.notices.clone(),
            blocked: self.blocked,
            signature_accepted: self.signature.is_some(),
            photo_accepted: self.photo.is_some(),
        }
    }
}

/// Checks a case reference against the configured pattern.
pub fn check_case_ref(pattern: &regex::Regex, case_ref: &str) -> Result<String, ApiError> {
    let trimmed = case_ref.trim();
    if pattern.is_match(trimmed) {
        Ok(trimmed.to_string())
    } else {
        Err(ApiError::new(Code::CaseRefInvalid, "the case reference does not match case.ref_pattern"))
    }
}

/// Parses the typed number into a [`Cpr`] valid on `today` or the error code the UI shows.
pub fn parse_cpr(text: &str, today: chrono::NaiveDate) -> Result<Cpr, ApiError> {
    Cpr::parse_on(text, today).map_err(ApiError::from)
}

/// What the case rules say about a looked-up person: the number to go on with (the current one
/// when the register moved the person to a new number), whether the case is blocked and why,
/// and the notices for the clerk.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The number the case continues with.
    pub number: Cpr,
    /// Why nothing may be captured or sent for this person, if so.
    pub blocked: Option<Code>,
    /// Things the clerk should know (changed number, guardianship, ...).
    pub notices: Vec<Code>,
}

/// Applies the case rules to a register answer for the number the clerk typed.
pub fn assess(typed: Cpr, person: &RegisterPerson) -> Assessment {
    let facts = PersonFacts {
        number: typed,
        status: PersonStatus::from_code(person.status_code),
        current_number: person.current_number,
        address_protected: person.address_protected,
        guardianship: person.guardianship,
    };
    let assessment = CaseAssessment::assess(&facts);
    Assessment { number: assessment.continue_with, blocked: assessment.blocked, notices: assessment.notices.clone() }
}

/// Builds the case from a successful lookup, applying the rules.
pub fn case_from_lookup(
    id: Uuid,
    case_ref: String,
    typed: Cpr,
    person: RegisterPerson,
    opened_by: String,
    opened_at: DateTime<Utc>,
) -> OpenCase {
    open_case(id, case_ref, typed, Some(person), opened_by, opened_at)
}

/// The one constructor of an [`OpenCase`]: with the register's answer the rules decide the number,
/// blocking and notices; without one the case is "CPR ikke verificeret" on the typed number.
fn open_case(
    id: Uuid,
    case_ref: String,
    typed: Cpr,
    person: Option<RegisterPerson>,
    opened_by: String,
    opened_at: DateTime<Utc>,
) -> OpenCase {
    let Assessment { number, blocked, notices } = match &person {
        Some(p) => assess(typed, p),
        None => unverified(typed),
    };
    OpenCase {
        id,
        case_ref,
        number,
        previous_number: (number != typed).then_some(typed),
        person,
        blocked,
        notices,
        opened_by,
        opened_at,
        signature: None,
        photo: None,
        pending_photo: None,
        scan: None,
    }
}

/// What the rules say without the register: go on with the typed number, marked unverified.
fn unverified(typed: Cpr) -> Assessment {
    let mut notices = vec![Code::CprUnverified];
    if !typed.mod11() {
        notices.push(Code::CprMod11Failed);
    }
    Assessment { number: typed, blocked: None, notices }
}

/// The open case a capture step may work on: refused with `no_open_case` when none is open and
/// with `case_blocked` when the person may not get a licence captured (dead, emigrated, ...).
pub(crate) fn capturable(slot: &mut Option<OpenCase>) -> Result<&mut OpenCase, ApiError> {
    let case = slot.as_mut().ok_or_else(|| ApiError::new(Code::NoOpenCase, "no case is open"))?;
    match case.blocked {
        Some(code) => Err(ApiError::new(Code::CaseBlocked, format!("the case is blocked ({})", code.as_str()))),
        None => Ok(case),
    }
}

/// Builds an unverified case: the CPR service could not be reached and the clerk chose to go on.
pub fn case_unverified(
    id: Uuid,
    case_ref: String,
    typed: Cpr,
    opened_by: String,
    opened_at: DateTime<Utc>,
) -> OpenCase {
    open_case(id, case_ref, typed, None, opened_by, opened_at)
}

/// Whether a lookup failure lets the clerk go on unverified (the service could not be reached);
/// an answer such as "not found" never does.
pub fn may_continue_unverified(code: Code) -> bool {
    matches!(code, Code::CprServiceUnavailable | Code::CprServiceTimeout)
}
