//! The ID token checks, through the real validation path (code exchange, key set fetch,
//! openidconnect's verifier) against the fake provider: a valid token passes, and each spoiled
//! claim or signature gives its own error. Also the fake's discovery misbehaviours.
use crate::fake_provider::{FakeProvider, TokenAnswer, TokenPlan};
use crate::util::{BROWSER_WAIT, browser_get, param};
use chrono::{TimeDelta, Utc};
use skranke_auth::{AuthError, Identity, Provider, TokenRejection};

/// A whole sign-in against the fake: `spoil` changes the valid token before it is signed;
/// `answer` decides what the token endpoint sends for the signed token.
async fn sign_in_with(
    fake: &FakeProvider,
    spoil: impl FnOnce(&mut TokenPlan),
    answer: impl FnOnce(String) -> TokenAnswer,
) -> (Result<Identity, AuthError>, u16) {
    let provider = Provider::discover(&fake.settings()).await.expect("discover");
    let pending = provider.begin().await.expect("begin");
    let url = pending.authorize_url().to_owned();
    let mut plan = fake.valid_plan(&param(&url, "nonce"));
    spoil(&mut plan);
    fake.answer_with(answer(fake.sign(&plan)));
    let redirect = format!("{}?code=c&state={}", pending.redirect_uri(), param(&url, "state"));
    let (outcome, (status, _)) = tokio::join!(pending.finish(BROWSER_WAIT), browser_get(&redirect));
    (outcome, status)
}

/// A sign-in whose token is `spoil`ed, answered with today's `Date`.
async fn outcome(spoil: impl FnOnce(&mut TokenPlan)) -> Result<Identity, AuthError> {
    let fake = FakeProvider::start().await;
    sign_in_with(&fake, spoil, |token| TokenAnswer::Tokens { id_token: Some(token), date: Utc::now() }).await.0
}

fn rejected(outcome: &Result<Identity, AuthError>) -> Option<TokenRejection> {
    match outcome {
        Err(AuthError::TokenRejected { reason }) => Some(*reason),
        _ => None,
    }
}

#[tokio::test]
async fn a_valid_token_gives_the_identity() {
    let fake = FakeProvider::start().await;
    let (identity, status) =
        sign_in_with(&fake, |_| {}, |token| TokenAnswer::Tokens { id_token: Some(token), date: Utc::now() }).await;
    let identity = identity.expect("valid token");
    assert_eq!(identity.subject, "sub-fake");
    assert_eq!(identity.groups, vec!["skranke-sagsbehandlere".to_owned()]);
    assert_eq!(identity.username, None);
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_rejected() {
    let outcome = outcome(|plan| plan.rogue_key = true).await;
    assert_eq!(rejected(&outcome), Some(TokenRejection::Signature), "{outcome:?}");
}

#[tokio::test]
async fn a_token_from_another_issuer_is_rejected() {
    let outcome = outcome(|plan| plan.issuer = "https://evil.example".into()).await;
    assert_eq!(rejected(&outcome), Some(TokenRejection::Issuer), "{outcome:?}");
}

#[tokio::test]
async fn a_token_for_another_client_is_rejected() {
    let outcome = outcome(|plan| plan.audience = "another-app".into()).await;
    assert_eq!(rejected(&outcome), Some(TokenRejection::Audience), "{outcome:?}");
}

#[tokio::test]
async fn a_token_with_another_or_no_nonce_is_rejected() {
    let outcome_other = outcome(|plan| plan.nonce = Some("replayed".into())).await;
    assert_eq!(rejected(&outcome_other), Some(TokenRejection::Nonce), "{outcome_other:?}");
    let outcome_none = outcome(|plan| plan.nonce = None).await;
    assert_eq!(rejected(&outcome_none), Some(TokenRejection::Nonce), "{outcome_none:?}");
}

#[tokio::test]
async fn an_expired_token_is_expired_when_the_clocks_agree() {
    let outcome = outcome(|plan| {
        plan.issued = Utc::now() - TimeDelta::hours(2);
        plan.expires = Utc::now() - TimeDelta::hours(1);
    })
    .await;
    assert!(matches!(outcome, Err(AuthError::Expired)), "{outcome:?}");
}

#[tokio::test]
async fn a_token_expired_within_the_allowed_skew_is_accepted() {
    let outcome = outcome(|plan| plan.expires = Utc::now() - TimeDelta::minutes(1)).await;
    assert!(outcome.is_ok(), "{outcome:?}");
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_clock_skew() {
    let outcome = outcome(|plan| {
        plan.issued = Utc::now() + TimeDelta::hours(1);
        plan.expires = Utc::now() + TimeDelta::hours(2);
    })
    .await;
    assert!(matches!(outcome, Err(AuthError::ClockSkew { .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_token_response_without_an_id_token_is_rejected() {
    let fake = FakeProvider::start().await;
    let (outcome, status) =
        sign_in_with(&fake, |_| {}, |_| TokenAnswer::Tokens { id_token: None, date: Utc::now() }).await;
    assert_eq!(rejected(&outcome), Some(TokenRejection::Missing), "{outcome:?}");
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_refused_code_exchange_is_the_providers_refusal() {
    let fake = FakeProvider::start().await;
    let (outcome, _) =
        sign_in_with(&fake, |_| {}, |_| TokenAnswer::Error { status: 400, error: "invalid_grant" }).await;
    assert!(matches!(&outcome, Err(AuthError::ProviderRefused { error }) if error == "invalid_grant"), "{outcome:?}");
}

#[tokio::test]
async fn a_redirecting_or_oversized_discovery_answer_is_invalid() {
    let fake = FakeProvider::start().await;
    for path in ["redirecting", "huge"] {
        let mut settings = fake.settings();
        settings.issuer = format!("{}/{path}", fake.issuer);
        let outcome = Provider::discover(&settings).await;
        assert!(matches!(outcome, Err(AuthError::ProviderAnswerInvalid { .. })), "{path}: {outcome:?}");
    }
}
