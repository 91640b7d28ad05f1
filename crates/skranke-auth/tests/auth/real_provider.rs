//! Sign-ins through the real provider (node `oidc-provider`): each user with their groups, a
//! cancel in the browser, a forged redirect, a timeout, a provider that is not there or not
//! trusted, the groups claim, and a PC whose clock is wrong.
use crate::util::{BROWSER_WAIT, browser_get, param, sign_in};
use chrono::{TimeDelta, Utc};
use skranke_auth::test_provider::{TestProvider, TestProviderError, TestProviderOptions};
use skranke_auth::{AuthError, Provider};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn each_test_user_signs_in_with_their_groups() {
    let idp = TestProvider::start().await.expect("provider");
    let provider = Provider::discover(&idp.settings()).await.expect("discover");
    let cases = [
        ("anna", "Anna Andersen", "skranke-sagsbehandlere"),
        ("bo", "Bo Bertelsen", "skranke-supervisorer"),
        ("it-ida", "Ida Iversen", "skranke-it"),
        ("nils", "Nils Nielsen", "andet"),
    ];
    // One Provider for all: every sign-in fetches the keys and binds a new port.
    for (user, name, group) in cases {
        let (identity, page) = sign_in(&idp, &provider, user, "test").await;
        let identity = identity.unwrap_or_else(|e| panic!("{user}: {e}"));
        assert_eq!(identity.subject, format!("sub-{user}"));
        assert_eq!(identity.issuer, idp.issuer());
        assert_eq!(identity.name.as_deref(), Some(name));
        assert_eq!(identity.username.as_deref(), Some(user));
        assert_eq!(identity.groups, vec![group.to_owned()], "{user}");
        let page = page.expect("browser");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Du er logget ind. Du kan lukke dette vindue og vende tilbage til Skranke."));
    }
}

#[tokio::test]
async fn the_authorization_url_asks_for_the_code_flow_with_pkce_and_the_scopes() {
    let idp = TestProvider::start().await.expect("provider");
    let mut settings = idp.settings();
    settings.scopes = vec!["profile".into(), "openid".into(), "profile".into(), "email".into()];
    let pending = Provider::discover(&settings).await.expect("discover").begin().await.expect("begin");
    let url = pending.authorize_url();
    assert!(url.starts_with(&format!("{}/auth?", idp.issuer())), "{url}");
    assert_eq!(param(url, "response_type"), "code");
    assert_eq!(param(url, "client_id"), "skranke");
    assert_eq!(param(url, "code_challenge_method"), "S256");
    assert_eq!(param(url, "scope"), "openid profile email");
    assert_eq!(param(url, "redirect_uri"), pending.redirect_uri());
    assert!(pending.redirect_uri().starts_with("http://127.0.0.1:") && pending.redirect_uri().ends_with("/callback"));
    assert!(param(url, "state").len() >= 16 && param(url, "nonce").len() >= 16);
    assert!(param(url, "code_challenge").len() >= 43);
}

#[tokio::test]
async fn cancelling_in_the_browser_is_cancelled() {
    let idp = TestProvider::start().await.expect("provider");
    let provider = Provider::discover(&idp.settings()).await.expect("discover");
    let pending = provider.begin().await.expect("begin");
    let url = pending.authorize_url().to_owned();
    let (outcome, page) = tokio::join!(pending.finish(BROWSER_WAIT), idp.cancel(&url));
    assert!(matches!(outcome, Err(AuthError::Cancelled)), "{outcome:?}");
    let page = page.expect("browser");
    assert_eq!(page.status, 400);
    assert!(page.body.contains("Login blev annulleret"), "{}", page.body);
}

#[tokio::test]
async fn a_wrong_password_stays_at_the_provider_and_a_dropped_sign_in_closes_its_port() {
    let idp = TestProvider::start().await.expect("provider");
    let provider = Provider::discover(&idp.settings()).await.expect("discover");
    let pending = provider.begin().await.expect("begin");
    let refused = idp.log_in(pending.authorize_url(), "anna", "wrong").await;
    assert!(matches!(refused, Err(TestProviderError::LoginRefused)), "{refused:?}");
    let port = reqwest::Url::parse(&pending.redirect_uri()).expect("uri").port().expect("port");
    drop(pending);
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err(), "the listener is still open");
}

#[tokio::test]
async fn a_redirect_with_another_state_ends_the_sign_in() {
    let idp = TestProvider::start().await.expect("provider");
    let provider = Provider::discover(&idp.settings()).await.expect("discover");
    let pending = provider.begin().await.expect("begin");
    let forged = format!("{}?code=stolen&state=not-this-sign-in&iss={}", pending.redirect_uri(), idp.issuer());
    let (outcome, (status, body)) = tokio::join!(pending.finish(BROWSER_WAIT), browser_get(&forged));
    assert!(matches!(outcome, Err(AuthError::StateMismatch)), "{outcome:?}");
    assert_eq!(status, 400);
    assert!(body.contains("hører ikke til"), "{body}");
}

#[tokio::test]
async fn no_browser_answer_times_out() {
    let idp = TestProvider::start().await.expect("provider");
    let pending = Provider::discover(&idp.settings()).await.expect("discover").begin().await.expect("begin");
    let outcome = pending.finish(Duration::from_millis(300)).await;
    assert!(matches!(outcome, Err(AuthError::TimedOut)), "{outcome:?}");
}

#[tokio::test]
async fn a_provider_that_is_not_there_is_unreachable() {
    let idp = TestProvider::start().await.expect("provider");
    // A port nothing listens on: bound by us, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let mut settings = idp.settings();
    settings.issuer = format!("https://127.0.0.1:{port}");
    let outcome = Provider::discover(&settings).await;
    assert!(matches!(outcome, Err(AuthError::ProviderUnreachable { .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_provider_certificate_from_an_unknown_ca_is_untrusted() {
    let idp = TestProvider::start().await.expect("provider");
    let mut settings = idp.settings();
    settings.ca_cert = None;
    let outcome = Provider::discover(&settings).await;
    assert!(matches!(outcome, Err(AuthError::ProviderUntrusted { .. })), "{outcome:?}");
}

#[tokio::test]
async fn an_issuer_that_is_not_https_or_not_the_documents_is_refused() {
    let idp = TestProvider::start().await.expect("provider");
    let mut settings = idp.settings();
    settings.issuer = idp.issuer().replace("https://", "http://");
    assert!(matches!(Provider::discover(&settings).await, Err(AuthError::Settings(_))));
    // Same server under another name: the discovery document names another issuer.
    settings.issuer = idp.issuer().replace("127.0.0.1", "localhost");
    let outcome = Provider::discover(&settings).await;
    assert!(matches!(outcome, Err(AuthError::ProviderAnswerInvalid { .. })), "{outcome:?}");
}

#[tokio::test]
async fn the_configured_groups_claim_is_read_and_a_missing_one_is_an_error() {
    let options = TestProviderOptions { groups_claim: "roles".into(), ..TestProviderOptions::default() };
    let idp = TestProvider::start_with(options).await.expect("provider");
    let provider = Provider::discover(&idp.settings()).await.expect("discover");
    let (identity, _) = sign_in(&idp, &provider, "bo", "test").await;
    assert_eq!(identity.expect("sign-in").groups, vec!["skranke-supervisorer".to_owned()]);

    let mut settings = idp.settings();
    settings.groups_claim = "groups".into();
    let provider = Provider::discover(&settings).await.expect("discover");
    let (outcome, page) = sign_in(&idp, &provider, "bo", "test").await;
    assert!(
        matches!(&outcome, Err(AuthError::GroupsClaimMissing { claim, overage: false }) if claim == "groups"),
        "{outcome:?}"
    );
    assert!(page.expect("browser").body.contains("grupper"));
}

#[tokio::test]
async fn a_pc_clock_ahead_or_behind_is_clock_skew() {
    let idp = TestProvider::start().await.expect("provider");
    let provider = Provider::discover(&idp.settings()).await.expect("discover");
    // Two hours ahead: the one-hour token looks expired, and the provider's Date header says
    // the PC is ahead.
    let ahead = provider.clone().with_clock(Arc::new(|| Utc::now() + TimeDelta::hours(2)));
    let (outcome, page) = sign_in(&idp, &ahead, "anna", "test").await;
    match outcome {
        Err(AuthError::ClockSkew { pc_clock_ahead_by_seconds: Some(s) }) => {
            assert!((7000..7400).contains(&s), "{s}");
        }
        other => panic!("{other:?}"),
    }
    assert!(page.expect("browser").body.contains("pc'ens ur"));
    // Two hours behind: the token was issued in the future.
    let behind = provider.with_clock(Arc::new(|| Utc::now() - TimeDelta::hours(2)));
    let (outcome, _) = sign_in(&idp, &behind, "anna", "test").await;
    assert!(
        matches!(outcome, Err(AuthError::ClockSkew { pc_clock_ahead_by_seconds: Some(s) }) if s < -7000),
        "{outcome:?}"
    );
}
