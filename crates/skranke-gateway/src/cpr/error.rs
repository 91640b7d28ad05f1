//! Why a CPR lookup failed, each with a stable code the UI shows a Danish text for.
use crate::tls::TlsError;
use skranke_core::{Code, HasCode};

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
    /// The service answered with a SOAP fault. Only its `ErrorCode` is kept (when it is a plain
    /// token): the fault's text is the server's own words and may name the person, so it goes
    /// to the debug log only, masked (see `parse_response`).
    #[error("the CPR service answered with fault {code}")]
    SoapFault {
        /// `ErrorCode` of the ServiceplatformFault (letters, digits, `_.-`; `unknown` otherwise).
        code: String,
    },
    /// The answer could not be understood.
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// The answer's body is larger than the configured cap; it was not read.
    #[error("the CPR service's answer is larger than {limit} bytes")]
    ResponseTooLarge {
        /// The cap in bytes (`cpr.max_response_bytes`).
        limit: usize,
    },
    /// The service answered with a redirect. It is not followed: IT must correct `cpr.endpoint`.
    #[error("the CPR service redirects (HTTP {status}) to {location:?}; check cpr.endpoint")]
    Redirected {
        /// The 3xx status.
        status: u16,
        /// The `Location` it pointed to (for IT; never followed).
        location: String,
    },
}

impl CprLookupError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> Code {
        match self {
            Self::Timeout => Code::CprServiceTimeout,
            Self::Unavailable(_) => Code::CprServiceUnavailable,
            Self::ClientCertificateRejected(_) => Code::CprClientCertificateRejected,
            Self::ServerUntrusted(_) => Code::CprServerUntrusted,
            Self::Certificate(e) => e.code(),
            Self::NotFound => Code::CprNotFound,
            Self::SoapFault { .. } => Code::CprSoapFault,
            Self::Malformed(_) => Code::CprMalformedResponse,
            Self::ResponseTooLarge { .. } => Code::CprResponseTooLarge,
            Self::Redirected { .. } => Code::CprServiceRedirected,
        }
    }

    /// Whether repeating the same lookup may help (it is read-only, so a retry is always safe;
    /// it is only useful when nothing reached the service).
    pub fn worth_retrying(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl HasCode for CprLookupError {
    fn code(&self) -> Code {
        CprLookupError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &CprLookupError| match e {
            CprLookupError::Timeout => 0,
            CprLookupError::Unavailable(_) => 1,
            CprLookupError::ClientCertificateRejected(_) => 2,
            CprLookupError::ServerUntrusted(_) => 3,
            CprLookupError::Certificate(_) => 4,
            CprLookupError::NotFound => 5,
            CprLookupError::SoapFault { .. } => 6,
            CprLookupError::Malformed(_) => 7,
            CprLookupError::ResponseTooLarge { .. } => 8,
            CprLookupError::Redirected { .. } => 9,
        };
        let examples = [
            CprLookupError::Timeout,
            CprLookupError::Unavailable("x".into()),
            CprLookupError::ClientCertificateRejected("x".into()),
            CprLookupError::ServerUntrusted("x".into()),
            CprLookupError::Certificate(TlsError::HttpClient("x".into())),
            CprLookupError::NotFound,
            CprLookupError::SoapFault { code: "c".into() },
            CprLookupError::Malformed("x".into()),
            CprLookupError::ResponseTooLarge { limit: 4 },
            CprLookupError::Redirected { status: 301, location: "http://x".into() },
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 10, &[]);
    }
}
