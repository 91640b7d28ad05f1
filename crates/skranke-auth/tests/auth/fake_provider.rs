//! A fake provider for the ID token checks: HTTPS on loopback (the test PKI), a discovery
//! document, a key set with one Ed25519 key, and a token endpoint that answers whatever the test
//! planned (an ID token signed by openidconnect's own signing code, or an error). The browser's
//! part is played by the test: it reads state and nonce from the authorization URL and requests
//! the loopback redirect itself.
use chrono::{DateTime, TimeDelta, Utc};
use openidconnect::core::{
    CoreEdDsaPrivateSigningKey, CoreGenderClaim, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AdditionalClaims, Audience, IdToken, IdTokenClaims, IssuerUrl, JsonWebKeyId, Nonce, PrivateSigningKey,
    StandardClaims, SubjectIdentifier,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use skranke_auth::AuthSettings;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The extra claims the fake puts in its tokens.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Groups {
    pub groups: Vec<String>,
}
impl AdditionalClaims for Groups {}

/// What one token endpoint call answers.
#[derive(Clone)]
pub enum TokenAnswer {
    /// 200 with this ID token (or none), and this `Date` header.
    Tokens { id_token: Option<String>, date: DateTime<Utc> },
    /// An OAuth error response with this status and code.
    Error { status: u16, error: &'static str },
}

/// The claims of a token to sign; starts valid for a sign-in, tests spoil one field.
#[derive(Clone)]
pub struct TokenPlan {
    pub issuer: String,
    pub audience: String,
    pub subject: String,
    pub nonce: Option<String>,
    pub issued: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    pub groups: Vec<String>,
    /// Sign with a key the key set does not hold (same key id).
    pub rogue_key: bool,
}

/// A running fake provider; the server task ends when it is dropped.
pub struct FakeProvider {
    pub issuer: String,
    pub ca_path: PathBuf,
    answer: Arc<Mutex<TokenAnswer>>,
    key: CoreEdDsaPrivateSigningKey,
    rogue: CoreEdDsaPrivateSigningKey,
    _dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeProvider {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A new Ed25519 key with the fixed key id `k1`.
fn ed25519_key() -> CoreEdDsaPrivateSigningKey {
    let pem = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("ed25519").serialize_pem();
    CoreEdDsaPrivateSigningKey::from_ed25519_pem(&pem, Some(JsonWebKeyId::new("k1".into()))).expect("key")
}

impl FakeProvider {
    pub async fn start() -> FakeProvider {
        let dir = tempfile::tempdir().expect("tempdir");
        skranke_auth::test_provider::write_certificates(dir.path()).expect("certificates");
        let cert = CertificateDer::from_pem_file(dir.path().join("server.pem")).expect("cert");
        let key = PrivateKeyDer::from_pem_file(dir.path().join("server.key")).expect("key");
        let tls = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("tls")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("tls");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let issuer = format!("https://127.0.0.1:{}", listener.local_addr().expect("addr").port());
        let signing = ed25519_key();
        let jwks = serde_json::to_string(&CoreJsonWebKeySet::new(vec![signing.as_verification_key()])).expect("jwks");
        let answer = Arc::new(Mutex::new(TokenAnswer::Error { status: 400, error: "invalid_grant" }));
        let server = tokio::spawn(serve(
            listener,
            tokio_rustls::TlsAcceptor::from(Arc::new(tls)),
            issuer.clone(),
            jwks,
            answer.clone(),
        ));
        FakeProvider {
            issuer,
            ca_path: dir.path().join("ca.pem"),
            answer,
            key: signing,
            rogue: ed25519_key(),
            _dir: dir,
            server,
        }
    }

    /// Settings for this provider (client id `skranke`, claim `groups`).
    pub fn settings(&self) -> AuthSettings {
        let mut settings = AuthSettings::new(self.issuer.clone(), "skranke");
        settings.ca_cert = Some(self.ca_path.clone());
        settings
    }

    /// A token valid for the sign-in with this nonce.
    pub fn valid_plan(&self, nonce: &str) -> TokenPlan {
        let now = Utc::now();
        TokenPlan {
            issuer: self.issuer.clone(),
            audience: "skranke".into(),
            subject: "sub-fake".into(),
            nonce: Some(nonce.to_owned()),
            issued: now,
            expires: now + TimeDelta::hours(1),
            groups: vec!["skranke-sagsbehandlere".into()],
            rogue_key: false,
        }
    }

    /// Signs a planned token with openidconnect's signing code.
    pub fn sign(&self, plan: &TokenPlan) -> String {
        let mut claims = IdTokenClaims::<Groups, CoreGenderClaim>::new(
            IssuerUrl::new(plan.issuer.clone()).expect("issuer"),
            vec![Audience::new(plan.audience.clone())],
            plan.expires,
            plan.issued,
            StandardClaims::new(SubjectIdentifier::new(plan.subject.clone())),
            Groups { groups: plan.groups.clone() },
        );
        claims = claims.set_nonce(plan.nonce.clone().map(Nonce::new));
        let key = if plan.rogue_key { &self.rogue } else { &self.key };
        let token: IdToken<Groups, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm> =
            IdToken::new(claims, key, CoreJwsSigningAlgorithm::EdDsa, None, None).expect("sign");
        token.to_string()
    }

    /// What the token endpoint answers next.
    pub fn answer_with(&self, answer: TokenAnswer) {
        *self.answer.lock().expect("lock") = answer;
    }
}

/// Accepts connections until aborted; one request per connection.
async fn serve(
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    issuer: String,
    jwks: String,
    answer: Arc<Mutex<TokenAnswer>>,
) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else { continue };
        let (acceptor, issuer, jwks, answer) = (acceptor.clone(), issuer.clone(), jwks.clone(), answer.clone());
        tokio::spawn(async move {
            let Ok(mut tls) = acceptor.accept(tcp).await else { return };
            let Some((method, path)) = read_request(&mut tls).await else { return };
            let token_answer = answer.lock().expect("lock").clone();
            let (status, date, body) = route(&method, &path, &issuer, &jwks, token_answer);
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nDate: {}\r\n\
                 Connection: close\r\n\r\n",
                body.len(),
                date.format("%a, %d %b %Y %H:%M:%S GMT")
            );
            let _ = tls.write_all(head.as_bytes()).await;
            let _ = tls.write_all(body.as_bytes()).await;
            let _ = tls.shutdown().await;
        });
    }
}

/// Status, `Date` and body for one request.
fn route(method: &str, path: &str, issuer: &str, jwks: &str, token: TokenAnswer) -> (u16, DateTime<Utc>, String) {
    let now = Utc::now();
    match (method, path) {
        ("GET", "/.well-known/openid-configuration") => {
            let doc = serde_json::json!({
                "issuer": issuer,
                "authorization_endpoint": format!("{issuer}/auth"),
                "token_endpoint": format!("{issuer}/token"),
                "jwks_uri": format!("{issuer}/jwks"),
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["EdDSA"],
                "code_challenge_methods_supported": ["S256"],
            });
            (200, now, doc.to_string())
        }
        ("GET", "/jwks") => (200, now, jwks.to_owned()),
        ("POST", "/token") => match token {
            TokenAnswer::Tokens { id_token, date } => {
                let mut body = serde_json::json!({"access_token": "at", "token_type": "Bearer", "expires_in": 300});
                if let Some(id_token) = id_token {
                    body["id_token"] = id_token.into();
                }
                (200, date, body.to_string())
            }
            TokenAnswer::Error { status, error } => (status, now, serde_json::json!({ "error": error }).to_string()),
        },
        ("GET", "/redirecting/.well-known/openid-configuration") => (302, now, String::new()),
        ("GET", "/huge/.well-known/openid-configuration") => (200, now, " ".repeat(2 * 1024 * 1024)),
        _ => (404, now, "{}".into()),
    }
}

/// Reads one request (head and body) and returns its method and path.
async fn read_request(stream: &mut tokio_rustls::server::TlsStream<tokio::net::TcpStream>) -> Option<(String, String)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let mut first = head.lines().next()?.split(' ');
    Some((first.next()?.to_owned(), first.next()?.to_owned()))
}
