//! Why a signature could not be read or rendered.

/// A signature file or rendering failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The file cannot be read.
    #[error("cannot read the stroke file: {0}")]
    Read(String),
    /// The file is not stroke file JSON.
    #[error("not a stroke file: {0}")]
    Malformed(String),
    /// A value in the file is not allowed (NaN, negative, outside the field, time backwards).
    #[error("invalid stroke file: {0}")]
    Invalid(String),
    /// The file or its sample count is over the limit.
    #[error("stroke file too large: {0}")]
    TooLarge(String),
    /// The output file (the PNG) cannot be written.
    #[error("cannot write {0}")]
    Write(String),
    /// The PNG could not be made.
    #[error("cannot render the signature: {0}")]
    Render(String),
}

impl SignatureError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Read(_) => "signature_file_unreadable",
            Self::Malformed(_) | Self::Invalid(_) | Self::TooLarge(_) => "signature_file_invalid",
            Self::Write(_) => "signature_output_unwritable",
            Self::Render(_) => "internal",
        }
    }
}
