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
    /// Smallest mean luma of the area a spectacle lens covers around each eye over that of the
    /// cheek below it (the darker eye): tinted or dark glasses, or dark hair over the eyes, make
    /// it fall. The accuracy set's bare eyes measure 0.48-0.81 (lashes, iris and the brow's shadow;
    /// the lowest a head turned under a brow), generated dark glasses about 0.2.
    pub min_eye_lens_ratio: f64,
    /// Largest share of clipped pixels (luma >= 250) in that area around either eye beyond the
    /// cheek's share: a reflection on a lens over the eye. A catchlight in the pupil is well
    /// under 0.02.
    pub max_eye_glare_share: f64,
    /// Largest mouth aspect ratio (inner lip gap / inner mouth width, from the landmarks).
    pub max_mouth_aspect_ratio: f64,
    /// Largest smile measure: the mouth corners' height above the middle of the lip line plus 0.4
    /// x the mouth's width beyond 0.93, in eye distances (a smile lifts the corners, widens the
    /// mouth or both). The accuracy set's neutral faces measure -0.02 to -0.01, its real smiles
    /// 0.18-0.24, generated closed-lip smiles 0.08-0.12.
    pub max_smile: f64,
    /// Largest height of the brows' lower edge above the eye line, eye distances (raised brows).
    /// The set measures 0.20-0.31; no real image with raised brows was at hand (generated only).
    pub max_brow_height: f64,
    /// Smallest gap between the brows' inner ends, eye distances (a frown draws them together).
    /// The set measures 0.34-0.43; not calibrated on real frowns.
    pub min_brow_gap: f64,
    /// Smallest colour difference (CIE76) of the lips from the face's skin (scaled up on a skin
    /// darker than L* 50, as a dim photo shrinks every difference): a hand over the mouth has the
    /// skin's own colour. The set's lips measure 18-51 (the more different lip), generated hands
    /// 5.5-11.8 (a palm lighter than the face included).
    pub min_lip_contrast: f64,
    /// Largest turn of the lips' hue from the skin's, degrees: lips are as red as skin or redder
    /// (the set: -32 to -5); a mask or scarf of another hue over the mouth (blue, green) is far
    /// off. Light does not turn hue.
    pub max_lip_hue_shift: f64,
    /// Smallest colourfulness (C*/L*) of the lips over the skin's: lips are coloured; a black,
    /// white or grey mask or scarf over the mouth is not. Hue and colourfulness are not compared
    /// on a skin without colour (a black-and-white photo: `natural_colour` fails it).
    pub min_lip_saturation_ratio: f64,
    /// Largest colour difference (a*, b*) from the skin of the least changed of the nose tip and
    /// the cheeks beside it: a mask over the face changes all three. The set measures 0.2-3.2.
    pub max_lower_face_shift: f64,
    /// Colour difference (a*, b*) from the skin below which the band over the hair line counts as
    /// bare skin (a bald head, a high forehead): no covering. Brown hair measures about 10.
    pub max_head_skin_shift: f64,
    /// Smallest texture of that band (mean absolute Laplacian over the face's, same scale) when
    /// it is not skin: hair is about as textured as the face (the set: 0.97-1.63) or more; a cap
    /// or scarf of plain cloth is smoother (generated: 0.53-0.81).
    pub min_head_texture: f64,
    /// Largest share of face pixels darker than luminance 40 (of 255).
    pub max_dark_share: f64,
    /// Largest share of face pixels brighter than luminance 245 (of 255).
    pub max_bright_share: f64,
    /// Smallest entropy, in bits, of the face's luminance histogram (OFIQ's DynamicRange): how
    /// many grey levels the face really uses (8 = all 256 evenly, 5 = as if 32). The accuracy set's
    /// press portraits measure 6.7-7.5; a face squeezed into a narrow band of levels (flat light,
    /// a washed-out or posterised image) falls below.
    pub min_dynamic_range_bits: f64,
    /// Smallest ratio of the darker to the lighter half of the face (mean luminance).
    pub min_illumination_ratio: f64,
    /// Smallest ratio of the darker to the lighter side of the plain wall beside the head (mean
    /// luminance), judged when the face is darker on the same side: a light falling off across
    /// the whole frame. Stricter than the face's limit, as the wall's sides lie further apart.
    pub min_scene_light_ratio: f64,
    /// Range of the face's mean CIELAB a* (red-green).
    pub colour_a_range: [f64; 2],
    /// Range of the face's mean CIELAB b* (yellow-blue).
    pub colour_b_range: [f64; 2],
    /// Largest standard deviation of the background luminance (plain background).
    pub max_background_std: f64,
    /// Smallest mean background luminance (luma of 255), a floor kept from before the CIE
    /// measures; `min_background_lightness` is the rule's "light".
    pub min_background_luma: f64,
    /// Smallest mean CIE L* of the background (0 black .. 100 white): the rule's "lys" (light).
    /// 65 is a light-to-middle grey (sRGB 158); mid-grey (sRGB 128) is L* 54, a mid-blue stage
    /// backdrop about 47, a white wall 85-95.
    pub min_background_lightness: f64,
    /// Largest mean CIELAB chroma C*ab of the background samples (0 = grey): the rule's
    /// "ensfarvet" read as no strong colour. A light grey or off-white measures 0-8, a light blue
    /// backdrop 10-18, a saturated colour 40 and more.
    pub max_background_chroma: f64,
    /// Largest colour difference ΔE*ab between the mean colours of the background's patches
    /// (left and right of the head, left and right above it): the rule's "ensfarvet" (one colour),
    /// so a gradient or a second colour across the background fails. 2.3 is just noticeable.
    pub max_background_step: f64,
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
            min_eye_lens_ratio: 0.4,
            max_eye_glare_share: 0.08,
            max_mouth_aspect_ratio: 0.15,
            max_smile: 0.06,
            max_brow_height: 0.35,
            min_brow_gap: 0.25,
            min_lip_contrast: 13.0,
            max_lip_hue_shift: 50.0,
            min_lip_saturation_ratio: 0.5,
            max_lower_face_shift: 10.0,
            max_head_skin_shift: 12.0,
            min_head_texture: 0.9,
            max_dark_share: 0.25,
            max_bright_share: 0.10,
            min_dynamic_range_bits: 5.5,
            min_illumination_ratio: 0.70,
            min_scene_light_ratio: 0.85,
            colour_a_range: [2.0, 30.0],
            colour_b_range: [2.0, 40.0],
            max_background_std: 25.0,
            min_background_luma: 90.0,
            min_background_lightness: 65.0,
            max_background_chroma: 20.0,
            max_background_step: 12.0,
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

/// A photo threshold outside the range its check works with (see [`PhotoThresholds::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {rule}")]
pub struct PhotoThresholdError {
    /// The field's name, as in the configuration (`min_background_lightness`).
    pub field: &'static str,
    /// The range it must lie in, in English.
    pub rule: &'static str,
}

impl PhotoThresholds {
    /// Checks the thresholds of the colour and expression measures that a number outside their
    /// scale would silently switch off or make fail every photo: CIE L* from 0 to 100, chroma and
    /// colour difference 0 to 150 (the extent of CIELAB for sRGB). NaN is refused. The first field
    /// out of range is named.
    pub fn validate(&self) -> Result<(), PhotoThresholdError> {
        let bad = |field, rule| Err(PhotoThresholdError { field, rule });
        if !(self.min_scene_light_ratio > 0.0 && self.min_scene_light_ratio <= 1.0) {
            return bad("min_scene_light_ratio", "must be above 0 and at most 1 (a ratio of light)");
        }
        if !(0.0..=1.0).contains(&self.min_eye_lens_ratio) {
            return bad("min_eye_lens_ratio", "must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&self.max_eye_glare_share) {
            return bad("max_eye_glare_share", "must be between 0 and 1");
        }
        for (field, v) in [
            ("max_smile", self.max_smile),
            ("max_brow_height", self.max_brow_height),
            ("min_brow_gap", self.min_brow_gap),
        ] {
            if !(-1.0..=3.0).contains(&v) {
                return bad(field, "must be between -1 and 3 (eye distances)");
            }
        }
        for (field, v) in [
            ("min_lip_contrast", self.min_lip_contrast),
            ("max_lower_face_shift", self.max_lower_face_shift),
            ("max_head_skin_shift", self.max_head_skin_shift),
        ] {
            if !(0.0..=150.0).contains(&v) {
                return bad(field, "must be between 0 and 150 (CIELAB units)");
            }
        }
        if !(0.0..=180.0).contains(&self.max_lip_hue_shift) {
            return bad("max_lip_hue_shift", "must be between 0 and 180 (degrees of hue)");
        }
        if !(0.0..=10.0).contains(&self.min_lip_saturation_ratio) {
            return bad("min_lip_saturation_ratio", "must be between 0 and 10 (a ratio of colourfulness)");
        }
        if !(0.0..=10.0).contains(&self.min_head_texture) {
            return bad("min_head_texture", "must be between 0 and 10 (a ratio of texture)");
        }
        if !(0.0..=8.0).contains(&self.min_dynamic_range_bits) {
            return bad("min_dynamic_range_bits", "must be between 0 and 8 (bits of a 256-level histogram)");
        }
        if !(0.0..=100.0).contains(&self.min_background_lightness) {
            return bad("min_background_lightness", "must be between 0 and 100 (CIE L*)");
        }
        for (field, v) in
            [("max_background_chroma", self.max_background_chroma), ("max_background_step", self.max_background_step)]
        {
            if !(0.0..=150.0).contains(&v) {
                return bad(field, "must be between 0 and 150 (CIELAB units)");
            }
        }
        Ok(())
    }
}

/// The photo checks' profile for a photo scanned from a paper stamkort (`[photo.scan]`): the
/// `[photo.checks]` thresholds with the few that measure the camera rather than the person
/// replaced ([`ScanPhotoThresholds::still`]), plus the scan's resolution. A print on paper is not
/// a camera frame: its screen or halftone pattern and the scanner's own grain read as sensor
/// noise and sharpness, and its JPEG grid is the page's, not the crop's. Geometry, pose, eyes,
/// mouth, light, colour and background are judged as at the counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ScanPhotoThresholds {
    /// Smallest scan resolution, dots per inch (the check `scan_resolution`; 300 dpi puts
    /// 413 x 531 px on the 35x45 mm photo, so even a head at the 30 mm minimum has the 90 px
    /// between the eyes of `photo.checks.min_eye_distance_px`).
    pub min_dpi: f64,
    /// Smallest distance between the eye centres in the final image, pixels: replaces
    /// `photo.checks.min_eye_distance_px`, as `min_dpi` judges the resolution; this floor only
    /// catches a photo field cut far too small (60 px: the ISO/IEC 19794-5 token image minimum).
    pub min_eye_distance_px: f64,
    /// Smallest sharpness (as `photo.checks.min_sharpness`): a continuous-tone print and the
    /// scanner's optics soften a little (a sharp studio photo measures 5-8 at 300 dpi), so a bit
    /// lower than from a camera. A halftone print measures far higher (30-40).
    pub min_sharpness: f64,
    /// Largest noise on the face (as `photo.checks.max_noise_sigma`): a printed screen or
    /// halftone reads as noise (a 125 lpi colour halftone scanned at 200-600 dpi measures about
    /// 12, a camera's limit is 6), so only heavy grain fails.
    pub max_noise_sigma: f64,
    /// Largest JPEG blockiness on the face (as `photo.checks.max_blockiness`): the scanner's
    /// 8x8 grid is the page's and shows in the crop only by chance (a cut turned or scaled shows
    /// none), so only a page compressed to blocks fails.
    pub max_blockiness: f64,
}

impl Default for ScanPhotoThresholds {
    fn default() -> Self {
        Self {
            min_dpi: 300.0,
            min_eye_distance_px: 60.0,
            min_sharpness: 3.0,
            max_noise_sigma: 20.0,
            max_blockiness: 2.0,
        }
    }
}

impl ScanPhotoThresholds {
    /// The still check's thresholds for a scanned photo: `base` (`[photo.checks]`) with this
    /// profile's values in place of the camera measures.
    pub fn still(&self, base: &PhotoThresholds) -> PhotoThresholds {
        PhotoThresholds {
            min_eye_distance_px: self.min_eye_distance_px,
            min_sharpness: self.min_sharpness,
            max_noise_sigma: self.max_noise_sigma,
            max_blockiness: self.max_blockiness,
            ..base.clone()
        }
    }

    /// Pixels across the 35 mm width of the photo at `dpi`.
    pub fn photo_width_px(dpi: f64) -> f64 {
        dpi * 35.0 / 25.4
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

    #[test]
    fn the_defaults_are_valid_and_a_value_out_of_range_is_named() {
        PhotoThresholds::default().validate().expect("defaults are valid");
        let with = |f: fn(&mut PhotoThresholds)| {
            let mut t = PhotoThresholds::default();
            f(&mut t);
            t.validate().map_err(|e| e.field)
        };
        assert_eq!(with(|t| t.min_background_lightness = 100.0), Ok(()));
        assert_eq!(with(|t| t.min_background_lightness = 101.0), Err("min_background_lightness"));
        assert_eq!(with(|t| t.min_background_lightness = f64::NAN), Err("min_background_lightness"));
        assert_eq!(with(|t| t.max_background_chroma = -1.0), Err("max_background_chroma"));
        assert_eq!(with(|t| t.min_scene_light_ratio = 0.0), Err("min_scene_light_ratio"));
        assert_eq!(with(|t| t.min_scene_light_ratio = 1.5), Err("min_scene_light_ratio"));
        assert_eq!(with(|t| t.max_background_step = f64::INFINITY), Err("max_background_step"));
        assert_eq!(with(|t| t.min_dynamic_range_bits = 9.0), Err("min_dynamic_range_bits"));
        assert_eq!(with(|t| t.max_eye_glare_share = 1.5), Err("max_eye_glare_share"));
        assert_eq!(with(|t| t.max_smile = f64::NAN), Err("max_smile"));
        assert_eq!(with(|t| t.min_brow_gap = 4.0), Err("min_brow_gap"));
        assert_eq!(with(|t| t.min_lip_contrast = -1.0), Err("min_lip_contrast"));
        assert_eq!(with(|t| t.max_lip_hue_shift = 200.0), Err("max_lip_hue_shift"));
        assert_eq!(with(|t| t.min_lip_saturation_ratio = -0.1), Err("min_lip_saturation_ratio"));
        assert_eq!(with(|t| t.min_head_texture = 11.0), Err("min_head_texture"));
    }

    #[test]
    fn the_scan_profile_replaces_only_the_camera_measures() {
        let base = PhotoThresholds { head_min_mm: 31.0, min_sharpness: 9.0, ..PhotoThresholds::default() };
        let scan = ScanPhotoThresholds::default();
        let t = scan.still(&base);
        assert_eq!((t.head_min_mm, t.max_roll_deg), (31.0, base.max_roll_deg), "the rest is [photo.checks]");
        assert_eq!((t.min_sharpness, t.max_noise_sigma), (scan.min_sharpness, scan.max_noise_sigma));
        assert_eq!((t.max_blockiness, t.min_eye_distance_px), (scan.max_blockiness, scan.min_eye_distance_px));
        assert!(scan.max_noise_sigma > base.max_noise_sigma && scan.min_sharpness < base.min_sharpness);
        assert!((ScanPhotoThresholds::photo_width_px(300.0) - 413.4).abs() < 0.1);
        let partial: ScanPhotoThresholds = serde_json::from_str(r#"{"min_dpi": 400}"#).unwrap();
        assert_eq!((partial.min_dpi, partial.max_noise_sigma), (400.0, scan.max_noise_sigma));
        assert!(serde_json::from_str::<ScanPhotoThresholds>(r#"{"min_sharpnes": 1}"#).is_err());
    }
}
