//! Head geometry of one face: eye midpoint and distance, head height (chin to crown), crown, and
//! the pose angles, in the de-rolled frame of the face. From the FaceMesh landmarks when the
//! landmark model saw the face, else from the detector's six key points (coarse). The still check
//! and live guidance both measure on it.
use crate::geometry::{Face, Point, dist};
use crate::mesh::MeshShape;

/// Head height estimated from the eye-to-mouth distance (anthropometric ratio, chin-crown); used
/// only when the landmark model found no face.
const EYE_MOUTH_PER_HEAD: f64 = 0.30;
/// Nose tip's frontal position between the eye line (0) and the mouth (1) (key point fallback).
const NOSE_FRONTAL: f64 = 0.52;
/// The eyes sit half way between chin and crown (anthropometric canon; crown = top of the skull).
const EYE_CHIN_PER_HEAD: f64 = 0.5;
/// FaceMesh's midline (chin to forehead) leans this far back, degrees, on a face whose Frankfurt
/// plane is level: the raw pitch minus this is the nod. Calibrated on the frontal package
/// portraits (docs/photo-checks.md).
const PITCH_FRONTAL_DEG: f64 = 0.0;

/// Head geometry in the de-rolled frame of a face.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadGeometry {
    pub eye_mid: Point,
    pub eye_dist: f64,
    pub head_h: f64,
    pub crown: Point,
    pub roll_deg: f64,
    pub yaw_deg: f64,
    pub pitch_deg: f64,
}

impl HeadGeometry {
    /// From the landmarks when the landmark model saw the face, else from the detector's six key
    /// points (coarse).
    pub(crate) fn of(f: &Face, mesh: Option<&MeshShape>) -> Self {
        match mesh {
            Some(m) => Self::from_mesh(m),
            None => Self::from_keypoints(f),
        }
    }

    /// From the landmarks alone (live tracking has no fresh detection): the head height is twice
    /// the eye-to-chin distance along the face's vertical axis.
    pub(crate) fn from_mesh(m: &MeshShape) -> Self {
        let em = Point { x: (m.right_eye.x + m.left_eye.x) / 2.0, y: (m.right_eye.y + m.left_eye.y) / 2.0 };
        let ed = dist(m.right_eye, m.left_eye).max(1e-6);
        let u = ((m.left_eye.x - m.right_eye.x) / ed, (m.left_eye.y - m.right_eye.y) / ed);
        let v = (-u.1, u.0);
        let chin_v = ((m.chin.x - em.x) * v.0 + (m.chin.y - em.y) * v.1).max(1e-6);
        let head_h = chin_v / EYE_CHIN_PER_HEAD;
        let crown = Point { x: em.x - (head_h - chin_v) * v.0, y: em.y - (head_h - chin_v) * v.1 };
        Self {
            eye_mid: em,
            eye_dist: ed,
            head_h,
            crown,
            roll_deg: m.roll_deg,
            yaw_deg: m.yaw_deg,
            pitch_deg: m.pitch_raw_deg - PITCH_FRONTAL_DEG,
        }
    }

    /// From the detector's key points: head height from the eye-to-mouth distance, yaw and pitch
    /// from where the nose tip sits between the eyes and above the mouth.
    fn from_keypoints(f: &Face) -> Self {
        let em = f.eye_mid();
        let ed = f.eye_distance().max(1e-6);
        let u = ((f.left_eye.x - f.right_eye.x) / ed, (f.left_eye.y - f.right_eye.y) / ed);
        let v = (-u.1, u.0);
        let along = |p: Point| ((p.x - em.x) * u.0 + (p.y - em.y) * u.1, (p.x - em.x) * v.0 + (p.y - em.y) * v.1);
        let (_, mouth_v) = along(f.mouth);
        let (nose_u, nose_v) = along(f.nose);
        let d_em = mouth_v.max(1e-6);
        let head_h = d_em / EYE_MOUTH_PER_HEAD;
        let crown = Point { x: em.x - 0.5 * head_h * v.0, y: em.y - 0.5 * head_h * v.1 };
        let yaw = (nose_u / ed / 0.48).clamp(-1.0, 1.0).asin().to_degrees();
        let pitch = ((nose_v / d_em - NOSE_FRONTAL) / 0.43).clamp(-1.0, 1.0).asin().to_degrees();
        Self {
            eye_mid: em,
            eye_dist: ed,
            head_h,
            crown,
            roll_deg: u.1.atan2(u.0).to_degrees(),
            yaw_deg: yaw,
            pitch_deg: pitch,
        }
    }
}

/// A frontal face of eye distance `ed` with its eyes level around (`cx`, `cy`), for tests.
#[cfg(test)]
pub(crate) fn frontal_face(cx: f64, cy: f64, ed: f64) -> Face {
    let p = |x: f64, y: f64| Point { x, y };
    Face {
        score: 0.9,
        center: p(cx, cy),
        width: 2.0 * ed,
        height: 2.0 * ed,
        right_eye: p(cx - ed / 2.0, cy),
        left_eye: p(cx + ed / 2.0, cy),
        nose: p(cx, cy + NOSE_FRONTAL * 1.1 * ed),
        mouth: p(cx, cy + 1.1 * ed),
        right_ear: p(cx - ed, cy + 0.3 * ed),
        left_ear: p(cx + ed, cy + 0.3 * ed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frontal_face_from_key_points_has_no_pose() {
        let g = HeadGeometry::of(&frontal_face(1000.0, 700.0, 200.0), None);
        assert!(g.roll_deg.abs() < 1e-9 && g.yaw_deg.abs() < 1e-9 && g.pitch_deg.abs() < 1e-6);
    }
}
