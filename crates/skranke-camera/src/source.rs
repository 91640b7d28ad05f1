//! The project's own camera trait: anything that delivers frames at a pace, a real camera or
//! recorded portraits, so the preview and the checks have one code path.
use crate::{CameraError, Frame};
use serde::Serialize;

/// A real camera or a replay of recorded images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A camera device.
    Device,
    /// Recorded images played back (tests, demo).
    Replay,
}

/// What a source is and delivers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// Human-readable name.
    pub name: String,
    /// Device or replay.
    pub kind: SourceKind,
    /// Frame width.
    pub width: u32,
    /// Frame height.
    pub height: u32,
    /// Frames per second it aims for.
    pub fps: u32,
}

/// Delivers frames, blocking until the next one is due. After an error such as
/// [`CameraError::Disconnected`] the source is finished.
pub trait FrameSource: Send {
    /// What this source is.
    fn info(&self) -> &SourceInfo;
    /// The next frame.
    fn next_frame(&mut self) -> Result<Frame, CameraError>;
}
