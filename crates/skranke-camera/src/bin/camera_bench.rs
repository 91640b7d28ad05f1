//! Replay camera throughput at 1280x720: frames delivered per second and the time per frame of
//! `next_frame` + `to_jpeg` (what the preview thread does), one JSON line per fps asked for.
//! `cargo run --release -p skranke-camera --bin camera_bench [SECONDS]`
use skranke_camera::{FrameSource, ReplaySource};
use std::time::{Duration, Instant};

fn main() {
    let seconds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    for fps in [30, 60] {
        let mut source = match ReplaySource::demo(1280, 720, fps) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("camera_bench: {e}");
                std::process::exit(3);
            }
        };
        let mut times = Vec::new();
        let mut bytes = 0usize;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(seconds) {
            let t = Instant::now();
            let frame = match source.next_frame() {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("camera_bench: {e}");
                    std::process::exit(1);
                }
            };
            let waited = t.elapsed();
            let t2 = Instant::now();
            bytes = frame.to_jpeg(80).map(|j| j.len()).unwrap_or(0);
            times.push((waited + t2.elapsed(), t2.elapsed()));
        }
        let delivered = times.len() as f64 / start.elapsed().as_secs_f64();
        let mut encode: Vec<f64> = times.iter().map(|(_, e)| e.as_secs_f64() * 1000.0).collect();
        encode.sort_by(f64::total_cmp);
        let pct = |v: &[f64], p: f64| v.get(((v.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0);
        println!(
            "{{\"width\":1280,\"height\":720,\"fps_asked\":{fps},\"fps_delivered\":{delivered:.1},\"jpeg_median_ms\":{:.3},\"jpeg_p95_ms\":{:.3},\"jpeg_bytes\":{bytes}}}",
            pct(&encode, 0.5),
            pct(&encode, 0.95)
        );
    }
}
