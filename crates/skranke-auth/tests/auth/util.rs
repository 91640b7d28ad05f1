//! Helpers shared by the tests: a sign-in driven to its end, the authorization URL's
//! parameters, a bare browser request.
use skranke_auth::test_provider::{BrowserPage, TestProvider, TestProviderError};
use skranke_auth::{AuthError, Identity, Provider};
use std::time::Duration;

/// Generous: the machine is shared and slow.
pub const BROWSER_WAIT: Duration = Duration::from_secs(120);

/// One sign-in of `user` through the test provider: the app's side and the browser's together.
pub async fn sign_in(
    idp: &TestProvider,
    provider: &Provider,
    user: &str,
    password: &str,
) -> (Result<Identity, AuthError>, Result<BrowserPage, TestProviderError>) {
    let pending = provider.begin().await.expect("begin");
    let url = pending.authorize_url().to_owned();
    tokio::join!(pending.finish(BROWSER_WAIT), idp.log_in(&url, user, password))
}

/// A query parameter of a URL.
pub fn param(url: &str, name: &str) -> String {
    let url = reqwest::Url::parse(url).expect("url");
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}

/// A plain GET as a browser would send it (the loopback redirect is plain http).
pub async fn browser_get(url: &str) -> (u16, String) {
    let tls =
        rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("tls")
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
    let response = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .no_proxy()
        .timeout(BROWSER_WAIT)
        .build()
        .expect("client")
        .get(url)
        .send()
        .await
        .expect("get");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}
