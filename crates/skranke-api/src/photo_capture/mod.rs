//! The photo capture part: the camera and its live preview with guidance, "Tag foto" (the full
//! still check of the newest frame), and Accept or Retake on the open case. It owns the face
//! models, the running preview and the camera chosen for this session.
mod camera;
mod demo_framing;
mod engine;
mod json;
pub mod preview;
mod still;

pub use camera::CameraChoice;
pub use engine::{AcceptedPhoto, CheckedStill, FileReport, PhotoEngine, check_bytes, check_files};
pub use json::{GUIDANCE_HINTS, OvalView, PhotoCheckView};
pub use preview::{CameraEvent, CameraInfo};

use crate::guarded::Guarded;

/// The camera, the preview and the face models of this counter.
#[derive(Default)]
pub struct PhotoCapture {
    engine: PhotoEngine,
    preview: Guarded<Option<preview::Preview>>,
    camera_choice: Guarded<Option<String>>,
}

impl std::fmt::Debug for PhotoCapture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoCapture").field("engine", &self.engine).finish_non_exhaustive()
    }
}
