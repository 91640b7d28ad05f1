//! Sign-in through the municipality's OpenID Connect provider, for a desktop app (RFC 8252):
//! the authorization code flow with PKCE (S256) in the system browser, a loopback redirect on
//! `http://127.0.0.1:{port}/callback` with a port the OS chose, no client secret (a public
//! client), and a fully validated ID token.
//!
//! # The flow
//!
//! 1. [`Provider::discover`] reads `{issuer}/.well-known/openid-configuration` and the signing
//!    keys, once (keep the [`Provider`]).
//! 2. [`Provider::begin`] binds the loopback listener and builds the authorization URL with a
//!    fresh `state`, `nonce` and PKCE challenge, asking for `openid` plus the configured scopes.
//! 3. The caller opens [`PendingSignIn::authorize_url`] in the system browser (this crate opens
//!    nothing) and awaits [`PendingSignIn::finish`]. Dropping the [`PendingSignIn`] instead
//!    cancels: the listener closes.
//! 4. `finish` takes the redirect, checks `state` (and `iss`, RFC 9207), maps `error=` answers
//!    (`access_denied`: the clerk cancelled), exchanges the code with the PKCE verifier, fetches
//!    the provider's current keys and has `openidconnect` validate the ID token: signature
//!    (only asymmetric algorithms the provider announces), issuer, audience (= client id),
//!    expiry and issue time (within [`AuthSettings::max_clock_skew`]), nonce. It answers the
//!    browser with a short Danish page and returns the [`Identity`]: subject, issuer, name,
//!    username and the groups of the configured claim. Mapping groups to Skranke's roles is the
//!    caller's job.
//!
//! # What it guarantees
//!
//! - Tokens stay in memory for the length of `finish` and are dropped there: never written,
//!   never logged, never returned. `Debug` of every type here prints no token, code, name or
//!   subject; errors carry only codes and our own words (an Entra error description can name
//!   the user, so it is dropped).
//! - HTTPS only to the provider, trusting the Mozilla roots (`webpki-root-certs`) plus an
//!   optional extra CA ([`AuthSettings::ca_cert`]); no redirects followed; every answer capped
//!   at [`MAX_RESPONSE_BYTES`]; [`AuthSettings::timeout`] on every call. Proxies from the
//!   environment (`HTTPS_PROXY`, `NO_PROXY`) are honoured, as a municipal network may need.
//! - Every failure the clerk or IT must act on differently is its own [`AuthError`] variant:
//!   provider unreachable or untrusted, cancelled, refused, token rejected (with the check that
//!   failed), clock skew (with the offset, when the provider's `Date` header tells), timed out,
//!   groups claim missing (telling Entra's "too many groups" apart).
//!
//! # Example
//!
//! ```no_run
//! # async fn sign_in() -> Result<(), skranke_auth::AuthError> {
//! use skranke_auth::{AuthSettings, Provider};
//! use std::time::Duration;
//!
//! let mut settings = AuthSettings::new("https://login.microsoftonline.com/TENANT/v2.0", "CLIENT-ID");
//! settings.groups_claim = "roles".into();
//! let provider = Provider::discover(&settings).await?;
//! let pending = provider.begin().await?;
//! // open_in_system_browser(pending.authorize_url());
//! let identity = pending.finish(Duration::from_secs(300)).await?;
//! let is_clerk = identity.groups.iter().any(|g| g == "Skranke.Sagsbehandler");
//! # let _ = is_clerk;
//! # Ok(()) }
//! ```
//!
//! # Tests
//!
//! With the feature `test-provider`, [`test_provider::TestProvider`] runs a real provider (the
//! npm package `oidc-provider`, tools/oidc-test-provider; `npm ci` there first) over HTTPS on
//! loopback, with test users in groups, and plays the browser's part. Other crates' tests can
//! use it too.
#![deny(missing_docs)]

mod error;
mod http;
mod identity;
mod loopback;
mod page;
mod provider;
mod settings;
mod sign_in;
#[cfg(feature = "test-provider")]
pub mod test_provider;

pub use error::{AuthError, TokenRejection};
pub use http::MAX_RESPONSE_BYTES;
pub use identity::Identity;
pub use provider::{Clock, Provider};
pub use settings::AuthSettings;
pub use sign_in::PendingSignIn;
