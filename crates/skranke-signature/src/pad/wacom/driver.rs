//! The Wacom STU driver over hidapi: finds the pad by vendor id, reads pen reports on the
//! caller's thread with a timeout, and reports the pad gone when reading fails (unplugged).
//! Clearing the pad's screen and its ink echo are best-effort feature reports from public
//! reverse-engineered code (not verified on hardware, never sent unless asked); the writing mode
//! and prompt images are not implemented (see docs/signature.md).
use super::is_stu;
use super::report::{PadRange, STU_540, clear_screen_report, ink_mode_report, parse_pen_report};
use crate::model::{DeviceMeta, Sample};
use crate::pad::{PadError, PadEvent, PadInfo, PadKind, PadSource};
use std::time::{Duration, Instant};

/// A connected Wacom STU pad.
pub struct WacomPad {
    device: hidapi::HidDevice,
    info: PadInfo,
    range: PadRange,
    started: Instant,
    lost: bool,
}

impl std::fmt::Debug for WacomPad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WacomPad").field("info", &self.info).finish_non_exhaustive()
    }
}

/// The STU pads connected now, by model name (`Wacom STU-540`), without opening any: for
/// `skranke diagnose`, which must not take the pad from a capture in progress.
pub fn connected_pads() -> Result<Vec<String>, PadError> {
    let api = hidapi::HidApi::new().map_err(|e| PadError::Open(e.to_string()))?;
    let mut names: Vec<String> = api
        .device_list()
        .filter(|d| is_stu(d.vendor_id(), d.product_id()))
        .map(|d| format!("Wacom {}", d.product_string().unwrap_or("STU")))
        .collect();
    // One pad can show as several HID interfaces.
    names.dedup();
    Ok(names)
}

impl WacomPad {
    /// Opens the first STU signature pad found ([`super::STU_PRODUCTS`]); assumes the STU-540's
    /// coordinate ranges.
    pub fn open_first() -> Result<Self, PadError> {
        let api = hidapi::HidApi::new().map_err(|e| PadError::Open(e.to_string()))?;
        let found = api.device_list().find(|d| is_stu(d.vendor_id(), d.product_id())).ok_or(PadError::NotFound)?;
        let model = found.product_string().unwrap_or("STU").to_string();
        let serial = found.serial_number().map(str::to_string);
        let device = found.open_device(&api).map_err(|e| PadError::Open(e.to_string()))?;
        let range = STU_540;
        let info = PadInfo {
            kind: PadKind::Wacom,
            name: format!("Wacom {model}"),
            width: f64::from(range.max_x),
            height: f64::from(range.max_y),
            pressure_max: f64::from(range.max_pressure),
            device: DeviceMeta { vendor: Some("Wacom".into()), model: Some(model), serial, report_rate: Some(200.0) },
        };
        Ok(Self { device, info, range, started: Instant::now(), lost: false })
    }

    /// Best effort: asks the pad to clear its screen (e.g. after "Ryd"). Unverified on hardware; an
    /// error means the pad refused or is gone, and the caller may ignore it.
    pub fn clear_screen(&self) -> Result<(), PadError> {
        self.device.send_feature_report(&clear_screen_report()).map_err(|e| PadError::Open(e.to_string()))
    }

    /// Best effort: turns the pad's own ink echo on its screen on or off. Unverified on hardware.
    pub fn set_ink(&self, on: bool) -> Result<(), PadError> {
        self.device.send_feature_report(&ink_mode_report(on)).map_err(|e| PadError::Open(e.to_string()))
    }
}

impl PadSource for WacomPad {
    fn info(&self) -> PadInfo {
        self.info.clone()
    }

    fn next_event(&mut self, timeout: Duration) -> Option<PadEvent> {
        if self.lost {
            return Some(PadEvent::Lost("the pad was disconnected".into()));
        }
        let mut buf = [0u8; 64];
        let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        match self.device.read_timeout(&mut buf, ms) {
            Ok(0) => None,
            Ok(n) => match parse_pen_report(&buf[..n], self.range) {
                Ok(r) => Some(PadEvent::Sample(Sample {
                    t_ms: self.started.elapsed().as_secs_f64() * 1000.0,
                    x: f64::from(r.x),
                    y: f64::from(r.y),
                    pressure: if r.tip { f64::from(r.pressure.max(1)) } else { 0.0 },
                })),
                Err(e) => {
                    tracing::debug!(error = %e, "ignored a report from the pad");
                    None
                }
            },
            Err(e) => {
                self.lost = true;
                tracing::warn!(error = %e, "the signature pad stopped answering");
                Some(PadEvent::Lost(e.to_string()))
            }
        }
    }
}
