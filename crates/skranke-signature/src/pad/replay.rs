//! Plays a recorded stroke file back at its own pace (optionally faster), through the same
//! [`PadSource`] path as a real pad: for demo mode and tests. It can also pretend to be unplugged
//! after some samples, to test that state.
use super::{PadEvent, PadInfo, PadKind, PadSource};
use crate::model::StrokeFile;
use std::time::{Duration, Instant};

/// A stroke file played back as pad events.
#[derive(Debug)]
pub struct ReplayPad {
    file: StrokeFile,
    name: String,
    speed: f64,
    next: usize,
    started: Option<Instant>,
    lose_after: Option<usize>,
}

impl ReplayPad {
    /// Plays `file` at `speed` times real time (1.0 = as recorded).
    pub fn new(name: impl Into<String>, file: StrokeFile, speed: f64) -> Self {
        Self {
            file,
            name: name.into(),
            speed: if speed > 0.0 { speed } else { 1.0 },
            next: 0,
            started: None,
            lose_after: None,
        }
    }

    /// Reports [`PadEvent::Lost`] after this many samples (tests of unplugging mid-signature).
    pub fn unplug_after(mut self, samples: usize) -> Self {
        self.lose_after = Some(samples);
        self
    }
}

impl PadSource for ReplayPad {
    fn info(&self) -> PadInfo {
        PadInfo {
            kind: PadKind::Replay,
            name: self.name.clone(),
            width: self.file.width,
            height: self.file.height,
            pressure_max: self.file.pressure_max,
            device: self.file.device.clone().unwrap_or_default(),
        }
    }

    fn next_event(&mut self, timeout: Duration) -> Option<PadEvent> {
        if self.lose_after.is_some_and(|n| self.next >= n) {
            return Some(PadEvent::Lost("replay pad unplugged (test)".into()));
        }
        let Some(sample) = self.file.samples.get(self.next).copied() else { return Some(PadEvent::Done) };
        let started = *self.started.get_or_insert_with(Instant::now);
        let due = started + Duration::from_secs_f64(sample.t_ms / 1000.0 / self.speed);
        let now = Instant::now();
        if due > now {
            let wait = due - now;
            if wait > timeout {
                std::thread::sleep(timeout);
                return None;
            }
            std::thread::sleep(wait);
        }
        self.next += 1;
        Some(PadEvent::Sample(sample))
    }
}
