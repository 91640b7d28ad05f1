//! Renders a signature as the greyscale PNG the card producer prints: a field of a set size in
//! millimetres at a set resolution (default 60 x 20 mm at 600 dpi), black ink on white, the line
//! width following pressure, anti-aliased, the ink trimmed and centred when asked.
use crate::SignatureError;
use crate::model::{Sample, StrokeFile};
use image::{GrayImage, Luma};
pub use skranke_core::SignatureImage as RenderOptions;

/// Largest image rendered (pixels per side), so a bad option cannot exhaust memory.
const MAX_SIDE: u32 = 10_000;

/// Renders the signature into a greyscale image.
pub fn render(f: &StrokeFile, o: &RenderOptions) -> Result<GrayImage, SignatureError> {
    let (w, h) = o.pixels();
    if w > MAX_SIDE || h > MAX_SIDE || !(o.dpi.is_finite() && o.width_mm > 0.0 && o.height_mm > 0.0) {
        return Err(SignatureError::Invalid(format!("render size {w}x{h} px is not allowed")));
    }
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    let px_per_mm = o.dpi / 25.4;
    let margin = o.margin_mm * px_per_mm;
    let inked: Vec<&Sample> = f.inked().collect();
    // The source rectangle (device units) that maps onto the field.
    let (sx0, sy0, sw, sh) = if o.trim && !inked.is_empty() {
        let (x0, x1, y0, y1) = inked.iter().fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |(a, b, c, d), s| {
            (a.min(s.x), b.max(s.x), c.min(s.y), d.max(s.y))
        });
        (x0, y0, (x1 - x0).max(1.0), (y1 - y0).max(1.0))
    } else {
        (0.0, 0.0, f.width, f.height)
    };
    let avail_w = (w as f64 - 2.0 * margin).max(1.0);
    let avail_h = (h as f64 - 2.0 * margin).max(1.0);
    let scale = (avail_w / sw).min(avail_h / sh);
    let off_x = (w as f64 - sw * scale) / 2.0;
    let off_y = (h as f64 - sh * scale) / 2.0;
    let map = |s: &Sample| ((s.x - sx0) * scale + off_x, (s.y - sy0) * scale + off_y);
    let width_of = |s: &Sample| line_mm(f, s, o) * px_per_mm;
    for stroke in f.strokes() {
        if stroke.len() == 1 {
            let (x, y) = map(&stroke[0]);
            capsule(&mut img, (x, y), (x, y), width_of(&stroke[0]));
        }
        for pair in stroke.windows(2) {
            capsule(&mut img, map(&pair[0]), map(&pair[1]), (width_of(&pair[0]) + width_of(&pair[1])) / 2.0);
        }
    }
    Ok(img)
}

/// The line width the renderer draws at sample `s`, mm: from [`RenderOptions::min_line_mm`] at
/// the lightest touch to [`RenderOptions::max_line_mm`] at full pressure (the middle without
/// pressure). A segment is drawn with the mean of its two ends. The card check measures the same.
pub(crate) fn line_mm(f: &StrokeFile, s: &Sample, o: &RenderOptions) -> f64 {
    let p = if f.pressure_available { (s.pressure / f.pressure_max).clamp(0.0, 1.0) } else { 0.5 };
    o.min_line_mm + (o.max_line_mm - o.min_line_mm) * p
}

/// Renders and encodes PNG.
pub fn render_png(f: &StrokeFile, o: &RenderOptions) -> Result<Vec<u8>, SignatureError> {
    let img = render(f, o)?;
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).map_err(|e| SignatureError::Render(e.to_string()))?;
    with_dpi(out.into_inner(), o.dpi)
}

/// Adds a `pHYs` chunk (pixels per metre) after IHDR so printers know the resolution.
fn with_dpi(png: Vec<u8>, dpi: f64) -> Result<Vec<u8>, SignatureError> {
    const IHDR_END: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < IHDR_END || &png[12..16] != b"IHDR" {
        return Err(SignatureError::Render("unexpected PNG layout".into()));
    }
    let ppm = (dpi / 0.0254).round() as u32;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    chunk.extend_from_slice(b"pHYs");
    chunk.extend_from_slice(&ppm.to_be_bytes());
    chunk.extend_from_slice(&ppm.to_be_bytes());
    chunk.push(1); // unit: metre
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..IHDR_END]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[IHDR_END..]);
    Ok(out)
}

/// CRC-32 (IEEE) as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Draws a line segment with round ends, anti-aliased by distance to the segment.
fn capsule(img: &mut GrayImage, a: (f64, f64), b: (f64, f64), width: f64) {
    let r = (width / 2.0).max(0.5);
    let (w, h) = (img.width() as f64, img.height() as f64);
    let x0 = (a.0.min(b.0) - r - 1.0).floor().max(0.0) as u32;
    let x1 = (a.0.max(b.0) + r + 1.0).ceil().min(w - 1.0).max(0.0) as u32;
    let y0 = (a.1.min(b.1) - r - 1.0).floor().max(0.0) as u32;
    let y1 = (a.1.max(b.1) + r + 1.0).ceil().min(h - 1.0).max(0.0) as u32;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let t = if len2 > 0.0 { (((px - a.0) * dx + (py - a.1) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
            let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
            let d = ((px - cx).powi(2) + (py - cy).powi(2)).sqrt();
            let coverage = (r + 0.5 - d).clamp(0.0, 1.0);
            if coverage > 0.0 {
                let ink = (255.0 * (1.0 - coverage)) as u8;
                let p = img.get_pixel_mut(x, y);
                p.0[0] = p.0[0].min(ink);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_png_reference_value() {
        // The CRC of an IEND chunk's type is fixed in every PNG: AE 42 60 82.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn ink_lands_where_the_strokes_are_when_not_trimmed() {
        // A 100 x 50 unit field onto 200 x 100 px (2 px per unit): a horizontal stroke at y = 25
        // from x = 20 to 80, pen up, then a dot at (90, 10) that must not connect to it.
        let s = |t_ms, x, y, pressure| Sample { t_ms, x, y, pressure };
        let f = StrokeFile {
            width: 100.0,
            height: 50.0,
            pressure_max: 10.0,
            samples: vec![
                s(0.0, 20.0, 25.0, 5.0),
                s(10.0, 80.0, 25.0, 5.0),
                s(20.0, 85.0, 15.0, 0.0),
                s(30.0, 90.0, 10.0, 5.0),
            ],
            pressure_available: false,
            device: None,
        };
        let o = RenderOptions {
            width_mm: 50.8,
            height_mm: 25.4,
            dpi: 100.0,
            trim: false,
            margin_mm: 0.0,
            min_line_mm: 0.5,
            max_line_mm: 0.5,
        };
        let img = render(&f, &o).unwrap();
        assert_eq!(img.dimensions(), (200, 100));
        let ink = |x: u32, y: u32| img.get_pixel(x, y).0[0] < 128;
        assert!(ink(40, 50) && ink(100, 50) && ink(159, 50), "along the stroke");
        assert!(ink(180, 20), "the dot");
        assert!(!ink(100, 60) && !ink(100, 40), "line is thin");
        assert!(!ink(30, 50) && !ink(170, 50), "nothing beyond the ends");
        assert!(!ink(170, 30), "pen-up move draws nothing");
    }

    #[test]
    fn png_carries_the_resolution_and_still_decodes() {
        let f = StrokeFile {
            width: 100.0,
            height: 50.0,
            pressure_max: 10.0,
            samples: vec![
                Sample { t_ms: 0.0, x: 10.0, y: 10.0, pressure: 5.0 },
                Sample { t_ms: 9.0, x: 90.0, y: 40.0, pressure: 5.0 },
            ],
            pressure_available: true,
            device: None,
        };
        let o = RenderOptions { dpi: 300.0, ..RenderOptions::default() };
        let png = render_png(&f, &o).unwrap();
        let at = png.windows(4).position(|w| w == b"pHYs").expect("pHYs chunk");
        let ppm = u32::from_be_bytes([png[at + 4], png[at + 5], png[at + 6], png[at + 7]]);
        assert_eq!(ppm, 11811); // 300 dpi
        assert_eq!(png[at + 12], 1);
        let img = image::load_from_memory(&png).expect("decodes").to_luma8();
        assert_eq!(img.dimensions(), o.pixels());
        assert!(img.pixels().any(|p| p.0[0] < 64));
    }
}
