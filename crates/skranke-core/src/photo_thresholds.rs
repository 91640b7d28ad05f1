//! The thresholds of the photo checks, in one place. The config crate embeds them as
//! `[photo.checks]` so a municipality can tune them (docs/photo-checks.md). Defaults follow
//! DESIGN.md (Danish licence rules, BEK 1843/2021 § 3 stk. 2; ICAO 9303 / ISO/IEC 19794-5) and,
//! where a rule gives no number, OFIQ-style measures calibrated on the accuracy set.
use serde::{Deserialize, Serialize};

/// Thresholds of the photo checks and the crop target. Lengths in mm are of the 35x45 mm photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PhotoThresholds {
    /// Lowest detector confidence that counts as a face.
    pub min_face_score: f64,
    /// Smallest distance between the eye centres in the final image, pixels.
    pub min_eye_distance_px: f64,
    /// Smallest head height (chin to crown), mm of 45.
    pub head_min_mm: f64,
    /// Largest head height, mm of 45.
    pub head_max_mm: f64,
    /// Head height the crop aims for, mm of 45.
    pub head_target_mm: f64,
    /// Largest horizontal offset of the face centre from the photo's centre line, mm.
    pub max_center_offset_mm: f64,
    /// Smallest space above the crown, mm.
    pub min_top_margin_mm: f64,
    /// Largest yaw (turn left/right), degrees.
    pub max_yaw_deg: f64,
    /// Largest pitch (nod up/down), degrees.
    pub max_pitch_deg: f64,
    /// Largest roll (head tilt), degrees.
    pub max_roll_deg: f64,
    /// Smallest eye aspect ratio (eyelid gap / eye width, the less open eye, from the landmarks).
    pub min_eye_aspect_ratio: f64,
    /// Largest mouth aspect ratio (inner lip gap / inner mouth width, from the landmarks).
    pub max_mouth_aspect_ratio: f64,
    /// Largest share of face pixels darker than luminance 40 (of 255).
    pub max_dark_share: f64,
    /// Largest share of face pixels brighter than luminance 245 (of 255).
    pub max_bright_share: f64,
    /// Smallest ratio of the darker to the lighter half of the face (mean luminance).
    pub min_illumination_ratio: f64,
    /// Range of the face's mean CIELAB a* (red-green).
    pub colour_a_range: [f64; 2],
    /// Range of the face's mean CIELAB b* (yellow-blue).
    pub colour_b_range: [f64; 2],
    /// Largest standard deviation of the background luminance (plain background).
    pub max_background_std: f64,
    /// Smallest mean background luminance (light background).
    pub min_background_luma: f64,
    /// Smallest sharpness (mean absolute Laplacian of the face normalised to 128 px wide).
    pub min_sharpness: f64,
    /// Largest sensor noise on the face (standard deviation in luma levels of 255).
    pub max_noise_sigma: f64,
    /// Largest JPEG blockiness on the face (step across 8x8 block borders / step inside blocks).
    pub max_blockiness: f64,
    /// Largest JPEG size of the cropped photo, bytes.
    pub max_jpeg_bytes: usize,
    /// Largest image width or height accepted, pixels (bigger: typed error, no decode).
    pub max_image_side: u32,
    /// Live guidance: smallest head height (chin to crown) over the head height the preview's
    /// oval stands for; below it the hint is `move_closer` (too few pixels on the face).
    pub live_min_head_size: f64,
    /// Live guidance: largest head height over the oval's head height; above it the hint is
    /// `move_back` (no room for the crop around the head).
    pub live_max_head_size: f64,
    /// Live guidance: smallest mean luma (of 255) of the face box; below it the hint is
    /// `too_dark` (the still check's underexposure would likely fail).
    pub live_min_brightness: f64,
    /// Live guidance: largest mean luma (of 255) of the face box; above it the hint is
    /// `too_bright` (the still check's overexposure would likely fail).
    pub live_max_brightness: f64,
}

impl Default for PhotoThresholds {
    fn default() -> Self {
        Self {
            min_face_score: 0.5,
            min_eye_distance_px: 90.0,
            head_min_mm: 30.0,
            head_max_mm: 36.0,
            head_target_mm: 33.0,
            max_center_offset_mm: 2.0,
            min_top_margin_mm: 2.0,
            max_yaw_deg: 5.0,
            max_pitch_deg: 5.0,
            max_roll_deg: 8.0,
            min_eye_aspect_ratio: 0.18,
            max_mouth_aspect_ratio: 0.15,
            max_dark_share: 0.25,
            max_bright_share: 0.10,
            min_illumination_ratio: 0.70,
            colour_a_range: [2.0, 30.0],
            colour_b_range: [2.0, 40.0],
            max_background_std: 25.0,
            min_background_luma: 90.0,
            min_sharpness: 4.0,
            max_noise_sigma: 6.0,
            max_blockiness: 1.6,
            max_jpeg_bytes: 300 * 1024,
            max_image_side: 12_000,
            live_min_head_size: 0.85,
            live_max_head_size: 1.15,
            live_min_brightness: 70.0,
            live_max_brightness: 210.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_design_and_unknown_fields_are_refused() {
        let t = PhotoThresholds::default();
        assert_eq!(t.min_eye_distance_px, 90.0);
        assert_eq!((t.head_min_mm, t.head_max_mm), (30.0, 36.0));
        let partial: PhotoThresholds = serde_json::from_str(r#"{"max_roll_deg": 6.0}"#).unwrap();
        assert_eq!(partial.max_roll_deg, 6.0);
        assert_eq!(partial.max_yaw_deg, 5.0);
        assert!(serde_json::from_str::<PhotoThresholds>(r#"{"max_rol": 6.0}"#).is_err());
        let live: PhotoThresholds = serde_json::from_str(r#"{"live_max_brightness": 180.0}"#).unwrap();
        assert_eq!((live.live_min_brightness, live.live_max_brightness), (70.0, 180.0));
        assert_eq!((live.live_min_head_size, live.live_max_head_size), (0.85, 1.15));
    }
}
