//! Wacom STU signature pads (430/530/540) over USB HID, vendor id 0x056A. Wacom does not publish
//! the protocol; the report layout here follows public reverse-engineered code (see
//! docs/signature.md) and is tested on recorded report bytes, not on a real pad.
mod report;
#[cfg(feature = "wacom")]
mod driver;

pub use report::{PadRange, PenReport, ReportError, STU_540, parse_pen_report};
#[cfg(feature = "wacom")]
pub use driver::WacomPad;

/// Wacom's USB vendor id.
pub const VENDOR_ID: u16 = 0x056A;
