//! The face models, loaded once: the detector (BlazeFace front 128, ONNX, run by tract) with its
//! decoding (anchors, scores, boxes, six key points, non-maximum suppression), and the FaceMesh
//! landmark model (`landmarks` module) run on each face found. Models load from a directory the
//! caller passes.
use std::path::{Path, PathBuf};

use image::{GenericImageView, Rgb, RgbImage, imageops};

use crate::PhotoError;
use crate::geometry::{Face, Point};
use crate::landmarks::{
    self, EyeContour, FACEMESH_FILE, IRIS_FILE, IRIS_SIZE, Landmarks, MESH_SIZE, MIN_MESH_PRESENCE, RotatedSquare,
};
use crate::mesh;
use crate::square_model::{SquareModel, sigmoid};

/// File name of the detector under the models directory.
pub const DETECTOR_FILE: &str = "blazeface_front_128.onnx";
const SIZE: u32 = 128;

/// One of the person's eyes ("right" is the person's own right: the image's left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EyeSide {
    Right,
    Left,
}

/// The loaded face models (load once, reuse for every frame; cheap to share by reference).
pub struct Models {
    detector: SquareModel,
    mesh: SquareModel,
    eye: SquareModel,
    anchors: Vec<[f32; 2]>,
}

impl std::fmt::Debug for Models {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Models").field("anchors", &self.anchors.len()).finish()
    }
}

impl Models {
    /// Loads the models from `dir` (`<repo or install dir>/assets/models`).
    pub fn load(dir: &Path) -> Result<Self, PhotoError> {
        let detector = SquareModel::load(&dir.join(DETECTOR_FILE), SIZE as usize)?;
        let mesh = SquareModel::load(&dir.join(FACEMESH_FILE), MESH_SIZE)?;
        let eye = SquareModel::load(&dir.join(IRIS_FILE), IRIS_SIZE)?;
        Ok(Self { detector, mesh, eye, anchors: anchors() })
    }

    /// One landmark pass on a given crop (live tracking: the crop the last frame's points give).
    pub(crate) fn landmarks_at(&self, img: &RgbImage, roi: &RotatedSquare) -> Result<Landmarks, PhotoError> {
        landmarks::run_mesh(&self.mesh, img, roi)
    }

    /// The lids of both eyes (the person's right, then left) from the eye model, placed by the
    /// FaceMesh eye corners. Sharper on the lids than FaceMesh, whose lids follow the face's
    /// overall shape and so read a closed eye as half open.
    pub fn eye_contours(&self, img: &RgbImage, marks: &Landmarks) -> Result<[EyeContour; 2], PhotoError> {
        Ok([self.eye_contour(img, marks, EyeSide::Right)?, self.eye_contour(img, marks, EyeSide::Left)?])
    }

    /// The lids of one eye (one eye-model pass: the live tracker measures the eyes on
    /// consecutive frames, one each, to keep every frame's cost down).
    pub(crate) fn eye_contour(
        &self,
        img: &RgbImage,
        marks: &Landmarks,
        side: EyeSide,
    ) -> Result<EyeContour, PhotoError> {
        let p = &marks.points;
        let (outer, inner, mirrored) = match side {
            EyeSide::Right => (mesh::RIGHT_EYE_OUTER, mesh::RIGHT_EYE_INNER, false),
            EyeSide::Left => (mesh::LEFT_EYE_OUTER, mesh::LEFT_EYE_INNER, true),
        };
        landmarks::run_eye(&self.eye, img, p[outer].xy(), p[inner].xy(), mirrored)
    }

    /// The 468 landmarks of a detected face. `refine` runs the model a second time on the crop
    /// the first pass's points give (MediaPipe's tracking ROI): steadier points for the still
    /// check, twice the cost, so live guidance uses one pass.
    pub fn landmarks(&self, img: &RgbImage, face: &Face, refine: bool) -> Result<Landmarks, PhotoError> {
        let first = landmarks::run_mesh(&self.mesh, img, &RotatedSquare::from_face(face))?;
        if !refine || first.presence < MIN_MESH_PRESENCE {
            return Ok(first);
        }
        let second = landmarks::run_mesh(&self.mesh, img, &RotatedSquare::from_landmarks(&first.points))?;
        Ok(if second.presence >= first.presence * 0.8 { second } else { first })
    }

    /// Loads from `$SKRANKE_MODELS_DIR`, else the repository's `assets/models` (for tests and dev).
    pub fn load_default() -> Result<Self, PhotoError> {
        Self::load(&default_dir())
    }

    /// Detects faces in an RGB image (any size; letterboxed to 128x128, one pass: for live
    /// frames, where the face fills the oval). Faces above `min_score`, after non-maximum
    /// suppression, highest score first.
    pub fn detect(&self, img: &RgbImage, min_score: f64) -> Result<Vec<Face>, PhotoError> {
        Ok(nms(self.detect_in(img, (0, 0), min_score)?))
    }

    /// Like [`Models::detect`], plus passes over square tiles along the long side of a
    /// non-square image: the short-range detector misses faces under about a fifth of the
    /// letterboxed frame, e.g. in a full-length portrait. For still photos.
    pub fn detect_thorough(&self, img: &RgbImage, min_score: f64) -> Result<Vec<Face>, PhotoError> {
        let (w, h) = img.dimensions();
        let mut faces = nms(self.detect_in(img, (0, 0), min_score)?);
        let (side, long) = (w.min(h), w.max(h));
        if side > 0 && long > side + side / 4 {
            let n = long.div_ceil(side) + 1;
            for k in 0..n {
                let at = (long - side) * k / (n - 1);
                let (x0, y0) = if w > h { (at, 0) } else { (0, at) };
                let tile = imageops::crop_imm(img, x0, y0, side, side);
                // A face cut by the tile's inner edge is only part of a face: dropped.
                let margin = side as f64 * 0.02;
                let (lo, hi) = (at as f64, (at + side) as f64);
                faces.extend(nms(self.detect_in(&*tile, (x0, y0), min_score)?).into_iter().filter(|f| {
                    let (c, half) = if w > h { (f.center.x, f.width / 2.0) } else { (f.center.y, f.height / 2.0) };
                    (at == 0 || c - half > lo + margin) && (at + side == long || c + half < hi - margin)
                }));
            }
        }
        Ok(nms(faces))
    }

    /// One detector pass over `img`, before non-maximum suppression; points are shifted by
    /// `offset` into the caller's image.
    fn detect_in<I: GenericImageView<Pixel = Rgb<u8>>>(
        &self,
        img: &I,
        offset: (u32, u32),
        min_score: f64,
    ) -> Result<Vec<Face>, PhotoError> {
        let (w, h) = img.dimensions();
        if w == 0 || h == 0 {
            return Ok(Vec::new());
        }
        // Letterbox: scale the long side to 128, pad the short side (keeps the aspect).
        let side = w.max(h) as f64;
        let s = SIZE as f64 / side;
        let (nw, nh) = (((w as f64 * s).round() as u32).clamp(1, SIZE), ((h as f64 * s).round() as u32).clamp(1, SIZE));
        // Area averaging: as good as a filtered resize for a 128 px input, many times faster.
        let small = imageops::thumbnail(img, nw, nh);
        let (ox, oy) = ((SIZE - nw) / 2, (SIZE - nh) / 2);
        let mut data = vec![0f32; (SIZE * SIZE * 3) as usize];
        for (x, y, p) in small.enumerate_pixels() {
            let i = (((y + oy) * SIZE + x + ox) * 3) as usize;
            for c in 0..3 {
                data[i + c] = p[c] as f32 / 127.5 - 1.0;
            }
        }
        let out = self.detector.run(&data)?;
        let get = |i: usize| out.get(i).cloned().ok_or_else(|| PhotoError::Model("missing output".into()));
        let (s0, s1, r0, r1) = (get(0)?, get(1)?, get(2)?, get(3)?);
        let scores: Vec<f32> = s0.into_iter().chain(s1).collect();
        let regs: Vec<f32> = r0.into_iter().chain(r1).collect();
        if scores.len() != self.anchors.len() || regs.len() != self.anchors.len() * 16 {
            return Err(PhotoError::Model("unexpected output shape".into()));
        }
        let back = |px: f32, py: f32| Point {
            x: (px as f64 - ox as f64) / s + offset.0 as f64,
            y: (py as f64 - oy as f64) / s + offset.1 as f64,
        };
        let mut faces = Vec::new();
        for (i, a) in self.anchors.iter().enumerate() {
            let score = sigmoid(scores[i]);
            if score < min_score {
                continue;
            }
            let r = &regs[i * 16..i * 16 + 16];
            let (ax, ay) = (a[0] * SIZE as f32, a[1] * SIZE as f32);
            let kp = |k: usize| back(ax + r[4 + 2 * k], ay + r[5 + 2 * k]);
            faces.push(Face {
                score,
                center: back(ax + r[0], ay + r[1]),
                width: r[2] as f64 / s,
                height: r[3] as f64 / s,
                right_eye: kp(0),
                left_eye: kp(1),
                nose: kp(2),
                mouth: kp(3),
                right_ear: kp(4),
                left_ear: kp(5),
            });
        }
        Ok(faces)
    }
}

/// The installer's product name (`productName` in src-tauri/tauri.conf.json): the Linux package
/// puts the bundle's resources under `/usr/lib/<product>/` beside `/usr/bin/skranke`.
const PRODUCT_DIR: &str = "Skranke";

/// The directory `load_default` uses: `$SKRANKE_MODELS_DIR`; else `models` beside the program
/// (the Windows installers and `target/debug`, `bundle.resources` in src-tauri/tauri.conf.json);
/// else `../lib/Skranke/models` from the program's folder (the `.deb`: `/usr/bin/skranke` and
/// `/usr/lib/Skranke/models`); else the repository's `assets/models` (development and tests).
pub fn default_dir() -> PathBuf {
    resolve_dir(std::env::var_os("SKRANKE_MODELS_DIR"), std::env::current_exe().ok().as_deref())
}

fn resolve_dir(env: Option<std::ffi::OsString>, exe: Option<&Path>) -> PathBuf {
    if let Some(d) = env.filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let installed = exe.and_then(Path::parent).and_then(|bin| {
        let beside = bin.join("models");
        let lib = bin.join("..").join("lib").join(PRODUCT_DIR).join("models");
        [beside, lib].into_iter().find(|d| d.join(DETECTOR_FILE).is_file())
    });
    installed.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/models"))
}

/// BlazeFace front anchors: 16x16 cells x 2, then 8x8 cells x 6, centres in 0..1.
fn anchors() -> Vec<[f32; 2]> {
    let mut v = Vec::with_capacity(896);
    for (cells, per) in [(16u32, 2), (8, 6)] {
        for y in 0..cells {
            for x in 0..cells {
                for _ in 0..per {
                    v.push([(x as f32 + 0.5) / cells as f32, (y as f32 + 0.5) / cells as f32]);
                }
            }
        }
    }
    v
}

fn iou(a: &Face, b: &Face) -> f64 {
    let x0 = (a.center.x - a.width / 2.0).max(b.center.x - b.width / 2.0);
    let y0 = (a.center.y - a.height / 2.0).max(b.center.y - b.height / 2.0);
    let x1 = (a.center.x + a.width / 2.0).min(b.center.x + b.width / 2.0);
    let y1 = (a.center.y + a.height / 2.0).min(b.center.y + b.height / 2.0);
    let inner = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
    let union = a.width * a.height + b.width * b.height - inner;
    if union <= 0.0 { 0.0 } else { inner / union }
}

/// Non-maximum suppression keeping the best of overlapping boxes (weighted by score for stability).
fn nms(mut faces: Vec<Face>) -> Vec<Face> {
    faces.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Face> = Vec::new();
    for f in faces {
        if kept.iter().all(|k| iou(k, &f) < 0.3) {
            kept.push(f);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_match_the_model_outputs() {
        let a = anchors();
        assert_eq!(a.len(), 896);
        assert_eq!(a[0], [1.0 / 32.0, 1.0 / 32.0]);
        assert_eq!(a[512], [1.0 / 16.0, 1.0 / 16.0]);
    }

    #[test]
    fn models_come_from_the_variable_then_beside_the_program_then_the_repository() {
        let t = std::env::temp_dir().join(format!("skranke-models-dir-{}", std::process::id()));
        std::fs::create_dir_all(t.join("models")).unwrap();
        let exe = t.join("skranke.exe");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/models");
        assert_eq!(resolve_dir(None, Some(&exe)), repo, "no models beside the program yet");
        std::fs::write(t.join("models").join(DETECTOR_FILE), b"x").unwrap();
        assert_eq!(resolve_dir(None, Some(&exe)), t.join("models"));
        assert_eq!(resolve_dir(Some("/elsewhere".into()), Some(&exe)), PathBuf::from("/elsewhere"));
        let _ = std::fs::remove_dir_all(&t);
    }

    #[test]
    fn the_linux_package_keeps_its_models_under_usr_lib() {
        // The .deb's layout: <prefix>/bin/skranke and <prefix>/lib/Skranke/models.
        let t = std::env::temp_dir().join(format!("skranke-models-deb-{}", std::process::id()));
        let models = t.join("lib").join(PRODUCT_DIR).join("models");
        std::fs::create_dir_all(&models).unwrap();
        std::fs::create_dir_all(t.join("bin")).unwrap();
        let exe = t.join("bin").join("skranke");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/models");
        assert_eq!(resolve_dir(None, Some(&exe)), repo, "an empty models folder is not the models");
        std::fs::write(models.join(DETECTOR_FILE), b"x").unwrap();
        let found = resolve_dir(None, Some(&exe));
        assert_eq!(found.canonicalize().unwrap(), models.canonicalize().unwrap());
        std::fs::create_dir_all(t.join("bin").join("models")).unwrap();
        std::fs::write(t.join("bin").join("models").join(DETECTOR_FILE), b"x").unwrap();
        assert_eq!(resolve_dir(None, Some(&exe)), t.join("bin").join("models"), "models beside the program win");
        let _ = std::fs::remove_dir_all(&t);
    }

    #[test]
    fn missing_model_dir_is_a_typed_error() {
        let e = Models::load(Path::new("/nonexistent-skranke-models")).unwrap_err();
        assert_eq!(e.code(), skranke_core::Code::PhotoModelMissing);
    }
}
