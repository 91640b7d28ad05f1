//! Production mode through the façade: a clerk signs in at the municipality's identity provider
//! (a real OpenID Connect provider, tools/oidc-test-provider, with the browser's part played by
//! the test) and makes a whole capture against the simulators over mutual TLS; the failures a
//! clerk can meet at sign-in each give their code and the ones that count are audited.
mod support;

use skranke_api::demo::{DecisionSettings, SimIdentityProvider, SimOptions, Simulators};
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::session::LockReason;
use skranke_api::{Code, OpenOptions, Skranke};
use skranke_auth::test_provider::TestProvider;
use std::path::Path;
use support::{portrait, settle, signature};

/// A production Skranke against fresh simulators and `idp`, written by `skranke sim --write-config`'s code.
async fn production(dir: &Path, idp: &SimIdentityProvider) -> (Skranke, Simulators) {
    let pki = dir.join("pki");
    let sims =
        Simulators::start(SimOptions { pki_dir: Some(pki.clone()), ..SimOptions::default() }).await.expect("sims");
    let group = skranke_api::demo::own_os_group().expect("group");
    let path = dir.join("production.toml");
    // Overrides are sent at once here: this test is about sign-in and delivery (tests/review.rs
    // holds them for a supervisor).
    let config = skranke_api::demo::production_config(&sims, &pki, &dir.join("data"), idp, &group);
    std::fs::write(&path, format!("{config}\n[review]\noverrides = \"none\"\n")).expect("write config");
    let app = Skranke::start(OpenOptions { config_path: Some(&path) }).await.expect("production starts");
    assert_eq!(app.config().mode, skranke_api::config::Mode::Production);
    (app, sims)
}

fn idp_of(provider: &TestProvider) -> SimIdentityProvider {
    SimIdentityProvider { issuer: provider.issuer().to_string(), ca_cert: Some(provider.ca_cert_path()) }
}

/// Signs `user` in: the app starts the sign-in, the "browser" logs in, the app finishes.
async fn sign_in(
    app: &Skranke,
    provider: &TestProvider,
    user: &str,
) -> Result<skranke_api::json::User, skranke_api::ApiError> {
    let started = app.sign_in_start().await?;
    let (finished, page) = tokio::join!(app.sign_in_finish(), provider.log_in(&started.authorize_url, user, "test"));
    page.expect("the browser reaches the app's page");
    finished
}

#[tokio::test]
async fn a_clerk_signs_in_through_the_provider_and_makes_a_whole_capture() {
    let t = tempfile::tempdir().expect("tempdir");
    let provider = TestProvider::start().await.expect("test provider");
    let (app, sims) = production(t.path(), &idp_of(&provider)).await;
    sims.gateway_control().set_decisions(DecisionSettings {
        delay_ms: 0,
        reject_share: 0.0,
        ..DecisionSettings::default()
    });

    assert_eq!(app.case_current().expect_err("nobody yet").code, Code::NotSignedIn);
    let anna = sign_in(&app, &provider, "anna").await.expect("anna signs in");
    assert_eq!((anna.id.as_str(), anna.name.as_str(), anna.role), ("anna", "Anna Andersen", Role::Clerk));

    app.case_open("1203851002", "KK-2026-000001", false).await.expect("case opens");
    let lookups = sims.cpr_control().log();
    assert_eq!(lookups.last().and_then(|l| l.on_behalf_of.as_deref()), Some("anna"), "SF1520 carries the clerk");
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo");
    app.signature_accept(signature()).expect("signature");
    let sent = app.send_case().expect("send");
    assert_eq!(settle(&app, &sent.capture_id).await, OutboxState::Accepted);
    assert!(sims.gateway_control().capture(uuid::Uuid::parse_str(&sent.capture_id).expect("uuid")).is_some());

    // Every entry of the capture names anna; the IT account reads the trail.
    app.sign_in_os_account().expect("the OS account is in the IT group written");
    let audit = app.audit_recent(50).expect("audit");
    let mine = |action: &str| audit.iter().filter(|e| e.action == action).all(|e| e.user_id == "anna");
    assert!(audit.iter().any(|e| e.action == "cpr_lookup") && mine("cpr_lookup") && mine("cpr_lookup_result"));
    assert!(audit.iter().any(|e| e.action == "sign_in" && e.user_id == "anna" && e.details.contains("provider")));
    assert_eq!(app.audit_verify().expect("verify").broken_at, None);
    sims.shutdown();
}

#[tokio::test]
async fn sign_in_failures_give_their_codes_and_the_counted_ones_are_audited() {
    let t = tempfile::tempdir().expect("tempdir");
    let provider = TestProvider::start().await.expect("test provider");
    let (app, sims) = production(t.path(), &idp_of(&provider)).await;

    assert_eq!(app.sign_in(Role::Clerk, None).expect_err("demo").code, Code::DemoSignInRefused);
    assert_eq!(app.sign_in_finish().await.expect_err("not started").code, Code::SignInNotStarted);

    // Nils is in no mapped group: refused and counted.
    assert_eq!(sign_in(&app, &provider, "nils").await.expect_err("no role").code, Code::SignInNoRole);

    // Cancelled in the browser.
    let started = app.sign_in_start().await.expect("start");
    let (finished, page) = tokio::join!(app.sign_in_finish(), provider.cancel(&started.authorize_url));
    page.expect("the browser reaches the app's page");
    assert_eq!(finished.expect_err("cancelled").code, Code::SignInCancelled);

    // Cancelled in Skranke while waiting for the browser.
    app.sign_in_start().await.expect("start");
    let (finished, ()) = tokio::join!(app.sign_in_finish(), async {
        // join! polls finish first: it has taken the sign-in and waits when this runs.
        tokio::task::yield_now().await;
        app.sign_in_cancel().expect("cancel");
    });
    assert_eq!(finished.expect_err("cancelled").code, Code::SignInCancelled);

    // Anna locks, Bo may not unlock (counted), Anna may.
    sign_in(&app, &provider, "anna").await.expect("anna");
    app.session_lock(LockReason::ByUser).expect("lock");
    assert_eq!(sign_in(&app, &provider, "bo").await.expect_err("bo").code, Code::UnlockWrongUser);
    let anna = sign_in(&app, &provider, "anna").await.expect("anna unlocks");
    assert_eq!(anna.role, Role::Clerk);
    assert!(!app.session_view().expect("view").locked);

    app.sign_in_os_account().expect("IT reads the trail");
    let audit = app.audit_recent(40).expect("audit");
    let failed: Vec<_> = audit.iter().filter(|e| e.action == "sign_in_failed").map(|e| e.outcome.as_str()).collect();
    assert_eq!(failed, vec!["wrong_user_at_unlock", "no_role"], "newest first: {audit:?}");
    assert!(audit.iter().any(|e| e.action == "access_refused" && e.outcome == "demo_sign_in_refused"));
    assert!(audit.iter().any(|e| e.action == "session_unlocked" && e.user_id == "anna"));
    sims.shutdown();
}

#[tokio::test]
async fn an_unreachable_provider_is_a_clear_error() {
    let t = tempfile::tempdir().expect("tempdir");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let idp = SimIdentityProvider { issuer: format!("https://127.0.0.1:{port}"), ca_cert: None };
    let (app, sims) = production(t.path(), &idp).await;
    assert_eq!(app.sign_in_start().await.expect_err("down").code, Code::IdentityProviderUnreachable);
    assert!(app.session_view().expect("view").user.is_none());
    sims.shutdown();
}
