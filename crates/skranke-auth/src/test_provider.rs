//! A real OpenID Connect provider for tests (feature `test-provider`): runs
//! `node tools/oidc-test-provider/provider.mjs` (the npm package `oidc-provider`) over HTTPS on
//! 127.0.0.1 with a throw-away CA made here, and plays the browser's part of a sign-in with
//! reqwest (redirects followed and cookies kept by hand, the login form posted, and finally the
//! loopback redirect requested, so the app's listener gets it).
//!
//! The provider's built-in users all have the password `test`: `anna` (group
//! `skranke-sagsbehandlere`), `bo` (`skranke-supervisorer`), `it-ida` (`skranke-it`) and `nils`
//! (`andet`, no group Skranke maps). Needs Node.js 20 or later and `npm ci` in
//! tools/oidc-test-provider.
//!
//! ```no_run
//! # async fn t() {
//! use skranke_auth::Provider;
//! use skranke_auth::test_provider::TestProvider;
//! use std::time::Duration;
//!
//! let idp = TestProvider::start().await.unwrap();
//! let provider = Provider::discover(&idp.settings()).await.unwrap();
//! let pending = provider.begin().await.unwrap();
//! let url = pending.authorize_url().to_owned();
//! let (identity, page) = tokio::join!(pending.finish(Duration::from_secs(60)), idp.log_in(&url, "anna", "test"));
//! assert_eq!(identity.unwrap().groups, ["skranke-sagsbehandlere"]);
//! assert!(page.unwrap().body.contains("Du er logget ind"));
//! # }
//! ```
use crate::settings::AuthSettings;
use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, Url};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// The provider's folder, from this crate's manifest directory.
const TOOL_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oidc-test-provider");
/// How long node may take to start and print its issuer (a loaded 2-core machine is slow).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The limit on each request the browser makes.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// The most redirects one browser step follows.
const MAX_REDIRECTS: usize = 10;

/// Why the test provider or the browser step failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestProviderError {
    /// `npm ci` has not been run in tools/oidc-test-provider.
    #[error("the test provider's npm packages are missing: run `npm ci` in {dir}")]
    NodeModulesMissing {
        /// The provider's folder.
        dir: String,
    },
    /// Writing the certificates or starting node failed.
    #[error("cannot start the test provider: {0}")]
    Start(String),
    /// A request of the browser step failed, or the provider answered unexpectedly.
    #[error("browser step: {0}")]
    Browser(String),
    /// The provider showed the login form again: wrong user or password.
    #[error("the test provider refused the login")]
    LoginRefused,
}

/// How to run the provider.
#[derive(Debug, Clone)]
pub struct TestProviderOptions {
    /// The one client's id (default `skranke`).
    pub client_id: String,
    /// The claim the groups go in (default `groups`).
    pub groups_claim: String,
    /// ID token lifetime in seconds (default one hour).
    pub id_token_ttl_seconds: u32,
    /// A JSON file of users (`[{"login","password","name","email","groups"}]`) instead of the
    /// built-in ones.
    pub users_file: Option<PathBuf>,
}

impl Default for TestProviderOptions {
    fn default() -> Self {
        Self {
            client_id: "skranke".to_owned(),
            groups_claim: "groups".to_owned(),
            id_token_ttl_seconds: 3600,
            users_file: None,
        }
    }
}

/// A running test provider; dropping it kills node and removes the certificates.
pub struct TestProvider {
    issuer: String,
    options: TestProviderOptions,
    dir: tempfile::TempDir,
    browser: reqwest::Client,
    _child: Child,
    _stdout: Lines<BufReader<ChildStdout>>,
}

impl std::fmt::Debug for TestProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestProvider").field("issuer", &self.issuer).finish_non_exhaustive()
    }
}

/// The page the browser ended on: the app's answer on the loopback redirect.
#[derive(Debug, Clone)]
pub struct BrowserPage {
    /// HTTP status.
    pub status: u16,
    /// The HTML.
    pub body: String,
}

impl TestProvider {
    /// Starts the provider with the default options.
    pub async fn start() -> Result<TestProvider, TestProviderError> {
        Self::start_with(TestProviderOptions::default()).await
    }

    /// Starts the provider: a CA and a server certificate for 127.0.0.1 in a temporary folder,
    /// node on a free port, and waits for the issuer line.
    pub async fn start_with(options: TestProviderOptions) -> Result<TestProvider, TestProviderError> {
        let tool = Path::new(TOOL_DIR);
        if !tool.join("node_modules/oidc-provider/package.json").is_file() {
            return Err(TestProviderError::NodeModulesMissing { dir: tool.display().to_string() });
        }
        let dir = tempfile::tempdir().map_err(|e| TestProviderError::Start(format!("temporary folder: {e}")))?;
        write_certificates(dir.path())?;
        let stderr_path = dir.path().join("provider.stderr");
        let stderr = std::fs::File::create(&stderr_path).map_err(|e| TestProviderError::Start(e.to_string()))?;
        let mut command = Command::new("node");
        command
            .current_dir(tool)
            .arg("provider.mjs")
            .arg("--cert")
            .arg(dir.path().join("server.pem"))
            .arg("--key")
            .arg(dir.path().join("server.key"))
            .args(["--client-id", &options.client_id, "--groups-claim", &options.groups_claim])
            .args(["--id-token-ttl", &options.id_token_ttl_seconds.to_string()]);
        if let Some(users) = &options.users_file {
            command.arg("--users").arg(users);
        }
        let mut child =
            command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(stderr).kill_on_drop(true).spawn().map_err(
                |e| TestProviderError::Start(format!("cannot run node (Node.js 20 or later is needed): {e}")),
            )?;
        let stdout = child.stdout.take().ok_or_else(|| TestProviderError::Start("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let line = match tokio::time::timeout(START_TIMEOUT, lines.next_line()).await {
            Ok(Ok(Some(line))) => line,
            Ok(Ok(None)) | Ok(Err(_)) => {
                let _ = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
                let log = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                return Err(TestProviderError::Start(format!("node exited before listening:\n{log}")));
            }
            Err(_) => return Err(TestProviderError::Start(format!("no issuer line within {START_TIMEOUT:?}"))),
        };
        let issuer = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| v.get("issuer").and_then(|i| i.as_str()).map(str::to_owned))
            .ok_or_else(|| TestProviderError::Start(format!("unexpected first line: {line:?}")))?;
        let browser = reqwest::Client::builder()
            .tls_backend_preconfigured(
                crate::http::rustls_config(Some(&dir.path().join("ca.pem")))
                    .map_err(|e| TestProviderError::Start(e.to_string()))?,
            )
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| TestProviderError::Start(format!("browser client: {e}")))?;
        Ok(TestProvider { issuer, options, dir, browser, _child: child, _stdout: lines })
    }

    /// The issuer, `https://127.0.0.1:{port}`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The CA certificate (PEM) that signed the provider's certificate.
    pub fn ca_cert_path(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The client id the provider knows.
    pub fn client_id(&self) -> &str {
        &self.options.client_id
    }

    /// Settings for this provider: its issuer, client id, groups claim and CA, scopes `profile`
    /// and `email`, 30 s per call.
    pub fn settings(&self) -> AuthSettings {
        let mut settings = AuthSettings::new(self.issuer.clone(), self.options.client_id.clone());
        settings.groups_claim = self.options.groups_claim.clone();
        settings.ca_cert = Some(self.ca_cert_path());
        settings
    }

    /// The browser's part of a sign-in: opens `authorize_url`, posts `user` and `password` to
    /// the login form, follows the redirects to the loopback redirect URI and returns the app's
    /// page there. Run it beside [`crate::PendingSignIn::finish`] (`tokio::join!`): the page
    /// arrives only when `finish` has answered. [`TestProviderError::LoginRefused`] when the
    /// provider shows the form again.
    pub async fn log_in(
        &self,
        authorize_url: &str,
        user: &str,
        password: &str,
    ) -> Result<BrowserPage, TestProviderError> {
        self.interact(authorize_url, "login", &[("login", user), ("password", password)]).await
    }

    /// The browser's part of a cancelled sign-in: opens `authorize_url`, presses "Annuller" on
    /// the login form and follows the provider's `error=access_denied` redirect to the app.
    pub async fn cancel(&self, authorize_url: &str) -> Result<BrowserPage, TestProviderError> {
        self.interact(authorize_url, "abort", &[]).await
    }

    /// Opens the login form, posts `form` to `/interaction/{uid}/{action}`, follows the rest.
    async fn interact(
        &self,
        authorize_url: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> Result<BrowserPage, TestProviderError> {
        let mut browser = Browser { client: &self.browser, provider: self.origin()?, cookies: BTreeMap::new() };
        let start = Url::parse(authorize_url).map_err(|e| TestProviderError::Browser(format!("authorize URL: {e}")))?;
        let form_url = match browser.navigate(Method::GET, start, None).await? {
            Landed::Provider { url, .. } => url,
            Landed::App(page) => {
                return Err(TestProviderError::Browser(format!("the provider went to the app at once: {page:?}")));
            }
        };
        let uid = form_url
            .path()
            .strip_prefix("/interaction/")
            .filter(|uid| !uid.is_empty() && !uid.contains('/'))
            .ok_or_else(|| TestProviderError::Browser(format!("expected the login form, got {form_url}")))?
            .to_owned();
        let target = form_url
            .join(&format!("/interaction/{uid}/{action}"))
            .map_err(|e| TestProviderError::Browser(e.to_string()))?;
        let body = openidconnect::url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        match browser.navigate(Method::POST, target, Some(body)).await? {
            Landed::App(page) => Ok(page),
            Landed::Provider { body, .. } if body.contains("Forkert brugernavn") => {
                Err(TestProviderError::LoginRefused)
            }
            Landed::Provider { url, status, .. } => {
                Err(TestProviderError::Browser(format!("stayed at the provider: HTTP {status} at {url}")))
            }
        }
    }

    /// The provider's origin, to tell its pages from the app's.
    fn origin(&self) -> Result<Url, TestProviderError> {
        Url::parse(&self.issuer).map_err(|e| TestProviderError::Browser(format!("issuer: {e}")))
    }
}

/// Where a browser step ended.
enum Landed {
    /// A page of the provider (the login form, an error).
    Provider { url: Url, status: u16, body: String },
    /// The app's page on the loopback redirect.
    App(BrowserPage),
}

/// One browser session: the provider's cookies, kept by hand (every cookie sent to every path:
/// the provider's names do not collide).
struct Browser<'a> {
    client: &'a reqwest::Client,
    provider: Url,
    cookies: BTreeMap<String, String>,
}

impl Browser<'_> {
    /// Requests `url` and follows redirects until a page: the provider's or the app's.
    async fn navigate(
        &mut self,
        method: Method,
        mut url: Url,
        mut form: Option<String>,
    ) -> Result<Landed, TestProviderError> {
        let mut method = method;
        for _ in 0..MAX_REDIRECTS {
            let to_provider = url.origin() == self.provider.origin();
            let mut request = self.client.request(method.clone(), url.clone());
            if to_provider && !self.cookies.is_empty() {
                let header = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
                request = request.header(COOKIE, header);
            }
            if let Some(body) = form.take() {
                request = request.header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(body);
            }
            let response = request.send().await.map_err(|e| TestProviderError::Browser(format!("{url}: {e}")))?;
            if to_provider {
                self.keep_cookies(&response);
            }
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| TestProviderError::Browser(format!("redirect without Location from {url}")))?;
                url = url
                    .join(location)
                    .map_err(|e| TestProviderError::Browser(format!("Location {location:?}: {e}")))?;
                method = Method::GET;
                continue;
            }
            let body = response.text().await.map_err(|e| TestProviderError::Browser(format!("{url}: {e}")))?;
            return Ok(if to_provider {
                Landed::Provider { url, status: status.as_u16(), body }
            } else {
                Landed::App(BrowserPage { status: status.as_u16(), body })
            });
        }
        Err(TestProviderError::Browser(format!("more than {MAX_REDIRECTS} redirects")))
    }

    /// Stores the `Set-Cookie`s of an answer; an expired or empty one deletes the cookie.
    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all(SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let mut parts = text.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else { continue };
            let deleted = value.is_empty()
                || parts
                    .map(|a| a.trim().to_ascii_lowercase())
                    .any(|a| a == "max-age=0" || a.starts_with("expires=thu, 01 jan 1970"));
            if deleted {
                self.cookies.remove(name.trim());
            } else {
                self.cookies.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }
}

/// Writes a throw-away PKI into `dir`: `ca.pem` (a new CA), `server.pem` and `server.key` (a
/// certificate for 127.0.0.1 and localhost signed by it, and its PKCS#8 key). Tests that run
/// their own fake provider use it too.
pub fn write_certificates(dir: &Path) -> Result<(), TestProviderError> {
    let fail = |e: rcgen::Error| TestProviderError::Start(format!("certificate: {e}"));
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(fail)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "Skranke OIDC Test CA");
    let ca_key = KeyPair::generate().map_err(fail)?;
    let ca_cert = ca_params.self_signed(&ca_key).map_err(fail)?;
    let issuer = Issuer::new(ca_params, ca_key);
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).map_err(fail)?;
    params.distinguished_name.push(DnType::CommonName, "127.0.0.1");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().map_err(fail)?;
    let cert = params.signed_by(&key, &issuer).map_err(fail)?;
    for (name, text) in [("ca.pem", ca_cert.pem()), ("server.pem", cert.pem()), ("server.key", key.serialize_pem())] {
        std::fs::write(dir.join(name), text).map_err(|e| TestProviderError::Start(format!("writing {name}: {e}")))?;
    }
    Ok(())
}
