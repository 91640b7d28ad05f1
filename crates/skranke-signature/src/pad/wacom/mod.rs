//! Wacom STU signature pads (430/530/540) over USB HID, vendor id 0x056A. Wacom does not publish
//! the protocol; the report layout here follows public reverse-engineered code (see
//! docs/signature.md) and is tested on recorded report bytes, not on a real pad.
#[cfg(feature = "wacom")]
mod driver;
mod report;

#[cfg(feature = "wacom")]
pub use driver::{WacomPad, connected_pads};
pub use report::{PadRange, PenReport, ReportError, STU_540, clear_screen_report, ink_mode_report, parse_pen_report};

/// Wacom's USB vendor id.
pub const VENDOR_ID: u16 = 0x056A;

/// Product ids of STU signature pads seen in public code (sources disagree on which id is which
/// model, so the names are indicative). Other Wacom devices (pen tablets) are never opened.
pub const STU_PRODUCTS: &[(u16, &str)] =
    &[(0x00A4, "STU-430"), (0x00A5, "STU-530"), (0x0098, "STU-530"), (0x00A8, "STU-540")];

/// Whether a USB device is a supported STU signature pad.
pub fn is_stu(vendor_id: u16, product_id: u16) -> bool {
    vendor_id == VENDOR_ID && STU_PRODUCTS.iter().any(|(id, _)| *id == product_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stu_pads_are_picked() {
        assert!(is_stu(0x056A, 0x00A8));
        assert!(is_stu(0x056A, 0x00A4));
        assert!(!is_stu(0x056A, 0x0357), "an Intuos pen tablet is not a signature pad");
        assert!(!is_stu(0x046D, 0x00A8), "another vendor");
    }
}
