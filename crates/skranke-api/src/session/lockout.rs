//! Lock-out after failed sign-ins (the register's rule): `security.max_failed_sign_ins` failures on
//! this workstation within `security.failed_sign_in_window_minutes` lock further sign-ins here for
//! `security.lockout_minutes`. The state is the audit trail itself (failed sign-ins, sign-ins and
//! lock-outs of this workstation), so it survives a restart and cannot drift from what is audited.
use crate::skranke::Context;
use crate::{ApiError, Code};
use chrono::{DateTime, Duration, Utc};
use skranke_store::AuditAction;

/// Why a sign-in attempt failed; counted towards the lock-out and written in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureReason {
    /// The provider's token failed validation (signature, issuer, audience, nonce, state, times).
    TokenRejected,
    /// The user is in none of the mapped groups.
    NoRole,
    /// Someone other than the user who locked the session tried to unlock it.
    WrongUserAtUnlock,
}

impl FailureReason {
    /// The audit outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TokenRejected => "token_rejected",
            Self::NoRole => "no_role",
            Self::WrongUserAtUnlock => "wrong_user_at_unlock",
        }
    }
}

/// Until when sign-in on this workstation is locked, if it is.
pub(crate) fn locked_until(ctx: &Context) -> Result<Option<DateTime<Utc>>, ApiError> {
    let latest = ctx.audit.latest(AuditAction::SignInLockedOut)?;
    let Some(at) = latest.and_then(|e| parse_at(&e.at)) else { return Ok(None) };
    let until = at + minutes(ctx.config.security.lockout_minutes);
    Ok((ctx.clock.now() < until).then_some(until))
}

/// Refuses with [`Code::SignInLockedOut`] while sign-in is locked; the refused attempt is audited.
pub(crate) fn check(ctx: &Context, operation: &str) -> Result<(), ApiError> {
    if let Some(until) = locked_until(ctx)? {
        let details = serde_json::json!({ "operation": operation, "locked_until": until.to_rfc3339() });
        ctx.audit.record("-", AuditAction::AccessRefused, None, Code::SignInLockedOut.as_str(), details)?;
        return Err(locked_out(until));
    }
    Ok(())
}

/// Records a failed sign-in by `who` (the identity the provider vouched for, or `-`); when it is
/// the `max_failed_sign_ins`-th in the window since the last sign-in or lock-out, sign-in locks.
/// Returns the lock-out's end when this failure started one.
pub(crate) fn record_failure(
    ctx: &Context,
    who: &str,
    reason: FailureReason,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    ctx.audit.record(who, AuditAction::SignInFailed, None, reason.as_str(), serde_json::json!({}))?;
    let now = ctx.clock.now();
    let security = &ctx.config.security;
    let mut since = now - minutes(security.failed_sign_in_window_minutes);
    for action in [AuditAction::SignIn, AuditAction::SessionUnlocked, AuditAction::SignInLockedOut] {
        if let Some(at) = ctx.audit.latest(action)?.and_then(|e| parse_at(&e.at)) {
            since = since.max(at + Duration::microseconds(1));
        }
    }
    let failures = ctx.audit.count_since(AuditAction::SignInFailed, since)?;
    if failures < u64::from(security.max_failed_sign_ins) {
        return Ok(None);
    }
    let until = now + minutes(security.lockout_minutes);
    let details = serde_json::json!({ "failures": failures, "locked_until": until.to_rfc3339() });
    ctx.audit.record(who, AuditAction::SignInLockedOut, None, "locked", details)?;
    tracing::warn!(failures, until = %until, "too many failed sign-ins: sign-in on this workstation is locked");
    Ok(Some(until))
}

/// The error of a locked sign-in.
pub(crate) fn locked_out(until: DateTime<Utc>) -> ApiError {
    let local = until.with_timezone(&chrono::Local).format("%H:%M");
    ApiError::new(Code::SignInLockedOut, format!("sign-in on this workstation is locked until {local}"))
}

fn minutes(m: u32) -> Duration {
    Duration::minutes(i64::from(m))
}

fn parse_at(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}
