//! The accepted photo as the licence card will print it: the 35:45 crop fitted into the card's
//! photo field ([`skranke_core::CardLayout::photo_mm`]) at the card's resolution, so the clerk
//! sees before Send how much detail and light is left at that size.
use image::RgbImage;
use image::imageops::{self, FilterType};
use skranke_core::CardLayout;

use crate::{PhotoError, decode_rgb, encode_jpeg};

/// Largest side of a photo given to [`card_photo_jpeg`] (the stored crop is far smaller).
const MAX_SOURCE_SIDE: u32 = 10_000;

/// The photo scaled (aspect kept) to fit the card's photo field at the card's dpi: one pixel per
/// printer dot.
pub fn card_photo(img: &RgbImage, card: &CardLayout) -> RgbImage {
    let (fw, fh) = card.photo_px();
    let (w, h) = img.dimensions();
    let s = (f64::from(fw) / f64::from(w.max(1))).min(f64::from(fh) / f64::from(h.max(1)));
    let side = |v: u32| ((f64::from(v) * s).round() as u32).max(1);
    imageops::resize(img, side(w), side(h), FilterType::Lanczos3)
}

/// Decodes the accepted JPEG, scales it with [`card_photo`] and encodes it as JPEG again (high
/// quality: the preview must not add artefacts the card will not have).
pub fn card_photo_jpeg(jpeg: &[u8], card: &CardLayout) -> Result<Vec<u8>, PhotoError> {
    let img = decode_rgb(jpeg, MAX_SOURCE_SIDE)?;
    encode_jpeg(&card_photo(&img, card), usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 35:45 image, brighter to the right.
    fn crop(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, _| {
            let v = (60 + x * 120 / w) as u8;
            image::Rgb([v, v, v])
        })
    }

    fn mean(img: &RgbImage) -> f64 {
        img.pixels().map(|p| f64::from(p.0[0])).sum::<f64>() / f64::from(img.width() * img.height())
    }

    #[test]
    fn the_crop_fits_the_card_field_at_300_dpi() {
        let src = crop(700, 900);
        let card = card_photo(&src, &CardLayout::default());
        // 25 x 32 mm is 295 x 378 dots; a 35:45 photo fills the height: 294 x 378.
        assert_eq!(card.dimensions(), (294, 378));
        assert!((mean(&card) - mean(&src)).abs() < 2.0, "scaling keeps the brightness");
    }

    #[test]
    fn the_jpeg_round_trip_gives_card_pixels() {
        let jpeg = encode_jpeg(&crop(933, 1200), usize::MAX).unwrap();
        let out = card_photo_jpeg(&jpeg, &CardLayout::default()).unwrap();
        let img = image::load_from_memory(&out).unwrap();
        assert_eq!((img.width(), img.height()), (294, 378));
        assert!(card_photo_jpeg(b"not a jpeg", &CardLayout::default()).is_err());
    }
}
