//! Live guidance per preview frame (fast subset: face count, position and size against the oval,
//! roll/yaw, brightness, sharpness) and the auto-capture timer. One function per live check; the
//! limits are `PhotoThresholds` fields (`[photo.checks]`), the oval is the caller's. Each frame
//! with one face also gets a [`FrameScore`] (eyes, pose, sharpness, which sighting of the face),
//! from which `recent_frames` picks the best frame of the last moments for the photo.
use image::RgbImage;
use serde::Serialize;
use skranke_core::{Check, PhotoThresholds};

use crate::PhotoError;
use crate::geometry::{Point, Rect};
use crate::head::HeadGeometry;
use crate::landmarks::{Landmarks, MIN_MESH_PRESENCE, RotatedSquare};
use crate::measures;
use crate::mesh::{self, MeshShape};
use crate::models::{EyeSide, Models};
use crate::recent_frames::FrameScore;

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
    /// How good the frame would be as the photo (for the best frame of the last moments);
    /// `None` unless exactly one face was measured. Not sent to the UI.
    #[serde(skip)]
    pub score: Option<FrameScore>,
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
/// The eye model measures both eyes once in every three frames with a face (at 30 fps: 10 a
/// second, more often than a blink is short): the person's right eye on the first frame, the left
/// on the second (one pass each, so no frame pays for both), none on the third. The second frame
/// carries the pair's measure; the others have none and so never win the best-frame choice over
/// a measured frame with open eyes.
const EYE_CYCLE: u32 = 3;

/// Live analysis that follows the face from frame to frame, as MediaPipe does: once a face is
/// found, the next frames run only the landmark model on the crop the last frame's points give.
/// Every [`REDETECT_EVERY`] frames the detector runs instead, to count the faces, and that frame
/// reuses the last frame's landmarks (33 ms old at 30 fps), so no frame pays for both models
/// unless the face was lost and must be found again.
///
/// Each frame with one face is scored for the best-frame choice: the eye model measures the lids
/// over a cycle of [`EYE_CYCLE`] such frames (as the still check's `eyes_open` does; FaceMesh's
/// own lids read a closed eye as half open),
/// and the face's place, size and colour are compared with the frame before, so that another
/// face (someone else stepping in, the demo camera's next portrait) starts a new sighting
/// (`FrameScore::face_track`) even when the tracker never lost a face.
#[derive(Debug, Default)]
pub struct LiveTracker {
    roi: Option<RotatedSquare>,
    last_marks: Option<Landmarks>,
    last_shape: Option<MeshShape>,
    faces_seen: usize,
    since_detect: u32,
    face_track: u64,
    last_look: Option<Look>,
    /// Where the current frame is in the eye cycle (0: right eye, 1: left eye, then none).
    eye_phase: u32,
    /// The right eye's aspect ratio from the frame before, waiting for the left one.
    right_eye: Option<f64>,
}

/// What a face looked like on the last scored frame, to tell a new face from the same one.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    eye_mid: Point,
    eye_dist: f64,
    /// Mean R, G, B of the face box.
    colour: [f64; 3],
}

/// Between two analysed frames the same face moves less than this many eye distances...
const NEW_FACE_MOVE: f64 = 0.5;
/// ...changes its eye distance by less than this factor...
const NEW_FACE_SCALE: f64 = 1.25;
/// ...and its face box's mean colour by less than this many levels in any channel (a blink moves
/// it by 2-3 levels, another person's face by tens).
const NEW_FACE_COLOUR: f64 = 24.0;

impl Look {
    /// Whether `next` is, by every measure, the same face as `self` on the frame before.
    fn same_face(&self, next: &Look) -> bool {
        let moved = ((next.eye_mid.x - self.eye_mid.x).powi(2) + (next.eye_mid.y - self.eye_mid.y).powi(2)).sqrt();
        let scale = next.eye_dist.max(1e-6) / self.eye_dist.max(1e-6);
        let colour = (0..3).map(|c| (next.colour[c] - self.colour[c]).abs()).fold(0.0, f64::max);
        moved <= NEW_FACE_MOVE * self.eye_dist
            && (1.0 / NEW_FACE_SCALE..=NEW_FACE_SCALE).contains(&scale)
            && colour <= NEW_FACE_COLOUR
    }
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
            let marks = self.last_marks.take();
            let live = self.scored(frame, models, marks.as_ref(), &g, shape.mouth.y, t, oval);
            self.last_marks = marks;
            return live;
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
            (None, None) => {
                self.last_marks = None;
                return Ok(no_face());
            }
        };
        let live = self.scored(frame, models, marks.as_ref(), &g, mouth_y, t, oval);
        self.last_marks = marks;
        live
    }

    /// The guidance of a frame with a face, and its score when it shows exactly one face.
    #[allow(clippy::too_many_arguments)]
    fn scored(
        &mut self,
        frame: &RgbImage,
        models: &Models,
        marks: Option<&Landmarks>,
        g: &HeadGeometry,
        mouth_y: f64,
        t: &PhotoThresholds,
        oval: &Oval,
    ) -> Result<LiveGuidance, PhotoError> {
        let mut live = guidance(frame, self.faces_seen, g, mouth_y, t, oval);
        if self.faces_seen != 1 {
            return Ok(live);
        }
        let look = Look { eye_mid: g.eye_mid, eye_dist: g.eye_dist, colour: mean_rgb(frame, face_box(g, mouth_y)) };
        if !self.last_look.is_some_and(|before| before.same_face(&look)) {
            self.face_track += 1;
            (self.eye_phase, self.right_eye) = (0, None);
        }
        self.last_look = Some(look);
        let eyes_open = self.eyes_open(frame, models, marks)?;
        let value = |id: &str| live.checks.iter().find(|c| c.id == id).and_then(|c| c.value);
        live.score = Some(FrameScore {
            eyes_open,
            yaw_deg: g.yaw_deg,
            pitch_deg: g.pitch_deg,
            roll_deg: g.roll_deg,
            sharpness: value("sharpness"),
            face_track: self.face_track,
        });
        Ok(live)
    }

    /// This frame's step of the eye cycle: the less open eye's aspect ratio on the frame that
    /// completes a pair (the right eye measured on the frame before, the left on this one).
    fn eyes_open(
        &mut self,
        frame: &RgbImage,
        models: &Models,
        marks: Option<&Landmarks>,
    ) -> Result<Option<f64>, PhotoError> {
        let Some(m) = marks else {
            // The pair must come from consecutive frames: start again.
            (self.eye_phase, self.right_eye) = (0, None);
            return Ok(None);
        };
        let phase = self.eye_phase;
        self.eye_phase = (phase + 1) % EYE_CYCLE;
        Ok(match phase {
            0 => {
                self.right_eye = Some(models.eye_contour(frame, m, EyeSide::Right)?.aspect_ratio());
                None
            }
            1 => {
                let left = models.eye_contour(frame, m, EyeSide::Left)?.aspect_ratio();
                self.right_eye.take().map(|right| right.min(left))
            }
            _ => None,
        })
    }

    fn forget(&mut self) {
        self.roi = None;
        self.last_marks = None;
        self.last_shape = None;
        self.last_look = None;
        (self.eye_phase, self.right_eye) = (0, None);
    }
}

/// Mean R, G, B of a region (every 4th pixel each way: plenty for a mean).
fn mean_rgb(frame: &RgbImage, r: Rect) -> [f64; 3] {
    let Some((x0, y0, x1, y1)) = r.clip(frame.width(), frame.height()) else {
        return [0.0; 3];
    };
    let (mut sum, mut n) = ([0.0; 3], 0.0);
    for y in (y0..y1).step_by(4) {
        for x in (x0..x1).step_by(4) {
            let p = frame.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += f64::from(p[c]);
            }
            n += 1.0;
        }
    }
    sum.map(|s| s / f64::max(n, 1.0))
}

fn no_face() -> LiveGuidance {
    LiveGuidance { checks: vec![face_count(0)], hint: Some("no_face"), score: None }
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
    LiveGuidance { checks, hint: Some(hint), score: None }
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
            score: None,
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
    fn another_face_is_told_from_the_same_face_moving_or_blinking() {
        let p = |x: f64, y: f64| Point { x, y };
        let face = Look { eye_mid: p(320.0, 200.0), eye_dist: 100.0, colour: [180.0, 140.0, 120.0] };
        let blink = Look { colour: [178.0, 139.0, 121.0], ..face };
        let moved = Look { eye_mid: p(360.0, 210.0), eye_dist: 110.0, ..face };
        assert!(face.same_face(&blink) && face.same_face(&moved) && face.same_face(&face));
        let darker_skin = Look { colour: [120.0, 90.0, 75.0], ..face };
        let jumped = Look { eye_mid: p(420.0, 200.0), ..face };
        let nearer = Look { eye_dist: 130.0, ..face };
        for other in [darker_skin, jumped, nearer] {
            assert!(!face.same_face(&other), "{other:?}");
        }
    }

    #[test]
    fn mean_rgb_reads_the_region() {
        let mut frame = RgbImage::from_pixel(64, 64, image::Rgb([10, 20, 30]));
        for y in 0..32 {
            for x in 0..64 {
                frame.put_pixel(x, y, image::Rgb([200, 100, 50]));
            }
        }
        assert_eq!(mean_rgb(&frame, Rect::around(32.0, 16.0, 64.0, 32.0)), [200.0, 100.0, 50.0]);
        assert_eq!(mean_rgb(&frame, Rect::around(32.0, 32.0, 64.0, 64.0)), [105.0, 60.0, 40.0]);
        assert_eq!(mean_rgb(&frame, Rect::around(-50.0, -50.0, 10.0, 10.0)), [0.0; 3]);
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
