//! Where the citizen signs: the pad the configuration and the connected hardware give (a Wacom
//! STU, a replayed stroke file, or the screen), and the pump that hands its events to the UI.
use crate::{ApiError, Code};
use skranke_config::Config;
use skranke_signature::pad::{PadEvent, PadInfo, PadSource};
use std::path::Path;

/// Where the citizen signs, as the configuration and the connected hardware decide.
pub enum PadChoice {
    /// Pen or mouse on the clerk's screen: the webview records the ink itself.
    Screen(PadInfo),
    /// A pad that reports samples: the Wacom STU driver or a replayed stroke file.
    Source(Box<dyn PadSource>),
}

impl PadChoice {
    /// The pad's description.
    pub fn info(&self) -> PadInfo {
        match self {
            Self::Screen(info) => info.clone(),
            Self::Source(s) => s.info(),
        }
    }
}

/// Opens the pad `signature.pad` names: `auto` (a Wacom STU if connected; otherwise the replayed
/// demo signature in demo mode and the screen in production), `wacom`, `canvas`, `replay:demo`
/// (the built-in demo signature) or `replay:<dir>` (the first stroke file in that folder).
pub fn open_pad(config: &Config) -> Result<PadChoice, ApiError> {
    let setting = config.signature.pad.trim();
    match setting {
        "canvas" => Ok(PadChoice::Screen(PadInfo::canvas())),
        "wacom" => open_wacom(),
        "auto" => match open_wacom() {
            Ok(pad) => Ok(pad),
            Err(e) if e.code == Code::PadNotFound || e.code == Code::NotAvailable => {
                if config.mode == skranke_config::Mode::Demo {
                    demo_replay()
                } else {
                    Ok(PadChoice::Screen(PadInfo::canvas()))
                }
            }
            Err(e) => Err(e),
        },
        "replay:demo" => demo_replay(),
        other => match other.strip_prefix("replay:") {
            Some(dir) => replay_dir(Path::new(dir)),
            None => Err(ApiError::new(Code::ConfigInvalid, format!("signature.pad: unknown pad {other:?}"))),
        },
    }
}

/// The pace of replayed signatures (as recorded).
const REPLAY_SPEED: f64 = 1.0;

fn demo_replay() -> Result<PadChoice, ApiError> {
    let (name, json) = skranke_signature::DEMO_SIGNATURES
        .first()
        .ok_or_else(|| ApiError::new(Code::Internal, "no demo signature in this build"))?;
    let file = skranke_signature::parse_stroke_file(json.as_bytes()).map_err(ApiError::from)?;
    Ok(PadChoice::Source(Box::new(skranke_signature::pad::ReplayPad::new(
        format!("Demo-blok ({name})"),
        file,
        REPLAY_SPEED,
    ))))
}

fn replay_dir(dir: &Path) -> Result<PadChoice, ApiError> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ApiError::new(Code::PadNotFound, format!("replay folder {}: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let first = files
        .first()
        .ok_or_else(|| ApiError::new(Code::PadNotFound, format!("no stroke file in {}", dir.display())))?;
    let file = skranke_signature::read_stroke_file(first).map_err(ApiError::from)?;
    Ok(PadChoice::Source(Box::new(skranke_signature::pad::ReplayPad::new("Afspillet blok", file, REPLAY_SPEED))))
}

fn open_wacom() -> Result<PadChoice, ApiError> {
    skranke_signature::pad::wacom::WacomPad::open_first()
        .map(|p| PadChoice::Source(Box::new(p)))
        .map_err(ApiError::from)
}

/// A pad event as the UI receives it (one message per event on the pad channel).
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PadEventView {
    /// A pen sample: time (ms), position (device units), pressure (0 = pen up).
    Sample {
        /// Milliseconds since the first sample.
        t: f64,
        /// Horizontal position.
        x: f64,
        /// Vertical position.
        y: f64,
        /// Pressure.
        p: f64,
    },
    /// The pad disappeared.
    Lost,
    /// The pad has nothing more (a replay ended).
    Done,
}

impl From<&PadEvent> for PadEventView {
    fn from(e: &PadEvent) -> Self {
        match e {
            PadEvent::Sample(s) => Self::Sample { t: s.t_ms, x: s.x, y: s.y, p: s.pressure },
            PadEvent::Lost(_) => Self::Lost,
            PadEvent::Done => Self::Done,
        }
    }
}

/// Reads `pad` on the calling thread and hands each event to `sink` until the pad ends, is lost,
/// `stop` is set, or `sink` returns `false` (the UI went away).
pub fn pump_pad(
    mut pad: Box<dyn PadSource>,
    stop: &std::sync::atomic::AtomicBool,
    mut sink: impl FnMut(PadEventView) -> bool,
) {
    use std::sync::atomic::Ordering;
    while !stop.load(Ordering::Relaxed) {
        let Some(event) = pad.next_event(std::time::Duration::from_millis(100)) else { continue };
        if let PadEvent::Lost(reason) = &event {
            tracing::warn!(reason = %reason, "signature pad lost");
        }
        let last = !matches!(event, PadEvent::Sample(_));
        if !sink(PadEventView::from(&event)) || last {
            break;
        }
    }
}
