//! The live preview of the photo step: one thread pulls frames from the camera (or the replay
//! source) and hands each one to the webview as a JPEG; a second thread analyses the newest frame
//! with the live subset of the photo checks and sends guidance, including the auto-capture signal.
//! Each frame message is [`FRAME_HEADER_BYTES`] of capture time followed by the JPEG.
//! The newest frame is kept, and beside it the analysed frames that could be the best of the last
//! 3 seconds ([`RecentFrames`]: eyes open, frontal, sharp), so "Tag foto" checks the best frame
//! the clerk saw just before the press rather than a blink at the press.
use super::json::OvalView;
use crate::{ApiError, Code};
use serde::Serialize;
use skranke_camera::{Frame, FrameSource, SourceInfo};
use skranke_core::Check;
use skranke_photo::{AutoCapture, ChosenFrame, LiveTracker, Models, Oval, PhotoThresholds, RecentFrames};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// JPEG quality of preview frames (only for the screen; the photo is checked from the raw frame).
pub const PREVIEW_JPEG_QUALITY: u8 = 80;
/// Bytes before the JPEG in each frame message: the capture time as little-endian f64
/// milliseconds since the Unix epoch, so the webview can show (and the benchmark measure) the
/// preview's latency.
pub const FRAME_HEADER_BYTES: usize = 8;

/// One frame message: capture time header, then the JPEG.
pub fn frame_message(captured_at: std::time::SystemTime, jpeg: &[u8]) -> Vec<u8> {
    let ms = captured_at.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    let mut out = Vec::with_capacity(FRAME_HEADER_BYTES + jpeg.len());
    out.extend_from_slice(&ms.to_le_bytes());
    out.extend_from_slice(jpeg);
    out
}
/// Every live check must pass this long before the photo is taken automatically.
pub const AUTO_CAPTURE_HOLD_MS: u64 = 800;

/// What the photo step shows about the camera in use.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CameraInfo {
    /// The camera's name (or the replay source's).
    pub name: String,
    /// `device` or `replay`.
    #[ts(type = r#""device" | "replay""#)]
    pub kind: String,
    /// Frame width.
    pub width: u32,
    /// Frame height.
    pub height: u32,
    /// Frame rate asked for.
    pub fps: u32,
}

impl From<&SourceInfo> for CameraInfo {
    fn from(i: &SourceInfo) -> Self {
        let kind = serde_json::to_value(i.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_lowercase))
            .unwrap_or_else(|| "device".into());
        Self { name: i.name.clone(), kind, width: i.width, height: i.height, fps: i.fps }
    }
}

/// A message of the preview besides the frames themselves.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum CameraEvent {
    /// The live checks of the newest analysed frame.
    #[serde(rename_all = "camelCase")]
    Guidance {
        /// The frame's sequence number.
        seq: u64,
        /// The one most useful hint (`move_closer`, `too_dark`, … `ok`).
        #[ts(type = "GuidanceHint | null")]
        hint: Option<&'static str>,
        /// The live checks.
        checks: Vec<Check>,
        /// Every live check passes.
        all_pass: bool,
        /// Every live check has passed long enough: take the photo now.
        auto_capture: bool,
        /// The guide oval, as fractions of the frame.
        oval: OvalView,
        /// Frames delivered per second over the last second.
        fps: f64,
    },
    /// The camera was lost or failed; the preview has stopped.
    Lost {
        /// Why (`camera_disconnected`, …).
        code: Code,
    },
}

/// The newest frame and a signal for the analysis thread.
#[derive(Default)]
pub(crate) struct LatestFrame {
    frame: Mutex<Option<Arc<Frame>>>,
    fresh: Condvar,
}

impl LatestFrame {
    fn put(&self, frame: Arc<Frame>) {
        if let Ok(mut g) = self.frame.lock() {
            *g = Some(frame);
        }
        self.fresh.notify_all();
    }

    /// The newest frame, if any.
    pub(crate) fn get(&self) -> Option<Arc<Frame>> {
        self.frame.lock().ok().and_then(|g| g.clone())
    }

    /// Waits up to `max` for a frame newer than `after`.
    fn wait_newer(&self, after: Option<u64>, max: Duration) -> Option<Arc<Frame>> {
        let guard = self.frame.lock().ok()?;
        let (guard, _) = self
            .fresh
            .wait_timeout_while(guard, max, |f| f.as_ref().map(|f| Some(f.seq) == after).unwrap_or(true))
            .ok()?;
        guard.clone().filter(|f| Some(f.seq) != after)
    }
}

/// The analysed frames of the last moments, with the clock their times are on (ms since the
/// preview started).
pub(crate) struct RecentHistory {
    started: Instant,
    frames: Mutex<RecentFrames<Arc<Frame>>>,
}

impl RecentHistory {
    fn new(started: Instant) -> Self {
        Self { started, frames: Mutex::new(RecentFrames::default()) }
    }

    /// A frame's capture time on this history's clock.
    fn ms(&self, frame: &Frame) -> u64 {
        u64::try_from(frame.captured_at.saturating_duration_since(self.started).as_millis()).unwrap_or(u64::MAX)
    }

    fn push(&self, frame: &Arc<Frame>, score: Option<&skranke_photo::FrameScore>, t: &PhotoThresholds) {
        if let Ok(mut h) = self.frames.lock() {
            h.push(Arc::clone(frame), frame.seq, self.ms(frame), score, t);
        }
    }

    /// The best analysed frame of the window before `pressed` (the newest frame at the press).
    pub(crate) fn best_before(&self, pressed: &Frame) -> Option<ChosenFrame<Arc<Frame>>> {
        self.frames.lock().ok()?.best(self.ms(pressed))
    }
}

/// A running preview; stopping is idempotent.
pub(crate) struct Preview {
    stop: Arc<AtomicBool>,
    pub(crate) latest: Arc<LatestFrame>,
    pub(crate) recent: Arc<RecentHistory>,
}

impl Preview {
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.latest.fresh.notify_all();
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The event sink, shared by the capture thread (loss) and the guidance thread.
type EventSink = Arc<Mutex<dyn FnMut(CameraEvent) -> bool + Send>>;

/// Starts the capture and analysis threads on an opened source.
pub(crate) fn start(
    source: Box<dyn FrameSource>,
    models: Option<Arc<Models>>,
    photo: skranke_config::PhotoConfig,
    on_frame: impl FnMut(Vec<u8>) -> bool + Send + 'static,
    on_event: impl FnMut(CameraEvent) -> bool + Send + 'static,
) -> Result<Preview, ApiError> {
    let stop = Arc::new(AtomicBool::new(false));
    let latest = Arc::new(LatestFrame::default());
    let recent = Arc::new(RecentHistory::new(Instant::now()));
    let on_event: EventSink = Arc::new(Mutex::new(on_event));
    let fps = Arc::new(Mutex::new(FpsMeter::default()));
    {
        let (stop, latest, on_event, fps) =
            (Arc::clone(&stop), Arc::clone(&latest), Arc::clone(&on_event), Arc::clone(&fps));
        spawn("camera-capture", move || capture_loop(source, &stop, &latest, &on_event, &fps, on_frame))?;
    }
    if let Some(models) = models {
        let (stop, latest, recent) = (Arc::clone(&stop), Arc::clone(&latest), Arc::clone(&recent));
        spawn("camera-guidance", move || {
            let shared = Shared { stop: &stop, latest: &latest, recent: &recent, on_event: &on_event, fps: &fps };
            guidance_loop(&models, &photo, &shared);
        })?;
    }
    Ok(Preview { stop, latest, recent })
}

/// The capture thread: every frame becomes the newest frame and a JPEG frame message for the
/// webview, until stopped, the sink refuses, or the camera is lost (reported once as an event).
fn capture_loop(
    mut source: Box<dyn FrameSource>,
    stop: &AtomicBool,
    latest: &LatestFrame,
    on_event: &EventSink,
    fps: &Mutex<FpsMeter>,
    mut on_frame: impl FnMut(Vec<u8>) -> bool,
) {
    while !stop.load(Ordering::Relaxed) {
        let frame = match source.next_frame() {
            Ok(f) => Arc::new(f),
            Err(e) => {
                tracing::warn!(code = %e.code(), error = %e, "camera lost; preview stopped");
                stop.store(true, Ordering::Relaxed);
                if let Ok(mut send) = on_event.lock() {
                    send(CameraEvent::Lost { code: e.code() });
                }
                break;
            }
        };
        let captured_at = std::time::SystemTime::now();
        latest.put(Arc::clone(&frame));
        match frame.to_jpeg(PREVIEW_JPEG_QUALITY) {
            Ok(jpeg) => {
                if !on_frame(frame_message(captured_at, &jpeg)) {
                    stop.store(true, Ordering::Relaxed);
                }
                if let Ok(mut m) = fps.lock() {
                    m.tick(Instant::now());
                }
            }
            Err(e) => tracing::debug!(error = %e, "preview frame not encoded; skipped"),
        }
    }
    latest.fresh.notify_all();
}

/// What the guidance thread shares with the capture thread and "Tag foto".
struct Shared<'a> {
    stop: &'a AtomicBool,
    latest: &'a LatestFrame,
    recent: &'a RecentHistory,
    on_event: &'a EventSink,
    fps: &'a Mutex<FpsMeter>,
}

/// The guidance thread: the live checks on the newest frame, as often as they keep up, each
/// result sent as a guidance event with the auto-capture signal. Each analysed frame goes into
/// the recent history before its event is sent, so an auto-capture it signals can choose it.
fn guidance_loop(models: &Models, photo: &skranke_config::PhotoConfig, shared: &Shared<'_>) {
    let Shared { stop, latest, recent, on_event, fps } = *shared;
    let oval = Oval::default();
    let mut auto = AutoCapture::new(AUTO_CAPTURE_HOLD_MS);
    let mut tracker = LiveTracker::default();
    let started = Instant::now();
    let mut last = None;
    while !stop.load(Ordering::Relaxed) {
        let Some(frame) = latest.wait_newer(last, Duration::from_millis(500)) else { continue };
        last = Some(frame.seq);
        let Ok(rgb) = frame.to_rgb() else { continue };
        let guidance = match tracker.analyse(&rgb, models, &photo.checks, &oval) {
            Ok(g) => g,
            Err(e) => {
                tracing::debug!(error = %e, "live analysis failed on a frame");
                continue;
            }
        };
        recent.push(&frame, guidance.score.as_ref(), &photo.checks);
        let now_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let auto_capture = auto.update(&guidance, now_ms) && photo.auto_capture;
        let event = CameraEvent::Guidance {
            seq: frame.seq,
            all_pass: guidance.all_pass(),
            hint: guidance.hint,
            checks: guidance.checks,
            auto_capture,
            oval: OvalView::from(oval),
            fps: fps.lock().map(|m| m.per_second()).unwrap_or(0.0),
        };
        let delivered = on_event.lock().map(|mut send| send(event)).unwrap_or(false);
        if !delivered {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<(), ApiError> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map(|_| ())
        .map_err(|e| ApiError::new(Code::Internal, format!("cannot start the {name} thread: {e}")))
}

/// Delivered frames per second over a sliding second.
#[derive(Debug, Default)]
struct FpsMeter {
    stamps: std::collections::VecDeque<Instant>,
}

impl FpsMeter {
    fn tick(&mut self, now: Instant) {
        self.stamps.push_back(now);
        while self.stamps.front().is_some_and(|t| now.duration_since(*t) > Duration::from_secs(1)) {
            self.stamps.pop_front();
        }
    }

    fn per_second(&self) -> f64 {
        match (self.stamps.front(), self.stamps.back()) {
            (Some(a), Some(b)) if self.stamps.len() > 1 => {
                (self.stamps.len() - 1) as f64 / b.duration_since(*a).as_secs_f64().max(1e-6)
            }
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_message_is_the_capture_time_then_the_jpeg() {
        let t = std::time::UNIX_EPOCH + Duration::from_millis(1_764_000_000_123);
        let m = frame_message(t, &[0xFF, 0xD8, 0xFF, 0xD9]);
        assert_eq!(m.len(), FRAME_HEADER_BYTES + 4);
        let ms = f64::from_le_bytes(m[..8].try_into().expect("8 bytes"));
        assert_eq!(ms, 1_764_000_000_123.0);
        assert_eq!(&m[8..], &[0xFF, 0xD8, 0xFF, 0xD9]);
    }

    #[test]
    fn fps_meter_counts_a_sliding_second() {
        let mut m = FpsMeter::default();
        let t0 = Instant::now();
        for i in 0..31 {
            m.tick(t0 + Duration::from_millis(i * 33));
        }
        assert!((m.per_second() - 30.3).abs() < 0.5, "{}", m.per_second());
        m.tick(t0 + Duration::from_millis(3000));
        assert_eq!(m.per_second(), 0.0, "old frames fall out of the window");
    }
}
