//! A frame source that plays still images from a folder in a loop, about one second each, scaled
//! to fill the requested frame, paced like a camera. Demo mode uses it when no camera is
//! connected; tests use it to drive the real preview path without hardware.
use crate::{CameraError, Frame, FrameSource, SourceInfo, SourceKind};
use image::RgbImage;
use image::imageops::FilterType;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Preview JPEG quality of replayed frames (encoded once per image at open).
const REPLAY_JPEG_QUALITY: u8 = 85;
/// Largest image file a replay folder may hold.
const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;

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
        f.debug_struct("ReplaySource").field("info", &self.info).field("images", &self.frames.len()).finish_non_exhaustive()
    }
}

impl ReplaySource {
    /// Loads every `.jpg`, `.jpeg` and `.png` of `dir` (sorted by name), scaled to cover
    /// `width` x `height`. An empty folder or a file that does not decode is an error naming it.
    pub fn open(dir: &Path, width: u32, height: u32, fps: u32) -> Result<Self, CameraError> {
        let bad = |reason: String| CameraError::Replay { dir: dir.to_path_buf(), reason };
        if width == 0 || height == 0 || fps == 0 {
            return Err(CameraError::Unsupported(format!("{width}x{height} at {fps} fps")));
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| bad(format!("cannot read the folder: {e}")))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| ["jpg", "jpeg", "png"].contains(&x.to_ascii_lowercase().as_str())))
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
            let img = image::open(file).map_err(|e| bad(format!("{name}: {e}")))?.to_rgb8();
            let scaled = cover(&img, width, height);
            let frame = Frame::from_rgb(0, scaled);
            frame.to_jpeg(REPLAY_JPEG_QUALITY).map_err(|e| bad(format!("{name}: {e}")))?;
            frames.push(frame);
        }
        let name = format!("Afspillet kamera ({})", dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
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
        let dir = demo_portraits_dir().ok_or_else(|| CameraError::Replay {
            dir: PathBuf::from("assets/demo/portraits"),
            reason: "the demo portraits are not installed (set SKRANKE_ASSETS)".into(),
        })?;
        let mut s = Self::open(&dir, width, height, fps)?;
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

/// Scales `img` to cover `w` x `h` and crops the centre (a camera's field of view).
fn cover(img: &RgbImage, w: u32, h: u32) -> RgbImage {
    let (iw, ih) = img.dimensions();
    let scale = (f64::from(w) / f64::from(iw)).max(f64::from(h) / f64::from(ih));
    let sw = ((f64::from(iw) * scale).round() as u32).max(w);
    let sh = ((f64::from(ih) * scale).round() as u32).max(h);
    let scaled = image::imageops::resize(img, sw, sh, FilterType::Triangle);
    image::imageops::crop_imm(&scaled, (sw - w) / 2, (sh - h) / 2, w, h).to_image()
}

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
    fn cover_fills_the_frame_exactly() {
        let img = RgbImage::from_pixel(300, 400, image::Rgb([1, 2, 3]));
        assert_eq!(cover(&img, 1280, 720).dimensions(), (1280, 720));
        assert_eq!(cover(&img, 64, 64).dimensions(), (64, 64));
    }
}
