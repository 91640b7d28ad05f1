use super::*;
use crate::outbox::{KeyFileStore, ListFilter};
use chrono::Duration as ChronoDuration;
use skranke_core::Code;
use std::time::Duration;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("time")
}

fn open(dir: &std::path::Path) -> Outbox {
    Outbox::open(&dir.join("skranke.db"), &KeyFileStore::new(&dir.join("keys")), t0()).expect("open")
}

fn meta(n: u32) -> serde_json::Value {
    serde_json::json!({ "case_ref": format!("KK-{n}"), "cpr_masked": "120385-xxxx", "clerk": "anne" })
}

fn no_stuck() -> StuckRule {
    StuckRule { codes: vec!["gateway_client_cert_refused".into()], enqueued_before: t0() - ChronoDuration::hours(24) }
}

fn item(ob: &Outbox, id: &str) -> ReviewItem {
    ob.review_queue(&no_stuck()).expect("queue").into_iter().find(|i| i.capture_id == id).expect("waiting")
}

/// Every cause reaches the queue, oldest first, with its reasons; a capture that is only queued or
/// awaiting the producer does not.
#[test]
fn every_cause_reaches_the_queue_oldest_first() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    for (i, id) in ["gw", "prod", "blocked", "dead", "held", "fine", "stuck"].iter().enumerate() {
        let at = t0() - ChronoDuration::hours(48) + ChronoDuration::minutes(i as i64);
        if *id == "held" {
            ob.enqueue_held(id, b"bundle", &meta(i as u32), at).expect("held");
        } else {
            ob.enqueue(id, b"bundle", &meta(i as u32), at).expect("enqueue");
        }
    }
    let lease = |ob: &mut Outbox, want: &str| {
        let l = ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").expect("due");
        assert_eq!(l.id, want, "leased in order, the held one never");
    };
    lease(&mut ob, "gw");
    ob.mark_rejected("gw", ReviewCause::GatewayRejected, &["photo_too_dark".into()], t0()).expect("422");
    lease(&mut ob, "prod");
    ob.mark_awaiting_producer("prod", &serde_json::json!({"receipt_id": "r"}), t0()).expect("receipt");
    ob.mark_rejected("prod", ReviewCause::ProducerRejected, &["signature_unreadable".into()], t0())
        .expect("tilbageløb");
    lease(&mut ob, "blocked");
    ob.mark_rejected("blocked", ReviewCause::Blocked, &["cpr_dead".into()], t0()).expect("blocked");
    lease(&mut ob, "dead");
    ob.mark_dead("dead", "gateway_contract_violation", t0()).expect("dead");
    lease(&mut ob, "fine");
    ob.mark_awaiting_producer("fine", &serde_json::json!({"receipt_id": "r2"}), t0()).expect("receipt");
    lease(&mut ob, "stuck");
    ob.mark_retry("stuck", t0(), None, "gateway_client_cert_refused").expect("retry");

    let queue = ob.review_queue(&no_stuck()).expect("queue");
    let got: Vec<(&str, ReviewCause)> = queue.iter().map(|i| (i.capture_id.as_str(), i.cause)).collect();
    assert_eq!(
        got,
        vec![
            ("gw", ReviewCause::GatewayRejected),
            ("prod", ReviewCause::ProducerRejected),
            ("blocked", ReviewCause::Blocked),
            ("dead", ReviewCause::Dead),
            ("held", ReviewCause::Override),
            ("stuck", ReviewCause::Stuck),
        ]
    );
    assert_eq!(queue[0].reasons, vec!["photo_too_dark".to_string()]);
    assert_eq!(queue[3].reasons, vec!["gateway_contract_violation".to_string()]);
    // Not stuck yet when it was enqueued after the cut-off.
    let later = StuckRule { enqueued_before: t0() - ChronoDuration::hours(72), ..no_stuck() };
    assert!(!ob.review_queue(&later).expect("queue").iter().any(|i| i.capture_id == "stuck"));
}

#[test]
fn approving_an_override_releases_it_to_the_sender_once() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue_held("held", b"bundle", &meta(1), t0()).expect("held");
    assert!(ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").is_none(), "held: never leased");
    ob.retry_now("held", t0()).expect("send now does not release it");
    assert!(ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").is_none());
    let it = item(&ob, "held");
    ob.decide(&it, Decision::Approve, "sara", "checked: glasses are fine", None, t0()).expect("approve");
    assert_eq!(ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").expect("released").id, "held");
    assert!(ob.review_queue(&no_stuck()).expect("queue").is_empty());
    let again = ob.decide(&it, Decision::Approve, "sara", "twice", None, t0()).expect_err("decided");
    assert_eq!(again.code(), Code::StoreInvalidState);
    assert_eq!(ob.decision("held").expect("decision").map(|d| d.0), Some("approved".into()));
}

#[test]
fn only_overrides_can_be_approved() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("gw", b"bundle", &meta(1), t0()).expect("enqueue");
    ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").expect("due");
    ob.mark_rejected("gw", ReviewCause::GatewayRejected, &[], t0()).expect("422");
    let err = ob.decide(&item(&ob, "gw"), Decision::Approve, "sara", "send", None, t0()).expect_err("not an override");
    assert_eq!(err.code(), Code::StoreInvalidState);
}

/// Returning makes a returned case found by the person's number (stored only as a keyed hash),
/// never sends the capture, and survives until a new capture for the person resolves it.
#[test]
fn a_returned_capture_becomes_a_returned_case_for_the_person() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue_held("held", b"bundle", &meta(7), t0()).expect("held");
    ob.decide(&item(&ob, "held"), Decision::Return, "sara", "Glasses hide the eyes", Some("1203851002"), t0())
        .expect("return");
    assert!(ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").is_none(), "a returned capture is never sent");
    ob.retry_now("held", t0()).expect_err("nor sent by Send now");
    let open_cases = ob.returned_cases(false).expect("returned");
    assert_eq!(open_cases.len(), 1);
    let c = &open_cases[0];
    assert_eq!((c.case_ref.as_str(), c.cpr_masked.as_str(), c.cause), ("KK-7", "120385-xxxx", ReviewCause::Override));
    assert_eq!(
        (c.supervisor_reason.as_str(), c.captured_by.as_deref(), c.returned_by.as_str()),
        ("Glasses hide the eyes", Some("anne"), "sara")
    );
    assert_eq!(ob.returned_for_person("1203851002").expect("person").len(), 1);
    assert!(ob.returned_for_person("0101301028").expect("other").is_empty());
    let informed = ob.mark_informed("held", "Ringet op kl. 10", "bo", t0()).expect("informed");
    assert_eq!(
        (informed.citizen_told.as_deref(), informed.informed_by.as_deref()),
        (Some("Ringet op kl. 10"), Some("bo"))
    );
    assert_eq!(ob.resolve_returned("1203851002", "new-capture", t0()).expect("resolve"), 1);
    assert!(ob.returned_cases(false).expect("open").is_empty());
    assert_eq!(ob.returned_cases(true).expect("all")[0].resolved_by_capture.as_deref(), Some("new-capture"));
    let bytes = std::fs::read(t.path().join("skranke.db")).expect("db");
    assert!(!bytes.windows(10).any(|w| w == b"1203851002"), "the number is not stored in clear");
}

#[test]
fn discarding_shreds_the_bundle_at_once() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    let secret = [0x5a_u8; 4096];
    ob.enqueue("gw", &secret, &meta(1), t0()).expect("enqueue");
    ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").expect("due");
    ob.mark_rejected("gw", ReviewCause::GatewayRejected, &[], t0()).expect("422");
    let before = ob.list(&ListFilter::default()).expect("list");
    assert!(before[0].has_bundle);
    ob.decide(&item(&ob, "gw"), Decision::Discard, "sara", "Duplicate", None, t0()).expect("discard");
    let after = ob.list(&ListFilter::default()).expect("list");
    assert!(!after[0].has_bundle, "shredded");
    assert!(ob.returned_cases(true).expect("returned").is_empty());
}

/// Retention counts the review period from the decision; an undecided capture waits for its
/// supervisor however old it is.
#[test]
fn retention_deletes_decided_captures_after_the_review_period_only() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    for id in ["decided", "undecided"] {
        ob.enqueue(id, b"bundle", &meta(1), t0()).expect("enqueue");
        ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").expect("due");
        ob.mark_rejected(id, ReviewCause::GatewayRejected, &[], t0()).expect("422");
    }
    let decided_at = t0() + ChronoDuration::days(10);
    ob.decide(&item(&ob, "decided"), Decision::Return, "sara", "Retake", Some("1203851002"), decided_at)
        .expect("return");
    let far = t0() + ChronoDuration::days(400);
    assert_eq!(ob.rejected_or_dead_before(decided_at).expect("count"), 0, "counted from the decision");
    assert_eq!(ob.rejected_or_dead_before(far).expect("count"), 1, "the undecided one waits");
    assert_eq!(ob.shred_rejected_or_dead_before(far).expect("shred"), 1);
    let left: Vec<String> = ob.list(&ListFilter::default()).expect("list").into_iter().map(|i| i.capture_id).collect();
    assert_eq!(left, vec!["undecided".to_string()]);
    assert_eq!(ob.returned_cases(false).expect("returned").len(), 1, "the clerks still see the returned case");
}

/// An approved override that the producer then rejects waits again, and its new decision replaces
/// the approval; retention does not count from the approval.
#[test]
fn an_approved_override_that_comes_back_rejected_waits_again() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue_held("held", b"bundle", &meta(1), t0()).expect("held");
    ob.decide(&item(&ob, "held"), Decision::Approve, "sara", "ok", None, t0()).expect("approve");
    ob.lease_next(t0(), Duration::from_secs(60)).expect("lease").expect("released");
    ob.mark_awaiting_producer("held", &serde_json::json!({"receipt_id": "r"}), t0()).expect("receipt");
    ob.mark_rejected("held", ReviewCause::ProducerRejected, &["producer_photo_unusable".into()], t0())
        .expect("tilbageløb");
    let again = item(&ob, "held");
    assert_eq!(again.cause, ReviewCause::ProducerRejected);
    assert_eq!(ob.rejected_or_dead_before(t0() + ChronoDuration::days(400)).expect("count"), 0, "undecided again");
    let err =
        ob.decide(&again, Decision::Approve, "sara", "again", None, t0()).expect_err("a rejection is not approved");
    assert_eq!(err.code(), Code::StoreInvalidState);
    ob.decide(&again, Decision::Return, "sara", "Nyt foto", Some("1203851002"), t0()).expect("return");
    assert_eq!(ob.decision("held").expect("decision").map(|d| d.0), Some("returned".into()));
    assert!(ob.review_queue(&no_stuck()).expect("queue").is_empty());
    let twice = ob.decide(&again, Decision::Discard, "sara", "twice", None, t0()).expect_err("decided");
    assert_eq!(twice.code(), Code::StoreInvalidState);
}
