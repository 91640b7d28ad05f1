//! The face's own frame for measures that compare positions and colours across the face: origin
//! between the eye centres, x along the eye line towards the person's left eye, y down the face,
//! in units of the eye distance. The cover and expression checks place their regions in it, so
//! a tilted or larger face is measured at the same places.
use crate::geometry::{Point, Point3, Rect, dist};

/// The frame of one face, from its 468 FaceMesh landmarks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FaceFrame {
    /// Midpoint of the eye centres, source pixels.
    pub origin: Point,
    /// Distance between the eye centres, source pixels: the frame's unit.
    pub eye_dist: f64,
    /// Unit vector along the eye line (towards the person's left eye).
    u: (f64, f64),
}

impl FaceFrame {
    /// The frame of a face; `None` when the landmark list is short or the eyes coincide.
    pub fn of(p: &[Point3]) -> Option<Self> {
        if p.len() < crate::landmarks::LANDMARK_COUNT {
            return None;
        }
        let (r, l) = crate::mesh::eye_centres(p);
        let eye_dist = dist(r, l);
        (eye_dist > 1.0).then(|| Self {
            origin: Point { x: (r.x + l.x) / 2.0, y: (r.y + l.y) / 2.0 },
            eye_dist,
            u: ((l.x - r.x) / eye_dist, (l.y - r.y) / eye_dist),
        })
    }

    /// A source point in face units: (across, down).
    pub fn face_point(&self, q: Point) -> (f64, f64) {
        let (dx, dy) = (q.x - self.origin.x, q.y - self.origin.y);
        ((dx * self.u.0 + dy * self.u.1) / self.eye_dist, (-dx * self.u.1 + dy * self.u.0) / self.eye_dist)
    }

    /// A landmark in face units.
    pub fn mark(&self, p: &[Point3], i: usize) -> (f64, f64) {
        self.face_point(p[i].xy())
    }

    /// The source point at face units (across, down).
    pub fn source_point(&self, x: f64, y: f64) -> Point {
        let (ax, ay) = (x * self.eye_dist, y * self.eye_dist);
        Point { x: self.origin.x + ax * self.u.0 - ay * self.u.1, y: self.origin.y + ax * self.u.1 + ay * self.u.0 }
    }

    /// The source region (axis-aligned; the face is at most slightly tilted where it is judged)
    /// of `w` x `h` face units centred on face point (`x`, `y`).
    pub fn rect(&self, x: f64, y: f64, w: f64, h: f64) -> Rect {
        let c = self.source_point(x, y);
        Rect::around(c.x, c.y, w * self.eye_dist, h * self.eye_dist)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilted_face_maps_to_the_same_face_units() {
        let mut p = vec![Point3 { x: 0.0, y: 0.0, z: 0.0 }; crate::landmarks::LANDMARK_COUNT];
        // Eyes 100 px apart, the left one 100 px to the right and 0 px lower: a level face.
        for i in [33, 133, 159, 145] {
            p[i] = Point3 { x: 200.0, y: 300.0, z: 0.0 };
        }
        for i in [263, 362, 386, 374] {
            p[i] = Point3 { x: 300.0, y: 300.0, z: 0.0 };
        }
        let f = FaceFrame::of(&p).unwrap();
        assert_eq!(f.face_point(Point { x: 250.0, y: 400.0 }), (0.0, 1.0));
        // The same face turned 90° clockwise on screen: "down the face" is screen left.
        for q in p.iter_mut() {
            *q = Point3 { x: 600.0 - q.y, y: q.x, z: 0.0 };
        }
        let f = FaceFrame::of(&p).unwrap();
        let (x, y) = f.face_point(Point { x: 200.0, y: 250.0 });
        assert!(x.abs() < 1e-9 && (y - 1.0).abs() < 1e-9, "{x} {y}");
        let back = f.source_point(0.0, 1.0);
        assert!((back.x - 200.0).abs() < 1e-9 && (back.y - 250.0).abs() < 1e-9);
        assert!(FaceFrame::of(&p[..10]).is_none());
    }
}
