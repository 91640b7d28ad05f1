//! Issue 15, points 3 and 4 through the façade, in demo mode against the embedded simulators: a
//! real capture shredded at acceptance leaves no piece of its ciphertext or wrapped key in the
//! database, its log or free pages; the retention run on a clock moved forward shreds a rejected
//! capture after the review period, deletes old log files and a year's audit entries (the chain
//! still verifies); the monthly statistics per user; a citizen's access request, without and
//! with the clerks' identities; refusals by role.
use chrono::TimeZone;
use skranke_api::demo::DecisionSettings;
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::records::{DryRun, WithUsers};
use skranke_api::{Clock, Code, ManualClock, OpenOptions, Skranke};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A demo Skranke on `clock`, a clerk signed in, whose simulated producer decides at once.
async fn demo_on(dir: &Path, clock: Arc<dyn Clock>) -> Skranke {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("mode = \"demo\"\ndata_dir = {:?}\n\n# Overrides are sent at once: these tests are about delivery (tests/review.rs holds them).\n[review]\noverrides = \"none\"\n", dir.join("data").display().to_string()))
        .expect("write config");
    let app = Skranke::start_with_clock(OpenOptions { config_path: Some(&path) }, clock).await.expect("demo starts");
    app.sign_in(Role::Clerk, None).expect("sign in");
    decide(&app, 0.0);
    app
}

/// The simulated producer decides at once, rejecting this share of captures.
fn decide(app: &Skranke, reject_share: f64) {
    let gw = app.demo_simulators().expect("sims").gateway_control();
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share, ..DecisionSettings::default() });
}

fn portrait() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg"))
        .expect("demo portrait")
}

/// Opens a case for Anne, takes photo and signature and presses Send; returns the capture id.
async fn capture(app: &Skranke) -> String {
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case opens");
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo");
    let (_, json) = skranke_signature::DEMO_SIGNATURES[0];
    app.signature_accept(skranke_signature::parse_stroke_file(json.as_bytes()).expect("strokes")).expect("signature");
    app.send_case().expect("send").capture_id
}

fn state(app: &Skranke, id: &str) -> Option<OutboxState> {
    app.queue_list(vec![], None).expect("list").into_iter().find(|i| i.capture_id == id).map(|i| i.state)
}

/// Runs passes until the capture is accepted, rejected or dead (at most 20 passes).
async fn settle(app: &Skranke, id: &str) -> Option<OutboxState> {
    for _ in 0..20 {
        app.queue_retry(None).expect("due now");
        app.send_pass().await.expect("pass");
        let s = state(app, id);
        if matches!(s, Some(OutboxState::Accepted | OutboxState::Rejected | OutboxState::Dead)) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    state(app, id)
}

fn database(dir: &Path) -> PathBuf {
    dir.join("data/skranke.sqlite3")
}

/// The capture's ciphertext, nonces and wrapped key as stored now.
fn sealed(db: &Path, id: &str) -> Vec<Vec<u8>> {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row(
        "SELECT ciphertext, nonce, wrapped_key, key_nonce FROM outbox_bundle WHERE capture_id = ?1",
        [id],
        |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )
    .expect("the bundle is stored")
}

fn freelist(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row("PRAGMA freelist_count", [], |r| r.get(0)).expect("freelist")
}

/// How many 12-byte pieces of `secrets` occur anywhere, at any offset, in the database file
/// (free pages included: the whole file is read), its write-ahead log and the log's index.
fn pieces_found(db: &Path, secrets: &[Vec<u8>]) -> usize {
    const W: usize = 12;
    let pieces: HashSet<&[u8]> = secrets.iter().flat_map(|s| s.chunks_exact(W)).collect();
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::read(format!("{}{s}", db.display())).ok())
        .map(|bytes| bytes.windows(W).filter(|w| pieces.contains(w)).count())
        .sum()
}

#[tokio::test]
async fn a_real_capture_leaves_nothing_of_its_ciphertext_or_wrapped_key_once_accepted() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo_on(t.path(), Arc::new(skranke_api::SystemClock)).await;
    let id = capture(&app).await;
    let db = database(t.path());
    let secrets = sealed(&db, &id);
    let stored = pieces_found(&db, &secrets);
    assert!(stored > 1000, "the scan finds the stored capture ({stored} pieces)");
    assert_eq!(settle(&app, &id).await, Some(OutboxState::Accepted));
    assert_eq!(pieces_found(&db, &secrets), 0, "a piece of the accepted capture's bundle or key is still in the files");
    assert!(freelist(&db) > 0, "its pages are free pages now, and were read too");
}

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("time")
}

fn day_log(dir: &Path, day: chrono::DateTime<chrono::Utc>) -> PathBuf {
    let logs = dir.join("data/logs");
    std::fs::create_dir_all(&logs).expect("logs");
    let f = logs.join(format!("skranke.{}.log", day.format("%Y-%m-%d")));
    std::fs::write(&f, b"counts only\n").expect("log file");
    f
}

#[tokio::test]
async fn retention_on_a_clock_moved_forward_shreds_deletes_and_keeps_the_chain() {
    let t = tempfile::tempdir().expect("tempdir");
    let t0 = at(2026, 11, 2, 10);
    let clock = Arc::new(ManualClock::at(t0));
    let app = demo_on(t.path(), clock.clone()).await;
    let accepted = capture(&app).await;
    assert_eq!(settle(&app, &accepted).await, Some(OutboxState::Accepted));
    decide(&app, 1.0);
    let rejected = capture(&app).await;
    let db = database(t.path());
    let secrets = sealed(&db, &rejected);
    assert_eq!(settle(&app, &rejected).await, Some(OutboxState::Rejected));
    app.sign_out().expect("the clerk leaves");
    let (old_log, todays_log) = (day_log(t.path(), t0 - chrono::Duration::days(20)), day_log(t.path(), t0));

    // A clerk may not; IT may, and a dry run counts without deleting.
    app.sign_in(Role::Clerk, None).expect("clerk");
    assert_eq!(app.retention_run(DryRun::Yes).expect_err("clerk").code, Code::Forbidden);
    app.sign_out().expect("sign out");
    app.sign_in(Role::It, None).expect("IT");
    let dry = app.retention_run(DryRun::Yes).expect("dry run");
    assert!(dry.dry_run);
    assert_eq!((dry.rejected_or_dead, dry.audit_entries, dry.log_files, dry.accepted_rows), (0, 0, 1, 0));
    assert!(old_log.exists(), "a dry run deletes nothing");
    let first = app.retention_run(DryRun::No).expect("run");
    assert_eq!((first.rejected_or_dead, first.log_files, first.accepted_bundles_left), (0, 1, 0));
    assert!(!old_log.exists() && todays_log.exists());
    assert_eq!(state(&app, &rejected), Some(OutboxState::Rejected), "undecided: kept for review");

    // Undecided, it is kept however old; a supervisor returns it, and 31 days after the decision
    // it goes.
    clock.advance(chrono::Duration::days(40));
    app.sign_in(Role::It, None).expect("unlock after the idle lock");
    assert_eq!(app.retention_run(DryRun::Yes).expect("dry run").rejected_or_dead, 0, "waits for a supervisor");
    app.sign_in(Role::Supervisor, None).expect("supervisor");
    app.review_decide(&rejected, "return", "Nyt foto nødvendigt").expect("returned");
    clock.advance(chrono::Duration::days(31));
    app.sign_in(Role::It, None).expect("IT");
    assert_eq!(app.retention_run(DryRun::Yes).expect("dry run").rejected_or_dead, 1);
    assert_eq!(state(&app, &rejected), Some(OutboxState::Rejected), "a dry run shreds nothing");
    assert!(pieces_found(&db, &secrets) > 1000, "still stored before the run");
    let run = app.retention_run(DryRun::No).expect("run");
    assert_eq!((run.rejected_or_dead, run.log_files, run.audit_entries, run.wal_truncated), (1, 1, 0, true));
    assert_eq!(state(&app, &rejected), None, "shredded: the row is gone");
    assert_eq!(state(&app, &accepted), Some(OutboxState::Accepted), "the receipt stays as long as the audit");
    assert_eq!(pieces_found(&db, &secrets), 0, "a piece of the shredded capture is still in the files");
    let entry = app.audit_recent(1).expect("audit").remove(0);
    assert_eq!(
        (entry.action.as_str(), entry.outcome.as_str(), entry.user_id.as_str()),
        ("retention", "done", "demo-it")
    );
    let details: serde_json::Value = serde_json::from_str(&entry.details).expect("json");
    assert_eq!((details["rejectedOrDead"].as_u64(), details["logFiles"].as_u64()), (Some(1), Some(1)));
    assert_eq!(entry.subject_cpr, None, "counts only");

    // A year on, the audit entries of November go, with the accepted capture's row; the chain
    // still verifies from its checkpoint. The app's own daily run is recorded as `retention`.
    clock.advance(chrono::Duration::days(366));
    app.sign_in(Role::It, None).expect("unlock");
    let before = app.audit_recent(1000).expect("audit").len() as u64;
    let year = app.retention_scheduled().expect("the daily run");
    // Everything but this morning's lock and unlock.
    assert!(year.audit_entries > 20 && before - year.audit_entries <= 3, "{} of {before}", year.audit_entries);
    assert_eq!(year.accepted_rows, 1);
    assert_eq!(state(&app, &accepted), None);
    let entry = app.audit_recent(1).expect("audit").remove(0);
    assert_eq!((entry.action.as_str(), entry.user_id.as_str()), ("retention", "retention"));
    assert_eq!(app.audit_verify().expect("verify").broken_at, None);
    let person = app.audit_person("120385-1002", WithUsers::No).expect("access request");
    assert!(person.records.is_empty(), "nothing about Anne is left: {:?}", person.records);
}

#[tokio::test]
async fn statistics_count_per_user_and_action_in_the_month_for_supervisors_and_it() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::at(at(2026, 11, 15, 12)));
    let app = demo_on(t.path(), clock.clone()).await;
    let clerk = app.current_user().expect("clerk").id;
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case");
    app.case_open("220788-1018", "KK-2026-000002", false).await.expect("another case");
    assert_eq!(app.audit_stats("2026-11").expect_err("a clerk may not").code, Code::Forbidden);

    app.sign_in(Role::Supervisor, None).expect("supervisor");
    let stats = app.audit_stats("2026-11").expect("stats");
    assert_eq!(stats.month, "2026-11");
    let count = |user: &str, action: &str| {
        stats.rows.iter().find(|r| r.user_id == user && r.action == action).map(|r| r.count).unwrap_or(0)
    };
    assert_eq!((count(&clerk, "cpr_lookup"), count(&clerk, "cpr_lookup_result"), count(&clerk, "sign_in")), (2, 2, 1));
    assert_eq!(count(&clerk, "access_refused"), 1, "the refused statistics call");
    let entry = app.audit_recent(1).expect("audit").remove(0);
    assert_eq!((entry.action.as_str(), entry.outcome.as_str()), ("export", "usage_statistics"));
    assert!(app.audit_stats("2026-10").expect("October").rows.is_empty());
    assert_eq!(app.audit_stats("november").expect_err("not a month").code, Code::Internal);

    clock.advance(chrono::Duration::days(20));
    app.sign_in(Role::It, None).expect("IT, in December");
    let december = app.audit_stats("2026-12").expect("stats");
    assert!(december.rows.iter().all(|r| r.user_id != clerk), "November's lookups are not December's");
}

#[tokio::test]
async fn an_access_request_lists_the_persons_lookups_and_captures_and_names_users_for_it_only() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo_on(t.path(), Arc::new(skranke_api::SystemClock)).await;
    let clerk = app.current_user().expect("clerk").id;
    let id = capture(&app).await;
    assert_eq!(settle(&app, &id).await, Some(OutboxState::Accepted));
    app.case_open("220788-1018", "KK-2026-000002", false).await.expect("someone else's case");
    assert_eq!(app.audit_person("120385-1002", WithUsers::No).expect_err("clerk").code, Code::Forbidden);

    app.sign_in(Role::Supervisor, None).expect("supervisor");
    let p = app.audit_person("120385-1002", WithUsers::No).expect("access request");
    assert_eq!((p.cpr_masked.as_str(), p.with_users), ("120385-xxxx", false));
    let has = |action: &str, outcome: &str| p.records.iter().any(|r| r.action == action && r.outcome == outcome);
    for (action, outcome) in [
        ("cpr_lookup", "requested"),
        ("cpr_lookup_result", "found"),
        ("capture", "queued"),
        ("send", "uploaded"),
        ("send", "accepted_by_producer"),
    ] {
        assert!(has(action, outcome), "{action} {outcome} missing: {:?}", p.records);
    }
    assert_eq!(p.records.iter().filter(|r| r.action == "cpr_lookup").count(), 1, "only this person's lookup");
    assert!(p.records.iter().all(|r| r.user_id.is_none() && r.municipality == "0999 Demokommune"));
    let lookup = p.records.iter().find(|r| r.action == "cpr_lookup_result").expect("result");
    assert_eq!(lookup.purpose.as_deref(), Some("KK-2026-000001"));
    assert!(p.records.iter().filter(|r| r.action == "send").all(|r| r.capture_id.as_deref() == Some(id.as_str())));
    let entry = app.audit_recent(1).expect("audit").remove(0);
    assert_eq!((entry.action.as_str(), entry.outcome.as_str()), ("export", "access_request"));
    assert_eq!(entry.subject_cpr.as_deref(), Some("1203851002"), "the request is on the person's record");

    assert_eq!(app.audit_person("120385-1002", WithUsers::Yes).expect_err("IT only").code, Code::Forbidden);
    let refused = app.audit_recent(1).expect("audit").remove(0);
    assert_eq!((refused.action.as_str(), refused.outcome.as_str()), ("access_refused", "forbidden"));
    app.sign_in(Role::It, None).expect("IT");
    let named = app.audit_person("1203851002", WithUsers::Yes).expect("with users");
    let users: HashSet<&str> = named.records.iter().filter_map(|r| r.user_id.as_deref()).collect();
    assert!(
        users.contains(clerk.as_str()) && users.contains("sender") && users.contains("demo-supervisor"),
        "{users:?}"
    );
    assert_eq!(named.records.len(), p.records.len() + 1, "plus the supervisor's request");
}
