//! The thresholds of the scanned signature's checks (skranke-scan's `check_scanned_signature`),
//! in millimetres of the card (so they hold at any scan resolution). They live here, beside the
//! counter's [`SignatureThresholds`](crate::SignatureThresholds), so the config crate can embed
//! them as `[signature.scan]` without depending on skranke-scan. The photo's are
//! [`ScanPhotoThresholds`](crate::ScanPhotoThresholds) (`[photo.scan]`).

use serde::{Deserialize, Serialize};

/// The largest length threshold accepted, mm: far beyond any card (the stamkort is 150 mm wide),
/// small enough that a margin in pixels stays a small number at any scan resolution.
pub const MAX_SCAN_SIGNATURE_MM: f64 = 1000.0;

/// Thresholds of skranke-scan's `check_scanned_signature` (`[signature.scan]`). Lengths in mm on
/// the card; the defaults are for the stamkort's 85x22 mm field and a ballpoint pen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ScanSignatureThresholds {
    /// How much darker than the paper around it a pixel must be to count as ink, as a share of
    /// the paper's luminance (0.3: paper at 240 makes ink below 168). Well above JPEG ringing and
    /// scanner grain (a few per cent), well below a ballpoint or felt-tip line.
    pub ink_contrast: f64,
    /// Marks no larger than this on both axes are dust or scanner specks, not ink, mm.
    pub max_speck_mm: f64,
    /// A straight horizontal (vertical) run of dark pixels at least this share of the field's
    /// width (height) is the form's printed border or baseline and is taken out before any
    /// check (it may lean by about 1° over the field's width).
    pub printed_line_min_share: f64,
    /// `scan_ink_present`: the smallest share of the field's pixels that is ink (0.001 of the
    /// stamkort field is about 1.9 mm², a 5 mm stroke; a signature covers 1-8 %).
    pub min_ink_share: f64,
    /// `scan_ink_extent`: the ink's box must be at least this wide, mm.
    pub min_width_mm: f64,
    /// `scan_ink_extent`: the ink's box must be at least this tall, mm.
    pub min_height_mm: f64,
    /// `scan_not_a_line`: the ink's root-mean-square distance from the straight line through it
    /// must be at least this, mm. A straight stroke 1 mm wide measures 0.3 mm; handwriting with
    /// letters 2 mm high or more measures 0.6 mm or more.
    pub min_line_deviation_mm: f64,
    /// `scan_clear_of_edge`: ink this close to the field's edge counts as touching it, mm.
    pub edge_margin_mm: f64,
    /// `scan_clear_of_edge`: the most ink within the edge margin, mm² (0.1: less than one 0.3 mm
    /// stroke crossing the margin).
    pub max_edge_ink_mm2: f64,
    /// `scan_no_printed_lines`: a mark left after the printed lines are taken out that is at
    /// least this long and straight along the field's axes is a stray piece of print, mm.
    pub stray_min_length_mm: f64,
    /// `scan_no_printed_lines`: a mark at least `stray_min_length_mm` long is stray print only when
    /// it is at most this thick, mm (a printed rule, not handwriting).
    pub stray_max_width_mm: f64,
}

impl Default for ScanSignatureThresholds {
    fn default() -> Self {
        Self {
            ink_contrast: 0.3,
            max_speck_mm: 0.4,
            printed_line_min_share: 0.5,
            min_ink_share: 0.001,
            min_width_mm: 10.0,
            min_height_mm: 3.0,
            min_line_deviation_mm: 0.5,
            edge_margin_mm: 1.0,
            max_edge_ink_mm2: 0.1,
            stray_min_length_mm: 4.0,
            stray_max_width_mm: 0.8,
        }
    }
}

/// A scanned signature threshold outside the range its check works with (see
/// [`ScanSignatureThresholds::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {rule}")]
pub struct ScanSignatureThresholdError {
    /// The field's name, as in the configuration (`min_width_mm`).
    pub field: &'static str,
    /// The range it must lie in, in English.
    pub rule: &'static str,
}

impl ScanSignatureThresholds {
    /// Checks that every threshold is a number its check can work with: `ink_contrast` above 0
    /// and below 1 (0 makes the paper's grain ink, 1 makes nothing ink), the shares from 0 to 1
    /// (`printed_line_min_share` above 0: every dark pixel would be a printed line), the lengths
    /// from 0 to [`MAX_SCAN_SIGNATURE_MM`] and the area 0 or more. NaN and infinity are refused.
    /// The first field out of range is named.
    pub fn validate(&self) -> Result<(), ScanSignatureThresholdError> {
        let bad = |field, rule| Err(ScanSignatureThresholdError { field, rule });
        if !(self.ink_contrast > 0.0 && self.ink_contrast < 1.0) {
            return bad("ink_contrast", "must be above 0 and below 1");
        }
        if !(self.printed_line_min_share > 0.0 && self.printed_line_min_share <= 1.0) {
            return bad("printed_line_min_share", "must be above 0 and at most 1");
        }
        if !(0.0..=1.0).contains(&self.min_ink_share) {
            return bad("min_ink_share", "must be between 0 and 1");
        }
        for (field, mm) in [
            ("max_speck_mm", self.max_speck_mm),
            ("min_width_mm", self.min_width_mm),
            ("min_height_mm", self.min_height_mm),
            ("min_line_deviation_mm", self.min_line_deviation_mm),
            ("edge_margin_mm", self.edge_margin_mm),
            ("stray_min_length_mm", self.stray_min_length_mm),
            ("stray_max_width_mm", self.stray_max_width_mm),
        ] {
            if !(0.0..=MAX_SCAN_SIGNATURE_MM).contains(&mm) {
                return bad(field, "must be between 0 and 1000 mm");
            }
        }
        if !(self.max_edge_ink_mm2.is_finite() && self.max_edge_ink_mm2 >= 0.0) {
            return bad("max_edge_ink_mm2", "must be a number, 0 or more");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_a_value_out_of_range_is_named() {
        ScanSignatureThresholds::default().validate().expect("defaults are valid");
        let with = |f: fn(&mut ScanSignatureThresholds)| {
            let mut t = ScanSignatureThresholds::default();
            f(&mut t);
            t.validate().map_err(|e| e.field)
        };
        assert_eq!(with(|t| t.min_width_mm = 200.0), Ok(()), "stricter than the field is allowed");
        assert_eq!(with(|t| t.ink_contrast = 1.0), Err("ink_contrast"));
        assert_eq!(with(|t| t.ink_contrast = 0.0), Err("ink_contrast"));
        assert_eq!(with(|t| t.printed_line_min_share = 0.0), Err("printed_line_min_share"));
        assert_eq!(with(|t| t.min_ink_share = 1.5), Err("min_ink_share"));
        assert_eq!(with(|t| t.min_height_mm = -1.0), Err("min_height_mm"));
        assert_eq!(with(|t| t.edge_margin_mm = 1e300), Err("edge_margin_mm"));
        assert_eq!(with(|t| t.stray_max_width_mm = f64::NAN), Err("stray_max_width_mm"));
        assert_eq!(with(|t| t.max_edge_ink_mm2 = f64::INFINITY), Err("max_edge_ink_mm2"));
        assert_eq!(with(|t| t.min_ink_share = -0.1), Err("min_ink_share"));
        let shown = ScanSignatureThresholds { max_speck_mm: -2.0, ..Default::default() }.validate().expect_err("bad");
        assert_eq!(shown.to_string(), "`max_speck_mm` must be between 0 and 1000 mm");
    }

    #[test]
    fn a_partial_table_keeps_the_other_defaults_and_a_typo_is_refused() {
        let t: ScanSignatureThresholds = serde_json::from_str(r#"{"min_width_mm": 15}"#).expect("parse");
        assert_eq!(t.min_width_mm, 15.0);
        assert_eq!(t.min_height_mm, ScanSignatureThresholds::default().min_height_mm);
        assert!(serde_json::from_str::<ScanSignatureThresholds>(r#"{"min_widht_mm": 15}"#).is_err());
    }
}
