//! Live guidance per preview frame (fast subset: face count, position and size against the oval,
//! roll/yaw, brightness, sharpness) and the auto-capture timer. One function per live check; the
//! limits are `PhotoThresholds` fields (`[photo.checks]`), the oval is the caller's.
use image::RgbImage;
use serde::Serialize;
use skranke_core::{Check, PhotoThresholds};

use crate::PhotoError;
use crate::geometry::Rect;
use crate::head::HeadGeometry;
use crate::landmarks::{MIN_MESH_PRESENCE, RotatedSquare};
use crate::measures;
use crate::mesh::{self, MeshShape};
use crate::models::Models;

/// The guide oval in the preview, as fractions of the frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Oval {
    /// Centre x, fraction of the frame width.
    pub cx: f64,
    /// Centre y, fraction of the frame height.
    pub cy: f64,
    /// Head height (chin to crown) the oval stands for, fraction of the frame height.
    pub head_height: f64,
    /// Allowed offset of the face centre from the oval centre, fraction of the frame height.
    pub tolerance: f64,
}

impl Default for Oval {
    fn default() -> Self {
        Self { cx: 0.5, cy: 0.45, head_height: 0.55, tolerance: 0.06 }
    }
}

/// One frame's guidance: the live checks and the single most useful hint code
/// (`no_face`, `one_face_only`, `too_dark`, `too_bright`, `center_face`, `move_closer`,
/// `move_back`, `look_straight`, `hold_still`, `ok`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveGuidance {
    /// Live checks: face_count, position, size, roll, yaw, brightness, sharpness.
    pub checks: Vec<Check>,
    /// The hint for the citizen/clerk; `Some("ok")` when everything passes.
    pub hint: Option<&'static str>,
}

impl LiveGuidance {
    /// Whether every live check passes.
    pub fn all_pass(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.pass)
    }
}

/// Analyses one preview frame against the oval, with a full detector pass (no state kept). The
/// preview uses [`LiveTracker`], which skips most detector passes.
pub fn analyse_frame(
    frame: &RgbImage,
    models: &Models,
    t: &PhotoThresholds,
    oval: &Oval,
) -> Result<LiveGuidance, PhotoError> {
    LiveTracker::default().analyse(frame, models, t, oval)
}

/// Frames between detector passes while the face is tracked (at 30 fps: about 5 per second).
const REDETECT_EVERY: u32 = 6;

/// Live analysis that follows the face from frame to frame, as MediaPipe does: once a face is
/// found, the next frames run only the landmark model on the crop the last frame's points give.
/// Every [`REDETECT_EVERY`] frames the detector runs instead, to count the faces, and that frame
/// reuses the last frame's landmarks (33 ms old at 30 fps), so no frame pays for both models
/// unless the face was lost and must be found again.
#[derive(Debug, Default)]
pub struct LiveTracker {
    roi: Option<RotatedSquare>,
    last_shape: Option<MeshShape>,
    faces_seen: usize,
    since_detect: u32,
}

impl LiveTracker {
    /// Analyses the next preview frame.
    pub fn analyse(
        &mut self,
        frame: &RgbImage,
        models: &Models,
        t: &PhotoThresholds,
        oval: &Oval,
    ) -> Result<LiveGuidance, PhotoError> {
        if let (Some(_), Some(shape)) = (self.roi, self.last_shape)
            && self.since_detect >= REDETECT_EVERY
        {
            // The counting frame: the detector only; the face is where it was a frame ago.
            self.faces_seen = models.detect(frame, t.min_face_score)?.len();
            self.since_detect = 0;
            if self.faces_seen == 0 {
                self.forget();
                return Ok(no_face());
            }
            let g = HeadGeometry::from_mesh(&shape);
            return Ok(guidance(frame, self.faces_seen, &g, shape.mouth.y, t, oval));
        }
        let tracked = match self.roi {
            Some(roi) => Some(models.landmarks_at(frame, &roi)?).filter(|m| m.presence >= MIN_MESH_PRESENCE),
            None => None,
        };
        let (marks, face) = match tracked {
            Some(m) => {
                self.since_detect += 1;
                (Some(m), None)
            }
            None => {
                let faces = models.detect(frame, t.min_face_score)?;
                self.faces_seen = faces.len();
                self.since_detect = 0;
                let Some(face) = faces.into_iter().next() else {
                    self.forget();
                    return Ok(no_face());
                };
                let m = models.landmarks(frame, &face, false)?;
                (Some(m).filter(|m| m.presence >= MIN_MESH_PRESENCE), Some(face))
            }
        };
        self.roi = marks.as_ref().map(|m| RotatedSquare::from_landmarks(&m.points));
        let shape = marks.as_ref().map(|m| mesh::shape(&m.points));
        self.last_shape = shape;
        let (g, mouth_y) = match (&shape, &face) {
            (Some(s), _) => (HeadGeometry::from_mesh(s), s.mouth.y),
            (None, Some(f)) => (HeadGeometry::of(f, None), f.mouth.y),
            (None, None) => return Ok(no_face()),
        };
        Ok(guidance(frame, self.faces_seen, &g, mouth_y, t, oval))
    }

    fn forget(&mut self) {
        self.roi = None;
        self.last_shape = None;
    }
}

fn no_face() -> LiveGuidance {
    LiveGuidance { checks: vec![face_count(0)], hint: Some("no_face") }
}

/// The live face count check: exactly one face in the frame.
fn face_count(n: usize) -> Check {
    Check::judged("face_count", Some(n as f64), "= 1", n == 1, "live.face_count")
}

/// The live checks and hint for a face with geometry `g` (and `n` faces in the frame).
fn guidance(
    frame: &RgbImage,
    n: usize,
    g: &HeadGeometry,
    mouth_y: f64,
    t: &PhotoThresholds,
    oval: &Oval,
) -> LiveGuidance {
    let size = size_ratio(frame, g, oval);
    let face_box = face_box(g, mouth_y);
    let bright = measures::mean(&measures::lumas(frame, face_box));
    let checks = vec![
        face_count(n),
        position(frame, g, oval),
        size_check(size, t),
        roll(g, t),
        yaw(g, t),
        brightness(bright, t),
        sharpness(frame, face_box, t),
    ];
    let hint = hint(n, &checks, size, bright, t);
    LiveGuidance { checks, hint: Some(hint) }
}

/// `position`: distance of the head's centre from the oval's centre, as a fraction of the frame
/// height, within the oval's tolerance (the crop needs the face where the oval is).
fn position(frame: &RgbImage, g: &HeadGeometry, oval: &Oval) -> Check {
    let (w, h) = (frame.width() as f64, frame.height() as f64);
    let centre_y = g.crown.y + g.head_h / 2.0;
    let off = (((g.eye_mid.x - oval.cx * w) / h).powi(2) + ((centre_y - oval.cy * h) / h).powi(2)).sqrt();
    Check::judged("position", Some(off), format!("<= {}", oval.tolerance), off <= oval.tolerance, "live.position")
}

/// Head height over the head height the oval stands for (1 = the head fills the oval).
fn size_ratio(frame: &RgbImage, g: &HeadGeometry, oval: &Oval) -> f64 {
    g.head_h / (oval.head_height * frame.height() as f64)
}

/// `size`: the head's size against the oval within the live limits: a head too small leaves the
/// still photo too few pixels, one too big leaves no room for the crop around it.
fn size_check(size: f64, t: &PhotoThresholds) -> Check {
    let size_ok = (t.live_min_head_size..=t.live_max_head_size).contains(&size);
    Check::new(
        "size",
        Some(size),
        format!("{}-{}", t.live_min_head_size, t.live_max_head_size),
        size_ok,
        if size_ok {
            "live.size.pass"
        } else if size < t.live_min_head_size {
            "live.size.too_small"
        } else {
            "live.size.too_big"
        },
    )
}

/// `roll`: the head's tilt within the still check's limit.
fn roll(g: &HeadGeometry, t: &PhotoThresholds) -> Check {
    Check::judged(
        "roll",
        Some(g.roll_deg),
        format!("|v| <= {}", t.max_roll_deg),
        g.roll_deg.abs() <= t.max_roll_deg,
        "live.roll",
    )
}

/// `yaw`: the head's turn within the still check's limit.
fn yaw(g: &HeadGeometry, t: &PhotoThresholds) -> Check {
    Check::judged(
        "yaw",
        Some(g.yaw_deg),
        format!("|v| <= {}", t.max_yaw_deg),
        g.yaw_deg.abs() <= t.max_yaw_deg,
        "live.yaw",
    )
}

/// The face box the live image measures look at: around eyes, nose and mouth, 1.6 eye distances
/// on a side.
fn face_box(g: &HeadGeometry, mouth_y: f64) -> Rect {
    let ed = g.eye_dist;
    Rect::around(g.eye_mid.x, (g.eye_mid.y + mouth_y) / 2.0, 1.6 * ed, 1.6 * ed)
}

/// `brightness`: the face box's mean luma within the live limits; a face too dark or too bright
/// fails the still check's exposure checks.
fn brightness(bright: Option<f64>, t: &PhotoThresholds) -> Check {
    let (min, max) = (t.live_min_brightness, t.live_max_brightness);
    Check::judged(
        "brightness",
        bright,
        format!("{min}-{max}"),
        bright.is_some_and(|b| (min..=max).contains(&b)),
        "live.brightness",
    )
}

/// `sharpness`: the face box's sharpness at the still check's limit (motion blur: hold still).
fn sharpness(frame: &RgbImage, face_box: Rect, t: &PhotoThresholds) -> Check {
    let sharp = measures::sharpness(frame, face_box);
    Check::judged(
        "sharpness",
        sharp,
        format!(">= {}", t.min_sharpness),
        sharp.is_some_and(|s| s >= t.min_sharpness),
        "live.sharpness",
    )
}

/// The single most useful hint: the first failing live check in priority order (more faces,
/// light, size, position, pose, sharpness), with the direction to move where there is one.
fn hint(n: usize, checks: &[Check], size: f64, bright: Option<f64>, t: &PhotoThresholds) -> &'static str {
    let pass = |id: &str| checks.iter().any(|c| c.id == id && c.pass);
    if n > 1 {
        "one_face_only"
    } else if !pass("brightness") {
        if bright.unwrap_or(0.0) < t.live_min_brightness { "too_dark" } else { "too_bright" }
    } else if !pass("size") {
        if size < t.live_min_head_size { "move_closer" } else { "move_back" }
    } else if !pass("position") {
        "center_face"
    } else if !pass("roll") || !pass("yaw") {
        "look_straight"
    } else if !pass("sharpness") {
        "hold_still"
    } else {
        "ok"
    }
}

/// Says "capture now" once every live check has passed continuously for `hold_ms` (time passed in).
#[derive(Debug, Clone)]
pub struct AutoCapture {
    hold_ms: u64,
    since: Option<u64>,
}

impl AutoCapture {
    /// A timer that needs `hold_ms` of passing frames.
    pub fn new(hold_ms: u64) -> Self {
        Self { hold_ms, since: None }
    }

    /// Feeds one frame's guidance at `now_ms`; true when the photo should be taken now (then resets).
    pub fn update(&mut self, g: &LiveGuidance, now_ms: u64) -> bool {
        if !g.all_pass() {
            self.since = None;
            return false;
        }
        let since = *self.since.get_or_insert(now_ms);
        if now_ms.saturating_sub(since) >= self.hold_ms {
            self.since = None;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guidance(pass: bool) -> LiveGuidance {
        LiveGuidance {
            checks: vec![Check::new("x", None, "", pass, "")],
            hint: Some(if pass { "ok" } else { "hold_still" }),
        }
    }

    /// A head that fills the default oval of a 640x480 frame exactly, frontal and level.
    fn head_in_the_oval() -> HeadGeometry {
        let p = |x: f64, y: f64| crate::geometry::Point { x, y };
        HeadGeometry {
            eye_mid: p(320.0, 200.0),
            eye_dist: 100.0,
            head_h: 264.0,
            crown: p(320.0, 84.0),
            roll_deg: 0.0,
            yaw_deg: 0.0,
            pitch_deg: 0.0,
        }
    }

    #[test]
    fn the_live_limits_come_from_the_thresholds() {
        // A plain frame of luma 200: bright enough and not too bright by default, not sharp.
        let frame = RgbImage::from_pixel(640, 480, image::Rgb([200, 200, 200]));
        let (g, oval) = (head_in_the_oval(), Oval::default());
        let t = PhotoThresholds::default();
        let by_default = super::guidance(&frame, 1, &g, 260.0, &t, &oval);
        let check = |l: &LiveGuidance, id: &str| l.checks.iter().find(|c| c.id == id).cloned().unwrap();
        assert_eq!(check(&by_default, "brightness").threshold, "70-210");
        assert_eq!(check(&by_default, "size").threshold, "0.85-1.15");
        assert!(check(&by_default, "brightness").pass && check(&by_default, "size").pass);
        assert_eq!(by_default.hint, Some("hold_still"));

        let darker_limit = PhotoThresholds { live_max_brightness: 180.0, ..t.clone() };
        let l = super::guidance(&frame, 1, &g, 260.0, &darker_limit, &oval);
        assert_eq!(check(&l, "brightness").threshold, "70-180");
        assert!(!check(&l, "brightness").pass);
        assert_eq!(l.hint, Some("too_bright"));
        let brighter_floor = PhotoThresholds { live_min_brightness: 205.0, ..t.clone() };
        assert_eq!(super::guidance(&frame, 1, &g, 260.0, &brighter_floor, &oval).hint, Some("too_dark"));

        let bigger_head = PhotoThresholds { live_min_head_size: 1.05, ..t.clone() };
        let l = super::guidance(&frame, 1, &g, 260.0, &bigger_head, &oval);
        assert!(!check(&l, "size").pass);
        assert_eq!(l.hint, Some("move_closer"));
        let smaller_head = PhotoThresholds { live_max_head_size: 0.95, ..t };
        assert_eq!(super::guidance(&frame, 1, &g, 260.0, &smaller_head, &oval).hint, Some("move_back"));
    }

    #[test]
    fn auto_capture_needs_an_unbroken_run() {
        let mut a = AutoCapture::new(500);
        assert!(!a.update(&guidance(true), 0));
        assert!(!a.update(&guidance(true), 300));
        assert!(!a.update(&guidance(false), 400));
        assert!(!a.update(&guidance(true), 450));
        assert!(!a.update(&guidance(true), 900));
        assert!(a.update(&guidance(true), 950));
        assert!(!a.update(&guidance(true), 960));
    }
}
