//! `skranke diagnose` and `skranke support-bundle`: IT's first look at a counter PC, and the zip
//! that goes to a supplier. Neither needs a sign-in, and both work when Skranke cannot start.
use super::runtime;
use crate::args::Cli;
use crate::{Output, exit};
use skranke_api::{CheckStatus, Devices};
use std::path::Path;

/// `skranke diagnose [--json]`: exit 0 when no check failed (warnings allowed), 1 otherwise.
pub fn run(cli: &Cli, out: &mut Output<'_>) -> i32 {
    let Some(rt) = runtime(out) else { return exit::ENVIRONMENT };
    let d = rt.block_on(skranke_api::diagnose(cli.config.as_deref(), Devices::connected()));
    if out.json {
        out.json_line(&d);
    } else {
        for c in &d.checks {
            let mark = match c.status {
                CheckStatus::Ok => "ok  ",
                CheckStatus::Warn => "warn",
                CheckStatus::Fail => "FAIL",
            };
            out.line(format!("{mark} {:<19} {}", c.id.as_str(), c.detail));
        }
    }
    if d.ok { exit::OK } else { exit::FAILED }
}

/// `skranke support-bundle OUT.zip`: exit 0 when written (whatever the diagnosis found).
pub fn support_bundle(cli: &Cli, file: &Path, out: &mut Output<'_>) -> i32 {
    let Some(rt) = runtime(out) else { return exit::ENVIRONMENT };
    match rt.block_on(skranke_api::support::build(cli.config.as_deref(), Devices::connected(), file)) {
        Ok(saved) => {
            if out.json {
                out.json_line(&saved);
            } else {
                out.line(format!("{}: {} bytes, {} files", saved.path, saved.bytes, saved.files.len()));
            }
            exit::OK
        }
        Err(e) => {
            out.error(format!("{}: {}", e.code.as_str(), e.message));
            exit::FAILED
        }
    }
}
