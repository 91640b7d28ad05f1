//! Grey working images: the page reduced to a working resolution, bilinear sampling, and the
//! Sobel gradient that the edge searches read. Coordinates are continuous: pixel `(i, j)` covers
//! `[i, i+1) x [j, j+1)`, so scaling an image scales its coordinates and nothing else.

use image::RgbImage;

/// A grey image, levels 0..255 as `f32`, row-major.
#[derive(Debug, Clone)]
pub(crate) struct Grey {
    pub w: usize,
    pub h: usize,
    pub px: Vec<f32>,
}

impl Grey {
    /// Luma (BT.601) of an RGB image.
    pub fn from_rgb(img: &RgbImage) -> Self {
        let px = img.pixels().map(|p| 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32).collect();
        Self { w: img.width() as usize, h: img.height() as usize, px }
    }

    /// Yellowness `(R + G) / 2 - B`: the cream of a card's paper against a neutral scanner lid,
    /// which luma barely tells apart (zero for a greyscale scan).
    pub fn chroma_from_rgb(img: &RgbImage) -> Self {
        let px = img.pixels().map(|p| (p[0] as f32 + p[1] as f32) / 2.0 - p[2] as f32).collect();
        Self { w: img.width() as usize, h: img.height() as usize, px }
    }

    /// Bilinear sample at a continuous point (clamped at the border).
    pub fn sample(&self, x: f64, y: f64) -> f32 {
        bilinear(&self.px, self.w, self.h, x, y)
    }

    /// The same image turned half a turn.
    pub fn rotated_180(&self) -> Self {
        let mut px = self.px.clone();
        px.reverse();
        Self { w: self.w, h: self.h, px }
    }

    /// The level below which `share` (0..1) of the pixels lie (a histogram of whole levels).
    pub fn quantile(&self, share: f64) -> f32 {
        quantile(self.px.iter().copied(), share)
    }
}

/// The value below which `share` of the values lie, from a histogram of 0.5-wide bins over
/// 0..512 (enough for grey levels and gradient magnitudes; larger values fall in the last bin).
pub(crate) fn quantile(values: impl Iterator<Item = f32>, share: f64) -> f32 {
    const BINS: usize = 1024;
    let mut hist = [0u32; BINS];
    let mut n = 0u64;
    for v in values {
        hist[((v.max(0.0) * 2.0) as usize).min(BINS - 1)] += 1;
        n += 1;
    }
    let want = (n as f64 * share.clamp(0.0, 1.0)) as u64;
    let mut seen = 0u64;
    for (i, c) in hist.iter().enumerate() {
        seen += *c as u64;
        if seen > want {
            return i as f32 / 2.0;
        }
    }
    (BINS - 1) as f32 / 2.0
}

/// Bilinear sample of a row-major `w x h` plane at a continuous point, clamped at the border.
pub(crate) fn bilinear(v: &[f32], w: usize, h: usize, x: f64, y: f64) -> f32 {
    if w == 0 || h == 0 || v.len() < w * h {
        return 0.0;
    }
    let fx = (x - 0.5).clamp(0.0, (w - 1) as f64);
    let fy = (y - 0.5).clamp(0.0, (h - 1) as f64);
    let (x0, y0) = (fx as usize, fy as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (ax, ay) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
    let top = v[y0 * w + x0] * (1.0 - ax) + v[y0 * w + x1] * ax;
    let bottom = v[y1 * w + x0] * (1.0 - ax) + v[y1 * w + x1] * ax;
    top * (1.0 - ay) + bottom * ay
}

/// The page reduced by the whole factor nearest to `factor` (at least 1), each pixel the mean
/// of a block of the page's (the last partial row and column of blocks dropped), and the scale
/// of the result's coordinates per axis (reduced = page * scale).
pub(crate) fn reduce(page: &RgbImage, factor: f64) -> (RgbImage, [f64; 2]) {
    let (w, h) = (page.width() as usize, page.height() as usize);
    let f = (factor.round().max(1.0) as usize).min(w.max(1)).min(h.max(1));
    if f <= 1 || w == 0 || h == 0 {
        return (page.clone(), [1.0, 1.0]);
    }
    let (nw, nh) = (w / f, h / f);
    let raw: &[u8] = page.as_raw();
    let mut out = vec![0u8; nw * nh * 3];
    let mut sums = vec![0u32; nw * 3];
    let n = (f * f) as u32;
    for (oy, out_row) in out.chunks_exact_mut(nw * 3).enumerate() {
        sums.fill(0);
        for y in oy * f..oy * f + f {
            let row = &raw[y * w * 3..y * w * 3 + nw * f * 3];
            for (ox, block) in row.chunks_exact(f * 3).enumerate() {
                let s = &mut sums[ox * 3..ox * 3 + 3];
                for px in block.chunks_exact(3) {
                    s[0] += px[0] as u32;
                    s[1] += px[1] as u32;
                    s[2] += px[2] as u32;
                }
            }
        }
        for (o, s) in out_row.iter_mut().zip(&sums) {
            *o = ((s + n / 2) / n) as u8;
        }
    }
    let img = RgbImage::from_raw(nw as u32, nh as u32, out).unwrap_or_else(|| RgbImage::new(1, 1));
    (img, [1.0 / f as f64, 1.0 / f as f64])
}

/// The Sobel gradient of a grey image (zero on the border).
#[derive(Debug, Clone)]
pub(crate) struct Gradient {
    pub w: usize,
    pub h: usize,
    pub gx: Vec<f32>,
    pub gy: Vec<f32>,
}

impl Gradient {
    /// Sobel 3x3 of `g`.
    pub fn of(g: &Grey) -> Self {
        let (w, h) = (g.w, g.h);
        let mut gx = vec![0f32; w * h];
        let mut gy = vec![0f32; w * h];
        if w >= 3 && h >= 3 {
            let p = &g.px;
            for y in 1..h - 1 {
                let (up, mid, down) = ((y - 1) * w, y * w, (y + 1) * w);
                for x in 1..w - 1 {
                    let (l, r) = (x - 1, x + 1);
                    let a = p[up + l];
                    let b = p[up + x];
                    let c = p[up + r];
                    let d = p[mid + l];
                    let f = p[mid + r];
                    let gg = p[down + l];
                    let hh = p[down + x];
                    let ii = p[down + r];
                    gx[mid + x] = (c + 2.0 * f + ii) - (a + 2.0 * d + gg);
                    gy[mid + x] = (gg + 2.0 * hh + ii) - (a + 2.0 * b + c);
                }
            }
        }
        Self { w, h, gx, gy }
    }

    /// Per pixel, whichever of two gradients of the same image (luma, chroma) is stronger.
    pub fn strongest(a: &Self, b: &Self) -> Self {
        let mut out = a.clone();
        for i in 0..out.gx.len().min(b.gx.len()) {
            if b.magnitude(i) > a.magnitude(i) {
                out.gx[i] = b.gx[i];
                out.gy[i] = b.gy[i];
            }
        }
        out
    }

    /// The signed gradient along the unit direction `n` at a continuous point.
    pub fn signed_along(&self, x: f64, y: f64, n: [f64; 2]) -> f32 {
        let gx = bilinear(&self.gx, self.w, self.h, x, y);
        let gy = bilinear(&self.gy, self.w, self.h, x, y);
        gx * n[0] as f32 + gy * n[1] as f32
    }

    /// The gradient's magnitude at pixel index `i`.
    pub fn magnitude(&self, i: usize) -> f32 {
        self.gx[i].hypot(self.gy[i])
    }

    /// The absolute gradient along the unit direction `n` at a continuous point: how strongly an
    /// edge across `n` passes there.
    pub fn along(&self, x: f64, y: f64, n: [f64; 2]) -> f32 {
        let gx = bilinear(&self.gx, self.w, self.h, x, y);
        let gy = bilinear(&self.gy, self.w, self.h, x, y);
        (gx * n[0] as f32 + gy * n[1] as f32).abs()
    }

    /// The magnitude below which `share` of the pixels lie (the median is the noise level of a
    /// mostly blank page).
    pub fn magnitude_quantile(&self, share: f64) -> f32 {
        quantile((0..self.gx.len()).map(|i| self.magnitude(i)), share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilinear_interpolates_between_pixel_centres() {
        let g = Grey { w: 2, h: 1, px: vec![0.0, 100.0] };
        assert_eq!(g.sample(0.5, 0.5), 0.0);
        assert_eq!(g.sample(1.0, 0.5), 50.0);
        assert_eq!(g.sample(1.5, 0.5), 100.0);
        assert_eq!(g.sample(9.0, 3.0), 100.0, "clamped");
    }

    #[test]
    fn sobel_points_across_a_vertical_step() {
        let (w, h) = (8, 6);
        let px = (0..w * h).map(|i| if i % w < 4 { 10.0 } else { 90.0 }).collect();
        let grad = Gradient::of(&Grey { w, h, px });
        let i = 3 * w + 4;
        assert!(grad.gx[i] > 300.0 && grad.gy[i].abs() < 1e-3, "{} {}", grad.gx[i], grad.gy[i]);
        assert!(grad.along(4.5, 3.5, [1.0, 0.0]) > 300.0);
        assert!(grad.along(4.5, 3.5, [0.0, 1.0]) < 1e-3);
    }

    #[test]
    fn reducing_averages_whole_blocks() {
        let page = RgbImage::from_fn(7, 4, |x, _| image::Rgb([if x % 2 == 0 { 0 } else { 100 }, 10, 20]));
        let (small, scale) = reduce(&page, 2.2);
        assert_eq!((small.dimensions(), scale), ((3, 2), [0.5, 0.5]));
        assert_eq!(small.get_pixel(1, 1).0, [50, 10, 20]);
        assert_eq!(reduce(&page, 0.7).0.dimensions(), (7, 4));
    }

    #[test]
    fn quantiles_come_from_the_histogram() {
        let v = (0..100).map(|i| i as f32);
        assert_eq!(quantile(v, 0.5), 50.0);
    }
}
