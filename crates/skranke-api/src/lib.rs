//! The one façade of Skranke use cases (case, capture, send, review, diagnose) that the Tauri shell
//! and the `skranke` CLI both call. Lower crates never depend on this one.
//!
//! Main types: [`Skranke`] (the application as one value), [`ApiError`] with its stable [`Code`]
//! (the UI shows one Danish text per code), the transport shapes in [`json`], and [`diagnose()`].
#![deny(missing_docs)]

mod app;
mod case;
mod clock;
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
mod sim_config;
mod workstation;

pub use app::{BundleFiles, CameraChoice, MadeBundle, OpenOptions, Skranke};
pub use case::OpenCase;
pub use clock::{Clock, SystemClock};
pub use data_dir::DataDir;
pub use diagnose::{CameraLister, CheckStatus, Diagnosis, DiagnosticCheck, connected_cameras, diagnose};
pub use diagnose_services::diagnose_services;
pub use error::ApiError;
pub use json::CprValidationView;
pub use services::{Gateway, Services, SoapPersonLookup, connect};
pub use skranke_config as config;
pub use skranke_core::{Code, HasCode, typescript_codes_module};
/// Demo mode and development only: the embedded simulators of the CPR service and the gateway
/// (what `skranke sim` starts and demo mode connects to), and the configuration that points a
/// production-mode Skranke at them. Not part of the use cases: nothing in production calls it.
pub mod demo {
    pub use crate::sim_config::production_config;
    pub use skranke_sim::{
        CprControl, CprFault, DecisionSettings, GatewayControl, GatewayFault, SimOptions, Simulators,
    };
}

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
