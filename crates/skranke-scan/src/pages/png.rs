//! PNG pages: decoded by `image`, the resolution from the pHYs chunk (pixels per metre).

use std::io::Cursor;

use image::codecs::png::PngDecoder;
use image::{DynamicImage, ImageDecoder};

use super::density::{self, Unit};
use super::expand;
use super::{ScannedPage, check_page_size, image_error};
use crate::ScanError;

/// A PNG file as its one page (alpha dropped: scanners write none).
pub(super) fn decode(bytes: &[u8]) -> Result<ScannedPage, ScanError> {
    let decoder = PngDecoder::new(Cursor::new(bytes)).map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    check_page_size(width.into(), height.into())?;
    let image = expand::into_rgb(DynamicImage::from_decoder(decoder).map_err(image_error)?);
    let (dpi, dpi_assumed) = density::resolve(stated_dpi(bytes));
    Ok(ScannedPage { page: 1, image, dpi, dpi_assumed })
}

/// The pHYs chunk's horizontal pixels per metre, when its unit is the metre (unit 0 is an aspect
/// ratio only). The chunks before the image data are walked: length, type, data, CRC.
fn stated_dpi(bytes: &[u8]) -> Option<f64> {
    let mut pos = 8; // after the signature
    loop {
        let length = usize::try_from(u32::from_be_bytes(bytes.get(pos..pos + 4)?.try_into().ok()?)).ok()?;
        let kind = bytes.get(pos + 4..pos + 8)?;
        let data = bytes.get(pos + 8..pos.checked_add(8)?.checked_add(length)?)?;
        match kind {
            b"pHYs" if data.len() == 9 => {
                let per_unit = u32::from_be_bytes(data[..4].try_into().ok()?);
                return (data[8] == 1).then(|| density::per_inch(f64::from(per_unit), Unit::Metre));
            }
            b"IDAT" | b"IEND" => return None, // pHYs must come before the image data
            _ => pos = pos.checked_add(12)?.checked_add(length)?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::samples;

    #[test]
    fn a_png_reads_as_one_page_with_its_phys_resolution() {
        // 11811 pixels per metre is 300 dpi (to 0.0006).
        let page = decode(&samples::png(48, 30, Some(11_811))).unwrap();
        assert_eq!((page.page, page.image.dimensions()), (1, (48, 30)));
        assert!((page.dpi - 300.0).abs() < 0.01 && !page.dpi_assumed, "{}", page.dpi);
        samples::assert_gradient(&page.image, 1);
    }

    #[test]
    fn a_png_without_phys_is_assumed_300_dpi() {
        let page = decode(&samples::png(8, 8, None)).unwrap();
        assert_eq!((page.dpi, page.dpi_assumed), (300.0, true));
    }

    #[test]
    fn a_grey_png_becomes_rgb() {
        let page = decode(&samples::grey_png(10, 10, 77)).unwrap();
        assert_eq!(page.image.get_pixel(5, 5).0, [77, 77, 77]);
    }
}
