//! The photo step's camera below the UI: the replayed demo camera streams JPEG frames and live
//! guidance through the same path a real camera would, "Tag foto" checks the newest frame, and a
//! camera unplugged mid-preview is reported once, as `camera_disconnected`, without a panic.
use skranke_api::json::Role;
use skranke_api::photo_capture::preview::CameraEvent;
use skranke_api::{Code, OpenOptions, Skranke};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

async fn demo(dir: &std::path::Path, camera_source: &str) -> Skranke {
    demo_with(dir, camera_source, "").await
}

async fn demo_with(dir: &std::path::Path, camera_source: &str, extra: &str) -> Skranke {
    let path = dir.join("config.toml");
    let text = format!(
        "mode = \"demo\"\ndata_dir = {:?}\n[camera]\nsource = {camera_source:?}\nwidth = 640\nheight = 360\nfps = 30\n{extra}",
        dir.join("data").display().to_string()
    );
    std::fs::write(&path, text).expect("write config");
    let app = Skranke::start(OpenOptions { config_path: Some(&path) }).await.expect("demo starts");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case");
    app
}

type Seen = Arc<Mutex<(Vec<Vec<u8>>, Vec<CameraEvent>)>>;

fn start(app: &Skranke) -> (skranke_api::photo_capture::preview::CameraInfo, Seen) {
    let seen: Seen = Arc::default();
    let (a, b) = (Arc::clone(&seen), Arc::clone(&seen));
    let info = app
        .camera_start(
            move |jpeg| a.lock().map(|mut s| s.0.push(jpeg)).is_ok(),
            move |e| b.lock().map(|mut s| s.1.push(e)).is_ok(),
        )
        .expect("camera starts");
    (info, seen)
}

fn wait_for(seen: &Seen, what: impl Fn(&(Vec<Vec<u8>>, Vec<CameraEvent>)) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if seen.lock().map(|s| what(&s)).unwrap_or(false) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_camera_streams_jpeg_frames_and_guidance_and_the_photo_is_taken_from_it() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), "auto").await;
    let (info, seen) = start(&app);
    assert_eq!((info.kind.as_str(), info.width, info.height), ("replay", 640, 360));
    assert!(
        wait_for(&seen, |s| s.0.len() >= 10 && s.1.iter().any(|e| matches!(e, CameraEvent::Guidance { .. }))),
        "frames and guidance arrive"
    );
    {
        let s = seen.lock().expect("lock");
        let h = skranke_api::photo_capture::preview::FRAME_HEADER_BYTES;
        assert!(s.0.iter().all(|m| m[h..].starts_with(&[0xFF, 0xD8])), "every frame is a JPEG after its header");
        let sent_ms = f64::from_le_bytes(s.0[0][..h].try_into().expect("header"));
        let now_ms =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs_f64() * 1000.0;
        assert!(sent_ms <= now_ms && now_ms - sent_ms < 60_000.0, "the header is the capture time");
        let img = image::load_from_memory(&s.0[0][h..]).expect("decodes");
        assert_eq!((img.width(), img.height()), (640, 360));
        let CameraEvent::Guidance { checks, hint, .. } =
            s.1.iter().find(|e| matches!(e, CameraEvent::Guidance { .. })).expect("guidance")
        else {
            unreachable!()
        };
        assert!(checks.iter().any(|c| c.id == "face_count"));
        assert!(hint.is_some());
    }
    let view = app.photo_capture().expect("photo taken from the newest frame");
    assert_eq!(view.report.checks.len(), skranke_photo::CHECK_IDS.len());
    assert!(view.crop_data_url.is_some(), "the demo citizen's face is found and cropped: {:?}", view.report);
    app.camera_stop().expect("stop");
    let n = seen.lock().expect("lock").0.len();
    std::thread::sleep(Duration::from_millis(300));
    assert!(seen.lock().expect("lock").0.len() <= n + 1, "no frames after stop");
    assert_eq!(app.photo_capture().expect_err("no preview").code, Code::CameraNotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_framed_demo_citizen_is_taken_automatically_unless_auto_capture_is_off() {
    let all_pass = |e: &CameraEvent| matches!(e, CameraEvent::Guidance { all_pass: true, .. });
    let auto = |e: &CameraEvent| matches!(e, CameraEvent::Guidance { auto_capture: true, .. });
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), "auto").await;
    let (_, seen) = start(&app);
    assert!(wait_for(&seen, |s| s.1.iter().any(auto)), "auto-capture is signalled once the live checks hold");
    app.camera_stop().expect("stop");

    let t = tempfile::tempdir().expect("tempdir");
    let app = demo_with(t.path(), "auto", "[photo]\nauto_capture = false\n").await;
    let (_, seen) = start(&app);
    assert!(wait_for(&seen, |s| s.1.iter().filter(|e| all_pass(e)).count() >= 40), "the live checks keep passing");
    assert!(!seen.lock().expect("lock").1.iter().any(auto), "no auto-capture when it is off");
    app.camera_stop().expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_camera_unplugged_mid_preview_is_reported_once() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), "replay:demo?unplug_after=5").await;
    let (_, seen) = start(&app);
    assert!(wait_for(&seen, |s| s.1.iter().any(|e| matches!(e, CameraEvent::Lost { .. }))), "lost is reported");
    std::thread::sleep(Duration::from_millis(200));
    let s = seen.lock().expect("lock");
    let lost: Vec<_> = s.1.iter().filter(|e| matches!(e, CameraEvent::Lost { .. })).collect();
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0], &CameraEvent::Lost { code: Code::CameraDisconnected });
    assert_eq!(s.0.len(), 5, "the frames before the unplug were delivered");
}

#[tokio::test]
async fn a_missing_replay_folder_is_a_clear_error_and_needs_a_signed_in_user() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), "replay:/nonexistent/skranke").await;
    let e = app.camera_start(|_| true, |_| true).expect_err("no folder");
    assert_eq!(e.code, Code::CameraReplayInvalid);
    app.sign_out().expect("sign out");
    assert_eq!(app.camera_start(|_| true, |_| true).expect_err("signed out").code, Code::NotSignedIn);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clerk_chooses_the_camera_and_the_next_start_uses_it() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path(), "replay:/nonexistent/skranke").await;
    let list = app.camera_list().expect("list");
    assert_eq!(list[0].source, "auto");
    assert!(list.iter().any(|c| c.source == "replay:demo"), "demo mode offers the demo camera");
    assert!(
        list.iter().any(|c| c.source == "replay:/nonexistent/skranke" && c.selected),
        "the configured one is selected"
    );
    assert_eq!(
        app.camera_start(|_| true, |_| true).expect_err("configured folder missing").code,
        Code::CameraReplayInvalid
    );
    app.camera_select("replay:demo").expect("select");
    assert!(app.camera_list().expect("list").iter().any(|c| c.source == "replay:demo" && c.selected));
    let (info, _) = start(&app);
    assert_eq!(info.kind, "replay");
    app.camera_stop().expect("stop");
    assert_eq!(app.camera_select("; rm -rf").expect_err("nonsense").code, Code::CameraNotFound);
}

/// Outside demo mode only a real camera may take the portrait: `replay:` sources are refused.
#[tokio::test]
async fn replay_sources_are_refused_outside_demo_mode() {
    let t = tempfile::tempdir().expect("tempdir");
    let pki = t.path().join("pki");
    let sims = skranke_api::demo::Simulators::start(skranke_api::demo::SimOptions {
        pki_dir: Some(pki.clone()),
        ..skranke_api::demo::SimOptions::default()
    })
    .await
    .expect("simulators");
    let path = t.path().join("production.toml");
    std::fs::write(
        &path,
        skranke_api::demo::production_config(
            &sims,
            &pki,
            &t.path().join("data"),
            &skranke_api::demo::SimIdentityProvider::default(),
            &skranke_api::demo::own_os_group().expect("group"),
        ),
    )
    .expect("write");
    let app = Skranke::open(OpenOptions { config_path: Some(&path) }).expect("production opens");
    assert_eq!(app.config().mode, skranke_api::config::Mode::Production);
    app.sign_in_os_account().expect("the account running the test is in the IT group written");
    for source in ["replay:demo", "replay:/var/tmp/pictures", " replay:x "] {
        assert_eq!(app.camera_select(source).expect_err(source).code, Code::CameraReplayNotAllowed);
    }
    app.camera_select("auto").expect("a real camera may be chosen");
    app.camera_select("1").expect("by index too");

    // Nor through the configuration's camera.source.
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("\n[camera]\nsource = \"replay:demo\"\n");
    std::fs::write(&path, text).expect("write");
    let app = Skranke::open(OpenOptions { config_path: Some(&path) }).expect("production opens");
    app.sign_in_os_account().expect("IT");
    let refused = app.camera_start(|_| true, |_| true).expect_err("replay from the configuration");
    assert_eq!(refused.code, Code::CameraReplayNotAllowed);
}
