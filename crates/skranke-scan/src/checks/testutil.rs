//! Test-only drawing of synthetic scanned fields: paper, printed rules and handwriting with
//! anti-aliased round pen strokes, in millimetres at a given resolution; and a JPEG round trip.

use image::{Rgb, RgbImage};

/// A field of paper scanned at `dpi`, drawn on in millimetres.
pub(crate) struct Field {
    pub image: RgbImage,
    px_per_mm: f64,
}

impl Field {
    /// Blank paper `width` x `height` mm.
    pub fn new(width: f64, height: f64, dpi: f64, paper: Rgb<u8>) -> Self {
        let px_per_mm = dpi / 25.4;
        let px = |mm: f64| (mm * px_per_mm).round() as u32;
        Self { image: RgbImage::from_pixel(px(width), px(height), paper), px_per_mm }
    }

    /// A polyline through `points` (mm) with a round pen `width` mm wide.
    pub fn line(&mut self, points: &[(f64, f64)], width: f64, ink: Rgb<u8>) {
        let r = width * self.px_per_mm / 2.0;
        let k = self.px_per_mm;
        let px = |(x, y): (f64, f64)| (x * k, y * k);
        for pair in points.windows(2) {
            self.segment(px(pair[0]), px(pair[1]), r, ink);
        }
    }

    /// A rectangle's outline from (x0, y0) to (x1, y1), mm.
    pub fn rectangle(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, width: f64, ink: Rgb<u8>) {
        self.line(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], width, ink);
    }

    fn segment(&mut self, a: (f64, f64), b: (f64, f64), r: f64, ink: Rgb<u8>) {
        let (w, h) = (self.image.width() as f64, self.image.height() as f64);
        let x0 = (a.0.min(b.0) - r - 1.0).floor().clamp(0.0, w) as u32;
        let x1 = (a.0.max(b.0) + r + 1.0).ceil().clamp(0.0, w) as u32;
        let y0 = (a.1.min(b.1) - r - 1.0).floor().clamp(0.0, h) as u32;
        let y1 = (a.1.max(b.1) + r + 1.0).ceil().clamp(0.0, h) as u32;
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = (dx * dx + dy * dy).max(1e-12);
        for y in y0..y1 {
            for x in x0..x1 {
                let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                let t = (((px - a.0) * dx + (py - a.1) * dy) / len2).clamp(0.0, 1.0);
                let d = ((px - a.0 - t * dx).powi(2) + (py - a.1 - t * dy).powi(2)).sqrt();
                let cover = (r + 0.5 - d).clamp(0.0, 1.0);
                if cover > 0.0 {
                    let p = self.image.get_pixel_mut(x, y);
                    for c in 0..3 {
                        p.0[c] = (f64::from(p.0[c]) * (1.0 - cover) + f64::from(ink.0[c]) * cover).round() as u8;
                    }
                }
            }
        }
    }
}

/// Handwriting-like loops (a prolate trochoid) from `x0` along `length` mm, centred on `y`,
/// `amplitude` mm up and down.
pub(crate) fn scribble(x0: f64, y: f64, length: f64, amplitude: f64) -> Vec<(f64, f64)> {
    let a = 0.45 * amplitude;
    let steps = (length / a / 0.05) as usize;
    (0..=steps)
        .map(|k| {
            let t = k as f64 * 0.05;
            (x0 + a * t - amplitude * t.sin(), y - amplitude * t.cos())
        })
        .collect()
}

/// `img` through a JPEG encoder at `quality` and back.
pub(crate) fn jpeg(img: &RgbImage, quality: u8) -> RgbImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(img).expect("encode");
    image::load_from_memory(&bytes).expect("decode").to_rgb8()
}

/// `photo` (a 35x45 mm crop at any size) as a print on paper scanned at `dpi`: printed at
/// 1200 dpi with a colour halftone of about 125 lpi (cyan and magenta screens at 18° and 72°,
/// yellow at 0°), then scanned: each scan pixel the average of the print pixels it covers (the
/// screen's moiré), the optics' slight blur, sensor grain and the scanner's JPEG. `dpi` must
/// divide 1200.
pub(crate) fn printed_and_scanned(photo: &RgbImage, dpi: u32) -> RgbImage {
    const PRINT_DPI: u32 = 1200;
    let f = PRINT_DPI / dpi;
    let (w, h) = ((35.0 * f64::from(dpi) / 25.4).round() as u32, (45.0 * f64::from(dpi) / 25.4).round() as u32);
    let fine = image::imageops::resize(photo, w * f, h * f, image::imageops::FilterType::CatmullRom);
    let screens = Screens::new();
    let printed = RgbImage::from_fn(fine.width(), fine.height(), |x, y| {
        let p = fine.get_pixel(x, y);
        Rgb([0, 1, 2].map(|c| if screens.inked(c, x, y, p.0[c]) { 35 } else { 242 }))
    });
    let mut seed = 0x2545_f491u32;
    let scanned = RgbImage::from_fn(w, h, |x, y| {
        let mut sum = [0u32; 3];
        for dy in 0..f {
            for dx in 0..f {
                for (s, v) in sum.iter_mut().zip(printed.get_pixel(x * f + dx, y * f + dy).0) {
                    *s += u32::from(v);
                }
            }
        }
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed % 7) as i32 - 3;
        Rgb(sum.map(|s| ((s / (f * f)) as i32 + grain).clamp(0, 255) as u8))
    });
    jpeg(&image::imageops::blur(&scanned, 0.5), 85)
}

/// Three clustered-dot halftone screens on integer lattices (so each repeats every 30 print
/// pixels and is a table): the spot function's value per pixel and the tone-to-threshold map
/// that makes a dot's area the tone's coverage.
struct Screens {
    /// Per channel, the spot function over a 30x30 tile.
    spot: [Vec<f64>; 3],
    /// Per channel and 8-bit value, the spot level above which the channel is inked.
    level: [Vec<f64>; 3],
}

impl Screens {
    const TILE: u32 = 30;

    fn new() -> Self {
        let tau = std::f64::consts::TAU;
        // Lattice vectors (3, 1) and (-1, 3) times 3 (period 3 sqrt(10) = 9.5 px), their mirror
        // image, and (10, 0), (0, 10): all repeat every 30 px.
        let screen = |ax: f64, ay: f64, period: f64| {
            let n = (ax * ax + ay * ay).sqrt();
            let (c, s) = (ax / n, ay / n);
            (0..Self::TILE * Self::TILE)
                .map(|i| {
                    let (x, y) = (f64::from(i % Self::TILE), f64::from(i / Self::TILE));
                    let (u, v) = (x * c + y * s, -x * s + y * c);
                    0.5 + 0.25 * ((tau * u / period).cos() + (tau * v / period).cos())
                })
                .collect::<Vec<f64>>()
        };
        let p = 3.0 * 10f64.sqrt();
        let spot = [screen(3.0, 1.0, p), screen(1.0, 3.0, p), screen(1.0, 0.0, 10.0)];
        let level = spot.clone().map(|mut sorted| {
            sorted.sort_by(f64::total_cmp);
            let last = (sorted.len() - 1) as f64;
            // Value v (light) has ink coverage 1 - v/255: ink where the spot is above the
            // (v/255) quantile.
            (0..=255).map(|v| sorted[(f64::from(v) / 255.0 * last).round() as usize]).collect()
        });
        Self { spot, level }
    }

    fn inked(&self, channel: usize, x: u32, y: u32, value: u8) -> bool {
        let k = ((y % Self::TILE) * Self::TILE + x % Self::TILE) as usize;
        value < 255 && self.spot[channel][k] >= self.level[channel][value as usize]
    }
}
