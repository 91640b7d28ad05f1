//! TIFF pages: every full-resolution image of the file is a page (a multi-page scan), read with
//! the `tiff` crate (`image`'s TIFF decoder reads only the first). 8- and 16-bit grey and RGB,
//! RGBA, and 1-bit bilevel in any compression the crate reads (none, LZW, Deflate, PackBits,
//! JPEG, CCITT G3/G4); the resolution from XResolution and ResolutionUnit.

use std::io::Cursor;

use image::{DynamicImage, ImageBuffer, Pixel, RgbImage};
use tiff::ColorType;
use tiff::decoder::ifd::Value;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;

use super::density::{self, Unit};
use super::expand::{bilevel_to_rgb, grey_to_rgb};
use super::{MAX_PAGE_SIDE_PX, PixelBudget, ScannedPage};
use crate::ScanError;

/// Every full-resolution image of a TIFF file, in file order; reduced-resolution images
/// (thumbnails, NewSubfileType bit 0) are skipped. All directories are read and every page's
/// size checked before any pixel is decoded.
pub(super) fn decode(bytes: &[u8]) -> Result<Vec<ScannedPage>, ScanError> {
    let mut limits = Limits::default();
    // The largest page accepted, 8-bit RGB; a 16-bit one that size is refused as too large.
    let side = usize::try_from(MAX_PAGE_SIDE_PX).unwrap_or(usize::MAX);
    limits.decoding_buffer_size = side.saturating_mul(side).saturating_mul(3);
    let mut decoder = Decoder::new(Cursor::new(bytes)).map_err(tiff_error)?.with_limits(limits);
    let mut budget = PixelBudget::new();
    let mut full_images = Vec::new();
    for index in 0.. {
        let reduced =
            decoder.find_tag_unsigned::<u32>(Tag::NewSubfileType).ok().flatten().is_some_and(|kind| kind & 1 == 1);
        if !reduced {
            let (width, height) = decoder.dimensions().map_err(tiff_error)?;
            budget.take(width.into(), height.into())?;
            full_images.push(index);
        }
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(tiff_error)?;
    }
    let mut pages = Vec::with_capacity(full_images.len());
    for (page, index) in (1..).zip(full_images) {
        decoder.seek_to_image(index).map_err(tiff_error)?;
        pages.push(decode_image(&mut decoder, page)?);
    }
    Ok(pages)
}

/// The decoder's current image as page `page`.
fn decode_image(decoder: &mut Decoder<Cursor<&[u8]>>, page: u32) -> Result<ScannedPage, ScanError> {
    let (width, height) = decoder.dimensions().map_err(tiff_error)?;
    let colour = decoder.colortype().map_err(tiff_error)?;
    let planar = decoder.find_tag_unsigned::<u16>(Tag::PlanarConfiguration).ok().flatten() == Some(2);
    if planar && !matches!(colour, ColorType::Gray(_)) {
        return Err(ScanError::Unsupported("TIFF with separate colour planes".into()));
    }
    let (dpi, dpi_assumed) = density::resolve(stated_dpi(decoder));
    let pixels = decoder.read_image().map_err(tiff_error)?;
    Ok(ScannedPage { page, image: to_rgb(colour, width, height, pixels)?, dpi, dpi_assumed })
}

/// The image's XResolution in pixels per inch, when its ResolutionUnit is the inch (the
/// default) or the centimetre (1 means no absolute unit).
fn stated_dpi(decoder: &mut Decoder<Cursor<&[u8]>>) -> Option<f64> {
    let x_resolution = match decoder.find_tag(Tag::XResolution).ok()?? {
        Value::Rational(numerator, denominator) if denominator != 0 => f64::from(numerator) / f64::from(denominator),
        Value::Float(value) => f64::from(value),
        Value::Double(value) => value,
        Value::Short(value) => f64::from(value),
        Value::Unsigned(value) => f64::from(value),
        _ => return None,
    };
    let unit = match decoder.find_tag_unsigned::<u16>(Tag::ResolutionUnit).ok().flatten().unwrap_or(2) {
        2 => Unit::Inch,
        3 => Unit::Centimetre,
        _ => return None,
    };
    Some(density::per_inch(x_resolution, unit))
}

/// Decoded samples to RGB. The crate has already turned WhiteIsZero into BlackIsZero, so a
/// bilevel 1 is white.
fn to_rgb(colour: ColorType, width: u32, height: u32, pixels: DecodingResult) -> Result<RgbImage, ScanError> {
    let image = match (colour, pixels) {
        (ColorType::Gray(1), DecodingResult::U8(packed)) => {
            return bilevel_to_rgb(width, height, &packed).ok_or_else(short_data);
        }
        (ColorType::Gray(8), DecodingResult::U8(grey)) => {
            return grey_to_rgb(width, height, &grey).ok_or_else(short_data);
        }
        (ColorType::Gray(16), DecodingResult::U16(data)) => DynamicImage::ImageLuma16(buffer(width, height, data)?),
        (ColorType::RGB(8), DecodingResult::U8(data)) => DynamicImage::ImageRgb8(buffer(width, height, data)?),
        (ColorType::YCbCr(8), DecodingResult::U8(mut data)) => {
            ycbcr_to_rgb(&mut data);
            DynamicImage::ImageRgb8(buffer(width, height, data)?)
        }
        (ColorType::RGB(16), DecodingResult::U16(data)) => DynamicImage::ImageRgb16(buffer(width, height, data)?),
        (ColorType::RGBA(8), DecodingResult::U8(data)) => DynamicImage::ImageRgba8(buffer(width, height, data)?),
        (ColorType::RGBA(16), DecodingResult::U16(data)) => DynamicImage::ImageRgba16(buffer(width, height, data)?),
        (colour, _) => return Err(ScanError::Unsupported(format!("TIFF colour type {colour:?}"))),
    };
    Ok(image.into_rgb8())
}

/// YCbCr samples (what JPEG-compressed TIFF from a scanner holds: the crate hands back the
/// JPEG's samples unconverted) to RGB in place, with JPEG's (full-range BT.601) coefficients
/// in 16-bit fixed point.
fn ycbcr_to_rgb(samples: &mut [u8]) {
    let clamp = |value: i32| value.clamp(0, 255) as u8;
    for pixel in samples.chunks_exact_mut(3) {
        let (y, cb, cr) = (i32::from(pixel[0]) << 16, i32::from(pixel[1]) - 128, i32::from(pixel[2]) - 128);
        let half = 1 << 15;
        pixel[0] = clamp((y + 91_881 * cr + half) >> 16);
        pixel[1] = clamp((y - 22_554 * cb - 46_802 * cr + half) >> 16);
        pixel[2] = clamp((y + 116_130 * cb + half) >> 16);
    }
}

/// Samples as an image buffer (extra trailing samples are ignored; too few is an error).
fn buffer<P: Pixel>(
    width: u32,
    height: u32,
    data: Vec<P::Subpixel>,
) -> Result<ImageBuffer<P, Vec<P::Subpixel>>, ScanError> {
    ImageBuffer::from_raw(width, height, data).ok_or_else(short_data)
}

fn short_data() -> ScanError {
    ScanError::Unreadable("the pixel data is shorter than the page".into())
}

fn tiff_error(error: tiff::TiffError) -> ScanError {
    match error {
        tiff::TiffError::LimitsExceeded => {
            ScanError::TooLarge(format!("a TIFF page is over the decoder's limits ({error})"))
        }
        tiff::TiffError::UnsupportedError(_) => ScanError::Unsupported(format!("TIFF: {error}")),
        _ => ScanError::Unreadable(format!("TIFF: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::samples;

    #[test]
    fn every_page_of_a_multi_page_tiff_is_read_with_its_resolution() {
        let bytes = samples::two_page_tiff();
        let pages = decode(&bytes).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].page, pages[0].image.dimensions()), (1, (40, 30)));
        assert_eq!((pages[0].dpi, pages[0].dpi_assumed), (300.0, false));
        samples::assert_gradient(&pages[0].image, 1);
        // Page 2: grey, its resolution in centimetres (236.22 per cm is 600 dpi).
        assert_eq!((pages[1].page, pages[1].image.dimensions()), (2, (24, 16)));
        assert!((pages[1].dpi - 600.0).abs() < 0.01, "{}", pages[1].dpi);
        assert_eq!(pages[1].image.get_pixel(3, 3).0, [3 * 10, 3 * 10, 3 * 10]);
    }

    #[test]
    fn a_tiff_without_a_resolution_is_assumed_300_dpi() {
        let pages = decode(&samples::tiff_without_resolution()).unwrap();
        assert_eq!((pages[0].dpi, pages[0].dpi_assumed), (300.0, true));
    }

    #[test]
    fn bilevel_pages_are_read_in_both_photometric_senses() {
        for white_is_zero in [false, true] {
            let bytes = samples::bilevel_tiff(13, 3, white_is_zero);
            let pages = decode(&bytes).unwrap();
            let image = &pages[0].image;
            assert_eq!(image.dimensions(), (13, 3));
            // The sample is black on its diagonal x == y and in its last column, white elsewhere.
            for (x, y, pixel) in image.enumerate_pixels() {
                let black = x == y || x == 12;
                assert_eq!(pixel.0, if black { [0; 3] } else { [255; 3] }, "({x}, {y}) white_is_zero {white_is_zero}");
            }
            assert_eq!((pages[0].dpi, pages[0].dpi_assumed), (200.0, false));
        }
    }

    #[test]
    fn jpeg_compressed_ycbcr_pages_are_converted_to_rgb() {
        let pages = decode(&samples::jpeg_in_tiff(32, 24)).unwrap();
        assert_eq!(pages[0].image.dimensions(), (32, 24));
        samples::assert_gradient(&pages[0].image, 12);
    }

    #[test]
    fn ycbcr_grey_and_primaries_convert() {
        let mut samples = [128, 128, 128, 76, 85, 255, 29, 255, 107];
        ycbcr_to_rgb(&mut samples);
        assert_eq!(samples[..3], [128, 128, 128]);
        // JPEG's own encodings of pure red and pure blue.
        assert!(samples[3] > 250 && samples[4] < 5 && samples[5] < 5, "{samples:?}");
        assert!(samples[6] < 5 && samples[7] < 5 && samples[8] > 250, "{samples:?}");
    }

    #[test]
    fn reduced_resolution_images_are_not_pages() {
        let pages = decode(&samples::tiff_with_thumbnail()).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].image.dimensions(), (40, 30));
    }
}
