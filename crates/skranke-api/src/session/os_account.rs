//! The command line's identity: the operating-system account running `skranke`, read from the OS
//! (never from `$USER`, which anyone can set). In production only members of
//! `security.it_os_group` may run the personal-data commands; they act with the IT role, and
//! every lookup and queued bundle is audited under `os:<account>`.
use super::{Role, User, Verified};
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_config::Mode;
use skranke_os::OsAccount;
use skranke_store::AuditAction;

/// The account running this process as a user for the audit trail, or why it may not act.
pub(crate) fn verify(ctx: &Context, account: Result<OsAccount, skranke_os::OsError>) -> Result<Verified, ApiError> {
    let account = match account {
        Ok(a) => a,
        Err(e) => {
            ctx.audit.record(
                "-",
                AuditAction::SignInFailed,
                None,
                Code::OsAccountUnknown.as_str(),
                serde_json::json!({ "method": "os_account" }),
            )?;
            return Err(ApiError::new(Code::OsAccountUnknown, e.to_string()));
        }
    };
    let id = format!("os:{}", account.name);
    if ctx.config.mode == Mode::Production {
        let group = ctx.config.security.it_os_group.as_deref().unwrap_or_default();
        if group.is_empty() || !account.is_member(group) {
            let details = serde_json::json!({ "method": "os_account", "group": group });
            ctx.audit.record(&id, AuditAction::SignInFailed, None, Code::OsAccountNotInItGroup.as_str(), details)?;
            return Err(ApiError::new(
                Code::OsAccountNotInItGroup,
                format!("the account {} is not in the group {group} (security.it_os_group)", account.name),
            ));
        }
    }
    Ok(Verified {
        user: User { id: id.clone(), name: account.name.clone(), role: Role::It },
        subject: format!("os:{}", account.id),
        method: "os_account",
    })
}
