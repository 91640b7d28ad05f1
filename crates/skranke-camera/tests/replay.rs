//! The replay source as the preview sees it: exact frame size, paced like a camera (never
//! bursting), looping over every image, the simulated unplug, and bad folders named clearly.
use skranke_camera::{CameraError, FrameSource, ReplaySource, SourceKind, demo_portraits_dir};
use std::time::{Duration, Instant};

fn demo(fps: u32) -> ReplaySource {
    ReplaySource::demo(640, 360, fps).expect("demo portraits")
}

#[test]
fn frames_have_the_requested_size_and_are_paced() {
    let mut s = demo(50);
    assert_eq!(s.info().kind, SourceKind::Replay);
    let start = Instant::now();
    let mut last_seq = None;
    for _ in 0..11 {
        let f = s.next_frame().expect("frame");
        assert_eq!((f.width, f.height), (640, 360));
        // Numbered from 0 and always rising; a reader that falls behind the pace (a loaded
        // machine) skips frames, so the numbers may leap.
        match last_seq {
            None => assert_eq!(f.seq, 0),
            Some(prev) => assert!(f.seq > prev, "frame {} after frame {prev}", f.seq),
        }
        last_seq = Some(f.seq);
        assert_eq!(f.to_rgb().expect("rgb").dimensions(), (640, 360));
        assert_eq!(&f.to_jpeg(80).expect("jpeg")[..2], &[0xFF, 0xD8]);
    }
    // 10 frame periods at 50 fps: at least ~200 ms (lower bound only: a busy machine is slower).
    assert!(start.elapsed() >= Duration::from_millis(180), "burst: {:?}", start.elapsed());
}

#[test]
fn it_loops_over_every_image() {
    let images = std::fs::read_dir(demo_portraits_dir().expect("dir"))
        .expect("read")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "jpg" || x == "png"))
        .count();
    let mut s = demo(100);
    let mut distinct = Vec::<Vec<u8>>::new();
    for _ in 0..(images as u32 + 1) * 100 {
        let f = s.next_frame().expect("frame");
        let j = f.to_jpeg(80).expect("jpeg");
        if !distinct.contains(&j) {
            distinct.push(j);
        }
    }
    assert_eq!(distinct.len(), images, "each image shown, then the loop starts again");
}

#[test]
fn a_simulated_unplug_disconnects_and_stays_disconnected() {
    let mut s = demo(200).disconnect_after(3);
    for _ in 0..3 {
        s.next_frame().expect("frame before the unplug");
    }
    for _ in 0..2 {
        assert!(matches!(s.next_frame(), Err(CameraError::Disconnected(_))));
    }
}

#[test]
fn a_corrupt_image_is_named_and_an_empty_folder_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let e = ReplaySource::open(t.path(), 64, 64, 10).expect_err("empty");
    assert_eq!(e.code(), skranke_core::Code::CameraReplayInvalid);
    std::fs::write(t.path().join("broken.jpg"), b"\xFF\xD8\xFF garbage").expect("write");
    let e = ReplaySource::open(t.path(), 64, 64, 10).expect_err("corrupt");
    assert_eq!(e.code(), skranke_core::Code::CameraReplayInvalid);
    assert!(e.to_string().contains("broken.jpg"), "{e}");
    assert_eq!(
        ReplaySource::open(t.path(), 0, 64, 10).expect_err("zero").code(),
        skranke_core::Code::CameraUnsupported
    );
}

#[test]
fn a_replayed_frame_survives_the_jpeg_round_trip() {
    let f = demo(100).next_frame().expect("frame");
    let rgb = f.to_rgb().expect("rgb");
    let back = skranke_camera::Frame::from_jpeg(f.seq, f.width, f.height, f.to_jpeg(90).expect("jpeg"));
    let decoded = back.to_rgb().expect("decode");
    assert_eq!(decoded.dimensions(), rgb.dimensions());
    let diff: u64 = rgb.as_raw().iter().zip(decoded.as_raw()).map(|(a, b)| u64::from(a.abs_diff(*b))).sum();
    let mean = diff as f64 / rgb.as_raw().len() as f64;
    assert!(mean < 6.0, "mean difference {mean}");
}
