//! Production sign-in through the municipality's identity provider (`[auth]`, see skranke-auth):
//! [`ProviderSignIn::start`] discovers the provider and opens the loopback redirect, the shell
//! sends the system browser to the returned address, [`ProviderSignIn::finish`] waits for the
//! browser's answer and validates the ID token, and the groups claim gives the role. Tokens are
//! never kept: only the identity they vouched for. Refused tokens and users without a mapped
//! group count towards the lock-out.
use super::lockout::{self, FailureReason};
use super::{User, Verified, role_for_groups};
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_auth::{AuthError, AuthSettings, PendingSignIn, Provider};
use skranke_config::{AuthConfig, Mode};
use std::sync::Arc;
use std::time::Duration;

/// The sign-in under way, if any, and the provider once discovered.
#[derive(Default)]
pub(crate) struct ProviderSignIn {
    provider: tokio::sync::Mutex<Option<Arc<Provider>>>,
    pending: std::sync::Mutex<Option<PendingSignIn>>,
    cancel: tokio::sync::Notify,
}

impl std::fmt::Debug for ProviderSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSignIn").finish_non_exhaustive()
    }
}

impl ProviderSignIn {
    /// Starts a sign-in: refused while sign-in is locked out; a sign-in already under way is
    /// abandoned. Returns the address to open in the system browser.
    pub(crate) async fn start(&self, ctx: &Context) -> Result<String, ApiError> {
        let auth = auth_config(ctx)?;
        lockout::check(ctx, "sign_in")?;
        let provider = self.provider(auth).await?;
        let pending = provider.begin().await.map_err(to_api_error)?;
        let url = pending.authorize_url().to_string();
        *self.lock_pending()? = Some(pending);
        tracing::info!("sign-in started: waiting for the browser");
        Ok(url)
    }

    /// Waits for the browser's answer to the started sign-in (at most
    /// `auth.browser_timeout_seconds`) and returns the user it vouches for.
    pub(crate) async fn finish(&self, ctx: &Context) -> Result<Verified, ApiError> {
        let auth = auth_config(ctx)?;
        let pending = self
            .lock_pending()?
            .take()
            .ok_or_else(|| ApiError::new(Code::SignInNotStarted, "no sign-in is under way"))?;
        let timeout = Duration::from_secs(auth.browser_timeout_seconds);
        let answered = tokio::select! {
            answered = pending.finish(timeout) => answered,
            () = self.cancel.notified() => Err(AuthError::Cancelled),
        };
        let identity = match answered {
            Ok(identity) => identity,
            Err(e) => return Err(failed(ctx, e)?),
        };
        let who = identity.username.clone().unwrap_or_else(|| identity.subject.clone());
        let Some(role) = role_for_groups(&auth.groups, &identity.groups) else {
            let until = lockout::record_failure(ctx, &who, FailureReason::NoRole)?;
            return Err(until.map_or_else(
                || ApiError::new(Code::SignInNoRole, "the user is in none of the groups of [auth.groups]"),
                lockout::locked_out,
            ));
        };
        let name = identity.name.clone().unwrap_or_else(|| who.clone());
        let user = User { id: who, name: name.chars().take(80).collect(), role };
        Ok(Verified { user, subject: format!("{}|{}", identity.issuer, identity.subject), method: "provider" })
    }

    /// Cancels the sign-in under way ("Annuller"): a waiting [`ProviderSignIn::finish`] ends with
    /// [`Code::SignInCancelled`]; the loopback listener closes.
    pub(crate) fn cancel(&self) -> Result<(), ApiError> {
        let abandoned = self.lock_pending()?.take();
        drop(abandoned);
        self.cancel.notify_waiters();
        Ok(())
    }

    async fn provider(&self, auth: &AuthConfig) -> Result<Arc<Provider>, ApiError> {
        let mut cached = self.provider.lock().await;
        if let Some(p) = cached.as_ref() {
            return Ok(Arc::clone(p));
        }
        let provider = Arc::new(Provider::discover(&settings(auth)).await.map_err(to_api_error)?);
        *cached = Some(Arc::clone(&provider));
        Ok(provider)
    }

    fn lock_pending(&self) -> Result<std::sync::MutexGuard<'_, Option<PendingSignIn>>, ApiError> {
        self.pending.lock().map_err(|_| ApiError::new(Code::Internal, "sign-in state poisoned by an earlier panic"))
    }
}

/// The `[auth]` section; demo mode has none ([`Code::NotAvailable`]: demo signs in by role).
fn auth_config(ctx: &Context) -> Result<&AuthConfig, ApiError> {
    match (&ctx.config.mode, &ctx.config.auth) {
        (Mode::Production, Some(auth)) => Ok(auth),
        (Mode::Demo, _) => Err(ApiError::new(Code::NotAvailable, "demo mode signs in by choosing a role")),
        (Mode::Production, None) => {
            Err(ApiError::new(Code::ProductionConfigIncomplete, "auth: the [auth] section is required"))
        }
    }
}

/// The sign-in settings from `[auth]`.
pub(crate) fn settings(auth: &AuthConfig) -> AuthSettings {
    let mut s = AuthSettings::new(auth.issuer.clone(), auth.client_id.clone());
    s.scopes = auth.scopes.clone();
    s.groups_claim = auth.groups_claim.clone();
    s.ca_cert = auth.ca_cert.clone();
    s.timeout = Duration::from_millis(auth.timeout_ms);
    s
}

/// Audits a failed sign-in that counts towards the lock-out (a token refused) and returns its
/// error; other failures (cancelled, provider down, timed out) are only logged.
fn failed(ctx: &Context, e: AuthError) -> Result<ApiError, ApiError> {
    let error = to_api_error(e);
    let counts = matches!(error.code, Code::SignInTokenRejected | Code::SignInClockSkew | Code::SignInNoRole);
    if counts {
        let reason =
            if error.code == Code::SignInNoRole { FailureReason::NoRole } else { FailureReason::TokenRejected };
        if let Some(until) = lockout::record_failure(ctx, "-", reason)? {
            return Ok(lockout::locked_out(until));
        }
    }
    tracing::warn!(code = error.code.as_str(), error = %error.message, "sign-in failed");
    Ok(error)
}

/// The code the UI shows for a failed sign-in.
pub(crate) fn to_api_error(e: AuthError) -> ApiError {
    let code = match &e {
        AuthError::Settings(_) => Code::ConfigInvalid,
        AuthError::ProviderUnreachable { .. } | AuthError::ProviderUntrusted { .. } => {
            Code::IdentityProviderUnreachable
        }
        AuthError::Cancelled => Code::SignInCancelled,
        AuthError::TimedOut => Code::SignInTimedOut,
        AuthError::StateMismatch | AuthError::TokenRejected { .. } | AuthError::Expired => Code::SignInTokenRejected,
        AuthError::ClockSkew { .. } => Code::SignInClockSkew,
        AuthError::GroupsClaimMissing { overage: false, .. } => Code::SignInNoRole,
        AuthError::Loopback(_) => Code::Internal,
        _ => Code::IdentityProviderRefused,
    };
    ApiError::new(code, e.to_string())
}
