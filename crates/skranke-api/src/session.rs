//! Who is signed in. Demo mode signs in by choosing a role; production sign-in through the
//! municipality's identity provider is not built yet and says so.
use crate::json::{Role, User};
use crate::{ApiError, Code};

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
