//! Bounded listings and redacted `Debug` of what the outbox hands out.
use chrono::{TimeZone, Utc};
use skranke_store::{KeyFileStore, ListFilter, Outbox, OutboxState, StoreError};

fn outbox_with(dir: &std::path::Path, n: u32) -> Outbox {
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
    let mut ob = Outbox::open(&dir.join("skranke.db"), &KeyFileStore::new(dir), now).expect("open outbox");
    for i in 0..n {
        ob.enqueue(&format!("capture-{i:03}"), b"bundle", &serde_json::json!({}), now).expect("enqueue");
    }
    ob
}

/// A listing holds 1 to `ListFilter::MAX_LIMIT` entries: 0 (which returned one entry) and more
/// than the maximum are a typed error with their own code; the bounds themselves work.
#[test]
fn a_listing_limit_outside_1_to_the_maximum_is_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let ob = outbox_with(t.path(), 3);
    let list = |limit| ob.list(&ListFilter { states: vec![], limit });
    for limit in [0, ListFilter::MAX_LIMIT + 1, u32::MAX] {
        match list(Some(limit)) {
            Err(e @ StoreError::ListLimitOutOfRange { .. }) => {
                assert_eq!(e.code(), skranke_core::Code::StoreListLimitOutOfRange);
                assert!(e.to_string().contains(&limit.to_string()), "{e}");
            }
            other => panic!("limit {limit}: {:?}", other.map(|items| items.len())),
        }
    }
    assert_eq!(list(Some(1)).expect("1").len(), 1);
    assert_eq!(list(Some(ListFilter::MAX_LIMIT)).expect("the maximum").len(), 3);
    assert_eq!(list(None).expect("default").len(), 3);
}

/// A leased bundle's `Debug` shows its size, never its bytes (a derived one printed them).
#[test]
fn debug_of_a_leased_bundle_shows_its_size_not_its_bytes() {
    let t = tempfile::tempdir().expect("tempdir");
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
    let mut ob = outbox_with(t.path(), 0);
    let bundle: Vec<u8> = [0xFF, 0xD8, 0x5A, 0xA5, 0x5A, 0xA5].repeat(4);
    ob.enqueue("capture-x", &bundle, &serde_json::json!({"case_ref": "K-1"}), now).expect("enqueue");
    let leased = ob.lease_next(now, std::time::Duration::from_secs(60)).expect("lease").expect("due");
    assert_eq!(leased.bytes, bundle);
    let shown = format!("{leased:?}");
    assert!(!shown.contains("90, 165"), "{shown}");
    assert!(shown.contains("<24 bytes>") && shown.contains("capture-x"), "{shown}");
    assert_eq!(ob.list(&ListFilter { states: vec![OutboxState::Sending], limit: Some(1) }).expect("list").len(), 1);
}
