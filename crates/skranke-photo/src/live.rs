//! Live guidance per preview frame (fast subset: face count, position and size against the oval,
//! roll/yaw, brightness, sharpness) and the auto-capture timer.
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
    Check::judged("face_count", Some(n as f64), "= 1", n == 1, "Ét ansigt.", "Præcis ét ansigt skal ses.")
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
    let mut checks = vec![face_count(n)];
    let (w, h) = (frame.width() as f64, frame.height() as f64);
    let centre_y = g.crown.y + g.head_h / 2.0;
    let off = (((g.eye_mid.x - oval.cx * w) / h).powi(2) + ((centre_y - oval.cy * h) / h).powi(2)).sqrt();
    let centred = off <= oval.tolerance;
    checks.push(Check::judged(
        "position",
        Some(off),
        format!("<= {}", oval.tolerance),
        centred,
        "Ansigtet er i ovalen.",
        "Flyt ansigtet ind i ovalen.",
    ));
    let size = g.head_h / (oval.head_height * h);
    let size_ok = (0.85..=1.15).contains(&size);
    checks.push(Check::new(
        "size",
        Some(size),
        "0.85-1.15",
        size_ok,
        if size_ok {
            "Afstanden er god."
        } else if size < 0.85 {
            "Kom tættere på."
        } else {
            "Gå lidt tilbage."
        },
    ));
    let roll_ok = g.roll_deg.abs() <= t.max_roll_deg;
    checks.push(Check::judged(
        "roll",
        Some(g.roll_deg),
        format!("|v| <= {}", t.max_roll_deg),
        roll_ok,
        "Hovedet er lige.",
        "Hold hovedet lige.",
    ));
    let yaw_ok = g.yaw_deg.abs() <= t.max_yaw_deg;
    checks.push(Check::judged(
        "yaw",
        Some(g.yaw_deg),
        format!("|v| <= {}", t.max_yaw_deg),
        yaw_ok,
        "Du ser lige frem.",
        "Se lige ind i kameraet.",
    ));
    let ed = g.eye_dist;
    let fb = Rect::around(g.eye_mid.x, (g.eye_mid.y + mouth_y) / 2.0, 1.6 * ed, 1.6 * ed);
    let bright = measures::mean(&measures::lumas(frame, fb));
    let bright_ok = bright.is_some_and(|b| (70.0..=210.0).contains(&b));
    checks.push(Check::judged(
        "brightness",
        bright,
        "70-210",
        bright_ok,
        "Lyset er godt.",
        "Lyset er for svagt eller for stærkt.",
    ));
    let sharp = measures::sharpness(frame, fb);
    let sharp_ok = sharp.is_some_and(|s| s >= t.min_sharpness);
    checks.push(Check::judged(
        "sharpness",
        sharp,
        format!(">= {}", t.min_sharpness),
        sharp_ok,
        "Skarpt.",
        "Hold stille.",
    ));
    let hint = if n > 1 {
        "one_face_only"
    } else if !bright_ok {
        if bright.unwrap_or(0.0) < 70.0 { "too_dark" } else { "too_bright" }
    } else if !size_ok {
        if size < 0.85 { "move_closer" } else { "move_back" }
    } else if !centred {
        "center_face"
    } else if !roll_ok || !yaw_ok {
        "look_straight"
    } else if !sharp_ok {
        "hold_still"
    } else {
        "ok"
    };
    LiveGuidance { checks, hint: Some(hint) }
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
