//! Shredding leaves nothing readable: after a capture is accepted, or a rejected one is shredded
//! by the retention run, no fragment of its ciphertext, wrapped key or nonces is anywhere in the
//! database file (free pages included: the whole file is read), the write-ahead log or its index.
use super::*;
use crate::AuditLog;
use std::collections::HashSet;
use std::path::PathBuf;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("valid time")
}

const LEASE: Duration = Duration::from_secs(60);

/// 300 KB of random bytes: every 12-byte piece of its ciphertext is unique in the file.
fn random_bundle() -> Vec<u8> {
    let mut b = vec![0u8; 300 * 1024];
    OsRng.fill_bytes(&mut b);
    b
}

/// The stored secrets of one capture, read before it is shredded.
fn sealed_of(ob: &Outbox, id: &str) -> Vec<Vec<u8>> {
    ob.connection()
        .query_row(
            "SELECT ciphertext, nonce, wrapped_key, key_nonce FROM outbox_bundle WHERE capture_id = ?1",
            params![id],
            |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
        )
        .expect("stored")
}

/// The database, its write-ahead log and the log's index.
fn files(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"].iter().map(|s| PathBuf::from(format!("{}{s}", db.display()))).collect()
}

/// How many 12-byte pieces of `secrets` occur anywhere in `files` (at any offset). A copy of a
/// secret cut into pages still holds whole pieces: any run of 23 bytes of it contains one.
fn pieces_found(files: &[PathBuf], secrets: &[Vec<u8>]) -> usize {
    const W: usize = 12;
    let pieces: HashSet<&[u8]> = secrets.iter().flat_map(|s| s.chunks_exact(W)).collect();
    files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|bytes| bytes.windows(W).filter(|w| pieces.contains(w)).count())
        .sum()
}

fn freelist(ob: &Outbox) -> i64 {
    ob.connection().query_row("PRAGMA freelist_count", [], |r| r.get(0)).expect("freelist")
}

#[test]
fn an_accepted_capture_leaves_no_ciphertext_or_key_in_the_database_log_or_free_pages() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.sqlite3");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(t.path()), t0()).expect("open");
    // The app keeps the audit trail open on the same file: a second connection the checkpoint
    // must get past.
    let _audit = AuditLog::open(&db, &KeyFileStore::new(t.path()).load_or_create().expect("key")).expect("audit");
    let (gone, kept) = (random_bundle(), random_bundle());
    ob.enqueue("gone", &gone, &serde_json::json!({}), t0()).expect("enqueue");
    ob.enqueue("kept", &kept, &serde_json::json!({}), t0() + chrono::Duration::seconds(1)).expect("enqueue");
    let secrets = sealed_of(&ob, "gone");
    assert!(pieces_found(&files(&db), &secrets) > 20_000, "the scan finds the stored ciphertext before the shred");

    assert_eq!(ob.lease_next(t0(), LEASE).expect("lease").expect("due").id, "gone");
    ob.mark_awaiting_producer("gone", &serde_json::json!({"receipt_id": "R-1"}), t0()).expect("awaiting");
    ob.mark_accepted("gone", t0()).expect("accepted");
    assert!(ob.shreds_pending_fold(), "the acceptance waits for the end of the pass");
    ob.fold_pending_shreds();
    assert!(!ob.shreds_pending_fold());

    assert_eq!(pieces_found(&files(&db), &secrets), 0, "a piece of the shredded capture is still in the files");
    assert_eq!(std::fs::metadata(files(&db)[1].clone()).map(|m| m.len()).unwrap_or(0), 0, "the log is cut");
    assert!(freelist(&ob) > 50, "the bundle's pages are free pages now (and were scanned)");
    assert_eq!(ob.bundle("kept").expect("the other capture is untouched"), kept);
}

/// Enqueues `ids` (300 KB random bundles), leases and accepts them all, as a sender pass does;
/// returns the stored secrets of each, read before the shred.
fn accept_all(ob: &mut Outbox, ids: &[&str]) -> Vec<Vec<u8>> {
    for (i, id) in ids.iter().enumerate() {
        ob.enqueue(id, &random_bundle(), &serde_json::json!({}), t0() + chrono::Duration::seconds(i as i64))
            .expect("enqueue");
    }
    let secrets: Vec<Vec<u8>> = ids.iter().flat_map(|id| sealed_of(ob, id)).collect();
    for id in ids {
        assert_eq!(ob.lease_next(t0() + chrono::Duration::hours(1), LEASE).expect("lease").expect("due").id, *id);
    }
    for id in ids {
        ob.mark_accepted(id, t0()).expect("accepted");
    }
    secrets
}

/// One fold at the end of the pass covers every acceptance of the pass: three accepted captures,
/// one truncating checkpoint, nothing of any of them left.
#[test]
fn one_fold_after_several_acceptances_leaves_none_of_them_readable() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.sqlite3");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(t.path()), t0()).expect("open");
    let _audit = AuditLog::open(&db, &KeyFileStore::new(t.path()).load_or_create().expect("key")).expect("audit");
    let secrets = accept_all(&mut ob, &["a", "b", "c"]);
    assert!(pieces_found(&files(&db), &secrets) > 60_000, "unfolded: the log still holds the ciphertexts");
    ob.fold_pending_shreds();
    assert_eq!(pieces_found(&files(&db), &secrets), 0, "a piece of a shredded capture is still in the files");
    assert!(!ob.shreds_pending_fold());
}

/// A pass cut short before its fold: the next lease folds first.
#[test]
fn the_next_lease_folds_acceptances_left_unfolded() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.sqlite3");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(t.path()), t0()).expect("open");
    let _audit = AuditLog::open(&db, &KeyFileStore::new(t.path()).load_or_create().expect("key")).expect("audit");
    let secrets = accept_all(&mut ob, &["a", "b"]);
    assert!(ob.lease_next(t0() + chrono::Duration::hours(1), LEASE).expect("lease").is_none(), "nothing queued");
    assert!(!ob.shreds_pending_fold());
    assert_eq!(pieces_found(&files(&db), &secrets), 0, "a piece of a shredded capture is still in the files");
}

/// An outbox dropped after acceptances nobody folded folds them as it closes, although the audit
/// trail's connection keeps the log open (so SQLite's own checkpoint at the last close never runs).
#[test]
fn dropping_the_outbox_folds_acceptances_left_unfolded() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.sqlite3");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(t.path()), t0()).expect("open");
    let audit = AuditLog::open(&db, &KeyFileStore::new(t.path()).load_or_create().expect("key")).expect("audit");
    let secrets = accept_all(&mut ob, &["a", "b"]);
    drop(ob);
    assert_eq!(pieces_found(&files(&db), &secrets), 0, "a piece of a shredded capture is still in the files");
    drop(audit);
}

/// A supervisor returns the capture at `at` (retention counts from the decision).
fn decide_return(ob: &mut Outbox, id: &str, at: DateTime<Utc>) {
    let rule = StuckRule { codes: vec![], enqueued_before: at };
    let item = ob.review_queue(&rule).expect("queue").into_iter().find(|i| i.capture_id == id).expect("waiting");
    ob.decide(&item, Decision::Return, "sara", "Retake", Some("1203851002"), at).expect("return");
}

#[test]
fn the_retention_shred_of_a_rejected_capture_leaves_nothing_readable() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.sqlite3");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(t.path()), t0()).expect("open");
    let _audit = AuditLog::open(&db, &KeyFileStore::new(t.path()).load_or_create().expect("key")).expect("audit");
    ob.enqueue("rejected", &random_bundle(), &serde_json::json!({}), t0()).expect("enqueue");
    // Folded into the database before the rejection, as after any sender pass.
    assert!(ob.truncate_wal().expect("checkpoint").complete());
    let secrets = sealed_of(&ob, "rejected");
    ob.lease_next(t0(), LEASE).expect("lease").expect("due");
    ob.mark_rejected("rejected", ReviewCause::GatewayRejected, &["photo_unusable".to_string()], t0())
        .expect("rejected");
    assert!(pieces_found(&files(&db), &secrets) > 20_000, "kept encrypted for review");
    // Kept until a supervisor decides; returned at t0, it stays for the review period.
    assert_eq!(ob.rejected_or_dead_before(t0() + chrono::Duration::days(400)).expect("undecided"), 0);
    decide_return(&mut ob, "rejected", t0());

    let review = chrono::Duration::days(30);
    assert_eq!(ob.rejected_or_dead_before(t0() + review - chrono::Duration::seconds(1)).expect("count"), 1);
    assert_eq!(ob.shred_rejected_or_dead_before(t0()).expect("not yet"), 0, "decided at t0: not before t0");
    assert_eq!(ob.shred_rejected_or_dead_before(t0() + review).expect("shred"), 1);
    assert_eq!(pieces_found(&files(&db), &secrets), 0, "a piece of the shredded capture is still in the files");
    assert_eq!(ob.list(&ListFilter::default()).expect("list"), vec![], "the row is gone too");
}

#[test]
fn retention_counts_match_what_the_shreds_delete() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut ob = Outbox::open(&t.path().join("skranke.sqlite3"), &KeyFileStore::new(t.path()), t0()).expect("open");
    let day = chrono::Duration::days(1);
    for (i, id) in ["accepted", "rejected", "dead", "queued"].iter().enumerate() {
        ob.enqueue(id, id.as_bytes(), &serde_json::json!({}), t0() + chrono::Duration::seconds(i as i64))
            .expect("enqueue");
    }
    for id in ["accepted", "rejected"] {
        assert_eq!(ob.lease_next(t0() + day, LEASE).expect("lease").expect("due").id, id);
    }
    ob.mark_accepted("accepted", t0()).expect("accepted");
    ob.mark_rejected("rejected", ReviewCause::GatewayRejected, &[], t0()).expect("rejected");
    ob.mark_dead("dead", "permanent", t0() + day * 5).expect("dead");
    decide_return(&mut ob, "rejected", t0());
    decide_return(&mut ob, "dead", t0() + day * 5);

    // Decided on day 0 and day 5: at day 10 with a cutoff of day 3, only the rejection is due.
    assert_eq!(ob.rejected_or_dead_before(t0() + day * 3).expect("count"), 1);
    assert_eq!(ob.rejected_or_dead_before(t0() + day * 6).expect("count"), 2);
    assert_eq!(ob.accepted_before(t0() + day).expect("count"), 1);
    assert_eq!(ob.accepted_before(t0()).expect("count"), 0);

    // Accepting shredded the bundle; a row restored behind SQLite's back is found and shredded.
    assert_eq!(ob.accepted_with_bundle().expect("count"), 0);
    ob.connection()
        .execute(
            "INSERT INTO outbox_bundle (capture_id, ciphertext, nonce, wrapped_key, key_nonce)
             VALUES ('accepted', x'01', x'02', x'03', x'04')",
            [],
        )
        .expect("restore a bundle row");
    assert_eq!(ob.accepted_with_bundle().expect("count"), 1);
    assert_eq!(ob.shred_accepted_leftovers().expect("shred"), 1);
    assert_eq!(ob.accepted_with_bundle().expect("count"), 0);

    assert_eq!(ob.shred_rejected_or_dead_before(t0() + day * 3).expect("shred"), 1);
    let left: Vec<String> = ob.list(&ListFilter::default()).expect("list").into_iter().map(|i| i.capture_id).collect();
    assert_eq!(left, ["queued", "dead", "accepted"], "newest first; queued is never touched");
    assert_eq!(ob.bundle("dead").expect("still under review"), b"dead");
    assert_eq!(ob.purge_accepted_older_than(t0() + day).expect("purge"), 1);
}
