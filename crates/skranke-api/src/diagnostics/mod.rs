//! The diagnostics part: what IT checks first on a counter PC (`skranke diagnose`: the
//! configuration, the data directory, the cameras, then with Skranke started the certificates,
//! the gateway, the CPR service and the outbox), and what the app's frame says about this
//! installation.
mod config_checks;
mod json;
mod services;

pub use config_checks::{CameraLister, CheckStatus, Diagnosis, DiagnosticCheck, connected_cameras, diagnose};
pub use json::AppInfo;
pub use services::{certificate_check, diagnose_services};

use crate::skranke::Context;
use skranke_config::Mode;

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
