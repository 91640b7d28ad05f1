//! Why a bundle could not be built or read. Every variant has a stable snake_case [`code`]
//! (`BundleError::code`) for the api's error codes; messages never contain personal data.
use super::PartKind;
use crate::{Code, HasCode};

/// Why a capture bundle could not be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// A part the bundle needs was not given (or is absent from the file).
    #[error("the bundle has no {0} part")]
    MissingPart(PartKind),
    /// The same part was given twice.
    #[error("the {0} part appears more than once")]
    DuplicatePart(PartKind),
    /// A part's content is not what its kind promises (not a JPEG, not a PNG, not JSON, empty).
    #[error("the {kind} part is not valid: {reason}")]
    InvalidPart {
        /// Which part.
        kind: PartKind,
        /// What is wrong (no personal data).
        reason: &'static str,
    },
    /// A header field that must have text is empty or has control characters.
    #[error("the field {0} is empty or contains control characters")]
    InvalidField(&'static str),
    /// The capture id is not a UUIDv7 (the gateway uses it as the idempotency key).
    #[error("the capture id is not a UUIDv7")]
    InvalidCaptureId,
    /// A check report failed but the bundle carries no override with a reason for it.
    #[error("the {0} checks failed and no override with a reason was given")]
    OverrideRequired(PartKind),
    /// An override was given with an empty reason.
    #[error("an override needs a reason")]
    EmptyOverrideReason,
    /// An override reason is longer than [`super::MAX_OVERRIDE_REASON_CHARS`] characters or holds
    /// a control character other than a line break (what is wrong; never the text itself).
    #[error("the override reason is not valid: {0}")]
    InvalidOverrideReason(&'static str),
    /// The bytes do not start with the bundle magic.
    #[error("not a Skranke capture bundle")]
    NotABundle,
    /// The container or manifest version is not one this build reads.
    #[error("unsupported bundle version {0}")]
    UnsupportedVersion(u32),
    /// The file ends inside a header or an entry.
    #[error("the bundle is truncated")]
    Truncated,
    /// There are bytes after the last entry.
    #[error("the bundle has bytes after its last entry")]
    TrailingBytes,
    /// An entry is larger than the limits allow.
    #[error("an entry of the bundle is too large")]
    TooLarge,
    /// The manifest is not valid JSON of the expected shape (unknown fields such as an address
    /// are rejected too).
    #[error("the manifest is not valid: {0}")]
    InvalidManifest(String),
    /// An entry name or order does not match the manifest.
    #[error("unexpected entry in the bundle: {0}")]
    UnexpectedEntry(String),
    /// A part's size differs from the manifest.
    #[error("the {0} part has a different size than the manifest says")]
    SizeMismatch(PartKind),
    /// A part's SHA-256 differs from the manifest: the part was changed or damaged.
    #[error("the {0} part does not match its SHA-256 in the manifest")]
    HashMismatch(PartKind),
}

impl BundleError {
    /// A stable snake_case code for the api and the UI.
    pub fn code(&self) -> Code {
        match self {
            Self::MissingPart(_) => Code::BundleMissingPart,
            Self::DuplicatePart(_) => Code::BundleDuplicatePart,
            Self::InvalidPart { .. } => Code::BundleInvalidPart,
            Self::InvalidField(_) => Code::BundleInvalidField,
            Self::InvalidCaptureId => Code::BundleInvalidCaptureId,
            Self::OverrideRequired(_) => Code::BundleOverrideRequired,
            Self::EmptyOverrideReason => Code::BundleEmptyOverrideReason,
            Self::InvalidOverrideReason(_) => Code::BundleInvalidOverrideReason,
            Self::NotABundle => Code::BundleNotABundle,
            Self::UnsupportedVersion(_) => Code::BundleUnsupportedVersion,
            Self::Truncated => Code::BundleTruncated,
            Self::TrailingBytes => Code::BundleTrailingBytes,
            Self::TooLarge => Code::BundleTooLarge,
            Self::InvalidManifest(_) => Code::BundleInvalidManifest,
            Self::UnexpectedEntry(_) => Code::BundleUnexpectedEntry,
            Self::SizeMismatch(_) => Code::BundleSizeMismatch,
            Self::HashMismatch(_) => Code::BundleHashMismatch,
        }
    }
}

impl HasCode for BundleError {
    fn code(&self) -> Code {
        BundleError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> [BundleError; 17] {
        [
            BundleError::MissingPart(PartKind::Photo),
            BundleError::DuplicatePart(PartKind::Photo),
            BundleError::InvalidPart { kind: PartKind::Photo, reason: "x" },
            BundleError::InvalidField("clerk"),
            BundleError::InvalidCaptureId,
            BundleError::OverrideRequired(PartKind::Photo),
            BundleError::EmptyOverrideReason,
            BundleError::NotABundle,
            BundleError::UnsupportedVersion(9),
            BundleError::Truncated,
            BundleError::TrailingBytes,
            BundleError::TooLarge,
            BundleError::InvalidManifest(String::new()),
            BundleError::UnexpectedEntry(String::new()),
            BundleError::SizeMismatch(PartKind::Photo),
            BundleError::HashMismatch(PartKind::Photo),
            BundleError::InvalidOverrideReason("x"),
        ]
    }

    #[test]
    fn codes_are_distinct_snake_case() {
        let all = all();
        let mut codes: Vec<&str> = all.iter().map(|e| e.code().as_str()).collect();
        for c in &codes {
            assert!(c.starts_with("bundle_") && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c}");
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example in `all()` fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &BundleError| match e {
            BundleError::MissingPart(_) => 0,
            BundleError::DuplicatePart(_) => 1,
            BundleError::InvalidPart { .. } => 2,
            BundleError::InvalidField(_) => 3,
            BundleError::InvalidCaptureId => 4,
            BundleError::OverrideRequired(_) => 5,
            BundleError::EmptyOverrideReason => 6,
            BundleError::NotABundle => 7,
            BundleError::UnsupportedVersion(_) => 8,
            BundleError::Truncated => 9,
            BundleError::TrailingBytes => 10,
            BundleError::TooLarge => 11,
            BundleError::InvalidManifest(_) => 12,
            BundleError::UnexpectedEntry(_) => 13,
            BundleError::SizeMismatch(_) => 14,
            BundleError::HashMismatch(_) => 15,
            BundleError::InvalidOverrideReason(_) => 16,
        };
        crate::assert_codes_cover_variants(&all(), index, 17, &[]);
    }
}
