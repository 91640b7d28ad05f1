//! Frame sources: the project's own camera trait, a nokhwa source for real cameras and a replay
//! source for tests and demo. Today it holds device discovery, which `skranke diagnose` uses; the
//! frame sources come with the photo step (issue 4).
#![deny(missing_docs)]

mod devices;

pub use devices::{DeviceInfo, DeviceListError, list_devices};
