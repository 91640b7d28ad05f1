//! The municipality's provider as discovery describes it (`{issuer}/.well-known/openid-configuration`),
//! with the HTTP client that reaches it; starting a sign-in builds the authorization URL for a
//! fresh loopback redirect.
use crate::error::AuthError;
use crate::http::{HttpClient, HttpError};
use crate::loopback::Loopback;
use crate::settings::AuthSettings;
use crate::sign_in::{OidcClient, PendingSignIn};
use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreGrantType,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, Client, ClientId, CsrfToken, DiscoveryError, IssuerUrl, JwsSigningAlgorithm, Nonce,
    PkceCodeChallenge, ProviderMetadata, RedirectUrl, Scope, TokenUrl,
};
use std::sync::Arc;

/// The discovery fields this crate reads beyond OpenID Connect Discovery 1.0.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
pub(crate) struct ExtraMetadata {
    /// RFC 8414: the PKCE methods the provider supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code_challenge_methods_supported: Option<Vec<String>>,
    /// RFC 9207: the provider names itself (`iss`) in every authorization response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    authorization_response_iss_parameter_supported: Option<bool>,
}

impl AdditionalProviderMetadata for ExtraMetadata {}

/// The discovery document.
pub(crate) type Metadata = ProviderMetadata<
    ExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// Where "now" comes from (tests move the PC's clock with it).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A discovered provider. Keep one for the app's lifetime (cheap to clone); every sign-in
/// fetches the provider's current signing keys, so key rotation needs no new discovery.
#[derive(Clone)]
pub struct Provider {
    pub(crate) inner: Arc<ProviderInner>,
}

/// What a sign-in needs from the provider.
#[derive(Clone)]
pub(crate) struct ProviderInner {
    pub(crate) settings: AuthSettings,
    pub(crate) issuer: IssuerUrl,
    pub(crate) metadata: Metadata,
    /// The provider sends `iss` with every authorization response (RFC 9207), so it is required.
    pub(crate) iss_in_response: bool,
    pub(crate) token_url: TokenUrl,
    /// The asymmetric algorithms the provider announces for ID tokens; no other is accepted.
    pub(crate) signing_algs: Vec<CoreJwsSigningAlgorithm>,
    pub(crate) http: HttpClient,
    pub(crate) clock: Clock,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("issuer", &self.inner.issuer.as_str()).finish_non_exhaustive()
    }
}

impl Provider {
    /// Reads the provider's discovery document and signing keys: checks the settings, that the
    /// document is the configured issuer's, that it has a token endpoint, the code flow, PKCE
    /// S256 (when it lists its PKCE methods) and an asymmetric ID token algorithm.
    pub async fn discover(settings: &AuthSettings) -> Result<Provider, AuthError> {
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| AuthError::Settings(format!("the issuer {:?} is not a URL: {e}", settings.issuer)))?;
        if issuer.url().scheme() != "https" {
            return Err(AuthError::Settings(format!("the issuer {:?} is not an https address", settings.issuer)));
        }
        if settings.client_id.trim().is_empty() {
            return Err(AuthError::Settings("the client id is empty".to_owned()));
        }
        let http = HttpClient::new(settings.ca_cert.as_deref(), settings.timeout)?;
        let metadata = Metadata::discover_async(issuer.clone(), &http).await.map_err(discovery_error)?;
        let token_url = metadata.token_endpoint().cloned().ok_or_else(|| AuthError::ProviderAnswerInvalid {
            detail: "the discovery document names no token endpoint".to_owned(),
        })?;
        let code_flow = metadata.response_types_supported().iter().any(|t| t.as_slice() == [CoreResponseType::Code]);
        if !code_flow {
            return Err(AuthError::ProviderAnswerInvalid {
                detail: "the provider does not support the authorization code flow".to_owned(),
            });
        }
        let extra = metadata.additional_metadata();
        if let Some(methods) = &extra.code_challenge_methods_supported
            && !methods.iter().any(|m| m == "S256")
        {
            return Err(AuthError::ProviderAnswerInvalid {
                detail: "the provider does not support PKCE S256".to_owned(),
            });
        }
        let signing_algs: Vec<CoreJwsSigningAlgorithm> = metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|alg| alg.key_type().is_some() && !alg.uses_shared_secret())
            .cloned()
            .collect();
        if signing_algs.is_empty() {
            return Err(AuthError::ProviderAnswerInvalid {
                detail: "the provider announces no asymmetric ID token signing algorithm".to_owned(),
            });
        }
        tracing::info!(issuer = issuer.as_str(), "identity provider discovered");
        Ok(Provider {
            inner: Arc::new(ProviderInner {
                settings: settings.clone(),
                issuer,
                iss_in_response: extra.authorization_response_iss_parameter_supported == Some(true),
                metadata,
                token_url,
                signing_algs,
                http,
                clock: Arc::new(Utc::now),
            }),
        })
    }

    /// The same provider with another clock (tests: a PC whose clock is wrong).
    pub fn with_clock(self, clock: Clock) -> Provider {
        let mut inner = (*self.inner).clone();
        inner.clock = clock;
        Provider { inner: Arc::new(inner) }
    }

    /// The issuer, as configured and confirmed by discovery.
    pub fn issuer(&self) -> &str {
        self.inner.issuer.as_str()
    }

    /// Starts a sign-in: binds the loopback listener and builds the authorization URL (code
    /// flow, PKCE S256, fresh state and nonce, `openid` plus the configured scopes). The caller
    /// opens [`PendingSignIn::authorize_url`] in the system browser, then awaits
    /// [`PendingSignIn::finish`].
    pub async fn begin(&self) -> Result<PendingSignIn, AuthError> {
        let loopback = Loopback::bind().await?;
        let redirect = RedirectUrl::new(loopback.redirect_uri())
            .map_err(|e| AuthError::Loopback(std::io::Error::other(format!("redirect URI: {e}"))))?;
        let client = self.client(redirect.clone());
        let (pkce_challenge, pkce_verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request =
            client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
        let mut seen = vec!["openid".to_owned()];
        for scope in &self.inner.settings.scopes {
            let scope = scope.trim();
            if !scope.is_empty() && !seen.iter().any(|s| s == scope) {
                seen.push(scope.to_owned());
                request = request.add_scope(Scope::new(scope.to_owned()));
            }
        }
        let (url, state, nonce) = request.set_pkce_challenge(pkce_challenge).url();
        Ok(PendingSignIn {
            provider: self.inner.clone(),
            client,
            loopback,
            authorize_url: url.to_string(),
            state,
            nonce,
            pkce_verifier,
        })
    }

    /// The openidconnect client for one redirect URI.
    fn client(&self, redirect: RedirectUrl) -> OidcClient {
        let inner = &self.inner;
        Client::from_provider_metadata(inner.metadata.clone(), ClientId::new(inner.settings.client_id.clone()), None)
            .set_redirect_uri(redirect)
            .set_token_uri(inner.token_url.clone())
    }
}

/// A failed discovery or key set fetch, as a sign-in error.
pub(crate) fn discovery_error(e: DiscoveryError<HttpError>) -> AuthError {
    match e {
        DiscoveryError::Request(http) => http.into_auth_error(),
        DiscoveryError::Response(status, _, _) => AuthError::ProviderAnswerInvalid {
            detail: format!("the provider answered HTTP {status} for its discovery document or keys"),
        },
        DiscoveryError::Parse(e) => AuthError::ProviderAnswerInvalid {
            detail: format!("the discovery document or key set is invalid at `{}`", e.path()),
        },
        DiscoveryError::Validation(detail) => AuthError::ProviderAnswerInvalid { detail },
        DiscoveryError::UrlParse(e) => AuthError::Settings(format!("the issuer gives no discovery URL: {e}")),
        DiscoveryError::Other(detail) => AuthError::ProviderAnswerInvalid { detail },
        _ => AuthError::ProviderAnswerInvalid { detail: "discovery failed".to_owned() },
    }
}
