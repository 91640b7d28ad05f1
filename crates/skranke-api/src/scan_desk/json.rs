//! Transport shapes (camelCase JSON) of the scan desk, as the Scanning view and `--json` see
//! them (docs/ipc.md). Corners are in the pixels of the page as scanned; the UI scales them to
//! its picture of the page (`width` x `height`).
use serde::{Deserialize, Serialize};
use skranke_core::CheckReport;

/// Four corners `[x, y]` in page pixels, clockwise from the card's top-left.
pub type Corners = [[f64; 2]; 4];

/// Where a file in the scan inbox came from.
#[derive(ts_rs::TS, Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScanOrigin {
    /// The watched folder (`[scan] watch_dir`): moved to `done/` or `failed/` when finished.
    Folder,
    /// Opened in the app: left where it is.
    Opened,
}

/// One page of a file in the inbox, in brief.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScanPageSummary {
    /// 1-based page number.
    pub page: u32,
    /// Both fields' checks passed.
    pub passes: bool,
    /// The page's capture is in the outbox.
    pub queued: bool,
    /// Why the page cannot be used (no card found, ...); `None` when a card was found.
    pub error: Option<crate::Code>,
}

/// A scanner's file in the inbox.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScanFileView {
    /// Stable id (the start of the file's SHA-256).
    pub id: String,
    /// File name.
    pub name: String,
    /// Watched folder or opened.
    pub origin: ScanOrigin,
    /// Its pages.
    pub pages: Vec<ScanPageSummary>,
}

/// The scan inbox.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScanInboxView {
    /// The watched folder, when one is configured.
    pub watch_dir: Option<String>,
    /// Files waiting, oldest name first.
    pub files: Vec<ScanFileView>,
    /// Files moved to `failed/` at this look, with why (shown once).
    pub failed: Vec<ScanFailedView>,
}

/// A file the watched folder set aside.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScanFailedView {
    /// File name.
    pub name: String,
    /// Why.
    pub code: crate::Code,
}

/// One page as the clerk works on it: the page, the proposed crops, the cuts and their checks.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScanPageView {
    /// The file's id.
    pub file_id: String,
    /// 1-based page.
    pub page: u32,
    /// The scan's resolution.
    pub dpi: f64,
    /// The file did not say its resolution (300 assumed).
    pub dpi_assumed: bool,
    /// The page's width in pixels as scanned.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// The page, downscaled, as a `data:image/jpeg;base64,` URL.
    pub page_image: String,
    /// The card on the page.
    pub card: Corners,
    /// The glued photo, or the layout's photo box when no photo was found there.
    pub photo: Corners,
    /// A glued photo was found (its edges around one face).
    pub photo_found: bool,
    /// The signature field.
    pub signature: Corners,
    /// The photo as cut (35:45, JPEG data URL).
    pub photo_crop: String,
    /// The signature field as cut (PNG data URL).
    pub signature_crop: String,
    /// The photo's checks (the still check under `[photo.scan]`, plus the scan's own).
    pub photo_report: CheckReport,
    /// The signature's image checks.
    pub signature_report: CheckReport,
    /// The page's capture is already in the outbox.
    pub queued: bool,
}
