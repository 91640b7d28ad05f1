//! Why a store operation failed, each with a stable code the UI shows a Danish text for.
use skranke_core::{Code, HasCode};

/// A store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The disk (or the database's page limit) is full; nothing already stored was lost.
    #[error("the disk is full")]
    DiskFull,
    /// The database file cannot be opened or written.
    #[error("the database cannot be used: {0}")]
    Unavailable(String),
    /// The database file is damaged.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The database was written by a newer Skranke.
    #[error("the database has schema version {found}, newer than this Skranke knows ({known})")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// A stored value could not be read back.
    #[error("a stored value is invalid: {0}")]
    Invalid(String),
    /// The master key cannot be loaded or created (key file or OS key store).
    #[error("the outbox master key is unavailable: {0}")]
    KeyStore(String),
    /// The master key does not match the one this database's outbox was written with (key file
    /// replaced or lost, another OS account); queued bundles cannot be read with it.
    #[error("the outbox master key does not match this database")]
    KeyMismatch,
    /// Another connection has the database open, so a step that needs it alone (rotating the
    /// master key) is refused.
    #[error("another program has the database open: {0}")]
    InUse(String),
    /// A stored bundle or key does not decrypt (wrong master key or tampering).
    #[error("a stored bundle cannot be decrypted: {0}")]
    Crypto(String),
    /// No outbox entry has this capture id.
    #[error("no outbox entry {0}")]
    NotFound(String),
    /// The entry is not in a state that allows this step (e.g. accepting a queued bundle).
    #[error("outbox entry {id} is {state}, which does not allow {action}")]
    InvalidState {
        /// Capture id.
        id: String,
        /// Its current state.
        state: String,
        /// The step that was refused.
        action: &'static str,
    },
    /// A listing asked for 0 entries or more than [`crate::ListFilter::MAX_LIMIT`].
    #[error("a listing holds 1 to {max} entries, not {limit}")]
    ListLimitOutOfRange {
        /// The limit asked for.
        limit: u32,
        /// The largest limit allowed.
        max: u32,
    },
}

impl StoreError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> Code {
        match self {
            Self::DiskFull => Code::StoreDiskFull,
            Self::Unavailable(_) | Self::TooNew { .. } => Code::StoreUnavailable,
            Self::Corrupt(_) => Code::StoreCorrupt,
            Self::Invalid(_) => Code::StoreCorrupt,
            Self::KeyStore(_) => Code::StoreKeyUnavailable,
            Self::Crypto(_) => Code::StoreDecryptFailed,
            Self::KeyMismatch => Code::StoreKeyMismatch,
            Self::InUse(_) => Code::StoreInUse,
            Self::NotFound(_) => Code::StoreNotFound,
            Self::InvalidState { .. } => Code::StoreInvalidState,
            Self::ListLimitOutOfRange { .. } => Code::StoreListLimitOutOfRange,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => Self::DiskFull,
            Some(C::DatabaseCorrupt | C::NotADatabase) => Self::Corrupt(e.to_string()),
            _ => Self::Unavailable(e.to_string()),
        }
    }
}

impl HasCode for StoreError {
    fn code(&self) -> Code {
        StoreError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &StoreError| match e {
            StoreError::DiskFull => 0,
            StoreError::Unavailable(_) => 1,
            StoreError::Corrupt(_) => 2,
            StoreError::TooNew { .. } => 3,
            StoreError::Invalid(_) => 4,
            StoreError::KeyStore(_) => 5,
            StoreError::KeyMismatch => 6,
            StoreError::Crypto(_) => 7,
            StoreError::NotFound(_) => 8,
            StoreError::InvalidState { .. } => 9,
            StoreError::ListLimitOutOfRange { .. } => 10,
            StoreError::InUse(_) => 11,
        };
        let examples = [
            StoreError::DiskFull,
            StoreError::Unavailable("x".into()),
            StoreError::Corrupt("x".into()),
            StoreError::TooNew { found: 2, known: 1 },
            StoreError::Invalid("x".into()),
            StoreError::KeyStore("x".into()),
            StoreError::KeyMismatch,
            StoreError::Crypto("x".into()),
            StoreError::NotFound("x".into()),
            StoreError::InvalidState { id: "c".into(), state: "queued".into(), action: "x" },
            StoreError::ListLimitOutOfRange { limit: 0, max: 10_000 },
            StoreError::InUse("x".into()),
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 12, &[]);
    }
}
