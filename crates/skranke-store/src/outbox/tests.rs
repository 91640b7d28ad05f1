use super::*;
use chrono::TimeZone;
use skranke_core::Code;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("valid time")
}

fn secs(n: i64) -> chrono::Duration {
    chrono::Duration::seconds(n)
}

fn open(dir: &Path) -> Outbox {
    Outbox::open(&dir.join("skranke.db"), &KeyFileStore::new(dir), t0()).expect("open")
}

fn meta() -> serde_json::Value {
    serde_json::json!({"kind": "driving_licence", "case_ref": "KK-1"})
}

const LEASE: Duration = Duration::from_secs(60);

fn state_of(ob: &Outbox, id: &str) -> OutboxState {
    ob.list(&ListFilter::default())
        .expect("list")
        .into_iter()
        .find(|i| i.capture_id == id)
        .map(|i| i.state)
        .expect("present")
}

#[test]
fn enqueue_is_idempotent_and_lease_decrypts() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    assert_eq!(ob.enqueue("c1", b"bundle one", &meta(), t0()).expect("enqueue"), Enqueued::Stored);
    assert_eq!(ob.enqueue("c1", b"something else", &meta(), t0()).expect("again"), Enqueued::AlreadyPresent);
    let s = ob.status(t0() + secs(30)).expect("status");
    assert_eq!((s.queued, s.oldest_queued_age_s), (1, Some(30)));
    let l = ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    assert_eq!((l.id.as_str(), l.bytes.as_slice(), l.attempts), ("c1", &b"bundle one"[..], 1));
    assert_eq!(l.meta, meta());
    assert_eq!(l.sha256, hex(&Sha256::digest(b"bundle one")));
    assert!(ob.lease_next(t0(), LEASE).expect("lease").is_none(), "a leased entry is not handed out twice");
    let s = ob.status(t0()).expect("status");
    assert_eq!((s.queued, s.sending, s.oldest_queued_age_s), (0, 1, None));
}

#[test]
fn leases_in_due_order_and_not_before_due() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("b", b"2", &meta(), t0() + secs(1)).expect("b");
    ob.enqueue("a", b"1", &meta(), t0()).expect("a");
    assert!(ob.lease_next(t0() - secs(1), LEASE).expect("lease").is_none(), "nothing due yet");
    assert_eq!(ob.lease_next(t0() + secs(5), LEASE).expect("lease").expect("due").id, "a");
    assert_eq!(ob.lease_next(t0() + secs(5), LEASE).expect("lease").expect("due").id, "b");
}

#[test]
fn sending_to_awaiting_to_accepted_shreds_the_bundle() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"secret", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    let receipt = serde_json::json!({"receipt_id": "R-1"});
    ob.mark_awaiting_producer("c1", &receipt, t0()).expect("awaiting");
    assert_eq!(state_of(&ob, "c1"), OutboxState::AwaitingProducer);
    assert_eq!(ob.bundle("c1").expect("still stored"), b"secret");
    ob.mark_accepted("c1", t0()).expect("accepted");
    let item = &ob.list(&ListFilter::default()).expect("list")[0];
    assert_eq!((item.state, item.has_bundle, item.receipt.clone()), (OutboxState::Accepted, false, Some(receipt)));
    assert_eq!(item.bundle_sha256, hex(&Sha256::digest(b"secret")));
    let kept: i64 = ob
        .connection()
        .query_row("SELECT COUNT(*) FROM outbox_bundle WHERE capture_id = 'c1'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(kept, 0, "ciphertext and wrapped key are deleted");
    assert_eq!(ob.bundle("c1").err().map(|e| e.code()), Some(Code::StoreInvalidState));
    assert_eq!(ob.status(t0()).expect("status").accepted, 1);
}

#[test]
fn rejected_keeps_bundle_and_reasons() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"photo", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.mark_rejected("c1", ReviewCause::GatewayRejected, &["photo_too_dark".to_string()], t0()).expect("rejected");
    let item = &ob.list(&ListFilter { states: vec![OutboxState::Rejected], limit: None }).expect("list")[0];
    assert_eq!(item.reasons.as_deref(), Some(&["photo_too_dark".to_string()][..]));
    assert!(item.has_bundle);
    assert_eq!(ob.bundle("c1").expect("kept for review"), b"photo");
    assert_eq!(ob.retry_now("c1", t0()).err().map(|e| e.code()), Some(Code::StoreInvalidState));
    assert_eq!(ob.status(t0()).expect("status").rejected, 1);
}

#[test]
fn producer_rejection_after_awaiting() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease");
    ob.mark_awaiting_producer("c1", &serde_json::json!({}), t0()).expect("awaiting");
    ob.mark_rejected("c1", ReviewCause::GatewayRejected, &["signature_missing".into()], t0()).expect("rejected");
    assert_eq!(state_of(&ob, "c1"), OutboxState::Rejected);
}

#[test]
fn retry_uses_retry_after_or_backoff_and_counts_attempts() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    let at = ob.mark_retry("c1", t0(), Some(Duration::from_secs(120)), "503").expect("retry");
    assert_eq!(at, t0() + secs(120));
    assert!(ob.lease_next(t0() + secs(119), LEASE).expect("lease").is_none());
    let l = ob.lease_next(t0() + secs(120), LEASE).expect("lease").expect("due");
    assert_eq!(l.attempts, 2);
    let now = t0() + secs(120);
    let at = ob.mark_retry("c1", now, None, "timeout").expect("retry");
    // After 2 attempts: 10 s, jittered into [5 s, 10 s].
    let delay = (at - now).num_milliseconds();
    assert!((5_000..=10_000).contains(&delay), "delay {delay} ms");
    let item = &ob.list(&ListFilter::default()).expect("list")[0];
    assert_eq!((item.attempts, item.last_error.as_deref()), (2, Some("timeout")));
    // retry_now makes it due at once.
    ob.retry_now("c1", now).expect("retry now");
    assert!(ob.lease_next(now, LEASE).expect("lease").is_some());
}

#[test]
fn a_retry_after_of_a_year_waits_the_longest_delay_only() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    let year = Duration::from_secs(365 * 24 * 3600);
    let at = ob.mark_retry("c1", t0(), Some(year), "429").expect("retry");
    assert_eq!(at, t0() + chrono::Duration::from_std(LONGEST_DELAY).expect("fits"));
    assert!(ob.lease_next(at - secs(1), LEASE).expect("lease").is_none());
    assert!(ob.lease_next(at, LEASE).expect("lease").is_some());
}

/// The PC's clock is set back a day while captures wait: they are due at once, not a day later.
/// A capture waiting within the longest delay still waits its turn.
#[test]
fn a_clock_set_back_does_not_hold_the_queue() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("backoff", b"x", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.mark_retry("backoff", t0(), Some(Duration::from_secs(600)), "503").expect("retry in 10 min");
    let set_back = t0() - chrono::Duration::days(1);
    ob.enqueue("fresh", b"y", &meta(), set_back).expect("enqueued after the clock went back");
    let first = ob.lease_next(set_back, LEASE).expect("lease").expect("due");
    assert_eq!(first.id, "fresh");
    let second = ob.lease_next(set_back, LEASE).expect("lease").expect("due despite a due time a day ahead");
    assert_eq!(second.id, "backoff");

    // Not set back: a 10-minute backoff is honoured.
    ob.enqueue("waits", b"z", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.mark_retry("waits", t0(), Some(Duration::from_secs(600)), "503").expect("retry");
    assert!(ob.lease_next(t0() + secs(1), LEASE).expect("lease").is_none());
}

#[test]
fn backoff_grows_and_is_capped() {
    assert_eq!(backoff_delay(1, 1.0), BACKOFF_BASE);
    assert_eq!(backoff_delay(1, 0.0), BACKOFF_BASE / 2);
    assert_eq!(backoff_delay(3, 1.0), BACKOFF_BASE * 4);
    assert_eq!(backoff_delay(50, 1.0), BACKOFF_CAP);
    assert!(backoff_delay(50, 0.3) < BACKOFF_CAP);
}

#[test]
fn expired_lease_is_recovered_at_open_and_on_demand() {
    let t = tempfile::tempdir().expect("tempdir");
    {
        let mut ob = open(t.path());
        ob.enqueue("c1", b"x", &meta(), t0() - secs(200)).expect("enqueue");
        ob.enqueue("c2", b"y", &meta(), t0()).expect("enqueue");
        assert_eq!(ob.lease_next(t0() - secs(120), LEASE).expect("lease").expect("due").id, "c1");
        assert_eq!(ob.lease_next(t0(), LEASE).expect("lease").expect("due").id, "c2");
        assert_eq!(ob.recover_leases(t0()).expect("recover"), 1, "only c1's lease has ended");
        assert_eq!(state_of(&ob, "c1"), OutboxState::Queued);
        assert_eq!(state_of(&ob, "c2"), OutboxState::Sending);
        assert_eq!(ob.recover_leases(t0() + secs(61)).expect("recover"), 1);
        let s = ob.status(t0()).expect("status");
        assert_eq!((s.queued, s.sending), (2, 0));
        ob.lease_next(t0() + secs(61), LEASE).expect("lease").expect("due");
        ob.lease_next(t0() + secs(61), LEASE).expect("lease").expect("due");
    }
    // Reopening (the app restarting after a crash) requeues the expired lease.
    let mut ob =
        Outbox::open(&t.path().join("skranke.db"), &KeyFileStore::new(t.path()), t0() + secs(3600)).expect("reopen");
    let s = ob.status(t0()).expect("status");
    assert_eq!((s.queued, s.sending), (2, 0));
    let l = ob.lease_next(t0() + secs(3600), LEASE).expect("lease").expect("due");
    assert_eq!((l.id.as_str(), l.attempts), ("c1", 3), "c1 was leased twice before");
}

#[test]
fn dead_and_back() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    ob.mark_dead("c1", "certificate expired", t0()).expect("dead");
    let item = &ob.list(&ListFilter::default()).expect("list")[0];
    assert_eq!(
        (item.state, item.dead_reason.as_deref(), item.has_bundle),
        (OutboxState::Dead, Some("certificate expired"), true)
    );
    assert!(ob.lease_next(t0(), LEASE).expect("lease").is_none());
    assert_eq!(ob.status(t0()).expect("status").dead, 1);
    ob.retry_now("c1", t0()).expect("retry");
    assert_eq!(ob.lease_next(t0(), LEASE).expect("lease").expect("due").id, "c1");
}

#[test]
fn refused_transitions_are_typed() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    let code = |r: Result<(), StoreError>| r.err().map(|e| e.code());
    assert_eq!(code(ob.mark_accepted("c1", t0())), Some(Code::StoreInvalidState));
    assert_eq!(code(ob.mark_awaiting_producer("c1", &serde_json::json!({}), t0())), Some(Code::StoreInvalidState));
    assert_eq!(code(ob.mark_rejected("c1", ReviewCause::GatewayRejected, &[], t0())), Some(Code::StoreInvalidState));
    assert_eq!(ob.mark_retry("c1", t0(), None, "x").err().map(|e| e.code()), Some(Code::StoreInvalidState));
    assert_eq!(code(ob.mark_accepted("nope", t0())), Some(Code::StoreNotFound));
    assert_eq!(ob.bundle("nope").err().map(|e| e.code()), Some(Code::StoreNotFound));
    ob.lease_next(t0(), LEASE).expect("lease");
    ob.mark_accepted("c1", t0()).expect("accepted");
    assert_eq!(code(ob.mark_dead("c1", "late", t0())), Some(Code::StoreInvalidState));
    assert_eq!(code(ob.retry_now("c1", t0())), Some(Code::StoreInvalidState));
    assert_eq!(state_of(&ob, "c1"), OutboxState::Accepted);
}

#[test]
fn status_serializes_with_the_agreed_keys() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    let v = serde_json::to_value(ob.status(t0() + secs(7)).expect("status")).expect("json");
    assert_eq!(
        v,
        serde_json::json!({"queued": 1, "sending": 0, "awaiting_producer": 0, "accepted": 0, "rejected": 0, "dead": 0, "oldest_queued_age_s": 7})
    );
}

#[test]
fn another_master_key_is_refused_at_open() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.db");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(&t.path().join("k1")), t0()).expect("open");
    ob.enqueue("c1", b"x", &meta(), t0()).expect("enqueue");
    drop(ob);
    let err = Outbox::open(&db, &KeyFileStore::new(&t.path().join("k2")), t0()).expect_err("other key");
    assert_eq!(err.code(), Code::StoreKeyMismatch);
    let ob = Outbox::open(&db, &KeyFileStore::new(&t.path().join("k1")), t0()).expect("right key");
    assert_eq!(ob.bundle("c1").expect("still readable"), b"x");
}

/// The sender's next capture comes from the lease index: no sort and no scan of the queue, so a
/// lease does not read every queued bundle (it did: ~60 MB with 200 captures of 300 KB queued).
#[test]
fn the_next_lease_is_read_from_its_index() {
    let t = tempfile::tempdir().expect("tempdir");
    let ob = open(t.path());
    let plan: Vec<String> = ob
        .connection()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT o.capture_id FROM outbox o LEFT JOIN outbox_bundle b ON b.capture_id = o.capture_id
             WHERE o.state = 'queued' AND (o.next_attempt_at <= 1 OR o.next_attempt_at > 2)
             ORDER BY o.next_attempt_at, o.enqueued_at, o.capture_id LIMIT 1",
        )
        .expect("plan")
        .query_map([], |r| r.get::<_, String>(3))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    assert!(plan.iter().any(|step| step.contains("outbox_lease")), "{plan:?}");
    assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "{plan:?}");
}

#[test]
fn a_damaged_row_is_set_aside_and_does_not_block_the_queue() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"first", &meta(), t0()).expect("enqueue");
    ob.enqueue("c2", b"second", &meta(), t0() + secs(1)).expect("enqueue");
    ob.connection()
        .execute("UPDATE outbox_bundle SET ciphertext = zeroblob(21) WHERE capture_id = 'c1'", [])
        .expect("tamper");
    assert_eq!(ob.lease_next(t0() + secs(5), LEASE).err().map(|e| e.code()), Some(Code::StoreDecryptFailed));
    let item = ob.list(&ListFilter { states: vec![OutboxState::Dead], limit: None }).expect("list");
    assert_eq!(item.len(), 1);
    assert_eq!((item[0].capture_id.as_str(), item[0].has_bundle), ("c1", true));
    assert_eq!(ob.lease_next(t0() + secs(5), LEASE).expect("lease").expect("due").bytes, b"second");
}

/// The bundle bytes never reach the database or its WAL in clear, checkpointed or not.
#[test]
fn database_and_wal_never_hold_plaintext() {
    let marker = b"PLAINTEXT-MARKER-0123456789-CPR-1203851002";
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.db");
    let wal = t.path().join("skranke.db-wal");
    let mut ob = open(t.path());
    let mut bundle = vec![0u8; 20_000];
    for (i, b) in bundle.iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    for i in 0..20 {
        let mut b = bundle.clone();
        b.extend_from_slice(marker);
        b.extend_from_slice(&bundle[..1000]);
        ob.enqueue(&format!("c{i}"), &b, &meta(), t0()).expect("enqueue");
    }
    let contains = |p: &Path| std::fs::read(p).map(|d| d.windows(marker.len()).any(|w| w == marker)).unwrap_or(false);
    assert!(std::fs::metadata(&wal).map(|m| m.len() > 100_000).unwrap_or(false), "the WAL holds the inserts");
    assert!(!contains(&db) && !contains(&wal), "before checkpoint");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.mark_accepted("c0", t0()).expect("accepted");
    ob.connection().execute_batch("PRAGMA wal_checkpoint(FULL)").expect("checkpoint");
    assert!(std::fs::metadata(&db).map(|m| m.len() > 100_000).unwrap_or(false), "the database holds the rows");
    assert!(!contains(&db) && !contains(&wal), "after checkpoint");
    // The check itself can fail: the marker is found where it was written in clear.
    std::fs::write(t.path().join("probe"), marker).expect("probe");
    assert!(contains(&t.path().join("probe")));
}

/// A full disk is a typed error and nothing already queued is lost.
#[test]
fn disk_full_is_typed_and_loses_nothing() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    let bundle = vec![7u8; 50_000];
    for i in 0..3 {
        ob.enqueue(&format!("c{i}"), &bundle, &meta(), t0()).expect("enqueue");
    }
    let pages: i64 = ob.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    ob.connection().pragma_update(None, "max_page_count", pages + 20).expect("limit");
    let mut full = None;
    for i in 3..50 {
        match ob.enqueue(&format!("c{i}"), &bundle, &meta(), t0()) {
            Ok(_) => {}
            Err(e) => {
                full = Some((i, e));
                break;
            }
        }
    }
    let (stored, err) = full.expect("the page limit is reached");
    assert_eq!(err.code(), Code::StoreDiskFull);
    assert!(matches!(err, StoreError::DiskFull));
    assert_eq!(ob.status(t0()).expect("status").queued, stored as u64);
    drop(ob);
    let mut ob = open(t.path());
    for i in 0..stored {
        let l = ob.lease_next(t0(), LEASE).expect("lease").expect("due");
        assert_eq!(l.bytes, bundle, "entry {i} intact");
    }
    assert!(ob.lease_next(t0(), LEASE).expect("lease").is_none());
    let ok: String = ob.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(ok, "ok");
}

#[test]
fn purge_removes_only_old_accepted_rows() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    for id in ["old", "new", "queued"] {
        ob.enqueue(id, b"x", &meta(), t0()).expect("enqueue");
    }
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.mark_accepted("new", t0() + secs(100)).expect("accept new");
    ob.mark_accepted("old", t0()).expect("accept old");
    assert_eq!(ob.purge_accepted_older_than(t0() + secs(50)).expect("purge"), 1);
    let left: Vec<String> = ob.list(&ListFilter::default()).expect("list").into_iter().map(|i| i.capture_id).collect();
    assert_eq!(left.len(), 2);
    assert!(left.contains(&"new".to_string()) && left.contains(&"queued".to_string()));
}

#[test]
fn replace_unsent_swaps_the_bundle_of_a_leased_entry_without_receipt_only() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"unverified bundle", &meta(), t0()).expect("enqueue");
    let err = ob.replace_unsent("c1", b"x", &meta(), t0()).expect_err("queued: not leased");
    assert!(matches!(err, StoreError::InvalidState { .. }), "{err:?}");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    let new_meta = serde_json::json!({"case_ref": "KK-1", "cpr_unverified": false});
    ob.replace_unsent("c1", b"verified bundle", &new_meta, t0()).expect("replace");
    ob.mark_retry("c1", t0(), Some(Duration::ZERO), "test").expect("requeue");
    let l = ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    assert_eq!((l.bytes.as_slice(), &l.meta), (&b"verified bundle"[..], &new_meta));
    assert_eq!(l.sha256, hex(&Sha256::digest(b"verified bundle")));
    ob.mark_awaiting_producer("c1", &serde_json::json!({"receipt_id": "r"}), t0()).expect("sent");
    assert!(ob.replace_unsent("c1", b"y", &meta(), t0()).is_err(), "never after the gateway has it");
    assert_eq!(ob.replace_unsent("nope", b"y", &meta(), t0()).map_err(|e| e.code()), Err(Code::StoreNotFound));
}

#[test]
fn resend_puts_an_awaiting_entry_back_in_the_queue_with_the_same_bytes() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"bundle", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    assert!(ob.resend("c1", t0()).is_err(), "only awaiting_producer");
    ob.mark_awaiting_producer("c1", &serde_json::json!({"receipt_id": "r"}), t0()).expect("sent");
    ob.resend("c1", t0() + secs(5)).expect("resend");
    assert_eq!(state_of(&ob, "c1"), OutboxState::Queued);
    let l = ob.lease_next(t0() + secs(5), LEASE).expect("lease").expect("due");
    assert_eq!((l.bytes.as_slice(), l.attempts), (&b"bundle"[..], 2));
}

#[test]
fn recover_all_leases_requeues_unexpired_leases_too() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = open(t.path());
    ob.enqueue("c1", b"bundle", &meta(), t0()).expect("enqueue");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    assert_eq!(ob.recover_leases(t0() + secs(1)).expect("recover"), 0, "the lease has not expired");
    assert_eq!(ob.recover_all_leases(t0() + secs(1)).expect("recover all"), 1);
    assert_eq!(state_of(&ob, "c1"), OutboxState::Queued);
    assert!(ob.lease_next(t0() + secs(1), LEASE).expect("lease").is_some(), "due at once");
}
