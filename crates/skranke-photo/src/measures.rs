//! Image measures on the face and its surroundings (OFIQ-inspired, but fast): luminance shares,
//! left/right illumination, CIELAB colour, background spread, Laplacian sharpness, sensor noise,
//! JPEG blockiness. Each takes the RGB image and a region in pixels.
use image::{GrayImage, RgbImage, imageops};

use crate::geometry::Rect;

/// Luma (BT.601) of an RGB pixel, 0..255.
pub(crate) fn luma(p: &image::Rgb<u8>) -> f64 {
    0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64
}

/// Luma values in a region (subsampled so at most ~20k samples).
pub(crate) fn lumas(img: &RgbImage, r: Rect) -> Vec<f64> {
    let Some((x0, y0, x1, y1)) = r.clip(img.width(), img.height()) else {
        return Vec::new();
    };
    let n = ((x1 - x0) as f64 * (y1 - y0) as f64 / 20_000.0).sqrt().max(1.0) as u32;
    let mut v = Vec::new();
    for y in (y0..y1).step_by(n as usize) {
        for x in (x0..x1).step_by(n as usize) {
            v.push(luma(img.get_pixel(x, y)));
        }
    }
    v
}

pub(crate) fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

pub(crate) fn std(v: &[f64]) -> Option<f64> {
    let m = mean(v)?;
    Some((v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt())
}

/// Shannon entropy, in bits, of the histogram of values rounded to whole levels 0..255: how many
/// levels the values really use (8 = all 256 equally, 4 = as if 16). OFIQ's DynamicRange measures
/// the face's luminance this way.
pub(crate) fn entropy_bits(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut hist = [0u32; 256];
    for &x in v {
        hist[x.round().clamp(0.0, 255.0) as usize] += 1;
    }
    let n = v.len() as f64;
    Some(hist.iter().filter(|&&c| c > 0).map(|&c| -(c as f64 / n) * (c as f64 / n).log2()).sum())
}

/// Share of values below `t`.
pub(crate) fn share_below(v: &[f64], t: f64) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().filter(|&&x| x < t).count() as f64 / v.len() as f64)
}

/// Share of values above `t`.
pub(crate) fn share_above(v: &[f64], t: f64) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().filter(|&&x| x > t).count() as f64 / v.len() as f64)
}

/// sRGB level (0..255) to linear light, as a table: the colour measures convert thousands of
/// samples per photo.
fn srgb_to_linear(c: u8) -> f64 {
    static TABLE: std::sync::LazyLock<[f64; 256]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| {
            let c = i as f64 / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        })
    });
    TABLE[c as usize]
}

/// CIELAB (L*, a*, b*) of an sRGB pixel under D65: L* is perceptual lightness (0 black, 100
/// white), a* and b* the colour axes (red-green, yellow-blue); chroma is their length.
pub(crate) fn lab(p: &image::Rgb<u8>) -> [f64; 3] {
    let f = |t: f64| {
        if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 }
    };
    let (r, g, b) = (srgb_to_linear(p[0]), srgb_to_linear(p[1]), srgb_to_linear(p[2]));
    let xx = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let yy = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let zz = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    [116.0 * f(yy) - 16.0, 500.0 * (f(xx) - f(yy)), 200.0 * (f(yy) - f(zz))]
}

/// CIELAB values in a region, subsampled to at most about `max_samples`.
pub(crate) fn labs(img: &RgbImage, r: Rect, max_samples: f64) -> Vec<[f64; 3]> {
    let Some((x0, y0, x1, y1)) = r.clip(img.width(), img.height()) else {
        return Vec::new();
    };
    let n = ((x1 - x0) as f64 * (y1 - y0) as f64 / max_samples).sqrt().max(1.0) as usize;
    let mut v = Vec::new();
    for y in (y0..y1).step_by(n) {
        for x in (x0..x1).step_by(n) {
            v.push(lab(img.get_pixel(x, y)));
        }
    }
    v
}

/// Mean CIELAB (a*, b*) of a region (D65), as OFIQ's natural colour measure uses.
pub(crate) fn mean_ab(img: &RgbImage, r: Rect) -> Option<(f64, f64)> {
    let v = labs(img, r, 10_000.0);
    let k = v.len() as f64;
    (k > 0.0).then(|| (v.iter().map(|l| l[1]).sum::<f64>() / k, v.iter().map(|l| l[2]).sum::<f64>() / k))
}

/// Sharpness: the region resampled to 128 px wide, mean absolute 4-neighbour Laplacian.
pub(crate) fn sharpness(img: &RgbImage, r: Rect) -> Option<f64> {
    let (x0, y0, x1, y1) = r.clip(img.width(), img.height())?;
    let sub = imageops::crop_imm(img, x0, y0, x1 - x0, y1 - y0).to_image();
    let h = ((128.0 * (y1 - y0) as f64 / (x1 - x0) as f64).round() as u32).clamp(8, 512);
    let g: GrayImage = imageops::grayscale(&imageops::resize(&sub, 128, h, imageops::FilterType::Triangle));
    let (w, h) = g.dimensions();
    let mut s = 0.0;
    let mut n = 0.0;
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let c = g.get_pixel(x, y)[0] as f64 * 4.0;
            let l = g.get_pixel(x - 1, y)[0] as f64
                + g.get_pixel(x + 1, y)[0] as f64
                + g.get_pixel(x, y - 1)[0] as f64
                + g.get_pixel(x, y + 1)[0] as f64;
            s += (c - l).abs();
            n += 1.0;
        }
    }
    (n > 0.0).then(|| s / n)
}

/// Luma of a region at full resolution (no subsampling: noise and JPEG blocks live at the pixel
/// level), as rows; at most `max_side` pixels on a side, taken from the region's centre.
fn luma_rows(img: &RgbImage, r: Rect, max_side: u32) -> Option<Vec<Vec<f64>>> {
    let (x0, y0, x1, y1) = r.clip(img.width(), img.height())?;
    let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
    let (hw, hh) = (((x1 - x0) / 2).min(max_side / 2), ((y1 - y0) / 2).min(max_side / 2));
    let rows: Vec<Vec<f64>> =
        (cy - hh..cy + hh).map(|y| (cx - hw..cx + hw).map(|x| luma(img.get_pixel(x, y))).collect()).collect();
    (rows.len() >= 16 && rows[0].len() >= 16).then_some(rows)
}

/// Noise: standard deviation of the sensor noise in luma levels, estimated as Immerkær does (the
/// 3x3 kernel that cancels flat areas and straight edges), robustly: the median of the absolute
/// responses, so the face's own edges (eyes, lips) do not count as noise.
pub(crate) fn noise_sigma(img: &RgbImage, r: Rect) -> Option<f64> {
    let g = luma_rows(img, r, 400)?;
    let mut v = Vec::with_capacity(g.len() * g[0].len());
    for y in 1..g.len() - 1 {
        for x in 1..g[0].len() - 1 {
            let k = g[y - 1][x - 1] - 2.0 * g[y - 1][x] + g[y - 1][x + 1] - 2.0 * g[y][x - 1] + 4.0 * g[y][x]
                - 2.0 * g[y][x + 1]
                + g[y + 1][x - 1]
                - 2.0 * g[y + 1][x]
                + g[y + 1][x + 1];
            v.push(k.abs());
        }
    }
    v.sort_by(f64::total_cmp);
    // For Gaussian noise of sigma s the response has sigma 6 s and median |.| = 0.6745 x 6 s.
    Some(v[v.len() / 2] / (0.6745 * 6.0))
}

/// JPEG blockiness: mean luma step across the 8-pixel block borders over the mean step inside
/// the blocks, horizontally and vertically (1 = no blocks; heavy compression shows the 8x8 grid).
/// The grid is the image's own (an image scaled after compression shows none: not measured).
pub(crate) fn blockiness(img: &RgbImage, r: Rect) -> Option<f64> {
    let (x0, y0, x1, y1) = r.clip(img.width(), img.height())?;
    let (x0, y0) = (x0 - x0 % 8, y0 - y0 % 8);
    if x1 - x0 < 32 || y1 - y0 < 32 {
        return None;
    }
    let step = ((x1 - x0).max(y1 - y0) / 400).max(1);
    let (mut border, mut nb, mut inner, mut ni) = (0.0, 0.0, 0.0, 0.0);
    let mut add = |d: f64, at_border: bool| {
        if at_border {
            border += d;
            nb += 1.0;
        } else {
            inner += d;
            ni += 1.0;
        }
    };
    for y in (y0..y1 - 1).step_by(step as usize) {
        for x in x0..x1 - 1 {
            add((luma(img.get_pixel(x + 1, y)) - luma(img.get_pixel(x, y))).abs(), x % 8 == 7);
        }
    }
    for x in (x0..x1 - 1).step_by(step as usize) {
        for y in y0..y1 - 1 {
            add((luma(img.get_pixel(x, y + 1)) - luma(img.get_pixel(x, y))).abs(), y % 8 == 7);
        }
    }
    (nb > 0.0 && ni > 0.0 && inner > 0.0).then(|| (border / nb) / (inner / ni))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn blur_lowers_sharpness_and_grey_has_no_colour() {
        let img =
            RgbImage::from_fn(
                200,
                200,
                |x, y| {
                    if (x / 5 + y / 5) % 2 == 0 { Rgb([255, 255, 255]) } else { Rgb([0, 0, 0]) }
                },
            );
        let r = Rect { x0: 0.0, y0: 0.0, x1: 200.0, y1: 200.0 };
        let sharp = sharpness(&img, r).unwrap();
        let blurred = sharpness(&imageops::blur(&img, 4.0), r).unwrap();
        assert!(blurred < sharp / 3.0, "{blurred} vs {sharp}");
        let (a, b) = mean_ab(&img, r).unwrap();
        assert!(a.abs() < 1.0 && b.abs() < 1.0);
        let skin = RgbImage::from_pixel(10, 10, Rgb([224, 172, 140]));
        let (a, b) = mean_ab(&skin, Rect { x0: 0.0, y0: 0.0, x1: 10.0, y1: 10.0 }).unwrap();
        assert!(a > 5.0 && b > 10.0, "{a} {b}");
    }

    #[test]
    fn noise_and_jpeg_blocks_are_measured() {
        // A smooth gradient: no noise, no blocks.
        let smooth = RgbImage::from_fn(256, 256, |x, y| {
            let v = (x / 2 + y / 4) as u8;
            Rgb([v, v, v])
        });
        let all = Rect { x0: 0.0, y0: 0.0, x1: 256.0, y1: 256.0 };
        assert!(noise_sigma(&smooth, all).unwrap() < 1.0);
        let mut seed = 12345u32;
        let noisy = RgbImage::from_fn(256, 256, |x, y| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let n = ((seed >> 16) % 41) as i32 - 20;
            let v = ((x / 2 + y / 4) as i32 + 60 + n).clamp(0, 255) as u8;
            Rgb([v, v, v])
        });
        // Uniform noise of +-20 has a standard deviation of about 11.8.
        let s = noise_sigma(&noisy, all).unwrap();
        assert!((8.0..16.0).contains(&s), "{s}");
        // A flat 8x8 block pattern: all the change sits on the block borders.
        let blocks = RgbImage::from_fn(256, 256, |x, y| {
            let v = ((x / 8 * 7 + y / 8 * 13) % 200) as u8 + (x % 8) as u8 / 4;
            Rgb([v, v, v])
        });
        assert!(blockiness(&blocks, all).unwrap() > 3.0);
        assert!(blockiness(&noisy, all).unwrap() < 1.2);
    }

    #[test]
    fn entropy_counts_the_levels_used() {
        let ramp: Vec<f64> = (0..4096).map(|i| (i % 256) as f64).collect();
        assert!((entropy_bits(&ramp).unwrap() - 8.0).abs() < 1e-9);
        let sixteen: Vec<f64> = (0..4096).map(|i| (i % 16 * 3 + 100) as f64).collect();
        assert!((entropy_bits(&sixteen).unwrap() - 4.0).abs() < 1e-9);
        assert_eq!(entropy_bits(&[7.0; 10]), Some(0.0));
        assert_eq!(entropy_bits(&[]), None);
    }

    #[test]
    fn regions_outside_the_image_are_empty() {
        let img = RgbImage::new(10, 10);
        assert!(lumas(&img, Rect { x0: 20.0, y0: 0.0, x1: 30.0, y1: 5.0 }).is_empty());
        assert_eq!(share_below(&[1.0, 100.0], 50.0), Some(0.5));
    }
}
