//! The CPR register as the case step sees it: look a number up and get the facts a case needs.
//! Production and demo both use the SF1520 SOAP client (demo against the embedded simulator);
//! tests of the façade use a table.
use crate::ApiError;
use chrono::NaiveDate;
use skranke_core::{Cpr, Sex};
use std::future::Future;
use std::pin::Pin;

/// The future a lookup returns (boxed so the trait can be used as `dyn`).
pub type LookupFuture<'a> = Pin<Box<dyn Future<Output = Answered> + Send + 'a>>;

/// The register's answer, and how many requests it took (the audit trail records one lookup
/// with its attempts; 0 when nothing left the machine).
#[derive(Debug, Clone)]
pub struct Answered {
    /// The person, or the `cpr_*` error.
    pub result: Result<RegisterPerson, ApiError>,
    /// Requests sent to the register.
    pub attempts: u32,
}

/// What the CPR register says about one number, reduced to what a case needs.
#[derive(Clone, PartialEq, Eq)]
pub struct RegisterPerson {
    /// The number asked for.
    pub number: Cpr,
    /// The person's current number, when the register says the number asked for has changed.
    pub current_number: Option<Cpr>,
    /// The name to show and print (the register's addressing name, else the name parts).
    pub name: String,
    /// Sex as registered.
    pub sex: Sex,
    /// SF1520 status code (1/3/5/7 active, 20, 30, 50, 60, 70, 80, 90).
    pub status_code: u16,
    /// Date the status took effect.
    pub status_date: Option<NaiveDate>,
    /// One-line address, `None` when there is none. Never shown, logged or sent when protected.
    pub address: Option<String>,
    /// The person has name and address protection.
    pub address_protected: bool,
    /// The person is under guardianship (umyndiggørelse/værgemål).
    pub guardianship: bool,
}

impl std::fmt::Debug for RegisterPerson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterPerson")
            .field("number", &self.number)
            .field("status_code", &self.status_code)
            .field("address_protected", &self.address_protected)
            .finish_non_exhaustive()
    }
}

/// Something that can look a CPR number up.
pub trait PersonLookup: Send + Sync {
    /// Looks the number up on behalf of `user_id` (the clerk, or the IT account; SF1520 carries
    /// it as OnBehalfOfUser); errors carry the `cpr_*` codes (not found, unavailable, timeout, …).
    fn lookup<'a>(&'a self, number: &'a Cpr, user_id: &'a str) -> LookupFuture<'a>;
}

/// A register held in memory, for tests of the façade.
#[derive(Debug, Default, Clone)]
pub struct TablePersonLookup {
    people: Vec<RegisterPerson>,
    failure: Option<ApiError>,
}

impl TablePersonLookup {
    /// A register holding these people.
    pub fn new(people: Vec<RegisterPerson>) -> Self {
        Self { people, failure: None }
    }

    /// Makes every lookup fail with this error (service down, timeout, …).
    pub fn failing(mut self, error: ApiError) -> Self {
        self.failure = Some(error);
        self
    }
}

impl PersonLookup for TablePersonLookup {
    fn lookup<'a>(&'a self, number: &'a Cpr, _user_id: &'a str) -> LookupFuture<'a> {
        Box::pin(async move {
            if let Some(e) = &self.failure {
                return Answered { result: Err(e.clone()), attempts: 0 };
            }
            let result = self
                .people
                .iter()
                .find(|p| p.number == *number)
                .cloned()
                .ok_or_else(|| ApiError::new(crate::Code::CprNotFound, "no person with this number in the table"));
            Answered { result, attempts: 1 }
        })
    }
}
