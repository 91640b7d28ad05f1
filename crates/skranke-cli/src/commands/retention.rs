//! `skranke retention run [--dry-run]`: deletes what is past its retention period once (IT), or
//! counts it. Prints counts only.
use super::audit::failed;
use crate::args::RetentionCommand;
use crate::{Output, exit};
use skranke_api::Skranke;
use skranke_api::records::DryRun;

/// Runs one retention subcommand.
pub fn run(app: &Skranke, command: &RetentionCommand, out: &mut Output<'_>) -> i32 {
    let RetentionCommand::Run { dry_run } = command;
    let report = match app.retention_run(if *dry_run { DryRun::Yes } else { DryRun::No }) {
        Ok(r) => r,
        Err(e) => return failed(&e, out),
    };
    if out.json {
        out.json_line(&report);
        return exit::OK;
    }
    let verb = if report.dry_run { "would delete" } else { "deleted" };
    out.line(format!("retention {verb}:"));
    out.line(format!("  audit entries before {}: {}", report.audit_cutoff, report.audit_entries));
    out.line(format!("  accepted captures' rows before {}: {}", report.audit_cutoff, report.accepted_rows));
    out.line(format!("  accepted captures still holding a bundle: {}", report.accepted_bundles_left));
    out.line(format!(
        "  rejected and dead captures decided before {}: {}",
        report.review_cutoff, report.rejected_or_dead
    ));
    out.line(format!("  log files before {}: {}", report.log_cutoff, report.log_files));
    if !report.dry_run && !report.wal_truncated {
        out.line("  the database's write-ahead log was busy; the next run folds it in");
    }
    exit::OK
}
