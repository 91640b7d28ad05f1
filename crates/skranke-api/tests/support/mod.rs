//! What the façade's integration tests share: the demo portrait and signature, a small valid
//! bundle, and waiting for a capture to leave the queue. Each test binary uses a part of it.
#![allow(dead_code)]

use skranke_api::Skranke;
use skranke_api::outbox::OutboxState;
use std::path::Path;
use std::time::Duration;

/// The demo portrait (it fails two checks, so it is accepted with an override reason).
pub fn portrait() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg"))
        .expect("demo portrait")
}

/// The first demo signature's strokes.
pub fn signature() -> skranke_signature::StrokeFile {
    let (_, json) = skranke_signature::DEMO_SIGNATURES[0];
    skranke_signature::parse_stroke_file(json.as_bytes()).expect("demo signature")
}

/// Where capture `id` is in the outbox.
pub fn state(app: &Skranke, id: &str) -> OutboxState {
    app.queue_list(vec![], None)
        .expect("list")
        .into_iter()
        .find(|i| i.capture_id == id)
        .map(|i| i.state)
        .expect("in the outbox")
}

/// Runs passes until the capture reaches a final state (or 20 passes).
pub async fn settle(app: &Skranke, id: &str) -> OutboxState {
    for _ in 0..20 {
        app.queue_retry(None).expect("due now");
        app.send_pass().await.expect("pass");
        let s = state(app, id);
        if matches!(s, OutboxState::Accepted | OutboxState::Rejected | OutboxState::Dead) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    state(app, id)
}

/// A small valid bundle for Anne Demo Hansen (stand-in photo and signature bytes): for tests of
/// the queue with many captures, where the photo step is not the subject.
pub fn small_bundle(id: uuid::Uuid) -> Vec<u8> {
    use skranke_core::{BundleBuilder, CaptureHeader, Check, CheckReport, Cpr, PersonSnapshot, Source};
    let header = CaptureHeader {
        capture_id: id,
        created_at: chrono::Utc::now(),
        municipality: "0999".into(),
        workstation: "test".into(),
        clerk: "clerk".into(),
        case_ref: "KK-2026-000003".into(),
        source: Source::Counter,
    };
    let person = PersonSnapshot::from_cpr(Cpr::parse("1203851002").expect("number"), "Anne Demo Hansen");
    let ok = CheckReport::from_checks(vec![Check::new("ink_present", Some(1.0), ">= 1", true, "ok")]);
    BundleBuilder::new(header, person)
        .photo_jpeg(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0xFF, 0xD9])
        .photo_report(&ok)
        .signature_png(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-signature".to_vec())
        .signature_report(&ok)
        .strokes_json(br#"{"version":1,"strokes":[[{"x":1,"y":2,"p":0.5,"t":0}]]}"#.to_vec())
        .build()
        .expect("bundle builds")
        .into_bytes()
}
