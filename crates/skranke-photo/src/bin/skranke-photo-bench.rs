//! Bench and inspection tool. `skranke-photo-bench FILE...` prints one check_file JSON line per
//! file (calibration); without files it prints medians of the still check on a 1920x1080 image and
//! of live analysis on a 1280x720 frame (both synthetic: the demo portrait pasted on a plain wall).
use std::path::Path;
use std::time::Instant;

use skranke_photo::{Models, Oval, PhotoThresholds, analyse_frame, check_file, check_still, load_rgb};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let models = Models::load_default()?;
    let t = PhotoThresholds::default();
    let files: Vec<String> = std::env::args().skip(1).collect();
    if !files.is_empty() {
        for f in files {
            println!("{}", serde_json::to_string(&check_file(Path::new(&f), &models, &t, None))?);
        }
        return Ok(());
    }
    let portrait = load_rgb(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg"), t.max_image_side)?;
    let mk = |w: u32, h: u32| {
        let mut img = image::RgbImage::from_pixel(w, h, image::Rgb([225, 225, 220]));
        let p = image::imageops::resize(&portrait, h * portrait.width() / portrait.height(), h, image::imageops::FilterType::Triangle);
        image::imageops::overlay(&mut img, &p, ((w - p.width()) / 2) as i64, 0);
        img
    };
    let (still, live) = (mk(1920, 1080), mk(1280, 720));
    let mut s = Vec::new();
    let mut l = Vec::new();
    for _ in 0..15 {
        let a = Instant::now();
        check_still(&still, &models, &t)?;
        s.push(a.elapsed().as_secs_f64() * 1000.0);
        let a = Instant::now();
        analyse_frame(&live, &models, &t, &Oval::default())?;
        l.push(a.elapsed().as_secs_f64() * 1000.0);
    }
    println!("still check 1920x1080: median {:.1} ms", median(s));
    println!("live analysis 1280x720: median {:.1} ms", median(l));
    Ok(())
}
