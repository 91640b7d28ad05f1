//! Writes scanned pages as a scanner would: JPEG (with its dpi in the JFIF header), PNG (pHYs),
//! multi-page TIFF (Deflate, X/YResolution), and multi-page PDF (one JPEG image stream per page,
//! MediaBox A4, so the dpi follows from the image's pixels over the page's size).

use std::io::{BufWriter, Cursor, Write};
use std::path::Path;

use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::{ExtendedColorType, GrayImage, RgbImage};
use lopdf::{Document, Object, Stream, dictionary};

use crate::SampleError;
use crate::page::A4_MM;

/// A scanned page as it is stored: colour or greyscale.
#[derive(Debug, Clone)]
pub(crate) enum Stored {
    /// Colour.
    Rgb(RgbImage),
    /// Greyscale.
    Grey(GrayImage),
}

impl Stored {
    /// Keeps the colour page, or turns it grey (Rec. 601 luma, as scanners do).
    pub fn from_page(page: RgbImage, grey: bool) -> Self {
        if !grey {
            return Self::Rgb(page);
        }
        let (w, h) = page.dimensions();
        let luma: Vec<u8> = page
            .chunks_exact(3)
            .map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114 + 500) / 1000) as u8)
            .collect();
        // The buffer has exactly w*h bytes, so this cannot fail; an empty image if it ever did.
        Self::Grey(GrayImage::from_raw(w, h, luma).unwrap_or_default())
    }

    fn parts(&self) -> (u32, u32, &[u8], ExtendedColorType) {
        match self {
            Self::Rgb(i) => (i.width(), i.height(), i.as_raw(), ExtendedColorType::Rgb8),
            Self::Grey(i) => (i.width(), i.height(), i.as_raw(), ExtendedColorType::L8),
        }
    }
}

/// The page as JPEG bytes at `quality`, with the dpi in its header.
pub(crate) fn jpeg_bytes(page: &Stored, quality: u8, dpi: f64) -> Result<Vec<u8>, SampleError> {
    let (w, h, data, colour) = page.parts();
    let mut out = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut out, quality);
    enc.set_pixel_density(PixelDensity::dpi(dpi.round() as u16));
    enc.encode(data, w, h, colour)?;
    Ok(out)
}

fn create(path: &Path) -> Result<BufWriter<std::fs::File>, SampleError> {
    std::fs::File::create(path).map(BufWriter::new).map_err(|e| SampleError::io(path, e))
}

/// Writes one JPEG page.
pub(crate) fn write_jpeg(path: &Path, page: &Stored, quality: u8, dpi: f64) -> Result<(), SampleError> {
    let bytes = jpeg_bytes(page, quality, dpi)?;
    std::fs::write(path, bytes).map_err(|e| SampleError::io(path, e))
}

/// Writes one PNG page with its resolution (pHYs, pixels per metre).
pub(crate) fn write_png(path: &Path, page: &Stored, dpi: f64) -> Result<(), SampleError> {
    let (w, h, data, colour) = page.parts();
    let mut file = create(path)?;
    {
        let mut enc = png::Encoder::new(&mut file, w, h);
        enc.set_color(if colour == ExtendedColorType::L8 { png::ColorType::Grayscale } else { png::ColorType::Rgb });
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let ppm = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        let mut writer = enc.write_header()?;
        writer.write_image_data(data)?;
        writer.finish()?;
    }
    file.flush().map_err(|e| SampleError::io(path, e))
}

/// Writes a multi-page TIFF (one image directory per page, Deflate, resolution in inches).
pub(crate) fn write_tiff(path: &Path, pages: &[Stored], dpi: f64) -> Result<(), SampleError> {
    use tiff::encoder::{Compression, DeflateLevel, Rational, TiffEncoder, colortype};
    use tiff::tags::ResolutionUnit;
    let file = std::fs::File::create(path).map_err(|e| SampleError::io(path, e))?;
    let mut enc = TiffEncoder::new(BufWriter::new(file))?.with_compression(Compression::Deflate(DeflateLevel::Fast));
    let res = Rational { n: dpi.round() as u32, d: 1 };
    for page in pages {
        match page {
            Stored::Rgb(i) => {
                let mut img = enc.new_image::<colortype::RGB8>(i.width(), i.height())?;
                img.resolution(ResolutionUnit::Inch, res.clone());
                img.write_data(i.as_raw())?;
            }
            Stored::Grey(i) => {
                let mut img = enc.new_image::<colortype::Gray8>(i.width(), i.height())?;
                img.resolution(ResolutionUnit::Inch, res.clone());
                img.write_data(i.as_raw())?;
            }
        }
    }
    Ok(())
}

/// A4 in PDF points (1/72 inch).
fn a4_points() -> (f32, f32) {
    ((A4_MM.0 / 25.4 * 72.0) as f32, (A4_MM.1 / 25.4 * 72.0) as f32)
}

/// Writes a multi-page PDF: each page an A4 MediaBox filled by one JPEG image (DCTDecode).
pub(crate) fn write_pdf(path: &Path, pages: &[Stored], quality: u8, dpi: f64) -> Result<(), SampleError> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let (pw, ph) = a4_points();
    let mut kids: Vec<Object> = Vec::new();
    for page in pages {
        let (w, h, _, colour) = page.parts();
        let jpeg = jpeg_bytes(page, quality, dpi)?;
        let space = if colour == ExtendedColorType::L8 { "DeviceGray" } else { "DeviceRGB" };
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => w as i64,
                "Height" => h as i64,
                "ColorSpace" => space,
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            jpeg,
        )
        .with_compression(false);
        let image_id = doc.add_object(image);
        let content = format!("q {pw:.3} 0 0 {ph:.3} 0 0 cm /Im0 Do Q").into_bytes();
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(pw), Object::Real(ph)],
            "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Cursor::new(Vec::new());
    doc.save_to(&mut out).map_err(|e| SampleError::io(path, e))?;
    std::fs::write(path, out.into_inner()).map_err(|e| SampleError::io(path, e))
}
