//! Grey and bilevel samples expanded to RGB. Written to be quick even unoptimised (the
//! workspace's own crates build at opt-level 0 in tests and the demo): eight pixels per step
//! through fixed-size copies, not a call per pixel. `image`'s own grey to RGB conversion rounds
//! floats per pixel, 80 ms for an A4 page at 300 dpi against 40 here.

use image::{DynamicImage, RgbImage};

/// Any decoded image as RGB: grey expanded here, RGB kept, the rest converted by `image`.
pub(super) fn into_rgb(image: DynamicImage) -> RgbImage {
    match image {
        DynamicImage::ImageRgb8(rgb) => rgb,
        DynamicImage::ImageLuma8(grey) => {
            let (width, height) = grey.dimensions();
            // A GrayImage always holds width x height samples, so this cannot fail.
            grey_to_rgb(width, height, grey.as_raw()).unwrap_or_else(|| DynamicImage::ImageLuma8(grey).into_rgb8())
        }
        other => other.into_rgb8(),
    }
}

/// Rows of 8-bit grey samples (`width` per row, no padding) as RGB; None when there are too few.
pub(super) fn grey_to_rgb(width: u32, height: u32, grey: &[u8]) -> Option<RgbImage> {
    let count = usize::try_from(u64::from(width) * u64::from(height)).ok()?;
    let grey = grey.get(..count)?;
    let mut rgb = vec![0u8; count.checked_mul(3)?];
    // Index loops rather than zipped chunk iterators: unoptimised, each iterator step is calls.
    let whole = count - count % 8;
    let mut i = 0;
    while i < whole {
        let g = &grey[i..i + 8];
        rgb[i * 3..i * 3 + 24].copy_from_slice(&[
            g[0], g[0], g[0], g[1], g[1], g[1], g[2], g[2], g[2], g[3], g[3], g[3], g[4], g[4], g[4], g[5], g[5], g[5],
            g[6], g[6], g[6], g[7], g[7], g[7],
        ]);
        i += 8;
    }
    for j in whole..count {
        rgb[j * 3..j * 3 + 3].fill(grey[j]);
    }
    RgbImage::from_raw(width, height, rgb)
}

/// Each byte's eight bilevel pixels as 24 RGB bytes. A `static`, not a `const`: unoptimised,
/// each use of a `const` array copies all of it.
static EXPANDED_BITS: [[u8; 24]; 256] = {
    let mut table = [[0u8; 24]; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut bit = 0;
        while bit < 8 {
            let value = if (byte >> (7 - bit)) & 1 == 1 { 255 } else { 0 };
            table[byte][bit * 3] = value;
            table[byte][bit * 3 + 1] = value;
            table[byte][bit * 3 + 2] = value;
            bit += 1;
        }
        byte += 1;
    }
    table
};

/// Rows of packed bits (most significant first, each row starting on a byte) as RGB: 0 black,
/// 1 white. None when there are too few bytes.
pub(super) fn bilevel_to_rgb(width: u32, height: u32, packed: &[u8]) -> Option<RgbImage> {
    let (width_px, height_px) = (usize::try_from(width).ok()?, usize::try_from(height).ok()?);
    let stride = width_px.div_ceil(8);
    let packed = packed.get(..stride.checked_mul(height_px)?)?;
    let row_rgb = width_px * 3;
    let mut rgb = vec![0u8; row_rgb.checked_mul(height_px)?];
    let whole_bytes = width_px / 8;
    let tail = row_rgb - whole_bytes * 24;
    for y in 0..height_px {
        let (row_in, row_out) = (y * stride, y * row_rgb);
        for x in 0..whole_bytes {
            let expanded = &EXPANDED_BITS[usize::from(packed[row_in + x])];
            rgb[row_out + x * 24..row_out + x * 24 + 24].copy_from_slice(expanded);
        }
        if tail > 0 {
            let expanded = &EXPANDED_BITS[usize::from(packed[row_in + whole_bytes])];
            rgb[row_out + whole_bytes * 24..row_out + row_rgb].copy_from_slice(&expanded[..tail]);
        }
    }
    RgbImage::from_raw(width, height, rgb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_expand_to_the_row_width() {
        let image = bilevel_to_rgb(10, 2, &[0b1010_1010, 0b1100_0000, 0xFF, 0x00]).unwrap();
        let row = |y| (0..10).map(|x| image.get_pixel(x, y)[0]).collect::<Vec<u8>>();
        assert_eq!(row(0), [255, 0, 255, 0, 255, 0, 255, 0, 255, 255]);
        assert_eq!(row(1), [255, 255, 255, 255, 255, 255, 255, 255, 0, 0]);
        assert!(image.pixels().all(|pixel| pixel[0] == pixel[1] && pixel[1] == pixel[2]));
        let narrow = bilevel_to_rgb(3, 1, &[0b0100_0000]).unwrap();
        assert_eq!(narrow.as_raw(), &[0, 0, 0, 255, 255, 255, 0, 0, 0]);
        assert!(bilevel_to_rgb(10, 3, &[0; 4]).is_none());
    }

    #[test]
    fn grey_expands_to_equal_channels() {
        // 11 pixels: one 8-pixel step and a remainder of 3.
        let grey: Vec<u8> = (0..11).map(|v| v * 20).collect();
        let image = grey_to_rgb(11, 1, &grey).unwrap();
        for (x, value) in grey.iter().enumerate() {
            assert_eq!(image.get_pixel(x as u32, 0).0, [*value; 3]);
        }
        assert!(grey_to_rgb(4, 2, &grey).is_some());
        assert!(grey_to_rgb(4, 3, &grey).is_none());
    }

    #[test]
    fn into_rgb_matches_image_for_grey() {
        let grey = image::GrayImage::from_fn(13, 5, |x, y| image::Luma([(x * 19 + y * 7) as u8]));
        let expected = DynamicImage::ImageLuma8(grey.clone()).into_rgb8();
        assert_eq!(into_rgb(DynamicImage::ImageLuma8(grey)), expected);
    }
}
