//! Issue 15, point 7 (minimisation of the bundle), through the façade in demo mode against the
//! embedded simulators over real mutual TLS. The signature comes from a pad that reports a serial
//! number. With the default configuration the delivered bundle has no strokes part; with
//! `[bundle] include_pen_data = true` it has the strokes. Either way the serial number is nowhere
//! in the bundle's bytes and the gateway accepts the bundle. Both hold for counter captures
//! (`send_case`) and for `skranke bundle make` (`bundle_from_files`, then `queue add`).
use skranke_api::demo::DecisionSettings;
use skranke_api::json::Role;
use skranke_api::{OpenOptions, Skranke};
use skranke_core::{Bundle, PartKind, Source};
use skranke_signature::{DeviceMeta, StrokeFile};
use std::path::Path;
use std::time::Duration;

/// The pad's serial number: must never reach a bundle.
const SERIAL: &str = "STU540-SN-0042-TEST";

/// A demo Skranke signed in as a clerk; `pen_data` adds `[bundle] include_pen_data = <value>`.
async fn demo(dir: &Path, pen_data: Option<bool>) -> Skranke {
    let path = dir.join("config.toml");
    // Overrides are sent at once: these tests are about what reaches the gateway.
    let mut config = format!(
        "mode = \"demo\"\ndata_dir = {:?}\n\n[review]\noverrides = \"none\"\n",
        dir.join("data").display().to_string()
    );
    if let Some(on) = pen_data {
        config.push_str(&format!("\n[bundle]\ninclude_pen_data = {on}\n"));
    }
    std::fs::write(&path, config).expect("write config");
    let app = Skranke::start(OpenOptions { config_path: Some(&path) }).await.expect("demo starts");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    let gw = app.demo_simulators().expect("sims").gateway_control();
    gw.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..DecisionSettings::default() });
    app
}

fn portrait() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg"))
        .expect("demo portrait")
}

/// A demo signature as a Wacom STU reports it: vendor, model, report rate and its serial number.
fn signature_from_a_pad() -> StrokeFile {
    let (_, json) = skranke_signature::DEMO_SIGNATURES[0];
    let mut file = skranke_signature::parse_stroke_file(json.as_bytes()).expect("demo signature");
    file.device = Some(DeviceMeta {
        vendor: Some("Wacom".into()),
        model: Some("STU-540".into()),
        serial: Some(SERIAL.into()),
        report_rate: Some(200.0),
    });
    file
}

/// A whole counter capture up to Send; returns the capture id.
async fn counter_capture(app: &Skranke) -> String {
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case opens");
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo accepted");
    app.signature_accept(signature_from_a_pad()).expect("signature accepted");
    app.send_case().expect("send").capture_id
}

/// `skranke bundle make` from a portrait and a stroke file carrying the serial number, then
/// `skranke queue add`; returns the made bundle and the capture id. Needs the IT role.
async fn bundle_make_and_add(app: &Skranke, dir: &Path) -> (Bundle, String) {
    let photo = dir.join("p.jpg");
    std::fs::write(&photo, portrait()).expect("write photo");
    let strokes = dir.join("s.json");
    std::fs::write(&strokes, serde_json::to_vec(&signature_from_a_pad()).expect("json")).expect("write strokes");
    assert!(std::fs::read_to_string(&strokes).expect("read").contains(SERIAL), "the input names the serial");
    let files = skranke_api::BundleFiles {
        cpr: "1203851002",
        case_ref: "KK-2026-000002",
        photo: &photo,
        signature: &strokes,
        override_reason: Some("test"),
        source: Source::Counter,
        scan_dpi: None,
        allow_unverified: false,
    };
    let made = app.bundle_from_files(&files).await.expect("bundle made");
    let added = app.queue_add(made.bundle.as_bytes()).expect("queued");
    (made.bundle, added.capture_id)
}

/// Delivers everything queued (as IT, like `skranke queue drain`) and returns the bytes the
/// gateway simulator stored for each capture: stored means the gateway accepted the bundle.
async fn delivered(app: &Skranke, ids: &[&str]) -> Vec<Vec<u8>> {
    app.sign_in(Role::It, None).expect("IT drains the queue");
    let status = app.queue_drain(Duration::from_secs(120)).await.expect("drain");
    assert_eq!((status.queued, status.sending), (0, 0), "everything was uploaded");
    let gw = app.demo_simulators().expect("sims").gateway_control();
    ids.iter()
        .map(|id| {
            let uuid = uuid::Uuid::parse_str(id).expect("uuid");
            let stored = gw.capture(uuid).unwrap_or_else(|| panic!("the gateway stored {id}"));
            assert_eq!(stored.stored, 1);
            stored.bytes
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// What every delivered bundle shares: it reads, has the image and both reports, and the serial
/// number is in none of its bytes.
fn check_common(bytes: &[u8]) -> Bundle {
    let bundle = Bundle::read(bytes).expect("the gateway got a valid bundle");
    for kind in [PartKind::Photo, PartKind::PhotoReport, PartKind::Signature, PartKind::SignatureReport] {
        assert!(bundle.part(kind).is_some(), "{kind} is always there");
    }
    assert!(bundle.signature_report().is_ok());
    assert!(!contains(bytes, SERIAL.as_bytes()), "the pad's serial number is in the bundle");
    bundle
}

#[tokio::test]
async fn by_default_no_pen_data_and_no_serial_number_reach_the_gateway() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), None).await;
    let counter = counter_capture(&app).await;
    app.sign_in(Role::It, None).expect("the command line acts as IT");
    let (made, from_files) = bundle_make_and_add(&app, t.path()).await;
    assert_eq!(made.part(PartKind::Strokes), None, "bundle make leaves the strokes out too");

    for bytes in delivered(&app, &[&counter, &from_files]).await {
        let bundle = check_common(&bytes);
        assert_eq!(bundle.manifest().source, Source::Counter);
        assert!(!bundle.manifest().includes_pen_data());
        assert_eq!(bundle.part(PartKind::Strokes), None);
        let kinds: Vec<PartKind> = bundle.manifest().parts.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PartKind::Photo, PartKind::PhotoReport, PartKind::Signature, PartKind::SignatureReport]);
        assert!(!contains(&bytes, b"strokes"), "no strokes entry, not even its name");
        assert!(!contains(&bytes, b"STU-540"), "nothing of the pad without pen data");
    }
}

#[tokio::test]
async fn with_include_pen_data_the_strokes_go_without_the_serial_number() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), Some(true)).await;
    let counter = counter_capture(&app).await;
    app.sign_in(Role::It, None).expect("the command line acts as IT");
    let (made, from_files) = bundle_make_and_add(&app, t.path()).await;
    assert!(made.manifest().includes_pen_data());

    let signed = signature_from_a_pad();
    for bytes in delivered(&app, &[&counter, &from_files]).await {
        let bundle = check_common(&bytes);
        assert!(bundle.manifest().includes_pen_data());
        let strokes = bundle.part(PartKind::Strokes).expect("the strokes part is there");
        let file = skranke_signature::parse_stroke_file(strokes).expect("a valid stroke file");
        assert_eq!(file.samples, signed.samples, "timing and pressure as recorded");
        let device = file.device.expect("the kind of pad stays");
        assert_eq!((device.model.as_deref(), device.report_rate), (Some("STU-540"), Some(200.0)));
        assert_eq!(device.serial, None);
        assert!(!contains(strokes, b"serial"));
    }
}

/// A bundle file made elsewhere with pen strokes (and the serial number): `queue add` on an
/// installation without pen data drops the strokes before it is ever sent.
#[tokio::test]
async fn queue_add_drops_pen_data_a_file_carries_when_this_installation_keeps_none() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), Some(true)).await;
    app.sign_in(Role::It, None).expect("the command line acts as IT");
    let (with_strokes, _) = bundle_make_and_add(&app, t.path()).await;
    assert!(with_strokes.part(PartKind::Strokes).is_some(), "made where pen data is kept");
    drop(app);

    let other = t.path().join("other");
    std::fs::create_dir_all(&other).expect("dir");
    let app = demo(&other, None).await;
    app.sign_in(Role::It, None).expect("IT");
    let added = app.queue_add(with_strokes.as_bytes()).expect("queued").capture_id;
    for bytes in delivered(&app, &[&added]).await {
        let bundle = check_common(&bytes);
        assert_eq!(bundle.part(PartKind::Strokes), None, "the strokes were dropped");
        assert!(!contains(&bytes, b"strokes"));
    }
}
