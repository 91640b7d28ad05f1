//! Bench and inspection tool. `skranke-photo-bench FILE...` prints one check_file JSON line per
//! file (calibration); without files it prints medians of the still check on a 1920x1080 image and
//! of live analysis on a 1280x720 frame (both synthetic: the demo portrait pasted on a plain wall).
//! `--accuracy` prints the accuracy tables (the `accuracy` module); `--landmarks FILE... OUT_DIR`
//! draws the models' points for checking them by eye.
use std::path::Path;
use std::time::Instant;

use skranke_photo::{LiveTracker, Models, Oval, PhotoThresholds, analyse_frame, check_file, check_still, load_rgb};

mod accuracy;
mod defects;

/// The median (upper middle) of the values.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let models = Models::load_default()?;
    let t = PhotoThresholds::default();
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.first().map(String::as_str) == Some("--accuracy") {
        return accuracy::run(&models, &t);
    }
    if let [flag, defect, file, out] = files.as_slice()
        && flag == "--defect"
    {
        return write_defect(&models, &t, defect, file, out);
    }
    if files.first().map(String::as_str) == Some("--landmarks") {
        return draw_landmarks(&models, &t, &files[1..]);
    }
    if !files.is_empty() {
        for f in files {
            println!("{}", serde_json::to_string(&check_file(Path::new(&f), &models, &t, None))?);
        }
        return Ok(());
    }
    timings(&models, &t)
}

/// `--defect NAME FILE OUT`: writes one generated defect of the accuracy set, to look at it, and
/// prints what its target check says.
fn write_defect(
    models: &Models,
    t: &PhotoThresholds,
    defect: &str,
    file: &str,
    out: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let base = load_rgb(Path::new(file), t.max_image_side)?;
    let original = check_still(&base, models, t)?;
    let at = defects::Placement { face: original.face.as_ref(), marks: original.landmarks.as_ref() };
    let (_, target, make) = defects::defects().into_iter().find(|d| d.0 == defect).ok_or("unknown defect")?;
    let img = make(&base, &at);
    let r = check_still(&img, models, t)?.report;
    println!("{defect} -> {target}: {:?}", r.get(target));
    img.save(out)?;
    Ok(())
}

/// Without arguments: medians of the still check on a 1920x1080 image and of live analysis on a
/// 1280x720 frame (the demo portrait pasted on a plain wall), and of their parts.
fn timings(models: &Models, t: &PhotoThresholds) -> Result<(), Box<dyn std::error::Error>> {
    let portrait = load_rgb(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg"),
        t.max_image_side,
    )?;
    let mk = |w: u32, h: u32| {
        let mut img = image::RgbImage::from_pixel(w, h, image::Rgb([225, 225, 220]));
        let p = image::imageops::resize(
            &portrait,
            h * portrait.width() / portrait.height(),
            h,
            image::imageops::FilterType::Triangle,
        );
        image::imageops::overlay(&mut img, &p, ((w - p.width()) / 2) as i64, 0);
        img
    };
    let (still, live) = (mk(1920, 1080), mk(1280, 720));
    let mut s = Vec::new();
    let mut l = Vec::new();
    let mut tracked = Vec::new();
    let mut tracker = LiveTracker::default();
    for _ in 0..30 {
        let a = Instant::now();
        tracker.analyse(&live, models, t, &Oval::default())?;
        tracked.push(a.elapsed().as_secs_f64() * 1000.0);
    }
    for _ in 0..15 {
        let a = Instant::now();
        check_still(&still, models, t)?;
        s.push(a.elapsed().as_secs_f64() * 1000.0);
        let a = Instant::now();
        analyse_frame(&live, models, t, &Oval::default())?;
        l.push(a.elapsed().as_secs_f64() * 1000.0);
    }
    live_parts(models, t, &live)?;
    println!("still check 1920x1080: median {:.1} ms", median(s));
    println!("live analysis 1280x720, every frame with a detector pass: median {:.1} ms", median(l));
    // The first frame must find the face (detector + FaceMesh); after it the tracker runs one model.
    let first = tracked[0];
    let worst = tracked[1..].iter().copied().fold(0.0, f64::max);
    println!(
        "live analysis 1280x720 as the preview runs it (LiveTracker, 30 frames): median {:.1} ms, max after the first frame {:.1} ms, first frame {:.1} ms",
        median(tracked),
        worst,
        first
    );
    Ok(())
}

/// Times and prints the parts of live analysis: a detector pass and one FaceMesh pass.
fn live_parts(models: &Models, t: &PhotoThresholds, live: &image::RgbImage) -> Result<(), Box<dyn std::error::Error>> {
    let (mut d, mut m) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let a = Instant::now();
        let faces = models.detect(live, t.min_face_score)?;
        d.push(a.elapsed().as_secs_f64() * 1000.0);
        if let Some(f) = faces.first() {
            let a = Instant::now();
            models.landmarks(live, f, false)?;
            m.push(a.elapsed().as_secs_f64() * 1000.0);
        }
    }
    println!("  of which detector pass 1280x720: median {:.1} ms", median(d));
    if !m.is_empty() {
        println!("  of which one FaceMesh pass: median {:.1} ms", median(m));
    }
    Ok(())
}

/// `--landmarks FILE... OUT_DIR`: draws the detector box and the 468 landmarks on each file (for
/// checking the models by eye) and prints the pose and opening values.
fn draw_landmarks(models: &Models, t: &PhotoThresholds, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let Some((out, files)) = args.split_last() else {
        return Err("usage: --landmarks FILE... OUT_DIR".into());
    };
    std::fs::create_dir_all(out)?;
    for f in files {
        let mut img = load_rgb(Path::new(f), t.max_image_side)?;
        let res = check_still(&img, models, t)?;
        let v = |id: &str| res.report.get(id).and_then(|c| c.value).map_or("-".to_string(), |x| format!("{x:.3}"));
        println!(
            "{f}: presence {:?} yaw {} pitch {} roll {} eyes {} mouth {} head {}",
            res.landmarks.as_ref().map(|l| l.presence),
            v("yaw"),
            v("pitch"),
            v("roll"),
            v("eyes_open"),
            v("mouth_closed"),
            v("head_size")
        );
        let r = (img.width().max(img.height()) / 1500) as i64;
        let mut dot = |x: f64, y: f64, c: [u8; 3]| {
            for dy in -r..=r {
                for dx in -r..=r {
                    let (px, py) = (x as i64 + dx, y as i64 + dy);
                    if px >= 0 && py >= 0 && (px as u32) < img.width() && (py as u32) < img.height() {
                        img.put_pixel(px as u32, py as u32, image::Rgb(c));
                    }
                }
            }
        };
        if let Some(l) = &res.landmarks {
            for p in &l.points {
                dot(p.x, p.y, [0, 255, 0]);
            }
        }
        for eye in res.eye_lids.iter().flatten() {
            for p in eye.lower.iter().chain(&eye.upper) {
                dot(p.x, p.y, [255, 0, 255]);
            }
        }
        if let Some(face) = &res.face {
            for p in [face.right_eye, face.left_eye, face.nose, face.mouth] {
                dot(p.x, p.y, [255, 0, 0]);
            }
        }
        let name = Path::new(f).file_stem().and_then(|s| s.to_str()).unwrap_or("image");
        // Save the face region only (the landmarks' box with a margin), so the points are visible.
        let view = match &res.landmarks {
            Some(l) => {
                let (x0, y0, x1, y1) = defects::bounds(&l.points);
                let m = 0.3 * (x1 - x0).max(y1 - y0);
                let (cx0, cy0) = ((x0 - m).max(0.0) as u32, (y0 - m).max(0.0) as u32);
                let (cw, ch) = (((x1 + m) as u32).min(img.width()) - cx0, ((y1 + m) as u32).min(img.height()) - cy0);
                image::imageops::crop_imm(&img, cx0, cy0, cw, ch).to_image()
            }
            None => img,
        };
        view.save(Path::new(out).join(format!("{name}.png")))?;
    }
    Ok(())
}
