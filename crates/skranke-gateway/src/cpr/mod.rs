//! The CPR lookup client: Serviceplatformen SF1520 PersonBaseDataExtended v4, SOAP over mutual
//! TLS with the municipality's certificate and the service CA pinned. A lookup is read-only, so a
//! lookup that never reached the service is retried once; a timeout is not (the time is spent).
mod error;
mod record;
pub mod request;
mod response;

pub use error::CprLookupError;
pub use record::{Address, PersonRecord};
pub use request::InvocationContext;
pub use response::parse_response;

use crate::error_chain::{error_chain, find_rustls_error};
use crate::limits::{self, BodyError};
use crate::tls::ClientTls;
use skranke_core::Cpr;
use std::time::Duration;

/// Everything the client needs.
#[derive(Debug, Clone)]
pub struct CprClientConfig {
    /// Service URL, e.g. `https://…/service/CPR/PersonBaseDataExtended/4`.
    pub endpoint: String,
    /// Client certificate and pinned CA.
    pub tls: ClientTls,
    /// Who is asking.
    pub context: InvocationContext,
    /// Time allowed for one lookup, connection included.
    pub timeout: Duration,
    /// The largest answer body read ([`crate::DEFAULT_MAX_RESPONSE_BYTES`] unless configured).
    pub max_response_bytes: usize,
}

/// A CPR lookup client; cheap to clone, reuses connections.
#[derive(Debug, Clone)]
pub struct CprClient {
    http: reqwest::Client,
    endpoint: String,
    context: InvocationContext,
    tls: ClientTls,
    max_response_bytes: usize,
}

impl CprClient {
    /// Builds the client; fails when the certificates cannot be read.
    pub fn new(config: CprClientConfig) -> Result<Self, CprLookupError> {
        let http = config.tls.http_client(config.timeout)?;
        Ok(Self {
            http,
            endpoint: config.endpoint,
            context: config.context,
            tls: config.tls,
            max_response_bytes: config.max_response_bytes,
        })
    }

    /// When the client certificate expires.
    pub fn certificate_expiry(&self) -> Result<chrono::DateTime<chrono::Utc>, CprLookupError> {
        Ok(self.tls.client_certificate_expiry()?)
    }

    /// Looks one number up. `on_behalf_of` is the clerk's id for the service's own log.
    pub async fn lookup(&self, pnr: &Cpr, on_behalf_of: Option<&str>) -> Result<PersonRecord, CprLookupError> {
        self.lookup_counted(pnr, on_behalf_of).await.0
    }

    /// [`CprClient::lookup`], and how many requests it sent (0 when none left the machine, 2 when
    /// the first did not reach the service and was repeated once): the audit trail records one
    /// lookup with its attempts.
    pub async fn lookup_counted(
        &self,
        pnr: &Cpr,
        on_behalf_of: Option<&str>,
    ) -> (Result<PersonRecord, CprLookupError>, u32) {
        if let Err(e) = self.tls.check_not_expired(chrono::Utc::now()) {
            return (Err(e.into()), 0);
        }
        let mut context = self.context.clone();
        context.on_behalf_of_user = on_behalf_of.map(str::to_string);
        let body = request::request_envelope(&pnr.digits(), &context);
        match self.send(&body).await {
            Err(e) if e.worth_retrying() => {
                tracing::info!(cpr = %pnr, error = %e, "CPR lookup did not reach the service; retrying once");
                tokio::time::sleep(Duration::from_millis(200)).await;
                (self.send(&body).await, 2)
            }
            other => (other, 1),
        }
    }

    async fn send(&self, body: &str) -> Result<PersonRecord, CprLookupError> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{}\"", request::SOAP_ACTION))
            .body(body.to_string())
            .send()
            .await
            .map_err(classify)?;
        let status = response.status();
        if status.is_redirection() {
            let location = response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok());
            let location = location.unwrap_or("").chars().take(200).collect();
            return Err(CprLookupError::Redirected { status: status.as_u16(), location });
        }
        let body = limits::read_body(response, self.max_response_bytes).await.map_err(|e| match e {
            BodyError::TooLarge => CprLookupError::ResponseTooLarge { limit: self.max_response_bytes },
            BodyError::Transport(e) => classify(e),
        })?;
        let text = String::from_utf8_lossy(&body);
        if status.is_success() {
            return parse_response(&text);
        }
        // SOAP 1.1 faults come with HTTP 500; anything else from a 5xx is the service being down.
        match parse_response(&text) {
            Err(fault @ CprLookupError::SoapFault { .. }) => Err(fault),
            _ if status.is_server_error() => Err(CprLookupError::Unavailable(format!("HTTP {status}"))),
            _ => Err(CprLookupError::Malformed(format!("HTTP {status}"))),
        }
    }
}

/// Sorts a transport error into timeout, refused client certificate, untrusted server, or
/// unavailable, by looking for the rustls error underneath.
fn classify(e: reqwest::Error) -> CprLookupError {
    if e.is_timeout() {
        return CprLookupError::Timeout;
    }
    match find_rustls_error(&e) {
        Some(rustls::Error::AlertReceived(alert)) => {
            use rustls::AlertDescription as A;
            match alert {
                A::BadCertificate
                | A::UnknownCA
                | A::CertificateRequired
                | A::CertificateUnknown
                | A::CertificateExpired
                | A::AccessDenied
                | A::UnsupportedCertificate
                | A::CertificateRevoked => CprLookupError::ClientCertificateRejected(format!("{alert:?}")),
                other => CprLookupError::Unavailable(format!("TLS alert {other:?}")),
            }
        }
        Some(rustls::Error::InvalidCertificate(reason)) => CprLookupError::ServerUntrusted(format!("{reason:?}")),
        Some(other) => CprLookupError::Unavailable(format!("TLS: {other}")),
        None => {
            // Some connectors hide the rustls error behind their own boxed types; their text is the
            // last resort.
            let chain = error_chain(&e);
            if chain.contains("invalid peer certificate") {
                CprLookupError::ServerUntrusted(chain)
            } else {
                CprLookupError::Unavailable(chain)
            }
        }
    }
}
