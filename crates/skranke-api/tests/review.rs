//! Supervisor review through the façade (issue 16), in demo mode against the embedded simulators:
//! every cause reaches the queue, decisions need a reason, four eyes and a fresh confirmation, an
//! approved override is sent, a returned capture becomes a returned case the next capture for the
//! person starts from and resolves, a discarded one is shredded; each view and decision audited.
mod support;

use skranke_api::demo::{CprFault, DecisionSettings};
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::{Code, ManualClock, OpenOptions, Skranke};
use std::path::Path;
use std::sync::Arc;
use support::{portrait, settle, signature, state};

/// A demo Skranke; `overrides` is `[review] overrides`: "all" holds a capture accepted despite
/// failing checks for a supervisor (the default), "none" sends it (the demo portrait fails two
/// checks, so the rejection tests send it and let the simulators reject it).
async fn demo(dir: &Path, clock: Arc<ManualClock>, overrides: &str) -> Skranke {
    let path = dir.join("config.toml");
    let data = dir.join("data").display().to_string();
    std::fs::write(&path, format!("mode = \"demo\"\ndata_dir = {data:?}\n\n[review]\noverrides = {overrides:?}\n"))
        .expect("write config");
    let app = Skranke::start_with_clock(OpenOptions { config_path: Some(&path) }, clock).await.expect("demo starts");
    let gw = app.demo_simulators().expect("sims").gateway_control();
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    app
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(chrono::Utc::now()))
}

/// Captures for `cpr` as the signed-in user; `dark` makes the photo fail so it is accepted with
/// an override reason. Returns the capture id.
async fn capture(app: &Skranke, cpr: &str, dark: bool, allow_unverified: bool) -> String {
    app.case_open(cpr, "KK-2026-000042", allow_unverified).await.expect("case opens");
    if dark {
        let img = image::load_from_memory(&portrait()).expect("decode").to_rgb8();
        let dark = image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
            let p = img.get_pixel(x, y);
            image::Rgb([p[0] / 6, p[1] / 6, p[2] / 6])
        });
        assert!(!app.photo_check_frame(&dark).expect("checked").report.passed());
        app.photo_accept(Some("Borgeren kan ikke andet")).expect("override");
    } else {
        let check = app.photo_check_bytes(&portrait()).expect("photo checked");
        app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo");
    }
    app.signature_accept(signature()).expect("signature");
    app.send_case().expect("send").capture_id
}

#[tokio::test]
async fn a_rejected_capture_is_seen_in_detail_and_returned_to_the_counter() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), clock(), "none").await;
    let gw = app.demo_simulators().expect("sims").gateway_control().clone();
    gw.set_decisions(DecisionSettings {
        delay_ms: 0,
        reject_share: 1.0,
        reasons: vec!["producer_photo_unusable".into()],
    });
    app.sign_in(Role::Clerk, Some("Anne")).expect("clerk");
    let id = capture(&app, "120385-1002", false, false).await;
    assert_eq!(settle(&app, &id).await, OutboxState::Rejected);
    assert_eq!(app.review_queue().expect_err("clerks do not review").code, Code::Forbidden);

    app.sign_in(Role::Supervisor, Some("Sara")).expect("supervisor");
    assert_eq!(app.review_waiting().expect("count"), Some(1));
    let queue = app.review_queue().expect("queue");
    assert_eq!(queue.items.len(), 1);
    let item = &queue.items[0];
    assert_eq!(
        (item.cause, item.reasons.clone(), item.cpr_masked.as_str(), item.case_ref.as_str()),
        (
            skranke_api::review::ReviewCause::ProducerRejected,
            vec!["producer_photo_unusable".to_string()],
            "120385-xxxx",
            "KK-2026-000042"
        )
    );
    assert_eq!(item.decisions, vec!["return".to_string(), "discard".to_string()], "only overrides can be approved");
    let detail = app.review_show(&id).expect("detail");
    assert!(detail.photo_data_url.as_deref().is_some_and(|u| u.starts_with("data:image/jpeg;base64,")));
    assert!(detail.signature_data_url.as_deref().is_some_and(|u| u.starts_with("data:image/png;base64,")));
    assert!(detail.photo_report.is_some() && detail.signature_report.is_some());
    assert!(!detail.own_capture);
    let outcomes: Vec<&str> = detail.history.iter().map(|h| h.outcome.as_str()).collect();
    assert!(
        outcomes.contains(&"queued") && outcomes.contains(&"uploaded") && outcomes.contains(&"rejected_by_producer"),
        "{outcomes:?}"
    );

    assert_eq!(
        app.review_decide(&id, "approve", "send it").expect_err("not an override").code,
        Code::ReviewDecisionNotAllowed
    );
    assert_eq!(app.review_decide(&id, "return", "  ").expect_err("no reason").code, Code::ReviewReasonInvalid);
    app.review_decide(&id, "return", "Billedet er for mørkt; tag et nyt").expect("returned");
    assert_eq!(app.review_waiting().expect("count"), Some(0));
    assert_eq!(app.review_decide(&id, "discard", "again").expect_err("decided").code, Code::ReviewNotFound);

    // The clerk finds it under "Returnerede sager", and the person's next case starts from it.
    app.sign_in(Role::Clerk, Some("Anne")).expect("clerk");
    let returned = app.returned_cases().expect("returned");
    assert_eq!(returned.len(), 1);
    assert_eq!(
        (returned[0].case_ref.as_str(), returned[0].cpr_masked.as_str(), returned[0].supervisor_reason.as_str()),
        ("KK-2026-000042", "120385-xxxx", "Billedet er for mørkt; tag et nyt")
    );
    assert_eq!(returned[0].reasons, vec!["producer_photo_unusable".to_string()]);
    let informed = app.returned_inform(&id, "Ringet op, kommer i morgen").expect("informed");
    assert_eq!(informed.informed_by.as_deref(), Some("demo-clerk"));
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    app.case_open("120385-1002", "KK-2026-000042", false).await.expect("new case");
    assert_eq!(app.case_returned().expect("returned for the person").len(), 1);
    app.case_close().expect("close");
    app.case_open("220788-1018", "KK-2026-000043", false).await.expect("another person");
    assert!(app.case_returned().expect("none").is_empty());
    app.case_close().expect("close");
    let again = capture(&app, "120385-1002", false, false).await;
    assert!(app.returned_cases().expect("returned").is_empty(), "the new capture resolves the returned case");
    assert_eq!(settle(&app, &again).await, OutboxState::Accepted);

    // Audited: the view and the decision with the person; IT reads it.
    app.sign_in(Role::It, None).expect("IT");
    let audit = app.audit_recent(200).expect("audit");
    let decision = audit.iter().find(|e| e.action == "review_decision").expect("decision audited");
    assert_eq!((decision.user_id.as_str(), decision.outcome.as_str()), ("demo-supervisor", "returned"));
    assert_eq!(decision.subject_cpr.as_deref(), Some("1203851002"));
    assert!(decision.details.contains("Billedet er for mørkt"));
    assert!(audit.iter().any(|e| e.action == "review_view" && e.subject_cpr.as_deref() == Some("1203851002")));
    assert!(audit.iter().any(|e| e.action == "correction" && e.outcome == "citizen_informed"));
    assert!(app.audit_verify().expect("verify").is_intact());
}

#[tokio::test]
async fn an_override_waits_for_approval_and_is_then_sent() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), clock(), "all").await;
    let gw = app.demo_simulators().expect("sims").gateway_control().clone();
    app.sign_in(Role::Clerk, Some("Anne")).expect("clerk");
    let id = capture(&app, "120385-1002", true, false).await;
    for _ in 0..3 {
        app.queue_retry(None).expect("send now");
        app.send_pass().await.expect("pass");
    }
    assert!(gw.captures().is_empty(), "an override is not sent before a supervisor approves it");
    assert_eq!(state(&app, &id), OutboxState::Queued);

    app.sign_in(Role::Supervisor, Some("Sara")).expect("supervisor");
    let queue = app.review_queue().expect("queue");
    assert_eq!(queue.items[0].cause, skranke_api::review::ReviewCause::Override);
    assert!(queue.items[0].photo_override);
    assert_eq!(queue.items[0].decisions[0], "approve");
    let detail = app.review_show(&id).expect("detail");
    assert_eq!(detail.photo_override_reason.as_deref(), Some("Borgeren kan ikke andet"));
    assert!(detail.photo_report.as_ref().is_some_and(|r| !r.passed()), "the failing checks are shown");
    app.review_decide(&id, "approve", "Lyset i lokalet; billedet kan bruges").expect("approved");
    assert_eq!(settle(&app, &id).await, OutboxState::Accepted);
    assert_eq!(gw.captures().len(), 1, "sent once after approval");
}

#[tokio::test]
async fn four_eyes_and_a_fresh_confirmation_per_decision() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    let app = demo(t.path(), Arc::clone(&clock), "all").await;
    // A supervisor serving at the counter makes two overrides; another clerk makes one.
    app.sign_in(Role::Supervisor, Some("Sara")).expect("supervisor");
    let own = capture(&app, "120385-1002", true, false).await;
    app.sign_in(Role::Clerk, Some("Anne")).expect("clerk");
    let first = capture(&app, "120385-1002", true, false).await;
    let second = capture(&app, "220788-1018", true, false).await;

    app.sign_in(Role::Supervisor, Some("Sara")).expect("supervisor");
    assert!(app.review_show(&own).expect("detail").own_capture);
    let err = app.review_decide(&own, "approve", "fine").expect_err("own capture");
    assert_eq!(err.code, Code::ReviewOwnCapture);

    // Signed in minutes ago: the sign-in itself confirms one decision.
    app.review_decide(&first, "discard", "Dobbeltoptagelse").expect("fresh sign-in confirms");
    // Used up: the next decision needs a new confirmation.
    assert_eq!(app.review_decide(&second, "approve", "ok").expect_err("used up").code, Code::ReviewConfirmationNeeded);
    app.review_confirm_demo().expect("step-up");
    clock.advance(chrono::Duration::minutes(6));
    assert_eq!(app.review_decide(&second, "approve", "ok").expect_err("too old").code, Code::ReviewConfirmationNeeded);
    app.review_confirm_demo().expect("step-up again");
    app.review_decide(&second, "approve", "Godkendt efter samtale").expect("approved");

    // The discarded capture is shredded at once.
    let discarded =
        app.queue_list(vec![], None).expect("list").into_iter().find(|i| i.capture_id == first).expect("row");
    assert!(!discarded.has_bundle, "discard shreds at once");
    assert_eq!(app.review_waiting().expect("count"), Some(1), "only the supervisor's own capture waits");
}

#[tokio::test]
async fn a_person_blocked_at_the_re_lookup_waits_as_blocked() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), clock(), "none").await;
    let sims = app.demo_simulators().expect("sims");
    app.sign_in(Role::Clerk, Some("Anne")).expect("clerk");
    sims.cpr_control().set_fault(CprFault::Http500);
    let id = capture(&app, "010130-1028", false, true).await;
    sims.cpr_control().set_fault(CprFault::None);
    assert_eq!(settle(&app, &id).await, OutboxState::Rejected);
    app.sign_in(Role::Supervisor, Some("Sara")).expect("supervisor");
    let queue = app.review_queue().expect("queue");
    assert_eq!(
        (queue.items[0].cause, queue.items[0].reasons.clone()),
        (skranke_api::review::ReviewCause::Blocked, vec!["cpr_person_dead".to_string()])
    );
    assert_eq!(queue.counts.len(), 1);
    assert_eq!(queue.counts[0].count, 1);
}
