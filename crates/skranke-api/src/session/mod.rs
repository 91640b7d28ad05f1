//! The session part: who is signed in. Demo mode signs in by choosing a role; production sign-in
//! through the municipality's identity provider is not built yet and says so. Every sign-in and
//! sign-out is in the audit trail.
mod json;

pub use json::{Role, User};

use crate::guarded::Guarded;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_config::Mode;
use skranke_store::AuditAction;

/// Who is signed in at this counter.
#[derive(Debug, Default)]
pub struct Session {
    user: Guarded<Option<User>>,
}

impl Session {
    /// Signs a user in (demo: by role; production: not built yet) and records it.
    pub(crate) fn sign_in(&self, ctx: &Context, role: Role, name: Option<&str>) -> Result<User, ApiError> {
        let user = match ctx.config.mode {
            Mode::Demo => demo_sign_in(role, name),
            Mode::Production => production_sign_in()?,
        };
        ctx.audit.record(&user.id, AuditAction::SignIn, None, "ok", serde_json::json!({ "role": user.role }))?;
        tracing::info!(user = %user.id, role = ?user.role, "signed in");
        *self.user.lock()? = Some(user.clone());
        Ok(user)
    }

    /// Signs the current user out, if any, and records it.
    pub(crate) fn sign_out(&self, ctx: &Context) -> Result<(), ApiError> {
        let previous = self.user.lock()?.take();
        if let Some(u) = previous {
            ctx.audit.record(&u.id, AuditAction::SignOut, None, "ok", serde_json::json!({}))?;
            tracing::info!(user = %u.id, "signed out");
        }
        Ok(())
    }

    /// The signed-in user, or [`Code::NotSignedIn`].
    pub(crate) fn current(&self) -> Result<User, ApiError> {
        self.user.lock()?.clone().ok_or_else(|| ApiError::new(Code::NotSignedIn, "no user is signed in"))
    }
}

/// Signs a user in for demo mode: any role, an optional display name.
pub fn demo_sign_in(role: Role, name: Option<&str>) -> User {
    let default_name = match role {
        Role::Clerk => "Demo Sagsbehandler",
        Role::Supervisor => "Demo Supervisor",
        Role::It => "Demo IT",
    };
    let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or(default_name);
    let id = format!(
        "demo-{}",
        serde_json::to_value(role).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    );
    User { id, name: name.chars().take(80).collect(), role }
}

/// Production sign-in is not available in this build.
pub fn production_sign_in() -> Result<User, ApiError> {
    Err(ApiError::new(Code::NotAvailable, "sign-in through the municipality's identity provider is not built yet"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_sign_in_uses_role_and_trims_name() {
        let u = demo_sign_in(Role::Supervisor, Some("  Hanne  "));
        assert_eq!((u.id.as_str(), u.name.as_str(), u.role), ("demo-supervisor", "Hanne", Role::Supervisor));
        assert_eq!(demo_sign_in(Role::Clerk, Some("")).name, "Demo Sagsbehandler");
    }
}
