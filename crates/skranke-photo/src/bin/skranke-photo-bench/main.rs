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
    if files.first().map(String::as_str) == Some("--accuracy") {
        return accuracy(&models, &t);
    }
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

type Defect = (&'static str, &'static str, fn(&image::RgbImage) -> image::RgbImage);

/// Generated defects and the check each must make fail (the labels).
fn defects() -> Vec<Defect> {
    use image::{Rgb, RgbImage, imageops};
    fn map(img: &RgbImage, f: impl Fn([u8; 3]) -> [u8; 3]) -> RgbImage {
        RgbImage::from_fn(img.width(), img.height(), |x, y| Rgb(f(img.get_pixel(x, y).0)))
    }
    vec![
        ("blur", "sharpness", |i| imageops::blur(i, 6.0)),
        ("underexposed", "underexposure", |i| map(i, |p| p.map(|c| c / 6))),
        ("overexposed", "overexposure", |i| map(i, |p| p.map(|c| c.saturating_mul(2)))),
        ("greyscale", "natural_colour", |i| image::DynamicImage::ImageRgb8(i.clone()).grayscale().to_rgb8()),
        ("low_resolution", "eye_distance", |i| imageops::resize(i, i.width() / 3, i.height() / 3, imageops::FilterType::Triangle)),
        // Made in accuracy() by shade_left_of: it needs the face's position.
        ("uneven_light", "illumination_uniformity", |i| i.clone()),
        ("two_faces", "face_count", |i| {
            let mut o = RgbImage::from_pixel(i.width() * 2, i.height(), Rgb([200, 200, 200]));
            imageops::overlay(&mut o, i, 0, 0);
            imageops::overlay(&mut o, i, i.width() as i64, 0);
            o
        }),
        ("no_face", "face_count", |i| RgbImage::from_pixel(i.width(), i.height(), Rgb([230, 230, 230]))),
        ("off_centre", "crop_margins", |i| imageops::crop_imm(i, i.width() / 3, 0, i.width() - i.width() / 3, i.height()).to_image()),
        ("roll_15", "roll", |i| rotate(i, 15.0)),
        ("small_face", "head_size", |i| {
            // The person three times further away: the portrait at a third, on a wall.
            let (w, h) = i.dimensions();
            let small = imageops::resize(i, w / 3, h / 3, imageops::FilterType::Triangle);
            let mut o = RgbImage::from_pixel(w, h, Rgb([205, 205, 200]));
            imageops::overlay(&mut o, &small, i64::from(w / 3), i64::from(h / 6));
            o
        }),
        ("busy_background", "background", |i| {
            // A high-contrast pattern in the top corners (behind the head, outside the face).
            let (w, h) = i.dimensions();
            RgbImage::from_fn(w, h, |x, y| {
                let corner = y < h / 4 && (x < w / 4 || x > w * 3 / 4);
                if corner && ((x / 12 + y / 12) % 2 == 0) { Rgb([20, 20, 20]) } else if corner { Rgb([240, 240, 240]) } else { *i.get_pixel(x, y) }
            })
        }),
    ]
}

/// An image transform of the accuracy set.
type Transform = fn(&image::RgbImage) -> image::RgbImage;

/// Robustness cases: defects no check is for; the verdicts of the other checks should not change.
fn disturbances() -> Vec<(&'static str, Transform)> {
    use image::{Rgb, RgbImage};
    vec![
        ("noise", |i| {
            let mut seed = 0x9E37_79B9_u32;
            RgbImage::from_fn(i.width(), i.height(), |x, y| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let n = (seed % 41) as i16 - 20;
                Rgb(i.get_pixel(x, y).0.map(|c| (c as i16 + n).clamp(0, 255) as u8))
            })
        }),
        ("jpeg_q8", |i| {
            let mut buf = Vec::new();
            let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, 8).encode_image(i);
            image::load_from_memory(&buf).map(|d| d.to_rgb8()).unwrap_or_else(|_| i.clone())
        }),
    ]
}

/// Darkens (x 0.4) every pixel left of `x`: one side of the face in shadow.
fn shade_left_of(img: &image::RgbImage, x0: u32) -> image::RgbImage {
    image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let k = if x < x0 { 0.4 } else { 1.0 };
        image::Rgb(img.get_pixel(x, y).0.map(|c| (f64::from(c) * k) as u8))
    })
}

/// Rotates about the centre by `deg` (nearest neighbour), filling with a wall colour.
fn rotate(img: &image::RgbImage, deg: f64) -> image::RgbImage {
    let (w, h) = img.dimensions();
    let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    image::RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h { *img.get_pixel(sx as u32, sy as u32) } else { image::Rgb([205, 205, 200]) }
    })
}

/// Per-check detection rate (labelled defect -> that check fails) and false-reject rate (check
/// fails on an image not labelled for it) over the demo portraits and their generated defects.
fn accuracy(models: &Models, t: &PhotoThresholds) -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits");
    let mut stats: std::collections::BTreeMap<String, [u32; 4]> = Default::default(); // det, lab, fr, unl
    for name in ["obama.jpg", "biden.jpg", "astronaut.png"] {
        let base = load_rgb(&dir.join(name), t.max_image_side)?;
        let mut cases: Vec<(&str, Option<&str>, image::RgbImage)> = vec![("original", None, base.clone())];
        // Light from one side of the face: darken everything left of the face's centre line.
        let face_x = models.detect(&base, t.min_face_score)?.first().map(|f| f.eye_mid().x as u32).unwrap_or(base.width() / 2);
        for (d, id, f) in defects() {
            let img = if d == "uneven_light" { shade_left_of(&base, face_x) } else { f(&base) };
            cases.push((d, Some(id), img));
        }
        let original = check_still(&base, models, t)?.report;
        for (_, label, img) in cases {
            let r = check_still(&img, models, t)?.report;
            for c in &r.checks {
                let s = stats.entry(c.id.clone()).or_default();
                if label == Some(c.id.as_str()) { s[1] += 1; if !c.pass { s[0] += 1; } } else { s[3] += 1; if !c.pass { s[2] += 1; } }
            }
        }
        // Disturbances no check is for: count checks that flip from pass (on the original) to fail.
        for (d, f) in disturbances() {
            let r = check_still(&f(&base), models, t)?.report;
            let flipped: Vec<&str> = r.checks.iter().filter(|c| !c.pass && original.get(&c.id).is_some_and(|o| o.pass)).map(|c| c.id.as_str()).collect();
            println!("robustness {name} {d}: checks newly failing: {}", if flipped.is_empty() { "none".to_string() } else { flipped.join(", ") });
        }
    }
    println!("| check | detected / labelled | false rejects / unlabelled |");
    println!("|---|---|---|");
    for id in skranke_photo::CHECK_IDS {
        let s = stats.get(id).copied().unwrap_or_default();
        println!("| {id} | {}/{} | {}/{} |", s[0], s[1], s[2], s[3]);
    }
    Ok(())
}
