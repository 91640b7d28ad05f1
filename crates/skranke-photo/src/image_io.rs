//! Reading images robustly: a size cap before decoding, EXIF orientation applied, any colour type
//! (grey, alpha, 16-bit, CMYK JPEG) turned into 8-bit sRGB-assumed RGB.
use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};

use crate::PhotoError;

/// Decodes an image file into upright RGB; refuses sides above `max_side` before decoding pixels.
pub fn load_rgb(path: &Path, max_side: u32) -> Result<RgbImage, PhotoError> {
    let bytes = std::fs::read(path)?;
    decode_rgb(&bytes, max_side)
}

/// Decodes image bytes into upright RGB (see [`load_rgb`]).
pub fn decode_rgb(bytes: &[u8], max_side: u32) -> Result<RgbImage, PhotoError> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(PhotoError::Io)?;
    let (w, h) = reader.into_dimensions().map_err(|e| PhotoError::Decode(e.to_string()))?;
    if w > max_side || h > max_side {
        return Err(PhotoError::TooLarge { width: w, height: h, limit: max_side });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    limits.max_alloc = Some(1 << 30);
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(PhotoError::Io)?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| PhotoError::Decode(e.to_string()))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| PhotoError::Decode(e.to_string()))?;
    img.apply_orientation(orientation);
    Ok(img.to_rgb8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Luma, Rgba};

    fn png(img: DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn grey_alpha_and_16_bit_decode_to_rgb() {
        let grey = DynamicImage::ImageLuma8(ImageBuffer::from_pixel(4, 3, Luma([200u8])));
        let rgb = decode_rgb(&png(grey), 100).unwrap();
        assert_eq!((rgb.dimensions(), rgb.get_pixel(0, 0).0), ((4, 3), [200, 200, 200]));
        let rgba = DynamicImage::ImageRgba8(ImageBuffer::from_pixel(2, 2, Rgba([10u8, 20, 30, 0])));
        assert_eq!(decode_rgb(&png(rgba), 100).unwrap().get_pixel(1, 1).0, [10, 20, 30]);
        let deep = DynamicImage::ImageLuma16(ImageBuffer::from_pixel(2, 2, Luma([65535u16])));
        assert_eq!(decode_rgb(&png(deep), 100).unwrap().get_pixel(0, 0).0, [255, 255, 255]);
    }

    #[test]
    fn corrupt_truncated_and_huge_images_are_typed_errors() {
        assert!(matches!(decode_rgb(b"not an image", 100), Err(PhotoError::Decode(_)) | Err(PhotoError::Io(_))));
        let full = png(DynamicImage::ImageLuma8(ImageBuffer::from_pixel(64, 64, Luma([1u8]))));
        assert!(decode_rgb(&full[..full.len() / 2], 100).is_err());
        assert!(matches!(decode_rgb(&full, 32), Err(PhotoError::TooLarge { width: 64, .. })));
    }

    /// CRC-32 (ISO-HDLC, as PNG uses) of `bytes`.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A valid small PNG whose IHDR claims `width` x `height` (CRC recomputed, so only the size lies).
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut png = png(DynamicImage::ImageLuma8(ImageBuffer::from_pixel(8, 8, Luma([7u8]))));
        // Signature (8), length (4), "IHDR" (4), width (4), height (4), ..., CRC after 13 data bytes.
        assert_eq!(&png[12..16], b"IHDR");
        png[16..20].copy_from_slice(&width.to_be_bytes());
        png[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    /// A valid small JPEG whose SOF0 claims `width` x `height`.
    fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
        let mut out = Vec::new();
        let img = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(16, 16, image::Rgb([90u8, 120, 200])));
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).expect("encode");
        let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline JPEG has SOF0");
        out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        out
    }

    /// A photo from outside (a file, the webview's still) whose header claims a huge size is refused
    /// from the header with its size, before any pixel buffer; a truncated one is a decode error.
    #[test]
    fn headers_claiming_huge_sizes_are_refused_and_truncated_files_fail() {
        assert_eq!(decode_rgb(&png_claiming(8, 8), 100).expect("the honest header decodes").dimensions(), (8, 8));
        for (w, h) in [(60_000, 60_000), (12_001, 10)] {
            let e = decode_rgb(&png_claiming(w, h), 12_000).expect_err("huge PNG");
            assert!(
                matches!(e, PhotoError::TooLarge { width, height, limit: 12_000 } if (width, height) == (w, h)),
                "{e}"
            );
            assert_eq!(e.code(), skranke_core::Code::PhotoTooLarge);
        }
        let e = decode_rgb(&jpeg_claiming(60_000, 60_000), 12_000).expect_err("huge JPEG");
        assert!(matches!(e, PhotoError::TooLarge { width: 60_000, height: 60_000, .. }), "{e}");
        let jpeg = jpeg_claiming(16, 16);
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("SOF0");
        for cut in [3, 30, sof + 4] {
            assert!(decode_rgb(&jpeg[..cut], 100).is_err(), "JPEG cut at {cut}");
        }
        let png = png_claiming(8, 8);
        for cut in [10, 30, png.len() - 13] {
            assert!(decode_rgb(&png[..cut], 100).is_err(), "PNG cut at {cut}");
        }
    }
}
