//! The TLS side of the simulators: a rustls server config that presents the simulator's server
//! certificate and REQUIRES a client certificate signed by the simulator CA (mutual TLS, as the
//! national services do).
use crate::pki::TestPki;
use rustls::RootCertStore;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;

/// Errors building the TLS server configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsSetupError {
    /// A PEM could not be read.
    #[error("bad PEM: {0}")]
    Pem(String),
    /// rustls refused the configuration.
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
    /// The client verifier could not be built.
    #[error("client verifier: {0}")]
    Verifier(String),
}

/// A server config for mutual TLS with the simulator PKI.
pub fn mutual_tls_config(pki: &TestPki) -> Result<Arc<rustls::ServerConfig>, TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pki.ca_pem.as_bytes()) {
        roots.add(cert.map_err(|e| TlsSetupError::Pem(e.to_string()))?)?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| TlsSetupError::Verifier(e.to_string()))?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pki.server.cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| TlsSetupError::Pem(e.to_string()))?;
    let key =
        PrivateKeyDer::from_pem_slice(pki.server.key_pem.as_bytes()).map_err(|e| TlsSetupError::Pem(e.to_string()))?;
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)?;
    Ok(Arc::new(config))
}
