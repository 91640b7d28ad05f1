//! Issue 15 point 5 through the façade: after a whole counter capture (lookup, photo, signature,
//! Send, upload, acceptance and shredding, with debug logging to files) no file Skranke wrote —
//! database, write-ahead log, shared memory, logs, keys, the checkpoint file — holds the
//! citizen's CPR number in clear, in either form; and what was recorded still answers an access
//! request and verifies.
mod support;

use skranke_api::demo::DecisionSettings;
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::records::WithUsers;
use skranke_api::{OpenOptions, Skranke, logging};
use std::path::{Path, PathBuf};
use support::{portrait, settle, signature};

const CPR: &str = "120385-1002";

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() { todo.push(p) } else { out.push(p) }
        }
    }
    out
}

/// The files under `dir` that hold `CPR` in either form.
fn holding_the_number(dir: &Path) -> Vec<String> {
    let forms = [CPR.replace('-', "").into_bytes(), CPR.as_bytes().to_vec()];
    files_under(dir)
        .into_iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            forms.iter().any(|f| bytes.windows(f.len()).any(|w| w == f.as_slice()))
        })
        .map(|p| p.display().to_string())
        .collect()
}

#[tokio::test]
async fn no_cpr_number_in_clear_in_any_file_after_a_whole_capture_and_its_shredding() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("data");
    let config = t.path().join("config.toml");
    std::fs::write(&config, format!("mode = \"demo\"\ndata_dir = {:?}\n\n# Overrides are sent at once: these tests are about delivery (tests/review.rs holds them).\n[review]\noverrides = \"none\"\n", data.display().to_string())).expect("config");
    let app = Skranke::start(OpenOptions { config_path: Some(&config) }).await.expect("demo starts");
    // Debug logging into the data directory's log folder, as the app logs at its most verbose.
    let _log = logging::init("debug", 7, &app.data_dir().logs(), logging::LogTarget::FilesAndStderr);
    app.demo_simulators().expect("sims").gateway_control().set_decisions(DecisionSettings {
        delay_ms: 0,
        reject_share: 0.0,
        ..DecisionSettings::default()
    });

    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    app.case_open(CPR, "KK-2026-000001", false).await.expect("case opens");
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo");
    app.signature_accept(signature()).expect("signature");
    let sent = app.send_case().expect("send");
    assert_eq!(holding_the_number(t.path()), Vec::<String>::new(), "queued: the number is in clear in these files");

    assert_eq!(settle(&app, &sent.capture_id).await, OutboxState::Accepted, "accepted and shredded");
    app.audit_checkpoint().expect("checkpoint");
    assert!(
        files_under(t.path())
            .iter()
            .any(|p| p.to_string_lossy().contains("skranke") && p.to_string_lossy().ends_with(".log")),
        "logs were written and searched"
    );
    assert!(files_under(t.path()).len() >= 5, "database, log, keys and checkpoint files were searched");
    assert_eq!(
        holding_the_number(t.path()),
        Vec::<String>::new(),
        "after shredding: the number is in clear in these files"
    );

    // What was recorded is still there for the citizen's access request, and intact.
    app.sign_in(Role::It, None).expect("IT");
    let record = app.audit_person(CPR, WithUsers::No).expect("access request");
    assert!(!record.records.is_empty(), "the lookups and the capture are on the person's record");
    assert!(app.audit_verify().expect("verify").is_intact());
}
