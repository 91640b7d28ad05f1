//! Why a camera cannot deliver frames, with a stable `camera_*` code for the UI.
use skranke_core::{Code, HasCode};
use std::path::PathBuf;

/// A frame source failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CameraError {
    /// No camera is connected (or none matches the configured one).
    #[error("no camera found{}", .0.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    NotFound(Option<String>),
    /// The camera is opened by another program.
    #[error("the camera is in use by another program: {0}")]
    Busy(String),
    /// The camera was unplugged or stopped delivering frames mid-stream.
    #[error("the camera was disconnected: {0}")]
    Disconnected(String),
    /// The camera offers no format or resolution Skranke can use.
    #[error("unsupported camera format: {0}")]
    Unsupported(String),
    /// A frame could not be decoded or encoded.
    #[error("frame cannot be decoded or encoded: {0}")]
    Decode(String),
    /// A frame's (or replay image's) header announces a size above the limit; refused before
    /// decoding, so no buffer of that size is allocated. A camera sending such frames offers a
    /// format Skranke cannot use (`camera_unsupported`).
    #[error("the image is {width}x{height}, larger than {max}x{max}")]
    TooLarge {
        /// Announced width in pixels.
        width: u32,
        /// Announced height in pixels.
        height: u32,
        /// The largest side allowed.
        max: u32,
    },
    /// The replay folder or one of its images cannot be used.
    #[error("replay images in {dir}: {reason}")]
    Replay {
        /// The folder.
        dir: PathBuf,
        /// What is wrong (names the file).
        reason: String,
    },
    /// Any other I/O failure of the camera.
    #[error("camera I/O: {0}")]
    Io(String),
}

impl CameraError {
    /// Stable code (`camera_not_found`, `camera_busy`, …).
    pub fn code(&self) -> Code {
        match self {
            Self::NotFound(_) => Code::CameraNotFound,
            Self::Busy(_) => Code::CameraBusy,
            Self::Disconnected(_) => Code::CameraDisconnected,
            Self::Unsupported(_) => Code::CameraUnsupported,
            Self::Decode(_) => Code::CameraDecode,
            Self::TooLarge { .. } => Code::CameraUnsupported,
            Self::Replay { .. } => Code::CameraReplayInvalid,
            Self::Io(_) => Code::CameraIo,
        }
    }

    /// Sorts an error text from a camera backend (nokhwa renders every backend error as text):
    /// busy, gone, missing, unusable format, or other I/O. The OS error number (`os error 16`)
    /// and Media Foundation HRESULTs are read first, as they do not depend on the language the
    /// OS speaks; English words are the fallback. While `streaming`, any failure but "busy"
    /// means the camera is lost.
    pub fn from_os_text(text: &str, streaming: bool) -> Self {
        let t = text.to_lowercase();
        let kind = os_error_number(&t).and_then(os_error_kind).or_else(|| hresult_kind(&t)).or_else(|| word_kind(&t));
        match kind {
            Some(OsKind::Busy) => Self::Busy(text.to_string()),
            // A stream that stops delivering is lost, whatever the backend calls it.
            _ if streaming => Self::Disconnected(text.to_string()),
            Some(OsKind::Gone) => Self::Disconnected(text.to_string()),
            Some(OsKind::Missing) => Self::NotFound(Some(text.to_string())),
            Some(OsKind::NoFormat) => Self::Unsupported(text.to_string()),
            None => Self::Io(text.to_string()),
        }
    }
}

/// What a backend error says about the camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OsKind {
    /// Another program has it.
    Busy,
    /// It went away (unplugged).
    Gone,
    /// There is no such camera.
    Missing,
    /// It offers no format Skranke can decode.
    NoFormat,
}

/// The number of a Rust `io::Error` rendered as text: `... (os error 16)`.
fn os_error_number(lower: &str) -> Option<i32> {
    let rest = &lower[lower.find("os error ")? + "os error ".len()..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// An OS error number (errno on Unix, Win32 error code on Windows).
fn os_error_kind(code: i32) -> Option<OsKind> {
    #[cfg(unix)]
    let kind = match code {
        16 => Some(OsKind::Busy),     // EBUSY
        19 | 6 => Some(OsKind::Gone), // ENODEV, ENXIO
        2 => Some(OsKind::Missing),   // ENOENT
        _ => None,
    };
    #[cfg(windows)]
    let kind = match code {
        170 | 32 => Some(OsKind::Busy),       // ERROR_BUSY, ERROR_SHARING_VIOLATION
        1167 | 31 | 21 => Some(OsKind::Gone), // ERROR_DEVICE_NOT_CONNECTED, ERROR_GEN_FAILURE, ERROR_NOT_READY
        2 | 3 => Some(OsKind::Missing),       // ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND
        _ => None,
    };
    #[cfg(not(any(unix, windows)))]
    let kind = {
        let _ = code;
        None
    };
    kind
}

/// Media Foundation and Win32 HRESULTs as Windows backends print them (`0xC00D3704`).
fn hresult_kind(lower: &str) -> Option<OsKind> {
    const TABLE: [(&str, OsKind); 7] = [
        ("0xc00d3704", OsKind::Busy),    // MF_E_HW_MFT_FAILED_START_STREAMING: in use elsewhere
        ("0xc00dabe1", OsKind::Busy),    // MF_E_VIDEO_RECORDING_DEVICE_PREEMPTED
        ("0x800700aa", OsKind::Busy),    // HRESULT_FROM_WIN32(ERROR_BUSY)
        ("0x80070020", OsKind::Busy),    // HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION)
        ("0xc00dabe0", OsKind::Gone),    // MF_E_VIDEO_RECORDING_DEVICE_INVALIDATED
        ("0x8007048f", OsKind::Gone),    // HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_CONNECTED)
        ("0x80070002", OsKind::Missing), // HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
    ];
    TABLE.iter().find(|(hex, _)| lower.contains(hex)).map(|(_, kind)| *kind)
}

/// English error words (V4L2 and nokhwa texts when no number is given).
fn word_kind(lower: &str) -> Option<OsKind> {
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["busy", "in use"]) {
        Some(OsKind::Busy)
    } else if has(&["no such device", "enodev", "disconnected"]) {
        Some(OsKind::Gone)
    } else if has(&["no such file", "not found", "enoent"]) {
        Some(OsKind::Missing)
    } else if has(&["fufill", "fulfill"]) {
        // nokhwa: no offered format matches the request (its own spelling included).
        Some(OsKind::NoFormat)
    } else {
        None
    }
}

impl HasCode for CameraError {
    fn code(&self) -> Code {
        CameraError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_prefixed() {
        let all = [
            CameraError::NotFound(None),
            CameraError::Busy(String::new()),
            CameraError::Disconnected(String::new()),
            CameraError::Unsupported(String::new()),
            CameraError::Decode(String::new()),
            CameraError::Replay { dir: PathBuf::new(), reason: String::new() },
            CameraError::Io(String::new()),
        ];
        let mut codes: Vec<_> = all.iter().map(CameraError::code).collect();
        assert!(codes.iter().all(|c| c.as_str().starts_with("camera_")));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn os_texts_are_sorted() {
        let code = |t: &str, streaming: bool| CameraError::from_os_text(t, streaming).code();
        assert_eq!(code("Device or resource busy (os error 16)", false), Code::CameraBusy);
        assert_eq!(code("No such device (os error 19)", false), Code::CameraDisconnected);
        assert_eq!(code("timeout", true), Code::CameraDisconnected);
        assert_eq!(code("busy", true), Code::CameraBusy);
        assert_eq!(code("No such file or directory (os error 2)", false), Code::CameraNotFound);
        assert_eq!(code("permission denied", false), Code::CameraIo);
        assert_eq!(
            code("Could not get device property CameraFormat: Failed to Fufill", false),
            Code::CameraUnsupported
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_os_error_number_wins_over_the_words_of_a_translated_text() {
        let code = |t: &str| CameraError::from_os_text(t, false).code();
        // A GTK app calls setlocale, so strerror may speak Danish.
        assert_eq!(code("Enheden eller ressourcen er optaget (os error 16)"), Code::CameraBusy);
        assert_eq!(code("Enheden findes ikke (os error 19)"), Code::CameraDisconnected);
        assert_eq!(code("Ingen sådan fil eller filkatalog (os error 2)"), Code::CameraNotFound);
        assert_eq!(code("Adgang nægtet (os error 13)"), Code::CameraIo);
        let e = std::io::Error::from_raw_os_error(16);
        assert_eq!(CameraError::from_os_text(&format!("open: {e}"), false).code(), Code::CameraBusy);
    }

    #[test]
    fn media_foundation_results_are_sorted() {
        let code = |t: &str| CameraError::from_os_text(t, false).code();
        assert_eq!(code("Failed to start stream: Error 0xC00D3704"), Code::CameraBusy);
        assert_eq!(code("ReadSample failed (0xC00DABE0)"), Code::CameraDisconnected);
        assert_eq!(code("HRESULT 0x8007048F"), Code::CameraDisconnected);
        assert_eq!(code("Access is denied. (0x80070005)"), Code::CameraIo);
    }

    #[test]
    fn os_error_numbers_are_read() {
        assert_eq!(os_error_number("busy (os error 16)"), Some(16));
        assert_eq!(os_error_number("os error 1167"), Some(1167));
        assert_eq!(os_error_number("no number"), None);
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &CameraError| match e {
            CameraError::NotFound(_) => 0,
            CameraError::Busy(_) => 1,
            CameraError::Disconnected(_) => 2,
            CameraError::Unsupported(_) => 3,
            CameraError::Decode(_) => 4,
            CameraError::Replay { .. } => 5,
            CameraError::Io(_) => 6,
            CameraError::TooLarge { .. } => 7,
        };
        let examples = [
            CameraError::NotFound(None),
            CameraError::Busy("x".into()),
            CameraError::Disconnected("x".into()),
            CameraError::Unsupported("x".into()),
            CameraError::Decode("x".into()),
            CameraError::Replay { dir: PathBuf::from("d"), reason: "x".into() },
            CameraError::Io("x".into()),
            CameraError::TooLarge { width: 60_000, height: 60_000, max: 4096 },
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 8, &[]);
    }
}
