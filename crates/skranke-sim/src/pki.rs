//! A throw-away test PKI made at start: a CA, a server certificate for 127.0.0.1/localhost, and
//! client certificates (the municipality's, an untrusted one, an expired one) for mutual TLS.
//! Everything is PEM text, so a client can be built in memory or from files.
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use std::path::Path;
use time::{Duration, OffsetDateTime};

/// Errors making certificates.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// rcgen refused the parameters.
    #[error("cannot generate a certificate: {0}")]
    Generate(#[from] rcgen::Error),
    /// Writing the PEM files failed.
    #[error("cannot write certificates to {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A certificate with its private key, both PEM.
#[derive(Clone)]
pub struct CertAndKey {
    /// Certificate, PEM.
    pub cert_pem: String,
    /// PKCS#8 private key, PEM.
    pub key_pem: String,
}

impl std::fmt::Debug for CertAndKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertAndKey").finish_non_exhaustive()
    }
}

/// The simulators' PKI: one CA that signs the server and the trusted client certificate.
pub struct TestPki {
    /// The CA certificate, PEM (clients pin it; the server trusts clients it signed).
    pub ca_pem: String,
    /// The server certificate (SAN 127.0.0.1 and localhost).
    pub server: CertAndKey,
    /// The municipality's client certificate, valid for a year.
    pub client: CertAndKey,
    issuer: Issuer<'static, KeyPair>,
}

impl std::fmt::Debug for TestPki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestPki").finish_non_exhaustive()
    }
}

impl TestPki {
    /// Generates a new CA, server and client certificate.
    pub fn generate() -> Result<Self, PkiError> {
        let (ca_pem, issuer) = new_ca("Skranke Simulator CA")?;
        let now = OffsetDateTime::now_utc();
        let server = leaf(&issuer, "127.0.0.1", true, now - Duration::days(1), now + Duration::days(365))?;
        let client = leaf(&issuer, "Demokommune Skranke", false, now - Duration::days(1), now + Duration::days(365))?;
        Ok(Self { ca_pem, server, client, issuer })
    }

    /// A client certificate signed by this CA with the given validity (tests: expired, expiring).
    pub fn client_valid(&self, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Result<CertAndKey, PkiError> {
        leaf(&self.issuer, "Demokommune Skranke", false, not_before, not_after)
    }

    /// A client certificate that expired yesterday.
    pub fn expired_client(&self) -> Result<CertAndKey, PkiError> {
        let now = OffsetDateTime::now_utc();
        self.client_valid(now - Duration::days(30), now - Duration::days(1))
    }

    /// A client certificate from another CA, which the simulators must refuse.
    pub fn untrusted_client() -> Result<CertAndKey, PkiError> {
        let (_, other) = new_ca("Someone Else CA")?;
        let now = OffsetDateTime::now_utc();
        leaf(&other, "Not A Municipality", false, now - Duration::days(1), now + Duration::days(30))
    }

    /// A CA certificate that did not sign anything here (a client pinning it must refuse the server).
    pub fn other_ca_pem() -> Result<String, PkiError> {
        Ok(new_ca("Another CA")?.0)
    }

    /// Writes `ca.pem`, `client.pem` and `client.key` into `dir` (created if needed).
    pub fn write_client_files(&self, dir: &Path) -> Result<(), PkiError> {
        let w = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|source| PkiError::Write { path: path.display().to_string(), source })
        };
        std::fs::create_dir_all(dir).map_err(|source| PkiError::Write { path: dir.display().to_string(), source })?;
        w("ca.pem", &self.ca_pem)?;
        w("client.pem", &self.client.cert_pem)?;
        w("client.key", &self.client.key_pem)?;
        Ok(())
    }
}

fn new_ca(name: &str) -> Result<(String, Issuer<'static, KeyPair>), PkiError> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    let now = OffsetDateTime::now_utc();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    params.not_before = now - Duration::days(2);
    params.not_after = now + Duration::days(3650);
    let key = KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    Ok((cert.pem(), Issuer::new(params, key)))
}

fn leaf(
    issuer: &Issuer<'static, KeyPair>,
    name: &str,
    server: bool,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Result<CertAndKey, PkiError> {
    let sans = if server { vec!["127.0.0.1".to_string(), "localhost".to_string()] } else { Vec::new() };
    let mut params = CertificateParams::new(sans)?;
    params.distinguished_name.push(DnType::CommonName, name);
    params.use_authority_key_identifier_extension = true;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages =
        vec![if server { ExtendedKeyUsagePurpose::ServerAuth } else { ExtendedKeyUsagePurpose::ClientAuth }];
    params.not_before = not_before;
    params.not_after = not_after;
    let key = KeyPair::generate()?;
    let cert = params.signed_by(&key, issuer)?;
    Ok(CertAndKey { cert_pem: cert.pem(), key_pem: key.serialize_pem() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_pem_and_writes_client_files() {
        let pki = TestPki::generate().expect("pki");
        assert!(pki.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(pki.client.key_pem.contains("PRIVATE KEY"));
        assert_ne!(pki.client.cert_pem, pki.server.cert_pem);
        let t = tempfile::tempdir().expect("tempdir");
        pki.write_client_files(t.path()).expect("write");
        for f in ["ca.pem", "client.pem", "client.key"] {
            assert!(t.path().join(f).is_file(), "{f}");
        }
    }
}
