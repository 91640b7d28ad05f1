//! Why a sample set could not be made or read.

use std::path::PathBuf;

/// A failure of the generator or the bench.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The face models or a portrait could not be used.
    #[error("photo: {0}")]
    Photo(#[from] skranke_photo::PhotoError),
    /// A demo signature could not be read or drawn.
    #[error("signature: {0}")]
    Signature(#[from] skranke_signature::SignatureError),
    /// Encoding or decoding an image.
    #[error("image: {0}")]
    Image(#[from] image::ImageError),
    /// Writing or reading a TIFF.
    #[error("tiff: {0}")]
    Tiff(#[from] tiff::TiffError),
    /// Writing or reading a PDF.
    #[error("pdf: {0}")]
    Pdf(#[from] lopdf::Error),
    /// Writing a PNG with its resolution.
    #[error("png: {0}")]
    Png(#[from] png::EncodingError),
    /// The truth file.
    #[error("truth.json: {0}")]
    Truth(#[from] serde_json::Error),
    /// Not one usable portrait (one face found) under the assets directory.
    #[error("no portrait with exactly one face under {0}")]
    NoPortraits(PathBuf),
    /// Options that cannot make a set (no pages, a resolution out of range).
    #[error("options: {0}")]
    Options(String),
}

impl SampleError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}
