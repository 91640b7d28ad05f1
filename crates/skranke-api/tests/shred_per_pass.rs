//! The sender folds its shreds once per pass, and before the pass returns: after every pass, no
//! 12-byte piece of an accepted capture's stored ciphertext, wrapped key or nonces is in the
//! database file, its write-ahead log or the log's index. Counter captures (verified at the
//! counter, so the pass uploads them without a re-lookup) in demo mode over real mutual TLS; the
//! app stays open throughout, so only the pass's own checkpoint can have cut the log.
use skranke_api::demo::DecisionSettings;
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::{OpenOptions, Skranke};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A demo Skranke signed in as a clerk, whose simulated producer accepts everything at once.
async fn demo(dir: &Path) -> Skranke {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("mode = \"demo\"\ndata_dir = {:?}\n\n# Overrides are sent at once: these tests are about delivery (tests/review.rs holds them).\n[review]\noverrides = \"none\"\n", dir.join("data").display().to_string()))
        .expect("write config");
    let app = Skranke::start(OpenOptions { config_path: Some(&path) }).await.expect("demo starts");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    let gw = app.demo_simulators().expect("sims").gateway_control();
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    app
}

/// A case for a person the demo register knows, with the demo portrait and signature, sent as the
/// clerk sends it; returns the capture id.
async fn counter_capture(app: &Skranke, case_ref: &str) -> String {
    let portrait = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg");
    let (_, strokes) = skranke_signature::DEMO_SIGNATURES[0];
    app.case_open("120385-1002", case_ref, false).await.expect("case opens");
    app.photo_check_bytes(&std::fs::read(portrait).expect("demo portrait")).expect("photo checked");
    app.photo_accept(Some("test: demo portrait")).expect("photo accepted");
    app.signature_accept(skranke_signature::parse_stroke_file(strokes.as_bytes()).expect("demo signature"))
        .expect("signature accepted");
    let sent = app.send_case().expect("send");
    assert!(sent.stored && !sent.cpr_unverified, "a verified counter capture");
    sent.capture_id
}

/// The stored secrets of one capture (ciphertext, nonce, wrapped key, key nonce), read through a
/// connection of the test's own before the capture is sent.
fn sealed_of(db: &Path, id: &str) -> Vec<Vec<u8>> {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row(
        "SELECT ciphertext, nonce, wrapped_key, key_nonce FROM outbox_bundle WHERE capture_id = ?1",
        [id],
        |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )
    .expect("stored")
}

/// The database, its write-ahead log and the log's index.
fn files(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"].iter().map(|s| PathBuf::from(format!("{}{s}", db.display()))).collect()
}

/// How many 12-byte pieces of `secrets` occur anywhere in `files`, at any offset (a copy cut into
/// pages still holds whole pieces).
fn pieces_found(files: &[PathBuf], secrets: &[Vec<u8>]) -> usize {
    const W: usize = 12;
    let pieces: HashSet<&[u8]> = secrets.iter().flat_map(|s| s.chunks_exact(W)).collect();
    files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|bytes| bytes.windows(W).filter(|w| pieces.contains(w)).count())
        .sum()
}

fn accepted(app: &Skranke) -> Vec<String> {
    app.queue_list(vec![OutboxState::Accepted], None).expect("list").into_iter().map(|i| i.capture_id).collect()
}

#[tokio::test]
async fn no_pass_ends_with_an_accepted_captures_ciphertext_in_the_files() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let db = app.data_dir().database();
    let mut secrets = std::collections::HashMap::new();
    for i in 0..3 {
        let id = counter_capture(&app, &format!("KK-2026-00000{i}")).await;
        secrets.insert(id.clone(), sealed_of(&db, &id));
    }
    let all: Vec<Vec<u8>> = secrets.values().flatten().cloned().collect();
    assert!(pieces_found(&files(&db), &all) > 3 * 10_000, "the scan finds the stored ciphertexts before sending");

    let mut verified = 0;
    for _ in 0..20 {
        let report = app.send_pass().await.expect("pass");
        verified += report.verified;
        // Whatever this pass (or an earlier one) accepted is gone from every file now.
        for id in accepted(&app) {
            assert_eq!(pieces_found(&files(&db), &secrets[&id]), 0, "a pass ended with a piece of {id} in the files");
        }
        if accepted(&app).len() == secrets.len() {
            break;
        }
        app.queue_retry(None).expect("due now");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(accepted(&app).len(), secrets.len(), "every capture was accepted");
    assert_eq!(verified, 0, "counter captures are sent without a re-lookup");
}
