//! Live guidance per preview frame (fast subset: face count, position and size against the oval,
//! roll/yaw, brightness, sharpness) and the auto-capture timer.
use image::RgbImage;
use serde::Serialize;
use skranke_core::{Check, PhotoThresholds};

use crate::measures::{self, Rect};
use crate::models::Models;
use crate::still::geometry;
use crate::PhotoError;

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

/// Analyses one preview frame against the oval.
pub fn analyse_frame(frame: &RgbImage, models: &Models, t: &PhotoThresholds, oval: &Oval) -> Result<LiveGuidance, PhotoError> {
    let faces = models.detect(frame, t.min_face_score)?;
    let n = faces.len();
    let mut checks = vec![Check::new("face_count", Some(n as f64), "= 1", n == 1, if n == 1 { "Ét ansigt." } else { "Præcis ét ansigt skal ses." })];
    let Some(face) = faces.first() else {
        return Ok(LiveGuidance { checks, hint: Some("no_face") });
    };
    let (w, h) = (frame.width() as f64, frame.height() as f64);
    let g = geometry(face);
    let centre_y = g.crown.y + g.head_h / 2.0;
    let off = (((g.eye_mid.x - oval.cx * w) / h).powi(2) + ((centre_y - oval.cy * h) / h).powi(2)).sqrt();
    let centred = off <= oval.tolerance;
    checks.push(Check::new("position", Some(off), format!("<= {}", oval.tolerance), centred, if centred { "Ansigtet er i ovalen." } else { "Flyt ansigtet ind i ovalen." }));
    let size = g.head_h / (oval.head_height * h);
    let size_ok = (0.85..=1.15).contains(&size);
    checks.push(Check::new("size", Some(size), "0.85-1.15", size_ok, if size_ok { "Afstanden er god." } else if size < 0.85 { "Kom tættere på." } else { "Gå lidt tilbage." }));
    let roll_ok = g.roll_deg.abs() <= t.max_roll_deg;
    checks.push(Check::new("roll", Some(g.roll_deg), format!("|v| <= {}", t.max_roll_deg), roll_ok, if roll_ok { "Hovedet er lige." } else { "Hold hovedet lige." }));
    let yaw_ok = g.yaw_deg.abs() <= t.max_yaw_deg;
    checks.push(Check::new("yaw", Some(g.yaw_deg), format!("|v| <= {}", t.max_yaw_deg), yaw_ok, if yaw_ok { "Du ser lige frem." } else { "Se lige ind i kameraet." }));
    let ed = g.eye_dist;
    let fb = Rect::around(g.eye_mid.x, (g.eye_mid.y + face.mouth.y) / 2.0, 1.6 * ed, 1.6 * ed);
    let bright = measures::mean(&measures::lumas(frame, fb));
    let bright_ok = bright.is_some_and(|b| (70.0..=210.0).contains(&b));
    checks.push(Check::new("brightness", bright, "70-210", bright_ok, if bright_ok { "Lyset er godt." } else { "Lyset er for svagt eller for stærkt." }));
    let sharp = measures::sharpness(frame, fb);
    let sharp_ok = sharp.is_some_and(|s| s >= t.min_sharpness);
    checks.push(Check::new("sharpness", sharp, format!(">= {}", t.min_sharpness), sharp_ok, if sharp_ok { "Skarpt." } else { "Hold stille." }));
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
    Ok(LiveGuidance { checks, hint: Some(hint) })
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
        LiveGuidance { checks: vec![Check::new("x", None, "", pass, "")], hint: Some(if pass { "ok" } else { "hold_still" }) }
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
