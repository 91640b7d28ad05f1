//! The records part: how long the app keeps what it holds, and what it tells about it. It has no
//! state of its own; each use case reads the audit trail through a connection of its own to the
//! one database and the outbox through the sender.
//!
//! - `retention`: the retention run ([`DryRun`]) and the app's daily [`RetentionSchedule`];
//! - `logs`: the log files past `logging.keep_files` days;
//! - `stats`: the register's monthly statistics per user ([`Month`], local month boundaries);
//! - `access_request`: a citizen's access request ([`WithUsers`]);
//! - [`json`](self): the transport shapes.
mod access_request;
mod json;
mod logs;
mod month;
mod retention;
mod stats;

pub use access_request::WithUsers;
pub(crate) use access_request::person;
pub use json::{PersonRecord, PersonRecords, RetentionReport, UsageCount, UsageStats};
pub use month::{Month, MonthError};
pub(crate) use retention::run as run_retention;
pub use retention::{DryRun, RetentionSchedule, SCHEDULED_USER};
pub(crate) use stats::usage;

use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_store::AuditLog;

/// A connection of its own to the audit trail (purge and the long reads do not hold the lock
/// every other part appends under).
fn audit_log(ctx: &Context) -> Result<AuditLog, ApiError> {
    crate::audit_trail::open_log(&ctx.config, &ctx.data_dir, &ctx.master_key)
}

/// A month from the UI that does not parse: the UI sends a month it built, so this is a bug in
/// the caller, not something to show the clerk.
impl From<MonthError> for ApiError {
    fn from(e: MonthError) -> Self {
        ApiError::new(Code::Internal, e.to_string())
    }
}
