//! Frames a replayed portrait like a citizen standing well in front of the counter camera: the
//! face found by the same detector the checks use, scaled so the live size check sees the head
//! fill the guide oval, the eyes at the oval's centre. Without it a full-length press photo would
//! show a face too small to find, and the demo could never take a photo.
use skranke_camera::{Placement, place};
use skranke_core::PhotoThresholds;
use skranke_photo::{Models, Oval, analyse_frame};

/// The placement of `img` in a `w` x `h` frame, or `None` when no face is found (then the image is
/// shown whole).
pub fn place_face(models: &Models, t: &PhotoThresholds, img: &image::RgbImage, w: u32, h: u32) -> Option<Placement> {
    let faces = models.detect(img, t.min_face_score).ok()?;
    let face = faces.iter().max_by(|a, b| (a.width * a.height).total_cmp(&(b.width * b.height)))?;
    let oval = Oval::default();
    let eyes = face.eye_mid();
    // First guess: the detector's box a bit over half the head the oval stands for.
    let mut at = Placement {
        x: eyes.x,
        y: eyes.y,
        to_x: oval.cx * f64::from(w),
        to_y: oval.cy * f64::from(h) - 0.02 * f64::from(h),
        scale: 0.6 * oval.head_height * f64::from(h) / face.height.max(1.0),
    };
    // Two corrections with the live size check itself.
    for _ in 0..2 {
        let frame = place(img, w, h, at);
        let g = analyse_frame(&frame, models, t, &oval).ok()?;
        let size = g.checks.iter().find(|c| c.id == "size").and_then(|c| c.value)?;
        if (0.95..=1.05).contains(&size) {
            break;
        }
        at.scale /= size.clamp(0.25, 4.0);
    }
    Some(at)
}
