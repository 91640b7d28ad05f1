//! Sorts what came back into an [`UploadError`]: transport failures (by the rustls error
//! underneath: our certificate refused, the server untrusted, or the network) and HTTP answers
//! other than success (by status, with `Retry-After` and the problem's `reasons`).
use super::error::UploadError;
use super::wire::Problem;
use crate::error_chain::{error_chain, find_rustls_error};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// The wait assumed when a 429/503 carries no usable `Retry-After`.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(30);
/// The longest `Retry-After` honoured; a longer one (a year, say) is read as this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// A request that got no complete HTTP answer.
pub(super) fn transport(e: &reqwest::Error) -> UploadError {
    if e.is_timeout() {
        return UploadError::Network("timeout".into());
    }
    match find_rustls_error(e) {
        Some(rustls::Error::AlertReceived(alert)) => {
            use rustls::AlertDescription as A;
            tracing::warn!(alert = ?alert, "the gateway ended the TLS session with an alert");
            match alert {
                A::CertificateExpired => UploadError::CertificateExpired,
                A::BadCertificate
                | A::UnknownCA
                | A::CertificateRequired
                | A::CertificateUnknown
                | A::AccessDenied
                | A::UnsupportedCertificate
                | A::CertificateRevoked => UploadError::ClientCertificateRejected,
                other => UploadError::Network(format!("TLS alert {other:?}")),
            }
        }
        Some(rustls::Error::InvalidCertificate(reason)) => {
            tracing::warn!(reason = ?reason, "the gateway's certificate is not trusted");
            UploadError::ServerUntrusted
        }
        Some(other) => UploadError::Network(format!("TLS: {other}")),
        None => {
            // Some connectors hide the rustls error behind their own boxed types; their text is
            // the last resort.
            let chain = error_chain(e);
            if chain.contains("invalid peer certificate") {
                UploadError::ServerUntrusted
            } else {
                UploadError::Network(chain)
            }
        }
    }
}

/// An HTTP answer that is not a success of the request.
pub(super) fn response(status: u16, retry_after: Option<&str>, body: &[u8]) -> UploadError {
    match status {
        422 => {
            let problem: Problem = serde_json::from_slice(body).unwrap_or_default();
            UploadError::Rejected { reasons: problem.reasons }
        }
        409 => UploadError::InFlight,
        429 | 503 => UploadError::RetryAfter(
            retry_after.and_then(|v| parse_retry_after(v, Utc::now())).unwrap_or(DEFAULT_RETRY_AFTER),
        ),
        401 | 403 => UploadError::ClientCertificateRejected,
        500..=599 => UploadError::Server(status),
        _ => UploadError::Protocol(format!("HTTP {status}")),
    }
}

/// `Retry-After`: delay-seconds or an HTTP date (RFC 9110 § 10.2.3); a date in the past is 0,
/// and anything longer than [`MAX_RETRY_AFTER`] is that.
pub(super) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(secs) = value.parse::<u64>() {
        Duration::from_secs(secs)
    } else {
        let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
        (at - now).to_std().unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_their_error_class() {
        let problem = br#"{"type":"urn:x","title":"t","status":422,"reasons":["bundle_hash_mismatch"]}"#;
        assert_eq!(
            response(422, None, problem),
            UploadError::Rejected { reasons: vec!["bundle_hash_mismatch".into()] }
        );
        assert_eq!(response(422, None, b"<html>"), UploadError::Rejected { reasons: vec![] });
        assert_eq!(response(409, None, b""), UploadError::InFlight);
        assert_eq!(response(503, Some("7"), b""), UploadError::RetryAfter(Duration::from_secs(7)));
        assert_eq!(response(429, None, b""), UploadError::RetryAfter(DEFAULT_RETRY_AFTER));
        assert_eq!(response(403, None, b""), UploadError::ClientCertificateRejected);
        assert_eq!(response(502, None, b""), UploadError::Server(502));
        assert_eq!(response(404, None, b""), UploadError::Protocol("HTTP 404".into()));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:30:00Z").expect("time").with_timezone(&Utc);
        assert_eq!(parse_retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Sun, 22 Nov 2026 10:30:05 GMT", now), Some(Duration::from_secs(5)));
        assert_eq!(parse_retry_after("Sun, 22 Nov 2026 10:29:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("31536000", now), Some(MAX_RETRY_AFTER), "a year is capped");
        assert_eq!(parse_retry_after("18446744073709551615", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("Mon, 22 Nov 2027 10:30:00 GMT", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
