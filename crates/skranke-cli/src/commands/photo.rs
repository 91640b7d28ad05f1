//! `skranke photo check FILE... [--crop OUT_DIR]`: the still check of the photo step on files.
use crate::{Output, exit};
use std::path::{Path, PathBuf};

/// Prints one JSON object (or a text block) per file; exit 0 all pass, 1 any fail or error,
/// 3 when the face models cannot be loaded.
pub fn check(config: &skranke_api::config::Config, files: &[PathBuf], crop: Option<&Path>, out: &mut Output<'_>) -> i32 {
    let reports = match skranke_api::photo::check_files(config, files, crop) {
        Ok(r) => r,
        Err(e) => {
            out.error(format!("{}: {}", e.code.as_str(), e.message));
            return exit::ENVIRONMENT;
        }
    };
    let mut all_pass = true;
    for r in &reports {
        all_pass &= r.verdict == "pass";
        if out.json {
            out.json_line(r);
        } else {
            out.line(format!("{}: {} ({:.0} ms)", r.file, r.verdict, r.elapsed_ms));
            if let Some(e) = &r.error {
                out.line(format!("  error: {e}"));
            }
            for c in r.checks.iter().filter(|c| !c.pass) {
                out.line(format!("  {} ({}): {}", c.id, c.threshold, c.message));
            }
        }
    }
    if all_pass { exit::OK } else { exit::FAILED }
}
