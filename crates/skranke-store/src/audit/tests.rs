use super::*;
use chrono::TimeZone;
use skranke_core::Code;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).single().expect("valid time")
}

fn lookup(user: &str, when: DateTime<Utc>, cpr: &str, outcome: &str) -> NewAuditEntry {
    NewAuditEntry {
        at: when,
        user_id: user.into(),
        workstation: "PC-1".into(),
        action: AuditAction::CprLookup,
        subject_cpr: Some(cpr.into()),
        outcome: outcome.into(),
        details: serde_json::json!({"status": "active", "case_ref": "KK-1"}),
    }
}

fn log(dir: &Path) -> AuditLog {
    AuditLog::open(&dir.join("skranke.db")).expect("open")
}

#[test]
fn appends_chain_and_verify() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    let first = a.append(&lookup("anne", at(1, 9), "1203851002", "found")).expect("append");
    assert_eq!(first.seq, 1);
    assert_eq!(first.prev_hash, GENESIS);
    let second = a.append(&lookup("anne", at(1, 10), "0101301028", "found")).expect("append");
    assert_eq!(second.prev_hash, first.hash);
    assert_eq!(a.verify().expect("verify"), ChainReport { entries: 2, broken_at: None });
    drop(a);
    let a = log(t.path());
    assert_eq!(a.recent(10).expect("recent").len(), 2, "entries survive reopening");
    assert_eq!(a.for_person("0101301028").expect("person").len(), 1);
}

#[test]
fn update_and_delete_are_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    a.append(&lookup("anne", at(1, 9), "1203851002", "found")).expect("append");
    let upd = a.connection().execute("UPDATE audit_log SET outcome = 'x'", []);
    assert!(upd.is_err_and(|e| e.to_string().contains("append-only")));
    let del = a.connection().execute("DELETE FROM audit_log", []);
    assert!(del.is_err_and(|e| e.to_string().contains("retention purge")));
}

#[test]
fn tampering_is_found_at_the_first_changed_entry() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    for h in 9..14 {
        a.append(&lookup("anne", at(2, h), "1203851002", "found")).expect("append");
    }
    // Someone with the file and sqlite3 can drop the trigger; the chain still tells.
    a.connection()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET subject_cpr = '0101301028' WHERE seq = 3;",
        )
        .expect("tamper");
    assert_eq!(a.verify().expect("verify").broken_at, Some(3));
}

#[test]
fn removing_an_entry_breaks_the_chain() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    for h in 9..13 {
        a.append(&lookup("anne", at(2, h), "1203851002", "found")).expect("append");
    }
    a.connection()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;")
        .expect("tamper");
    assert_eq!(a.verify().expect("verify").broken_at, Some(3));
}

#[test]
fn purge_keeps_the_rest_verifiable() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    for d in 1..=6 {
        a.append(&lookup("anne", at(d, 9), "1203851002", "found")).expect("append");
    }
    let removed = a.purge_older_than(at(4, 0), at(20, 0)).expect("purge");
    assert_eq!(removed, 3);
    assert_eq!(a.verify().expect("verify"), ChainReport { entries: 3, broken_at: None });
    let next = a.append(&lookup("anne", at(7, 9), "1203851002", "found")).expect("append");
    assert_eq!(next.seq, 7);
    assert_eq!(a.verify().expect("verify").broken_at, None);
    // Purging everything still leaves a chain that new entries continue.
    a.purge_older_than(at(30, 0), at(30, 1)).expect("purge all");
    let after = a.append(&lookup("anne", at(31, 9), "1203851002", "found")).expect("append");
    assert_eq!(after.seq, 8);
    assert_eq!(a.verify().expect("verify"), ChainReport { entries: 1, broken_at: None });
}

#[test]
fn usage_and_failed_sign_ins() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    a.append(&lookup("anne", at(1, 9), "1203851002", "found")).expect("append");
    a.append(&lookup("anne", at(2, 9), "1203851002", "found")).expect("append");
    a.append(&lookup("bo", at(3, 9), "1203851002", "not_found")).expect("append");
    let failed = NewAuditEntry {
        at: at(3, 10),
        user_id: "bo".into(),
        workstation: "PC-1".into(),
        action: AuditAction::SignInFailed,
        subject_cpr: None,
        outcome: "wrong_password".into(),
        details: serde_json::json!({}),
    };
    a.append(&failed).expect("append");
    let month =
        a.usage_by_user(at(1, 0), Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).single().expect("t")).expect("usage");
    assert!(month.contains(&UsageRow { user_id: "anne".into(), action: "cpr_lookup".into(), count: 2 }));
    assert!(month.contains(&UsageRow { user_id: "bo".into(), action: "sign_in_failed".into(), count: 1 }));
    let count = |ws: &str, since| a.count_since(AuditAction::SignInFailed, ws, since).expect("count");
    assert_eq!((count("PC-1", at(3, 0)), count("PC-1", at(3, 10)), count("PC-1", at(4, 0))), (1, 1, 0));
    assert_eq!(count("PC-2", at(1, 0)), 0, "counted per workstation");
    let latest = a.latest(AuditAction::CprLookup, "PC-1").expect("latest").expect("one");
    assert_eq!((latest.user_id.as_str(), latest.outcome.as_str()), ("bo", "not_found"));
    assert!(a.latest(AuditAction::SignInLockedOut, "PC-1").expect("latest").is_none());
}

#[test]
fn a_full_disk_is_a_clear_error_and_loses_nothing() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    a.append(&lookup("anne", at(1, 9), "1203851002", "found")).expect("append");
    let pages: i64 = a.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    a.connection().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(())).expect("limit");
    let big = NewAuditEntry {
        details: serde_json::json!({"pad": "x".repeat(64 * 1024)}),
        ..lookup("anne", at(1, 10), "1203851002", "found")
    };
    let e = a.append(&big).expect_err("full");
    assert!(matches!(e, StoreError::DiskFull), "{e:?}");
    assert_eq!(e.code(), Code::StoreDiskFull);
    assert_eq!(a.verify().expect("verify"), ChainReport { entries: 1, broken_at: None });
}

/// Purged entries name people: their CPR numbers are overwritten in the database file and the
/// log is cut, so no copy is left in free pages or old log frames.
#[test]
fn purged_entries_leave_no_cpr_number_in_the_files() {
    let t = tempfile::tempdir().expect("tempdir");
    let db = t.path().join("skranke.db");
    let mut a = log(t.path());
    for h in 0..40 {
        a.append(&lookup("anne", at(1, h % 24), "2904611234", "found")).expect("old entry");
    }
    a.append(&lookup("anne", at(9, 9), "1203851002", "found")).expect("new entry");
    let files: Vec<std::path::PathBuf> =
        ["", "-wal", "-shm"].iter().map(|s| std::path::PathBuf::from(format!("{}{s}", db.display()))).collect();
    let occurrences = |needle: &[u8]| -> usize {
        files
            .iter()
            .filter_map(|f| std::fs::read(f).ok())
            .map(|b| b.windows(needle.len()).filter(|w| *w == needle).count())
            .sum()
    };
    assert!(occurrences(b"2904611234") >= 40, "the scan finds the number before the purge");
    assert_eq!(a.purge_older_than(at(5, 0), at(9, 10)).expect("purge"), 40);
    assert_eq!(occurrences(b"2904611234"), 0, "a purged CPR number is still in the files");
    assert!(occurrences(b"1203851002") > 0, "the kept entry is still there");
    assert_eq!(a.verify().expect("verify").broken_at, None);
}
