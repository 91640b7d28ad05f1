//! The one façade of Skranke use cases (case, capture, send, review, diagnose) that the Tauri shell
//! and the `skranke` CLI both call. Lower crates never depend on this one.
//!
//! Main types: [`Skranke`] (the application as one value), [`ApiError`] with its stable [`Code`]
//! (the UI shows one Danish text per code), the transport shapes in [`json`], and [`diagnose()`].
#![deny(missing_docs)]

mod app;
mod case;
mod clock;
mod code;
mod data_dir;
mod demo_framing;
mod diagnose;
mod diagnose_services;
mod error;
pub mod json;
pub mod logging;
pub mod person_lookup;
pub mod photo;
pub mod preview;
pub mod send;
mod services;
mod session;
pub mod signature;
pub mod sim_config;
mod workstation;

pub use app::{BundleFiles, CameraChoice, MadeBundle, OpenOptions, Skranke};
pub use case::OpenCase;
pub use clock::{Clock, SystemClock};
pub use code::{Code, typescript_codes_module};
pub use data_dir::DataDir;
pub use diagnose::{CameraLister, CheckStatus, Diagnosis, DiagnosticCheck, diagnose};
pub use diagnose_services::diagnose_services;
pub use error::ApiError;
pub use json::CprValidationView;
pub use services::{Gateway, Services, SoapPersonLookup, connect};
pub use skranke_config as config;
pub use skranke_sim as sim;
/// The capture bundle types `skranke bundle make` and the queue use.
pub mod bundle {
    pub use skranke_core::{Bundle, BundleError, Manifest, Source};
}

/// One check of a photo or signature report, as the check commands print it.
pub use skranke_core::Check;

/// The outbox types the queue commands show.
pub mod outbox {
    pub use skranke_store::{OutboxState, OutboxStatus};
}

/// Validates a CPR number locally (no lookup); the report of `skranke cpr validate`.
pub fn validate_cpr(text: &str) -> skranke_core::CprValidation {
    skranke_core::CprValidation::of(text)
}

/// The Skranke version, shown by `skranke --version` and in the app.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
