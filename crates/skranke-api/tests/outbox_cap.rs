//! The cap on what waits (issue 16.4), in demo mode against the embedded simulators, with the
//! gateway refusing connections so captures stay unsent: over `[outbox] max_unsent` or past
//! `max_unsent_hours` the header status carries `over_cap` (with the reason and the numbers);
//! with `block_new_when_over` a new case is refused with `outbox_over_cap` until the queue is
//! sent, while a case already open can still be sent; without it nothing is refused.
mod support;

use skranke_api::demo::{DecisionSettings, GatewayFault};
use skranke_api::json::{OverCap, OverCapReason, Role};
use skranke_api::{Code, ManualClock, OpenOptions, Skranke};
use std::path::Path;
use std::sync::Arc;
use support::{portrait, signature, small_bundle};

const CPR: &str = "120385-1002";
const CASE_REF: &str = "KK-2026-000001";

/// A demo Skranke on `clock` with at most 2 unsent captures for at most 1 hour, signed in as a
/// clerk; the gateway refuses every connection. The idle lock is far away: the tests move the
/// clock by hours.
async fn demo(dir: &Path, clock: Arc<ManualClock>, block: bool) -> Skranke {
    let path = dir.join("config.toml");
    let config = format!(
        "mode = \"demo\"\ndata_dir = {:?}\n\n# Overrides are sent at once: these tests are about delivery (tests/review.rs holds them).\n[review]\noverrides = \"none\"\n\n[security]\nidle_lock_minutes = 100000\n\n\
         [outbox]\nmax_unsent = 2\nmax_unsent_hours = 1\nblock_new_when_over = {block}\n",
        dir.join("data").display().to_string()
    );
    std::fs::write(&path, config).expect("write config");
    let app = Skranke::start_with_clock(OpenOptions { config_path: Some(&path) }, clock).await.expect("demo starts");
    let gw = app.demo_simulators().expect("sims").gateway_control();
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    gw.set_fault(GatewayFault::Refuse);
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    app
}

/// Queues `n` captures the way `skranke queue add` does (as IT), then signs the clerk back in and
/// runs a pass: the gateway refuses, so they stay unsent.
async fn queue_unsent(app: &Skranke, n: usize) {
    app.sign_in(Role::It, None).expect("the command line acts as IT");
    for _ in 0..n {
        app.queue_add(&small_bundle(uuid::Uuid::now_v7())).expect("queued");
    }
    app.sign_in(Role::Clerk, Some("Test")).expect("clerk again");
    app.send_pass().await.expect("pass (the gateway refuses: nothing leaves)");
}

#[tokio::test]
async fn more_than_max_unsent_is_over_by_count_and_without_blocking_a_case_still_opens() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), Arc::new(ManualClock::at(chrono::Utc::now())), false).await;
    queue_unsent(&app, 2).await;
    let status = app.status();
    assert_eq!((status.queued, status.over_cap), (2, None), "two unsent is within a cap of two");

    queue_unsent(&app, 1).await;
    let status = app.status();
    assert_eq!(status.queued, 3, "the refusing gateway kept them all");
    assert_eq!(
        status.over_cap,
        Some(OverCap { reason: OverCapReason::Count, unsent: 3, max_unsent: 2, oldest_hours: Some(0), max_hours: 1 })
    );
    let json = serde_json::to_value(&status).expect("json");
    assert_eq!(json["overCap"]["reason"], "count");
    assert_eq!(json["overCap"]["maxUnsent"], 2);

    let case = app.case_open(CPR, CASE_REF, false).await.expect("block_new_when_over = false: the case opens");
    assert!(case.blocked.is_none());
}

#[tokio::test]
async fn an_unsent_capture_older_than_max_unsent_hours_is_over_by_age() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::at(chrono::Utc::now()));
    let app = demo(t.path(), clock.clone(), false).await;
    queue_unsent(&app, 1).await;
    assert_eq!(app.status().over_cap, None);

    clock.advance(chrono::Duration::hours(1));
    assert_eq!(app.status().over_cap, None, "exactly max_unsent_hours old is within the cap");
    clock.advance(chrono::Duration::seconds(1));
    let status = app.status();
    assert_eq!(
        status.over_cap,
        Some(OverCap { reason: OverCapReason::Age, unsent: 1, max_unsent: 2, oldest_hours: Some(1), max_hours: 1 })
    );
    assert_eq!(serde_json::to_value(&status).expect("json")["overCap"]["reason"], "age");
    app.case_open(CPR, CASE_REF, false).await.expect("not blocking: the case opens");
}

/// With `block_new_when_over`: a case opened before the cap was passed is still sent, a new case
/// is refused with `outbox_over_cap` (the status says why), and once the queue has been sent the
/// header clears and cases open again.
#[tokio::test]
async fn block_new_when_over_refuses_new_cases_until_the_queue_drains() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::at(chrono::Utc::now()));
    let app = demo(t.path(), clock.clone(), true).await;
    queue_unsent(&app, 2).await;
    app.case_open(CPR, CASE_REF, false).await.expect("at the cap, not over it: the case opens");

    // The queue ages past the limit while the clerk works on the open case.
    clock.advance(chrono::Duration::hours(2));
    assert_eq!(app.status().over_cap.map(|o| o.reason), Some(OverCapReason::Age));
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo");
    app.signature_accept(signature()).expect("signature");
    assert!(app.send_case().expect("the open case can still be sent").stored);

    let refused = app.case_open(CPR, CASE_REF, false).await.expect_err("over the cap: no new case");
    assert_eq!(refused.code, Code::OutboxOverCap);
    assert!(refused.message.contains("over its cap"), "{}", refused.message);
    assert!(app.case_current().expect("case").is_none(), "nothing opened");
    let over = app.status().over_cap.expect("still over");
    assert_eq!((over.reason, over.unsent), (OverCapReason::Count, 3));

    // The gateway comes back and the queue is sent: the header clears and cases open again.
    app.demo_simulators().expect("sims").gateway_control().set_fault(GatewayFault::None);
    for _ in 0..20 {
        app.queue_retry(None).expect("due now");
        app.send_pass().await.expect("pass");
        let s = app.queue_status().expect("status");
        if s.queued + s.sending == 0 {
            break;
        }
    }
    let status = app.status();
    assert_eq!((status.queued, status.over_cap), (0, None), "sent: within the cap again");
    app.case_open(CPR, CASE_REF, false).await.expect("the queue was sent: the case opens");
}
