//! Transport shapes (camelCase JSON) of this part, as the UI and `--json` see them (docs/ipc.md).
use serde::Serialize;

/// The result of checking a captured photo: the report and the cropped JPEG to show.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhotoCheckView {
    /// The still check report (17 checks, fixed order).
    pub report: skranke_core::CheckReport,
    /// The 35:45 crop as a `data:image/jpeg;base64,...` URL for the webview (absent: no face).
    pub crop_data_url: Option<String>,
    /// Size of the crop in bytes.
    pub crop_bytes: Option<u64>,
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
        }
    }
}
