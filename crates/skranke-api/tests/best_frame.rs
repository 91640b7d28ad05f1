//! "Tag foto" takes the best frame of the last seconds, not the frame at the press: a replayed
//! citizen looks at the camera with open eyes for two seconds and then blinks (the accuracy
//! bench's closed-eyes generator on a real portrait) until the camera stops; the photo taken then
//! is one of the open-eyes frames, its still check passes `eyes_open`, and the view says which
//! frame it was.
use image::RgbImage;
use skranke_api::json::Role;
use skranke_api::photo_capture::preview::CameraEvent;
use skranke_api::{OpenOptions, Skranke};
use skranke_photo::{Models, PhotoThresholds, check_still, load_rgb};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The accuracy bench's defect generators: the same closed eyes the bench and the photo tests use.
#[path = "../../skranke-photo/src/bin/skranke-photo-bench/defects.rs"]
#[allow(dead_code)]
mod defects;

/// Frames a second of the replayed camera (each image shows for one second).
const FPS: u64 = 5;
/// The replayed images, one second each: open eyes, open eyes, then the blink.
const IMAGES: [(&str, bool); 4] = [("a.png", true), ("b.png", true), ("c.png", false), ("d.png", false)];
/// The camera stops here, in the last closed-eyes second (3.4 s): the press sees a blink, and the
/// open-eyes frames of the first two seconds are within the 3 s before it. Frames a late camera
/// thread skips only move the press further into the blink.
const FRAMES: u64 = 3 * FPS + 2;

/// A real portrait (obama.jpg, which passes the live checks) placed as the demo camera places a
/// citizen: eyes near the oval's centre, the head about the oval's size, on a 640x360 frame.
fn citizen(models: &Models) -> RgbImage {
    portrait(models, "obama.jpg")
}

/// A demo portrait placed like [`citizen`].
fn portrait(models: &Models, name: &str) -> RgbImage {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits");
    let img = load_rgb(&dir.join(name), 12_000).expect("portrait");
    let faces = models.detect_thorough(&img, PhotoThresholds::default().min_face_score).expect("detect");
    let face = faces.iter().max_by(|a, b| (a.width * a.height).total_cmp(&(b.width * b.height))).expect("a face");
    let eyes = face.eye_mid();
    let at = skranke_camera::Placement {
        x: eyes.x,
        y: eyes.y,
        to_x: 320.0,
        to_y: 0.43 * 360.0,
        scale: 0.6 * 0.55 * 360.0 / face.height,
    };
    skranke_camera::place(&img, 640, 360, at)
}

/// The same frame with both eyes closed (lids drawn over the eyes where FaceMesh finds them).
fn blinking(models: &Models, open: &RgbImage) -> RgbImage {
    let t = PhotoThresholds::default();
    let face = models.detect(open, t.min_face_score).expect("detect").into_iter().next().expect("a face");
    let marks = models.landmarks(open, &face, true).expect("landmarks");
    defects::close_eyes(open, &marks.points)
}

fn eyes_open_passes(report: &skranke_core::CheckReport) -> bool {
    report.checks.iter().any(|c| c.id == "eyes_open" && c.pass)
}

type Events = Arc<Mutex<Vec<CameraEvent>>>;

fn wait_for(events: &Events, what: impl Fn(&[CameraEvent]) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if events.lock().map(|e| what(&e)).unwrap_or(false) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn tag_foto_takes_the_open_eyes_frame_before_a_blink_at_the_press() {
    let models = Models::load_default().expect("models");
    let t = PhotoThresholds::default();
    let open = citizen(&models);
    let closed = blinking(&models, &open);
    // The two pictures are what the test says they are: the still check tells them apart.
    assert!(eyes_open_passes(&check_still(&open, &models, &t).expect("check").report), "open eyes pass");
    assert!(!eyes_open_passes(&check_still(&closed, &models, &t).expect("check").report), "the blink fails");

    let dir = tempfile::tempdir().expect("tempdir");
    let frames = dir.path().join("citizen");
    std::fs::create_dir(&frames).expect("mkdir");
    for (name, eyes_open) in IMAGES {
        (if eyes_open { &open } else { &closed }).save(frames.join(name)).expect("write frame");
    }
    let config = dir.path().join("config.toml");
    let source = format!("replay:{}?unplug_after={FRAMES}", frames.display());
    let text = format!(
        "mode = \"demo\"\ndata_dir = {:?}\n[camera]\nsource = {source:?}\nwidth = 640\nheight = 360\nfps = {FPS}\n",
        dir.path().join("data").display().to_string()
    );
    std::fs::write(&config, text).expect("write config");
    let app = Skranke::start(OpenOptions { config_path: Some(&config) }).await.expect("demo starts");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    app.case_open("120385-1002", "KK-2026-000001", false).await.expect("case");

    let events: Events = Arc::default();
    let sink = Arc::clone(&events);
    app.camera_start(|_| true, move |e| sink.lock().map(|mut s| s.push(e)).is_ok()).expect("camera starts");
    // The camera stops after the last frame; the press comes after it, so the newest frame at the
    // press is a blink whatever the machine's speed.
    assert!(wait_for(&events, |e| e.iter().any(|e| matches!(e, CameraEvent::Lost { .. }))), "the replay ends");
    let analysed: Vec<u64> = events
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|e| match e {
            CameraEvent::Guidance { seq, .. } => Some(*seq),
            CameraEvent::Lost { .. } => None,
        })
        .collect();
    let is_open = |seq: u64| IMAGES[(seq / FPS) as usize % IMAGES.len()].1;

    let view = app.photo_capture().expect("photo taken");
    let chosen = view.chosen_frame.expect("a capture says which frame it took");
    assert!(!is_open(chosen.press_seq), "the newest frame at the press is a blink: {chosen:?}");
    // The guidance saw open eyes within the 3 s before the press (else there is nothing better
    // to choose and the test would prove nothing).
    let window = skranke_photo::BEST_FRAME_WINDOW_MS * FPS / 1000;
    assert!(
        analysed.iter().any(|&s| is_open(s) && s + window >= chosen.press_seq),
        "an open-eyes frame was analysed in the window: {analysed:?}, press {chosen:?}"
    );
    assert!(is_open(chosen.seq), "an open-eyes frame is chosen, not the blink: {chosen:?}");
    assert!(analysed.contains(&chosen.seq), "the chosen frame is one the live analysis scored");
    assert!(chosen.ms_before_press > 0 && chosen.seq < chosen.press_seq, "{chosen:?}");
    assert!(chosen.rank.is_some_and(|r| r.eyes_open), "{chosen:?}");
    assert!(eyes_open_passes(&view.report), "the still check passes eyes_open on the chosen frame: {:?}", view.report);

    // Retake works as before: the pending photo goes, a new preview can start.
    app.photo_retake().expect("retake");
    app.camera_stop().expect("stop");
}

/// The demo camera shows its portraits one after the other at the same place, without a frame
/// with no face between them: each next person must start a new sighting (`face_track`), or
/// "Tag foto" could take the person before. A blink is the same sighting.
#[test]
fn another_person_starts_a_new_sighting_and_a_blink_does_not() {
    let models = Models::load_default().expect("models");
    let t = PhotoThresholds::default();
    let oval = skranke_photo::Oval::default();
    let people = ["astronaut.png", "biden.jpg", "obama.jpg"].map(|n| (n, portrait(&models, n)));
    let track = |tracker: &mut skranke_photo::LiveTracker, img: &RgbImage| {
        tracker.analyse(img, &models, &t, &oval).expect("analysed").score.map(|s| s.face_track)
    };
    for (a, first) in &people {
        for (b, next) in people.iter().filter(|(b, _)| b != a) {
            let mut tracker = skranke_photo::LiveTracker::default();
            let seen: Vec<_> = (0..3).map(|_| track(&mut tracker, first)).collect();
            assert!(seen.iter().all(|s| s.is_some() && *s == seen[0]), "{a}: one sighting {seen:?}");
            assert_ne!(track(&mut tracker, next), seen[0], "{a} then {b}: a new sighting");
        }
    }
    let open = citizen(&models);
    let mut tracker = skranke_photo::LiveTracker::default();
    let before = track(&mut tracker, &open);
    assert!(before.is_some());
    assert_eq!(track(&mut tracker, &blinking(&models, &open)), before, "a blink is the same face");
}
