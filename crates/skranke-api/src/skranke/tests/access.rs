//! Roles enforced in Rust: every Tauri command and every personal-data CLI command, called as
//! nobody, as a clerk, a supervisor and IT. The expectations are written out here (the
//! specification), not read from `Operation::allowed`, so a wrong table entry fails the test.
use super::*;
use crate::ManualClock;
use crate::case_desk::TablePersonLookup;
use crate::session::LockReason;
use chrono::TimeZone;

/// Who may call a command: everyone (nothing personal, no sign-in needed) or these roles.
#[derive(Debug, Clone, Copy)]
enum May {
    Anyone,
    Roles(&'static [Role]),
}

const C: Role = Role::Clerk;
const S: Role = Role::Supervisor;
const I: Role = Role::It;

/// The specification: every IPC command (`ipc::COMMANDS`) and every CLI command that reads or
/// sends personal data, with the operation name its refusal is audited under.
fn expected() -> Vec<(&'static str, May, Option<&'static str>)> {
    use May::{Anyone, Roles};
    vec![
        ("app_info", Anyone, None),
        ("sign_in", Anyone, None),
        ("sign_out", Anyone, None),
        ("session_view", Anyone, None),
        ("session_lock", Anyone, None),
        ("session_touch", Anyone, None),
        ("sign_in_start", Anyone, None),
        ("sign_in_finish", Anyone, None),
        ("sign_in_cancel", Anyone, None),
        ("status", Anyone, None),
        ("cpr_validate", Anyone, None),
        ("case_open", Roles(&[C, S]), Some("case_open")),
        ("case_current", Roles(&[C, S]), Some("case_view")),
        ("case_close", Roles(&[C, S]), Some("case_close")),
        ("card_preview", Roles(&[C, S]), Some("case_view")),
        ("signature_pad", Roles(&[C, S]), Some("signature_capture")),
        ("signature_listen", Roles(&[C, S]), Some("signature_capture")),
        ("signature_stop", Anyone, None),
        ("signature_check", Roles(&[C, S]), Some("signature_capture")),
        ("signature_accept", Roles(&[C, S]), Some("signature_capture")),
        ("camera_list", Roles(&[C, S, I]), Some("camera_use")),
        ("camera_select", Roles(&[C, S, I]), Some("camera_use")),
        ("camera_start", Roles(&[C, S, I]), Some("camera_use")),
        ("camera_stop", Anyone, None),
        ("photo_capture", Roles(&[C, S]), Some("photo_capture")),
        ("photo_accept", Roles(&[C, S]), Some("photo_capture")),
        ("photo_retake", Roles(&[C, S]), Some("photo_capture")),
        ("send_case", Roles(&[C, S]), Some("send_case")),
        ("send_now", Roles(&[C, S, I]), Some("queue_retry")),
        ("queue_list", Roles(&[C, S, I]), Some("queue_view")),
        ("audit_stats", Roles(&[S, I]), Some("audit_stats")),
        ("review_queue", Roles(&[S, I]), Some("review_read")),
        // Answers `null` for roles that do not review: nothing to refuse.
        ("review_waiting", Anyone, None),
        ("review_show", Roles(&[S, I]), Some("review_read")),
        ("review_decide", Roles(&[S, I]), Some("review_decide")),
        ("review_confirm_start", Roles(&[S, I]), Some("review_decide")),
        // Confirms only the signed-in user (demo mode has no provider: not_available).
        ("review_confirm_finish", Anyone, None),
        ("review_confirm_demo", Roles(&[S, I]), Some("review_decide")),
        ("returned_cases", Roles(&[C, S]), Some("returned_cases")),
        ("returned_inform", Roles(&[C, S]), Some("returned_cases")),
        ("case_returned", Roles(&[C, S]), Some("case_view")),
        ("diagnose", Roles(&[I]), Some("diagnose")),
        ("support_bundle", Roles(&[I]), Some("support_bundle")),
        ("scan_inbox", Roles(&[C, S]), Some("scan_work")),
        ("scan_open_file", Roles(&[C, S]), Some("scan_work")),
        ("scan_page", Roles(&[C, S]), Some("scan_work")),
        ("scan_adjust", Roles(&[C, S]), Some("scan_work")),
        ("scan_accept", Roles(&[C, S]), Some("scan_work")),
        ("scan_reject", Roles(&[C, S]), Some("scan_work")),
        ("cli:cpr_lookup", Roles(&[I]), Some("cpr_lookup")),
        ("cli:bundle_make", Roles(&[I]), Some("bundle_make")),
        ("cli:queue_add", Roles(&[I]), Some("queue_add")),
        ("cli:queue_retry", Roles(&[C, S, I]), Some("queue_retry")),
        ("cli:queue_status", Roles(&[C, S, I]), Some("queue_view")),
        ("cli:queue_drain", Roles(&[I]), Some("queue_drain")),
        ("cli:audit_recent", Roles(&[S, I]), Some("audit_read")),
        ("cli:audit_verify", Roles(&[I]), Some("audit_verify")),
        ("cli:audit_stats", Roles(&[S, I]), Some("audit_stats")),
        ("cli:audit_person", Roles(&[S, I]), Some("access_request")),
        ("cli:audit_person_with_users", Roles(&[I]), Some("access_request_users")),
        ("cli:retention_run", Roles(&[I]), Some("retention_run")),
        ("cli:retention_run_dry", Roles(&[I]), Some("retention_run")),
    ]
}

fn strokes() -> skranke_signature::StrokeFile {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/signatures");
    let first = std::fs::read_dir(&dir)
        .expect("demo signatures")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a stroke file");
    skranke_signature::read_stroke_file(&first).expect("demo stroke file")
}

/// Calls the façade method behind `command` and returns only its error code, if any.
async fn call(app: &Skranke, command: &str, dir: &Path) -> Option<Code> {
    let code = |r: Result<(), ApiError>| r.err().map(|e| e.code);
    match command {
        "app_info" => code(Ok(()).map(|()| assert!(!app.app_info().mode.is_empty()))),
        "sign_in" => code(app.sign_in(Role::Clerk, None).map(drop)),
        "sign_out" => code(app.sign_out()),
        "session_view" => code(app.session_view().map(drop)),
        "session_lock" => code(app.session_lock(LockReason::ByUser).map(drop)),
        "session_touch" => code(app.session_touch()),
        // Demo mode has no provider: these answer not_available, never a refusal.
        "sign_in_start" => code(app.sign_in_start().await.map(drop)),
        "sign_in_finish" => code(app.sign_in_finish().await.map(drop)),
        "sign_in_cancel" => code(app.sign_in_cancel()),
        "status" => code(Ok(()).map(|()| assert_eq!(app.status().queued, 0))),
        "cpr_validate" => code(Ok(()).map(|()| assert!(crate::validate_cpr("0101801105").valid))),
        "case_open" => code(app.case_open("0101801105", "KK-2026-000001", false).await.map(drop)),
        "case_current" => code(app.case_current().map(drop)),
        "case_close" => code(app.case_close()),
        "card_preview" => code(app.card_preview().map(drop)),
        "signature_pad" => code(app.signature_pad().map(drop)),
        "signature_listen" => code(app.signature_listen(|_| false).map(drop)),
        "signature_stop" => code(app.signature_stop()),
        "signature_check" => code(app.signature_check(&strokes()).map(drop)),
        "signature_accept" => code(app.signature_accept(strokes()).map(drop)),
        "camera_list" => code(app.camera_list().map(drop)),
        "camera_select" => code(app.camera_select("demo")),
        "camera_start" => code(app.camera_start(|_| false, |_| false).map(drop)),
        "camera_stop" => code(app.camera_stop()),
        "photo_capture" => code(app.photo_capture().map(drop)),
        "photo_accept" => code(app.photo_accept(None).map(drop)),
        "photo_retake" => code(app.photo_retake()),
        "send_case" => code(app.send_case().map(drop)),
        "send_now" | "cli:queue_retry" => code(app.queue_retry(None).map(drop)),
        "queue_list" => code(app.queue_list(Vec::new(), Some(50)).map(drop)),
        "cli:cpr_lookup" => code(app.cpr_lookup("0101801105").await.map(drop)),
        "cli:bundle_make" => {
            let req = crate::sender::BundleFiles {
                cpr: "0101801105",
                case_ref: "KK-2026-000001",
                photo: &dir.join("missing.jpg"),
                signature: &dir.join("missing.json"),
                allow_unverified: false,
                override_reason: None,
                source: skranke_core::Source::Scan,
                scan_dpi: Some(300),
            };
            code(app.bundle_from_files(&req).await.map(drop))
        }
        "cli:queue_add" => code(app.queue_add(b"not a bundle").map(drop)),
        "cli:queue_status" => code(app.queue_status().map(drop)),
        "cli:queue_drain" => code(app.queue_drain(Duration::from_millis(10)).await.map(drop)),
        "cli:audit_recent" => code(app.audit_recent(5).map(drop)),
        "cli:audit_verify" => code(app.audit_verify().map(drop)),
        "audit_stats" | "cli:audit_stats" => code(app.audit_stats("2026-11").map(drop)),
        "cli:audit_person" => code(app.audit_person("0101801105", crate::records::WithUsers::No).map(drop)),
        "cli:audit_person_with_users" => code(app.audit_person("0101801105", crate::records::WithUsers::Yes).map(drop)),
        "cli:retention_run" => code(app.retention_run(crate::records::DryRun::No).map(drop)),
        "cli:retention_run_dry" => code(app.retention_run(crate::records::DryRun::Yes).map(drop)),
        "review_queue" => code(app.review_queue().map(drop)),
        "review_waiting" => code(app.review_waiting().map(drop)),
        "review_show" => code(app.review_show("no-such-capture").map(drop)),
        "review_decide" => code(app.review_decide("no-such-capture", "discard", "test").map(drop)),
        "review_confirm_start" => code(app.review_confirm_start().await.map(drop)),
        "review_confirm_finish" => code(app.review_confirm_finish().await.map(drop)),
        "review_confirm_demo" => code(app.review_confirm_demo().map(drop)),
        "returned_cases" => code(app.returned_cases().map(drop)),
        "returned_inform" => code(app.returned_inform("no-such-capture", "ringet op").map(drop)),
        "case_returned" => code(app.case_returned().map(drop)),
        "diagnose" => code(app.diagnose(no_devices()).await.map(drop)),
        "support_bundle" => code(app.support_bundle(Some(&dir.join("support.zip")), no_devices()).await.map(drop)),
        "scan_inbox" => code(app.scan_inbox().map(drop)),
        "scan_open_file" => code(app.scan_open_file(&dir.join("no-such-scan.pdf")).map(drop)),
        "scan_page" => code(app.scan_page("0123456789abcdef", 1).map(drop)),
        "scan_adjust" => code(app.scan_adjust("0123456789abcdef", 1, [[0.0; 2]; 4], [[0.0; 2]; 4]).map(drop)),
        "scan_accept" => code(app.scan_accept("0123456789abcdef", 1, None, None).map(drop)),
        "scan_reject" => code(app.scan_reject("0123456789abcdef", "test").map(drop)),
        other => panic!("no call for {other}: add it to this test"),
    }
}

/// No camera and no pad (the tests never touch this machine's hardware).
fn no_devices() -> crate::Devices {
    fn none() -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }
    crate::Devices { cameras: none, pads: none }
}

fn register() -> TablePersonLookup {
    TablePersonLookup::new(Vec::new())
}

/// The newest audit entry, read past the roles check.
fn last_audit(app: &Skranke) -> AuditEntry {
    app.ctx.audit.recent(1).expect("audit").into_iter().next().expect("an entry")
}

#[test]
fn the_specification_covers_every_ipc_command() {
    let listed: std::collections::BTreeSet<&str> =
        expected().iter().map(|(c, ..)| *c).filter(|c| !c.starts_with("cli:")).collect();
    let ipc: std::collections::BTreeSet<&str> = crate::ipc::COMMANDS.iter().copied().collect();
    assert_eq!(listed, ipc);
}

#[tokio::test]
async fn every_command_as_every_role_is_granted_or_refused_and_audited() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut checked = 0;
    for (command, may, operation) in expected() {
        for role in [None, Some(C), Some(S), Some(I)] {
            let dir = t.path().join(format!("{}-{role:?}", command.replace(':', "_")));
            let app = demo_app(&dir).with_person_lookup(Arc::new(register()));
            if let Some(r) = role {
                app.sign_in(r, None).expect("sign in");
            }
            let before = app.ctx.audit.recent(1).expect("audit").first().map(|e| e.seq);
            let got = call(&app, command, &dir).await;
            let allowed = match may {
                May::Anyone => true,
                May::Roles(roles) => role.is_some_and(|r| roles.contains(&r)),
            };
            let refusal = matches!(got, Some(Code::NotSignedIn | Code::Forbidden));
            if allowed {
                assert!(!refusal, "{command} as {role:?} must be allowed, got {got:?}");
                continue;
            }
            let want = if role.is_none() { Code::NotSignedIn } else { Code::Forbidden };
            assert_eq!(got, Some(want), "{command} as {role:?}");
            let entry = last_audit(&app);
            assert!(Some(entry.seq) > before, "{command} as {role:?}: refusal not audited");
            assert_eq!((entry.action.as_str(), entry.outcome.as_str()), ("access_refused", want.as_str()));
            let details: serde_json::Value = serde_json::from_str(&entry.details).expect("json");
            assert_eq!(details["operation"].as_str(), operation, "{command}");
            let who = role.map_or("-".to_string(), |r| crate::session::demo_sign_in(r, None).user.id);
            assert_eq!(entry.user_id, who);
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} refusals checked");
}

fn clocked_app(dir: &Path) -> (Skranke, Arc<ManualClock>) {
    let start = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
    let clock = Arc::new(ManualClock::at(start));
    let app = demo_app_with_clock(dir, clock.clone()).with_person_lookup(Arc::new(register()));
    (app, clock)
}

#[test]
fn an_idle_session_locks_keeps_the_case_and_only_the_same_user_unlocks() {
    let t = tempfile::tempdir().expect("tempdir");
    let (app, clock) = clocked_app(t.path());
    app.sign_in(Role::Clerk, None).expect("sign in");
    app.case_current().expect("activity");
    clock.advance(chrono::Duration::minutes(9));
    app.case_current().expect("9 minutes idle is not 10");
    clock.advance(chrono::Duration::minutes(9));
    app.session_touch().expect("typing in the window");
    clock.advance(chrono::Duration::minutes(9));
    app.case_current().expect("typing counted as activity");
    clock.advance(chrono::Duration::minutes(10));
    app.session_touch().expect("touch after the limit");
    assert_eq!(app.case_current().expect_err("idle").code, Code::SessionLocked);
    let locked = app.session_view().expect("view");
    assert!(locked.locked);
    assert_eq!(locked.lock_reason.as_deref(), Some("idle"));
    assert_eq!(locked.user.map(|u| u.role), Some(Role::Clerk), "the lock screen names who may unlock");
    let entries = app.ctx.audit.recent(3).expect("audit");
    assert!(entries.iter().any(|e| e.action == "session_locked" && e.outcome == "idle"), "{entries:?}");
    assert_eq!(entries[0].outcome, "session_locked", "the refused call is audited too");

    assert_eq!(app.sign_in(Role::It, None).expect_err("someone else").code, Code::UnlockWrongUser);
    assert_eq!(last_audit(&app).action, "sign_in_failed");
    app.sign_in(Role::Clerk, None).expect("the same user unlocks");
    assert!(!app.session_view().expect("view").locked);
    assert_eq!(last_audit(&app).action, "session_unlocked");
    app.case_current().expect("works again");
}

#[test]
fn locking_by_hand_or_by_the_os_refuses_every_guarded_command_until_unlocked() {
    let t = tempfile::tempdir().expect("tempdir");
    let (app, _clock) = clocked_app(t.path());
    app.sign_in(Role::Supervisor, None).expect("sign in");
    for reason in [LockReason::OsSession, LockReason::Suspend, LockReason::ByUser] {
        let view = app.session_lock(reason).expect("lock");
        assert_eq!(view.lock_reason.as_deref(), Some(reason.as_str()));
        assert_eq!(app.queue_list(Vec::new(), None).expect_err("locked").code, Code::SessionLocked);
        assert_eq!(app.audit_recent(1).expect_err("locked").code, Code::SessionLocked);
        app.sign_in(Role::Supervisor, None).expect("unlock");
    }
    app.audit_recent(1).expect("unlocked");
}

#[test]
fn switching_user_on_the_lock_screen_closes_the_case_and_signs_out() {
    let t = tempfile::tempdir().expect("tempdir");
    let (app, _clock) = clocked_app(t.path());
    app.sign_in(Role::Clerk, None).expect("sign in");
    app.session_lock(LockReason::ByUser).expect("lock");
    app.sign_out().expect("Skift bruger");
    let view = app.session_view().expect("view");
    assert!(view.user.is_none() && !view.locked);
    app.sign_in(Role::Supervisor, None).expect("someone else signs in");
    assert_eq!(app.case_current().expect("no case"), None);
}

#[test]
fn failed_sign_ins_lock_sign_in_on_this_workstation_for_a_while() {
    let t = tempfile::tempdir().expect("tempdir");
    let (app, clock) = clocked_app(t.path());
    let max = app.config().security.max_failed_sign_ins;
    app.sign_in(Role::Clerk, None).expect("sign in");
    app.session_lock(LockReason::ByUser).expect("lock");
    for n in 1..max {
        assert_eq!(app.sign_in(Role::It, None).expect_err("wrong user").code, Code::UnlockWrongUser, "attempt {n}");
    }
    assert_eq!(app.sign_in(Role::It, None).expect_err("the last straw").code, Code::SignInLockedOut);
    assert_eq!(last_audit(&app).action, "sign_in_locked_out");
    assert!(app.session_view().expect("view").locked_out_until.is_some());
    assert_eq!(app.sign_in(Role::Clerk, None).expect_err("even the right user").code, Code::SignInLockedOut);
    let refused = last_audit(&app);
    assert_eq!((refused.action.as_str(), refused.outcome.as_str()), ("access_refused", "sign_in_locked_out"));

    clock.advance(chrono::Duration::minutes(i64::from(app.config().security.lockout_minutes)));
    assert!(app.session_view().expect("view").locked_out_until.is_none());
    app.sign_in(Role::Clerk, None).expect("the lock-out is over");
    app.session_lock(LockReason::ByUser).expect("lock again");
    assert_eq!(
        app.sign_in(Role::It, None).expect_err("wrong user").code,
        Code::UnlockWrongUser,
        "failures before the lock-out do not count again"
    );
}

#[test]
fn the_os_account_must_be_in_the_it_group_in_production() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app(t.path());
    let account = |groups: &[&str]| skranke_os::OsAccount {
        name: "ida".into(),
        id: "1001".into(),
        groups: groups.iter().map(|g| g.to_string()).collect(),
    };
    // Demo: any account acts as IT.
    let demo = crate::session::os_account::verify(&app.ctx, Ok(account(&[]))).expect("demo");
    assert_eq!((demo.user.id.as_str(), demo.user.role), ("os:ida", Role::It));

    app.ctx.config.mode = skranke_config::Mode::Production;
    app.ctx.config.security.it_os_group = Some("skranke-it".into());
    let refused = crate::session::os_account::verify(&app.ctx, Ok(account(&["users"]))).expect_err("not in the group");
    assert_eq!(refused.code, Code::OsAccountNotInItGroup);
    let entry = last_audit(&app);
    assert_eq!((entry.action.as_str(), entry.user_id.as_str()), ("sign_in_failed", "os:ida"));
    assert_eq!(entry.outcome, "os_account_not_in_it_group");
    let it = crate::session::os_account::verify(&app.ctx, Ok(account(&["users", "skranke-it"]))).expect("member");
    assert_eq!(it.subject, "os:1001");
}

/// Waits until the sender side of `rx` is gone: the preview or listener that held it has ended.
fn ends(rx: &std::sync::mpsc::Receiver<()>, what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            _ if std::time::Instant::now() > deadline => panic!("{what} still runs"),
            _ => {}
        }
    }
}

#[test]
fn locking_and_signing_out_release_the_camera() {
    let t = tempfile::tempdir().expect("tempdir");
    let (app, _clock) = clocked_app(t.path());
    for release in ["lock", "sign out"] {
        app.sign_in(Role::Clerk, None).expect("sign in or unlock");
        // The demo camera streams until stopped. (The replayed pad ends by itself after one
        // signature, so only the camera can show the release.)
        let (camera_tx, camera_rx) = std::sync::mpsc::channel();
        app.camera_start(
            move |_| {
                let _ = camera_tx.send(());
                true
            },
            |_| true,
        )
        .expect("camera");
        match release {
            "lock" => drop(app.session_lock(LockReason::ByUser).expect("lock")),
            _ => app.sign_out().expect("sign out"),
        }
        ends(&camera_rx, &format!("the camera preview after {release}"));
    }
}

/// `keys rotate` consumes the app (it needs the database alone), so it has a test of its own:
/// IT only; every other role, and nobody, is refused and audited.
#[test]
fn only_it_rotates_the_master_key() {
    let t = tempfile::tempdir().expect("tempdir");
    for role in [None, Some(C), Some(S), Some(I)] {
        let dir = t.path().join(format!("rotate-{role:?}"));
        let app = demo_app(&dir);
        if let Some(r) = role {
            app.sign_in(r, None).expect("sign in");
        }
        let got = app.rotate_master_key().err().map(|e| e.code);
        let reopened = demo_app(&dir);
        let last = last_audit(&reopened);
        match role {
            Some(Role::It) => {
                assert_eq!(got, None, "IT rotates");
                assert_eq!((last.action.as_str(), last.outcome.as_str()), ("key_rotation", "ok"));
            }
            None => {
                assert_eq!(got, Some(Code::NotSignedIn));
                assert_eq!((last.action.as_str(), last.outcome.as_str()), ("access_refused", "not_signed_in"));
            }
            Some(_) => {
                assert_eq!(got, Some(Code::Forbidden), "{role:?}");
                assert_eq!((last.action.as_str(), last.outcome.as_str()), ("access_refused", "forbidden"));
                assert!(last.details.contains("keys_rotate"));
            }
        }
    }
}
