//! The thresholds of the signature checks and the settings of the signature image, in one place.
//! The config crate embeds them as `[signature.checks]` and `[signature.image]` so a municipality
//! can tune them (docs/signature.md); the defaults follow DESIGN.md (checks
//! used in practice for pad signatures).
use serde::{Deserialize, Serialize};

/// Thresholds of the signature checks. Fractions are of the pad's signing field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SignatureThresholds {
    /// Shortest time from the first to the last inked sample, seconds.
    pub min_duration_s: f64,
    /// Smallest ink bounding box width, as a fraction of the field width.
    pub min_bbox_width: f64,
    /// Smallest ink bounding box height, as a fraction of the field height.
    pub min_bbox_height: f64,
    /// Shortest total ink length, as a multiple of the field width.
    pub min_ink_length: f64,
    /// Most pen strokes a signature may have (more is scribbling or shading).
    pub max_strokes: u32,
    /// Smallest ratio of the ink's minor to major spread (below: a single dot or straight line).
    pub min_spread_ratio: f64,
    /// Distance from the field's edge, as a fraction of the field, that counts as touching it.
    pub edge_margin: f64,
    /// Largest share of inked samples that may touch the edge.
    pub max_edge_share: f64,
}

impl Default for SignatureThresholds {
    fn default() -> Self {
        Self {
            min_duration_s: 0.5,
            min_bbox_width: 0.10,
            min_bbox_height: 0.10,
            min_ink_length: 0.5,
            max_strokes: 40,
            min_spread_ratio: 0.05,
            edge_margin: 0.01,
            max_edge_share: 0.05,
        }
    }
}

/// How the signature image is rendered (`[signature.image]` in the config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SignatureImage {
    /// Field width, mm.
    pub width_mm: f64,
    /// Field height, mm.
    pub height_mm: f64,
    /// Resolution, dots per inch.
    pub dpi: f64,
    /// Scale the ink's own bounding box to the field and centre it (else the pad's whole field).
    pub trim: bool,
    /// Free space kept around the ink, mm.
    pub margin_mm: f64,
    /// Line width at the lightest touch, mm.
    pub min_line_mm: f64,
    /// Line width at full pressure, mm.
    pub max_line_mm: f64,
}

impl Default for SignatureImage {
    fn default() -> Self {
        Self {
            width_mm: 60.0,
            height_mm: 20.0,
            dpi: 600.0,
            trim: true,
            margin_mm: 1.0,
            min_line_mm: 0.2,
            max_line_mm: 0.6,
        }
    }
}

impl SignatureImage {
    /// Image size in pixels.
    pub fn pixels(&self) -> (u32, u32) {
        let px = |mm: f64| (mm / 25.4 * self.dpi).round().max(1.0) as u32;
        (px(self.width_mm), px(self.height_mm))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_design_and_missing_keys_take_them() {
        let t: SignatureThresholds = serde_json::from_str(r#"{"min_duration_s": 1.5}"#).unwrap();
        assert_eq!(t.min_duration_s, 1.5);
        assert_eq!(t.min_bbox_width, 0.10);
        assert_eq!(SignatureThresholds::default().min_duration_s, 0.5);
        assert!(serde_json::from_str::<SignatureThresholds>(r#"{"min_duration": 1}"#).is_err(), "typo refused");
        assert!(serde_json::from_str::<SignatureImage>(r#"{"dpi": 300, "colour": 1}"#).is_err());
    }

    #[test]
    fn image_size_in_pixels() {
        assert_eq!(SignatureImage::default().pixels(), (1417, 472));
        let i = SignatureImage { dpi: 300.0, ..SignatureImage::default() };
        assert_eq!(i.pixels(), (709, 236));
    }
}
