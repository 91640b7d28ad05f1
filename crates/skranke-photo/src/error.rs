//! Typed errors of the photo crate.
use skranke_core::{Code, HasCode};
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
    pub fn code(&self) -> Code {
        match self {
            Self::ModelMissing(_) => Code::PhotoModelMissing,
            Self::Model(_) => Code::PhotoModelError,
            Self::Io(_) => Code::PhotoIo,
            Self::Decode(_) => Code::PhotoDecode,
            Self::TooLarge { .. } => Code::PhotoTooLarge,
            Self::Encode(_) => Code::PhotoEncode,
        }
    }
}

impl HasCode for PhotoError {
    fn code(&self) -> Code {
        PhotoError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &PhotoError| match e {
            PhotoError::ModelMissing(_) => 0,
            PhotoError::Model(_) => 1,
            PhotoError::Io(_) => 2,
            PhotoError::Decode(_) => 3,
            PhotoError::TooLarge { .. } => 4,
            PhotoError::Encode(_) => 5,
        };
        let examples = [
            PhotoError::ModelMissing(PathBuf::from("m")),
            PhotoError::Model("x".into()),
            PhotoError::Io(std::io::Error::other("x")),
            PhotoError::Decode("x".into()),
            PhotoError::TooLarge { width: 1, height: 1, limit: 0 },
            PhotoError::Encode("x".into()),
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 6, &[]);
    }
}
