//! The screen as a pad: the webview sends pointer events (pen, touch or mouse) and they come out
//! as pad events like any other pad's. The browser reports pressure 0.5 for a mouse and for
//! platforms without pen pressure (e.g. WebKitGTK on Linux), so pressure is marked unavailable
//! when every inked sample has that default (see [`super::StrokeRecorder`]).
use super::{PadEvent, PadInfo, PadKind, PadSource};
use crate::SignatureError;
use crate::file::MAX_SAMPLES;
use crate::model::Sample;
use serde::Deserialize;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// The pressure a browser reports when it has no real pressure (PointerEvent.pressure).
pub const DEFAULT_POINTER_PRESSURE: f64 = 0.5;

/// One pointer event from the webview, in canvas units (the pad's field, (0,0) top-left).
///
/// JSON: `{"t_ms": 12.5, "x": 300, "y": 120, "down": true, "pressure": 0.7}`; `pressure` is the
/// PointerEvent's 0-1 value and may be left out or `null`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanvasPoint {
    /// Milliseconds, any origin, never decreasing.
    pub t_ms: f64,
    /// Horizontal position.
    pub x: f64,
    /// Vertical position (down is positive).
    pub y: f64,
    /// Whether the pen, finger or mouse button is down.
    pub down: bool,
    /// Pressure 0-1, when the platform gives it.
    #[serde(default)]
    pub pressure: Option<f64>,
}

/// The webview's end: pushes pointer events (e.g. from a Tauri command). Dropping it ends the
/// input ([`PadEvent::Done`]).
#[derive(Debug)]
pub struct CanvasSender {
    tx: Sender<PadEvent>,
    width: f64,
    height: f64,
    pressure_max: f64,
    last_t: f64,
    sent: usize,
}

/// The app's end: a [`PadSource`] giving the pushed samples.
#[derive(Debug)]
pub struct CanvasInput {
    rx: Receiver<PadEvent>,
    info: PadInfo,
}

impl CanvasInput {
    /// A screen pad with the field and pressure range of `info` (usually [`PadInfo::canvas`]).
    pub fn new(info: PadInfo) -> (CanvasSender, CanvasInput) {
        let (tx, rx) = channel();
        let sender = CanvasSender {
            tx,
            width: info.width,
            height: info.height,
            pressure_max: info.pressure_max,
            last_t: f64::NEG_INFINITY,
            sent: 0,
        };
        (sender, CanvasInput { rx, info: PadInfo { kind: PadKind::Canvas, ..info } })
    }
}

impl CanvasSender {
    /// Converts and sends one pointer event. Positions outside the field (the pointer left the
    /// canvas while captured) are clamped to its edge. Refuses values that are not numbers, time
    /// running backwards, and more than [`MAX_SAMPLES`] samples.
    pub fn push(&mut self, p: CanvasPoint) -> Result<(), SignatureError> {
        if ![p.t_ms, p.x, p.y].iter().all(|v| v.is_finite()) {
            return Err(SignatureError::Invalid("a pointer event has a value that is not a number".into()));
        }
        if p.t_ms < self.last_t {
            return Err(SignatureError::Invalid("a pointer event is earlier than the one before it".into()));
        }
        if self.sent >= MAX_SAMPLES {
            return Err(SignatureError::TooLarge(format!("more than {MAX_SAMPLES} samples")));
        }
        let pressure = if p.down {
            let p01 = p.pressure.filter(|v| v.is_finite() && *v > 0.0).unwrap_or(DEFAULT_POINTER_PRESSURE).min(1.0);
            (p01 * self.pressure_max).round().max(1.0)
        } else {
            0.0
        };
        let sample = Sample { t_ms: p.t_ms, x: p.x.clamp(0.0, self.width), y: p.y.clamp(0.0, self.height), pressure };
        self.last_t = p.t_ms;
        self.sent += 1;
        // The receiver gone means the signature step closed; the event has nowhere to go.
        let _ = self.tx.send(PadEvent::Sample(sample));
        Ok(())
    }

    /// Tells the reader the screen is gone (window closed mid-signature).
    pub fn lost(&self, reason: impl Into<String>) {
        let _ = self.tx.send(PadEvent::Lost(reason.into()));
    }
}

impl PadSource for CanvasInput {
    fn info(&self) -> PadInfo {
        self.info.clone()
    }

    fn next_event(&mut self, timeout: Duration) -> Option<PadEvent> {
        match self.rx.recv_timeout(timeout) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(PadEvent::Done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(t_ms: f64, x: f64, y: f64, down: bool, pressure: Option<f64>) -> CanvasPoint {
        CanvasPoint { t_ms, x, y, down, pressure }
    }

    fn sample(ev: Option<PadEvent>) -> Sample {
        match ev {
            Some(PadEvent::Sample(s)) => s,
            other => panic!("expected a sample, got {other:?}"),
        }
    }

    #[test]
    fn pushed_points_come_out_as_samples_in_pad_units() {
        let (mut tx, mut pad) = CanvasInput::new(PadInfo::canvas());
        tx.push(pt(0.0, 10.0, 20.0, true, Some(0.25))).unwrap();
        tx.push(pt(5.0, 2000.0, -3.0, true, None)).unwrap();
        tx.push(pt(9.0, 30.0, 40.0, false, Some(0.9))).unwrap();
        let w = Duration::from_millis(50);
        assert_eq!(sample(pad.next_event(w)), Sample { t_ms: 0.0, x: 10.0, y: 20.0, pressure: 256.0 });
        // clamped into the field, default pressure when absent
        assert_eq!(sample(pad.next_event(w)), Sample { t_ms: 5.0, x: 1200.0, y: 0.0, pressure: 512.0 });
        assert_eq!(sample(pad.next_event(w)).pressure, 0.0);
        assert_eq!(pad.next_event(Duration::from_millis(1)), None);
        drop(tx);
        assert_eq!(pad.next_event(w), Some(PadEvent::Done));
        assert_eq!(pad.info().kind, PadKind::Canvas);
    }

    #[test]
    fn bad_points_are_refused_not_sent() {
        let (mut tx, mut pad) = CanvasInput::new(PadInfo::canvas());
        tx.push(pt(10.0, 1.0, 1.0, true, None)).unwrap();
        assert!(matches!(tx.push(pt(5.0, 1.0, 1.0, true, None)), Err(SignatureError::Invalid(_))));
        assert!(matches!(tx.push(pt(11.0, f64::NAN, 1.0, true, None)), Err(SignatureError::Invalid(_))));
        assert!(matches!(tx.push(pt(f64::INFINITY, 1.0, 1.0, true, None)), Err(SignatureError::Invalid(_))));
        assert!(pad.next_event(Duration::from_millis(10)).is_some());
        assert_eq!(pad.next_event(Duration::from_millis(10)), None);
    }

    #[test]
    fn window_closing_is_a_lost_event() {
        let (tx, mut pad) = CanvasInput::new(PadInfo::canvas());
        tx.lost("window closed");
        assert_eq!(pad.next_event(Duration::from_millis(10)), Some(PadEvent::Lost("window closed".into())));
    }

    #[test]
    fn points_parse_from_webview_json() {
        let p: CanvasPoint = serde_json::from_str(r#"{"t_ms": 1, "x": 2, "y": 3, "down": true}"#).unwrap();
        assert_eq!(p.pressure, None);
        let p: CanvasPoint =
            serde_json::from_str(r#"{"t_ms": 1, "x": 2, "y": 3, "down": true, "pressure": null}"#).unwrap();
        assert_eq!(p.pressure, None);
        assert!(serde_json::from_str::<CanvasPoint>(r#"{"t_ms": 1, "x": 2, "y": 3}"#).is_err());
    }
}
