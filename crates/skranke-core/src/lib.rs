//! Domain types shared by every Skranke crate: the CPR number, the person rules of the case step,
//! and (later) the capture bundle.
//!
//! ```
//! let cpr = skranke_core::Cpr::parse("010190-1234").unwrap();
//! assert_eq!(cpr.to_string(), "010190-xxxx"); // Display is masked, safe for logs
//! ```
#![deny(missing_docs)]

mod cpr;
mod person;

pub use cpr::{Cpr, CprError, CprValidation, Sex};
pub use person::{CaseAssessment, PersonFacts, PersonStatus};
