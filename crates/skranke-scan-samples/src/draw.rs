//! Drawing primitives on RGB images: anti-aliased axis-aligned rectangles (printed lines, boxes,
//! text-like bars) and bilinear sampling (pasting a photo, placing the card on the page).

use image::RgbImage;

/// Blends `colour` over the pixel at `(x, y)` with coverage `alpha` (0..1).
#[inline]
pub(crate) fn blend(img: &mut RgbImage, x: u32, y: u32, colour: [u8; 3], alpha: f64) {
    let p = img.get_pixel_mut(x, y);
    for (v, c) in p.0.iter_mut().zip(colour) {
        *v = (*v as f64 * (1.0 - alpha) + c as f64 * alpha).round().clamp(0.0, 255.0) as u8;
    }
}

/// Fills the rectangle `[x0, x1) x [y0, y1)` (continuous pixel coordinates), anti-aliased: a
/// pixel partly covered gets the colour in proportion.
pub(crate) fn fill_rect(img: &mut RgbImage, x0: f64, y0: f64, x1: f64, y1: f64, colour: [u8; 3]) {
    let (w, h) = (img.width() as f64, img.height() as f64);
    let (x0, y0, x1, y1) = (x0.max(0.0), y0.max(0.0), x1.min(w), y1.min(h));
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let overlap = |i: u32, lo: f64, hi: f64| (hi.min(i as f64 + 1.0) - lo.max(i as f64)).clamp(0.0, 1.0);
    for y in y0.floor() as u32..(y1.ceil() as u32).min(img.height()) {
        let cy = overlap(y, y0, y1);
        for x in x0.floor() as u32..(x1.ceil() as u32).min(img.width()) {
            let a = cy * overlap(x, x0, x1);
            if a > 0.0 {
                blend(img, x, y, colour, a);
            }
        }
    }
}

/// Draws the outline of a rectangle with lines of width `line` inside its edge.
pub(crate) fn stroke_rect(img: &mut RgbImage, x0: f64, y0: f64, x1: f64, y1: f64, line: f64, colour: [u8; 3]) {
    fill_rect(img, x0, y0, x1, y0 + line, colour);
    fill_rect(img, x0, y1 - line, x1, y1, colour);
    fill_rect(img, x0, y0 + line, x0 + line, y1 - line, colour);
    fill_rect(img, x1 - line, y0 + line, x1, y1 - line, colour);
}

/// The colour at continuous point `(x, y)` of `img`, bilinear between pixel centres, clamped at
/// the border. (Raw buffer arithmetic: this runs for every pixel of a page, in debug builds too.)
#[inline]
pub(crate) fn sample(img: &RgbImage, x: f64, y: f64) -> [f64; 3] {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let raw = img.as_raw();
    let (fx, fy) = (x - 0.5, y - 0.5);
    let (ix, iy) = (fx.floor(), fy.floor());
    let (tx, ty) = (fx - ix, fy - iy);
    let (ix, iy) = (ix as i64, iy as i64);
    let (x0, x1) = (ix.clamp(0, w - 1) as usize, (ix + 1).clamp(0, w - 1) as usize);
    let (y0, y1) = (iy.clamp(0, h - 1) as usize, (iy + 1).clamp(0, h - 1) as usize);
    let row = w as usize * 3;
    let (i00, i10, i01, i11) = (y0 * row + x0 * 3, y0 * row + x1 * 3, y1 * row + x0 * 3, y1 * row + x1 * 3);
    let mut out = [0.0; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let top = raw[i00 + c] as f64 * (1.0 - tx) + raw[i10 + c] as f64 * tx;
        let bottom = raw[i01 + c] as f64 * (1.0 - tx) + raw[i11 + c] as f64 * tx;
        *o = top * (1.0 - ty) + bottom * ty;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn a_half_covered_pixel_gets_half_the_colour() {
        let mut img = RgbImage::from_pixel(4, 4, Rgb([255, 255, 255]));
        fill_rect(&mut img, 1.0, 1.0, 2.5, 3.0, [0, 0, 0]);
        assert_eq!(img.get_pixel(1, 1).0, [0, 0, 0]);
        assert_eq!(img.get_pixel(2, 1).0, [128, 128, 128]);
        assert_eq!(img.get_pixel(3, 1).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(1, 3).0, [255, 255, 255]);
    }

    #[test]
    fn sampling_between_two_pixels_averages_them() {
        let mut img = RgbImage::from_pixel(2, 1, Rgb([0, 0, 0]));
        img.put_pixel(1, 0, Rgb([200, 100, 0]));
        let v = sample(&img, 1.0, 0.5);
        assert!((v[0] - 100.0).abs() < 1e-9 && (v[1] - 50.0).abs() < 1e-9);
    }
}
