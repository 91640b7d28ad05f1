//! The still check: detect, measure the 17 checks on the photo the crop would produce, crop to
//! 35:45 with the head at the target height, and encode a JPEG under a size cap.
use image::{RgbImage, imageops};
use skranke_core::{Check, CheckReport, PhotoThresholds};

use crate::PhotoError;
use crate::geometry::{Face, Point, Rect, dist};
use crate::landmarks::{EyeContour, Landmarks, MIN_MESH_PRESENCE};
use crate::measures;
use crate::mesh::{self, MeshShape};
use crate::models::Models;

/// The still check's report: the fixed list of checks (see [`CHECK_IDS`]) and the verdict.
pub type PhotoReport = CheckReport;

/// The check ids, in report order.
pub const CHECK_IDS: [&str; 17] = [
    "face_count",
    "eye_distance",
    "head_size",
    "crop_margins",
    "yaw",
    "pitch",
    "roll",
    "eyes_open",
    "mouth_closed",
    "underexposure",
    "overexposure",
    "illumination_uniformity",
    "natural_colour",
    "background",
    "sharpness",
    "noise",
    "compression",
];

/// Head height estimated from the eye-to-mouth distance (anthropometric ratio, chin-crown); used
/// only when the landmark model found no face.
const EYE_MOUTH_PER_HEAD: f64 = 0.30;
/// Nose tip's frontal position between the eye line (0) and the mouth (1) (key point fallback).
const NOSE_FRONTAL: f64 = 0.52;
/// The eyes sit half way between chin and crown (anthropometric canon; crown = top of the skull).
const EYE_CHIN_PER_HEAD: f64 = 0.5;
/// FaceMesh's midline (chin to forehead) leans this far back, degrees, on a face whose Frankfurt
/// plane is level: the raw pitch minus this is the nod. Calibrated on the frontal package
/// portraits (docs/photo-checks.md).
const PITCH_FRONTAL_DEG: f64 = 0.0;
/// Message when the detector found a face but the landmark model could not place its features.
const NO_FEATURES: &str = "Øjne og mund kunne ikke findes. Sørg for at ansigtet er frit og tydeligt.";
/// Space above the crown in the crop, mm.
const TOP_MARGIN_MM: f64 = 5.0;
/// The crop is stored at most this tall (35x45 mm at ~680 dpi); larger crops are downscaled.
pub const MAX_OUTPUT_HEIGHT: u32 = 1200;

/// Head geometry in the de-rolled frame of a face.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub eye_mid: Point,
    pub eye_dist: f64,
    pub head_h: f64,
    pub crown: Point,
    pub roll_deg: f64,
    pub yaw_deg: f64,
    pub pitch_deg: f64,
}

/// Head geometry from the landmarks when the landmark model saw the face, else from the
/// detector's six key points (coarse).
pub(crate) fn geometry(f: &Face, mesh: Option<&MeshShape>) -> Geometry {
    match mesh {
        Some(m) => geometry_from_mesh(m),
        None => keypoint_geometry(f),
    }
}

/// Head geometry from the landmarks alone (live tracking has no fresh detection).
pub(crate) fn geometry_from_mesh(m: &MeshShape) -> Geometry {
    let em = Point { x: (m.right_eye.x + m.left_eye.x) / 2.0, y: (m.right_eye.y + m.left_eye.y) / 2.0 };
    let ed = dist(m.right_eye, m.left_eye).max(1e-6);
    let u = ((m.left_eye.x - m.right_eye.x) / ed, (m.left_eye.y - m.right_eye.y) / ed);
    let v = (-u.1, u.0);
    let chin_v = ((m.chin.x - em.x) * v.0 + (m.chin.y - em.y) * v.1).max(1e-6);
    let head_h = chin_v / EYE_CHIN_PER_HEAD;
    let crown = Point { x: em.x - (head_h - chin_v) * v.0, y: em.y - (head_h - chin_v) * v.1 };
    Geometry {
        eye_mid: em,
        eye_dist: ed,
        head_h,
        crown,
        roll_deg: m.roll_deg,
        yaw_deg: m.yaw_deg,
        pitch_deg: m.pitch_raw_deg - PITCH_FRONTAL_DEG,
    }
}

fn keypoint_geometry(f: &Face) -> Geometry {
    let em = f.eye_mid();
    let ed = f.eye_distance().max(1e-6);
    let u = ((f.left_eye.x - f.right_eye.x) / ed, (f.left_eye.y - f.right_eye.y) / ed);
    let v = (-u.1, u.0);
    let along = |p: Point| ((p.x - em.x) * u.0 + (p.y - em.y) * u.1, (p.x - em.x) * v.0 + (p.y - em.y) * v.1);
    let (_, mouth_v) = along(f.mouth);
    let (nose_u, nose_v) = along(f.nose);
    let d_em = mouth_v.max(1e-6);
    let head_h = d_em / EYE_MOUTH_PER_HEAD;
    let crown = Point { x: em.x - 0.5 * head_h * v.0, y: em.y - 0.5 * head_h * v.1 };
    let yaw = (nose_u / ed / 0.48).clamp(-1.0, 1.0).asin().to_degrees();
    let pitch = ((nose_v / d_em - NOSE_FRONTAL) / 0.43).clamp(-1.0, 1.0).asin().to_degrees();
    Geometry {
        eye_mid: em,
        eye_dist: ed,
        head_h,
        crown,
        roll_deg: u.1.atan2(u.0).to_degrees(),
        yaw_deg: yaw,
        pitch_deg: pitch,
    }
}

/// Where the crop lands in the source and what the final photo's geometry is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CropPlan {
    pub rect: Rect,
    pub head_mm: f64,
    pub center_offset_mm: f64,
    pub top_margin_mm: f64,
    pub out_scale: f64,
}

pub(crate) fn plan_crop(g: &Geometry, w: u32, h: u32, t: &PhotoThresholds) -> CropPlan {
    let ppm = g.head_h / t.head_target_mm;
    let (mut cw, mut ch) = (35.0 * ppm, 45.0 * ppm);
    let fit = (w as f64 / cw).min(h as f64 / ch).min(1.0);
    cw *= fit;
    ch *= fit;
    let ppm_final = ch / 45.0;
    let mut x0 = g.eye_mid.x - cw / 2.0;
    let mut y0 = g.crown.y - TOP_MARGIN_MM * ppm_final;
    x0 = x0.clamp(0.0, (w as f64 - cw).max(0.0));
    y0 = y0.clamp(0.0, (h as f64 - ch).max(0.0));
    let out_h = ch.min(MAX_OUTPUT_HEIGHT as f64);
    CropPlan {
        rect: Rect { x0, y0, x1: x0 + cw, y1: y0 + ch },
        head_mm: g.head_h / ppm_final,
        center_offset_mm: (g.eye_mid.x - (x0 + cw / 2.0)) / ppm_final,
        top_margin_mm: (g.crown.y - y0) / ppm_final,
        out_scale: out_h / ch,
    }
}

/// Cuts the planned crop out and scales it to at most [`MAX_OUTPUT_HEIGHT`].
pub(crate) fn cut(img: &RgbImage, p: &CropPlan) -> RgbImage {
    let r = p.rect;
    let (x0, y0) = (r.x0.max(0.0) as u32, r.y0.max(0.0) as u32);
    let cw = ((r.x1 - r.x0).round() as u32).clamp(1, img.width().saturating_sub(x0).max(1));
    let ch = ((r.y1 - r.y0).round() as u32).clamp(1, img.height().saturating_sub(y0).max(1));
    let sub = imageops::crop_imm(img, x0, y0, cw, ch).to_image();
    if p.out_scale < 0.999 {
        let oh = ((ch as f64 * p.out_scale).round() as u32).max(1);
        let ow = ((cw as f64 * p.out_scale).round() as u32).max(1);
        imageops::resize(&sub, ow, oh, imageops::FilterType::CatmullRom)
    } else {
        sub
    }
}

/// The still check's result: the report, the face used (largest), and the 35:45 crop when a face
/// was found.
#[derive(Debug, Clone)]
pub struct StillResult {
    /// The report (17 checks, fixed order).
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

/// Runs every still check on an upright RGB image and crops it.
pub fn check_still(img: &RgbImage, models: &Models, t: &PhotoThresholds) -> Result<StillResult, PhotoError> {
    let mut faces = models.detect_thorough(img, t.min_face_score)?;
    if faces.len() > 1 {
        // Several candidates: count only those the landmark model also sees as a face, so a
        // patterned background or a blurred poster does not make a second "person".
        let mut seen = Vec::with_capacity(faces.len());
        for f in faces {
            if models.landmarks(img, &f, false)?.presence >= MIN_MESH_PRESENCE {
                seen.push(f);
            }
        }
        faces = seen;
    }
    let n = faces.len();
    let count = Check::new(
        "face_count",
        Some(n as f64),
        "= 1",
        n == 1,
        match n {
            0 => "Intet ansigt fundet. Tag et nyt billede med ansigtet tydeligt i billedet.",
            1 => "Ét ansigt fundet.",
            _ => "Flere ansigter i billedet. Kun ansøgeren må være med.",
        },
    );
    let Some(face) = faces.iter().max_by(|a, b| (a.width * a.height).total_cmp(&(b.width * b.height))).cloned() else {
        let mut checks = vec![count];
        for id in &CHECK_IDS[1..] {
            checks.push(Check::new(id, None, "kræver et ansigt", false, "Kan ikke måles uden et ansigt."));
        }
        return Ok(StillResult {
            report: CheckReport::from_checks(checks),
            face: None,
            landmarks: None,
            eye_lids: None,
            crop: None,
        });
    };
    let marks = models.landmarks(img, &face, true)?;
    let marks = (marks.presence >= MIN_MESH_PRESENCE).then_some(marks);
    let shape = marks.as_ref().map(|l| mesh::shape(&l.points));
    let g = geometry(&face, shape.as_ref());
    let plan = plan_crop(&g, img.width(), img.height(), t);
    let mut checks = vec![count];
    let ed_final = g.eye_dist * plan.out_scale;
    checks.push(Check::judged(
        "eye_distance",
        Some(ed_final),
        format!(">= {} px", t.min_eye_distance_px),
        ed_final >= t.min_eye_distance_px,
        "Øjenafstanden er stor nok.",
        "Ansigtet er for lille/opløsningen for lav. Gå tættere på eller brug højere opløsning.",
    ));
    let head_ok = (t.head_min_mm..=t.head_max_mm).contains(&plan.head_mm);
    checks.push(Check::new(
        "head_size",
        Some(plan.head_mm),
        format!("{}-{} mm af 45", t.head_min_mm, t.head_max_mm),
        head_ok,
        if head_ok {
            "Hovedets størrelse er korrekt."
        } else if plan.head_mm > t.head_max_mm {
            "Hovedet fylder for meget. Træd et skridt tilbage."
        } else {
            "Hovedet fylder for lidt."
        },
    ));
    let off = plan.center_offset_mm.abs();
    let margins_ok = off <= t.max_center_offset_mm && plan.top_margin_mm >= t.min_top_margin_mm;
    checks.push(Check::judged(
        "crop_margins",
        Some(off),
        format!("midte <= {} mm, top >= {} mm", t.max_center_offset_mm, t.min_top_margin_mm),
        margins_ok,
        "Ansigtet er centreret med plads over hovedet.",
        "Ansigtet er for tæt på billedkanten. Centrér ansigtet.",
    ));
    for (id, v, max, bad) in [
        ("yaw", g.yaw_deg, t.max_yaw_deg, "Hovedet er drejet til siden. Se lige ind i kameraet."),
        ("pitch", g.pitch_deg, t.max_pitch_deg, "Hovedet er vippet op eller ned. Hold hagen vandret."),
        ("roll", g.roll_deg, t.max_roll_deg, "Hovedet hælder. Hold hovedet lige."),
    ] {
        let ok = v.abs() <= max;
        checks.push(Check::judged(id, Some(v), format!("|v| <= {max} grader"), ok, "Hovedstillingen er i orden.", bad));
    }
    // Eyes and mouth: lid gap and lip gap against eye and mouth width, from the landmarks.
    let eye_lids = marks.as_ref().map(|m| models.eye_contours(img, m)).transpose()?;
    let eyes = eye_lids.as_ref().map(|[right, left]| right.aspect_ratio().min(left.aspect_ratio()));
    let eyes_ok = eyes.is_some_and(|o| o >= t.min_eye_aspect_ratio);
    checks.push(Check::new(
        "eyes_open",
        eyes,
        format!(">= {}", t.min_eye_aspect_ratio),
        eyes_ok,
        if eyes_ok {
            "Øjnene er åbne og synlige."
        } else if eyes.is_none() {
            NO_FEATURES
        } else {
            "Øjnene ser lukkede eller skjulte ud. Bed ansøgeren åbne øjnene."
        },
    ));
    let mouth = shape.map(|m| m.mouth_aspect);
    let mouth_ok = mouth.is_some_and(|d| d <= t.max_mouth_aspect_ratio);
    checks.push(Check::new(
        "mouth_closed",
        mouth,
        format!("<= {}", t.max_mouth_aspect_ratio),
        mouth_ok,
        if mouth_ok {
            "Munden er lukket."
        } else if mouth.is_none() {
            NO_FEATURES
        } else {
            "Munden ser åben ud. Bed ansøgeren lukke munden."
        },
    ));
    let ed = g.eye_dist;
    let mouth_at = shape.map_or(face.mouth, |m| m.mouth);
    // Light on the face (inner face box around eyes, nose and mouth).
    let fc = Point { x: g.eye_mid.x, y: (g.eye_mid.y + mouth_at.y) / 2.0 };
    let face_box = Rect::around(fc.x, fc.y, 1.6 * ed, 1.0 * (mouth_at.y - g.eye_mid.y).abs().max(0.5 * ed) + 0.6 * ed);
    let fl = measures::lumas(img, face_box);
    let under = measures::share_below(&fl, 40.0);
    checks.push(Check::judged(
        "underexposure",
        under,
        format!("<= {}", t.max_dark_share),
        under.is_some_and(|v| v <= t.max_dark_share),
        "Ansigtet er ikke undereksponeret.",
        "Ansigtet er for mørkt. Mere lys på ansigtet.",
    ));
    let over = measures::share_above(&fl, 245.0);
    checks.push(Check::judged(
        "overexposure",
        over,
        format!("<= {}", t.max_bright_share),
        over.is_some_and(|v| v <= t.max_bright_share),
        "Ansigtet er ikke overeksponeret.",
        "Ansigtet er for lyst/overbelyst. Mindre lys eller undgå blitz.",
    ));
    let half = |sign: f64| {
        measures::mean(&measures::lumas(img, Rect::around(fc.x + sign * 0.4 * ed, fc.y, 0.7 * ed, 0.8 * ed)))
    };
    let ratio = match (half(-1.0), half(1.0)) {
        (Some(a), Some(b)) if a.max(b) > 0.0 => Some(a.min(b) / a.max(b)),
        _ => None,
    };
    let illum_ok = ratio.is_some_and(|r| r >= t.min_illumination_ratio);
    checks.push(Check::judged(
        "illumination_uniformity",
        ratio,
        format!(">= {}", t.min_illumination_ratio),
        illum_ok,
        "Lyset på ansigtet er jævnt.",
        "Ujævnt lys: den ene side af ansigtet er mørkere. Ret lyset.",
    ));
    let ab = measures::mean_ab(img, Rect::around(fc.x, fc.y, 1.0 * ed, 0.8 * ed));
    let colour_ok = ab.is_some_and(|(a, b)| {
        (t.colour_a_range[0]..=t.colour_a_range[1]).contains(&a)
            && (t.colour_b_range[0]..=t.colour_b_range[1]).contains(&b)
    });
    checks.push(Check::judged(
        "natural_colour",
        ab.map(|(a, _)| a),
        format!("a* {:?}, b* {:?}", t.colour_a_range, t.colour_b_range),
        colour_ok,
        "Hudfarven ser naturlig ud.",
        "Unaturlige farver (farvestik eller sort-hvid). Tjek kamera og lys.",
    ));
    // Background: beside and above the head within the crop.
    let r = plan.rect;
    let hw = 0.42 * g.head_h;
    let bg = [
        measures::lumas(img, Rect { x0: r.x0, y0: r.y0, x1: g.eye_mid.x - hw, y1: g.eye_mid.y }),
        measures::lumas(img, Rect { x0: g.eye_mid.x + hw, y0: r.y0, x1: r.x1, y1: g.eye_mid.y }),
        measures::lumas(img, Rect { x0: r.x0, y0: r.y0, x1: r.x1, y1: g.crown.y - 0.08 * g.head_h }),
    ]
    .concat();
    let bg_std = if bg.len() >= 50 { measures::std(&bg) } else { None };
    let bg_mean = measures::mean(&bg).unwrap_or(0.0);
    let bg_ok = bg_std.is_some_and(|s| s <= t.max_background_std) && bg_mean >= t.min_background_luma;
    checks.push(Check::judged(
        "background",
        bg_std,
        format!("spredning <= {}, lysstyrke >= {}", t.max_background_std, t.min_background_luma),
        bg_ok,
        "Baggrunden er lys og ensfarvet.",
        "Baggrunden er ikke lys og ensartet. Brug en lys, ensfarvet baggrund.",
    ));
    let sharp = measures::sharpness(img, face_box);
    let sharp_ok = sharp.is_some_and(|s| s >= t.min_sharpness);
    checks.push(Check::judged(
        "sharpness",
        sharp,
        format!(">= {}", t.min_sharpness),
        sharp_ok,
        "Billedet er skarpt.",
        "Billedet er uskarpt. Hold stille og tag et nyt.",
    ));
    let noise = measures::noise_sigma(img, face_box);
    let noise_ok = noise.is_some_and(|s| s <= t.max_noise_sigma);
    checks.push(Check::judged(
        "noise",
        noise,
        format!("<= {}", t.max_noise_sigma),
        noise_ok,
        "Billedet er uden synlig støj.",
        "Billedet er kornet (støj). Mere lys på ansigtet, eller tjek kameraet.",
    ));
    let blocks = measures::blockiness(img, face_box);
    // Too small a face region to see the 8x8 grid in: nothing to hold against the photo.
    let blocks_ok = blocks.is_none_or(|b| b <= t.max_blockiness);
    checks.push(Check::judged(
        "compression",
        blocks,
        format!("<= {}", t.max_blockiness),
        blocks_ok,
        "Ingen synlige komprimeringsfejl.",
        "Billedet er for hårdt komprimeret (synlige firkanter). Brug kameraets bedste kvalitet.",
    ));
    let crop = cut(img, &plan);
    Ok(StillResult {
        report: CheckReport::from_checks(checks),
        face: Some(face),
        landmarks: marks,
        eye_lids,
        crop: Some(crop),
    })
}

/// Encodes RGB as baseline JPEG (sRGB), stepping quality down from 95 until it fits `max_bytes`.
pub fn encode_jpeg(img: &RgbImage, max_bytes: usize) -> Result<Vec<u8>, PhotoError> {
    let mut q = 95u8;
    loop {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
            .encode_image(img)
            .map_err(|e| PhotoError::Encode(e.to_string()))?;
        if out.len() <= max_bytes {
            return Ok(out);
        }
        if q <= 30 {
            return Err(PhotoError::Encode(format!(
                "{} bytes at quality {q} exceeds the cap of {max_bytes}",
                out.len()
            )));
        }
        q -= 5;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face_at(cx: f64, cy: f64, ed: f64) -> Face {
        let p = |x: f64, y: f64| Point { x, y };
        Face {
            score: 0.9,
            center: p(cx, cy),
            width: 2.0 * ed,
            height: 2.0 * ed,
            right_eye: p(cx - ed / 2.0, cy),
            left_eye: p(cx + ed / 2.0, cy),
            nose: p(cx, cy + NOSE_FRONTAL * 1.1 * ed),
            mouth: p(cx, cy + 1.1 * ed),
            right_ear: p(cx - ed, cy + 0.3 * ed),
            left_ear: p(cx + ed, cy + 0.3 * ed),
        }
    }

    #[test]
    fn frontal_geometry_and_centred_crop_hit_the_target() {
        let t = PhotoThresholds::default();
        let g = geometry(&face_at(1000.0, 700.0, 200.0), None);
        assert!(g.roll_deg.abs() < 1e-9 && g.yaw_deg.abs() < 1e-9 && g.pitch_deg.abs() < 1e-6);
        let p = plan_crop(&g, 2000, 2600, &t);
        assert!((p.head_mm - 33.0).abs() < 1e-6 && p.center_offset_mm.abs() < 1e-6);
        assert!((p.rect.x1 - p.rect.x0) / (p.rect.y1 - p.rect.y0) - 35.0 / 45.0 < 1e-9);
    }

    #[test]
    fn face_near_the_edge_or_too_big_fails_margins_or_head_size() {
        let t = PhotoThresholds::default();
        let edge = plan_crop(&geometry(&face_at(150.0, 700.0, 200.0), None), 2000, 2600, &t);
        assert!(edge.center_offset_mm.abs() > t.max_center_offset_mm);
        let big = plan_crop(&geometry(&face_at(500.0, 500.0, 300.0), None), 1000, 1000, &t);
        assert!(big.head_mm > t.head_max_mm, "{}", big.head_mm);
    }

    #[test]
    fn jpeg_steps_quality_down_to_fit() {
        let img = RgbImage::from_fn(400, 500, |x, y| {
            image::Rgb([(x * 7 % 256) as u8, (y * 13 % 256) as u8, ((x ^ y) % 256) as u8])
        });
        let big = encode_jpeg(&img, usize::MAX).unwrap();
        let capped = encode_jpeg(&img, big.len() / 2).unwrap();
        assert!(capped.len() <= big.len() / 2);
        assert!(encode_jpeg(&img, 100).is_err());
    }
}
