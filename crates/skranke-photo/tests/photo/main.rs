//! Real models on a real portrait (the checks that must pass do) and on generated defects (the
//! matching check fails).
use std::path::Path;

use image::{Rgb, RgbImage, imageops};
use skranke_photo::{AutoCapture, CHECK_IDS, Models, Oval, PhotoThresholds, analyse_frame, check_file, check_still, encode_jpeg, load_rgb};

fn portrait() -> RgbImage {
    load_rgb(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg"), 12_000).unwrap()
}

fn pass(img: &RgbImage, m: &Models, id: &str) -> bool {
    let r = check_still(img, m, &PhotoThresholds::default()).unwrap().report;
    r.get(id).unwrap().pass
}

fn rotate(img: &RgbImage, deg: f64) -> RgbImage {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h { *img.get_pixel(sx as u32, sy as u32) } else { Rgb([128, 128, 128]) }
    })
}

#[test]
fn real_portrait_passes_the_face_checks_and_crops_to_35_45() {
    let m = Models::load_default().unwrap();
    let t = PhotoThresholds::default();
    let img = portrait();
    let res = check_still(&img, &m, &t).unwrap();
    let ids: Vec<&str> = res.report.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, CHECK_IDS);
    for id in ["face_count", "eye_distance", "head_size", "roll", "eyes_open", "mouth_closed", "underexposure", "overexposure", "illumination_uniformity", "natural_colour", "sharpness"] {
        assert!(res.report.get(id).unwrap().pass, "{id}: {:?}", res.report.get(id));
    }
    let crop = res.crop.unwrap();
    assert!(((crop.width() as f64 / crop.height() as f64) - 35.0 / 45.0).abs() < 0.01);
    assert!(encode_jpeg(&crop, t.max_jpeg_bytes).unwrap().len() <= t.max_jpeg_bytes);
}

#[test]
fn generated_defects_fail_the_matching_check() {
    let m = Models::load_default().unwrap();
    let img = portrait();
    assert!(!pass(&imageops::blur(&img, 6.0), &m, "sharpness"), "blur");
    let dark = RgbImage::from_fn(img.width(), img.height(), |x, y| { let p = img.get_pixel(x, y); Rgb([p[0] / 6, p[1] / 6, p[2] / 6]) });
    assert!(!pass(&dark, &m, "underexposure"), "dark");
    let bright = RgbImage::from_fn(img.width(), img.height(), |x, y| { let p = img.get_pixel(x, y); Rgb([p[0].saturating_mul(2), p[1].saturating_mul(2), p[2].saturating_mul(2)]) });
    assert!(!pass(&bright, &m, "overexposure"), "bright");
    let grey = image::DynamicImage::ImageRgb8(img.clone()).grayscale().to_rgb8();
    assert!(!pass(&grey, &m, "natural_colour"), "grey");
    assert!(!pass(&rotate(&img, 20.0), &m, "roll"), "roll");
    let small = imageops::resize(&img, img.width() / 3, img.height() / 3, imageops::FilterType::Triangle);
    assert!(!pass(&small, &m, "eye_distance"), "small");
    let mut two = RgbImage::from_pixel(img.width() * 2, img.height(), Rgb([200, 200, 200]));
    imageops::overlay(&mut two, &img, 0, 0);
    imageops::overlay(&mut two, &img, img.width() as i64, 0);
    assert!(!pass(&two, &m, "face_count"), "two faces");
    let blank = RgbImage::from_pixel(640, 480, Rgb([230, 230, 230]));
    let r = check_still(&blank, &m, &PhotoThresholds::default()).unwrap();
    assert_eq!(r.report.checks.len(), CHECK_IDS.len());
    assert!(!r.report.passed() && r.crop.is_none());
}

#[test]
fn live_guidance_and_check_file() {
    let m = Models::load_default().unwrap();
    let t = PhotoThresholds::default();
    let blank = RgbImage::from_pixel(1280, 720, Rgb([230, 230, 230]));
    let g = analyse_frame(&blank, &m, &t, &Oval::default()).unwrap();
    assert_eq!(g.hint, Some("no_face"));
    let img = portrait();
    let mut frame = RgbImage::from_pixel(1280, 720, Rgb([225, 225, 220]));
    let p = imageops::resize(&img, 720 * img.width() / img.height(), 720, imageops::FilterType::Triangle);
    imageops::overlay(&mut frame, &p, ((1280 - p.width()) / 2) as i64, 0);
    let g = analyse_frame(&frame, &m, &t, &Oval::default()).unwrap();
    assert!(g.checks[0].pass);
    assert_ne!(g.hint, Some("no_face"));
    let mut ac = AutoCapture::new(0);
    assert!(!ac.update(&analyse_frame(&blank, &m, &t, &Oval::default()).unwrap(), 0));

    let dir = std::env::temp_dir().join(format!("skranke-photo-test-{}", std::process::id()));
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg");
    let rep = check_file(&src, &m, &t, Some(&dir));
    assert!(rep.verdict == "pass" || rep.verdict == "fail");
    assert!(dir.join("obama.jpg").is_file());
    let json: serde_json::Value = serde_json::to_value(&rep).unwrap();
    assert!(json["error"].is_null() && json["checks"].as_array().unwrap().len() == 15);
    std::fs::write(dir.join("broken.jpg"), b"\xff\xd8\xff garbage").unwrap();
    let bad = check_file(&dir.join("broken.jpg"), &m, &t, None);
    assert_eq!(bad.verdict, "error");
    assert!(bad.error.unwrap().starts_with("photo_decode"));
    let _ = std::fs::remove_dir_all(&dir);
}
