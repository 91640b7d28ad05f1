//! The signature step through the façade: pad choice, live events, check, accept on the case.
use super::*;
use crate::case_desk::{RegisterPerson, TablePersonLookup};
use crate::signature_capture::PadEventView;
use skranke_core::{Cpr, Sex};
use std::sync::mpsc;
use std::time::Duration;

fn demo_signature(name: &str) -> skranke_signature::StrokeFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/signatures").join(format!("{name}.json"));
    skranke_signature::read_stroke_file(&path).expect("demo stroke file")
}

fn register() -> TablePersonLookup {
    let person = |n: &str, status: u16| RegisterPerson {
        number: Cpr::parse(n).expect("valid"),
        current_number: None,
        name: "Test Person".into(),
        sex: Sex::Male,
        status_code: status,
        status_date: None,
        address: Some("Testvej 1".into()),
        address_protected: false,
        guardianship: false,
    };
    TablePersonLookup::new(vec![person("0101801105", 5), person("0101801164", 90)])
}

async fn app_with_case(dir: &Path, cpr: &str) -> Skranke {
    let app = demo_app(dir).with_person_lookup(Arc::new(register()));
    app.sign_in(Role::Clerk, None).expect("sign in");
    app.case_open(cpr, "KK-2026-000001", false).await.expect("case opens");
    app
}

#[test]
fn demo_mode_auto_replays_the_demo_signature_and_canvas_is_the_screen() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app(t.path());
    app.sign_in(Role::Clerk, None).expect("sign in");
    // No Wacom pad on a test machine: demo mode falls back to the replayed demo signature.
    let info = app.signature_pad().expect("pad");
    assert_eq!(info.kind, skranke_signature::pad::PadKind::Replay);
    assert!(info.name.contains("Demo-blok"), "{}", info.name);
    app.ctx.config.signature.pad = "canvas".into();
    assert_eq!(app.signature_pad().expect("pad").kind, skranke_signature::pad::PadKind::Canvas);
    app.ctx.config.signature.pad = "tablet".into();
    assert_eq!(app.signature_pad().expect_err("unknown").code, Code::ConfigInvalid);
    app.ctx.config.signature.pad = format!("replay:{}", t.path().join("nowhere").display());
    assert_eq!(app.signature_pad().expect_err("missing dir").code, Code::PadNotFound);
}

#[test]
fn production_auto_without_a_pad_is_the_screen() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app(t.path());
    app.sign_in(Role::Clerk, None).expect("sign in");
    app.ctx.config.mode = skranke_config::Mode::Production;
    assert_eq!(app.signature_pad().expect("pad").kind, skranke_signature::pad::PadKind::Canvas);
}

#[test]
fn listening_streams_the_replayed_samples_then_done() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut app = demo_app(t.path());
    app.sign_in(Role::Clerk, None).expect("sign in");
    let dir = t.path().join("strokes");
    std::fs::create_dir(&dir).expect("mkdir");
    let mut short = demo_signature("anne");
    short.samples.truncate(40);
    std::fs::write(dir.join("a.json"), serde_json::to_vec(&short).expect("json")).expect("write");
    app.ctx.config.signature.pad = format!("replay:{}", dir.display());
    let (tx, rx) = mpsc::channel();
    let info = app.signature_listen(move |e| tx.send(e).is_ok()).expect("listen");
    assert_eq!(info.kind, skranke_signature::pad::PadKind::Replay);
    let mut samples = 0;
    loop {
        match rx.recv_timeout(Duration::from_secs(10)).expect("event in time") {
            PadEventView::Sample { .. } => samples += 1,
            PadEventView::Done => break,
            PadEventView::Lost => panic!("not lost"),
        }
    }
    assert_eq!(samples, 40);
}

#[test]
fn stopping_ends_the_listener() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo_app(t.path());
    app.sign_in(Role::Clerk, None).expect("sign in");
    let (tx, rx) = mpsc::channel();
    app.signature_listen(move |e| tx.send(e).is_ok()).expect("listen");
    rx.recv_timeout(Duration::from_secs(10)).expect("first sample");
    app.signature_stop().expect("stop");
    // The thread notices within one poll (100 ms) and drops its sender: the channel closes.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            _ if std::time::Instant::now() > deadline => panic!("listener still running"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_good_signature_is_accepted_onto_the_case_and_audited() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = app_with_case(t.path(), "010180-1105").await;
    let report = app.signature_check(&demo_signature("anne")).expect("check");
    assert!(report.passed(), "{report:?}");
    app.signature_accept(demo_signature("anne")).expect("accept");
    assert!(app.case_current().expect("case").expect("open").signature_accepted);
    let kept = app.case_signature().expect("ok").expect("kept");
    assert!(kept.png.starts_with(b"\x89PNG"));
    let last = app.ctx.audit.recent(1).expect("audit").remove(0);
    assert_eq!(last.action, skranke_store::AuditAction::Capture.as_str());
    assert_eq!(last.outcome, "signature_accepted");
}

#[tokio::test]
async fn a_dot_is_refused_and_nothing_is_kept() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = app_with_case(t.path(), "010180-1105").await;
    let dot = demo_signature("dot");
    assert!(!app.signature_check(&dot).expect("check").passed());
    assert_eq!(app.signature_accept(dot).expect_err("refused").code, Code::SignatureChecksFailed);
    assert!(app.case_signature().expect("ok").is_none());
}

#[tokio::test]
async fn bad_samples_blocked_cases_and_no_case_are_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = app_with_case(t.path(), "010180-1164").await;
    assert_eq!(app.signature_accept(demo_signature("anne")).expect_err("blocked").code, Code::CaseBlocked);
    let mut bad = demo_signature("anne");
    bad.samples[3].x = f64::NAN;
    assert_eq!(app.signature_check(&bad).expect_err("nan").code, Code::SignatureFileInvalid);
    app.case_close().expect("close");
    assert_eq!(app.signature_accept(demo_signature("anne")).expect_err("no case").code, Code::NoOpenCase);
}
