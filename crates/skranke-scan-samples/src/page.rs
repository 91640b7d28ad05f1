//! The scanner: an A4 page of off-white glass with the card laid on it (any position, turned),
//! the card's edge shadow, a fold's soft dark band across the card, and sensor noise.

use image::RgbImage;
use skranke_scan::Quad;

use crate::draw::sample;
use crate::geom::Affine;
use crate::rng::Rng;

/// A4, millimetres.
pub(crate) const A4_MM: (f64, f64) = (210.0, 297.0);

/// The page's size in pixels at `dpi`.
pub(crate) fn page_pixels(dpi: f64) -> (u32, u32) {
    ((A4_MM.0 / 25.4 * dpi).round() as u32, (A4_MM.1 / 25.4 * dpi).round() as u32)
}

/// A fold in the card: a soft dark band along one of the card's axes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fold {
    /// Across the card's width (a vertical line on the upright card) or its height.
    pub vertical: bool,
    /// Where, card pixels from the card's left (vertical) or top edge.
    pub at: f64,
    /// The band's half-width, card pixels.
    pub half_width: f64,
    /// How much darker at its middle, 0..1.
    pub depth: f64,
}

/// How the card lies on the glass and how the scanner sees the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scan {
    /// The page's resolution.
    pub dpi: f64,
    /// Card pixels to page pixels.
    pub card_to_page: Affine,
    /// The glass's (lid's) colour.
    pub glass: [u8; 3],
    /// A fold across the card.
    pub fold: Option<Fold>,
    /// The noise's standard deviation, grey levels.
    pub noise: f64,
}

/// Places a `card_w` x `card_h` card (pixels) on the page at `rotation_deg` (clockwise) and a
/// random position at least 4 mm from the page's edges.
pub(crate) fn place(rng: &mut Rng, dpi: f64, card_w: f64, card_h: f64, rotation_deg: f64) -> Affine {
    let (pw, ph) = page_pixels(dpi);
    let (s, c) = rotation_deg.to_radians().sin_cos();
    let hx = (c.abs() * card_w + s.abs() * card_h) / 2.0;
    let hy = (s.abs() * card_w + c.abs() * card_h) / 2.0;
    let margin = 4.0 / 25.4 * dpi;
    let free_x = (pw as f64 - 2.0 * (hx + margin)).max(0.0);
    let free_y = (ph as f64 - 2.0 * (hy + margin)).max(0.0);
    let centre = [margin + hx + rng.unit() * free_x, margin + hy + rng.unit() * free_y];
    Affine::rotate_then_shift(rotation_deg, centre)
        .after(&Affine::rotate_then_shift(0.0, [-card_w / 2.0, -card_h / 2.0]))
}

/// The scanned page: the glass, the card on it (or none: a blank page), noise.
pub(crate) fn scan_page(card: Option<&RgbImage>, scan: &Scan, seed: u64) -> RgbImage {
    let (pw, ph) = page_pixels(scan.dpi);
    let mut page = glass(pw, ph, scan.glass);
    if let Some(card) = card {
        lay_card(&mut page, card, scan);
    }
    add_noise(&mut page, scan.noise, seed);
    page
}

/// The empty glass, with a faint gradient of the lamp's light along the page.
fn glass(w: u32, h: u32, colour: [u8; 3]) -> RgbImage {
    let mut img = RgbImage::new(w, h);
    let row_len = w as usize * 3;
    for (y, row) in img.chunks_exact_mut(row_len).enumerate() {
        let shade = -2.0 * y as f64 / h as f64;
        let px: Vec<u8> = colour.iter().map(|&c| (c as f64 + shade).round().clamp(0.0, 255.0) as u8).collect();
        for p in row.chunks_exact_mut(3) {
            p.copy_from_slice(&px);
        }
    }
    img
}

/// Draws the card onto the page through `scan.card_to_page`, with its shadow on the glass and
/// the fold's band.
fn lay_card(page: &mut RgbImage, card: &RgbImage, scan: &Scan) {
    let (cw, ch) = (card.width() as f64, card.height() as f64);
    let to_card = scan.card_to_page.inverse();
    let k = scan.dpi / 25.4;
    // The scanner's lamp throws the card's edge shadow down the page.
    let shadow_shift = [0.1 * k, 0.25 * k];
    let blur = 0.4 * k;
    let corners = scan.card_to_page.apply_quad(&Quad::from_rect(0.0, 0.0, cw, ch));
    let (bx0, by0, bx1, by1) = crate::geom::bounds(&corners);
    let pad = blur + shadow_shift[1] + 2.0;
    let (pw, ph) = page.dimensions();
    let x0 = (bx0 - pad).floor().max(0.0) as u32;
    let y0 = (by0 - pad).floor().max(0.0) as u32;
    let x1 = ((bx1 + pad).ceil().max(0.0) as u32).min(pw);
    let y1 = ((by1 + pad).ceil().max(0.0) as u32).min(ph);
    let row_len = pw as usize * 3;
    let raw: &mut [u8] = page;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = [x as f64 + 0.5, y as f64 + 0.5];
            let q = to_card.apply(p);
            let i = y as usize * row_len + x as usize * 3;
            let mut px = [raw[i] as f64, raw[i + 1] as f64, raw[i + 2] as f64];
            let s = to_card.apply([p[0] - shadow_shift[0], p[1] - shadow_shift[1]]);
            let out = outside(s, cw, ch);
            if out < blur {
                let a = 0.2 * (1.0 - out / blur);
                px = px.map(|v| v * (1.0 - a) + 60.0 * a);
            }
            let cover = (q[0].min(cw - q[0]).min(q[1]).min(ch - q[1]) + 0.5).clamp(0.0, 1.0);
            if cover > 0.0 {
                let mut c = sample(card, q[0], q[1]);
                if let Some(f) = scan.fold {
                    let d = if f.vertical { q[0] - f.at } else { q[1] - f.at };
                    let dark = 1.0 - f.depth * (-(d / f.half_width).powi(2)).exp();
                    c = c.map(|v| v * dark);
                }
                for ch in 0..3 {
                    px[ch] = px[ch] * (1.0 - cover) + c[ch] * cover;
                }
            }
            for ch in 0..3 {
                raw[i + ch] = px[ch].round().clamp(0.0, 255.0) as u8;
            }
        }
    }
}

/// How far a point is outside a `w` x `h` rectangle at the origin (0 inside).
fn outside(q: [f64; 2], w: f64, h: f64) -> f64 {
    let dx = (-q[0]).max(q[0] - w).max(0.0);
    let dy = (-q[1]).max(q[1] - h).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// Adds roughly Gaussian noise of standard deviation `sigma` (mostly in brightness, a little per
/// channel, as a scanner's sensor gives). A fast xorshift per pixel: this touches every pixel.
fn add_noise(page: &mut RgbImage, sigma: f64, seed: u64) {
    if sigma <= 0.0 {
        return;
    }
    let mut state = seed | 1;
    // The sum of four bytes has a standard deviation of about 147.8 around 510.
    let luma = (sigma * 0.85 / 147.8 * 256.0) as i32;
    let chroma = (sigma * 0.5 / 147.8 * 256.0) as i32;
    let four = |r: u64| ((r & 0xFF) + ((r >> 8) & 0xFF) + ((r >> 16) & 0xFF) + ((r >> 24) & 0xFF)) as i32 - 510;
    for p in page.chunks_exact_mut(3) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = four(state) * luma;
        let m = four(state >> 32) * chroma;
        let e = [n + m, n - m / 2, n - m / 2];
        for (v, d) in p.iter_mut().zip(e) {
            *v = (*v as i32 + (d >> 8)).clamp(0, 255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn a_placed_card_stays_on_the_page_in_any_orientation() {
        let mut rng = Rng::new(3);
        let (pw, ph) = page_pixels(100.0);
        for deg in [0.0, 9.5, 90.0, 183.0, 270.0, -10.0] {
            let t = place(&mut rng, 100.0, 583.0, 413.0, deg);
            let q = t.apply_quad(&Quad::from_rect(0.0, 0.0, 583.0, 413.0));
            let (x0, y0, x1, y1) = crate::geom::bounds(&q);
            assert!(x0 >= 0.0 && y0 >= 0.0 && x1 <= pw as f64 && y1 <= ph as f64, "{deg}: {q:?}");
        }
    }

    #[test]
    fn the_card_lands_where_its_quad_says_and_the_glass_stays_around_it() {
        let card = RgbImage::from_pixel(60, 40, Rgb([20, 20, 20]));
        let scan = Scan {
            dpi: 50.0,
            card_to_page: Affine::rotate_then_shift(0.0, [100.0, 200.0]),
            glass: [250, 250, 248],
            fold: None,
            noise: 0.0,
        };
        let page = scan_page(Some(&card), &scan, 1);
        assert_eq!(page.dimensions(), page_pixels(50.0));
        assert_eq!(page.get_pixel(130, 220).0, [20, 20, 20]);
        assert!(page.get_pixel(98, 220).0[0] > 240);
        assert!(page.get_pixel(130, 198).0[0] > 240);
    }

    #[test]
    fn noise_has_about_the_asked_spread() {
        let mut page = RgbImage::from_pixel(200, 200, Rgb([128, 128, 128]));
        add_noise(&mut page, 4.0, 9);
        let v: Vec<f64> = page.pixels().map(|p| p.0[1] as f64).collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
        assert!((mean - 128.0).abs() < 0.5 && (3.0..5.0).contains(&sd), "mean {mean} sd {sd}");
    }
}
