//! Synthetic scans for the tests: a light stamkort-like card (printed header text, thin field
//! lines, a dark-bordered photo box, a signature box) with real portraits glued in and a
//! scribbled signature, placed rotated and shifted on a near-white A4 page with scanner noise;
//! and the true quads to measure against.

use image::{Rgb, RgbImage};

use super::frame::{CardFrame, corners_mm, grow};
use crate::{Quad, RectMm, StamkortLayout};

/// One synthetic scan.
#[derive(Debug, Clone)]
pub(crate) struct Scene {
    pub dpi: f64,
    /// The card's rotation on the page, degrees clockwise as seen.
    pub angle_deg: f64,
    /// The card's centre on the A4 page, mm.
    pub centre_mm: [f64; 2],
    /// Photos glued on, with where (card mm).
    pub photos: Vec<(RgbImage, RectMm)>,
    pub signature: bool,
    /// The card is drawn at all (else a blank page).
    pub card: bool,
}

/// The true quads (page pixels, clockwise from the upright card's top-left).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Truth {
    pub card: Quad,
    pub photo: Quad,
    pub signature: Quad,
}

const PAGE_MM: [f64; 2] = [210.0, 297.0];
const GLASS: [f64; 3] = [233.0, 233.0, 230.0];
const PAPER: [f64; 3] = [251.0, 249.0, 243.0];

impl Scene {
    /// A card with one portrait in the layout's photo box and a signature.
    pub fn new(dpi: f64, angle_deg: f64, portrait: &RgbImage, layout: &StamkortLayout) -> Self {
        Self {
            dpi,
            angle_deg,
            centre_mm: [112.0, 120.0],
            photos: vec![(portrait.clone(), layout.photo)],
            signature: true,
            card: true,
        }
    }

    /// The page and the truth.
    pub fn draw(&self, layout: &StamkortLayout) -> (RgbImage, Truth) {
        let ppm = self.dpi / 25.4;
        let (w, h) = ((PAGE_MM[0] * ppm).round() as u32, (PAGE_MM[1] * ppm).round() as u32);
        let size = [layout.card_width, layout.card_height];
        let (s, c) = self.angle_deg.to_radians().sin_cos();
        // Card mm -> page px: rotate about the card's centre, place, scale.
        let to_page = |p: [f64; 2]| {
            let (dx, dy) = (p[0] - size[0] / 2.0, p[1] - size[1] / 2.0);
            [(self.centre_mm[0] + c * dx - s * dy) * ppm, (self.centre_mm[1] + s * dx + c * dy) * ppm]
        };
        let to_card = |x: f64, y: f64| {
            let (dx, dy) = (x / ppm - self.centre_mm[0], y / ppm - self.centre_mm[1]);
            [c * dx + s * dy + size[0] / 2.0, -s * dx + c * dy + size[1] / 2.0]
        };
        let mut noise = Lcg(0x5eed ^ (self.dpi as u64) ^ ((self.angle_deg * 100.0) as i64 as u64));
        // Only pixels within the card's reach need the card's drawing.
        let reach = (size[0].hypot(size[1]) / 2.0 + 1.0) * ppm;
        let (cx, cy) = (self.centre_mm[0] * ppm, self.centre_mm[1] * ppm);
        let img = RgbImage::from_fn(w, h, |x, y| {
            let near = self.card && (x as f64 - cx).abs() < reach && (y as f64 - cy).abs() < reach;
            let p = if near { to_card(x as f64 + 0.5, y as f64 + 0.5) } else { [-1.0, -1.0] };
            let on_card = near && p[0] >= 0.0 && p[1] >= 0.0 && p[0] < size[0] && p[1] < size[1];
            let base = if on_card { self.card_colour(p, layout) } else { GLASS };
            let n = noise.next() * 6.0;
            Rgb(base.map(|v| (v + n).round().clamp(0.0, 255.0) as u8))
        });
        let frame =
            CardFrame::new(&corners_mm(RectMm { x: 0.0, y: 0.0, width: size[0], height: size[1] }).map(to_page), size)
                .expect("card frame");
        let truth = Truth {
            card: frame.quad(RectMm { x: 0.0, y: 0.0, width: size[0], height: size[1] }),
            photo: frame.quad(layout.photo),
            signature: frame.quad(layout.signature),
        };
        (img, truth)
    }

    fn card_colour(&self, p: [f64; 2], layout: &StamkortLayout) -> [f64; 3] {
        for (img, r) in &self.photos {
            if inside(p, *r) {
                let (iw, ih) = (img.width() as f64, img.height() as f64);
                let (x, y) = ((p[0] - r.x) / r.width * iw, (p[1] - r.y) / r.height * ih);
                let px = img.get_pixel((x as u32).min(img.width() - 1), (y as u32).min(img.height() - 1));
                return [px[0] as f64, px[1] as f64, px[2] as f64];
            }
        }
        let ink = [25.0, 35.0, 110.0];
        let print = [60.0, 60.0, 60.0];
        let thin = [150.0, 150.0, 150.0];
        // The photo box's dark border and the signature box's thin frame.
        if inside(p, grow(layout.photo, 0.5)) && !inside(p, layout.photo) {
            return print;
        }
        let sig = layout.signature;
        if inside(p, grow(sig, 0.2)) && !inside(p, grow(sig, -0.1)) {
            return thin;
        }
        // Header "text": blocks of print in two lines.
        for (y0, y1) in [(7.0, 10.0), (13.0, 15.0)] {
            if p[1] >= y0 && p[1] < y1 && p[0] >= 8.0 && p[0] < 110.0 && (p[0] * 1.3).sin() > -0.2 {
                return print;
            }
        }
        // Thin printed field lines to the right of the photo.
        for y in [32.0, 42.0, 52.0, 62.0] {
            if (p[1] - y).abs() < 0.12 && p[0] >= 55.0 && p[0] < 140.0 {
                return thin;
            }
        }
        if self.signature && inside(p, sig) {
            let x = p[0] - sig.x;
            let f = sig.y + sig.height / 2.0 + 5.0 * (x / 6.0).sin() + 2.0 * (x / 2.3).sin();
            let slope = 5.0 / 6.0 * (x / 6.0).cos() + 2.0 / 2.3 * (x / 2.3).cos();
            if x > 8.0 && x < sig.width - 12.0 && (p[1] - f).abs() < 0.3 * (1.0 + slope * slope).sqrt() {
                return ink;
            }
        }
        PAPER
    }
}

fn inside(p: [f64; 2], r: RectMm) -> bool {
    p[0] >= r.x && p[1] >= r.y && p[0] < r.x + r.width && p[1] < r.y + r.height
}

/// A small deterministic noise source, uniform in [-0.5, 0.5).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    }
}

/// Intersection over union of two convex quads (clipping one by the other).
pub(crate) fn iou(a: &Quad, b: &Quad) -> f64 {
    let inter = clip(&a.0, &b.0);
    let area = |p: &[[f64; 2]]| {
        let n = p.len();
        (0..n).map(|i| p[i][0] * p[(i + 1) % n][1] - p[(i + 1) % n][0] * p[i][1]).sum::<f64>().abs() / 2.0
    };
    let i = area(&inter);
    let u = area(&a.0) + area(&b.0) - i;
    if u <= 0.0 { 0.0 } else { i / u }
}

/// Sutherland-Hodgman: `subject` clipped by the convex polygon `by` (either winding).
fn clip(subject: &[[f64; 2]], by: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let n = by.len();
    let signed = (0..n).map(|i| by[i][0] * by[(i + 1) % n][1] - by[(i + 1) % n][0] * by[i][1]).sum::<f64>();
    let side = |a: [f64; 2], b: [f64; 2], p: [f64; 2]| {
        ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) * signed.signum()
    };
    let mut out: Vec<[f64; 2]> = subject.to_vec();
    for i in 0..n {
        let (a, b) = (by[i], by[(i + 1) % n]);
        let input = std::mem::take(&mut out);
        for j in 0..input.len() {
            let (p, q) = (input[j], input[(j + 1) % input.len()]);
            let (sp, sq) = (side(a, b, p), side(a, b, q));
            if sp >= 0.0 {
                out.push(p);
            }
            if (sp >= 0.0) != (sq >= 0.0) {
                let t = sp / (sp - sq);
                out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
            }
        }
        if out.is_empty() {
            break;
        }
    }
    out
}
