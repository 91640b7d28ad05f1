//! Turns a pad's events into a stroke file: time starts at the first sample, samples that would
//! break the file's rules are dropped, pressure is marked unavailable when a screen pad only ever
//! gave the browser's default, and a pad lost mid-signature is a typed error, not a partial file.
use super::canvas::DEFAULT_POINTER_PRESSURE;
use super::{PadError, PadEvent, PadInfo, PadKind};
use crate::file::MAX_SAMPLES;
use crate::model::{Sample, StrokeFile};

/// Collects pad events into a [`StrokeFile`].
pub struct StrokeRecorder {
    info: PadInfo,
    samples: Vec<Sample>,
    origin: Option<f64>,
    lost: Option<String>,
    done: bool,
}

/// The pad and how many samples so far, never the samples (a signature being written).
impl std::fmt::Debug for StrokeRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrokeRecorder")
            .field("info", &self.info)
            .field("samples", &format_args!("<{} samples>", self.samples.len()))
            .field("lost", &self.lost)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl StrokeRecorder {
    /// An empty recording for the pad `info`.
    pub fn new(info: PadInfo) -> Self {
        Self { info, samples: Vec::new(), origin: None, lost: None, done: false }
    }

    /// Takes one event. Returns `false` once the pad is finished (lost or done) and nothing more
    /// will be recorded.
    pub fn record(&mut self, ev: &PadEvent) -> bool {
        if self.lost.is_some() || self.done {
            return false;
        }
        match ev {
            PadEvent::Sample(s) => {
                let ok = [s.t_ms, s.x, s.y, s.pressure].iter().all(|v| v.is_finite());
                if !ok || self.samples.len() >= MAX_SAMPLES {
                    return true;
                }
                let origin = *self.origin.get_or_insert(s.t_ms);
                let t_ms = (s.t_ms - origin).max(self.samples.last().map_or(0.0, |l| l.t_ms));
                self.samples.push(Sample {
                    t_ms,
                    x: s.x.clamp(0.0, self.info.width),
                    y: s.y.clamp(0.0, self.info.height),
                    pressure: s.pressure.clamp(0.0, self.info.pressure_max),
                });
                true
            }
            PadEvent::Lost(reason) => {
                self.lost = Some(reason.clone());
                false
            }
            PadEvent::Done => {
                self.done = true;
                false
            }
        }
    }

    /// Starts over (the clerk pressed "Ryd"); a lost pad stays lost.
    pub fn clear(&mut self) {
        self.samples.clear();
        self.origin = None;
        self.done = false;
    }

    /// Samples recorded so far.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The stroke file, or [`PadError::DeviceLost`] when the pad disappeared during the signature.
    pub fn finish(self) -> Result<StrokeFile, PadError> {
        if let Some(reason) = self.lost {
            return Err(PadError::DeviceLost(reason));
        }
        let pressure_available = match self.info.kind {
            PadKind::Canvas => {
                let default = (DEFAULT_POINTER_PRESSURE * self.info.pressure_max).round().max(1.0);
                self.samples.iter().any(|s| s.pen_down() && s.pressure != default)
            }
            PadKind::Wacom | PadKind::Replay => true,
        };
        let device = match self.info.device {
            d if d == Default::default() => None,
            d => Some(d),
        };
        Ok(StrokeFile {
            width: self.info.width,
            height: self.info.height,
            pressure_max: self.info.pressure_max,
            samples: self.samples,
            pressure_available,
            device,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pad::{CanvasInput, CanvasPoint, PadSource, ReplayPad};
    use std::time::Duration;

    fn canvas_with(pressures: &[Option<f64>]) -> StrokeFile {
        let (mut tx, mut pad) = CanvasInput::new(PadInfo::canvas());
        for (i, p) in pressures.iter().enumerate() {
            tx.push(CanvasPoint {
                t_ms: 100.0 + i as f64 * 10.0,
                x: 10.0 + i as f64,
                y: 20.0,
                down: true,
                pressure: *p,
            })
            .unwrap();
        }
        drop(tx);
        let mut rec = StrokeRecorder::new(pad.info());
        while let Some(ev) = pad.next_event(Duration::from_millis(20)) {
            if !rec.record(&ev) {
                break;
            }
        }
        rec.finish().unwrap()
    }

    #[test]
    fn screen_pressure_is_available_only_when_not_the_default() {
        let mouse = canvas_with(&[None, Some(0.5), None]);
        assert!(!mouse.pressure_available);
        assert_eq!(mouse.samples[0].t_ms, 0.0, "time starts at the first sample");
        assert_eq!(mouse.samples[2].t_ms, 20.0);
        let pen = canvas_with(&[Some(0.5), Some(0.62), Some(0.7)]);
        assert!(pen.pressure_available);
        crate::validate(&pen).unwrap();
    }

    #[test]
    fn a_replayed_file_records_back_to_the_same_samples() {
        let (_, json) = crate::DEMO_SIGNATURES[0];
        let file = crate::parse_stroke_file(json.as_bytes()).unwrap();
        let mut pad = ReplayPad::new("demo", file.clone(), 1000.0);
        let mut rec = StrokeRecorder::new(pad.info());
        while let Some(ev) = pad.next_event(Duration::from_secs(1)) {
            if !rec.record(&ev) {
                break;
            }
        }
        let got = rec.finish().unwrap();
        let t0 = file.samples[0].t_ms;
        assert_eq!(got.samples.len(), file.samples.len());
        assert!(got.samples.iter().zip(&file.samples).all(|(a, b)| a.x == b.x && a.y == b.y && a.t_ms == b.t_ms - t0));
    }

    #[test]
    fn unplugging_mid_signature_is_device_lost() {
        let (_, json) = crate::DEMO_SIGNATURES[1];
        let file = crate::parse_stroke_file(json.as_bytes()).unwrap();
        let mut pad = ReplayPad::new("demo", file, 1000.0).unplug_after(10);
        let mut rec = StrokeRecorder::new(pad.info());
        while let Some(ev) = pad.next_event(Duration::from_secs(1)) {
            if !rec.record(&ev) {
                break;
            }
        }
        assert_eq!(rec.samples().len(), 10);
        let err = rec.finish().unwrap_err();
        assert!(matches!(err, PadError::DeviceLost(_)));
        assert_eq!(err.code(), skranke_core::Code::PadLost);
    }

    #[test]
    fn clear_starts_over_and_garbage_samples_are_dropped() {
        let mut rec = StrokeRecorder::new(PadInfo::canvas());
        rec.record(&PadEvent::Sample(Sample { t_ms: 50.0, x: 1.0, y: 1.0, pressure: 10.0 }));
        rec.record(&PadEvent::Sample(Sample { t_ms: f64::NAN, x: 1.0, y: 1.0, pressure: 10.0 }));
        rec.record(&PadEvent::Sample(Sample { t_ms: 40.0, x: 5000.0, y: 1.0, pressure: 5000.0 }));
        assert_eq!(rec.samples().len(), 2);
        assert_eq!(rec.samples()[1], Sample { t_ms: 0.0, x: 1200.0, y: 1.0, pressure: 1024.0 });
        crate::validate(&rec.finish().unwrap()).unwrap();
        let mut rec = StrokeRecorder::new(PadInfo::canvas());
        rec.record(&PadEvent::Sample(Sample { t_ms: 50.0, x: 1.0, y: 1.0, pressure: 10.0 }));
        rec.clear();
        rec.record(&PadEvent::Sample(Sample { t_ms: 90.0, x: 2.0, y: 1.0, pressure: 10.0 }));
        assert_eq!(rec.samples(), &[Sample { t_ms: 0.0, x: 2.0, y: 1.0, pressure: 10.0 }]);
    }

    /// A signature is biometric: the stroke file, a replay pad playing it and a recorder holding
    /// it print counts, never a coordinate, time or pressure (a derived `Debug` prints them all).
    #[test]
    fn debug_shows_counts_never_samples() {
        let file = StrokeFile {
            width: 800.0,
            height: 300.0,
            pressure_max: 1024.0,
            samples: vec![
                Sample { t_ms: 0.0, x: 123.456, y: 78.901, pressure: 512.25 },
                Sample { t_ms: 8.5, x: 130.75, y: 80.125, pressure: 0.0 },
            ],
            pressure_available: true,
            device: None,
        };
        let mut rec = StrokeRecorder::new(PadInfo::canvas());
        rec.record(&PadEvent::Sample(file.samples[0]));
        let shown = format!("{file:?} {:?} {rec:?}", ReplayPad::new("demo", file.clone(), 1.0));
        for secret in ["123.456", "78.901", "512.25", "130.75", "80.125", "8.5"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("<2 samples>") && shown.contains("<1 samples>") && shown.contains("strokes: 1"),
            "{shown}"
        );
    }
}
