//! Synthetic scans through the whole search: the card, photo and signature quads against the
//! truth (IoU), the orientation, the face count, and no card on a blank page.

use image::RgbImage;
use skranke_photo::Models;

use super::synth::{Scene, iou};
use super::*;

fn models() -> Models {
    Models::load_default().expect("models in assets/models")
}

/// A 35:45 passport-style crop around the portrait's face.
fn portrait(models: &Models, name: &str) -> RgbImage {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits").join(name);
    let img = image::open(&path).expect("portrait").to_rgb8();
    let faces = models.detect_thorough(&img, 0.5).expect("detect");
    let f = &faces[0];
    let w = 2.1 * f.width;
    let h = w * 45.0 / 35.0;
    let x0 = (f.center.x - w / 2.0).max(0.0) as u32;
    let y0 = (f.center.y - 0.45 * h).max(0.0) as u32;
    let (w, h) = ((w as u32).min(img.width() - x0), (h as u32).min(img.height() - y0));
    image::imageops::crop_imm(&img, x0, y0, w, h).to_image()
}

fn assert_found(scene: &Scene, layout: &StamkortLayout, models: &Models) -> LocatedCard {
    let (page, truth) = scene.draw(layout);
    let found = locate(&page, scene.dpi, layout, models).expect("a card");
    let what = format!("{}° at {} dpi: {found:?}\ntruth {truth:?}", scene.angle_deg, scene.dpi);
    assert!(iou(&found.card, &truth.card) >= 0.9, "card IoU {} {what}", iou(&found.card, &truth.card));
    let photo = found.photo.expect("a photo");
    assert!(iou(&photo, &truth.photo) >= 0.9, "photo IoU {} {what}", iou(&photo, &truth.photo));
    assert!(
        iou(&found.signature, &truth.signature) >= 0.9,
        "signature IoU {} {what}",
        iou(&found.signature, &truth.signature)
    );
    let turn = normalise_deg(found.rotation_deg - scene.angle_deg);
    assert!(turn.abs() < 1.0, "rotation {} for {}°", found.rotation_deg, scene.angle_deg);
    found
}

#[test]
fn the_card_and_its_fields_are_found_at_any_skew_and_turn() {
    let models = models();
    let layout = StamkortLayout::default();
    let face = portrait(&models, "obama.jpg");
    let cases = [
        (7.0, 150.0, [100.0, 80.0]),
        (-10.0, 200.0, [110.0, 200.0]),
        (183.0, 150.0, [95.0, 150.0]),
        (86.0, 150.0, [70.0, 140.0]),
        (0.0, 300.0, [120.0, 230.0]),
    ];
    for (angle, dpi, centre_mm) in cases {
        let mut scene = Scene::new(dpi, angle, &face, &layout);
        scene.centre_mm = centre_mm;
        let found = assert_found(&scene, &layout, &models);
        assert_eq!(found.faces_on_card, 1, "{angle}°");
        assert!(found.photo_edges_found, "{angle}°");
    }
}

#[test]
fn two_glued_photos_are_two_faces() {
    let models = models();
    let layout = StamkortLayout::default();
    let mut scene = Scene::new(150.0, -4.0, &portrait(&models, "obama.jpg"), &layout);
    let second = RectMm { x: 52.0, y: 6.0, width: 35.0, height: 45.0 };
    scene.photos.push((portrait(&models, "astronaut.png"), second));
    let found = assert_found(&scene, &layout, &models);
    assert_eq!(found.faces_on_card, 2);
}

#[test]
fn a_card_without_a_face_is_turned_by_its_ink() {
    let models = models();
    let layout = StamkortLayout::default();
    let mut scene = Scene::new(150.0, 178.0, &portrait(&models, "obama.jpg"), &layout);
    scene.photos.clear();
    let (page, truth) = scene.draw(&layout);
    let found = locate(&page, scene.dpi, &layout, &models).expect("a card");
    assert!(iou(&found.card, &truth.card) >= 0.9, "{found:?} {truth:?}");
    assert!(iou(&found.signature, &truth.signature) >= 0.9, "{found:?} {truth:?}");
    assert_eq!((found.faces_on_card, found.photo, found.photo_edges_found), (0, None, false));
}

#[test]
fn a_blank_page_has_no_card() {
    let models = models();
    let layout = StamkortLayout::default();
    let mut scene = Scene::new(150.0, 0.0, &RgbImage::new(1, 1), &layout);
    scene.card = false;
    let (page, _) = scene.draw(&layout);
    let e = locate(&page, scene.dpi, &layout, &models).expect_err("blank");
    assert_eq!(e.code(), "scan_no_card");
}

#[test]
fn angles_are_normalised() {
    assert_eq!(normalise_deg(-180.0), 180.0);
    assert_eq!(normalise_deg(270.0), -90.0);
    assert_eq!(normalise_deg(7.0), 7.0);
}
