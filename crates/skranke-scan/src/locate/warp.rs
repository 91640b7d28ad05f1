//! Plane-to-plane mappings (homographies) and cutting a quad out of a page into an upright
//! image: how the card, the photo and the signature are taken off the scan, and how the clerk's
//! adjusted corners become the crops that are checked and sent.

use image::{Rgb, RgbImage};

use super::grey::Grey;
use crate::Quad;

/// A 3x3 projective mapping of the plane, row-major, `p' = H p` in homogeneous coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Homography([f64; 9]);

impl Homography {
    /// `x' = sx * x + tx`, `y' = sy * y + ty`.
    pub fn affine(sx: f64, sy: f64, tx: f64, ty: f64) -> Self {
        Self([sx, 0.0, tx, 0.0, sy, ty, 0.0, 0.0, 1.0])
    }

    /// The mapping of the unit square's corners (0,0), (1,0), (1,1), (0,1) onto `q`'s corners in
    /// order (Heckbert's closed form); `None` when `q` is degenerate.
    pub fn square_to_quad(q: &[[f64; 2]; 4]) -> Option<Self> {
        let [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = *q;
        let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let den = dx1 * dy2 - dx2 * dy1;
        let (g, h) = if sx.abs() < 1e-12 && sy.abs() < 1e-12 {
            (0.0, 0.0)
        } else if den.abs() < 1e-12 {
            return None;
        } else {
            ((sx * dy2 - dx2 * sy) / den, (dx1 * sy - sx * dy1) / den)
        };
        let m = Self([x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1.0]);
        (m.det().abs() > 1e-12).then_some(m)
    }

    /// The mapping of the rectangle `(0,0)-(w,h)`'s corners (clockwise from top-left) onto `q`.
    pub fn rect_to_quad(w: f64, h: f64, q: &[[f64; 2]; 4]) -> Option<Self> {
        if !(w > 0.0 && h > 0.0) {
            return None;
        }
        Some(Self::affine(1.0 / w, 1.0 / h, 0.0, 0.0).then(&Self::square_to_quad(q)?))
    }

    /// `self` first, then `next`.
    pub fn then(&self, next: &Self) -> Self {
        let (a, b) = (&next.0, &self.0);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
            }
        }
        Self(m)
    }

    /// The point `p` mapped.
    pub fn apply(&self, p: [f64; 2]) -> [f64; 2] {
        let m = &self.0;
        let w = m[6] * p[0] + m[7] * p[1] + m[8];
        let w = if w.abs() < 1e-12 { 1e-12 } else { w };
        [(m[0] * p[0] + m[1] * p[1] + m[2]) / w, (m[3] * p[0] + m[4] * p[1] + m[5]) / w]
    }

    fn det(&self) -> f64 {
        let m = &self.0;
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
    }
}

/// Samples per output pixel and axis so that a cut `shrink` times smaller than its source
/// averages the pixels it skips (at most 4x4).
pub(crate) fn supersampling(shrink: f64) -> u32 {
    (shrink.ceil() as u32).clamp(1, 4)
}

/// An upright `width x height` image whose pixel `(x, y)` shows the source at `to_src(x, y)`,
/// averaging `k x k` bilinear samples per pixel.
pub(crate) fn warp_rgb(src: &RgbImage, to_src: &Homography, width: u32, height: u32, k: u32) -> RgbImage {
    let (sw, sh) = src.dimensions();
    let k = k.max(1);
    let mut out = RgbImage::from_pixel(width, height, Rgb([255, 255, 255]));
    if sw == 0 || sh == 0 {
        return out;
    }
    for (x, y, px) in out.enumerate_pixels_mut() {
        let mut acc = [0f32; 3];
        for j in 0..k {
            for i in 0..k {
                let p = [x as f64 + (i as f64 + 0.5) / k as f64, y as f64 + (j as f64 + 0.5) / k as f64];
                let s = rgb_bilinear(src, to_src.apply(p));
                for (a, v) in acc.iter_mut().zip(s) {
                    *a += v;
                }
            }
        }
        let n = (k * k) as f32;
        *px = Rgb(acc.map(|v| (v / n).round().clamp(0.0, 255.0) as u8));
    }
    out
}

/// Like [`warp_rgb`] for a grey source.
pub(crate) fn warp_grey(src: &Grey, to_src: &Homography, width: usize, height: usize, k: u32) -> Grey {
    let k = k.max(1);
    let mut px = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            let mut acc = 0f32;
            for j in 0..k {
                for i in 0..k {
                    let p = [x as f64 + (i as f64 + 0.5) / k as f64, y as f64 + (j as f64 + 0.5) / k as f64];
                    let [sx, sy] = to_src.apply(p);
                    acc += src.sample(sx, sy);
                }
            }
            px.push(acc / (k * k) as f32);
        }
    }
    Grey { w: width, h: height, px }
}

fn rgb_bilinear(img: &RgbImage, p: [f64; 2]) -> [f32; 3] {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let fx = (p[0] - 0.5).clamp(0.0, (w - 1) as f64);
    let fy = (p[1] - 0.5).clamp(0.0, (h - 1) as f64);
    let (x0, y0) = (fx as u32, fy as u32);
    let (x1, y1) = ((x0 + 1).min(w as u32 - 1), (y0 + 1).min(h as u32 - 1));
    let (ax, ay) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
    let (a, b, c, d) = (img.get_pixel(x0, y0), img.get_pixel(x1, y0), img.get_pixel(x0, y1), img.get_pixel(x1, y1));
    let mut out = [0f32; 3];
    for (i, o) in out.iter_mut().enumerate() {
        let top = a[i] as f32 * (1.0 - ax) + b[i] as f32 * ax;
        let bottom = c[i] as f32 * (1.0 - ax) + d[i] as f32 * ax;
        *o = top * (1.0 - ay) + bottom * ay;
    }
    out
}

/// Cuts `quad` (page pixels, clockwise from its top-left) out of `page` into an upright
/// `width x height` image: the quad's first corner at the image's top-left, its second at the
/// top-right. Any four corners work (the clerk's handles need not keep a rectangle); a cut much
/// smaller than the quad averages the pixels it skips. A degenerate quad (corners on one line)
/// gives a white image.
pub fn cut_quad(page: &RgbImage, quad: &Quad, width: u32, height: u32) -> RgbImage {
    let Some(to_page) = Homography::rect_to_quad(width as f64, height as f64, &quad.0) else {
        return RgbImage::from_pixel(width, height, Rgb([255, 255, 255]));
    };
    let q = &quad.0;
    let side = |a: usize, b: usize| (q[a][0] - q[b][0]).hypot(q[a][1] - q[b][1]);
    let shrink =
        (side(0, 1).max(side(3, 2)) / width.max(1) as f64).max(side(0, 3).max(side(1, 2)) / height.max(1) as f64);
    warp_rgb(page, &to_page, width, height, supersampling(shrink))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: [f64; 2], b: [f64; 2]) -> bool {
        (a[0] - b[0]).abs() < 1e-6 && (a[1] - b[1]).abs() < 1e-6
    }

    #[test]
    fn a_homography_maps_the_corners() {
        let q = [[10.0, 20.0], [110.0, 30.0], [120.0, 90.0], [5.0, 80.0]];
        let h = Homography::rect_to_quad(50.0, 40.0, &q).expect("quad");
        for (p, want) in [[0.0, 0.0], [50.0, 0.0], [50.0, 40.0], [0.0, 40.0]].into_iter().zip(q) {
            assert!(close(h.apply(p), want), "{p:?}");
        }
        assert!(Homography::square_to_quad(&[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]).is_none());
    }

    #[test]
    fn cut_quad_takes_the_quad_upright_from_its_first_corner() {
        // A page whose left half is black; the quad is the page turned half a turn.
        let page = RgbImage::from_fn(40, 20, |x, _| if x < 20 { Rgb([0, 0, 0]) } else { Rgb([255, 255, 255]) });
        let turned = Quad([[40.0, 20.0], [0.0, 20.0], [0.0, 0.0], [40.0, 0.0]]);
        let cut = cut_quad(&page, &turned, 40, 20);
        assert_eq!(cut.get_pixel(5, 10)[0], 255, "the page's right half is now on the left");
        assert_eq!(cut.get_pixel(35, 10)[0], 0);
        let half = cut_quad(&page, &Quad::from_rect(0.0, 0.0, 40.0, 20.0), 10, 5);
        assert_eq!((half.width(), half.get_pixel(1, 2)[0], half.get_pixel(8, 2)[0]), (10, 0, 255));
        let line = Quad([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]);
        assert_eq!(cut_quad(&page, &line, 4, 4).get_pixel(0, 0)[0], 255);
    }
}
