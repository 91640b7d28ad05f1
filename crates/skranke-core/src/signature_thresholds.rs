//! The thresholds of the signature checks, in one place. The config crate embeds them as
//! `[signature.checks]` so a municipality can tune them; the defaults follow DESIGN.md (checks
//! used in practice for pad signatures).
use serde::{Deserialize, Serialize};

/// Thresholds of the signature checks. Fractions are of the pad's signing field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
