//! Domain types shared by every Skranke crate: the stable error and notice [`Code`]s, the CPR
//! number, the person rules of the case step, the check report shape, and the capture bundle.
//!
//! ```
//! let cpr = skranke_core::Cpr::parse("010190-1234").unwrap();
//! assert_eq!(cpr.to_string(), "010190-xxxx"); // Display is masked, safe for logs
//! ```
//!
//! Public API in brief:
//! - CPR: [`Cpr::parse`], [`Cpr::digits`], [`Cpr::masked`], [`Cpr::birth_date`], [`Cpr::sex`],
//!   [`Cpr::mod11`], [`Cpr::age_on`]; [`CprError::code`] (a [`Code`]); [`CprValidation::of`] (the
//!   `cpr validate` JSON). Rules and test numbers: docs/cpr.md.
//! - Person rules: [`PersonStatus::from_code`], [`CaseAssessment::assess`]`(&`[`PersonFacts`]`)`
//!   with `blocked: Option<Code>`, `notices: Vec<Code>`, `continue_with: Cpr`.
//! - Checks: [`Check`] (id, value, threshold, pass, text `key`, Danish `message`), [`CheckReport`],
//!   [`Verdict`]; the texts per language: [`i18n`] (`assets/i18n/{da,en}.json`, shared with the UI).
//! - Capture bundle (docs/bundle-format.md): [`BundleBuilder::new`]`(`[`CaptureHeader`]`,
//!   `[`PersonSnapshot`]`)` then `.photo_jpeg(Vec<u8>)`, `.photo_report(&CheckReport)`,
//!   `.signature_png(Vec<u8>)`, `.signature_report(&CheckReport)`, `.strokes_json(Vec<u8>)`
//!   (counter only), `.cpr_unverified(bool)`, `.protected_address(bool)`,
//!   `.photo_override(reason)`, `.signature_override(reason)`, `.build() -> Result<Bundle,
//!   BundleError>`; [`Bundle::read`]`(&[u8])` verifies every hash; [`Bundle::as_bytes`],
//!   [`Bundle::manifest`], [`Bundle::part`], [`Bundle::content_sha256`]; [`BundleError::code`]
//!   gives `Bundle*` codes.
//! - Card: [`CardLayout`] (photo and signature fields on the licence card, its print dpi, the
//!   thinnest legible stroke), for the card preview before Send.
#![deny(missing_docs)]

mod bundle;
mod card;
mod check;
mod code;
mod cpr;
pub mod i18n;
mod person;
mod photo_thresholds;
mod scan_signature_thresholds;
mod signature_thresholds;
mod stamkort;

pub use bundle::{
    Bundle, BundleBuilder, BundleError, CaptureHeader, Flags, MANIFEST_NAME, MAX_OVERRIDE_REASON_CHARS, Manifest,
    Override, PartEntry, PartKind, PersonSnapshot, SCHEMA_VERSION, ScanDetails, Source, check_override_reason,
    sha256_hex,
};
pub use card::{CardLayout, MmSize};
pub use check::{Check, CheckReport, Verdict};
pub use code::{Code, HasCode, assert_codes_cover_variants, typescript_codes_module};
pub use cpr::{Cpr, CprError, CprValidation, Sex, mask_cpr_numbers};
pub use person::{CaseAssessment, PersonFacts, PersonStatus};
pub use photo_thresholds::*;
pub use scan_signature_thresholds::{MAX_SCAN_SIGNATURE_MM, ScanSignatureThresholdError, ScanSignatureThresholds};
pub use signature_thresholds::{SignatureImage, SignatureThresholds};
pub use stamkort::{RectMm, StamkortLayout};

/// The default cap on one answer body of a national service (the CPR service, the gateway): real
/// answers are a few kilobytes. One value for the configuration's default and the clients'.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
