//! What a sign-in needs to know about the municipality's provider: the `[auth]` section of the
//! configuration, as plain values (the configuration crate reads and checks the file; this crate
//! does not parse TOML).
use std::path::PathBuf;
use std::time::Duration;

/// The sign-in settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// The issuer identifier, an https URL exactly as the provider writes it in its discovery
    /// document and in `iss` (Entra: `https://login.microsoftonline.com/{tenant}/v2.0`).
    /// Discovery reads `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client id of Skranke's registration: a public native client, no secret, with a
    /// loopback redirect `http://127.0.0.1/callback` (any port, RFC 8252 § 7.3).
    pub client_id: String,
    /// The scopes asked for besides `openid`, which is always asked for (e.g. `profile`,
    /// `email` for the name and username).
    pub scopes: Vec<String>,
    /// The ID token claim that lists the user's groups or roles (Entra: `groups` or `roles`).
    pub groups_claim: String,
    /// An extra CA certificate file (PEM) trusted besides the Mozilla roots, for a provider
    /// behind a municipal CA (and the test provider's self-signed CA).
    pub ca_cert: Option<PathBuf>,
    /// The limit on each call to the provider (connect and whole exchange).
    pub timeout: Duration,
    /// How far this PC's clock and the provider's may disagree when `exp` and `iat` are checked.
    pub max_clock_skew: Duration,
}

impl AuthSettings {
    /// Settings with the usual defaults: scopes `profile` and `email`, claim `groups`, no extra
    /// CA, 30 s per call and 5 minutes of clock skew (the skew Microsoft's own libraries allow).
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            scopes: vec!["profile".to_owned(), "email".to_owned()],
            groups_claim: "groups".to_owned(),
            ca_cert: None,
            timeout: Duration::from_secs(30),
            max_clock_skew: Duration::from_secs(5 * 60),
        }
    }
}
