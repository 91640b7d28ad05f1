//! JPEG pages: decoded by `image` (zune-jpeg) with the EXIF orientation applied, the resolution
//! from the JFIF header or else EXIF's XResolution. Also decodes a PDF's DCTDecode images.

use std::io::Cursor;

use image::codecs::jpeg::JpegDecoder;
use image::{DynamicImage, ImageDecoder, RgbImage};

use super::density::{self, Unit};
use super::expand;
use super::{ScannedPage, check_page_size, image_error};
use crate::ScanError;

/// Whether the EXIF orientation is applied: yes for a JPEG file (what viewers do), no for a
/// JPEG inside a PDF (PDF viewers draw the pixels as stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ExifOrientation {
    Apply,
    Ignore,
}

/// A JPEG file as its one page.
pub(super) fn decode(bytes: &[u8]) -> Result<ScannedPage, ScanError> {
    let image = decode_rgb(bytes, ExifOrientation::Apply)?;
    let (dpi, dpi_assumed) = density::resolve(stated_dpi(bytes));
    Ok(ScannedPage { page: 1, image, dpi, dpi_assumed })
}

/// JPEG bytes to RGB (grey and CMYK converted), the size checked before the pixels are decoded.
pub(super) fn decode_rgb(bytes: &[u8], orientation: ExifOrientation) -> Result<RgbImage, ScanError> {
    let mut decoder = JpegDecoder::new(Cursor::new(bytes)).map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    check_page_size(width.into(), height.into())?;
    let transform = match orientation {
        // A damaged EXIF block is no reason to lose the page: it is then shown as stored.
        ExifOrientation::Apply => decoder.orientation().ok(),
        ExifOrientation::Ignore => None,
    };
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    if let Some(transform) = transform {
        image.apply_orientation(transform);
    }
    Ok(expand::into_rgb(image))
}

/// The resolution the file states: JFIF's density when given in dots per inch or centimetre and
/// plausible, else EXIF's XResolution. The markers before the image data are walked; a
/// malformed header stops the walk (the decoder judges the file).
fn stated_dpi(bytes: &[u8]) -> Option<f64> {
    let mut jfif = None;
    let mut exif = None;
    let mut pos = 2; // after SOI
    while let [0xFF, marker, ..] = bytes.get(pos..)? {
        let marker = *marker;
        match marker {
            0xFF => {
                pos += 1; // fill byte
                continue;
            }
            0xD9 | 0xDA => break, // end of image, start of scan: no more headers
            0x01 | 0xD0..=0xD7 => {
                pos += 2; // markers without a length
                continue;
            }
            _ => {}
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(pos + 2)?, *bytes.get(pos + 3)?]));
        let Some(data) = length.checked_sub(2).and_then(|data_length| bytes.get(pos + 4..pos + 4 + data_length)) else {
            break;
        };
        match marker {
            0xE0 if data.starts_with(b"JFIF\0") && data.len() >= 12 => {
                let x_density = f64::from(u16::from_be_bytes([data[8], data[9]]));
                jfif = match data[7] {
                    1 => Some(density::per_inch(x_density, Unit::Inch)),
                    2 => Some(density::per_inch(x_density, Unit::Centimetre)),
                    _ => None, // 0: an aspect ratio, no resolution
                };
            }
            0xE1 if data.starts_with(b"Exif\0\0") => exif = exif_dpi(&data[6..]),
            _ => {}
        }
        pos += 2 + length;
    }
    jfif.filter(|dpi| density::plausible(*dpi)).or(exif)
}

/// XResolution and ResolutionUnit from an EXIF block's first directory (a small TIFF structure:
/// byte order, 42, the directory's offset, 12-byte entries).
fn exif_dpi(tiff: &[u8]) -> Option<f64> {
    let big_endian = match tiff.get(..4)? {
        b"II*\0" => false,
        b"MM\0*" => true,
        _ => return None,
    };
    let u16_at = |offset: usize| -> Option<u16> {
        let b = tiff.get(offset..offset + 2)?;
        Some(if big_endian { u16::from_be_bytes([b[0], b[1]]) } else { u16::from_le_bytes([b[0], b[1]]) })
    };
    let u32_at = |offset: usize| -> Option<usize> {
        let b: [u8; 4] = tiff.get(offset..offset + 4)?.try_into().ok()?;
        let value = if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) };
        usize::try_from(value).ok()
    };
    let directory = u32_at(4)?;
    let mut x_resolution = None;
    let mut unit = Some(Unit::Inch); // the EXIF default
    for index in 0..usize::from(u16_at(directory)?) {
        let entry = directory + 2 + index * 12;
        const RATIONAL: u16 = 5;
        const SHORT: u16 = 3;
        match (u16_at(entry)?, u16_at(entry + 2)?) {
            (0x011A, RATIONAL) => {
                let value = u32_at(entry + 8)?;
                let (numerator, denominator) = (u32_at(value)?, u32_at(value + 4)?);
                if denominator != 0 {
                    x_resolution = Some(numerator as f64 / denominator as f64);
                }
            }
            (0x0128, SHORT) => {
                unit = match u16_at(entry + 8)? {
                    2 => Some(Unit::Inch),
                    3 => Some(Unit::Centimetre),
                    _ => None, // 1: no absolute unit
                };
            }
            _ => {}
        }
    }
    Some(density::per_inch(x_resolution?, unit?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::samples;

    #[test]
    fn a_jpeg_reads_as_one_page_with_its_jfif_density() {
        let bytes = samples::jpeg(64, 48, Some((1, 300)));
        let page = decode(&bytes).unwrap();
        assert_eq!((page.page, page.image.dimensions()), (1, (64, 48)));
        assert_eq!((page.dpi, page.dpi_assumed), (300.0, false));
        samples::assert_gradient(&page.image, 12);
    }

    #[test]
    fn jfif_density_in_dots_per_centimetre_converts_to_inches() {
        let page = decode(&samples::jpeg(32, 32, Some((2, 118)))).unwrap();
        assert!((page.dpi - 299.72).abs() < 0.01, "{}", page.dpi);
    }

    #[test]
    fn a_jpeg_without_a_resolution_is_assumed_300_dpi() {
        // image's encoder writes JFIF with units 0 (aspect ratio only) by default.
        let page = decode(&samples::jpeg(32, 32, None)).unwrap();
        assert_eq!((page.dpi, page.dpi_assumed), (300.0, true));
    }

    #[test]
    fn exif_resolution_and_orientation_are_read() {
        // Orientation 6: the stored pixels are to be turned 90 degrees clockwise for display.
        let bytes = samples::jpeg_with_exif(40, 20, 6, (600, 1), 2);
        let page = decode(&bytes).unwrap();
        assert_eq!(page.image.dimensions(), (20, 40));
        assert_eq!((page.dpi, page.dpi_assumed), (600.0, false));
        // Turned clockwise: the stored top-left (no green) is now top-right, the stored
        // bottom-left (full green) top-left.
        assert!(page.image.get_pixel(19, 0)[1] < 40, "{:?}", page.image.get_pixel(19, 0));
        assert!(page.image.get_pixel(0, 0)[1] > 215, "{:?}", page.image.get_pixel(0, 0));
    }

    #[test]
    fn exif_resolution_in_centimetres_and_without_unit() {
        let cm = decode(&samples::jpeg_with_exif(16, 16, 1, (120, 1), 3)).unwrap();
        assert!((cm.dpi - 304.8).abs() < 0.01, "{}", cm.dpi);
        let none = decode(&samples::jpeg_with_exif(16, 16, 1, (120, 1), 1)).unwrap();
        assert!(none.dpi_assumed);
    }

    #[test]
    fn a_page_over_the_size_limit_is_refused_before_decoding() {
        // A header claiming 13000 x 100 with no image data behind it.
        let bytes = samples::jpeg_header_only(13_000, 100);
        assert_eq!(decode(&bytes).unwrap_err().code(), "scan_too_large");
    }
}
