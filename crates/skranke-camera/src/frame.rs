//! One camera frame, as JPEG (what MJPEG cameras deliver and the preview sends on), as RGB (what
//! the checks need), or both: each form is made once, on demand.
use crate::CameraError;
use crate::decode::{MAX_FRAME_SIDE, decode_bounded};
use image::RgbImage;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// A frame from a [`crate::FrameSource`].
#[derive(Clone)]
pub struct Frame {
    /// Sequence number from the source, from 0.
    pub seq: u64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// When the source delivered it.
    pub captured_at: Instant,
    jpeg: Arc<OnceLock<Vec<u8>>>,
    rgb: Arc<OnceLock<RgbImage>>,
}

/// The frame's number, size and which forms are made, never its pixels or JPEG bytes (a frame
/// shows the citizen's face).
impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("seq", &self.seq)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("jpeg", &self.jpeg.get().map(|j| format!("<{} bytes>", j.len())))
            .field("rgb", &self.rgb.get().map(|_| "<decoded>"))
            .finish_non_exhaustive()
    }
}

impl Frame {
    /// A frame of JPEG bytes (an MJPEG camera); decoded only when RGB is asked for.
    pub fn from_jpeg(seq: u64, width: u32, height: u32, jpeg: Vec<u8>) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(jpeg);
        Self { seq, width, height, captured_at: Instant::now(), jpeg: Arc::new(cell), rgb: Arc::new(OnceLock::new()) }
    }

    /// A frame of RGB pixels; encoded only when JPEG is asked for.
    pub fn from_rgb(seq: u64, rgb: RgbImage) -> Self {
        let (width, height) = rgb.dimensions();
        let cell = OnceLock::new();
        let _ = cell.set(rgb);
        Self { seq, width, height, captured_at: Instant::now(), jpeg: Arc::new(OnceLock::new()), rgb: Arc::new(cell) }
    }

    /// The same picture as a new frame (a replay source shows one still for many frames): shares
    /// the encoded and decoded forms already made.
    pub fn again(&self, seq: u64) -> Self {
        Self { seq, captured_at: Instant::now(), ..self.clone() }
    }

    /// The pixels as RGB (decoded from JPEG the first time). A JPEG whose header announces a side
    /// above [`MAX_FRAME_SIDE`] is [`CameraError::TooLarge`], refused before decoding.
    pub fn to_rgb(&self) -> Result<RgbImage, CameraError> {
        if let Some(rgb) = self.rgb.get() {
            return Ok(rgb.clone());
        }
        let jpeg = self.jpeg.get().ok_or_else(|| CameraError::Decode("empty frame".into()))?;
        let reader = image::ImageReader::with_format(std::io::Cursor::new(jpeg), image::ImageFormat::Jpeg);
        let rgb = decode_bounded(reader, MAX_FRAME_SIDE)?.to_rgb8();
        Ok(self.rgb.get_or_init(|| rgb).clone())
    }

    /// The frame as JPEG: the camera's own bytes when it delivered JPEG, else encoded once at
    /// `quality`.
    pub fn to_jpeg(&self, quality: u8) -> Result<Vec<u8>, CameraError> {
        if let Some(j) = self.jpeg.get() {
            return Ok(j.clone());
        }
        let rgb = self.rgb.get().ok_or_else(|| CameraError::Decode("empty frame".into()))?;
        let mut out = Vec::with_capacity(128 * 1024);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
            .encode_image(rgb)
            .map_err(|e| CameraError::Decode(e.to_string()))?;
        Ok(self.jpeg.get_or_init(|| out).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_to_jpeg_and_back_keeps_size_and_roughly_the_colour() {
        let rgb = RgbImage::from_pixel(64, 48, image::Rgb([200, 120, 40]));
        let f = Frame::from_rgb(0, rgb);
        let jpeg = f.to_jpeg(90).expect("encode");
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
        let g = Frame::from_jpeg(1, 64, 48, jpeg.clone());
        assert_eq!(g.to_jpeg(10).expect("as is"), jpeg, "JPEG frames are passed on untouched");
        let back = g.to_rgb().expect("decode");
        assert_eq!(back.dimensions(), (64, 48));
        let p = back.get_pixel(32, 24);
        assert!((i32::from(p[0]) - 200).abs() < 8 && (i32::from(p[2]) - 40).abs() < 8, "{p:?}");
        assert_eq!(f.again(7).seq, 7);
    }

    #[test]
    fn a_corrupt_jpeg_is_a_decode_error() {
        let f = Frame::from_jpeg(0, 10, 10, vec![0xFF, 0xD8, 1, 2, 3]);
        assert_eq!(f.to_rgb().expect_err("corrupt").code(), skranke_core::Code::CameraDecode);
    }

    /// An MJPEG frame whose header claims 60000x60000 (or 8000x8000, which the image crate's
    /// default 512 MiB budget would still allocate) is refused from its header.
    #[test]
    fn a_frame_announcing_a_huge_size_is_refused_before_decoding() {
        for (w, h) in [(60_000, 60_000), (8000, 8000)] {
            let f = Frame::from_jpeg(0, 1280, 720, crate::decode::tests::jpeg_claiming(w, h));
            match f.to_rgb() {
                Err(e @ CameraError::TooLarge { .. }) => assert_eq!(e.code(), skranke_core::Code::CameraUnsupported),
                other => panic!("{w}x{h}: {:?}", other.map(|i| i.dimensions())),
            }
        }
    }

    /// A frame shows a face: its `Debug` gives sizes, not the JPEG bytes or pixels (a derived one
    /// prints both).
    #[test]
    fn debug_shows_no_bytes_and_no_pixels() {
        let rgb = RgbImage::from_pixel(2, 2, image::Rgb([201, 202, 203]));
        let f = Frame::from_rgb(3, rgb);
        let jpeg = f.to_jpeg(90).expect("encode");
        let g = Frame::from_jpeg(4, 2, 2, jpeg.clone());
        g.to_rgb().expect("decode");
        let shown = format!("{f:?} {g:?}");
        let first_bytes = format!("{:?}", &jpeg[..4]).trim_matches(['[', ']']).to_string();
        assert!(!shown.contains("201, 202, 203") && !shown.contains(&first_bytes), "{shown}");
        assert!(shown.contains(&format!("<{} bytes>", jpeg.len())) && shown.contains("seq: 4"), "{shown}");
    }
}
