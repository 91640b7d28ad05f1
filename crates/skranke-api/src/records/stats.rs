//! The register's monthly statistics per user: how many lookups, captures, sign-ins, ... each user
//! made in a calendar month (local month boundaries). Reading them is an audit entry (`export`).
use super::json::{UsageCount, UsageStats};
use super::month::Month;
use crate::ApiError;
use crate::skranke::Context;
use chrono::SecondsFormat;
use skranke_store::AuditAction;

/// The counts per user and action in `month`, read by `user_id`.
pub(crate) fn usage(ctx: &Context, user_id: &str, month: Month) -> Result<UsageStats, ApiError> {
    let (from, to) = month.local_bounds();
    let rows: Vec<UsageCount> = super::audit_log(ctx)?
        .usage_by_user(from, to)?
        .into_iter()
        .map(|r| UsageCount { user_id: r.user_id, action: r.action, count: r.count })
        .collect();
    let details = serde_json::json!({ "kind": "usage_statistics", "month": month.to_string(), "rows": rows.len() });
    ctx.audit.record(user_id, AuditAction::Export, None, "usage_statistics", details)?;
    Ok(UsageStats {
        month: month.to_string(),
        from: from.to_rfc3339_opts(SecondsFormat::Secs, true),
        to: to.to_rfc3339_opts(SecondsFormat::Secs, true),
        rows,
    })
}
