//! Schema stand-ins for the threshold types that skranke-core owns (`[photo.checks]`,
//! `[signature.checks]`, `[signature.image]`): skranke-core does not depend on schemars, so the
//! schema is derived from these copies. They cannot drift in fields or types: each is built from
//! the real type by a destructuring without `..` (a field added, removed or retyped there breaks
//! the build here), and its `Default` is the real default. A test compares the doc comments with
//! skranke-core's source.
use schemars::JsonSchema;
use skranke_core::{PhotoThresholds, SignatureImage, SignatureThresholds};

/// The photo checks' thresholds and crop target (`[photo.checks]`, docs/photo-checks.md).
#[derive(JsonSchema)]
#[schemars(rename = "PhotoThresholds")]
#[serde(default, deny_unknown_fields)]
pub(crate) struct PhotoThresholdsDoc {
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

impl From<PhotoThresholds> for PhotoThresholdsDoc {
    fn from(t: PhotoThresholds) -> Self {
        let PhotoThresholds {
            min_face_score,
            min_eye_distance_px,
            head_min_mm,
            head_max_mm,
            head_target_mm,
            max_center_offset_mm,
            min_top_margin_mm,
            max_yaw_deg,
            max_pitch_deg,
            max_roll_deg,
            min_eye_aspect_ratio,
            max_mouth_aspect_ratio,
            max_dark_share,
            max_bright_share,
            min_illumination_ratio,
            colour_a_range,
            colour_b_range,
            max_background_std,
            min_background_luma,
            min_sharpness,
            max_noise_sigma,
            max_blockiness,
            max_jpeg_bytes,
            max_image_side,
            live_min_head_size,
            live_max_head_size,
            live_min_brightness,
            live_max_brightness,
        } = t;
        Self {
            min_face_score,
            min_eye_distance_px,
            head_min_mm,
            head_max_mm,
            head_target_mm,
            max_center_offset_mm,
            min_top_margin_mm,
            max_yaw_deg,
            max_pitch_deg,
            max_roll_deg,
            min_eye_aspect_ratio,
            max_mouth_aspect_ratio,
            max_dark_share,
            max_bright_share,
            min_illumination_ratio,
            colour_a_range,
            colour_b_range,
            max_background_std,
            min_background_luma,
            min_sharpness,
            max_noise_sigma,
            max_blockiness,
            max_jpeg_bytes,
            max_image_side,
            live_min_head_size,
            live_max_head_size,
            live_min_brightness,
            live_max_brightness,
        }
    }
}

impl Default for PhotoThresholdsDoc {
    fn default() -> Self {
        PhotoThresholds::default().into()
    }
}

/// The signature checks' thresholds (`[signature.checks]`, docs/signature.md).
#[derive(JsonSchema)]
#[schemars(rename = "SignatureThresholds")]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SignatureThresholdsDoc {
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

impl From<SignatureThresholds> for SignatureThresholdsDoc {
    fn from(t: SignatureThresholds) -> Self {
        let SignatureThresholds {
            min_duration_s,
            min_bbox_width,
            min_bbox_height,
            min_ink_length,
            max_strokes,
            min_spread_ratio,
            edge_margin,
            max_edge_share,
        } = t;
        Self {
            min_duration_s,
            min_bbox_width,
            min_bbox_height,
            min_ink_length,
            max_strokes,
            min_spread_ratio,
            edge_margin,
            max_edge_share,
        }
    }
}

impl Default for SignatureThresholdsDoc {
    fn default() -> Self {
        SignatureThresholds::default().into()
    }
}

/// How the signature image is rendered (`[signature.image]`, docs/signature.md).
#[derive(JsonSchema)]
#[schemars(rename = "SignatureImage")]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SignatureImageDoc {
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

impl From<SignatureImage> for SignatureImageDoc {
    fn from(t: SignatureImage) -> Self {
        let SignatureImage { width_mm, height_mm, dpi, trim, margin_mm, min_line_mm, max_line_mm } = t;
        Self { width_mm, height_mm, dpi, trim, margin_mm, min_line_mm, max_line_mm }
    }
}

impl Default for SignatureImageDoc {
    fn default() -> Self {
        SignatureImage::default().into()
    }
}
