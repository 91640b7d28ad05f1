//! The send step below the UI, in demo mode against the embedded simulators over real mutual TLS:
//! a case with a real photo (checked by the real face model) and a real signature becomes an
//! encrypted outbox entry, and the sender delivers it exactly once through gateway faults, an
//! unverified CPR number and producer rejections.
mod support;

use skranke_api::demo::{DecisionSettings, GatewayFault};
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::{Code, OpenOptions, Skranke};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use support::{portrait, settle, signature, small_bundle, state};

async fn demo(dir: &Path) -> Skranke {
    demo_on(dir, Arc::new(skranke_api::SystemClock)).await
}

/// A demo Skranke on `clock`, signed in, whose simulated producer decides at once.
async fn demo_on(dir: &Path, clock: Arc<dyn skranke_api::Clock>) -> Skranke {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("mode = \"demo\"\ndata_dir = {:?}\n\n# Overrides are sent at once: these tests are about delivery (tests/review.rs holds them).\n[review]\noverrides = \"none\"\n", dir.join("data").display().to_string()))
        .expect("write config");
    let app = Skranke::start_with_clock(OpenOptions { config_path: Some(&path) }, clock).await.expect("demo starts");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    // The producer decides at once and accepts everything unless a test says otherwise.
    let gw = app.demo_simulators().expect("sims").gateway_control();
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    app
}

/// Opens a case, takes photo and signature and presses Send; returns the capture id.
async fn capture(app: &Skranke, cpr: &str, allow_unverified: bool) -> String {
    app.case_open(cpr, "KK-2026-000001", allow_unverified).await.expect("case opens");
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    assert!(check.crop_data_url.is_some(), "a face was found");
    let passed = check.report.passed();
    app.photo_accept(if passed { None } else { Some("test: demo portrait") }).expect("photo accepted");
    app.signature_accept(signature()).expect("signature accepted");
    let sent = app.send_case().expect("send");
    assert!(sent.stored);
    assert!(app.case_current().expect("case").is_none(), "Send closes the case");
    sent.capture_id
}

#[tokio::test]
async fn a_capture_is_delivered_once_and_shredded_on_acceptance() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let id = capture(&app, "120385-1002", false).await;
    assert_eq!(app.queue_status().expect("status").queued, 1);
    assert_eq!(state(&app, &id), OutboxState::Queued);

    assert_eq!(settle(&app, &id).await, OutboxState::Accepted);
    let gw = app.demo_simulators().expect("sims").gateway_control();
    let stored: Vec<_> = gw.captures().into_iter().filter(|c| c.capture_id.to_string() == id).collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].stored, 1, "stored exactly once");
    let bundle = skranke_api::bundle::Bundle::read(&stored[0].bytes).expect("the gateway got a valid bundle");
    let m = bundle.manifest();
    assert_eq!(
        (m.case_ref.as_str(), m.person.card_name.as_str(), m.municipality.as_str()),
        ("KK-2026-000001", "Anne Demo Hansen", "0999")
    );
    assert!(!m.flags.cpr_unverified);

    let item = app.queue_list(vec![OutboxState::Accepted], None).expect("list").pop().expect("accepted");
    assert_eq!(item.cpr_masked.as_deref(), Some("120385-xxxx"));
    assert!(item.receipt_id.is_some());
    assert!(!item.has_bundle, "accepted: photo, signature and key are shredded");
    let status = app.status();
    assert_eq!((status.queued, status.problem), (0, None));
    assert_eq!(status.connection, skranke_api::json::Connection::Online);

    // The audit trail has the capture, the upload and the acceptance.
    app.sign_in(Role::It, None).expect("IT reads the audit trail");
    let audit = app.audit_recent(50).expect("audit");
    for outcome in ["photo_accepted", "signature_accepted", "queued", "uploaded", "accepted_by_producer"] {
        assert!(
            audit.iter().any(|e| e.outcome == outcome
                || (outcome == "photo_accepted" && e.outcome == "photo_accepted_with_override")),
            "no audit entry {outcome}"
        );
    }
    assert_eq!(app.audit_verify().expect("verify").broken_at, None);
}

#[tokio::test]
async fn send_needs_an_open_unblocked_case_with_photo_and_signature() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    assert_eq!(app.send_case().expect_err("no case").code, Code::NoOpenCase);
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case");
    assert_eq!(app.send_case().expect_err("no photo").code, Code::PhotoMissing);
    assert_eq!(app.photo_accept(None).expect_err("nothing taken").code, Code::PhotoMissing);
    app.photo_check_bytes(&portrait()).expect("photo");
    app.photo_accept(Some("test")).expect("photo accepted");
    assert_eq!(app.send_case().expect_err("no signature").code, Code::SignatureMissing);
    app.case_open("010130-1028", "KK-2026-000001", false).await.expect("dead person's case");
    assert_eq!(app.photo_check_bytes(&portrait()).expect_err("blocked").code, Code::CaseBlocked);
    assert_eq!(app.send_case().expect_err("blocked").code, Code::CaseBlocked);
    assert_eq!(app.queue_status().expect("status").queued, 0);
}

#[tokio::test]
async fn a_failing_photo_needs_a_written_reason() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case");
    // A dark, small copy of the portrait fails the exposure checks.
    let img = image::load_from_memory(&portrait()).expect("decode").to_rgb8();
    let dark = image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let p = img.get_pixel(x, y);
        image::Rgb([p[0] / 6, p[1] / 6, p[2] / 6])
    });
    let view = app.photo_check_frame(&dark).expect("checked");
    assert!(!view.report.passed(), "a very dark photo fails");
    assert_eq!(app.photo_accept(None).expect_err("reason needed").code, Code::PhotoChecksFailed);
    assert_eq!(app.photo_accept(Some("   ")).expect_err("blank reason").code, Code::PhotoChecksFailed);
    app.photo_accept(Some("Borgeren kan ikke andet")).expect("accepted with reason");
    app.sign_in(Role::It, None).expect("IT reads the audit trail");
    let audit = app.audit_recent(5).expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.outcome == "photo_accepted_with_override" && e.details.contains("Borgeren kan ikke andet"))
    );
}

#[tokio::test]
async fn gateway_down_keeps_the_capture_and_sends_it_once_when_back() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let gw = app.demo_simulators().expect("sims").gateway_control().clone();
    gw.set_fault(GatewayFault::Refuse);
    let id = capture(&app, "120385-1002", false).await;
    let report = app.send_pass().await.expect("pass");
    assert_eq!((report.uploaded, report.retried), (0, 1));
    let status = app.status();
    assert_eq!(status.connection, skranke_api::json::Connection::Offline);
    assert_eq!(status.problem, Some(Code::GatewayUnreachable));
    assert_eq!(status.queued, 1);
    assert_eq!(state(&app, &id), OutboxState::Queued);

    // 503 with Retry-After, then commit-then-reset (stored, answer lost): still exactly once.
    gw.set_fault(GatewayFault::Unavailable { retry_after_s: 1 });
    app.queue_retry(None).expect("retry");
    app.send_pass().await.expect("pass");
    assert_eq!(state(&app, &id), OutboxState::Queued);
    gw.set_fault_times(GatewayFault::CommitThenReset, 1);
    app.queue_retry(None).expect("retry");
    app.send_pass().await.expect("pass");
    assert_eq!(state(&app, &id), OutboxState::Queued, "the answer was lost: unknown, so queued again");
    assert_eq!(settle(&app, &id).await, OutboxState::Accepted);
    let c = gw.capture(uuid::Uuid::parse_str(&id).expect("uuid")).expect("stored");
    assert_eq!(c.stored, 1, "the replay got the same receipt, not a second copy");
}

#[tokio::test]
async fn an_unverified_case_is_looked_up_again_and_never_sent_unverified() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let sims = app.demo_simulators().expect("sims");
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::Http500);
    let id = capture(&app, "120385-1002", true).await;
    let item = app.queue_list(vec![], None).expect("list").pop().expect("item");
    assert!(item.cpr_unverified);

    // The register is still down: nothing goes to the gateway.
    let report = app.send_pass().await.expect("pass");
    assert_eq!((report.uploaded, report.retried), (0, 1));
    assert!(sims.gateway_control().captures().is_empty());

    // Back: the capture is rebuilt with the register's answer and sent.
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::None);
    assert_eq!(settle(&app, &id).await, OutboxState::Accepted);
    let stored = sims.gateway_control().capture(uuid::Uuid::parse_str(&id).expect("uuid")).expect("stored");
    let bundle = skranke_api::bundle::Bundle::read(&stored.bytes).expect("bundle");
    assert!(!bundle.manifest().flags.cpr_unverified);
    assert_eq!(bundle.manifest().person.card_name, "Anne Demo Hansen");
    assert!(!app.queue_list(vec![], None).expect("list")[0].cpr_unverified);
}

#[tokio::test]
async fn a_person_blocked_at_the_re_lookup_goes_to_review_not_to_the_gateway() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let sims = app.demo_simulators().expect("sims");
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::Http500);
    let id = capture(&app, "010130-1028", true).await;
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::None);
    assert_eq!(settle(&app, &id).await, OutboxState::Rejected);
    let item = app.queue_list(vec![OutboxState::Rejected], None).expect("list").pop().expect("rejected");
    assert_eq!(item.reasons, vec!["cpr_person_dead".to_string()]);
    assert!(sims.gateway_control().captures().is_empty());
    assert_eq!(app.status().rejected, 1);
}

#[tokio::test]
async fn a_producer_rejection_is_kept_for_review_with_its_reasons() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let gw = app.demo_simulators().expect("sims").gateway_control().clone();
    gw.set_decisions(DecisionSettings {
        delay_ms: 0,
        reject_share: 1.0,
        reasons: vec!["producer_photo_unusable".into()],
    });
    let id = capture(&app, "120385-1002", false).await;
    assert_eq!(settle(&app, &id).await, OutboxState::Rejected);
    let item = app.queue_list(vec![OutboxState::Rejected], None).expect("list").pop().expect("rejected");
    assert_eq!(item.reasons, vec!["producer_photo_unusable".to_string()]);
}

#[tokio::test]
async fn queue_add_and_drain_deliver_a_bundle_file() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    app.sign_in(Role::It, None).expect("the command line acts as IT");
    let photo = t.path().join("p.jpg");
    std::fs::write(&photo, portrait()).expect("write");
    let strokes = t.path().join("s.json");
    std::fs::write(&strokes, skranke_signature::DEMO_SIGNATURES[0].1).expect("write");
    let files = skranke_api::BundleFiles {
        cpr: "1203851002",
        case_ref: "KK-2026-000002",
        photo: &photo,
        signature: &strokes,
        override_reason: Some("test"),
        source: skranke_api::bundle::Source::Counter,
        scan_dpi: None,
        allow_unverified: false,
    };
    let made = app.bundle_from_files(&files).await.expect("bundle");
    let added = app.queue_add(made.bundle.as_bytes()).expect("add");
    assert!(!app.queue_add(made.bundle.as_bytes()).expect("again").stored, "adding twice stores once");
    assert!(added.cpr_unverified, "a bundle from a file is looked up again before it is sent");
    let status = app.queue_drain(Duration::from_secs(20)).await.expect("drain");
    assert_eq!((status.queued, status.sending), (0, 0));
    // The re-lookup ran under the bundle's clerk (who made it with bundle make), also at SF1520.
    let relookup = app
        .audit_recent(20)
        .expect("audit")
        .into_iter()
        .find(|e| e.action == "cpr_lookup_result" && e.details.contains("before_send"))
        .expect("a lookup before sending");
    assert_eq!(relookup.user_id, "demo-it");
    let sf1520 = app.demo_simulators().expect("sims").cpr_control().log();
    assert_eq!(sf1520.last().and_then(|l| l.on_behalf_of.as_deref()), Some("demo-it"));
    assert!(
        app.demo_simulators()
            .expect("sims")
            .gateway_control()
            .capture(uuid::Uuid::parse_str(&added.capture_id).expect("uuid"))
            .is_some()
    );
    assert_eq!(app.queue_add(b"not a bundle").expect_err("garbage").code, Code::BundleNotABundle);
}

#[tokio::test]
async fn the_database_and_wal_never_hold_plaintext_image_bytes() {
    use base64::Engine;
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    app.demo_simulators().expect("sims").gateway_control().set_fault(GatewayFault::Refuse);
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case");
    let check = app.photo_check_bytes(&portrait()).expect("photo");
    let url = check.crop_data_url.expect("crop");
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(url.trim_start_matches("data:image/jpeg;base64,"))
        .expect("base64");
    app.photo_accept(Some("test")).expect("photo accepted");
    app.signature_accept(signature()).expect("signature");
    app.send_case().expect("send");
    app.send_pass().await.expect("pass (gateway down: stays queued)");
    let mut files = 0;
    for entry in std::fs::read_dir(t.path().join("data")).expect("data dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.starts_with("skranke.sqlite3") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).expect("read db file");
        // Any 32-byte run from the body of the photo would betray plaintext.
        for start in (jpeg.len() / 4..jpeg.len() * 3 / 4).step_by(997) {
            let needle = &jpeg[start..start + 32];
            assert!(!bytes.windows(32).any(|w| w == needle), "{name} holds plaintext photo bytes");
        }
    }
    assert!(files >= 2, "the database and its WAL were searched");
}

fn queue_small_bundles(app: &Skranke, n: usize) -> Vec<String> {
    app.sign_in(Role::It, None).expect("the command line acts as IT");
    (0..n).map(|_| app.queue_add(&small_bundle(uuid::Uuid::now_v7())).expect("queued").capture_id).collect()
}

/// Fifty captures wait at the gateway for a slow producer while 150 older ones have been decided:
/// every capture gets asked about in turn, so the 150 are accepted (and shredded) although the
/// 50 newest are never decided. (Asking about the newest 50 first asked only those, for ever.)
#[tokio::test]
async fn every_capture_awaiting_the_producer_is_asked_about_in_turn() {
    let t = tempfile::tempdir().expect("tempdir");
    let start = chrono::Utc::now();
    let clock = Arc::new(skranke_api::ManualClock::at(start + chrono::Duration::days(1)));
    let app = demo_on(t.path(), clock.clone()).await;
    let gw = app.demo_simulators().expect("sims").gateway_control().clone();
    // The newest 50 (stored a day later by this PC's clock): the producer takes an hour.
    gw.set_decisions(DecisionSettings { delay_ms: 3_600_000, reject_share: 0.0, ..DecisionSettings::default() });
    queue_small_bundles(&app, 50);
    for _ in 0..2 {
        app.send_pass().await.expect("pass");
    }
    assert_eq!(app.queue_status().expect("status").awaiting_producer, 50);
    // The 150 older ones: decided at once.
    clock.set(start);
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    let older = queue_small_bundles(&app, 150);
    for _ in 0..(150 / 25 + 200 / 50 + 1) {
        app.send_pass().await.expect("pass");
    }
    let status = app.queue_status().expect("status");
    assert_eq!((status.accepted, status.awaiting_producer, status.queued), (150, 50, 0));
    let accepted = app.queue_list(vec![OutboxState::Accepted], Some(500)).expect("list");
    assert!(older.iter().all(|id| accepted.iter().any(|i| &i.capture_id == id && !i.has_bundle)));
}

/// An error in the middle of a pass (the audit trail refuses to write, as on a full disk) leaves
/// the capture it was sending in `sending`; the next pass puts it back in the queue and sends it,
/// without waiting for its lease to run out or for a restart.
#[tokio::test]
async fn a_pass_that_fails_midway_leaves_nothing_stuck_in_sending() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let sims = app.demo_simulators().expect("sims");
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::Http500);
    let id = capture(&app, "120385-1002", true).await;
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::None);

    let db = rusqlite::Connection::open(app.data_dir().database()).expect("database");
    db.execute_batch(
        "CREATE TRIGGER injected_failure BEFORE INSERT ON audit_log BEGIN SELECT RAISE(FAIL, 'injected: disk full'); END;",
    )
    .expect("inject");
    app.send_pass().await.expect_err("the re-lookup cannot be recorded, so the pass stops");
    assert_eq!(state(&app, &id), OutboxState::Sending);

    db.execute_batch("DROP TRIGGER injected_failure;").expect("heal");
    let report = app.send_pass().await.expect("pass");
    assert_eq!(report.uploaded, 1, "the capture left in sending is sent by the next pass");
    assert_eq!(settle(&app, &id).await, OutboxState::Accepted);
}

/// The PC's clock is set back a day while a capture waits for its retry: it is sent at the next
/// pass, not a day later.
#[tokio::test]
async fn a_clock_set_back_does_not_hold_back_a_queued_capture() {
    let t = tempfile::tempdir().expect("tempdir");
    let start = chrono::Utc::now();
    let clock = Arc::new(skranke_api::ManualClock::at(start));
    let app = demo_on(t.path(), clock.clone()).await;
    let gw = app.demo_simulators().expect("sims").gateway_control().clone();
    gw.set_fault(GatewayFault::Unavailable { retry_after_s: 600 });
    let id = queue_small_bundles(&app, 1).remove(0);
    assert_eq!(app.send_pass().await.expect("pass").retried, 1);
    gw.set_fault(GatewayFault::None);
    assert_eq!(app.send_pass().await.expect("pass").uploaded, 0, "waits the 10 minutes asked for");

    clock.set(start - chrono::Duration::days(1));
    assert_eq!(app.send_pass().await.expect("pass").uploaded, 1, "due at once after the clock went back");
    assert_eq!(state(&app, &id), OutboxState::Accepted);
}

/// Write-ahead audit of register queries: when the lookup's entry cannot be written, the query
/// never leaves the machine (the CPR service sees nothing); a 5xx retried once is one lookup on
/// record with two attempts.
#[tokio::test]
async fn no_audit_entry_no_register_query_and_a_retry_is_one_lookup() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let cpr = app.demo_simulators().expect("sims").cpr_control().clone();
    let db = rusqlite::Connection::open(app.data_dir().database()).expect("database");
    db.execute_batch(
        "CREATE TRIGGER injected_failure BEFORE INSERT ON audit_log BEGIN SELECT RAISE(FAIL, 'injected: disk full'); END;",
    )
    .expect("inject");
    let before = cpr.log().len();
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect_err("the lookup cannot be recorded");
    assert_eq!(cpr.log().len(), before, "nothing was sent to the CPR service");
    db.execute_batch("DROP TRIGGER injected_failure;").expect("heal");

    cpr.set_fault(skranke_api::demo::CprFault::Http500);
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect_err("the service is down");
    assert_eq!(cpr.log().len(), before + 2, "the client tried twice");
    app.sign_in(Role::It, None).expect("IT reads the audit trail");
    let audit = app.audit_recent(10).expect("audit");
    let requests = audit.iter().filter(|e| e.action == "cpr_lookup").count();
    let result = audit.iter().find(|e| e.action == "cpr_lookup_result").expect("the answer");
    assert_eq!((requests, result.outcome.as_str()), (1, "cpr_service_unavailable"));
    assert!(result.details.contains("\"attempts\":2"), "{}", result.details);
}
