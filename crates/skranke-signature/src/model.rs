//! The stroke model: samples in the pad's own units, (0,0) top-left, pressure 0 meaning pen up,
//! plus what is known of the device. This is also the stroke file format (docs/signature.md).
use serde::{Deserialize, Serialize};

/// One pen sample: `[t_ms, x, y, pressure]` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct Sample {
    /// Milliseconds since the first sample.
    pub t_ms: f64,
    /// Horizontal position, device units.
    pub x: f64,
    /// Vertical position, device units (down is positive).
    pub y: f64,
    /// Pen pressure in device units; 0 is pen up.
    pub pressure: f64,
}

impl Sample {
    /// Whether the pen touches the surface.
    pub fn pen_down(&self) -> bool {
        self.pressure > 0.0
    }
}

impl From<[f64; 4]> for Sample {
    fn from(a: [f64; 4]) -> Self {
        Self { t_ms: a[0], x: a[1], y: a[2], pressure: a[3] }
    }
}

impl From<Sample> for [f64; 4] {
    fn from(s: Sample) -> Self {
        [s.t_ms, s.x, s.y, s.pressure]
    }
}

/// What is known of the pad that recorded a signature.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceMeta {
    /// Vendor, e.g. `Wacom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Model, e.g. `STU-540`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Reports per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_rate: Option<f64>,
}

/// A signature as recorded: the stroke file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StrokeFile {
    /// Field width in device units.
    pub width: f64,
    /// Field height in device units.
    pub height: f64,
    /// Pressure at full force, device units.
    pub pressure_max: f64,
    /// The samples in time order (reading stops with an error after [`crate::MAX_SAMPLES`]).
    #[cfg_attr(feature = "ts", ts(type = "Array<[number, number, number, number]>"))]
    #[serde(with = "bounded_samples")]
    pub samples: Vec<Sample>,
    /// `false` when the device gives no real pressure (mouse, Linux webview): pressure is then only
    /// 0 or a constant, and rendering uses a constant width.
    #[serde(default = "yes")]
    pub pressure_available: bool,
    /// The device, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub device: Option<DeviceMeta>,
}

fn yes() -> bool {
    true
}

/// Reads `samples` refusing the one after [`MAX_SAMPLES`] as it comes, so a file of tiny samples
/// (`[0,0,0,0]`, seven times the limit in an 8 MB file) never holds more than the limit in memory;
/// checking the count after reading had made a 32 MiB vector first. Writes them unchanged.
pub(crate) mod bounded_samples {
    use super::Sample;
    use crate::MAX_SAMPLES;
    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serialize, Serializer};

    /// The start of the error message, so the file reader can tell "too large" from "malformed".
    pub(crate) const TOO_MANY: &str = "more samples than the limit";

    /// Writes the samples as they are.
    pub fn serialize<S: Serializer>(samples: &[Sample], s: S) -> Result<S::Ok, S::Error> {
        samples.serialize(s)
    }

    /// Reads at most [`MAX_SAMPLES`] samples.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Sample>, D::Error> {
        d.deserialize_seq(Bounded)
    }

    struct Bounded;

    impl<'de> Visitor<'de> for Bounded {
        type Value = Vec<Sample>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an array of at most {MAX_SAMPLES} samples")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(sample) = seq.next_element()? {
                if out.len() == MAX_SAMPLES {
                    return Err(serde::de::Error::custom(format!("{TOO_MANY} ({MAX_SAMPLES})")));
                }
                out.push(sample);
            }
            Ok(out)
        }
    }
}

/// A signature is biometric data: the field, the device and counts, never a sample (point,
/// time or pressure). [`crate::pad::ReplayPad`] and the app's accepted signature print this too.
impl std::fmt::Debug for StrokeFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrokeFile")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("pressure_max", &self.pressure_max)
            .field("samples", &format_args!("<{} samples>", self.samples.len()))
            .field("strokes", &self.strokes().len())
            .field("pressure_available", &self.pressure_available)
            .field("device", &self.device)
            .finish()
    }
}

impl StrokeFile {
    /// The pen-down runs, each a slice of consecutive inked samples.
    pub fn strokes(&self) -> Vec<&[Sample]> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        for (i, s) in self.samples.iter().enumerate() {
            match (s.pen_down(), start) {
                (true, None) => start = Some(i),
                (false, Some(b)) => {
                    out.push(&self.samples[b..i]);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(b) = start {
            out.push(&self.samples[b..]);
        }
        out
    }

    /// Every inked sample.
    pub fn inked(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter().filter(|s| s.pen_down())
    }
}
