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
}
