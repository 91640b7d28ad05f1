//! FaceMesh: 468 face landmarks (x, y and relative depth z) from MediaPipe's face landmark model,
//! run on an upright square crop around a face the detector found. The checks that need the shape
//! of the face (yaw, pitch, roll, eyes open, mouth closed, chin) measure on these points; the six
//! detector key points are too few for them.
use image::RgbImage;

use crate::PhotoError;
use crate::geometry::{Face, Point, Point3, dist};
use crate::mesh;
use crate::square_model::{SquareModel, sigmoid};

/// File name of the landmark model under the models directory.
pub const FACEMESH_FILE: &str = "facemesh_192.onnx";
/// File name of the eye model (eye contour and iris) under the models directory.
pub const IRIS_FILE: &str = "iris_64.onnx";
/// Side of the eye model's square input, pixels.
pub(crate) const IRIS_SIZE: usize = 64;
/// Eye crop size relative to the corner-to-corner eye width (MediaPipe's iris ROI rule).
const IRIS_ROI_SCALE: f64 = 2.3;
/// Below this face presence the FaceMesh points are not used (MediaPipe's own cut-off).
pub(crate) const MIN_MESH_PRESENCE: f64 = 0.5;
/// Points in the eye model's contour output; the first 16 are the lids (see `EyeContour`).
const EYE_CONTOUR_COUNT: usize = 71;
/// Side of the model's square input, pixels.
pub(crate) const MESH_SIZE: usize = 192;
/// Number of landmarks the model gives.
pub const LANDMARK_COUNT: usize = 468;
/// How much bigger than the face box the crop is (MediaPipe's own ROI rule).
const ROI_SCALE: f64 = 1.5;

/// The 468 FaceMesh landmarks of one face, and the model's confidence that a face is there.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Landmarks {
    /// Landmarks in MediaPipe's canonical order (index meanings: `mesh` module constants).
    pub points: Vec<Point3>,
    /// Face presence 0..1 (below 0.5 the points are not to be trusted).
    pub presence: f64,
}

/// A square region of the source image turned by `angle` (radians; positive turns the crop's x
/// axis clockwise on screen, as image y points down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RotatedSquare {
    pub cx: f64,
    pub cy: f64,
    pub side: f64,
    pub angle: f64,
}

impl RotatedSquare {
    /// MediaPipe's ROI from a detection: the box centre, 1.5 x the longer box side, turned so the
    /// eyes are level.
    pub fn from_face(f: &Face) -> Self {
        let angle = (f.left_eye.y - f.right_eye.y).atan2(f.left_eye.x - f.right_eye.x);
        Self { cx: f.center.x, cy: f.center.y, side: ROI_SCALE * f.width.max(f.height), angle }
    }

    /// MediaPipe's ROI from landmarks (the refinement pass): the landmarks' box in the frame of
    /// the eye line (outer eye corners 33 and 263), 1.5 x its longer side.
    pub fn from_landmarks(p: &[Point3]) -> Self {
        let (r, l) = (p[mesh::RIGHT_EYE_OUTER], p[mesh::LEFT_EYE_OUTER]);
        let angle = (l.y - r.y).atan2(l.x - r.x);
        let (s, c) = angle.sin_cos();
        let (mut u0, mut u1, mut v0, mut v1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for q in p {
            let (u, v) = (c * q.x + s * q.y, -s * q.x + c * q.y);
            u0 = u0.min(u);
            u1 = u1.max(u);
            v0 = v0.min(v);
            v1 = v1.max(v);
        }
        let (mu, mv) = ((u0 + u1) / 2.0, (v0 + v1) / 2.0);
        Self { cx: c * mu - s * mv, cy: s * mu + c * mv, side: ROI_SCALE * (u1 - u0).max(v1 - v0), angle }
    }

    /// Source pixel for a crop position given in crop pixels of a `size`-pixel crop.
    pub fn source_point(&self, u: f64, v: f64, size: f64) -> (f64, f64) {
        let (du, dv) = ((u / size - 0.5) * self.side, (v / size - 0.5) * self.side);
        let (s, c) = self.angle.sin_cos();
        (self.cx + c * du - s * dv, self.cy + s * du + c * dv)
    }

    /// The crop as a `size` x `size` RGB tensor in NHWC order scaled to 0..1 (bilinear; outside
    /// the image reads as black, as MediaPipe pads).
    pub fn sample(&self, img: &RgbImage, size: usize) -> Vec<f32> {
        let mut data = vec![0f32; size * size * 3];
        let (w, h) = (img.width() as i64, img.height() as i64);
        let raw = img.as_raw();
        let px = |x: i64, y: i64, c: usize| -> f32 {
            if x < 0 || y < 0 || x >= w || y >= h { 0.0 } else { raw[((y * w + x) * 3) as usize + c] as f32 }
        };
        for v in 0..size {
            for u in 0..size {
                let (sx, sy) = self.source_point(u as f64 + 0.5, v as f64 + 0.5, size as f64);
                let (fx, fy) = (sx - 0.5, sy - 0.5);
                let (x0, y0) = (fx.floor() as i64, fy.floor() as i64);
                let (ax, ay) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
                let i = (v * size + u) * 3;
                for c in 0..3 {
                    let top = px(x0, y0, c) * (1.0 - ax) + px(x0 + 1, y0, c) * ax;
                    let bottom = px(x0, y0 + 1, c) * (1.0 - ax) + px(x0 + 1, y0 + 1, c) * ax;
                    data[i + c] = (top * (1.0 - ay) + bottom * ay) / 255.0;
                }
            }
        }
        data
    }
}

/// The lids of one eye from the eye model, in source pixels: `lower` runs from the outer corner
/// to the inner corner (9 points, corners included), `upper` between them (7 points), in the
/// same order as FaceMesh's lid points.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EyeContour {
    /// Lower lid, outer corner first, inner corner last.
    pub lower: Vec<Point>,
    /// Upper lid without the corners, outer side first.
    pub upper: Vec<Point>,
}

impl EyeContour {
    /// Lid gap over eye width: the mean of the three middle gaps over the corner distance.
    pub fn aspect_ratio(&self) -> f64 {
        let width = dist(self.lower[0], self.lower[8]).max(1e-6);
        // upper[2..=4] sit over lower[3..=5] (FaceMesh 160/159/158 over 144/145/153).
        (2..=4).map(|k| dist(self.upper[k], self.lower[k + 1])).sum::<f64>() / (3.0 * width)
    }
}

/// Runs the eye model on the eye between two corner points (source pixels). The model knows the
/// eye on the image's left; the other eye is mirrored in and its points mirrored back.
pub(crate) fn run_eye(
    model: &SquareModel,
    img: &RgbImage,
    outer: Point,
    inner: Point,
    mirrored: bool,
) -> Result<EyeContour, PhotoError> {
    let width = dist(outer, inner);
    // Crop axis from the image-left corner to the image-right corner.
    let (a, b) = if mirrored { (inner, outer) } else { (outer, inner) };
    let roi = RotatedSquare {
        cx: (a.x + b.x) / 2.0,
        cy: (a.y + b.y) / 2.0,
        side: IRIS_ROI_SCALE * width,
        angle: (b.y - a.y).atan2(b.x - a.x),
    };
    let size = model.size();
    let mut data = roi.sample(img, size);
    if mirrored {
        for row in data.chunks_exact_mut(size * 3) {
            for u in 0..size / 2 {
                for c in 0..3 {
                    row.swap(u * 3 + c, (size - 1 - u) * 3 + c);
                }
            }
        }
    }
    let out = model.run(&data)?;
    let coords = out.first().ok_or_else(|| PhotoError::Model("eye model: missing output".into()))?;
    if coords.len() != EYE_CONTOUR_COUNT * 3 {
        return Err(PhotoError::Model("eye model: unexpected output shape".into()));
    }
    let point = |k: usize| {
        let u = coords[k * 3] as f64;
        let u = if mirrored { size as f64 - u } else { u };
        let (x, y) = roi.source_point(u, coords[k * 3 + 1] as f64, size as f64);
        Point { x, y }
    };
    Ok(EyeContour { lower: (0..9).map(point).collect(), upper: (9..16).map(point).collect() })
}

/// Runs the landmark model on one crop and maps the points back to source pixels.
pub(crate) fn run_mesh(model: &SquareModel, img: &RgbImage, roi: &RotatedSquare) -> Result<Landmarks, PhotoError> {
    let size = model.size();
    let out = model.run(&roi.sample(img, size))?;
    let (coords, flag) = match (out.first(), out.get(1)) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(PhotoError::Model("landmark model: missing output".into())),
    };
    if coords.len() != LANDMARK_COUNT * 3 || flag.is_empty() {
        return Err(PhotoError::Model("landmark model: unexpected output shape".into()));
    }
    let scale = roi.side / size as f64;
    let points = coords
        .chunks_exact(3)
        .map(|c| {
            let (x, y) = roi.source_point(c[0] as f64, c[1] as f64, size as f64);
            Point3 { x, y, z: c[2] as f64 * scale }
        })
        .collect();
    let presence = sigmoid(flag[0]);
    Ok(Landmarks { points, presence })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_crop_maps_its_corners_and_centre_back_to_the_source() {
        let roi = RotatedSquare { cx: 100.0, cy: 50.0, side: 40.0, angle: std::f64::consts::FRAC_PI_2 };
        let (x, y) = roi.source_point(96.0, 96.0, 192.0);
        assert!((x - 100.0).abs() < 1e-9 && (y - 50.0).abs() < 1e-9);
        // Turned a quarter clockwise: the crop's right edge centre lies below the centre.
        let (x, y) = roi.source_point(192.0, 96.0, 192.0);
        assert!((x - 100.0).abs() < 1e-9 && (y - 70.0).abs() < 1e-9, "{x} {y}");
    }

    #[test]
    fn sampling_reads_the_image_and_pads_outside_with_black() {
        let img = RgbImage::from_pixel(10, 10, image::Rgb([255, 0, 51]));
        let inside = RotatedSquare { cx: 5.0, cy: 5.0, side: 4.0, angle: 0.3 }.sample(&img, 4);
        assert!((inside[0] - 1.0).abs() < 1e-6 && inside[1].abs() < 1e-6 && (inside[2] - 0.2).abs() < 1e-6);
        let outside = RotatedSquare { cx: 50.0, cy: 50.0, side: 4.0, angle: 0.0 }.sample(&img, 4);
        assert!(outside.iter().all(|&v| v == 0.0));
    }

    #[test]
    fn the_landmark_roi_is_centred_on_the_points_and_level_with_the_eyes() {
        let mut p = vec![Point3 { x: 0.0, y: 0.0, z: 0.0 }; LANDMARK_COUNT];
        for (i, q) in p.iter_mut().enumerate() {
            q.x = 100.0 + (i % 20) as f64 * 5.0; // 100..195
            q.y = 200.0 + (i / 20) as f64 * 5.0; // 200..315
        }
        p[crate::mesh::RIGHT_EYE_OUTER] = Point3 { x: 120.0, y: 240.0, z: 0.0 };
        p[crate::mesh::LEFT_EYE_OUTER] = Point3 { x: 170.0, y: 240.0, z: 0.0 };
        let roi = RotatedSquare::from_landmarks(&p);
        assert!(roi.angle.abs() < 1e-9);
        assert!((roi.cx - 147.5).abs() < 1e-9 && (roi.cy - 257.5).abs() < 1e-9, "{roi:?}");
        assert!((roi.side - 1.5 * 115.0).abs() < 1e-9);
    }
}
