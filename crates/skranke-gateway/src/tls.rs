//! Mutual TLS for the national services: the municipality's client certificate and the service CA
//! pinned (only that CA is trusted, never the system roots), plus the certificate expiry check
//! that `skranke diagnose` and the header use.
use chrono::{DateTime, Utc};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use skranke_core::{Code, HasCode};
use std::path::Path;
use std::sync::Arc;

/// Errors reading certificates or building the TLS configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    /// A certificate or key file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A PEM text holds no usable certificate or key.
    #[error("{what}: {detail}")]
    Pem {
        /// Which part (client certificate, client key, CA).
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// The client certificate is no longer valid.
    #[error("the client certificate expired at {not_after}")]
    Expired {
        /// When it expired.
        not_after: DateTime<Utc>,
    },
    /// rustls refused the configuration.
    #[error("TLS configuration: {0}")]
    Config(#[from] rustls::Error),
    /// The HTTP client could not be built on this TLS configuration.
    #[error("HTTP client: {0}")]
    HttpClient(String),
}

impl TlsError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> Code {
        match self {
            Self::Expired { .. } => Code::CertificateExpired,
            Self::Read { .. } | Self::Pem { .. } | Self::Config(_) | Self::HttpClient(_) => Code::CertificateUnreadable,
        }
    }
}

/// The client side of mutual TLS, as PEM text.
#[derive(Clone)]
pub struct ClientTls {
    /// The municipality's client certificate (chain), PEM.
    pub client_cert_pem: String,
    /// Its private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub client_key_pem: String,
    /// The one CA trusted for the server, PEM.
    pub ca_pem: String,
}

impl std::fmt::Debug for ClientTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientTls").finish_non_exhaustive()
    }
}

impl ClientTls {
    /// Reads the three PEM files.
    pub fn from_files(client_cert: &Path, client_key: &Path, ca: &Path) -> Result<Self, TlsError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| TlsError::Read { path: p.display().to_string(), source })
        };
        Ok(Self { client_cert_pem: read(client_cert)?, client_key_pem: read(client_key)?, ca_pem: read(ca)? })
    }

    /// Reads the client certificate chain and its private key from a PKCS#12 file (`.p12`/`.pfx`,
    /// as municipal certificates are often delivered; legacy 3DES/RC2 and modern AES encryption),
    /// and the CA from a PEM file.
    pub fn from_pkcs12(p12: &Path, password: &str, ca: &Path) -> Result<Self, TlsError> {
        let data = std::fs::read(p12).map_err(|source| TlsError::Read { path: p12.display().to_string(), source })?;
        let store = p12_keystore::KeyStore::from_pkcs12(&data, password, p12_keystore::Pkcs12ImportPolicy::Relaxed)
            .map_err(|e| TlsError::Pem { what: "PKCS#12 file (wrong password?)", detail: e.to_string() })?;
        let (_, chain) = store.private_key_chain().filter(|(_, c)| !c.certs().is_empty()).ok_or_else(|| {
            TlsError::Pem { what: "PKCS#12 file", detail: "no private key with its certificate".into() }
        })?;
        let client_cert_pem: String = chain.certs().iter().map(|c| pem_block("CERTIFICATE", c.as_der())).collect();
        let client_key_pem = pem_block("PRIVATE KEY", chain.key().as_der());
        let ca_pem =
            std::fs::read_to_string(ca).map_err(|source| TlsError::Read { path: ca.display().to_string(), source })?;
        Ok(Self { client_cert_pem, client_key_pem, ca_pem })
    }

    /// When the client certificate stops being valid.
    pub fn client_certificate_expiry(&self) -> Result<DateTime<Utc>, TlsError> {
        certificate_expiry(&self.client_cert_pem)
    }

    /// Fails with [`TlsError::Expired`] when the client certificate has expired at `now`.
    pub fn check_not_expired(&self, now: DateTime<Utc>) -> Result<(), TlsError> {
        let not_after = self.client_certificate_expiry()?;
        if not_after <= now { Err(TlsError::Expired { not_after }) } else { Ok(()) }
    }

    /// The HTTP client both national services are called with: this identity, only the pinned
    /// CA, no proxy (the services are reached directly, never through a workstation proxy),
    /// `timeout` both for connecting and for the whole exchange, https only and no redirects (a
    /// redirect is answered as the error it is, so IT corrects the address instead of the client
    /// following it somewhere else).
    pub fn http_client(&self, timeout: std::time::Duration) -> Result<reqwest::Client, TlsError> {
        reqwest::Client::builder()
            .tls_backend_preconfigured(self.rustls_config()?)
            .timeout(timeout)
            .connect_timeout(timeout)
            .no_proxy()
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TlsError::HttpClient(e.to_string()))
    }

    /// A rustls client configuration: the CA pinned, the client certificate presented.
    pub fn rustls_config(&self) -> Result<rustls::ClientConfig, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(self.ca_pem.as_bytes()) {
            let cert = cert.map_err(|e| TlsError::Pem { what: "CA certificate", detail: e.to_string() })?;
            roots.add(cert)?;
        }
        if roots.is_empty() {
            return Err(TlsError::Pem { what: "CA certificate", detail: "no certificate in the file".into() });
        }
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(self.client_cert_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| TlsError::Pem { what: "client certificate", detail: e.to_string() })?;
        if chain.is_empty() {
            return Err(TlsError::Pem { what: "client certificate", detail: "no certificate in the file".into() });
        }
        let key = PrivateKeyDer::from_pem_slice(self.client_key_pem.as_bytes())
            .map_err(|e| TlsError::Pem { what: "client key", detail: e.to_string() })?;
        Ok(rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_client_auth_cert(chain, key)?)
    }
}

/// DER as a PEM block (base64 in 64-character lines).
fn pem_block(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The `notAfter` of the first certificate in a PEM text.
pub fn certificate_expiry(pem: &str) -> Result<DateTime<Utc>, TlsError> {
    let der = CertificateDer::pem_slice_iter(pem.as_bytes())
        .next()
        .ok_or_else(|| TlsError::Pem { what: "certificate", detail: "no certificate in the text".into() })?
        .map_err(|e| TlsError::Pem { what: "certificate", detail: e.to_string() })?;
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref())
        .map_err(|e| TlsError::Pem { what: "certificate", detail: e.to_string() })?;
    let ts = cert.validity().not_after.timestamp();
    DateTime::from_timestamp(ts, 0)
        .ok_or_else(|| TlsError::Pem { what: "certificate", detail: "date out of range".into() })
}

impl HasCode for TlsError {
    fn code(&self) -> Code {
        TlsError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &TlsError| match e {
            TlsError::Read { .. } => 0,
            TlsError::Pem { .. } => 1,
            TlsError::Expired { .. } => 2,
            TlsError::Config(_) => 3,
            TlsError::HttpClient(_) => 4,
        };
        let examples = [
            TlsError::Read { path: "p".into(), source: std::io::Error::other("x") },
            TlsError::Pem { what: "key", detail: "x".into() },
            TlsError::Expired { not_after: DateTime::<Utc>::MIN_UTC },
            TlsError::Config(rustls::Error::General("x".into())),
            TlsError::HttpClient("x".into()),
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 5, &[]);
    }
}
