//! Fuzzing of the camera frame decoder (issue 13.10): [`Frame::to_rgb`] on MJPEG frames as a
//! camera (or a broken USB transfer) might deliver them: random bytes, damaged and truncated
//! frames, and frame headers claiming sizes far beyond any camera's. Each must end in `Ok`,
//! `CameraError::Decode` or `CameraError::TooLarge`, never a panic, and no header may make the
//! decoder allocate more than the largest frame it accepts ([`MAX_FRAME_SIDE`] a side) needs.
//!
//! The case counts are fixed so CI time stays bounded (docs/ARCHITECTURE.md, "Fuzzing"); run longer
//! with `PROPTEST_CASES=100000 cargo test -p skranke-camera --test fuzz`.
use image::{ImageBuffer, Rgb, RgbImage};
use proptest::collection::vec;
use proptest::prelude::*;
use skranke_camera::{CameraError, Frame, MAX_FRAME_SIDE};
use skranke_core::Code;

#[path = "../../skranke-core/tests/support/largest_alloc.rs"]
mod largest_alloc;
use largest_alloc::largest_allocation;

#[global_allocator]
static ALLOCATOR: largest_alloc::Tracking = largest_alloc::Tracking;

#[path = "../../skranke-core/tests/support/mutations.rs"]
mod mutations;
use mutations::{apply, cases, edit, tokens};

/// A stuffed zero byte, besides the shared JPEG markers.
const FRAME_TOKENS: &[&[u8]] = &[b"\xff\x00"];

/// The frame size the fuzz cases declare: a small camera mode.
const W: u32 = 32;
const H: u32 = 24;

/// A valid MJPEG frame of `W` x `H`, encoded the way `Frame::to_jpeg` does.
fn seed() -> Vec<u8> {
    let rgb: RgbImage = ImageBuffer::from_fn(W, H, |x, y| Rgb([x as u8 * 7, y as u8 * 9, 128]));
    Frame::from_rgb(0, rgb).to_jpeg(80).expect("encode the seed")
}

/// Where the JPEG frame header (SOF0/1/2) starts: its marker's offset.
fn sof(jpeg: &[u8]) -> usize {
    jpeg.windows(2).position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2)).expect("a JPEG has a frame header")
}

/// A frame with the JPEG header's height and width set.
fn with_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let at = sof(jpeg);
    let mut b = jpeg.to_vec();
    b[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    b[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    b
}

/// The property every frame decode keeps: pixels inside the frame limit, `camera_decode`, or
/// too large (`camera_unsupported`) for a header beyond the limit; and no allocation beyond
/// `limit`.
fn check_frame(bytes: Vec<u8>, limit: usize) -> Result<(), TestCaseError> {
    let frame = Frame::from_jpeg(0, W, H, bytes);
    let (result, largest) = largest_allocation(|| frame.to_rgb());
    match result {
        Ok(rgb) => prop_assert!(rgb.width() <= MAX_FRAME_SIDE && rgb.height() <= MAX_FRAME_SIDE),
        Err(CameraError::TooLarge { width, height, max }) => {
            prop_assert!(max == MAX_FRAME_SIDE && (width > max || height > max));
        }
        Err(e) => {
            prop_assert!(matches!(e, CameraError::Decode(_)), "{e:?}");
            prop_assert_eq!(e.code(), Code::CameraDecode);
        }
    }
    prop_assert!(largest <= limit, "allocated {largest} bytes");
    Ok(())
}

/// The most one allocation may take for a header up to `side` a side: the pixel buffer of the
/// widest colour type (8 bytes a pixel, the decoder's own budget), plus room for tables.
fn allowed(side: u32) -> usize {
    8 * (side as usize).pow(2) + (1 << 20)
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn frame_arbitrary_bytes_are_a_decode_error(bytes in vec(any::<u8>(), 0..400), soi in any::<bool>()) {
        let mut input = if soi { b"\xff\xd8\xff".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        check_frame(input, allowed(MAX_FRAME_SIDE))?;
    }

    #[test]
    fn frame_damaged_frames_are_a_decode_error(edits in vec(edit(), 1..6)) {
        check_frame(apply(&seed(), &edits, &tokens(FRAME_TOKENS)), allowed(MAX_FRAME_SIDE))?;
    }

    /// Frame headers up to 512 a side (cheap to decode), whole or cut.
    #[test]
    fn frame_resized_headers_are_a_decode_error(width in 0u16..512, height in 0u16..512, cut in any::<Option<usize>>()) {
        let mut bytes = with_size(&seed(), width, height);
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        check_frame(bytes, allowed(512))?;
    }
}

#[test]
fn the_seed_decodes_to_its_size() {
    let rgb = Frame::from_jpeg(0, W, H, seed()).to_rgb().expect("the seed decodes");
    assert_eq!(rgb.dimensions(), (W, H));
}

/// A frame of a few hundred bytes whose header claims up to 65535 x 65535 (12.9 GB of RGB) is
/// refused as too large without allocating for it; cut short after its frame header, it is
/// refused too (too large, or unreadable headers), still without allocating.
#[test]
fn a_header_far_beyond_any_camera_is_refused_before_allocating() {
    let just_over = u16::try_from(MAX_FRAME_SIDE + 1).expect("the limit fits a JPEG header");
    for (w, h) in [(65_535u16, 65_535u16), (65_535, 1), (1, 65_535), (30_000, 30_000), (just_over, 16)] {
        let whole = with_size(&seed(), w, h);
        let cut = whole[..sof(&whole) + 20].to_vec();
        for (name, bytes) in [("whole", whole), ("cut", cut)] {
            let (result, largest) = largest_allocation(|| Frame::from_jpeg(0, W, H, bytes).to_rgb());
            match result {
                Err(CameraError::TooLarge { width, height, max }) => {
                    assert_eq!((width, height, max), (u32::from(w), u32::from(h), MAX_FRAME_SIDE));
                }
                Err(CameraError::Decode(_)) if name == "cut" => {}
                other => panic!("{w}x{h} {name}: {:?}", other.map(|i| i.dimensions())),
            }
            assert!(largest < 1 << 20, "{w}x{h} {name}: allocated {largest} bytes before refusing");
        }
    }
}
