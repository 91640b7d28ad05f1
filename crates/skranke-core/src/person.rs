//! The rules for who a case may go on with, from what the CPR register says about a person
//! (status, address protection, guardianship, number change). Pure: the same facts always give
//! the same assessment, so every rule is tested in a table.
use crate::{Code, Cpr};

/// A person's status in the CPR register (SF1520 `PersonStatusKode`, field `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PersonStatus {
    /// 01, 03, 05, 07: active, resident in Denmark (with or without a special address).
    Active,
    /// 20: active, no residence in a Danish municipality.
    NoResidence,
    /// 30: the number was annulled.
    Annulled,
    /// 50: the record was deleted.
    Deleted,
    /// 60: the number changed; the person has a new one.
    NumberChanged,
    /// 70: disappeared.
    Disappeared,
    /// 80: emigrated.
    Emigrated,
    /// 90: dead.
    Dead,
    /// A code the rules do not know; blocks, so nothing goes on with an unexplained status.
    Unknown(u16),
}

impl PersonStatus {
    /// The status for an SF1520 status code.
    pub fn from_code(code: u16) -> Self {
        match code {
            1 | 3 | 5 | 7 => Self::Active,
            20 => Self::NoResidence,
            30 => Self::Annulled,
            50 => Self::Deleted,
            60 => Self::NumberChanged,
            70 => Self::Disappeared,
            80 => Self::Emigrated,
            90 => Self::Dead,
            other => Self::Unknown(other),
        }
    }

    /// The snake_case name the UI and the audit trail use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::NoResidence => "no_residence",
            Self::Annulled => "annulled",
            Self::Deleted => "deleted",
            Self::NumberChanged => "number_changed",
            Self::Disappeared => "disappeared",
            Self::Emigrated => "emigrated",
            Self::Dead => "dead",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// What the register said, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonFacts {
    /// The number that was looked up.
    pub number: Cpr,
    /// The status.
    pub status: PersonStatus,
    /// The current number, when the register gives one (number changed).
    pub current_number: Option<Cpr>,
    /// Name and address protection.
    pub address_protected: bool,
    /// Under guardianship.
    pub guardianship: bool,
}

/// The outcome of the rules: blocked or not, the notices to show, and the number to go on with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAssessment {
    /// Set when the case cannot go on: `cpr_person_dead`, or `cpr_person_inactive` (annulled,
    /// deleted, disappeared, emigrated, unknown status; the clerk calls a supervisor).
    pub blocked: Option<Code>,
    /// Notices for the clerk: `cpr_number_changed`, `cpr_no_residence`, `cpr_protected_address`,
    /// `cpr_guardianship`, `cpr_mod11_failed`.
    pub notices: Vec<Code>,
    /// The number the case goes on with (the current one after a number change).
    pub continue_with: Cpr,
}

impl CaseAssessment {
    /// Applies the rules of the case step (issue 3, point 5).
    pub fn assess(facts: &PersonFacts) -> Self {
        let mut notices = Vec::new();
        let mut continue_with = facts.number;
        let blocked = match facts.status {
            PersonStatus::Dead => Some(Code::CprPersonDead),
            PersonStatus::Annulled
            | PersonStatus::Deleted
            | PersonStatus::Disappeared
            | PersonStatus::Emigrated
            | PersonStatus::Unknown(_) => Some(Code::CprPersonInactive),
            PersonStatus::NumberChanged => match facts.current_number {
                Some(current) if current != facts.number => {
                    notices.push(Code::CprNumberChanged);
                    continue_with = current;
                    None
                }
                // Changed but no (new) current number given: nothing safe to go on with.
                _ => Some(Code::CprPersonInactive),
            },
            PersonStatus::NoResidence => {
                notices.push(Code::CprNoResidence);
                None
            }
            PersonStatus::Active => None,
        };
        if facts.address_protected {
            notices.push(Code::CprProtectedAddress);
        }
        if facts.guardianship {
            notices.push(Code::CprGuardianship);
        }
        if !continue_with.mod11() {
            notices.push(Code::CprMod11Failed);
        }
        Self { blocked, notices, continue_with }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpr(s: &str) -> Cpr {
        Cpr::parse(s).expect("valid test number")
    }

    // 070761-4285 passes modulus 11 (4*0+3*7+2*0+7*7+6*6+5*1+4*4+3*2+2*8+1*5 = 154 = 14*11).
    const GOOD: &str = "0707614285";

    fn facts(status: PersonStatus) -> PersonFacts {
        PersonFacts { number: cpr(GOOD), status, current_number: None, address_protected: false, guardianship: false }
    }

    #[test]
    fn every_status_code_maps() {
        let table: &[(u16, PersonStatus, &str)] = &[
            (1, PersonStatus::Active, "active"),
            (3, PersonStatus::Active, "active"),
            (5, PersonStatus::Active, "active"),
            (7, PersonStatus::Active, "active"),
            (20, PersonStatus::NoResidence, "no_residence"),
            (30, PersonStatus::Annulled, "annulled"),
            (50, PersonStatus::Deleted, "deleted"),
            (60, PersonStatus::NumberChanged, "number_changed"),
            (70, PersonStatus::Disappeared, "disappeared"),
            (80, PersonStatus::Emigrated, "emigrated"),
            (90, PersonStatus::Dead, "dead"),
            (42, PersonStatus::Unknown(42), "unknown"),
        ];
        for (code, status, name) in table {
            assert_eq!(PersonStatus::from_code(*code), *status, "code {code}");
            assert_eq!(status.name(), *name);
        }
    }

    #[test]
    fn rules_for_every_status() {
        let table: &[(PersonStatus, Option<Code>, &[Code])] = &[
            (PersonStatus::Active, None, &[]),
            (PersonStatus::NoResidence, None, &[Code::CprNoResidence]),
            (PersonStatus::Annulled, Some(Code::CprPersonInactive), &[]),
            (PersonStatus::Deleted, Some(Code::CprPersonInactive), &[]),
            (PersonStatus::Disappeared, Some(Code::CprPersonInactive), &[]),
            (PersonStatus::Emigrated, Some(Code::CprPersonInactive), &[]),
            (PersonStatus::Dead, Some(Code::CprPersonDead), &[]),
            (PersonStatus::Unknown(42), Some(Code::CprPersonInactive), &[]),
            (PersonStatus::NumberChanged, Some(Code::CprPersonInactive), &[]),
        ];
        for (status, blocked, notices) in table {
            let a = CaseAssessment::assess(&facts(*status));
            assert_eq!(a.blocked, *blocked, "{status:?}");
            assert_eq!(a.notices, notices.to_vec(), "{status:?}");
            assert_eq!(a.continue_with, cpr(GOOD));
        }
    }

    #[test]
    fn number_changed_goes_on_with_the_current_number() {
        let mut f = facts(PersonStatus::NumberChanged);
        f.current_number = Some(cpr("0707614293"));
        let a = CaseAssessment::assess(&f);
        assert_eq!(a.blocked, None);
        assert_eq!(a.continue_with, cpr("0707614293"));
        assert!(a.notices.contains(&Code::CprNumberChanged));
    }

    #[test]
    fn protection_guardianship_and_mod11_are_notices() {
        let mut f = facts(PersonStatus::Active);
        f.address_protected = true;
        f.guardianship = true;
        f.number = cpr("0707614286"); // fails modulus 11, still a valid number
        let a = CaseAssessment::assess(&f);
        assert_eq!(a.blocked, None);
        assert_eq!(a.notices, vec![Code::CprProtectedAddress, Code::CprGuardianship, Code::CprMod11Failed]);
    }

    #[test]
    fn a_dead_person_with_protection_is_still_blocked() {
        let mut f = facts(PersonStatus::Dead);
        f.address_protected = true;
        let a = CaseAssessment::assess(&f);
        assert_eq!(a.blocked, Some(Code::CprPersonDead));
        assert!(a.notices.contains(&Code::CprProtectedAddress));
    }
}
