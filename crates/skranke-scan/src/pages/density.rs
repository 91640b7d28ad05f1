//! A page's stated resolution turned into dots per inch, or [`ASSUMED_DPI`] when the file states
//! none or nonsense.

use super::ASSUMED_DPI;

/// The unit a file states its resolution in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Inch,
    Centimetre,
    Metre,
}

/// Below or above these a stated resolution is no scanner's (JFIF's "1 dot per inch" placeholder,
/// a zero, an overflow): it counts as unstated. Odd but possible values (72 dpi from a phone app,
/// 2400 dpi) are kept for the checks to judge.
const PLAUSIBLE_DPI: std::ops::RangeInclusive<f64> = 10.0..=20_000.0;

/// `value` pixels per `unit` in pixels per inch.
pub(super) fn per_inch(value: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Inch => value,
        Unit::Centimetre => value * 2.54,
        Unit::Metre => value * 0.0254,
    }
}

/// Whether a stated resolution is one a file could mean (see [`PLAUSIBLE_DPI`]).
pub(super) fn plausible(dpi: f64) -> bool {
    PLAUSIBLE_DPI.contains(&dpi)
}

/// The page's dpi and whether it was assumed: the stated one when plausible (to 0.01: a PDF's
/// 299.99999 from single-precision sizes is 300), else [`ASSUMED_DPI`].
pub(super) fn resolve(stated: Option<f64>) -> (f64, bool) {
    match stated {
        Some(dpi) if plausible(dpi) => ((dpi * 100.0).round() / 100.0, false),
        _ => (ASSUMED_DPI, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_inches() {
        assert_eq!(per_inch(300.0, Unit::Inch), 300.0);
        assert!((per_inch(118.11, Unit::Centimetre) - 300.0).abs() < 0.01);
        assert!((per_inch(11_811.0, Unit::Metre) - 300.0).abs() < 0.01);
    }

    #[test]
    fn nonsense_and_missing_resolutions_are_assumed() {
        assert_eq!(resolve(Some(600.0)), (600.0, false));
        assert_eq!(resolve(Some(72.0)), (72.0, false));
        assert_eq!(resolve(Some(299.999_993_8)), (300.0, false));
        assert_eq!(resolve(Some(299.72)), (299.72, false));
        for nonsense in [None, Some(0.0), Some(1.0), Some(-300.0), Some(f64::NAN), Some(f64::INFINITY)] {
            assert_eq!(resolve(nonsense), (ASSUMED_DPI, true), "{nonsense:?}");
        }
    }
}
