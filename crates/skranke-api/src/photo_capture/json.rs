//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::Serialize;

/// The result of checking a captured photo: the report and the cropped JPEG to show.
#[derive(ts_rs::TS, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhotoCheckView {
    /// The still check report (every check of `skranke_photo::CHECK_IDS`, fixed order).
    pub report: skranke_core::CheckReport,
    /// The 35:45 crop as a `data:image/jpeg;base64,...` URL for the webview (absent: no face).
    pub crop_data_url: Option<String>,
    /// Size of the crop in bytes.
    pub crop_bytes: Option<u64>,
    /// Which preview frame was checked ("Tag foto" and auto-capture; absent for an image file).
    #[ts(optional, inline)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chosen_frame: Option<ChosenFrameView>,
}

/// The preview frame "Tag foto" checked: the best of the last seconds before the press, so the
/// clerk can see that the photo is not the frame at the moment of the press (and retake).
#[derive(ts_rs::TS, Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ChosenFrameView {
    /// The chosen frame's sequence number.
    pub seq: u64,
    /// The newest frame's sequence number at the press.
    pub press_seq: u64,
    /// How long before the newest frame at the press the chosen one was captured, ms.
    pub ms_before_press: u64,
    /// What the live analysis found on it; absent when no frame had been analysed yet (then
    /// the frame at the press was taken).
    #[ts(inline)]
    pub rank: Option<FrameRankView>,
}

/// What a chosen frame met by the still check's limits (the best-frame choice's reasons).
#[derive(ts_rs::TS, Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct FrameRankView {
    /// Both eyes open.
    pub eyes_open: bool,
    /// Yaw, pitch and roll within their limits.
    pub frontal: bool,
    /// Sharp enough.
    pub sharp: bool,
}

impl ChosenFrameView {
    /// The frame the recent history chose for a press whose newest frame was `press_seq`.
    pub(crate) fn chosen<F>(c: &skranke_photo::ChosenFrame<F>, press_seq: u64) -> Self {
        let r = c.rank;
        Self {
            seq: c.seq,
            press_seq: press_seq.max(c.seq),
            ms_before_press: c.before_press_ms,
            rank: Some(FrameRankView { eyes_open: r.eyes_open, frontal: r.frontal, sharp: r.sharp }),
        }
    }

    /// The newest frame, taken because no analysed frame qualified.
    pub(crate) fn at_press(seq: u64) -> Self {
        Self { seq, press_seq: seq, ms_before_press: 0, rank: None }
    }
}

/// The report and the crop's size; the data URL (the portrait, base64) is left out.
impl std::fmt::Debug for PhotoCheckView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoCheckView")
            .field("report", &self.report)
            .field("crop_bytes", &self.crop_bytes)
            .finish_non_exhaustive()
    }
}

impl From<&super::engine::CheckedStill> for PhotoCheckView {
    fn from(c: &super::engine::CheckedStill) -> Self {
        use base64::Engine;
        Self {
            report: c.report.clone(),
            crop_data_url: c
                .jpeg
                .as_ref()
                .map(|j| format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(j))),
            crop_bytes: c.jpeg.as_ref().map(|j| j.len() as u64),
            chosen_frame: None,
        }
    }
}

/// The guide oval as the UI receives it (camelCase; `skranke_photo::Oval` is the engine's).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OvalView {
    /// Centre x, fraction of the frame width.
    pub cx: f64,
    /// Centre y, fraction of the frame height.
    pub cy: f64,
    /// Head height (chin to crown) the oval stands for, fraction of the frame height.
    pub head_height: f64,
    /// Allowed offset of the face centre from the oval centre, fraction of the frame height.
    pub tolerance: f64,
}

impl From<skranke_photo::Oval> for OvalView {
    fn from(o: skranke_photo::Oval) -> Self {
        Self { cx: o.cx, cy: o.cy, head_height: o.head_height, tolerance: o.tolerance }
    }
}

/// The hints `CameraEvent::Guidance` carries (skranke_photo's live guidance codes), for the UI's
/// `GuidanceHint` union; a `crate::ipc` test checks the photo engine gives no other.
pub const GUIDANCE_HINTS: &[&str] = &[
    "no_face",
    "one_face_only",
    "too_dark",
    "too_bright",
    "center_face",
    "move_closer",
    "move_back",
    "look_straight",
    "hold_still",
    "ok",
];
