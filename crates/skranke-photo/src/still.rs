//! The still check: detect, measure the checks of [`CHECK_IDS`] on the photo the crop would produce, and crop
//! to 35:45 with the head at the target height (`crop` module). One function per check (or per
//! pair of checks measured on the same samples), each saying what it measures and why.
use image::RgbImage;
use skranke_core::{Check, CheckReport, PhotoThresholds};

use crate::PhotoError;
use crate::background;
use crate::crop::{CropPlan, cut, plan_crop};
use crate::expression;
use crate::eyes;
use crate::geometry::{Face, Point, Rect};
use crate::head::HeadGeometry;
use crate::head_covering;
use crate::landmarks::{EyeContour, Landmarks, MIN_MESH_PRESENCE};
use crate::measures;
use crate::mesh::{self, MeshShape};
use crate::models::Models;
use crate::occlusion;
use crate::scene_light;
use crate::skin::FaceSkin;

/// The still check's report: the fixed list of checks (see [`CHECK_IDS`]) and the verdict.
pub type PhotoReport = CheckReport;

/// The check ids, in report order.
pub const CHECK_IDS: [&str; 22] = [
    "face_count",
    "eye_distance",
    "head_size",
    "crop_margins",
    "yaw",
    "pitch",
    "roll",
    "eyes_open",
    "eyes_visible",
    "mouth_closed",
    "expression_neutral",
    "face_occlusion",
    "head_covering",
    "underexposure",
    "overexposure",
    "dynamic_range",
    "illumination_uniformity",
    "natural_colour",
    "background",
    "sharpness",
    "noise",
    "compression",
];

/// Message when the detector found a face but the landmark model could not place its features.
const NO_FEATURES: &str = "photo.no_features.fail";

/// The still check's result: the report, the face used (largest), and the 35:45 crop when a face
/// was found.
#[derive(Clone)]
pub struct StillResult {
    /// The report (the checks of [`CHECK_IDS`], fixed order).
    pub report: PhotoReport,
    /// The face the checks were measured on.
    pub face: Option<Face>,
    /// That face's landmarks (two-pass FaceMesh), when the landmark model saw a face.
    pub landmarks: Option<Landmarks>,
    /// The lids of the person's right and left eye (eye model), measured for `eyes_open`.
    pub eye_lids: Option<[EyeContour; 2]>,
    /// The cropped photo (RGB), when a face was found.
    pub crop: Option<RgbImage>,
}

/// The report and what was found, as counts and sizes: never the crop's pixels nor the face's
/// geometry (landmarks and eye lids of a face are biometric data).
impl std::fmt::Debug for StillResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StillResult")
            .field("report", &self.report)
            .field("face_found", &self.face.is_some())
            .field("landmarks", &self.landmarks.as_ref().map(|l| l.points.len()))
            .field("eye_lids", &self.eye_lids.is_some())
            .field("crop", &self.crop.as_ref().map(|c| format!("<{}x{} RGB>", c.width(), c.height())))
            .finish()
    }
}

/// Runs every still check on an upright RGB image and crops it.
pub fn check_still(img: &RgbImage, models: &Models, t: &PhotoThresholds) -> Result<StillResult, PhotoError> {
    let faces = find_faces(img, models, t)?;
    let count = face_count(faces.len());
    let Some(face) = largest(faces) else {
        return Ok(without_face(count));
    };
    let marks = models.landmarks(img, &face, true)?;
    let marks = (marks.presence >= MIN_MESH_PRESENCE).then_some(marks);
    let shape = marks.as_ref().map(|l| mesh::shape(&l.points));
    let g = HeadGeometry::of(&face, shape.as_ref());
    let plan = plan_crop(&g, img.width(), img.height(), t);
    let eye_lids = marks.as_ref().map(|m| models.eye_contours(img, m)).transpose()?;
    let region = FaceRegion::new(&g, shape.map_or(face.mouth, |m| m.mouth));
    let mut checks = vec![count, eye_distance(&g, &plan, t), head_size(&plan, t), crop_margins(&plan, t)];
    checks.extend(pose(&g, t));
    checks.push(eyes_open(eye_lids.as_ref(), t));
    checks.push(eyes_visible(img, marks.as_ref(), t));
    checks.push(mouth_closed(shape.as_ref(), t));
    checks.push(expression_neutral(marks.as_ref(), t));
    let face_skin = marks.as_ref().and_then(|m| FaceSkin::of(img, &m.points));
    checks.push(face_occlusion(img, marks.as_ref(), face_skin.as_ref(), t));
    checks.push(head_covering(img, marks.as_ref(), face_skin.as_ref(), t));
    checks.extend(exposure(img, &region, t));
    checks.push(dynamic_range(img, &region, t));
    checks.push(illumination_uniformity(img, &region, &g, &plan, t));
    checks.push(natural_colour(img, &region, t));
    checks.push(background(img, &g, &plan, t));
    checks.push(sharpness(img, &region, t));
    checks.push(noise(img, &region, t));
    checks.push(compression(img, &region, t));
    Ok(StillResult {
        report: CheckReport::from_checks(checks),
        face: Some(face),
        landmarks: marks,
        eye_lids,
        crop: Some(cut(img, &plan)),
    })
}

/// The faces the detector finds (whole image and tiles). When there are several, only those the
/// landmark model also sees as a face count, so a patterned background or a blurred poster does
/// not make a second "person".
fn find_faces(img: &RgbImage, models: &Models, t: &PhotoThresholds) -> Result<Vec<Face>, PhotoError> {
    let faces = models.detect_thorough(img, t.min_face_score)?;
    if faces.len() <= 1 {
        return Ok(faces);
    }
    let mut seen = Vec::with_capacity(faces.len());
    for f in faces {
        if models.landmarks(img, &f, false)?.presence >= MIN_MESH_PRESENCE {
            seen.push(f);
        }
    }
    Ok(seen)
}

/// The largest face by box area: the applicant (the others only fail `face_count`).
fn largest(faces: Vec<Face>) -> Option<Face> {
    faces.into_iter().max_by(|a, b| (a.width * a.height).total_cmp(&(b.width * b.height)))
}

/// `face_count`: exactly one face, as the photo may show only the applicant.
fn face_count(n: usize) -> Check {
    Check::new(
        "face_count",
        Some(n as f64),
        "= 1",
        n == 1,
        match n {
            0 => "photo.face_count.none",
            1 => "photo.face_count.one",
            _ => "photo.face_count.many",
        },
    )
}

/// The result when no face was found: the failed count, and every other check failed as not
/// measurable.
fn without_face(count: Check) -> StillResult {
    let mut checks = vec![count];
    for id in &CHECK_IDS[1..] {
        checks.push(Check::new(id, None, "kræver et ansigt", false, "photo.needs_face.fail"));
    }
    StillResult { report: CheckReport::from_checks(checks), face: None, landmarks: None, eye_lids: None, crop: None }
}

/// `eye_distance`: pixels between the eye centres in the stored crop; below the limit the face
/// has too little resolution for the card and for face recognition.
fn eye_distance(g: &HeadGeometry, plan: &CropPlan, t: &PhotoThresholds) -> Check {
    let ed_final = g.eye_dist * plan.out_scale;
    Check::judged(
        "eye_distance",
        Some(ed_final),
        format!(">= {} px", t.min_eye_distance_px),
        ed_final >= t.min_eye_distance_px,
        "photo.eye_distance",
    )
}

/// `head_size`: chin to crown in mm of the 45 mm photo, within the rule's range (the crop aims
/// for the target; a head too big for the image ends up bigger).
fn head_size(plan: &CropPlan, t: &PhotoThresholds) -> Check {
    let head_ok = (t.head_min_mm..=t.head_max_mm).contains(&plan.head_mm);
    Check::new(
        "head_size",
        Some(plan.head_mm),
        format!("{}-{} mm af 45", t.head_min_mm, t.head_max_mm),
        head_ok,
        if head_ok {
            "photo.head_size.pass"
        } else if plan.head_mm > t.head_max_mm {
            "photo.head_size.too_big"
        } else {
            "photo.head_size.too_small"
        },
    )
}

/// `crop_margins`: the face centred in the crop with room above the crown; fails when the face
/// sits so near the image edge that the crop had to be shifted.
fn crop_margins(plan: &CropPlan, t: &PhotoThresholds) -> Check {
    let off = plan.center_offset_mm.abs();
    let margins_ok = off <= t.max_center_offset_mm && plan.top_margin_mm >= t.min_top_margin_mm;
    Check::judged(
        "crop_margins",
        Some(off),
        format!("midte <= {} mm, top >= {} mm", t.max_center_offset_mm, t.min_top_margin_mm),
        margins_ok,
        "photo.crop_margins",
    )
}

/// `yaw`, `pitch`, `roll`: the head's turn, nod and tilt in degrees, each within its limit (the
/// photo must be frontal).
fn pose(g: &HeadGeometry, t: &PhotoThresholds) -> [Check; 3] {
    [("yaw", g.yaw_deg, t.max_yaw_deg), ("pitch", g.pitch_deg, t.max_pitch_deg), ("roll", g.roll_deg, t.max_roll_deg)]
        .map(|(id, v, max)| {
            let ok = v.abs() <= max;
            Check::judged(id, Some(v), format!("|v| <= {max} grader"), ok, &format!("photo.{id}"))
        })
}

/// `eyes_open`: lid gap over eye width of the less open eye, from the eye model's lids; fails
/// when the landmark model could not place the eyes.
fn eyes_open(eye_lids: Option<&[EyeContour; 2]>, t: &PhotoThresholds) -> Check {
    let eyes = eye_lids.map(|[right, left]| right.aspect_ratio().min(left.aspect_ratio()));
    let eyes_ok = eyes.is_some_and(|o| o >= t.min_eye_aspect_ratio);
    Check::new(
        "eyes_open",
        eyes,
        format!(">= {}", t.min_eye_aspect_ratio),
        eyes_ok,
        if eyes_ok {
            "photo.eyes_open.pass"
        } else if eyes.is_none() {
            NO_FEATURES
        } else {
            "photo.eyes_open.fail"
        },
    )
}

/// `eyes_visible`: the eyes clearly visible, as the rule asks: the lens area around each eye not
/// much darker than the cheek below it (tinted or dark glasses, dark hair over the eyes) and no
/// clipped reflection covering it (glare on a lens). The value is the darker eye's lens/cheek
/// luma ratio; fails when the landmark model could not place the eyes.
fn eyes_visible(img: &RgbImage, marks: Option<&Landmarks>, t: &PhotoThresholds) -> Check {
    let v = marks.and_then(|m| eyes::measure(img, &m.points));
    let dark = v.is_some_and(|v| v.lens_to_cheek < t.min_eye_lens_ratio);
    let glare = v.is_some_and(|v| v.glare_share > t.max_eye_glare_share);
    let key = match v {
        None => NO_FEATURES,
        Some(_) if dark => "photo.eyes_visible.dark",
        Some(_) if glare => "photo.eyes_visible.glare",
        Some(_) => "photo.eyes_visible.pass",
    };
    Check::new(
        "eyes_visible",
        v.map(|v| v.lens_to_cheek),
        format!("lys >= {} af kinden, genskin <= {}", t.min_eye_lens_ratio, t.max_eye_glare_share),
        v.is_some() && !dark && !glare,
        key,
    )
}

/// `mouth_closed`: inner lip gap over inner mouth width, from the landmarks; fails when the
/// landmark model could not place the mouth.
fn mouth_closed(shape: Option<&MeshShape>, t: &PhotoThresholds) -> Check {
    let mouth = shape.map(|m| m.mouth_aspect);
    let mouth_ok = mouth.is_some_and(|d| d <= t.max_mouth_aspect_ratio);
    Check::new(
        "mouth_closed",
        mouth,
        format!("<= {}", t.max_mouth_aspect_ratio),
        mouth_ok,
        if mouth_ok {
            "photo.mouth_closed.pass"
        } else if mouth.is_none() {
            NO_FEATURES
        } else {
            "photo.mouth_closed.fail"
        },
    )
}

/// `expression_neutral`: a neutral expression beyond the closed mouth (`expression` module): the
/// mouth corners not drawn up nor the mouth drawn wide (a smile), the brows neither raised nor
/// drawn together (surprise, a frown). The value is the smile measure in eye distances.
fn expression_neutral(marks: Option<&Landmarks>, t: &PhotoThresholds) -> Check {
    let e = marks.and_then(|m| expression::measure(&m.points));
    let smile = e.is_some_and(|e| e.smile > t.max_smile);
    let brows = e.is_some_and(|e| e.brow_height > t.max_brow_height || e.brow_gap < t.min_brow_gap);
    let key = match e {
        None => NO_FEATURES,
        Some(_) if smile => "photo.expression_neutral.smile",
        Some(_) if brows => "photo.expression_neutral.brows",
        Some(_) => "photo.expression_neutral.pass",
    };
    Check::new(
        "expression_neutral",
        e.map(|e| e.smile),
        format!("smil <= {}, bryn <= {} og >= {} fra hinanden", t.max_smile, t.max_brow_height, t.min_brow_gap),
        e.is_some() && !smile && !brows,
        key,
    )
}

/// `face_occlusion`: nothing over the face (`occlusion` module): the lips visible in their own
/// colour (a hand, a mask or a scarf over the mouth hides them; one lip showing is enough) and the
/// nose and cheeks in the skin's colour (a mask). The value is the larger lip's colour difference
/// from the skin.
fn face_occlusion(img: &RgbImage, marks: Option<&Landmarks>, skin: Option<&FaceSkin>, t: &PhotoThresholds) -> Check {
    let o = marks.zip(skin).and_then(|(m, s)| occlusion::measure(img, &m.points, s));
    let lip_shows = |l: &occlusion::LipLook| {
        l.contrast >= t.min_lip_contrast
            && l.hue_shift.is_none_or(|h| h.abs() <= t.max_lip_hue_shift)
            && l.saturation_ratio.is_none_or(|s| s >= t.min_lip_saturation_ratio)
    };
    let mouth = o.is_some_and(|o| !o.lips.iter().any(lip_shows));
    let face = o.is_some_and(|o| o.lower_face_shift > t.max_lower_face_shift);
    let key = match o {
        None => NO_FEATURES,
        Some(_) if face => "photo.face_occlusion.face",
        Some(_) if mouth => "photo.face_occlusion.mouth",
        Some(_) => "photo.face_occlusion.pass",
    };
    Check::new(
        "face_occlusion",
        o.map(|o| o.lips[0].contrast.max(o.lips[1].contrast)),
        format!(
            "læber ΔE >= {}, farvetone <= {}°, mætning >= {}, næse/kinder Δab <= {}",
            t.min_lip_contrast, t.max_lip_hue_shift, t.min_lip_saturation_ratio, t.max_lower_face_shift
        ),
        o.is_some() && !mouth && !face,
        key,
    )
}

/// `head_covering`: no hat, cap, hood or scarf over the hair line (`head_covering` module): the
/// band above the forehead is bare skin, or hair (as textured as the face). The value is the
/// band's texture. A clerk may accept a religious covering with an override reason. Not
/// measured when the band lies outside the image (`crop_margins` fails then): passes.
fn head_covering(img: &RgbImage, marks: Option<&Landmarks>, skin: Option<&FaceSkin>, t: &PhotoThresholds) -> Check {
    let Some(m) = marks else {
        return Check::new("head_covering", None, "kræver ansigtspunkter", false, NO_FEATURES);
    };
    let band = skin.and_then(|s| head_covering::measure(img, &m.points, s));
    let covered = band.is_some_and(|b| b.skin_shift > t.max_head_skin_shift && b.texture < t.min_head_texture);
    Check::judged(
        "head_covering",
        band.map(|b| b.texture),
        format!("hud (Δab <= {}) eller hår (tekstur >= {})", t.max_head_skin_shift, t.min_head_texture),
        !covered,
        "photo.head_covering",
    )
}

/// Where the image measures look: the inner face (eyes, nose and mouth) and its centre.
struct FaceRegion {
    /// Between the eyes horizontally, half way from the eye line to the mouth vertically.
    centre: Point,
    /// Eye distance, pixels: the unit of the regions' sizes.
    eye_dist: f64,
    /// The inner face box around eyes, nose and mouth.
    inner: Rect,
}

impl FaceRegion {
    /// The region of a head with its mouth at `mouth_at`.
    fn new(g: &HeadGeometry, mouth_at: Point) -> Self {
        let ed = g.eye_dist;
        let fc = Point { x: g.eye_mid.x, y: (g.eye_mid.y + mouth_at.y) / 2.0 };
        let inner = Rect::around(fc.x, fc.y, 1.6 * ed, 1.0 * (mouth_at.y - g.eye_mid.y).abs().max(0.5 * ed) + 0.6 * ed);
        Self { centre: fc, eye_dist: ed, inner }
    }
}

/// `underexposure` and `overexposure`: the shares of inner-face samples darker than luma 40 and
/// brighter than 245 (of 255); too many of either lose the face's detail.
fn exposure(img: &RgbImage, r: &FaceRegion, t: &PhotoThresholds) -> [Check; 2] {
    let fl = measures::lumas(img, r.inner);
    let under = measures::share_below(&fl, 40.0);
    let over = measures::share_above(&fl, 245.0);
    [
        Check::judged(
            "underexposure",
            under,
            format!("<= {}", t.max_dark_share),
            under.is_some_and(|v| v <= t.max_dark_share),
            "photo.underexposure",
        ),
        Check::judged(
            "overexposure",
            over,
            format!("<= {}", t.max_bright_share),
            over.is_some_and(|v| v <= t.max_bright_share),
            "photo.overexposure",
        ),
    ]
}

/// `dynamic_range`: the entropy, in bits, of the inner face's luma histogram (OFIQ's
/// DynamicRange): a flat, washed-out or posterised face uses too few grey levels to show its
/// features, even when it is neither too dark nor too bright.
fn dynamic_range(img: &RgbImage, r: &FaceRegion, t: &PhotoThresholds) -> Check {
    let bits = measures::entropy_bits(&measures::lumas(img, r.inner));
    Check::judged(
        "dynamic_range",
        bits,
        format!(">= {} bit", t.min_dynamic_range_bits),
        bits.is_some_and(|b| b >= t.min_dynamic_range_bits),
        "photo.dynamic_range",
    )
}

/// `illumination_uniformity`: the light over the face and over the scene (`scene_light`): the
/// darker face half's mean luma over the lighter one's (a lamp to one side), or, when the plain
/// wall beside the head is darker on the same side and more so, the wall's ratio on the face's
/// scale (a light falling off across the whole frame, which shades the face only a little).
fn illumination_uniformity(
    img: &RgbImage,
    r: &FaceRegion,
    g: &HeadGeometry,
    plan: &CropPlan,
    t: &PhotoThresholds,
) -> Check {
    let (fc, ed) = (r.centre, r.eye_dist);
    let half = |sign: f64| {
        measures::mean(&measures::lumas(img, Rect::around(fc.x + sign * 0.4 * ed, fc.y, 0.7 * ed, 0.8 * ed)))
    };
    let face = match (half(-1.0), half(1.0)) {
        (Some(left), Some(right)) => Some(scene_light::Sides { left, right }),
        _ => None,
    };
    let (left_wall, right_wall) = beside_head(g, plan);
    let wall = scene_light::wall_sides(img, left_wall, right_wall, t.max_background_std);
    let light = face.and_then(|f| scene_light::light_ratio(f, wall, t.min_illumination_ratio, t.min_scene_light_ratio));
    let pass = light.is_some_and(|l| l.ratio >= t.min_illumination_ratio);
    let key = match light {
        Some(l) if !pass && l.across_scene => "photo.illumination_uniformity.scene",
        _ if pass => "photo.illumination_uniformity.pass",
        _ => "photo.illumination_uniformity.fail",
    };
    Check::new(
        "illumination_uniformity",
        light.map(|l| l.ratio),
        format!(">= {} (væg >= {})", t.min_illumination_ratio, t.min_scene_light_ratio),
        pass,
        key,
    )
}

/// The wall left and right of the head within the crop, from the crop's top to the eyes (where
/// neither hair nor shoulders reach).
fn beside_head(g: &HeadGeometry, plan: &CropPlan) -> (Rect, Rect) {
    let r = plan.rect;
    let (hw, mid) = (0.42 * g.head_h, g.eye_mid.x);
    (
        Rect { x0: r.x0, y0: r.y0, x1: mid - hw, y1: g.eye_mid.y },
        Rect { x0: mid + hw, y0: r.y0, x1: r.x1, y1: g.eye_mid.y },
    )
}

/// `natural_colour`: mean CIELAB a* and b* of the central face within the skin ranges; a colour
/// cast or a black-and-white photo falls outside.
fn natural_colour(img: &RgbImage, r: &FaceRegion, t: &PhotoThresholds) -> Check {
    let ab = measures::mean_ab(img, Rect::around(r.centre.x, r.centre.y, 1.0 * r.eye_dist, 0.8 * r.eye_dist));
    let colour_ok = ab.is_some_and(|(a, b)| {
        (t.colour_a_range[0]..=t.colour_a_range[1]).contains(&a)
            && (t.colour_b_range[0]..=t.colour_b_range[1]).contains(&b)
    });
    Check::judged(
        "natural_colour",
        ab.map(|(a, _)| a),
        format!("a* {:?}, b* {:?}", t.colour_a_range, t.colour_b_range),
        colour_ok,
        "photo.natural_colour",
    )
}

/// `background`: beside and above the head within the crop, the rule's "lys og ensfarvet"
/// (light and of one colour): a luma spread (a pattern or objects), a mean CIE L* (light), a mean
/// chroma (not coloured) and a colour difference between the left, right and top patches (no
/// gradient or second colour). The value is the luma spread; the text says which part failed.
fn background(img: &RgbImage, g: &HeadGeometry, plan: &CropPlan, t: &PhotoThresholds) -> Check {
    let r = plan.rect;
    let mid = g.eye_mid.x;
    let (left, right) = beside_head(g, plan);
    let top = g.crown.y - 0.08 * g.head_h;
    let stats = background::measure(
        img,
        &[left, right, Rect { x0: r.x0, y0: r.y0, x1: mid, y1: top }, Rect { x0: mid, y0: r.y0, x1: r.x1, y1: top }],
    );
    let plain = stats.is_some_and(|s| s.luma_std <= t.max_background_std && s.patch_step <= t.max_background_step);
    let light =
        stats.is_some_and(|s| s.lightness >= t.min_background_lightness && s.luma_mean >= t.min_background_luma);
    let grey = stats.is_some_and(|s| s.chroma <= t.max_background_chroma);
    let key = match (plain, light, grey) {
        (true, true, true) => "photo.background.pass",
        (false, _, _) => "photo.background.fail",
        (true, false, _) => "photo.background.dark",
        (true, true, false) => "photo.background.coloured",
    };
    Check::new(
        "background",
        stats.map(|s| s.luma_std),
        format!(
            "σ <= {}, μ >= {}, L* >= {}, C* <= {}, ΔE <= {}",
            t.max_background_std,
            t.min_background_luma,
            t.min_background_lightness,
            t.max_background_chroma,
            t.max_background_step
        ),
        plain && light && grey,
        key,
    )
}

/// `sharpness`: mean absolute Laplacian of the inner face at a fixed scale; a blurred photo
/// (motion or focus) fails.
fn sharpness(img: &RgbImage, r: &FaceRegion, t: &PhotoThresholds) -> Check {
    let sharp = measures::sharpness(img, r.inner);
    Check::judged(
        "sharpness",
        sharp,
        format!(">= {}", t.min_sharpness),
        sharp.is_some_and(|s| s >= t.min_sharpness),
        "photo.sharpness",
    )
}

/// `noise`: sensor noise on the inner face at full resolution; a grainy photo (poor light, high
/// gain) fails.
fn noise(img: &RgbImage, r: &FaceRegion, t: &PhotoThresholds) -> Check {
    let noise = measures::noise_sigma(img, r.inner);
    Check::judged(
        "noise",
        noise,
        format!("<= {}", t.max_noise_sigma),
        noise.is_some_and(|s| s <= t.max_noise_sigma),
        "photo.noise",
    )
}

/// `compression`: JPEG blockiness on the inner face; a hard-compressed photo shows the 8x8 grid.
/// Too small a face region to see the grid in: nothing to hold against the photo (passes).
fn compression(img: &RgbImage, r: &FaceRegion, t: &PhotoThresholds) -> Check {
    let blocks = measures::blockiness(img, r.inner);
    Check::judged(
        "compression",
        blocks,
        format!("<= {}", t.max_blockiness),
        blocks.is_none_or(|b| b <= t.max_blockiness),
        "photo.compression",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point3;

    /// `Debug` of a still result shows sizes and counts: a derived one would print the crop's
    /// pixel bytes (`201, 202, 203`) and every landmark coordinate.
    #[test]
    fn debug_shows_no_pixels_and_no_landmarks() {
        let mut result = without_face(face_count(1));
        result.crop = Some(RgbImage::from_pixel(3, 4, image::Rgb([201, 202, 203])));
        result.landmarks = Some(Landmarks { points: vec![Point3 { x: 123.456, y: 78.901, z: -5.25 }], presence: 0.9 });
        let shown = format!("{result:?}");
        assert!(!shown.contains("201, 202, 203") && !shown.contains("123.456") && !shown.contains("78.901"), "{shown}");
        assert!(shown.contains("<3x4 RGB>") && shown.contains("landmarks: Some(1)"), "{shown}");
    }
}
