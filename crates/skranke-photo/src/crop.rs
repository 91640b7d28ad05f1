//! The 35:45 crop: where it lands in the source (head at the target height, crown a fixed margin
//! below the top edge, centred on the eyes), the final photo's geometry the still check measures,
//! cutting it out at most [`MAX_OUTPUT_HEIGHT`] tall, and the JPEG under a size cap.
use image::{RgbImage, imageops};
use skranke_core::PhotoThresholds;

use crate::PhotoError;
use crate::geometry::Rect;
use crate::head::HeadGeometry;

/// Space above the crown in the crop, mm.
const TOP_MARGIN_MM: f64 = 5.0;
/// The crop is stored at most this tall (35x45 mm at ~680 dpi); larger crops are downscaled.
pub const MAX_OUTPUT_HEIGHT: u32 = 1200;

/// Where the crop lands in the source and what the final photo's geometry is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CropPlan {
    pub rect: Rect,
    pub head_mm: f64,
    pub center_offset_mm: f64,
    pub top_margin_mm: f64,
    pub out_scale: f64,
}

/// Plans the crop for a head in a `w` x `h` image: shrunk to fit the image (the head then gets
/// bigger), shifted in where it would stick out (the face then gets off-centre).
pub(crate) fn plan_crop(g: &HeadGeometry, w: u32, h: u32, t: &PhotoThresholds) -> CropPlan {
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
    use crate::head::frontal_face;

    #[test]
    fn a_centred_crop_hits_the_target() {
        let t = PhotoThresholds::default();
        let g = HeadGeometry::of(&frontal_face(1000.0, 700.0, 200.0), None);
        let p = plan_crop(&g, 2000, 2600, &t);
        assert!((p.head_mm - 33.0).abs() < 1e-6 && p.center_offset_mm.abs() < 1e-6);
        assert!((p.rect.x1 - p.rect.x0) / (p.rect.y1 - p.rect.y0) - 35.0 / 45.0 < 1e-9);
    }

    #[test]
    fn face_near_the_edge_or_too_big_fails_margins_or_head_size() {
        let t = PhotoThresholds::default();
        let edge = plan_crop(&HeadGeometry::of(&frontal_face(150.0, 700.0, 200.0), None), 2000, 2600, &t);
        assert!(edge.center_offset_mm.abs() > t.max_center_offset_mm);
        let big = plan_crop(&HeadGeometry::of(&frontal_face(500.0, 500.0, 300.0), None), 1000, 1000, &t);
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
