//! Plain geometry the face modules share: points in source image pixels (in the image plane and
//! with depth), the distance between two points, axis-aligned regions, and a detected face's box
//! with its six key points. Depends on nothing else in the crate, so the detector, the landmark
//! models, the mesh measures and the checks can all use it without depending on each other.

/// A point in source image pixels.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Point {
    /// x, pixels from the left.
    pub x: f64,
    /// y, pixels from the top.
    pub y: f64,
}

/// A landmark in source image pixels; `z` is depth relative to the face centre, in the same
/// pixel scale as x (negative = towards the camera).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Point3 {
    /// x, pixels from the left.
    pub x: f64,
    /// y, pixels from the top.
    pub y: f64,
    /// Depth, pixels (towards the camera is negative).
    pub z: f64,
}

impl Point3 {
    /// The point in the image plane.
    pub fn xy(&self) -> Point {
        Point { x: self.x, y: self.y }
    }
}

/// Distance between two points in the image plane, pixels.
pub(crate) fn dist(a: Point, b: Point) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// An axis-aligned region in pixels (clipped to the image on use).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// The region of size `w` x `h` centred on (`cx`, `cy`).
    pub fn around(cx: f64, cy: f64, w: f64, h: f64) -> Self {
        Self { x0: cx - w / 2.0, y0: cy - h / 2.0, x1: cx + w / 2.0, y1: cy + h / 2.0 }
    }

    /// The whole pixels of the region inside a `w` x `h` image, as `(x0, y0, x1, y1)` with the
    /// ends exclusive; `None` when nothing of it is inside.
    pub fn clip(&self, w: u32, h: u32) -> Option<(u32, u32, u32, u32)> {
        let x0 = self.x0.max(0.0).floor() as u32;
        let y0 = self.y0.max(0.0).floor() as u32;
        let x1 = (self.x1.min(w as f64).ceil().max(0.0) as u32).min(w);
        let y1 = (self.y1.min(h as f64).ceil().max(0.0) as u32).min(h);
        (x1 > x0 && y1 > y0).then_some((x0, y0, x1, y1))
    }
}

/// One detected face, in source image pixels. "Right"/"left" are the person's own sides (the
/// person's right eye is on the image's left).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Face {
    /// Detector confidence 0..1.
    pub score: f64,
    /// Box centre.
    pub center: Point,
    /// Box width, pixels.
    pub width: f64,
    /// Box height, pixels.
    pub height: f64,
    /// Centre of the person's right eye.
    pub right_eye: Point,
    /// Centre of the person's left eye.
    pub left_eye: Point,
    /// Nose tip.
    pub nose: Point,
    /// Mouth centre.
    pub mouth: Point,
    /// Right ear tragion.
    pub right_ear: Point,
    /// Left ear tragion.
    pub left_ear: Point,
}

impl Face {
    /// Distance between the eye centres, pixels.
    pub fn eye_distance(&self) -> f64 {
        dist(self.right_eye, self.left_eye)
    }
    /// Midpoint between the eyes.
    pub fn eye_mid(&self) -> Point {
        Point { x: (self.right_eye.x + self.left_eye.x) / 2.0, y: (self.right_eye.y + self.left_eye.y) / 2.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_clip_to_the_image_and_outside_is_none() {
        let r = Rect::around(5.0, 5.0, 4.0, 20.0);
        assert_eq!(r.clip(10, 10), Some((3, 0, 7, 10)));
        assert_eq!(Rect { x0: 20.0, y0: 0.0, x1: 30.0, y1: 5.0 }.clip(10, 10), None);
        assert_eq!(dist(Point { x: 0.0, y: 0.0 }, Point { x: 3.0, y: 4.0 }), 5.0);
    }
}
