//! `skranke scan import FILE... [--crops OUT_DIR]`: the Scanning view's analysis on scanner files,
//! one result per page.
use crate::{Output, exit};
use std::path::{Path, PathBuf};

/// Prints one JSON object (or a text block) per page; exit 0 when every card passes, 1 when any
/// fails or a file cannot be used, 3 when the face models cannot be loaded.
pub fn import(
    config: &skranke_api::config::Config,
    files: &[PathBuf],
    crops: Option<&Path>,
    out: &mut Output<'_>,
) -> i32 {
    let pages = match skranke_api::scan_desk::import_files(config, files, crops) {
        Ok(p) => p,
        Err(e) => {
            out.error(format!("{}: {}", e.code.as_str(), e.message));
            return exit::ENVIRONMENT;
        }
    };
    let mut all_pass = !pages.is_empty();
    for p in &pages {
        all_pass &= p.verdict == skranke_api::Verdict::Pass;
        if out.json {
            out.json_line(p);
            continue;
        }
        let verdict = if p.verdict == skranke_api::Verdict::Pass { "pass" } else { "fail" };
        out.line(format!("{} page {} ({:.0} dpi): {verdict}", p.file, p.page, p.dpi));
        if let Some(e) = &p.error {
            out.line(format!("  error: {e}"));
        }
        for (field, report) in [("photo", &p.photo), ("signature", &p.signature)] {
            for c in report.iter().flat_map(|r| r.checks.iter()).filter(|c| !c.pass) {
                out.line(format!("  {field} {} ({}): {}", c.id, c.threshold, c.text(out.lang)));
            }
        }
    }
    if all_pass { exit::OK } else { exit::FAILED }
}
