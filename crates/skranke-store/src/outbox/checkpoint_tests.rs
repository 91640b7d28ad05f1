//! The write-ahead log is folded into the database by the sender's pass, never by an enqueue:
//! a checkpoint copies megabytes with an fsync, which must not land on the clerk's Send.
use super::{KeyFileStore, Outbox};
use chrono::{TimeZone, Utc};
use std::path::Path;

fn db_len(path: &Path) -> u64 {
    std::fs::metadata(path).expect("database file").len()
}

/// Twenty 300 KB bundles (about 1,500 log pages, past SQLite's default auto-checkpoint of 1,000)
/// leave the database file as it was; the sender's `recover_all_leases` then copies them in.
#[test]
fn enqueue_never_checkpoints_and_the_sender_pass_does() {
    let t = tempfile::tempdir().expect("tempdir");
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
    let path = t.path().join("skranke.db");
    let mut ob = Outbox::open(&path, &KeyFileStore::new(t.path()), now).expect("open");
    let before = db_len(&path);
    let bundle = vec![0x5a; 300 * 1024];
    for i in 0..20 {
        ob.enqueue(&format!("c{i:02}"), &bundle, &serde_json::json!({}), now).expect("enqueue");
    }
    assert_eq!(db_len(&path), before, "an enqueue copied the log into the database (a checkpoint)");
    ob.recover_all_leases(now).expect("pass start");
    assert!(db_len(&path) > before + 20 * 300 * 1024, "the pass start did not checkpoint");
    // Nothing is lost either way: every bundle reads back.
    assert_eq!(ob.bundle("c19").expect("stored"), bundle);
}
