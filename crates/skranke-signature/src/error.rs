//! Why a signature could not be read or rendered.
use skranke_core::{Code, HasCode};

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
    pub fn code(&self) -> Code {
        match self {
            Self::Read(_) => Code::SignatureFileUnreadable,
            Self::Malformed(_) | Self::Invalid(_) | Self::TooLarge(_) => Code::SignatureFileInvalid,
            Self::Write(_) => Code::SignatureOutputUnwritable,
            Self::Render(_) => Code::Internal,
        }
    }
}

impl HasCode for SignatureError {
    fn code(&self) -> Code {
        SignatureError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &SignatureError| match e {
            SignatureError::Read(_) => 0,
            SignatureError::Malformed(_) => 1,
            SignatureError::Invalid(_) => 2,
            SignatureError::TooLarge(_) => 3,
            SignatureError::Write(_) => 4,
            SignatureError::Render(_) => 5,
        };
        let examples = [
            SignatureError::Read("x".into()),
            SignatureError::Malformed("x".into()),
            SignatureError::Invalid("x".into()),
            SignatureError::TooLarge("x".into()),
            SignatureError::Write("x".into()),
            SignatureError::Render("x".into()),
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 6, &[5]);
    }
}
