//! Parsing the STU pen report (report id 0x01): status bits, 12-bit pressure, 16-bit x and y,
//! big-endian. Pure, so it is tested on recorded bytes, garbage included.

/// One pen report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenReport {
    /// The pen is in range of the surface.
    pub in_range: bool,
    /// The pen tip touches the surface.
    pub tip: bool,
    /// Pressure, 0-1023 on the 5xx models.
    pub pressure: u16,
    /// Horizontal position, device units.
    pub x: u16,
    /// Vertical position, device units.
    pub y: u16,
}

/// A report that is not a pen report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Empty or shorter than a pen report.
    #[error("report too short: {0} bytes")]
    Short(usize),
    /// Another report id (not a pen report).
    #[error("not a pen report: id 0x{0:02x}")]
    OtherReport(u8),
    /// Coordinates outside what the pad can report.
    #[error("pen report out of range")]
    OutOfRange,
}

/// Coordinate ranges of a pad model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PadRange {
    /// Largest x.
    pub max_x: u16,
    /// Largest y.
    pub max_y: u16,
    /// Largest pressure.
    pub max_pressure: u16,
}

/// The STU-540's ranges (the 530 has the same).
pub const STU_540: PadRange = PadRange { max_x: 9600, max_y: 6000, max_pressure: 1023 };

/// Parses one input report (first byte the report id).
pub fn parse_pen_report(bytes: &[u8], range: PadRange) -> Result<PenReport, ReportError> {
    let Some(&id) = bytes.first() else { return Err(ReportError::Short(0)) };
    if id != 0x01 {
        return Err(ReportError::OtherReport(id));
    }
    if bytes.len() < 7 {
        return Err(ReportError::Short(bytes.len()));
    }
    let status = bytes[1];
    let report = PenReport {
        in_range: status & 0x80 != 0,
        tip: status & 0x10 != 0,
        pressure: (u16::from(status & 0x0F) << 8) | u16::from(bytes[2]),
        x: u16::from_be_bytes([bytes[3], bytes[4]]),
        y: u16::from_be_bytes([bytes[5], bytes[6]]),
    };
    if report.x > range.max_x || report.y > range.max_y || report.pressure > range.max_pressure {
        return Err(ReportError::OutOfRange);
    }
    Ok(report)
}

/// Feature report that clears the pad's screen, as public reverse-engineered code sends it
/// (report id 0x20, one zero byte). Best effort: not verified on hardware.
pub fn clear_screen_report() -> [u8; 2] {
    [0x20, 0x00]
}

/// Feature report that turns the pad's own ink echo on or off (report id 0x21, 1 or 0), as public
/// reverse-engineered code sends it. Best effort: not verified on hardware.
pub fn ink_mode_report(on: bool) -> [u8; 2] {
    [0x21, u8::from(on)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_recorded_pen_reports() {
        // Pen touching at (4800, 3000) with pressure 512 (0x200): status 0x80|0x10|0x02.
        let r = parse_pen_report(&[0x01, 0x92, 0x00, 0x12, 0xC0, 0x0B, 0xB8], STU_540).expect("pen");
        assert_eq!(r, PenReport { in_range: true, tip: true, pressure: 512, x: 4800, y: 3000 });
        // Hovering: in range, no tip, no pressure.
        let r = parse_pen_report(&[0x01, 0x80, 0x00, 0x00, 0x64, 0x00, 0x32, 0xFF], STU_540).expect("hover");
        assert!(r.in_range && !r.tip);
        assert_eq!((r.x, r.y, r.pressure), (100, 50, 0));
        // Pen away.
        assert!(!parse_pen_report(&[0x01, 0x00, 0, 0, 0, 0, 0], STU_540).expect("away").in_range);
    }

    #[test]
    fn feature_reports_start_with_their_id() {
        assert_eq!(clear_screen_report(), [0x20, 0]);
        assert_eq!(ink_mode_report(true), [0x21, 1]);
        assert_eq!(ink_mode_report(false), [0x21, 0]);
    }

    #[test]
    fn garbage_is_an_error_never_a_panic() {
        assert_eq!(parse_pen_report(&[], STU_540), Err(ReportError::Short(0)));
        assert_eq!(parse_pen_report(&[0x01, 0x90], STU_540), Err(ReportError::Short(2)));
        assert_eq!(parse_pen_report(&[0x08, 0, 0, 0, 0, 0, 0], STU_540), Err(ReportError::OtherReport(8)));
        assert_eq!(parse_pen_report(&[0x01, 0x90, 0, 0xFF, 0xFF, 0, 0], STU_540), Err(ReportError::OutOfRange));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_fail_cleanly(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..16)) {
            let _ = parse_pen_report(&bytes, STU_540);
        }
    }
}
