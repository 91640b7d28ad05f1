//! Issue 20.2, uneven light. The head's pose must not move when only the light changes: each
//! portrait of the accuracy set is lit anew (a gradient across the whole frame, one side at a
//! quarter of the other; one side of the face shaded) and its yaw and pitch are measured again:
//! neither may move by more than 2°. And `illumination_uniformity` catches both forms: the
//! shaded face half, and the gradient across a counter's plain wall.
use std::path::Path;

use image::{Rgb, RgbImage, imageops};
use skranke_photo::{Models, PhotoThresholds, check_still, load_rgb};

/// Largest change of yaw or pitch, in degrees, that a change of light alone may cause.
const MAX_POSE_SHIFT_DEG: f64 = 2.0;

/// The accuracy set's portraits whose face is whole (the two cut through the face have no pose
/// to keep).
const PORTRAITS: [&str; 5] = [
    "demo/portraits/obama.jpg",
    "demo/portraits/biden.jpg",
    "demo/portraits/astronaut.png",
    "accuracy/obama2.jpg",
    "accuracy/obama3.jpg",
];

fn load(rel: &str) -> RgbImage {
    load_rgb(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").join(rel), 12_000).unwrap()
}

/// Every pixel scaled by `gain(x, y)`.
fn relit(img: &RgbImage, gain: impl Fn(u32, u32) -> f64) -> RgbImage {
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let k = gain(x, y);
        Rgb(img.get_pixel(x, y).0.map(|c| (f64::from(c) * k).round().clamp(0.0, 255.0) as u8))
    })
}

/// The new lights: name and image.
fn lights(img: &RgbImage, eye_mid_x: u32) -> Vec<(&'static str, RgbImage)> {
    let w = f64::from(img.width() - 1);
    vec![
        ("gradient, dark left", relit(img, |x, _| 0.25 + 0.75 * f64::from(x) / w)),
        ("gradient, dark right", relit(img, |x, _| 1.0 - 0.75 * f64::from(x) / w)),
        ("face's left half at 40 %", relit(img, |x, _| if x < eye_mid_x { 0.4 } else { 1.0 })),
        ("face's right half at 40 %", relit(img, |x, _| if x >= eye_mid_x { 0.4 } else { 1.0 })),
    ]
}

fn pose(img: &RgbImage, m: &Models, t: &PhotoThresholds) -> Option<(f64, f64)> {
    let r = check_still(img, m, t).unwrap();
    let value = |id: &str| r.report.checks.iter().find(|c| c.id == id).and_then(|c| c.value);
    Some((value("yaw")?, value("pitch")?))
}

/// `illumination_uniformity`'s verdict, value and message key.
fn illumination(img: &RgbImage, m: &Models, t: &PhotoThresholds) -> (bool, Option<f64>, String) {
    let r = check_still(img, m, t).unwrap();
    let c = r.report.checks.iter().find(|c| c.id == "illumination_uniformity").unwrap();
    (c.pass, c.value, c.key.clone())
}

/// A portrait on the demo camera's plain wall at the height of a 1280x720 frame (a counter's
/// camera frame).
fn on_wall_720p(img: &RgbImage) -> RgbImage {
    let mut frame = RgbImage::from_pixel(1280, 720, Rgb([214, 214, 210]));
    let p = imageops::resize(img, 720 * img.width() / img.height(), 720, imageops::FilterType::Triangle);
    imageops::overlay(&mut frame, &p, i64::from((1280 - p.width()) / 2), 0);
    frame
}

#[test]
fn a_light_falling_off_across_a_plain_wall_fails_illumination_uniformity() {
    let m = Models::load_default().unwrap();
    let t = PhotoThresholds::default();
    let frame = on_wall_720p(&load("demo/portraits/biden-plain.png"));
    let (pass, value, _) = illumination(&frame, &m, &t);
    assert!(pass, "evenly lit: {value:?}");
    let w = f64::from(frame.width() - 1);
    for (light, lit) in [
        ("dark left", relit(&frame, |x, _| 0.25 + 0.75 * f64::from(x) / w)),
        ("dark right", relit(&frame, |x, _| 1.0 - 0.75 * f64::from(x) / w)),
    ] {
        let (pass, value, key) = illumination(&lit, &m, &t);
        assert!(!pass, "gradient, {light}: passed with {value:?}");
        assert_eq!(key, "photo.illumination_uniformity.scene", "gradient, {light}");
    }
}

#[test]
fn one_side_of_the_face_shaded_fails_illumination_uniformity_as_the_face() {
    let m = Models::load_default().unwrap();
    let t = PhotoThresholds::default();
    let frame = on_wall_720p(&load("demo/portraits/biden-plain.png"));
    let eye_mid_x = check_still(&frame, &m, &t).unwrap().face.unwrap().eye_mid().x as u32;
    // Only the face and what is near it: a lamp close to one side of the head.
    let near = |x: u32, y: u32| x.abs_diff(eye_mid_x) < 140 && y < 520;
    let lit = relit(&frame, |x, y| if near(x, y) && x < eye_mid_x { 0.45 } else { 1.0 });
    let (pass, value, key) = illumination(&lit, &m, &t);
    assert!(!pass, "passed with {value:?}");
    assert_eq!(key, "photo.illumination_uniformity.fail");
}

#[test]
fn yaw_and_pitch_keep_still_when_only_the_light_changes() {
    let m = Models::load_default().unwrap();
    let t = PhotoThresholds::default();
    let mut worst = Vec::new();
    for rel in PORTRAITS {
        let img = load(rel);
        let still = check_still(&img, &m, &t).unwrap();
        let eye_mid_x = still.face.as_ref().unwrap().eye_mid().x as u32;
        let (yaw0, pitch0) = pose(&img, &m, &t).unwrap();
        for (light, lit) in lights(&img, eye_mid_x) {
            let Some((yaw, pitch)) = pose(&lit, &m, &t) else {
                worst.push(format!("{rel}, {light}: no pose measured"));
                continue;
            };
            let shift = (yaw - yaw0).abs().max((pitch - pitch0).abs());
            eprintln!("{rel}, {light}: yaw {yaw0:.1} -> {yaw:.1}, pitch {pitch0:.1} -> {pitch:.1} (shift {shift:.1}°)");
            if shift > MAX_POSE_SHIFT_DEG {
                worst.push(format!("{rel}, {light}: yaw {yaw0:.1} -> {yaw:.1}, pitch {pitch0:.1} -> {pitch:.1}"));
            }
        }
    }
    assert!(
        worst.is_empty(),
        "the pose moved by more than {MAX_POSE_SHIFT_DEG}° with the light:\n{}",
        worst.join("\n")
    );
}
