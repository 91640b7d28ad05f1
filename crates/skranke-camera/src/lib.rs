//! Frame sources: the project's own camera trait ([`FrameSource`]), a nokhwa source for real
//! cameras, a replay source of recorded portraits for tests and demo, and device discovery for
//! `skranke diagnose`. The photo step's preview and the still check read frames only through the
//! trait, so the replay source exercises the same path as a camera. docs/camera.md.
//!
//! - [`open_source`] turns `camera.source` (`auto`, an index, a name, `replay:<dir>`,
//!   `replay:demo`, `?unplug_after=N`) into a source.
//! - [`Frame`] holds JPEG and/or RGB, each made once: MJPEG camera frames reach the preview
//!   untouched.
//! - [`CameraError::code`] gives the stable `camera_*` code the UI reacts to.
//!
//! ```
//! use skranke_camera::{FrameSource, open_source};
//! // No camera needed: the demo portraits, 320x180 at 30 fps, unplugged after two frames.
//! let mut camera = open_source("replay:demo?unplug_after=2", false, 320, 180, 30, None)?;
//! let frame = camera.next_frame()?;
//! assert_eq!((frame.width, frame.height), (320, 180));
//! assert_eq!(&frame.to_jpeg(80)?[..2], &[0xFF, 0xD8]);
//! camera.next_frame()?;
//! assert_eq!(camera.next_frame().err().map(|e| e.code()), Some(skranke_core::Code::CameraDisconnected));
//! # Ok::<(), skranke_camera::CameraError>(())
//! ```
#![deny(missing_docs)]

mod decode;
mod device;
mod devices;
mod error;
mod frame;
mod open;
mod replay;
mod source;

pub use decode::{MAX_FRAME_SIDE, MAX_REPLAY_SIDE};
pub use device::{open_first, open_index, open_named};
pub use devices::{DeviceInfo, DeviceListError, list_devices};
pub use error::CameraError;
pub use frame::Frame;
pub use open::open_source;
pub use replay::{Placement, Placer, ReplaySource, demo_portraits_dir, place};
pub use source::{FrameSource, SourceInfo, SourceKind};
