//! Why a CPR lookup failed, each with a stable code the UI shows a Danish text for.
use crate::tls::TlsError;

/// A CPR lookup failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CprLookupError {
    /// No answer within the timeout.
    #[error("the CPR service did not answer in time")]
    Timeout,
    /// The service could not be reached (connection refused, DNS, TLS failure, HTTP 5xx).
    #[error("the CPR service cannot be reached: {0}")]
    Unavailable(String),
    /// The service refused our client certificate.
    #[error("the CPR service refused the client certificate: {0}")]
    ClientCertificateRejected(String),
    /// The service's certificate is not signed by the pinned CA.
    #[error("the CPR service's certificate is not trusted: {0}")]
    ServerUntrusted(String),
    /// Our client certificate has expired, or cannot be read.
    #[error(transparent)]
    Certificate(#[from] TlsError),
    /// The register has no person with this number.
    #[error("no person with this number")]
    NotFound,
    /// The service answered with a SOAP fault.
    #[error("SOAP fault {code}: {text}")]
    SoapFault {
        /// `ErrorCode` of the ServiceplatformFault.
        code: String,
        /// `ErrorText`.
        text: String,
    },
    /// The answer could not be understood.
    #[error("malformed answer: {0}")]
    Malformed(String),
}

impl CprLookupError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Timeout => "cpr_service_timeout",
            Self::Unavailable(_) => "cpr_service_unavailable",
            Self::ClientCertificateRejected(_) => "cpr_client_certificate_rejected",
            Self::ServerUntrusted(_) => "cpr_server_untrusted",
            Self::Certificate(e) => e.code(),
            Self::NotFound => "cpr_not_found",
            Self::SoapFault { .. } => "cpr_soap_fault",
            Self::Malformed(_) => "cpr_malformed_response",
        }
    }

    /// Whether repeating the same lookup may help (it is read-only, so a retry is always safe;
    /// it is only useful when nothing reached the service).
    pub fn worth_retrying(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}
