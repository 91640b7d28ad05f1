//! The TLS probe behind `skranke diagnose`: connects to a national service with the client
//! certificate and the pinned CA, and reports what IT needs when a counter cannot reach it: the
//! server's certificate chain with its expiry, the HTTP status of a `HEAD` request (any answer
//! proves the TLS handshake and the client certificate were accepted), and the server's `Date`
//! header, against which the PC's clock skew is measured. It never sends a register query.
use crate::tls::{ClientTls, TlsError};
use chrono::{DateTime, Utc};
use rustls_pki_types::ServerName;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The most of the answer's head the probe reads.
const MAX_HEAD: usize = 16 * 1024;

/// What the probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsProbe {
    /// The server's certificates as it presented them, its own first.
    pub chain: Vec<CertificateSummary>,
    /// The HTTP status of the `HEAD` request.
    pub http_status: u16,
    /// The server's clock (its `Date` header), when it sent one.
    pub server_date: Option<DateTime<Utc>>,
}

/// One certificate of the server's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    /// Its subject (distinguished name).
    pub subject: String,
    /// Who signed it.
    pub issuer: String,
    /// When it stops being valid.
    pub not_after: DateTime<Utc>,
}

/// Why the probe failed, in the order the connection gets there.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    /// Not an `https://` URL with a host.
    #[error("{0}: not an https URL with a host")]
    NotHttps(String),
    /// The client certificate, its key or the CA cannot be used.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// Nothing answers at the address (refused, unreachable, unknown host).
    #[error("{address}: {source}")]
    Connect {
        /// `host:port`.
        address: String,
        /// The socket error.
        source: std::io::Error,
    },
    /// The TLS handshake failed: the server's certificate is not signed by the pinned CA, is
    /// expired or names another host, or the server refused the client certificate.
    #[error("TLS handshake with {address}: {detail}")]
    Handshake {
        /// `host:port`.
        address: String,
        /// rustls' reason.
        detail: String,
    },
    /// The connection was made but the server sent no readable HTTP answer.
    #[error("{address}: {detail}")]
    Http {
        /// `host:port`.
        address: String,
        /// What was wrong.
        detail: String,
    },
    /// No answer within the timeout.
    #[error("{address}: no answer within {seconds} s")]
    Timeout {
        /// `host:port`.
        address: String,
        /// The timeout.
        seconds: u64,
    },
}

impl ClientTls {
    /// Probes `url` (see the module doc), all within `timeout`.
    pub async fn probe(&self, url: &str, timeout: Duration) -> Result<TlsProbe, ProbeError> {
        let target = Target::parse(url)?;
        let config = Arc::new(self.rustls_config()?);
        let address = target.address();
        match tokio::time::timeout(timeout, probe_target(&target, config)).await {
            Ok(result) => result,
            Err(_) => Err(ProbeError::Timeout { address, seconds: timeout.as_secs().max(1) }),
        }
    }
}

/// The host, port and path of an https URL.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Self, ProbeError> {
        let bad = || ProbeError::NotHttps(url.to_string());
        let parsed = reqwest::Url::parse(url).map_err(|_| bad())?;
        if parsed.scheme() != "https" {
            return Err(bad());
        }
        let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(bad)?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        Ok(Self { host, port: parsed.port_or_known_default().unwrap_or(443), path: parsed.path().to_string() })
    }

    fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

async fn probe_target(target: &Target, config: Arc<rustls::ClientConfig>) -> Result<TlsProbe, ProbeError> {
    let address = target.address();
    let tcp = tokio::net::TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|source| ProbeError::Connect { address: address.clone(), source })?;
    let name = ServerName::try_from(target.host.clone())
        .map_err(|e| ProbeError::Handshake { address: address.clone(), detail: e.to_string() })?;
    let mut tls = tokio_rustls::TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|e| ProbeError::Handshake { address: address.clone(), detail: e.to_string() })?;
    let chain = tls.get_ref().1.peer_certificates().unwrap_or_default().iter().map(|c| summarise(c.as_ref())).collect();
    let request = format!(
        "HEAD {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: skranke-diagnose\r\nConnection: close\r\n\r\n",
        target.path, target.host
    );
    // TLS 1.3 delivers a refused client certificate as an alert on the first read or write.
    let refused = |e: std::io::Error| ProbeError::Handshake { address: address.clone(), detail: e.to_string() };
    tls.write_all(request.as_bytes()).await.map_err(refused)?;
    tls.flush().await.map_err(refused)?;
    let head = read_head(&mut tls).await.map_err(refused)?;
    let (http_status, server_date) = parse_head(&head)
        .ok_or_else(|| ProbeError::Http { address: address.clone(), detail: "no HTTP answer".into() })?;
    Ok(TlsProbe { chain, http_status, server_date })
}

/// Reads until the end of the answer's head, the connection closes, or [`MAX_HEAD`] bytes.
async fn read_head<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    while buf.len() < MAX_HEAD && !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}

/// The status code and the `Date` header of an HTTP/1.x answer's head.
fn parse_head(head: &[u8]) -> Option<(u16, Option<DateTime<Utc>>)> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let status_line = lines.next()?;
    let mut parts = status_line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status = parts.next()?.parse::<u16>().ok()?;
    let date = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("date"))
        .and_then(|(_, value)| DateTime::parse_from_rfc2822(value.trim()).ok())
        .map(|d| d.with_timezone(&Utc));
    Some((status, date))
}

/// Subject, issuer and expiry of a DER certificate (placeholders when it cannot be read: the
/// handshake already accepted it, so this is only for the report).
fn summarise(der: &[u8]) -> CertificateSummary {
    match x509_parser::parse_x509_certificate(der) {
        Ok((_, cert)) => CertificateSummary {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_after: DateTime::from_timestamp(cert.validity().not_after.timestamp(), 0).unwrap_or_default(),
        },
        Err(e) => CertificateSummary {
            subject: format!("(unreadable: {e})"),
            issuer: String::new(),
            not_after: DateTime::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        let t = Target::parse("https://cpr.example/service/x?y=1").expect("url");
        assert_eq!(t, Target { host: "cpr.example".into(), port: 443, path: "/service/x".into() });
        assert_eq!(t.address(), "cpr.example:443");
        let t = Target::parse("https://127.0.0.1:8443").expect("url");
        assert_eq!((t.port, t.path.as_str()), (8443, "/"));
        assert_eq!(Target::parse("https://[::1]:9/").expect("url").address(), "[::1]:9");
        assert!(matches!(Target::parse("http://x/"), Err(ProbeError::NotHttps(_))));
        assert!(matches!(Target::parse("not a url"), Err(ProbeError::NotHttps(_))));
    }

    #[test]
    fn the_head_gives_status_and_date() {
        let head = b"HTTP/1.1 405 Method Not Allowed\r\ndate: Mon, 30 Nov 2026 16:00:05 GMT\r\n\r\n";
        let (status, date) = parse_head(head).expect("head");
        assert_eq!(status, 405);
        assert_eq!(date.map(|d| d.to_rfc3339()).as_deref(), Some("2026-11-30T16:00:05+00:00"));
        assert_eq!(parse_head(b"HTTP/1.1 200 OK\r\nDate: soon\r\n\r\n"), Some((200, None)));
        assert_eq!(parse_head(b"SSH-2.0-OpenSSH\r\n"), None);
        assert_eq!(parse_head(b""), None);
    }
}
