use super::*;
use crate::outbox::MasterKey;
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

fn key() -> MasterKey {
    MasterKey::from_bytes([7; 32])
}

fn log(dir: &Path) -> AuditLog {
    AuditLog::open(&dir.join("skranke.db"), &key()).expect("open")
}

fn cp_file(dir: &Path) -> std::path::PathBuf {
    dir.join("keys").join("audit-checkpoints.jsonl")
}

/// Every file in `dir` (recursively), as bytes.
fn all_bytes(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out
}

fn occurrences(dir: &Path, needle: &[u8]) -> usize {
    all_bytes(dir).iter().map(|(_, b)| b.windows(needle.len()).filter(|w| *w == needle).count()).sum()
}

fn problem(a: &AuditLog, dir: &Path) -> Option<(ProblemKind, Option<i64>)> {
    a.verify(&cp_file(dir)).expect("verify").problem.map(|p| (p.kind, p.seq))
}

#[test]
fn appends_chain_and_verify() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    let first = a.append(&lookup("anne", at(1, 9), "1203851002", "found")).expect("append");
    assert_eq!(first.seq, 1);
    assert_eq!(first.prev_mac, GENESIS);
    let second = a.append(&lookup("anne", at(1, 10), "0101301028", "found")).expect("append");
    assert_eq!(second.prev_mac, first.mac);
    let report = a.verify(&cp_file(t.path())).expect("verify");
    assert_eq!((report.entries, report.last_seq, report.problem), (2, Some(2), None));
    drop(a);
    let a = log(t.path());
    assert_eq!(a.recent(10).expect("recent").len(), 2, "entries survive reopening");
    let mine = a.for_person("0101301028").expect("person");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].subject_cpr.as_deref(), Some("0101301028"), "the number is decrypted when read");
}

/// The number is stored encrypted with a keyed hash: the ten digits appear in no file, and the
/// same number stored twice gives two different ciphertexts.
#[test]
fn no_cpr_number_in_clear_in_any_file() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    for h in 0..20 {
        a.append(&lookup("anne", at(1, h), "1203851002", "found")).expect("append");
    }
    a.write_checkpoint(&cp_file(t.path()), "PC-1", at(1, 23)).expect("checkpoint");
    assert!(!all_bytes(t.path()).is_empty());
    assert_eq!(occurrences(t.path(), b"1203851002"), 0, "a CPR number in clear");
    assert_eq!(occurrences(t.path(), b"120385-1002"), 0, "a CPR number in clear");
    let encs: Vec<Vec<u8>> = a
        .connection()
        .prepare("SELECT subject_enc FROM audit_log WHERE subject_enc IS NOT NULL")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(encs.len(), 20);
    assert_ne!(encs[0], encs[1], "fresh nonce per entry");
}

#[test]
fn another_master_key_cannot_open_the_trail() {
    let t = tempfile::tempdir().expect("tempdir");
    log(t.path()).append(&lookup("anne", at(1, 9), "1203851002", "found")).expect("append");
    let err = AuditLog::open(&t.path().join("skranke.db"), &MasterKey::from_bytes([8; 32])).expect_err("other key");
    assert_eq!(err.code(), Code::StoreKeyMismatch);
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

fn five(t: &Path) -> AuditLog {
    let mut a = log(t);
    for h in 9..14 {
        a.append(&lookup("anne", at(2, h), "1203851002", "found")).expect("append");
    }
    a
}

#[test]
fn an_edited_entry_is_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let a = five(t.path());
    // Someone with the file and sqlite3 can drop the trigger; the MAC still tells.
    a.connection()
        .execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 'not_found' WHERE seq = 3;")
        .expect("tamper");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::Altered, Some(3))));
    assert_eq!(a.verify(&cp_file(t.path())).expect("verify").broken_at, Some(3));
}

#[test]
fn a_person_moved_to_another_entry_is_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path());
    a.append(&lookup("anne", at(2, 15), "0101301028", "found")).expect("append");
    a.connection()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET subject_key = (SELECT subject_key FROM audit_log WHERE seq = 6) WHERE seq = 2;",
        )
        .expect("tamper");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::Altered, Some(2))));
}

#[test]
fn a_deleted_entry_is_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let a = five(t.path());
    a.connection()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;")
        .expect("tamper");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::Missing, Some(2))));
}

#[test]
fn a_deleted_first_entry_is_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let a = five(t.path());
    a.connection()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 1;")
        .expect("tamper");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::Missing, Some(1))));
}

/// Cutting off the newest entries leaves a chain that verifies by itself; the signed checkpoint
/// in the file outside the database names what is gone.
#[test]
fn a_cut_off_tail_is_found_against_the_checkpoints() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path());
    let first = a.write_checkpoint(&cp_file(t.path()), "PC-1", at(2, 20)).expect("checkpoint");
    assert_eq!(first.seq, 6);
    a.append(&lookup("anne", at(3, 9), "1203851002", "found")).expect("append");
    let second = a.write_checkpoint(&cp_file(t.path()), "PC-1", at(3, 20)).expect("checkpoint");
    assert_eq!(second.seq, 8);
    let ok = a.verify(&cp_file(t.path())).expect("verify");
    assert_eq!((ok.checkpoints, ok.problem), (2, None));
    a.connection()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 7;")
        .expect("cut");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::CutOff, Some(7))));
    // Entries written after the cut take the cut positions and chain cleanly; the checkpoint
    // still names the cut, from the first lost position.
    a.append(&lookup("os:it", at(4, 9), "1203851002", "found")).expect("a sign-in after the cut");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::CutOff, Some(7))));
    a.append(&lookup("os:it", at(4, 10), "1203851002", "found")).expect("and another");
    a.append(&lookup("os:it", at(4, 11), "1203851002", "found")).expect("past the checkpoint");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::CutOff, Some(7))));
}

#[test]
fn a_forged_or_removed_checkpoint_file_is_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path());
    a.write_checkpoint(&cp_file(t.path()), "PC-1", at(2, 20)).expect("checkpoint");
    let text = std::fs::read_to_string(cp_file(t.path())).expect("read");
    // A checkpoint that claims less (seq 2) but was not signed here.
    let mut cp: Checkpoint = serde_json::from_str(text.trim()).expect("parse");
    cp.seq = 2;
    std::fs::write(cp_file(t.path()), serde_json::to_string(&cp).expect("json") + "\n").expect("forge");
    assert_eq!(problem(&a, t.path()).map(|p| p.0), Some(ProblemKind::CheckpointForged));
    std::fs::write(cp_file(t.path()), "not json\n").expect("garbage");
    assert_eq!(problem(&a, t.path()).map(|p| p.0), Some(ProblemKind::CheckpointForged));
    std::fs::remove_file(cp_file(t.path())).expect("remove");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::CheckpointMissing, Some(6))));
}

#[test]
fn purge_keeps_the_rest_verifiable() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    for d in 1..=6 {
        a.append(&lookup("anne", at(d, 9), "1203851002", "found")).expect("append");
    }
    a.write_checkpoint(&cp_file(t.path()), "PC-1", at(6, 20)).expect("checkpoint");
    let removed = a.purge_older_than(at(4, 0), at(20, 0)).expect("purge");
    assert_eq!(removed, 3);
    let report = a.verify(&cp_file(t.path())).expect("verify");
    assert_eq!((report.entries, report.checkpoints, report.problem), (4, 1, None));
    let next = a.append(&lookup("anne", at(7, 9), "1203851002", "found")).expect("append");
    assert_eq!(next.seq, 8);
    assert_eq!(problem(&a, t.path()), None);
    // Purging everything still leaves a chain that new entries continue.
    a.purge_older_than(at(30, 0), at(30, 1)).expect("purge all");
    let after = a.append(&lookup("anne", at(31, 9), "1203851002", "found")).expect("append");
    assert_eq!(after.seq, 9);
    assert_eq!(problem(&a, t.path()), None);
}

/// Moving the purge checkpoint forward would hide deleted entries at the head of the chain; it is
/// signed, so a changed one is found.
#[test]
fn a_forged_purge_checkpoint_is_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path());
    a.purge_older_than(at(2, 10), at(20, 0)).expect("purge one");
    assert_eq!(problem(&a, t.path()), None);
    a.connection()
        .execute_batch(
            "UPDATE audit_checkpoint SET purged_through_seq = 3, last_purged_hash = (SELECT mac FROM audit_log WHERE seq = 3);
             UPDATE audit_purge_gate SET open = 1; DELETE FROM audit_log WHERE seq <= 3; UPDATE audit_purge_gate SET open = 0;",
        )
        .expect("tamper");
    assert_eq!(problem(&a, t.path()).map(|p| p.0), Some(ProblemKind::CheckpointForged));
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
    assert_eq!(problem(&a, t.path()), None);
}

/// Purged entries leave nothing readable: their encrypted numbers are overwritten in the
/// database file and the log is cut, so no copy is left in free pages or old log frames.
#[test]
fn purged_entries_leave_no_ciphertext_in_the_files() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = log(t.path());
    for h in 0..40 {
        a.append(&lookup("anne", at(1, h % 24), "2904611234", "found")).expect("old entry");
    }
    a.append(&lookup("anne", at(9, 9), "1203851002", "found")).expect("new entry");
    let sealed: Vec<Vec<u8>> = a
        .connection()
        .prepare("SELECT subject_enc FROM audit_log WHERE seq <= 40")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let found = |dir: &Path| sealed.iter().filter(|s| occurrences(dir, s) > 0).count();
    assert_eq!(found(t.path()), 40, "the scan finds every sealed number before the purge");
    assert_eq!(a.purge_older_than(at(5, 0), at(9, 10)).expect("purge"), 40);
    assert_eq!(found(t.path()), 0, "a purged entry's sealed number is still in the files");
    assert_eq!(a.for_person("1203851002").expect("kept").len(), 1, "the kept entry is still there");
    assert_eq!(problem(&a, t.path()), None);
}

/// An audit witness on a real socket in `dir`, served on a thread (the service's own code).
fn witness(dir: &Path) -> skranke_witness::WitnessClient {
    skranke_witness::server::start_on_thread(&dir.join("witness-state"), &dir.join("witness-run").join("socket"))
        .expect("witness")
}

/// Rewrites entry `seq`'s outcome as someone holding the master key would: every MAC from there
/// on recomputed with the chain key, so the chain and the checkpoints verify by themselves.
fn rewrite_with_the_key(a: &AuditLog, seq: i64, outcome: &str) {
    a.connection().execute_batch("DROP TRIGGER IF EXISTS audit_log_no_update;").expect("drop trigger");
    a.connection().execute("UPDATE audit_log SET outcome = ?1 WHERE seq = ?2", params![outcome, seq]).expect("edit");
    let mut prev: String = a
        .connection()
        .query_row("SELECT prev_mac FROM audit_log WHERE seq = ?1", params![seq], |r| r.get(0))
        .expect("prev");
    let rows: Vec<StoredRow> = {
        let mut stmt = a
            .connection()
            .prepare(&format!("SELECT {COLUMNS} FROM audit_log WHERE seq >= ?1 ORDER BY seq"))
            .expect("sql");
        stmt.query_map(params![seq], StoredRow::read).expect("rows").map(|r| r.expect("row")).collect()
    };
    for mut row in rows {
        row.prev_mac = prev;
        let mac = entry_mac(&a.keys.chain, &row.fields());
        a.connection()
            .execute("UPDATE audit_log SET prev_mac = ?1, mac = ?2 WHERE seq = ?3", params![row.prev_mac, mac, row.seq])
            .expect("rechain");
        prev = mac;
    }
}

#[test]
fn every_entry_reaches_the_witness_and_verify_holds_against_it() {
    let t = tempfile::tempdir().expect("tempdir");
    let client = witness(t.path());
    let mut a = five(t.path()).with_witness(client.clone());
    // The five written before the witness was attached are sent with the next one.
    a.append(&lookup("anne", at(2, 15), "0101301028", "found")).expect("append");
    assert_eq!(client.head().expect("head").map(|h| h.seq), Some(6));
    let report = a.verify(&cp_file(t.path())).expect("verify");
    assert_eq!((report.witnessed, report.unwitnessed, report.problem), (Some(6), 0, None));
    let status = a.sync_witness().expect("sync").expect("configured");
    assert_eq!((status.witnessed_through, status.unwitnessed, status.problem), (Some(6), 0, None));
}

/// The case the keyed chain alone cannot catch: the master key's holder rewrites an entry and
/// recomputes the chain. The witness, which recorded the original MAC, names the entry.
#[test]
fn an_entry_rewritten_with_the_key_is_found_by_the_witness() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path()).with_witness(witness(t.path()));
    a.write_checkpoint(&cp_file(t.path()), "PC-1", at(2, 20)).expect("checkpoint");
    rewrite_with_the_key(&a, 3, "not_found");
    let without = AuditLog::open(&t.path().join("skranke.db"), &key()).expect("open");
    assert_eq!(
        problem(&without, t.path()).map(|p| p.0),
        Some(ProblemKind::CutOff),
        "only the checkpoint notices, vaguely"
    );
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::Altered, Some(3))));
    // New entries are not recorded on top of the rewritten chain, and the status says why.
    a.append(&lookup("anne", at(3, 9), "1203851002", "found")).expect("the counter goes on");
    let status = a.sync_witness().expect("sync").expect("configured");
    assert_eq!(status.problem.map(|p| p.code()), Some("conflict"));
    assert_eq!(status.witnessed_through, Some(6));
}

/// Cutting the log and the checkpoint file back to the same point, which the checkpoints alone
/// cannot see, is named by the witness.
#[test]
fn a_tail_cut_with_its_checkpoints_is_found_by_the_witness() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path()).with_witness(witness(t.path()));
    a.write_checkpoint(&cp_file(t.path()), "PC-1", at(2, 20)).expect("checkpoint");
    let kept = std::fs::read(cp_file(t.path())).expect("file");
    a.append(&lookup("anne", at(3, 9), "1203851002", "found")).expect("append");
    a.write_checkpoint(&cp_file(t.path()), "PC-1", at(3, 20)).expect("checkpoint");
    a.connection()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 7;")
        .expect("cut");
    std::fs::write(cp_file(t.path()), kept).expect("cut the file too");
    let without = AuditLog::open(&t.path().join("skranke.db"), &key()).expect("open");
    assert_eq!(problem(&without, t.path()), None, "the old limit: invisible without the witness");
    assert_eq!(problem(&a, t.path()), Some((ProblemKind::CutOff, Some(7))));
}

#[test]
fn a_stopped_witness_holds_up_nothing_and_catches_up() {
    let t = tempfile::tempdir().expect("tempdir");
    let nobody = skranke_witness::WitnessClient::new(t.path().join("no-witness").join("socket"));
    let mut a = five(t.path()).with_witness(nobody);
    a.append(&lookup("anne", at(3, 9), "1203851002", "found")).expect("the entry stands without the witness");
    let status = a.sync_witness().expect("sync").expect("configured");
    assert_eq!((status.witnessed_through, status.unwitnessed), (None, 6));
    assert_eq!(status.problem.map(|p| p.code()), Some("unreachable"));
    assert_eq!(problem(&a, t.path()).map(|p| p.0), Some(ProblemKind::WitnessUnreachable));
    // The witness comes back: the next entry brings it up to date.
    drop(a);
    let client = witness(t.path());
    let mut a = AuditLog::open(&t.path().join("skranke.db"), &key()).expect("open").with_witness(client.clone());
    a.append(&lookup("anne", at(3, 10), "1203851002", "found")).expect("append");
    assert_eq!(client.head().expect("head").map(|h| h.seq), Some(7));
    assert_eq!(problem(&a, t.path()), None);
}

#[test]
fn purged_entries_are_not_asked_of_the_witness() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut a = five(t.path()).with_witness(witness(t.path()));
    a.append(&lookup("anne", at(20, 9), "1203851002", "found")).expect("append");
    assert_eq!(a.purge_older_than(at(10, 0), at(20, 10)).expect("purge"), 5);
    a.append(&lookup("anne", at(20, 11), "1203851002", "found")).expect("append");
    let report = a.verify(&cp_file(t.path())).expect("verify");
    assert_eq!((report.witnessed, report.problem), (Some(2), None));
}

/// A witness that accepts connections and never answers costs one timeout, not one per entry:
/// appends leave it alone for a while, then catch up.
#[test]
fn a_hung_witness_is_asked_once_not_at_every_entry() {
    let t = tempfile::tempdir().expect("tempdir");
    let socket = t.path().join("hung.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&connections);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(conn); // never answered, never closed
        }
    });
    let mut a = log(t.path()).with_witness(skranke_witness::WitnessClient::new(&socket));
    for h in 9..14 {
        a.append(&lookup("anne", at(2, h), "1203851002", "found")).expect("the entries stand");
    }
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1, "one attempt for five entries");
    assert_eq!(a.recent(10).expect("recent").len(), 5);
}
