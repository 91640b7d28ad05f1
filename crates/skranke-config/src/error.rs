//! Configuration errors that name the file, the key and the line, so IT can fix them without guessing.
use skranke_core::{Code, HasCode};
use std::path::PathBuf;

/// A configuration file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct ConfigError {
    /// The file concerned (or `<text>` for a string).
    pub path: PathBuf,
    /// What went wrong.
    pub kind: ConfigErrorKind,
}

/// What went wrong with a configuration file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// The file could not be read (missing, permissions, not UTF-8).
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    /// The TOML is malformed, a key is unknown or a value has the wrong type.
    #[error("line {line}, column {column}{}: {message}", key.as_ref().map(|k| format!(", key `{k}`")).unwrap_or_default())]
    Invalid {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The key concerned, when known.
        key: Option<String>,
        /// The parser's explanation.
        message: String,
    },
    /// A value parsed but is not acceptable (e.g. a bad regular expression).
    #[error("key `{key}`: {message}")]
    BadValue {
        /// Dotted key, e.g. `case.ref_pattern`.
        key: String,
        /// Why the value is not acceptable.
        message: String,
    },
}

impl ConfigError {
    /// A stable code for the UI and for scripts.
    pub fn code(&self) -> Code {
        match self.kind {
            ConfigErrorKind::Unreadable(_) => Code::ConfigUnreadable,
            ConfigErrorKind::Invalid { .. } | ConfigErrorKind::BadValue { .. } => Code::ConfigInvalid,
        }
    }

    /// The dotted key concerned, when known.
    pub fn key(&self) -> Option<&str> {
        match &self.kind {
            ConfigErrorKind::Invalid { key, .. } => key.as_deref(),
            ConfigErrorKind::BadValue { key, .. } => Some(key),
            ConfigErrorKind::Unreadable(_) => None,
        }
    }

    /// The 1-based line concerned, when known.
    pub fn line(&self) -> Option<usize> {
        match &self.kind {
            ConfigErrorKind::Invalid { line, .. } => Some(*line),
            _ => None,
        }
    }
}

impl HasCode for ConfigError {
    fn code(&self) -> Code {
        ConfigError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &ConfigError| match e {
            ConfigError { kind: ConfigErrorKind::Unreadable(_), .. } => 0,
            ConfigError { kind: ConfigErrorKind::Invalid { .. }, .. } => 1,
            ConfigError { kind: ConfigErrorKind::BadValue { .. }, .. } => 2,
        };
        let examples = [
            ConfigError { path: PathBuf::from("c"), kind: ConfigErrorKind::Unreadable("x".into()) },
            ConfigError {
                path: PathBuf::from("c"),
                kind: ConfigErrorKind::Invalid { line: 1, column: 1, key: None, message: "x".into() },
            },
            ConfigError {
                path: PathBuf::from("c"),
                kind: ConfigErrorKind::BadValue { key: "k".into(), message: "x".into() },
            },
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 3, &[]);
    }
}
