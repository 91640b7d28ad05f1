//! `skranke photo check FILE... [--crop OUT_DIR]`: the still check of the photo step on files.
use crate::{Output, exit};
use std::path::{Path, PathBuf};

/// Prints one JSON object (or a text block) per file; exit 0 all pass, 1 any fail or error,
/// 3 when the face models cannot be loaded.
pub fn check(
    config: &skranke_api::config::Config,
    files: &[PathBuf],
    crop: Option<&Path>,
    out: &mut Output<'_>,
) -> i32 {
    let reports = match skranke_api::photo_capture::check_files(config, files, crop) {
        Ok(r) => r,
        Err(e) => {
            out.error(format!("{}: {}", e.code.as_str(), e.message));
            return exit::ENVIRONMENT;
        }
    };
    crate::output::print_checked_files(out, &reports, |r| crate::output::CheckedFile {
        file: &r.file,
        verdict: &r.verdict,
        elapsed_ms: Some(r.elapsed_ms),
        error: r.error.as_deref(),
        checks: &r.checks,
    })
}
