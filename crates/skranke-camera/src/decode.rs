//! Decoding the images a frame source gets from outside (an MJPEG camera's frames, a replay
//! folder's files) with explicit limits: the size the header announces is checked before any
//! pixel buffer is allocated, so a frame claiming 60000x60000 is a typed error
//! ([`CameraError::TooLarge`]), not a giant allocation. The image crate's default limits bound
//! only the allocation (512 MiB), which still lets an 8000x8000 frame allocate 192 MB.
use crate::CameraError;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::{BufRead, Seek};

/// Largest side of a camera frame, in pixels: 4K UHD (3840x2160) and DCI 4K (4096x2160) fit.
pub const MAX_FRAME_SIDE: u32 = 4096;

/// Largest side of a replay image, in pixels: a camera still (scaled down to the frame anyway).
pub const MAX_REPLAY_SIDE: u32 = 8192;

/// Most bytes one decoded pixel takes: 16-bit RGBA, the widest colour type a PNG decodes to (a
/// JPEG gives at most 4).
const MAX_BYTES_PER_PIXEL: u64 = 8;

/// The limits for images of at most `max_side` pixels a side: the sides, and an allocation budget
/// of the largest such image's pixel buffer (128 MiB for [`MAX_FRAME_SIDE`]).
pub(crate) fn limits(max_side: u32) -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    limits.max_alloc = Some(u64::from(max_side) * u64::from(max_side) * MAX_BYTES_PER_PIXEL);
    limits
}

/// Decodes an image (format already set or guessed on `reader`) of at most `max_side` pixels a
/// side. Refused from the header, before pixels are decoded: a larger side
/// ([`CameraError::TooLarge`]). Anything unreadable (corrupt, truncated) is [`CameraError::Decode`].
pub(crate) fn decode_bounded<R: BufRead + Seek>(
    mut reader: ImageReader<R>,
    max_side: u32,
) -> Result<DynamicImage, CameraError> {
    let limits = limits(max_side);
    // The header is read under the allocation budget but no side limit yet, so that a refusal
    // names the announced size; the sides are checked right after.
    let mut header_limits = limits.clone();
    (header_limits.max_image_width, header_limits.max_image_height) = (None, None);
    reader.limits(header_limits);
    let decode = |e: image::ImageError| CameraError::Decode(e.to_string());
    let mut decoder = reader.into_decoder().map_err(decode)?;
    let (width, height) = decoder.dimensions();
    if width > max_side || height > max_side {
        return Err(CameraError::TooLarge { width, height, max: max_side });
    }
    decoder.set_limits(limits).map_err(decode)?;
    DynamicImage::from_decoder(decoder).map_err(decode)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Cursor;

    /// A small real JPEG whose SOF0 header is patched to announce `width` x `height` (the scan
    /// data stays that of the small image).
    pub(crate) fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
            .encode_image(&image::RgbImage::from_pixel(16, 16, image::Rgb([90, 120, 200])))
            .expect("encode a 16x16 JPEG");
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline JPEG has SOF0");
        // FF C0, length (2), precision (1), height (2), width (2).
        jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        jpeg
    }

    fn decode_jpeg(bytes: &[u8], max_side: u32) -> Result<DynamicImage, CameraError> {
        decode_bounded(ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::Jpeg), max_side)
    }

    #[test]
    fn a_header_announcing_more_than_the_limit_is_refused_before_decoding() {
        for (w, h) in [(60_000, 60_000), (8000, 8000), (4097, 16), (16, 4097)] {
            match decode_jpeg(&jpeg_claiming(w, h), MAX_FRAME_SIDE) {
                Err(CameraError::TooLarge { width, height, max }) => {
                    assert_eq!((width, height, max), (u32::from(w), u32::from(h), MAX_FRAME_SIDE));
                }
                other => panic!("{w}x{h}: {:?}", other.map(|i| (i.width(), i.height()))),
            }
        }
        let ok = decode_jpeg(&jpeg_claiming(16, 16), MAX_FRAME_SIDE).expect("the real size decodes");
        assert_eq!((ok.width(), ok.height()), (16, 16));
    }

    #[test]
    fn a_truncated_or_corrupt_image_is_a_decode_error() {
        let jpeg = jpeg_claiming(16, 16);
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("SOF0");
        for cut in [2, 20, sof + 4] {
            assert!(matches!(decode_jpeg(&jpeg[..cut], MAX_FRAME_SIDE), Err(CameraError::Decode(_))), "cut at {cut}");
        }
        assert!(matches!(decode_jpeg(b"not a jpeg", MAX_FRAME_SIDE), Err(CameraError::Decode(_))));
    }

    #[test]
    fn the_budget_is_the_largest_allowed_image() {
        let l = limits(MAX_FRAME_SIDE);
        assert_eq!((l.max_image_width, l.max_image_height), (Some(4096), Some(4096)));
        assert_eq!(l.max_alloc, Some(128 * 1024 * 1024));
    }
}
