//! `skranke review list|show|decide` through the real binary in production mode against
//! `skranke sim --write-config`, the producer rejecting: the rejected capture is listed with its
//! cause and reasons, shown without its images, approved only if it is an override, returned with
//! a reason (then gone from the list, audited), and the OS account's own capture is refused to it
//! (four eyes).
#[path = "support/sim.rs"]
mod support;

use std::path::{Path, PathBuf};
use support::{Sim, admin, ok, run, sim_with};

/// A simulator whose producer rejects every capture at once.
fn rejecting_sim(dir: &Path) -> Sim {
    let sim = sim_with(dir, &[]);
    let answer = admin(
        &sim,
        "POST",
        "/_sim/gateway/decision",
        r#"{"delay_ms":0,"reject_share":1,"reasons":["producer_photo_unusable"]}"#,
    );
    assert_eq!(answer["ok"], true, "{answer}");
    sim
}

/// A valid bundle made by clerk `clerk` (stand-in image bytes), written to `<dir>/<clerk>.skb`.
fn bundle_by(dir: &Path, clerk: &str) -> (PathBuf, String) {
    use skranke_core::{BundleBuilder, CaptureHeader, Check, CheckReport, Cpr, PersonSnapshot, Source};
    let id = uuid::Uuid::now_v7();
    let header = CaptureHeader {
        capture_id: id,
        created_at: chrono::Utc::now(),
        municipality: "0999".into(),
        workstation: "PC-7".into(),
        clerk: clerk.into(),
        case_ref: "KK-2026-000016".into(),
        source: Source::Counter,
    };
    let person = PersonSnapshot::from_cpr(Cpr::parse("1203851002").expect("number"), "Anne Demo Hansen");
    let ok = CheckReport::from_checks(vec![Check::new("ink_present", Some(1.0), ">= 1", true, "ok")]);
    let bytes = BundleBuilder::new(header, person)
        .photo_jpeg(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0xFF, 0xD9])
        .photo_report(&ok)
        .signature_png(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-signature".to_vec())
        .signature_report(&ok)
        .build()
        .expect("bundle builds")
        .into_bytes();
    let path = dir.join(format!("{clerk}.skb"));
    std::fs::write(&path, bytes).expect("write bundle");
    (path, id.to_string())
}

/// Queues a bundle file and drains until the producer's rejection is collected.
fn queue_and_reject(sim: &Sim, bundle: &Path) {
    ok(sim, &["--json", "queue", "add", bundle.to_str().expect("utf-8")]);
    for _ in 0..2 {
        ok(sim, &["--json", "queue", "drain", "--timeout", "60"]);
    }
}

#[test]
fn a_rejected_capture_is_listed_shown_and_returned_from_the_command_line() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = rejecting_sim(t.path());
    let (bundle, id) = bundle_by(t.path(), "anna");
    queue_and_reject(&sim, &bundle);

    let list = ok(&sim, &["--json", "review", "list"]);
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["captureId"], id.as_str());
    assert_eq!(items[0]["cause"], "producer_rejected");
    assert_eq!(items[0]["reasons"], serde_json::json!(["producer_photo_unusable"]));
    assert_eq!((items[0]["cprMasked"].as_str(), items[0]["capturedBy"].as_str()), (Some("120385-xxxx"), Some("anna")));
    let text = run(&sim, &["review", "list"]);
    assert!(text.code == 0 && text.text.contains(&id) && text.text.contains("producer_rejected"), "{}", text.text);

    let shown = ok(&sim, &["--json", "review", "show", &id]);
    assert!(
        shown["photoDataUrl"].as_str().is_some_and(|s| s.starts_with('<') && s.ends_with("characters>")),
        "no image on the command line: {}",
        shown["photoDataUrl"]
    );
    assert!(!shown["history"].as_array().expect("history").is_empty());
    let text = run(&sim, &["review", "show", &id]);
    assert!(text.text.contains("mulige afgørelser: return, discard"), "{}", text.text);

    let approve = run(&sim, &["--json", "review", "decide", &id, "--approve", "--reason", "send it"]);
    assert_eq!(
        (approve.code, approve.json["error"].as_str()),
        (1, Some("review_decision_not_allowed")),
        "{}",
        approve.text
    );
    let no_reason = run(&sim, &["--json", "review", "decide", &id, "--return", "--reason", " "]);
    assert_eq!(no_reason.json["error"], "review_reason_invalid", "{}", no_reason.text);
    let usage = run(&sim, &["review", "decide", &id, "--return", "--discard", "--reason", "x"]);
    assert_eq!(usage.code, 2, "one decision at a time: {}", usage.text);

    let decided = ok(&sim, &["--json", "review", "decide", &id, "--return", "--reason", "Nyt foto nødvendigt"]);
    assert_eq!(decided["decision"], "return");
    assert!(ok(&sim, &["--json", "review", "list"])["items"].as_array().expect("items").is_empty());
    let again = run(&sim, &["--json", "review", "decide", &id, "--discard", "--reason", "twice"]);
    assert_eq!(again.json["error"], "review_not_found", "{}", again.text);
    let month = chrono::Local::now().format("%Y-%m").to_string();
    let stats = ok(&sim, &["--json", "audit", "stats", "--month", &month]);
    assert!(stats.to_string().contains("review_decision"), "the decision is audited: {stats}");
}

#[test]
fn the_command_line_account_never_decides_on_its_own_capture() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = rejecting_sim(t.path());
    // `bundle make` runs as the OS account: the capture is its own.
    let out = t.path().join("own.skb");
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/demo");
    let made = ok(
        &sim,
        &[
            "--json",
            "bundle",
            "make",
            "--cpr",
            "120385-1002",
            "--case",
            "KK-2026-000017",
            "--photo",
            assets.join("portraits/obama.jpg").to_str().expect("utf-8"),
            "--signature",
            assets.join("signatures/anne.json").to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--override-reason",
            "test portrait",
        ],
    );
    let id = made["capture_id"].as_str().expect("capture id").to_string();
    queue_and_reject(&sim, &out);
    let r = run(&sim, &["--json", "review", "decide", &id, "--discard", "--reason", "mine"]);
    assert_eq!((r.code, r.json["error"].as_str()), (1, Some("review_own_capture")), "{}", r.text);
    assert_eq!(ok(&sim, &["--json", "review", "list"])["items"].as_array().expect("items").len(), 1, "still waiting");
}
