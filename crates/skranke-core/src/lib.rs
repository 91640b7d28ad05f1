// NOTE TO THE HELPER "core" (from the lead, 19:30 UTC): the person rules (point 3) are ALREADY DONE
// and committed by the lead in src/person.rs and wired into skranke-api. Do NOT rewrite them. Do only
// point 4 (the capture bundle, in src/bundle/) and point 5 (docs/cpr.md, docs/bundle-format.md).
// Delete this note when you start.
//! Domain types shared by every Skranke crate: the CPR number, the person rules of the case step,
//! and (later) the capture bundle.
//!
//! ```
//! let cpr = skranke_core::Cpr::parse("010190-1234").unwrap();
//! assert_eq!(cpr.to_string(), "010190-xxxx"); // Display is masked, safe for logs
//! ```
#![deny(missing_docs)]

mod check;
mod cpr;
mod person;
mod signature_thresholds;

pub use check::{Check, CheckReport, Verdict};
pub use cpr::{Cpr, CprError, CprValidation, Sex};
pub use person::{CaseAssessment, PersonFacts, PersonStatus};
pub use signature_thresholds::SignatureThresholds;
