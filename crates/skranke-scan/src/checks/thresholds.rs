//! The thresholds of the scanned signature's checks, in millimetres of the card (so they hold at
//! any scan resolution). The photo's are `skranke_core::ScanPhotoThresholds` (`[photo.scan]`).

use serde::{Deserialize, Serialize};

/// Thresholds of [`check_scanned_signature`](crate::check_scanned_signature). Lengths in mm on
/// the card; the defaults are for the stamkort's 85x22 mm field and a ballpoint pen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// `scan_no_printed_lines`: ... and at most this thick, mm (a printed rule, not handwriting).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_table_keeps_the_other_defaults_and_a_typo_is_refused() {
        let t: ScanSignatureThresholds = serde_json::from_str(r#"{"min_width_mm": 15}"#).expect("parse");
        assert_eq!(t.min_width_mm, 15.0);
        assert_eq!(t.min_height_mm, ScanSignatureThresholds::default().min_height_mm);
        assert!(serde_json::from_str::<ScanSignatureThresholds>(r#"{"min_widht_mm": 15}"#).is_err());
    }
}
