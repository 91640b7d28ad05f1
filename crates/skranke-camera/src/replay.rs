//! A frame source that plays still images from a folder in a loop, about one second each, scaled
//! to fit the requested frame on a plain wall, paced like a camera. Demo mode uses it when no camera is
//! connected; tests use it to drive the real preview path without hardware.
use crate::decode::{MAX_REPLAY_SIDE, decode_bounded};
use crate::{CameraError, Frame, FrameSource, SourceInfo, SourceKind};
use image::RgbImage;
use image::imageops::FilterType;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Preview JPEG quality of replayed frames (encoded once per image at open).
const REPLAY_JPEG_QUALITY: u8 = 85;
/// Largest image file a replay folder may hold.
const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;

/// Where a replayed portrait goes in the frame: the image point (`x`, `y`) lands at the frame
/// point (`to_x`, `to_y`), the image scaled by `scale`. The app computes it from the face it
/// finds, so the demo citizen stands in front of the camera like a real one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Image x of the anchor (e.g. between the eyes).
    pub x: f64,
    /// Image y of the anchor.
    pub y: f64,
    /// Frame x it lands on.
    pub to_x: f64,
    /// Frame y it lands on.
    pub to_y: f64,
    /// Scale factor applied to the image.
    pub scale: f64,
}

/// Chooses the placement of a replayed image in a `width` x `height` frame (`None`: fit it).
pub type Placer<'a> = &'a dyn Fn(&RgbImage, u32, u32) -> Option<Placement>;

/// Plays the images of a folder as a camera.
pub struct ReplaySource {
    info: SourceInfo,
    frames: Vec<Frame>,
    started: Option<Instant>,
    next: u64,
    unplug_after: Option<u64>,
    delivered: u64,
}

impl std::fmt::Debug for ReplaySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplaySource")
            .field("info", &self.info)
            .field("images", &self.frames.len())
            .finish_non_exhaustive()
    }
}

impl ReplaySource {
    /// Loads every `.jpg`, `.jpeg` and `.png` of `dir` (sorted by name), scaled to fit
    /// `width` x `height`. An empty folder or a file that does not decode is an error naming it.
    pub fn open(dir: &Path, width: u32, height: u32, fps: u32) -> Result<Self, CameraError> {
        Self::open_placed(dir, width, height, fps, None)
    }

    /// Like [`ReplaySource::open`], each image placed by `placer` (fitted where it says `None`).
    pub fn open_placed(
        dir: &Path,
        width: u32,
        height: u32,
        fps: u32,
        placer: Option<Placer<'_>>,
    ) -> Result<Self, CameraError> {
        let bad = |reason: String| CameraError::Replay { dir: dir.to_path_buf(), reason };
        if width == 0 || height == 0 || fps == 0 {
            return Err(CameraError::Unsupported(format!("{width}x{height} at {fps} fps")));
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| bad(format!("cannot read the folder: {e}")))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| ["jpg", "jpeg", "png"].contains(&x.to_ascii_lowercase().as_str()))
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(bad("no .jpg, .jpeg or .png image".into()));
        }
        let mut frames = Vec::with_capacity(files.len());
        for file in &files {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let size = std::fs::metadata(file).map_err(|e| bad(format!("{name}: {e}")))?.len();
            if size > MAX_FILE_BYTES {
                return Err(bad(format!("{name}: {size} bytes is too large")));
            }
            let reader = image::ImageReader::open(file)
                .and_then(|r| r.with_guessed_format())
                .map_err(|e| bad(format!("{name}: {e}")))?;
            let img = decode_bounded(reader, MAX_REPLAY_SIDE).map_err(|e| bad(format!("{name}: {e}")))?.to_rgb8();
            let scaled = match placer.and_then(|p| p(&img, width, height)) {
                Some(at) => place(&img, width, height, at),
                None => fit(&img, width, height),
            };
            let frame = Frame::from_rgb(0, scaled);
            frame.to_jpeg(REPLAY_JPEG_QUALITY).map_err(|e| bad(format!("{name}: {e}")))?;
            frames.push(frame);
        }
        let name = format!(
            "Afspillet kamera ({})",
            dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        );
        Ok(Self {
            info: SourceInfo { name, kind: SourceKind::Replay, width, height, fps },
            frames,
            started: None,
            next: 0,
            unplug_after: None,
            delivered: 0,
        })
    }

    /// The built-in demo portraits (`assets/demo/portraits`).
    pub fn demo(width: u32, height: u32, fps: u32) -> Result<Self, CameraError> {
        Self::demo_placed(width, height, fps, None)
    }

    /// The built-in demo portraits, each placed by `placer`.
    pub fn demo_placed(width: u32, height: u32, fps: u32, placer: Option<Placer<'_>>) -> Result<Self, CameraError> {
        let dir = demo_portraits_dir().ok_or_else(|| CameraError::Replay {
            dir: PathBuf::from("assets/demo/portraits"),
            reason: "the demo portraits are not installed (set SKRANKE_ASSETS)".into(),
        })?;
        let mut s = Self::open_placed(&dir, width, height, fps, placer)?;
        s.info.name = "Demokamera (afspillede portrætter)".into();
        Ok(s)
    }

    /// Simulates an unplug: after `n` frames every call says [`CameraError::Disconnected`].
    pub fn disconnect_after(mut self, n: u64) -> Self {
        self.unplug_after = Some(n);
        self
    }
}

impl FrameSource for ReplaySource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        if self.unplug_after.is_some_and(|n| self.delivered >= n) {
            return Err(CameraError::Disconnected("replay source unplugged (test)".into()));
        }
        let period = Duration::from_secs_f64(1.0 / f64::from(self.info.fps));
        let started = *self.started.get_or_insert_with(Instant::now);
        let due = started + period.mul_f64(self.next as f64);
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        } else if now - due > period {
            // Late (a slow consumer): skip to the current slot instead of bursting.
            self.next = ((now - started).as_secs_f64() * f64::from(self.info.fps)) as u64;
        }
        let seq = self.next;
        self.next += 1;
        self.delivered += 1;
        let image = (seq / u64::from(self.info.fps)) as usize % self.frames.len();
        Ok(self.frames[image].again(seq))
    }
}

/// Scales `img` to fit inside `w` x `h` (the whole portrait stays in view, as a person stands in
/// front of a counter camera) and centres it on a plain light wall colour.
fn fit(img: &RgbImage, w: u32, h: u32) -> RgbImage {
    let (iw, ih) = img.dimensions();
    let scale = (f64::from(w) / f64::from(iw)).min(f64::from(h) / f64::from(ih));
    let sw = ((f64::from(iw) * scale).round() as u32).clamp(1, w);
    let sh = ((f64::from(ih) * scale).round() as u32).clamp(1, h);
    let scaled = image::imageops::resize(img, sw, sh, FilterType::Triangle);
    let mut frame = RgbImage::from_pixel(w, h, image::Rgb(WALL));
    image::imageops::replace(&mut frame, &scaled, i64::from((w - sw) / 2), i64::from((h - sh) / 2));
    frame
}

/// Renders `img` scaled and shifted as `at` says, on the wall colour.
pub fn place(img: &RgbImage, w: u32, h: u32, at: Placement) -> RgbImage {
    let scale = at.scale.clamp(0.01, 20.0);
    let (iw, ih) = img.dimensions();
    let sw = ((f64::from(iw) * scale).round() as u32).max(1);
    let sh = ((f64::from(ih) * scale).round() as u32).max(1);
    let scaled = image::imageops::resize(img, sw, sh, FilterType::Triangle);
    let mut frame = RgbImage::from_pixel(w, h, image::Rgb(WALL));
    let (ox, oy) = ((at.to_x - at.x * scale).round() as i64, (at.to_y - at.y * scale).round() as i64);
    image::imageops::replace(&mut frame, &scaled, ox, oy);
    frame
}

/// The wall around a replayed portrait: light grey.
const WALL: [u8; 3] = [214, 214, 210];

/// Where the demo portraits are: `$SKRANKE_ASSETS/demo/portraits`, else `assets/` beside the
/// executable (installed app), else up from a `target/<profile>/` build, else the source tree.
pub fn demo_portraits_dir() -> Option<PathBuf> {
    let sub = Path::new("demo").join("portraits");
    let mut candidates = Vec::new();
    if let Some(root) = std::env::var_os("SKRANKE_ASSETS").filter(|v| !v.is_empty()) {
        candidates.push(PathBuf::from(root).join(&sub));
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        for up in [dir.to_path_buf(), dir.join(".."), dir.join("../.."), dir.join("../../..")] {
            candidates.push(up.join("assets").join(&sub));
        }
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").join(&sub));
    candidates.into_iter().find(|c| c.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_puts_the_anchor_where_asked() {
        let mut img = RgbImage::from_pixel(100, 100, image::Rgb([0, 0, 0]));
        img.put_pixel(10, 20, image::Rgb([255, 0, 0]));
        let f = place(&img, 640, 360, Placement { x: 10.0, y: 20.0, to_x: 320.0, to_y: 180.0, scale: 1.0 });
        assert_eq!(f.get_pixel(320, 180).0, [255, 0, 0]);
        assert_eq!(f.get_pixel(600, 350).0, WALL);
    }

    #[test]
    fn fit_keeps_the_whole_portrait_and_fills_the_rest_with_wall() {
        let img = RgbImage::from_pixel(300, 400, image::Rgb([1, 2, 3]));
        let f = fit(&img, 1280, 720);
        assert_eq!(f.dimensions(), (1280, 720));
        assert_eq!(f.get_pixel(640, 360).0, [1, 2, 3], "the portrait is centred");
        assert_eq!(f.get_pixel(5, 360).0, WALL, "wall beside it");
        assert_eq!(fit(&img, 64, 64).dimensions(), (64, 64));
    }

    /// A replay image whose header claims more than [`MAX_REPLAY_SIDE`] a side is refused from
    /// its header, naming the file and the size (9000x9000 is within the image crate's default
    /// budget, so without explicit limits it would be allocated and decoded).
    #[test]
    fn a_replay_image_announcing_a_huge_size_is_refused() {
        for (w, h) in [(60_000u16, 60_000u16), (9000, 9000)] {
            let t = tempfile::tempdir().expect("tempdir");
            std::fs::write(t.path().join("huge.jpg"), crate::decode::tests::jpeg_claiming(w, h)).expect("write");
            let e = ReplaySource::open(t.path(), 64, 64, 10).expect_err("too large");
            assert_eq!(e.code(), skranke_core::Code::CameraReplayInvalid);
            let text = e.to_string();
            assert!(text.contains("huge.jpg") && text.contains(&format!("{w}x{h}, larger than 8192x8192")), "{text}");
        }
    }
}
