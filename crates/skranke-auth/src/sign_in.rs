//! One sign-in after the browser was sent off: wait for the redirect on the loopback listener,
//! check its `state` (and `iss`), exchange the code with the PKCE verifier, fetch the provider's
//! current keys and validate the ID token with openidconnect (signature, issuer, audience,
//! expiry, issue time, nonce), then answer the browser. Tokens live only in this function's
//! locals and are dropped at its end: never stored, never logged.
use crate::error::{AuthError, TokenRejection, sanitize_error_code};
use crate::http::HttpError;
use crate::identity::{ExtraClaims, Identity, identity};
use crate::loopback::{CallbackQuery, Loopback, parse_callback};
use crate::page;
use crate::provider::{ProviderInner, discovery_error};
use chrono::{DateTime, TimeDelta, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, Client, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IdTokenFields, IdTokenVerifier, JsonWebKeySet, Nonce, PkceCodeVerifier,
    RequestTokenError, StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use std::sync::Arc;
use std::time::Duration;

/// The token endpoint's answer, with the ID token's extra claims kept.
type Tokens = StandardTokenResponse<
    IdTokenFields<
        ExtraClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

/// The openidconnect client: authorization and token endpoints set.
pub(crate) type OidcClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
    EndpointMaybeSet,
>;

/// The message our `iat` check gives openidconnect, to tell it apart from an expired token.
const IAT_IN_FUTURE: &str = "issued in the future";

/// A started sign-in: the browser must be sent to [`Self::authorize_url`]. Dropping it cancels
/// the sign-in and closes the loopback listener.
pub struct PendingSignIn {
    pub(crate) provider: Arc<ProviderInner>,
    pub(crate) client: OidcClient,
    pub(crate) loopback: Loopback,
    pub(crate) authorize_url: String,
    pub(crate) state: CsrfToken,
    pub(crate) nonce: Nonce,
    pub(crate) pkce_verifier: PkceCodeVerifier,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSignIn").field("redirect_uri", &self.loopback.redirect_uri()).finish_non_exhaustive()
    }
}

impl PendingSignIn {
    /// The URL to open in the system browser (the provider's login with this sign-in's state,
    /// nonce and PKCE challenge). It holds no secret.
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// The loopback redirect URI, `http://127.0.0.1:{port}/callback`.
    pub fn redirect_uri(&self) -> String {
        self.loopback.redirect_uri()
    }

    /// Waits up to `timeout` for the browser to come back, then completes the sign-in and
    /// answers the browser with a Danish page saying whether it worked.
    ///
    /// The first `GET /callback` decides: a wrong or missing `state` ends the sign-in with
    /// [`AuthError::StateMismatch`] (nothing of that answer is used; the clerk starts again).
    /// Other paths on the listener (a favicon) are answered 404 and waiting goes on.
    /// `timeout` covers only the wait for the browser; each call to the provider afterwards has
    /// the settings' timeout.
    pub async fn finish(self, timeout: Duration) -> Result<Identity, AuthError> {
        let PendingSignIn { provider, client, loopback, authorize_url: _, state, nonce, pkce_verifier } = self;
        let (query, responder) = match tokio::time::timeout(timeout, loopback.next_callback()).await {
            Ok(callback) => callback?,
            Err(_) => {
                tracing::info!("sign-in: no answer from the browser in time");
                return Err(AuthError::TimedOut);
            }
        };
        drop(loopback);
        let outcome = complete(&provider, &client, &query, &state, &nonce, pkce_verifier).await;
        let (status, page) = page::for_outcome(&outcome);
        responder.answer(status, "text/html; charset=utf-8", page).await;
        match &outcome {
            Ok(identity) => tracing::info!(groups = identity.groups.len(), "sign-in: ID token valid"),
            Err(e) => tracing::warn!(error = %e, "sign-in failed"),
        }
        outcome
    }
}

/// Everything after the redirect arrived.
async fn complete(
    provider: &ProviderInner,
    client: &OidcClient,
    query: &str,
    state: &CsrfToken,
    nonce: &Nonce,
    pkce_verifier: PkceCodeVerifier,
) -> Result<Identity, AuthError> {
    let code = check_callback(parse_callback(query)?, state, &provider.settings.issuer, provider.iss_in_response)?;
    let http = provider.http.recording_date();
    let tokens =
        client.exchange_code(code).set_pkce_verifier(pkce_verifier).request_async(&http).await.map_err(token_error)?;
    let id_token = tokens.id_token().ok_or(AuthError::TokenRejected { reason: TokenRejection::Missing })?;
    let keys = JsonWebKeySet::<CoreJsonWebKey>::fetch_async(provider.metadata.jwks_uri(), &provider.http)
        .await
        .map_err(discovery_error)?;
    let skew =
        TimeDelta::from_std(provider.settings.max_clock_skew).unwrap_or(TimeDelta::days(1)).min(TimeDelta::days(1));
    let (now_for_exp, now_for_iat) = (provider.clock.clone(), provider.clock.clone());
    let verifier = IdTokenVerifier::new_public_client(
        openidconnect::ClientId::new(provider.settings.client_id.clone()),
        provider.issuer.clone(),
        keys,
    )
    .set_allowed_algs(provider.signing_algs.iter().cloned())
    // `exp` may be up to `skew` past, `iat` up to `skew` ahead.
    .set_time_fn(move || now_for_exp() - skew)
    .set_issue_time_verifier_fn(move |iat| {
        if iat > now_for_iat() + skew { Err(format!("{IAT_IN_FUTURE}: {iat}")) } else { Ok(()) }
    });
    let claims = id_token.claims(&verifier, nonce).map_err(|e| {
        tracing::warn!(detail = %e, "sign-in: the ID token failed validation");
        claims_error(&e, http.provider_date(), (provider.clock)(), skew)
    })?;
    identity(claims, &provider.settings.groups_claim)
}

/// Checks the redirect's parameters and returns the code: the state first (an answer that is
/// not this sign-in's is used for nothing, not even its error), then the issuer when named
/// (RFC 9207, required when the provider announces it), then the provider's error.
fn check_callback(
    query: CallbackQuery,
    state: &CsrfToken,
    issuer: &str,
    iss_required: bool,
) -> Result<AuthorizationCode, AuthError> {
    if query.state.as_ref().map(CsrfToken::secret) != Some(state.secret()) {
        return Err(AuthError::StateMismatch);
    }
    match &query.iss {
        Some(iss) if iss != issuer => {
            return Err(AuthError::ProviderAnswerInvalid { detail: "the redirect names another issuer".to_owned() });
        }
        None if iss_required => {
            return Err(AuthError::ProviderAnswerInvalid {
                detail: "the redirect does not name the issuer".to_owned(),
            });
        }
        _ => {}
    }
    if let Some(error) = query.error {
        return Err(if error == "access_denied" {
            AuthError::Cancelled
        } else {
            AuthError::ProviderRefused { error: sanitize_error_code(&error) }
        });
    }
    query.code.ok_or_else(|| AuthError::ProviderAnswerInvalid {
        detail: "the redirect carries neither a code nor an error".to_owned(),
    })
}

/// A failed code exchange. The body of an unparsable answer (which could hold tokens) is
/// dropped; only the JSON path that failed is kept.
fn token_error(e: RequestTokenError<HttpError, StandardErrorResponse<CoreErrorResponseType>>) -> AuthError {
    match e {
        RequestTokenError::ServerResponse(answer) => {
            AuthError::ProviderRefused { error: sanitize_error_code(answer.error().as_ref()) }
        }
        RequestTokenError::Request(http) => http.into_auth_error(),
        RequestTokenError::Parse(e, _body) => {
            AuthError::ProviderAnswerInvalid { detail: format!("the token response is invalid at `{}`", e.path()) }
        }
        RequestTokenError::Other(detail) => {
            AuthError::ProviderAnswerInvalid { detail: format!("token endpoint: {detail}") }
        }
    }
}

/// A failed ID token validation. An expired token is the PC's clock's fault when the provider's
/// `Date` header disagrees with it by more than the skew; a token issued in the future always is.
fn claims_error(
    e: &ClaimsVerificationError,
    provider_date: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    skew: TimeDelta,
) -> AuthError {
    let pc_ahead = provider_date.map(|date| (now - date).num_seconds());
    let reason = match e {
        ClaimsVerificationError::Expired(message) if message.starts_with(IAT_IN_FUTURE) => {
            return AuthError::ClockSkew { pc_clock_ahead_by_seconds: pc_ahead };
        }
        ClaimsVerificationError::Expired(_) => {
            return match pc_ahead {
                Some(s) if s.abs() > skew.num_seconds() => AuthError::ClockSkew { pc_clock_ahead_by_seconds: Some(s) },
                _ => AuthError::Expired,
            };
        }
        ClaimsVerificationError::SignatureVerification(_) => TokenRejection::Signature,
        ClaimsVerificationError::InvalidIssuer(_) => TokenRejection::Issuer,
        ClaimsVerificationError::InvalidAudience(_) => TokenRejection::Audience,
        ClaimsVerificationError::InvalidNonce(_) => TokenRejection::Nonce,
        _ => TokenRejection::Other,
    };
    AuthError::TokenRejected { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "https://idp.example";

    fn check(query: &str, iss_required: bool) -> Result<AuthorizationCode, AuthError> {
        check_callback(parse_callback(query).unwrap(), &CsrfToken::new("s1".into()), ISSUER, iss_required)
    }

    #[test]
    fn a_redirect_with_this_state_gives_its_code() {
        assert_eq!(check("code=c1&state=s1", false).unwrap().secret(), "c1");
        assert_eq!(check("code=c1&state=s1&iss=https%3A%2F%2Fidp.example", true).unwrap().secret(), "c1");
    }

    #[test]
    fn the_state_is_checked_before_anything_else() {
        for query in ["code=c1&state=s2", "code=c1", "error=access_denied&state=other", "error=access_denied"] {
            assert!(matches!(check(query, false), Err(AuthError::StateMismatch)), "{query}");
        }
    }

    #[test]
    fn access_denied_is_a_cancel_and_other_errors_are_refusals() {
        assert!(matches!(check("error=access_denied&state=s1", false), Err(AuthError::Cancelled)));
        assert!(matches!(
            check("error=login_required&error_description=Anna%20must%20log%20in&state=s1", false),
            Err(AuthError::ProviderRefused { error }) if error == "login_required"
        ));
        assert!(matches!(check("state=s1", false), Err(AuthError::ProviderAnswerInvalid { .. })));
    }

    #[test]
    fn the_issuer_must_be_ours_when_named_and_named_when_announced() {
        assert!(matches!(
            check("code=c1&state=s1&iss=https%3A%2F%2Fevil.example", false),
            Err(AuthError::ProviderAnswerInvalid { .. })
        ));
        assert!(matches!(check("code=c1&state=s1", true), Err(AuthError::ProviderAnswerInvalid { .. })));
    }

    #[test]
    fn an_expired_token_is_the_clocks_fault_only_when_the_provider_disagrees() {
        let now = Utc::now();
        let skew = TimeDelta::minutes(5);
        let expired = ClaimsVerificationError::Expired("ID token expired".into());
        assert!(matches!(claims_error(&expired, Some(now), now, skew), AuthError::Expired));
        assert!(matches!(claims_error(&expired, None, now, skew), AuthError::Expired));
        assert!(matches!(
            claims_error(&expired, Some(now - TimeDelta::hours(2)), now, skew),
            AuthError::ClockSkew { pc_clock_ahead_by_seconds: Some(7200) }
        ));
    }

    #[test]
    fn a_token_from_the_future_is_clock_skew() {
        let now = Utc::now();
        let future = ClaimsVerificationError::Expired(format!("{IAT_IN_FUTURE}: x"));
        assert!(matches!(
            claims_error(&future, Some(now + TimeDelta::hours(1)), now, TimeDelta::minutes(5)),
            AuthError::ClockSkew { pc_clock_ahead_by_seconds: Some(-3600) }
        ));
    }
}
