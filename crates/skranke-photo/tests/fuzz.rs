//! Fuzzing of the photo decoder (issue 13.10): [`decode_rgb`] and [`load_rgb`] on random bytes and
//! on edits of valid PNG and JPEG files: header dimensions far beyond the side limit, other header
//! fields changed, truncated and damaged files. Each must end in `Ok` with an image inside the
//! limit or a typed `PhotoError`, never a panic, and no header may make the decoder allocate for
//! more pixels than the limit allows.
//!
//! The case counts are fixed so CI time stays bounded (docs/ARCHITECTURE.md, "Fuzzing"); run longer
//! with `PROPTEST_CASES=100000 cargo test -p skranke-photo --test fuzz`.
use std::io::Cursor;

use image::{DynamicImage, ImageBuffer, ImageFormat, Luma, Rgb, Rgba};
use proptest::collection::vec;
use proptest::prelude::*;
use skranke_core::{Code, PhotoThresholds};
use skranke_photo::{PhotoError, decode_rgb, load_rgb};

#[path = "../../skranke-core/tests/support/largest_alloc.rs"]
mod largest_alloc;
use largest_alloc::largest_allocation;

#[global_allocator]
static ALLOCATOR: largest_alloc::Tracking = largest_alloc::Tracking;

#[path = "../../skranke-core/tests/support/mutations.rs"]
mod mutations;
use mutations::{apply, cases, edit, tokens};

/// PNG chunk names that steer a decoder into its less travelled paths, besides the shared JPEG
/// markers.
const PNG_TOKENS: &[&[u8]] = &[
    b"\x00\x00\x00\x0dIHDR",
    b"\x7f\xff\xff\xffIDAT",
    b"\x00\x00\x00\x00IEND",
    b"\x00\x00\x10\x00iCCP",
    b"\x00\x00\x10\x00zTXt",
    b"\x00\x00\x00\x03PLTE",
    b"acTL",
];

/// The side limit the fuzz cases decode under: small, so an accepted header is cheap to decode.
const SIDE: u32 = 256;

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).expect("encode a seed");
    out
}

/// Valid small files in the colour types the decoder turns into RGB.
fn seeds() -> Vec<Vec<u8>> {
    let rgb = DynamicImage::ImageRgb8(ImageBuffer::from_fn(24, 18, |x, y| Rgb([x as u8 * 10, y as u8 * 12, 90])));
    let grey = DynamicImage::ImageLuma8(ImageBuffer::from_fn(9, 7, |x, _| Luma([x as u8 * 20])));
    let rgba16 = DynamicImage::ImageRgba16(ImageBuffer::from_pixel(5, 4, Rgba([65535u16, 0, 300, 20000])));
    vec![
        encode(&rgb, ImageFormat::Png),
        encode(&grey, ImageFormat::Png),
        encode(&rgba16, ImageFormat::Png),
        encode(&rgb, ImageFormat::Jpeg),
        encode(&grey, ImageFormat::Jpeg),
    ]
}

/// CRC-32 (ISO-HDLC), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG with its IHDR fields set (and the chunk's CRC made right again, so the change reaches
/// the decoder instead of failing the checksum).
fn png_with_header(png: &[u8], width: u32, height: u32, depth: u8, colour: u8) -> Vec<u8> {
    assert_eq!(&png[12..16], b"IHDR", "IHDR comes first");
    let mut b = png.to_vec();
    b[16..20].copy_from_slice(&width.to_be_bytes());
    b[20..24].copy_from_slice(&height.to_be_bytes());
    b[24] = depth;
    b[25] = colour;
    let crc = crc32(&b[12..29]);
    b[29..33].copy_from_slice(&crc.to_be_bytes());
    b
}

/// Where the JPEG frame header (SOF0/1/2) starts: its marker's offset.
fn sof(jpeg: &[u8]) -> usize {
    jpeg.windows(2).position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2)).expect("a JPEG has a frame header")
}

/// A JPEG with the frame header's height and width set.
fn jpeg_with_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let at = sof(jpeg);
    let mut b = jpeg.to_vec();
    b[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    b[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    b
}

/// What decoding may allocate at most in one piece under a side limit: the largest pixel buffer
/// (RGBA, 16 bits a channel) for `side` x `side`, twice for a decoder's working copy, plus room for
/// small tables and the input itself.
fn allowed(side: u32, input: usize) -> usize {
    2 * 8 * (side as usize).pow(2) + 2 * input + (1 << 20)
}

/// The property every decode keeps: an image inside the limit, or a typed error; and no single
/// allocation beyond what the limit allows.
fn check_decode(bytes: &[u8], side: u32) -> Result<(), TestCaseError> {
    let (result, largest) = largest_allocation(|| decode_rgb(bytes, side));
    match result {
        Ok(img) => prop_assert!(img.width() <= side && img.height() <= side, "{:?}", img.dimensions()),
        Err(PhotoError::TooLarge { width, height, limit }) => {
            prop_assert_eq!(limit, side);
            prop_assert!(width > side || height > side);
        }
        Err(e) => prop_assert!(matches!(e.code(), Code::PhotoDecode | Code::PhotoIo), "{e:?}"),
    }
    prop_assert!(largest <= allowed(side, bytes.len()), "allocated {largest} bytes for a {} byte file", bytes.len());
    Ok(())
}

fn side_value() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..=SIDE * 2, Just(u32::MAX), Just(1 << 31), Just(65_535), Just(100_000), any::<u32>()]
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn image_arbitrary_bytes_are_a_typed_error(bytes in vec(any::<u8>(), 0..400), magic in 0usize..3) {
        let mut input = [&b""[..], b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"][magic].to_vec();
        input.extend_from_slice(&bytes);
        check_decode(&input, SIDE)?;
    }

    #[test]
    fn image_edited_files_are_a_typed_error(seed in 0usize..5, edits in vec(edit(), 1..6)) {
        check_decode(&apply(&seeds()[seed], &edits, &tokens(PNG_TOKENS)), SIDE)?;
    }

    /// PNG headers with any size, bit depth and colour type, checksum right, file whole or cut.
    #[test]
    fn image_png_headers_are_a_typed_error(
        seed in 0usize..3,
        width in side_value(),
        height in side_value(),
        depth in prop_oneof![Just(1u8), Just(8), Just(16), any::<u8>()],
        colour in prop_oneof![0u8..=6, any::<u8>()],
        cut in any::<Option<usize>>(),
    ) {
        let mut bytes = png_with_header(&seeds()[seed], width, height, depth, colour);
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        check_decode(&bytes, SIDE)?;
    }

    /// JPEG frame headers with any size, file whole or cut.
    #[test]
    fn image_jpeg_headers_are_a_typed_error(
        seed in 3usize..5,
        width in prop_oneof![0u16..=(SIDE as u16) * 2, any::<u16>()],
        height in prop_oneof![0u16..=(SIDE as u16) * 2, any::<u16>()],
        cut in any::<Option<usize>>(),
    ) {
        let mut bytes = jpeg_with_size(&seeds()[seed], width, height);
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        check_decode(&bytes, SIDE)?;
    }
}

#[test]
fn the_seeds_decode() {
    for (i, seed) in seeds().iter().enumerate() {
        decode_rgb(seed, SIDE).unwrap_or_else(|e| panic!("seed {i}: {e}"));
    }
}

/// Headers far beyond the configured limit (12 000 px a side by default) are refused from the
/// header, before a pixel buffer is made: the largest allocation stays small.
#[test]
fn huge_dimensions_are_refused_before_allocating() {
    let side = PhotoThresholds::default().max_image_side;
    let seeds = seeds();
    let mut crafted = Vec::new();
    for (w, h) in [(u32::MAX, u32::MAX), (1 << 31, 1), (1, 1 << 31), (100_000, 100_000), (side + 1, 1)] {
        crafted.push((format!("png {w}x{h}"), png_with_header(&seeds[0], w, h, 8, 2)));
    }
    for (w, h) in [(65_535u16, 65_535u16), (65_535, 1), (1, 65_535), (12_001, 12_001)] {
        crafted.push((format!("jpeg {w}x{h}"), jpeg_with_size(&seeds[3], w, h)));
    }
    for (name, bytes) in &crafted {
        for cut in [bytes.len(), bytes.len() / 2] {
            let (result, largest) = largest_allocation(|| decode_rgb(&bytes[..cut], side));
            // Too large from our side check, or (PNG sides near u32::MAX) the decoder's own memory
            // limit tripping on the header already: both before any pixel buffer.
            match result {
                Err(PhotoError::TooLarge { limit, .. }) => assert_eq!(limit, side, "{name}"),
                Err(PhotoError::Decode(_)) => {}
                other => panic!("{name} cut at {cut}: {other:?}"),
            }
            assert!(largest < 1 << 20, "{name} cut at {cut}: allocated {largest} bytes before refusing");
        }
    }
}

#[test]
fn files_that_are_missing_empty_or_truncated_are_typed_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = load_rgb(&dir.path().join("none.jpg"), SIDE).expect_err("missing");
    assert_eq!(missing.code(), Code::PhotoIo);
    for (name, bytes) in [("empty.png", Vec::new()), ("cut.jpg", seeds()[3][..40].to_vec())] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let e = load_rgb(&path, SIDE).expect_err(name);
        assert!(matches!(e.code(), Code::PhotoDecode | Code::PhotoIo), "{name}: {e:?}");
    }
}
