//! Typed errors of the photo crate.
use std::path::PathBuf;

/// What went wrong loading models or reading an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PhotoError {
    /// The model file is not there (pass `<repo or install dir>/assets/models`).
    #[error("face model missing: {0}")]
    ModelMissing(PathBuf),
    /// The model file is there but tract could not load or run it.
    #[error("face model could not be used: {0}")]
    Model(String),
    /// The image file could not be read.
    #[error("image could not be read: {0}")]
    Io(#[from] std::io::Error),
    /// The image is corrupt, truncated or in an unsupported format.
    #[error("image could not be decoded: {0}")]
    Decode(String),
    /// The image is larger than the configured side limit.
    #[error("image too large: {width}x{height} (limit {limit} px per side)")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The limit.
        limit: u32,
    },
    /// JPEG encoding of the crop failed.
    #[error("could not encode the photo: {0}")]
    Encode(String),
}

impl PhotoError {
    /// Stable code for the UI and the CLI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ModelMissing(_) => "photo_model_missing",
            Self::Model(_) => "photo_model_error",
            Self::Io(_) => "photo_io",
            Self::Decode(_) => "photo_decode",
            Self::TooLarge { .. } => "photo_too_large",
            Self::Encode(_) => "photo_encode",
        }
    }
}
