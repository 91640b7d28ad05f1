//! The one façade of Skranke use cases (case, capture, send, review, diagnose) that the Tauri shell
//! and the `skranke` CLI both call. Lower crates never depend on this one.
//!
//! Main types: [`Skranke`] (the application as one value, composed of one part per concern:
//! [`session`], [`case_desk`], [`photo_capture`], [`signature_capture`], [`sender`],
//! [`records`], [`diagnostics`]), [`ApiError`] with its stable [`Code`] (the UI shows one text
//! per code), the transport shapes of every part gathered in [`json`], and [`diagnose()`].
#![deny(missing_docs)]

mod audit_trail;
pub mod case_desk;
mod clock;
mod data_dir;
pub mod diagnostics;
mod error;
mod guarded;
pub mod ipc;
pub mod logging;
pub mod master_key;
pub mod photo_capture;
pub mod records;
pub mod review;
pub mod scan_desk;
pub mod sender;
mod services;
pub mod session;
pub mod signature_capture;
mod sim_config;
mod skranke;
pub mod support;
mod workstation;

pub use case_desk::OpenCase;
pub use clock::{Clock, ManualClock, SystemClock};
pub use data_dir::DataDir;
pub use diagnostics::{CheckId, CheckStatus, Devices, Diagnosis, DiagnosticCheck, diagnose};
pub use error::ApiError;
pub use json::CprValidationView;
pub use photo_capture::CameraChoice;
pub use sender::{BundleFiles, MadeBundle};
pub use services::{Gateway, Services, SoapPersonLookup, connect};
pub use skranke::{OpenOptions, Skranke};
pub use skranke_config as config;
pub use skranke_core::{Code, HasCode, typescript_codes_module};
pub use skranke_os::{LockReason as OsLockReason, LockWatcher, attach_parent_console, open_in_browser};
/// Demo mode and development only: the embedded simulators of the CPR service and the gateway
/// (what `skranke sim` starts and demo mode connects to), and the configuration that points a
/// production-mode Skranke at them. Not part of the use cases: nothing in production calls it.
pub mod demo {
    pub use crate::sim_config::{SimIdentityProvider, own_os_group, production_config};
    pub use skranke_sim::{
        CprControl, CprFault, DecisionSettings, GatewayControl, GatewayFault, SimOptions, Simulators,
    };
}

/// Every transport shape (camelCase JSON) the façade returns, gathered from the parts that own
/// them; see docs/ipc.md.
pub mod json {
    pub use crate::case_desk::{
        CardImageView, CardPreviewView, CaseView, CprValidationView, LookupReport, PersonView, StrokeWidthView,
    };
    pub use crate::diagnostics::AppInfo;
    pub use crate::photo_capture::{CameraChoice, CameraEvent, CameraInfo, OvalView, PhotoCheckView};
    pub use crate::records::{PersonRecord, PersonRecords, RetentionReport, UsageCount, UsageStats};
    pub use crate::sender::{Connection, OverCap, OverCapReason, QueueItemView, SendPassReport, SendView, Status};
    pub use crate::session::{Role, SessionView, SignInStarted, User};
    pub use crate::signature_capture::{PadEventView, PadInfo};
}

/// The capture bundle types `skranke bundle make` and the queue use.
pub mod bundle {
    pub use skranke_core::{Bundle, BundleError, Manifest, Source};
}

/// The check texts per language (`assets/i18n/{da,en}.json`): the CLI prints checks from them.
pub use skranke_core::i18n;
/// One check of a photo or signature report, as the check commands print it.
pub use skranke_core::{Check, Verdict};

/// The outbox types the queue commands show.
pub mod outbox {
    pub use skranke_store::{OutboxState, OutboxStatus};
}

/// What `audit verify` and `audit checkpoint` return.
pub mod audit {
    pub use skranke_store::{ChainProblem, ChainReport, Checkpoint, ProblemKind};
}

/// What `keys rotate` returns.
pub mod keys {
    pub use skranke_store::Rotation;
}

/// Validates a CPR number locally (no lookup) as valid today on this PC; the report of
/// `skranke cpr validate` and of the case step's field check.
pub fn validate_cpr(text: &str) -> skranke_core::CprValidation {
    skranke_core::CprValidation::of(text, SystemClock.today())
}

/// The Skranke version, shown by `skranke --version` and in the app.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
