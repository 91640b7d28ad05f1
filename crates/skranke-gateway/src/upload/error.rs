//! Why an upload or a status query failed, sorted the way the outbox needs it: permanent
//! (`Rejected`, certificate problems, protocol errors) or transient (`is_transient`: retry later,
//! with the same `Idempotency-Key`), each with a stable `gateway_*` code.
use crate::tls::TlsError;
use skranke_core::{Code, HasCode};
use std::time::Duration;

/// An upload or status query failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// 422: the gateway refused the capture for good (bad digest, not a bundle, the key reused for
    /// other content, …). Never retried; goes to the supervisor's review queue.
    #[error("the gateway rejected the capture: {}", reasons.join(", "))]
    Rejected {
        /// The gateway's reason codes (from the problem document's `reasons`).
        reasons: Vec<String>,
    },
    /// 409: an upload with the same key is still being processed.
    #[error("an upload of the same capture is still in flight")]
    InFlight,
    /// 429 or 503: the gateway asks to retry after this long.
    #[error("the gateway is busy; retry after {} s", .0.as_secs())]
    RetryAfter(Duration),
    /// Another 5xx.
    #[error("the gateway answered HTTP {0}")]
    Server(u16),
    /// The request or its answer was lost: connection refused or reset, timeout, TLS failure
    /// that is not about certificates. Whether the gateway stored the capture is unknown.
    #[error("the gateway cannot be reached: {0}")]
    Network(String),
    /// The gateway refused our client certificate (TLS alert, or 401/403).
    #[error("the gateway refused the client certificate")]
    ClientCertificateRejected,
    /// The gateway's certificate is not signed by the pinned CA (or is otherwise invalid).
    #[error("the gateway's certificate is not trusted")]
    ServerUntrusted,
    /// Our client certificate has expired.
    #[error("the client certificate has expired")]
    CertificateExpired,
    /// Our client certificate, key or the CA cannot be read.
    #[error("the client certificate cannot be used: {0}")]
    CertificateUnreadable(String),
    /// `GET /v1/captures/{id}`: the gateway has no capture with this id.
    #[error("the gateway does not know this capture")]
    UnknownCapture,
    /// An answer the contract does not allow (unexpected status, malformed receipt, a receipt for
    /// other content).
    #[error("unexpected answer from the gateway: {0}")]
    Protocol(String),
    /// The answer's body is larger than the configured cap; it was not read.
    #[error("the gateway's answer is larger than {limit} bytes")]
    ResponseTooLarge {
        /// The cap in bytes (`gateway.max_response_bytes`).
        limit: usize,
    },
    /// The gateway answered with a redirect. It is not followed: the configured address is wrong
    /// (or someone is diverting the traffic), and IT must correct `gateway.endpoint`.
    #[error("the gateway redirects (HTTP {status}) to {location:?}; check gateway.endpoint")]
    Redirected {
        /// The 3xx status.
        status: u16,
        /// The `Location` it pointed to (for IT; never followed).
        location: String,
    },
}

impl UploadError {
    /// Stable code for the UI, the outbox row and scripts.
    pub fn code(&self) -> Code {
        match self {
            Self::Rejected { .. } => Code::GatewayRejected,
            Self::InFlight => Code::GatewayInFlight,
            Self::RetryAfter(_) => Code::GatewayRetryAfter,
            Self::Server(_) => Code::GatewayServerError,
            Self::Network(_) => Code::GatewayUnreachable,
            Self::ClientCertificateRejected => Code::GatewayClientCertificateRejected,
            Self::ServerUntrusted => Code::GatewayServerUntrusted,
            Self::CertificateExpired => Code::GatewayCertificateExpired,
            Self::CertificateUnreadable(_) => Code::GatewayCertificateUnreadable,
            Self::UnknownCapture => Code::GatewayUnknownCapture,
            Self::Protocol(_) => Code::GatewayProtocolError,
            Self::ResponseTooLarge { .. } => Code::GatewayResponseTooLarge,
            Self::Redirected { .. } => Code::GatewayRedirected,
        }
    }

    /// Whether sending the same capture again later may succeed (the outbox backs off and
    /// retries). Certificate problems and redirects are not transient: they need IT, not time.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::InFlight | Self::RetryAfter(_) | Self::Server(_) | Self::Network(_) | Self::ResponseTooLarge { .. }
        )
    }

    /// The wait the gateway asked for, when it asked.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RetryAfter(d) => Some(*d),
            _ => None,
        }
    }
}

impl From<TlsError> for UploadError {
    fn from(e: TlsError) -> Self {
        match e {
            TlsError::Expired { .. } => Self::CertificateExpired,
            other => Self::CertificateUnreadable(other.to_string()),
        }
    }
}

impl HasCode for UploadError {
    fn code(&self) -> Code {
        UploadError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<UploadError> {
        vec![
            UploadError::Rejected { reasons: vec!["content_digest_mismatch".into()] },
            UploadError::InFlight,
            UploadError::RetryAfter(Duration::from_secs(2)),
            UploadError::Server(502),
            UploadError::Network("reset".into()),
            UploadError::ClientCertificateRejected,
            UploadError::ServerUntrusted,
            UploadError::CertificateExpired,
            UploadError::CertificateUnreadable("bad PEM".into()),
            UploadError::UnknownCapture,
            UploadError::Protocol("HTTP 418".into()),
            UploadError::ResponseTooLarge { limit: 4 },
            UploadError::Redirected { status: 307, location: "http://x".into() },
        ]
    }

    #[test]
    fn codes_are_distinct_snake_case_and_start_with_gateway() {
        let mut codes: Vec<&str> = all().iter().map(|e| e.code().as_str()).collect();
        assert!(
            codes.iter().all(|c| c.starts_with("gateway_") && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
        );
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all().len());
    }

    #[test]
    fn only_busy_in_flight_server_network_and_oversized_are_transient() {
        let transient: Vec<Code> = all().iter().filter(|e| e.is_transient()).map(UploadError::code).collect();
        assert_eq!(
            transient,
            [
                Code::GatewayInFlight,
                Code::GatewayRetryAfter,
                Code::GatewayServerError,
                Code::GatewayUnreachable,
                Code::GatewayResponseTooLarge
            ]
        );
        assert_eq!(UploadError::RetryAfter(Duration::from_secs(2)).retry_after(), Some(Duration::from_secs(2)));
        assert_eq!(UploadError::InFlight.retry_after(), None);
    }

    #[test]
    fn an_expired_certificate_keeps_its_own_code() {
        let e: UploadError = TlsError::Expired { not_after: chrono::Utc::now() }.into();
        assert_eq!(e, UploadError::CertificateExpired);
        let e: UploadError = TlsError::Pem { what: "client key", detail: "none".into() }.into();
        assert_eq!(e.code(), Code::GatewayCertificateUnreadable);
    }

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example in `all()` fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &UploadError| match e {
            UploadError::Rejected { .. } => 0,
            UploadError::InFlight => 1,
            UploadError::RetryAfter(_) => 2,
            UploadError::Server(_) => 3,
            UploadError::Network(_) => 4,
            UploadError::ClientCertificateRejected => 5,
            UploadError::ServerUntrusted => 6,
            UploadError::CertificateExpired => 7,
            UploadError::CertificateUnreadable(_) => 8,
            UploadError::UnknownCapture => 9,
            UploadError::Protocol(_) => 10,
            UploadError::ResponseTooLarge { .. } => 11,
            UploadError::Redirected { .. } => 12,
        };
        skranke_core::assert_codes_cover_variants(&all(), index, 13, &[]);
    }
}
