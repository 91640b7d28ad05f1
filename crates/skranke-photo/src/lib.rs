//! Portrait analysis for the driving-licence photo: face detection (BlazeFace, ONNX, tract), the
//! Danish/ICAO still check (22 checks, [`CHECK_IDS`]), the 35:45 crop with JPEG under a size cap, live guidance
//! per preview frame and auto-capture. Checks and thresholds: docs/photo-checks.md.
//!
//! Public API in brief:
//! - [`Models::load`]`(&Path)` (the app/CLI pass `<repo or install dir>/assets/models`) or
//!   [`Models::load_default`]`()` (`$SKRANKE_MODELS_DIR`, else the repo's `assets/models`);
//!   missing files give [`PhotoError::ModelMissing`]. [`PhotoError::code`] gives `photo_*` codes.
//! - [`load_rgb`]`(&Path, max_side)` / [`decode_rgb`]`(&[u8], max_side)`: upright RGB (EXIF
//!   orientation applied; grey/alpha/16-bit/CMYK handled; huge or corrupt: typed error).
//! - [`check_still`]`(&RgbImage, &Models, &PhotoThresholds) -> Result<`[`StillResult`]`>` with
//!   `report: PhotoReport` (= `skranke_core::CheckReport`, checks in [`CHECK_IDS`] order),
//!   `face: Option<Face>`, `crop: Option<RgbImage>`; [`encode_jpeg`]`(&RgbImage, max_bytes)`.
//! - [`check_file`]`(&Path, &Models, &PhotoThresholds, crop_out: Option<&Path>) -> `[`FileReport`]
//!   which serialises to the CLI JSON line `{"file","verdict":"pass|fail|error","checks",
//!   "elapsed_ms","error"}`.
//! - [`analyse_frame`]`(&RgbImage, &Models, &PhotoThresholds, &`[`Oval`]`) -> Result<`[`LiveGuidance`]`>`
//!   (`checks`, `hint`: `no_face|one_face_only|too_dark|too_bright|move_closer|move_back|center_face|
//!   look_straight|hold_still|ok`); [`AutoCapture::new`]`(hold_ms)` + `.update(&LiveGuidance, now_ms) -> bool`.
//! - [`card_photo`] / [`card_photo_jpeg`]: the accepted crop at the licence card's print size
//!   ([`skranke_core::CardLayout`]), for the card preview before Send.
#![deny(missing_docs)]

mod background;
mod card;
mod crop;
mod error;
mod expression;
mod eyes;
mod face_frame;
mod file;
mod geometry;
mod head;
mod head_covering;
mod image_io;
mod landmarks;
mod live;
mod measures;
mod mesh;
mod message_keys;
mod models;
mod occlusion;
mod recent_frames;
mod scene_light;
mod skin;
mod square_model;
mod still;

pub use card::{card_photo, card_photo_jpeg};
pub use crop::{MAX_OUTPUT_HEIGHT, encode_jpeg};
pub use error::PhotoError;
pub use file::{FileReport, check_file};
pub use geometry::{Face, Point, Point3};
pub use image_io::{decode_rgb, load_rgb};
pub use landmarks::{EyeContour, FACEMESH_FILE, IRIS_FILE, LANDMARK_COUNT, Landmarks};
pub use live::{AutoCapture, LiveGuidance, LiveTracker, Oval, analyse_frame};
pub use message_keys::{LIVE_MESSAGE_KEYS, STILL_MESSAGE_KEYS};
pub use models::{DETECTOR_FILE, Models, default_dir};
pub use recent_frames::{BEST_FRAME_WINDOW_MS, ChosenFrame, FrameRank, FrameScore, MAX_KEPT, RecentFrames};
pub use skranke_core::PhotoThresholds;
pub use still::{CHECK_IDS, PhotoReport, StillResult, check_still};
