//! Why a camera cannot deliver frames, with a stable `camera_*` code for the UI.
use std::path::PathBuf;

/// A frame source failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CameraError {
    /// No camera is connected (or none matches the configured one).
    #[error("no camera found{}", .0.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    NotFound(Option<String>),
    /// The camera is opened by another program.
    #[error("the camera is in use by another program: {0}")]
    Busy(String),
    /// The camera was unplugged or stopped delivering frames mid-stream.
    #[error("the camera was disconnected: {0}")]
    Disconnected(String),
    /// The camera offers no format or resolution Skranke can use.
    #[error("unsupported camera format: {0}")]
    Unsupported(String),
    /// A frame could not be decoded or encoded.
    #[error("frame cannot be decoded or encoded: {0}")]
    Decode(String),
    /// The replay folder or one of its images cannot be used.
    #[error("replay images in {dir}: {reason}")]
    Replay {
        /// The folder.
        dir: PathBuf,
        /// What is wrong (names the file).
        reason: String,
    },
    /// Any other I/O failure of the camera.
    #[error("camera I/O: {0}")]
    Io(String),
}

impl CameraError {
    /// Stable code (`camera_not_found`, `camera_busy`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "camera_not_found",
            Self::Busy(_) => "camera_busy",
            Self::Disconnected(_) => "camera_disconnected",
            Self::Unsupported(_) => "camera_unsupported",
            Self::Decode(_) => "camera_decode",
            Self::Replay { .. } => "camera_replay_invalid",
            Self::Io(_) => "camera_io",
        }
    }

    /// Sorts an OS error text from a camera backend: busy, gone, or other I/O.
    pub fn from_os_text(text: &str, streaming: bool) -> Self {
        let t = text.to_lowercase();
        if t.contains("busy") || t.contains("ebusy") || t.contains("in use") || t.contains("0xc00d3704") {
            Self::Busy(text.to_string())
        } else if streaming || t.contains("no such device") || t.contains("enodev") || t.contains("disconnected") {
            // A stream that stops delivering is lost, whatever the backend calls it.
            Self::Disconnected(text.to_string())
        } else if t.contains("no such file") || t.contains("not found") || t.contains("enoent") {
            Self::NotFound(Some(text.to_string()))
        } else {
            Self::Io(text.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_prefixed() {
        let all = [
            CameraError::NotFound(None),
            CameraError::Busy(String::new()),
            CameraError::Disconnected(String::new()),
            CameraError::Unsupported(String::new()),
            CameraError::Decode(String::new()),
            CameraError::Replay { dir: PathBuf::new(), reason: String::new() },
            CameraError::Io(String::new()),
        ];
        let mut codes: Vec<_> = all.iter().map(CameraError::code).collect();
        assert!(codes.iter().all(|c| c.starts_with("camera_")));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn os_texts_are_sorted() {
        assert_eq!(CameraError::from_os_text("Device or resource busy (os error 16)", false).code(), "camera_busy");
        assert_eq!(CameraError::from_os_text("No such device (os error 19)", false).code(), "camera_disconnected");
        assert_eq!(CameraError::from_os_text("timeout", true).code(), "camera_disconnected");
        assert_eq!(CameraError::from_os_text("No such file or directory (os error 2)", false).code(), "camera_not_found");
        assert_eq!(CameraError::from_os_text("permission denied", false).code(), "camera_io");
    }
}
