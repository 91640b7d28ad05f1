//! Writes one replayed demo frame per portrait (1280x720) to a folder, to look at what the
//! preview shows: `cargo run -p skranke-camera --example dump_frames -- OUT_DIR`.
use skranke_camera::FrameSource;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let Ok(mut s) = skranke_camera::ReplaySource::demo(1280, 720, 30) else {
        eprintln!("no demo portraits");
        std::process::exit(3);
    };
    for i in 0..3u64 {
        for _ in 0..29 {
            let _ = s.next_frame();
        }
        match s.next_frame().and_then(|f| f.to_jpeg(90)) {
            Ok(j) => {
                if let Err(e) = std::fs::write(format!("{out}/frame{i}.jpg"), j) {
                    eprintln!("{e}");
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
