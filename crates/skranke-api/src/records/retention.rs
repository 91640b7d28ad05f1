//! The retention run: deletes what is past its time, once (the app's daily job, `skranke
//! retention run`), or only counts it (`--dry-run`):
//!
//! - audit entries older than `retention.audit_days` (the chain stays verifiable from its
//!   checkpoint), and accepted captures' rows (receipt, hash) as old;
//! - accepted captures' bundles: shredded at acceptance already; any found still stored is shredded;
//! - rejected and dead captures `retention.review_days` after the decision. There is no review
//!   screen yet (issue 16): the moment the capture became rejected or dead stands for the
//!   supervisor's decision until it exists;
//! - log files older than `logging.keep_files` days.
//!
//! Every shred ends with a truncating checkpoint (skranke-store), and the run ends with one more,
//! so nothing deleted stays readable in the database file or its log. Every run is an audit entry
//! (`retention`, the counts as details).
use super::json::RetentionReport;
use super::logs;
use crate::ApiError;
use crate::sender::Sender;
use crate::skranke::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use skranke_store::AuditAction;

/// Whether a retention run deletes or only counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    /// Count only: nothing is deleted.
    Yes,
    /// Delete.
    No,
}

/// The user the app's own daily run is recorded under.
pub const SCHEDULED_USER: &str = "retention";

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Runs retention once as `user_id`.
pub(crate) fn run(ctx: &Context, sender: &Sender, user_id: &str, dry_run: DryRun) -> Result<RetentionReport, ApiError> {
    let now = ctx.clock.now();
    let audit_cutoff = now - chrono::Duration::days(i64::from(ctx.config.retention.audit_days));
    let review_cutoff = now - chrono::Duration::days(i64::from(ctx.config.retention.review_days));
    let log_cutoff = logs::cutoff(now.date_naive(), ctx.config.logging.keep_files);
    let old_logs = logs::older_than(&ctx.data_dir.logs(), log_cutoff);
    let mut audit = super::audit_log(ctx)?;
    let mut report = RetentionReport {
        dry_run: dry_run == DryRun::Yes,
        ran_at: rfc3339(now),
        audit_cutoff: rfc3339(audit_cutoff),
        audit_entries: 0,
        accepted_bundles_left: 0,
        accepted_rows: 0,
        review_cutoff: rfc3339(review_cutoff),
        rejected_or_dead: 0,
        log_cutoff: log_cutoff.format("%Y-%m-%d").to_string(),
        log_files: 0,
        wal_truncated: false,
    };
    match dry_run {
        DryRun::Yes => {
            report.accepted_bundles_left = sender.with_outbox(ctx, |o| o.accepted_with_bundle())?;
            report.rejected_or_dead = sender.with_outbox(ctx, |o| o.rejected_or_dead_before(review_cutoff))?;
            report.accepted_rows = sender.with_outbox(ctx, |o| o.accepted_before(audit_cutoff))?;
            report.audit_entries = audit.count_older_than(audit_cutoff)?;
            report.log_files = old_logs.len() as u64;
        }
        DryRun::No => {
            report.accepted_bundles_left = sender.with_outbox(ctx, |o| o.shred_accepted_leftovers())?;
            if report.accepted_bundles_left > 0 {
                tracing::warn!(count = report.accepted_bundles_left, "accepted captures still had a bundle; shredded");
            }
            report.rejected_or_dead = sender.with_outbox(ctx, |o| o.shred_rejected_or_dead_before(review_cutoff))?;
            report.accepted_rows = sender.with_outbox(ctx, |o| o.purge_accepted_older_than(audit_cutoff))?;
            report.audit_entries = audit.purge_older_than(audit_cutoff, now)?;
            report.log_files = logs::delete(&old_logs);
            report.wal_truncated = sender.with_outbox(ctx, |o| o.truncate_wal())?.complete();
        }
    }
    let details = serde_json::to_value(&report).unwrap_or_default();
    let outcome = if report.dry_run { "dry_run" } else { "done" };
    ctx.audit.record(user_id, AuditAction::Retention, None, outcome, details)?;
    tracing::info!(
        dry_run = report.dry_run,
        audit_entries = report.audit_entries,
        accepted_bundles_left = report.accepted_bundles_left,
        accepted_rows = report.accepted_rows,
        rejected_or_dead = report.rejected_or_dead,
        log_files = report.log_files,
        wal_truncated = report.wal_truncated,
        "retention run"
    );
    Ok(report)
}

/// When the app's daily job runs: at start, then once 24 hours have passed on the wall clock
/// since the last run that succeeded (checked often, so a PC that slept through the day catches
/// up when it wakes), or when the clock was set back past it.
#[derive(Debug, Default, Clone)]
pub struct RetentionSchedule {
    last: Option<DateTime<Utc>>,
}

impl RetentionSchedule {
    /// Whether a run is due at `now`.
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        match self.last {
            None => true,
            Some(last) => now < last || now - last >= chrono::Duration::hours(24),
        }
    }

    /// A run succeeded at `at`.
    pub fn ran(&mut self, at: DateTime<Utc>) {
        self.last = Some(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn due_at_start_then_every_24_hours_and_after_the_clock_went_back() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
        let mut s = RetentionSchedule::default();
        assert!(s.due(t0));
        s.ran(t0);
        assert!(!s.due(t0 + chrono::Duration::hours(23)));
        assert!(s.due(t0 + chrono::Duration::hours(24)));
        assert!(s.due(t0 - chrono::Duration::hours(1)), "the clock was set back");
    }
}
