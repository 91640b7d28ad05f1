//! Replay camera throughput at 1280x720, one JSON line per fps asked for: frames delivered per
//! second, the time per frame of `next_frame` + `to_jpeg(80)` (what the preview thread does, the
//! pacing wait included) and the JPEG size. A last line measures the codec work a camera adds
//! per frame: encoding a fresh RGB frame (a YUYV camera) and decoding a JPEG one (an MJPEG
//! camera's frame for the checks).
//! `cargo run --release -p skranke-camera --bin camera_bench [SECONDS]`
use skranke_camera::{CameraError, Frame, FrameSource, ReplaySource};
use std::time::{Duration, Instant};

fn main() {
    let seconds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    if let Err(e) = run(seconds) {
        eprintln!("camera_bench: {e}");
        std::process::exit(1);
    }
}

fn run(seconds: u64) -> Result<(), CameraError> {
    let mut sample = None;
    for fps in [30, 60] {
        let mut source = ReplaySource::demo(1280, 720, fps)?;
        let mut frame_ms = Vec::new();
        let mut jpeg_ms = Vec::new();
        let mut bytes = 0usize;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(seconds) {
            let t = Instant::now();
            let frame = source.next_frame()?;
            let t2 = Instant::now();
            bytes = frame.to_jpeg(80)?.len();
            jpeg_ms.push(t2.elapsed().as_secs_f64() * 1000.0);
            frame_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            sample.get_or_insert(frame);
        }
        let delivered = frame_ms.len() as f64 / start.elapsed().as_secs_f64();
        println!(
            "{{\"width\":1280,\"height\":720,\"fps_asked\":{fps},\"fps_delivered\":{delivered:.1},\"frame_median_ms\":{:.3},\"frame_p95_ms\":{:.3},\"jpeg_median_ms\":{:.3},\"jpeg_p95_ms\":{:.3},\"jpeg_bytes\":{bytes}}}",
            pct(&mut frame_ms, 0.5),
            pct(&mut frame_ms, 0.95),
            pct(&mut jpeg_ms, 0.5),
            pct(&mut jpeg_ms, 0.95),
        );
    }
    let Some(sample) = sample else { return Ok(()) };
    let rgb = sample.to_rgb()?;
    let jpeg = sample.to_jpeg(80)?;
    let (mut encode_ms, mut decode_ms) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        let t = Instant::now();
        Frame::from_rgb(0, rgb.clone()).to_jpeg(80)?;
        encode_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        Frame::from_jpeg(0, 1280, 720, jpeg.clone()).to_rgb()?;
        decode_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{{\"width\":1280,\"height\":720,\"fresh_encode_q80_median_ms\":{:.3},\"fresh_encode_q80_p95_ms\":{:.3},\"decode_median_ms\":{:.3},\"decode_p95_ms\":{:.3}}}",
        pct(&mut encode_ms, 0.5),
        pct(&mut encode_ms, 0.95),
        pct(&mut decode_ms, 0.5),
        pct(&mut decode_ms, 0.95),
    );
    Ok(())
}

/// The `p` quantile (0..=1) of `v`, nearest rank.
fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
}
