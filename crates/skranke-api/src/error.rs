//! The one error type every use case returns: a stable [`Code`] for the UI plus an English detail
//! for logs. It serializes as `{"code": "...", "message": "..."}` for the Tauri shell and `--json`.
use crate::Code;
use serde::Serialize;

/// A use case failed. The UI shows the Danish text for `code`; `message` is for logs only and never
/// contains personal data.
#[derive(Debug, Clone, Serialize, thiserror::Error, PartialEq, Eq)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    /// What the UI reacts to.
    pub code: Code,
    /// English detail for developers and IT.
    pub message: String,
}

impl ApiError {
    /// An error with a code and a detail message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// An error from a lower crate that reports its own stable code string; unknown codes become
    /// [`Code::Internal`] so nothing is lost silently.
    pub fn from_code_str(code: &str, message: impl Into<String>) -> Self {
        Self { code: Code::from_str_code(code).unwrap_or(Code::Internal), message: message.into() }
    }
}

impl From<skranke_config::ConfigError> for ApiError {
    fn from(e: skranke_config::ConfigError) -> Self {
        Self::from_code_str(e.code(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let e = ApiError::new(Code::CprNotFound, "no such person");
        let json = serde_json::to_value(&e).expect("serialize");
        assert_eq!(json, serde_json::json!({"code": "cpr_not_found", "message": "no such person"}));
    }

    #[test]
    fn unknown_lower_code_becomes_internal() {
        assert_eq!(ApiError::from_code_str("whatever_new", "x").code, Code::Internal);
    }
}
