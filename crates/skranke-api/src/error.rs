//! The one error type every use case returns: a stable [`Code`] for the UI plus an English detail
//! for logs. It serializes as `{"code": "...", "message": "..."}` for the Tauri shell and `--json`.
use crate::Code;
use serde::Serialize;
use skranke_core::HasCode;

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

    /// A lower crate's error: its own typed code, its text as the detail.
    pub fn coded(e: &impl HasCode) -> Self {
        Self { code: e.code(), message: e.to_string() }
    }

    /// The same error with the step that failed named before its detail (`cpr.tls: ...`).
    pub fn context(mut self, step: &str) -> Self {
        self.message = format!("{step}: {}", self.message);
        self
    }
}

/// One `From` per library error type: every lower crate's error carries its [`Code`] (see
/// [`HasCode`]), so the façade never matches or passes a code as text.
macro_rules! from_coded {
    ($($t:ty),* $(,)?) => {
        $(impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                Self::coded(&e)
            }
        })*
    };
}

from_coded!(
    skranke_core::CprError,
    skranke_core::BundleError,
    skranke_config::ConfigError,
    skranke_photo::PhotoError,
    skranke_signature::SignatureError,
    skranke_signature::pad::PadError,
    skranke_camera::CameraError,
    skranke_store::StoreError,
    skranke_gateway::CprLookupError,
    skranke_gateway::UploadError,
    skranke_gateway::TlsError,
    skranke_scan::ScanError,
);

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
    fn a_lower_error_keeps_its_code_and_text() {
        let e = ApiError::from(skranke_core::CprError::ImpossibleDate);
        assert_eq!(e.code, Code::CprImpossibleDate);
        assert_eq!(e.message, skranke_core::CprError::ImpossibleDate.to_string());
        assert_eq!(e.context("case").message, format!("case: {}", skranke_core::CprError::ImpossibleDate));
    }
}
