//! Frame sources: the project's own camera trait ([`FrameSource`]), a nokhwa source for real
//! cameras, a replay source of recorded portraits for tests and demo, and device discovery for
//! `skranke diagnose`. The photo step's preview and the still check read frames only through the
//! trait, so the replay source exercises the same path as a camera. docs/camera.md.
#![deny(missing_docs)]

mod device;
mod devices;
mod error;
mod frame;
mod open;
mod replay;
mod source;

pub use device::{open_first, open_index, open_named};
pub use devices::{DeviceInfo, DeviceListError, list_devices};
pub use error::CameraError;
pub use frame::Frame;
pub use open::open_source;
pub use replay::{Placement, Placer, ReplaySource, demo_portraits_dir, place};
pub use source::{FrameSource, SourceInfo, SourceKind};
