//! The HTTP client `openidconnect` calls the provider with (discovery, keys, token endpoint):
//! reqwest on rustls (ring), trusting the Mozilla roots plus an optional extra CA, https only,
//! no redirects, a timeout on every call and a cap on every answer. Its errors are sorted into
//! [`AuthError`]s here, by the rustls error underneath where there is one.
use crate::error::AuthError;
use chrono::{DateTime, Utc};
use openidconnect::{AsyncHttpClient, HttpRequest, HttpResponse};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The largest answer read from the provider. Discovery documents and key sets are a few
/// kilobytes; a token response with a long groups list some tens.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Why a call to the provider got no usable HTTP answer.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HttpError {
    /// An address that is not https (the discovery document named one).
    #[error("not an https address: {url}")]
    NotHttps { url: String },
    /// The request could not be made from what openidconnect built.
    #[error("cannot build the request to {url}: {detail}")]
    Build { url: String, detail: String },
    /// No complete answer: network, TLS, timeout.
    #[error("{url}: {source}")]
    Transport { url: String, source: reqwest::Error },
    /// A redirect, which is never followed.
    #[error("{url} redirects (HTTP {status})")]
    Redirect { url: String, status: u16 },
    /// More than [`MAX_RESPONSE_BYTES`].
    #[error("the answer from {url} is larger than {limit} bytes")]
    TooLarge { url: String, limit: usize },
}

impl HttpError {
    /// The sign-in error this failure is, to the clerk and IT.
    pub(crate) fn into_auth_error(self) -> AuthError {
        match self {
            Self::Transport { url, source } => transport_error(url, &source),
            other => AuthError::ProviderAnswerInvalid { detail: other.to_string() },
        }
    }
}

/// Sorts a transport failure: an untrusted certificate is IT's business, anything else (refused,
/// timeout, reset, DNS) is "cannot be reached".
fn transport_error(url: String, e: &reqwest::Error) -> AuthError {
    if e.is_timeout() {
        return AuthError::ProviderUnreachable { url, detail: "timeout".to_owned() };
    }
    match find_rustls_error(e) {
        Some(rustls::Error::InvalidCertificate(reason)) => {
            AuthError::ProviderUntrusted { url, detail: format!("{reason:?}") }
        }
        Some(other) => AuthError::ProviderUnreachable { url, detail: format!("TLS: {other}") },
        None => {
            // hyper-util boxes the connector's error in a type of its own, which hides the
            // rustls error from the chain; its text is the last resort.
            let chain = error_chain(e);
            if chain.contains("invalid peer certificate") {
                AuthError::ProviderUntrusted { url, detail: chain }
            } else {
                AuthError::ProviderUnreachable { url, detail: chain }
            }
        }
    }
}

/// The first rustls error in the chain, also when it is wrapped in an I/O error.
fn find_rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(r) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(r);
        }
        current = err.source();
    }
    None
}

/// Every message of the chain, joined with ": ".
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut current = e.source();
    while let Some(err) = current {
        out.push_str(": ");
        out.push_str(&err.to_string());
        current = err.source();
    }
    out
}

/// The client for one provider. Cheap to clone.
#[derive(Clone)]
pub(crate) struct HttpClient {
    client: reqwest::Client,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client trusting the Mozilla roots and, when given, the CA certificates in `extra_ca`
    /// (PEM), with `timeout` for connecting and for each whole exchange.
    pub(crate) fn new(extra_ca: Option<&Path>, timeout: Duration) -> Result<Self, AuthError> {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(rustls_config(extra_ca)?)
            .timeout(timeout)
            .connect_timeout(timeout)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()
            .map_err(|e| AuthError::Settings(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self { client })
    }

    /// One call: https only, no redirect, the answer capped. Returns the provider's clock (the
    /// `Date` header) beside the answer.
    async fn send(&self, request: HttpRequest) -> Result<(HttpResponse, Option<DateTime<Utc>>), HttpError> {
        let url = request.uri().to_string();
        if request.uri().scheme_str() != Some("https") {
            return Err(HttpError::NotHttps { url });
        }
        let request = reqwest::Request::try_from(request)
            .map_err(|e| HttpError::Build { url: url.clone(), detail: e.to_string() })?;
        let mut response =
            self.client.execute(request).await.map_err(|source| HttpError::Transport { url: url.clone(), source })?;
        let status = response.status();
        if status.is_redirection() {
            return Err(HttpError::Redirect { url, status: status.as_u16() });
        }
        if response.content_length().is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
            return Err(HttpError::TooLarge { url, limit: MAX_RESPONSE_BYTES });
        }
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|source| HttpError::Transport { url: url.clone(), source })?
        {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(HttpError::TooLarge { url, limit: MAX_RESPONSE_BYTES });
            }
            body.extend_from_slice(&chunk);
        }
        let date = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .map(|d| d.with_timezone(&Utc));
        let mut answer = HttpResponse::new(body);
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok((answer, date))
    }

    /// This client, remembering the provider's clock of the last answer (for the clock-skew
    /// diagnosis after a token exchange).
    pub(crate) fn recording_date(&self) -> DateRecordingClient<'_> {
        DateRecordingClient { http: self, date: Arc::new(Mutex::new(None)) }
    }
}

/// The future every call returns.
type CallFuture<'c> = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

impl<'c> AsyncHttpClient<'c> for HttpClient {
    type Error = HttpError;
    type Future = CallFuture<'c>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move { self.send(request).await.map(|(answer, _)| answer) })
    }
}

/// [`HttpClient`] that keeps the `Date` header of the last answer.
pub(crate) struct DateRecordingClient<'a> {
    http: &'a HttpClient,
    date: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl DateRecordingClient<'_> {
    /// The provider's clock as its last answer gave it, if it did.
    pub(crate) fn provider_date(&self) -> Option<DateTime<Utc>> {
        *self.date.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<'c> AsyncHttpClient<'c> for DateRecordingClient<'_> {
    type Error = HttpError;
    type Future = CallFuture<'c>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (answer, date) = self.http.send(request).await?;
            *self.date.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = date;
            Ok(answer)
        })
    }
}

/// rustls on ring: the Mozilla roots, plus the certificates of `extra_ca`.
pub(crate) fn rustls_config(extra_ca: Option<&Path>) -> Result<rustls::ClientConfig, AuthError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
    if let Some(path) = extra_ca {
        let pem = std::fs::read(path)
            .map_err(|e| AuthError::Settings(format!("cannot read the CA file {}: {e}", path.display())))?;
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| AuthError::Settings(format!("the CA file {}: {e}", path.display())))?;
            roots.add(cert).map_err(|e| AuthError::Settings(format!("the CA file {}: {e}", path.display())))?;
            added += 1;
        }
        if added == 0 {
            return Err(AuthError::Settings(format!("the CA file {} holds no certificate", path.display())));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| AuthError::Settings(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_certificates_is_a_settings_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        assert!(matches!(rustls_config(Some(&path)), Err(AuthError::Settings(m)) if m.contains("no certificate")));
        let missing = dir.path().join("missing.pem");
        assert!(matches!(rustls_config(Some(&missing)), Err(AuthError::Settings(m)) if m.contains("cannot read")));
    }

    #[tokio::test]
    async fn plain_http_is_refused_before_any_connection() {
        let http = HttpClient::new(None, Duration::from_secs(5)).unwrap();
        let mut request = HttpRequest::new(Vec::new());
        *request.uri_mut() = "http://127.0.0.1:9/x".parse().unwrap();
        let err = http.call(request).await.unwrap_err();
        assert!(matches!(err, HttpError::NotHttps { .. }), "{err}");
        assert!(matches!(err.into_auth_error(), AuthError::ProviderAnswerInvalid { .. }));
    }
}
