//! The diagnostics part: what IT checks first on a counter PC, on the command line
//! (`skranke diagnose [--json]`) and on the app's Diagnose page (the IT role): the configuration,
//! the data directory and disk, the key store, cameras and pads, then with Skranke started the
//! certificates, the gateway and the CPR service over TLS, the clock, sign-in and the outbox. It
//! also says what the app's frame shows about this installation ([`AppInfo`]).
mod check;
mod json;
mod local;
mod services;

pub use check::{CheckId, CheckStatus, ConfigSourceView, Diagnosis, DiagnosticCheck};
pub use json::AppInfo;
pub use local::{
    DeviceLister, Devices, FREE_SPACE_FAIL_BYTES, FREE_SPACE_WARN_BYTES, connected_cameras, connected_pads,
    disk_space_check, local_checks,
};
pub use services::{CLOCK_SKEW_FAIL_S, CLOCK_SKEW_WARN_S, certificate_check, clock_skew_check, diagnose_services};

use crate::skranke::Context;
use crate::{Code, OpenOptions, Skranke};
use skranke_config::Mode;
use std::path::Path;

/// `skranke diagnose`: the local checks, then (when the configuration and the data directory are
/// usable) Skranke started and the service checks. A start that fails on the master key is the
/// key store's failure; any other start failure is reported as `services`.
pub async fn diagnose(config_path: Option<&Path>, devices: Devices) -> Diagnosis {
    let (source, mut checks) = local_checks(config_path, devices);
    if checks.iter().all(|c| c.status != CheckStatus::Fail || matches!(c.id, CheckId::Cameras | CheckId::SignaturePads))
    {
        match Skranke::start(OpenOptions { config_path }).await {
            Ok(app) => checks.extend(diagnose_services(&app).await),
            Err(e) => {
                let id = if is_key_store_failure(e.code) { CheckId::KeyStore } else { CheckId::Services };
                checks.push(DiagnosticCheck::new(id, CheckStatus::Fail, format!("{}: {}", e.code.as_str(), e.message)));
            }
        }
    }
    Diagnosis::new(source, checks)
}

/// Whether Skranke could not start because of its master key.
fn is_key_store_failure(code: Code) -> bool {
    matches!(code, Code::StoreKeyUnavailable | Code::StoreKeyMismatch)
}

/// What the frame shows about this installation.
pub(crate) fn app_info(ctx: &Context) -> AppInfo {
    let c = &ctx.config;
    AppInfo {
        version: crate::VERSION.to_string(),
        mode: match c.mode {
            Mode::Demo => "demo",
            Mode::Production => "production",
        }
        .to_string(),
        municipality: c.municipality.name.clone(),
        workstation: ctx.workstation.clone(),
        case_ref_pattern: c.case.ref_pattern.clone(),
        case_ref_example: c.case.ref_example.clone(),
        idle_lock_minutes: c.security.idle_lock_minutes,
    }
}
