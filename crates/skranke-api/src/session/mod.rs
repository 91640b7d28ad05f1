//! The session part: who is signed in, whether the session is locked, and what they may do.
//!
//! - Demo mode signs in by choosing a role; production signs in through the municipality's
//!   identity provider (`provider`) and refuses demo sign-in.
//! - Every guarded façade method calls [`Session::require`] with its [`Operation`]; refusals
//!   (`not_signed_in`, `forbidden`, `session_locked`) are audited ([`access`]).
//! - The session locks after `security.idle_lock_minutes` without a guarded command, when the OS
//!   session locks or the PC suspends, or by hand; the open case is kept, and only the same user
//!   may unlock ([`Session::complete_sign_in`]).
//! - Failed sign-ins lock sign-in on this workstation for a while ([`lockout`]).
//! - The command line signs in as the operating-system account ([`os_account`]).
pub mod access;
mod json;
pub(crate) mod lockout;
pub(crate) mod os_account;
pub(crate) mod provider;

pub use access::{Operation, roles_markdown};
pub use json::{Role, SessionView, SignInStarted, User};
pub use lockout::FailureReason;

use crate::guarded::Guarded;
use crate::skranke::Context;
use crate::{ApiError, Code};
use chrono::{DateTime, Utc};
use skranke_config::{Mode, RoleName};
use skranke_store::AuditAction;

/// Why a session locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    /// No guarded command for `security.idle_lock_minutes`.
    Idle,
    /// The operating-system session was locked.
    OsSession,
    /// The PC is going to sleep.
    Suspend,
    /// The clerk pressed "Lås".
    ByUser,
}

impl LockReason {
    /// The name in the audit trail and the session view.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::OsSession => "os_session",
            Self::Suspend => "suspend",
            Self::ByUser => "by_user",
        }
    }
}

/// A user the sign-in vouched for: demo by role, the provider by token, the CLI by OS account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The user as the app shows and audits them.
    pub user: User,
    /// What identifies them for unlocking: the provider's `sub`, the OS account id, the demo id.
    pub subject: String,
    /// How they signed in (`demo`, `provider`, `os_account`), for the audit entry.
    pub method: &'static str,
}

/// What a completed sign-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SignedIn {
    /// A new session; `replaced` was signed out (its case must close).
    Fresh { user: User, replaced: Option<User> },
    /// The user who locked the session is back; the case stays open.
    Unlocked(User),
}

#[derive(Debug, Clone)]
struct Current {
    user: User,
    subject: String,
    last_active: DateTime<Utc>,
    locked: Option<LockReason>,
    /// When this user last proved who they are (signing in, or a step-up confirmation): a review
    /// decision needs a recent one and uses it up.
    confirmed_at: Option<DateTime<Utc>>,
}

/// How long a sign-in or step-up confirmation stays good for one review decision.
pub const CONFIRMATION_VALID_MINUTES: i64 = 5;

/// Who is signed in at this counter, and whether the session is locked.
#[derive(Debug, Default)]
pub struct Session {
    current: Guarded<Option<Current>>,
    /// The production sign-in under way.
    pub(crate) provider: provider::ProviderSignIn,
}

impl Session {
    /// The signed-in, unlocked user if their role allows `op`; otherwise the refusal
    /// ([`Code::NotSignedIn`], [`Code::SessionLocked`], [`Code::Forbidden`]), audited. A session
    /// idle for longer than `security.idle_lock_minutes` locks here. A granted call counts as
    /// activity.
    pub(crate) fn require(&self, ctx: &Context, op: Operation) -> Result<User, ApiError> {
        let now = ctx.clock.now();
        let mut current = self.current.lock()?;
        let Some(c) = current.as_mut() else {
            return Err(refuse(ctx, "-", op, Code::NotSignedIn, "no user is signed in")?);
        };
        if c.locked.is_none() && idle_expired(ctx, c.last_active, now) {
            c.locked = Some(LockReason::Idle);
            record_lock(ctx, &c.user, LockReason::Idle)?;
        }
        if c.locked.is_some() {
            return Err(refuse(ctx, &c.user.id, op, Code::SessionLocked, "the session is locked")?);
        }
        if !op.allows(c.user.role) {
            let role = format!("{:?}", c.user.role).to_lowercase();
            return Err(refuse(ctx, &c.user.id, op, Code::Forbidden, &format!("the role {role} may not do this"))?);
        }
        c.last_active = now;
        Ok(c.user.clone())
    }

    /// Locks the session (no-op when nobody is signed in or it is locked already). Returns whether
    /// it locked now.
    pub(crate) fn lock(&self, ctx: &Context, reason: LockReason) -> Result<bool, ApiError> {
        let mut current = self.current.lock()?;
        match current.as_mut() {
            Some(c) if c.locked.is_none() => {
                c.locked = Some(reason);
                record_lock(ctx, &c.user, reason)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The clerk is using the window (typing, pointing): counts as activity like a guarded
    /// command, so a clerk filling in a form is not locked. Does nothing for a locked or expired
    /// session (that stays for sign-in to lift).
    pub(crate) fn touch(&self, ctx: &Context) -> Result<(), ApiError> {
        let now = ctx.clock.now();
        let mut current = self.current.lock()?;
        if let Some(c) = current.as_mut()
            && c.locked.is_none()
            && !idle_expired(ctx, c.last_active, now)
        {
            c.last_active = now;
        }
        Ok(())
    }

    /// Whether the session is signed in, unlocked and idle for too long; locks it if so (the
    /// background tick calls this so the lock screen appears without a click).
    pub(crate) fn lock_if_idle(&self, ctx: &Context) -> Result<bool, ApiError> {
        let idle = {
            let current = self.current.lock()?;
            current.as_ref().is_some_and(|c| c.locked.is_none() && idle_expired(ctx, c.last_active, ctx.clock.now()))
        };
        if idle { self.lock(ctx, LockReason::Idle) } else { Ok(false) }
    }

    /// Makes `who` the signed-in user. While the session is locked only the same subject may come
    /// back (unlock, the case stays); anyone else is a failed sign-in ([`Code::UnlockWrongUser`],
    /// counted towards the lock-out). An unlocked session is replaced (the caller closes its case).
    pub(crate) fn complete_sign_in(&self, ctx: &Context, who: Verified) -> Result<SignedIn, ApiError> {
        lockout::check(ctx, "sign_in")?;
        let now = ctx.clock.now();
        let mut current = self.current.lock()?;
        if let Some(c) = current.as_mut()
            && c.locked.is_some()
        {
            if c.subject != who.subject {
                drop(current);
                let until = lockout::record_failure(ctx, &who.user.id, FailureReason::WrongUserAtUnlock)?;
                return Err(until.map_or_else(
                    || ApiError::new(Code::UnlockWrongUser, "only the user who was signed in can unlock"),
                    lockout::locked_out,
                ));
            }
            c.locked = None;
            c.last_active = now;
            ctx.audit.record(&c.user.id, AuditAction::SessionUnlocked, None, "ok", serde_json::json!({}))?;
            tracing::info!(user = %c.user.id, "session unlocked");
            return Ok(SignedIn::Unlocked(c.user.clone()));
        }
        let replaced = current.take().map(|c| c.user);
        if let Some(old) = &replaced {
            ctx.audit.record(&old.id, AuditAction::SignOut, None, "replaced", serde_json::json!({}))?;
        }
        let details = serde_json::json!({ "role": who.user.role, "method": who.method });
        ctx.audit.record(&who.user.id, AuditAction::SignIn, None, "ok", details)?;
        tracing::info!(user = %who.user.id, role = ?who.user.role, method = who.method, "signed in");
        *current = Some(Current {
            user: who.user.clone(),
            subject: who.subject,
            last_active: now,
            locked: None,
            confirmed_at: Some(now),
        });
        Ok(SignedIn::Fresh { user: who.user, replaced })
    }

    /// A step-up confirmation: `who` proved again who they are. Only the signed-in user may
    /// confirm ([`Code::StepUpWrongUser`], counted as a failed sign-in); audited as `sign_in` with
    /// outcome `step_up`.
    pub(crate) fn confirm(&self, ctx: &Context, who: Verified) -> Result<User, ApiError> {
        let now = ctx.clock.now();
        let mut current = self.current.lock()?;
        let Some(c) = current.as_mut().filter(|c| c.locked.is_none()) else {
            return Err(ApiError::new(Code::NotSignedIn, "no unlocked session to confirm"));
        };
        if c.subject != who.subject {
            drop(current);
            lockout::record_failure(ctx, &who.user.id, FailureReason::WrongUserAtUnlock)?;
            return Err(ApiError::new(Code::StepUpWrongUser, "only the signed-in user can confirm"));
        }
        c.confirmed_at = Some(now);
        c.last_active = now;
        let details = serde_json::json!({ "method": who.method });
        ctx.audit.record(&c.user.id, AuditAction::SignIn, None, "step_up", details)?;
        Ok(c.user.clone())
    }

    /// Uses up the user's recent confirmation (at most [`CONFIRMATION_VALID_MINUTES`] old) for
    /// one decision; none: [`Code::ReviewConfirmationNeeded`].
    pub(crate) fn take_confirmation(&self, ctx: &Context) -> Result<(), ApiError> {
        let now = ctx.clock.now();
        let mut current = self.current.lock()?;
        let fresh = current
            .as_ref()
            .and_then(|c| c.confirmed_at)
            .is_some_and(|at| now >= at && now - at <= chrono::Duration::minutes(CONFIRMATION_VALID_MINUTES));
        if !fresh {
            return Err(ApiError::new(
                Code::ReviewConfirmationNeeded,
                "confirm who you are (sign in again) before deciding",
            ));
        }
        if let Some(c) = current.as_mut() {
            c.confirmed_at = None;
        }
        Ok(())
    }

    /// Signs the current user out, if any, and records it.
    pub(crate) fn sign_out(&self, ctx: &Context) -> Result<Option<User>, ApiError> {
        let previous = self.current.lock()?.take();
        if let Some(c) = &previous {
            ctx.audit.record(&c.user.id, AuditAction::SignOut, None, "ok", serde_json::json!({}))?;
            tracing::info!(user = %c.user.id, "signed out");
        }
        Ok(previous.map(|c| c.user))
    }

    /// The signed-in user (locked or not), or [`Code::NotSignedIn`].
    pub(crate) fn current(&self) -> Result<User, ApiError> {
        self.current
            .lock()?
            .as_ref()
            .map(|c| c.user.clone())
            .ok_or_else(|| ApiError::new(Code::NotSignedIn, "no user is signed in"))
    }

    /// The session as the UI shows it (the caller locks an idle session first:
    /// [`crate::Skranke::session_view`], which also releases the devices then).
    pub(crate) fn view(&self, ctx: &Context) -> Result<SessionView, ApiError> {
        let current = self.current.lock()?.clone();
        Ok(SessionView {
            user: current.as_ref().map(|c| c.user.clone()),
            locked: current.as_ref().is_some_and(|c| c.locked.is_some()),
            lock_reason: current.and_then(|c| c.locked).map(|r| r.as_str().to_string()),
            locked_out_until: lockout::locked_until(ctx)?.map(|t| t.to_rfc3339()),
            sign_in_method: match ctx.config.mode {
                Mode::Demo => "demo".into(),
                Mode::Production => "provider".into(),
            },
            idle_lock_minutes: ctx.config.security.idle_lock_minutes,
        })
    }
}

/// Audits a refusal and returns its error (the outer error is the audit trail's own failure).
fn refuse(ctx: &Context, user_id: &str, op: Operation, code: Code, message: &str) -> Result<ApiError, ApiError> {
    ctx.audit.record(
        user_id,
        AuditAction::AccessRefused,
        None,
        code.as_str(),
        serde_json::json!({ "operation": op.as_str() }),
    )?;
    tracing::info!(user = user_id, operation = op.as_str(), code = code.as_str(), "refused");
    Ok(ApiError::new(code, message))
}

fn record_lock(ctx: &Context, user: &User, reason: LockReason) -> Result<(), ApiError> {
    ctx.audit.record(&user.id, AuditAction::SessionLocked, None, reason.as_str(), serde_json::json!({}))?;
    tracing::info!(user = %user.id, reason = reason.as_str(), "session locked");
    Ok(())
}

fn idle_expired(ctx: &Context, last_active: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_active >= chrono::Duration::minutes(i64::from(ctx.config.security.idle_lock_minutes))
}

/// Signs a user in for demo mode: any role, an optional display name.
pub fn demo_sign_in(role: Role, name: Option<&str>) -> Verified {
    let default_name = match role {
        Role::Clerk => "Demo Sagsbehandler",
        Role::Supervisor => "Demo Supervisor",
        Role::It => "Demo IT",
    };
    let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or(default_name);
    let id = format!("demo-{}", role_name(role));
    Verified { user: User { id: id.clone(), name: name.chars().take(80).collect(), role }, subject: id, method: "demo" }
}

/// The role the `[auth.groups]` map gives a user in `groups`: the widest of the mapped ones
/// (supervisor, then clerk, then IT), `None` when no group is mapped.
pub fn role_for_groups(map: &std::collections::BTreeMap<String, RoleName>, groups: &[String]) -> Option<Role> {
    let mapped: Vec<RoleName> = groups.iter().filter_map(|g| map.get(g).copied()).collect();
    [RoleName::Supervisor, RoleName::Clerk, RoleName::It].into_iter().find(|r| mapped.contains(r)).map(Role::from)
}

impl From<RoleName> for Role {
    fn from(r: RoleName) -> Self {
        match r {
            RoleName::Clerk => Role::Clerk,
            RoleName::Supervisor => Role::Supervisor,
            RoleName::It => Role::It,
        }
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Clerk => "clerk",
        Role::Supervisor => "supervisor",
        Role::It => "it",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_sign_in_uses_role_and_trims_name() {
        let v = demo_sign_in(Role::Supervisor, Some("  Hanne  "));
        assert_eq!(
            (v.user.id.as_str(), v.user.name.as_str(), v.user.role),
            ("demo-supervisor", "Hanne", Role::Supervisor)
        );
        assert_eq!(v.subject, "demo-supervisor");
        assert_eq!(demo_sign_in(Role::Clerk, Some("")).user.name, "Demo Sagsbehandler");
    }

    #[test]
    fn the_widest_mapped_role_wins_and_unmapped_groups_give_none() {
        let map: std::collections::BTreeMap<String, RoleName> =
            [("g-it", RoleName::It), ("g-clerk", RoleName::Clerk), ("g-sup", RoleName::Supervisor)]
                .into_iter()
                .map(|(g, r)| (g.to_string(), r))
                .collect();
        let groups = |gs: &[&str]| gs.iter().map(|g| g.to_string()).collect::<Vec<_>>();
        assert_eq!(role_for_groups(&map, &groups(&["x", "g-it"])), Some(Role::It));
        assert_eq!(role_for_groups(&map, &groups(&["g-it", "g-clerk"])), Some(Role::Clerk));
        assert_eq!(role_for_groups(&map, &groups(&["g-clerk", "g-sup", "g-it"])), Some(Role::Supervisor));
        assert_eq!(role_for_groups(&map, &groups(&["G-IT", "other"])), None, "group ids match exactly");
        assert_eq!(role_for_groups(&map, &[]), None);
    }
}
