//! Where signatures come from: a pad that reports pen samples as they happen. The app reads any
//! [`PadSource`] the same way: the Wacom STU driver (USB HID), the replay of a stroke file (demo and
//! tests), or the screen (pen or mouse in the webview, which pushes its own samples).
use skranke_core::{Code, HasCode};
mod canvas;
mod recorder;
mod replay;
pub mod wacom;

pub use canvas::{CanvasInput, CanvasPoint, CanvasSender, DEFAULT_POINTER_PRESSURE};
pub use recorder::StrokeRecorder;
pub use replay::ReplayPad;

use crate::model::{DeviceMeta, Sample};
use serde::Serialize;
use std::time::Duration;

/// What kind of pad.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PadKind {
    /// Pen or mouse on the clerk's screen.
    Canvas,
    /// A recorded stroke file played back.
    Replay,
    /// A Wacom STU pad over USB.
    Wacom,
}

/// A pad's description: its kind, name and coordinate ranges.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PadInfo {
    /// Kind.
    pub kind: PadKind,
    /// Name shown to the clerk.
    pub name: String,
    /// Field width, device units.
    pub width: f64,
    /// Field height, device units.
    pub height: f64,
    /// Pressure at full force.
    pub pressure_max: f64,
    /// Device details.
    #[serde(skip)]
    pub device: DeviceMeta,
}

impl PadInfo {
    /// The screen pad: 1200 x 400 units, pressure 0-1024 (when the platform gives pressure).
    pub fn canvas() -> Self {
        Self {
            kind: PadKind::Canvas,
            name: "Skærm".into(),
            width: 1200.0,
            height: 400.0,
            pressure_max: 1024.0,
            device: DeviceMeta::default(),
        }
    }
}

/// Something that happened on the pad.
#[derive(Debug, Clone, PartialEq)]
pub enum PadEvent {
    /// A pen sample (pressure 0: pen lifted or hovering).
    Sample(Sample),
    /// The pad disappeared (unplugged, driver error); the signature so far is incomplete.
    Lost(String),
    /// The source has nothing more (a replay reached its end).
    Done,
}

/// Why a pad cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PadError {
    /// No pad of this kind is connected.
    #[error("no signature pad found")]
    NotFound,
    /// The pad is in use by another program, or access is denied (Linux: udev rule).
    #[error("the signature pad cannot be opened: {0}")]
    Open(String),
    /// Support for this pad is not part of this build.
    #[error("not supported in this build: {0}")]
    Unsupported(String),
    /// The pad disappeared while the citizen was signing (unplugged, driver error).
    #[error("the signature pad was lost during the signature: {0}")]
    DeviceLost(String),
}

impl PadError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        match self {
            Self::NotFound => Code::PadNotFound,
            Self::Open(_) => Code::PadUnavailable,
            Self::Unsupported(_) => Code::NotAvailable,
            Self::DeviceLost(_) => Code::PadLost,
        }
    }
}

/// A source of pen samples.
pub trait PadSource: Send {
    /// What this pad is.
    fn info(&self) -> PadInfo;
    /// The next event, waiting at most `timeout`; `None` when nothing happened in that time.
    fn next_event(&mut self, timeout: Duration) -> Option<PadEvent>;
}

impl HasCode for PadError {
    fn code(&self) -> Code {
        PadError::code(self)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &PadError| match e {
            PadError::NotFound => 0,
            PadError::Open(_) => 1,
            PadError::Unsupported(_) => 2,
            PadError::DeviceLost(_) => 3,
        };
        let examples = [
            PadError::NotFound,
            PadError::Open("x".into()),
            PadError::Unsupported("x".into()),
            PadError::DeviceLost("x".into()),
        ];
        skranke_core::assert_codes_cover_variants(&examples, index, 4, &[]);
    }
}
