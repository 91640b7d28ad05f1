//! Test files in each format, built in memory: a colour gradient whose corners tell orientation
//! apart, encoded the way a scanner would write it.

use std::io::Cursor;

use image::codecs::jpeg::{JpegEncoder, PixelDensity, PixelDensityUnit};
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use tiff::encoder::{Compression, Rational, TiffEncoder, colortype};
use tiff::tags::{ResolutionUnit, Tag};

/// Red grows to the right, green downwards, blue is 100: the stored top-left is (0, 0, 100),
/// top-right (255, 0, 100), bottom-left (0, 255, 100).
pub(crate) fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / (width - 1).max(1)) as u8, (y * 255 / (height - 1).max(1)) as u8, 100])
    })
}

/// The image is [`gradient`] to within `tolerance` at its corners and centre.
pub(crate) fn assert_gradient(image: &RgbImage, tolerance: u8) {
    let expected = gradient(image.width(), image.height());
    let (w, h) = (image.width() - 1, image.height() - 1);
    for (x, y) in [(0, 0), (w, 0), (0, h), (w, h), (w / 2, h / 2)] {
        let (got, want) = (image.get_pixel(x, y).0, expected.get_pixel(x, y).0);
        for channel in 0..3 {
            assert!(got[channel].abs_diff(want[channel]) <= tolerance, "({x}, {y}): {got:?}, expected {want:?}");
        }
    }
}

/// A colour JPEG of the gradient; `density` is JFIF (unit 1 inch / 2 cm, value), None for
/// image's default (units 0: an aspect ratio only).
pub(crate) fn jpeg(width: u32, height: u32, density: Option<(u8, u16)>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 95);
    if let Some((unit, value)) = density {
        encoder.set_pixel_density(PixelDensity {
            density: (value, value),
            unit: if unit == 1 { PixelDensityUnit::Inches } else { PixelDensityUnit::Centimeters },
        });
    }
    encoder.write_image(gradient(width, height).as_raw(), width, height, ExtendedColorType::Rgb8).unwrap();
    bytes
}

/// [`jpeg`] without a JFIF density, with an EXIF block (APP1) holding Orientation,
/// XResolution and ResolutionUnit.
pub(crate) fn jpeg_with_exif(width: u32, height: u32, orientation: u16, resolution: (u32, u32), unit: u16) -> Vec<u8> {
    // Little-endian TIFF structure: header, one directory of three entries, the rational.
    let mut exif = b"Exif\0\0II*\0".to_vec();
    exif.extend(8u32.to_le_bytes());
    exif.extend(3u16.to_le_bytes());
    let rational_at = 8 + 2 + 3 * 12 + 4;
    for (tag, kind, count, value) in
        [(0x0112u16, 3u16, 1u32, u32::from(orientation)), (0x011A, 5, 1, rational_at), (0x0128, 3, 1, u32::from(unit))]
    {
        exif.extend(tag.to_le_bytes());
        exif.extend(kind.to_le_bytes());
        exif.extend(count.to_le_bytes());
        exif.extend(value.to_le_bytes());
    }
    exif.extend(0u32.to_le_bytes());
    exif.extend(resolution.0.to_le_bytes());
    exif.extend(resolution.1.to_le_bytes());
    let plain = jpeg(width, height, None);
    let mut bytes = plain[..2].to_vec();
    bytes.extend([0xFF, 0xE1]);
    bytes.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    bytes.extend(exif);
    bytes.extend(&plain[2..]);
    bytes
}

/// A small JPEG whose frame header (SOF0) claims `width` x `height`.
pub(crate) fn jpeg_header_only(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = jpeg(16, 16, None);
    let sof = bytes.windows(2).position(|marker| marker == [0xFF, 0xC0]).unwrap();
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

/// A colour PNG of the gradient, with a pHYs chunk of `pixels_per_metre` when given.
pub(crate) fn png(width: u32, height: u32, pixels_per_metre: Option<u32>) -> Vec<u8> {
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(gradient(width, height).as_raw(), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    match pixels_per_metre {
        Some(ppm) => {
            let mut data = ppm.to_be_bytes().to_vec();
            data.extend(ppm.to_be_bytes());
            data.push(1);
            with_png_chunk(&bytes, *b"pHYs", &data)
        }
        None => bytes,
    }
}

/// An 8-bit grey PNG of one value.
pub(crate) fn grey_png(width: u32, height: u32, value: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    let pixels = vec![value; (width * height) as usize];
    PngEncoder::new(&mut bytes).write_image(&pixels, width, height, ExtendedColorType::L8).unwrap();
    bytes
}

/// `png` with a chunk inserted right after IHDR (which is 8 + 25 bytes in).
fn with_png_chunk(png: &[u8], kind: [u8; 4], data: &[u8]) -> Vec<u8> {
    let mut bytes = png[..33].to_vec();
    bytes.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
    let mut checked = kind.to_vec();
    checked.extend(data);
    bytes.extend(&checked);
    bytes.extend(crc32(&checked).to_be_bytes());
    bytes.extend(&png[33..]);
    bytes
}

/// CRC-32 (ISO 3309, as PNG uses), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Two LZW-compressed pages: the 40 x 30 RGB gradient at 300 dpi, then a 24 x 16 grey page
/// (value 10 x column) at 236.22 pixels per centimetre (600 dpi).
pub(crate) fn two_page_tiff() -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut bytes).unwrap().with_compression(Compression::Lzw);
    let mut first = encoder.new_image::<colortype::RGB8>(40, 30).unwrap();
    first.resolution(ResolutionUnit::Inch, Rational { n: 300, d: 1 });
    first.write_data(gradient(40, 30).as_raw()).unwrap();
    let mut second = encoder.new_image::<colortype::Gray8>(24, 16).unwrap();
    second.resolution(ResolutionUnit::Centimeter, Rational { n: 23_622, d: 100 });
    let grey: Vec<u8> = (0..16).flat_map(|_| (0..24).map(|x| x * 10)).collect();
    second.write_data(&grey).unwrap();
    bytes.into_inner()
}

/// One RGB page with the encoder's default resolution (1 per no unit).
pub(crate) fn tiff_without_resolution() -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut bytes).unwrap();
    encoder.write_image::<colortype::RGB8>(8, 8, gradient(8, 8).as_raw()).unwrap();
    bytes.into_inner()
}

/// The 40 x 30 gradient page followed by a 10 x 8 reduced-resolution image (NewSubfileType 1).
pub(crate) fn tiff_with_thumbnail() -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut bytes).unwrap();
    encoder.write_image::<colortype::RGB8>(40, 30, gradient(40, 30).as_raw()).unwrap();
    let mut thumbnail = encoder.new_image::<colortype::RGB8>(10, 8).unwrap();
    thumbnail.encoder().write_tag(Tag::NewSubfileType, 1u32).unwrap();
    thumbnail.write_data(gradient(10, 8).as_raw()).unwrap();
    bytes.into_inner()
}

/// An uncompressed 1-bit TIFF at 200 dpi, written by hand (the tiff crate encodes no bilevel):
/// black on the diagonal x == y and in the last column, white elsewhere.
pub(crate) fn bilevel_tiff(width: u16, height: u16, white_is_zero: bool) -> Vec<u8> {
    let stride = usize::from(width).div_ceil(8);
    let mut pixels = vec![0u8; stride * usize::from(height)];
    for y in 0..usize::from(height) {
        for x in 0..usize::from(width) {
            let black = x == y || x == usize::from(width) - 1;
            if black == white_is_zero {
                pixels[y * stride + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let entries: [(u16, u16, u32); 12] = [
        (256, 3, u32::from(width)),
        (257, 3, u32::from(height)),
        (258, 3, 1),                         // BitsPerSample
        (259, 3, 1),                         // no compression
        (262, 3, u32::from(!white_is_zero)), // PhotometricInterpretation
        (273, 4, 174),                       // StripOffsets
        (277, 3, 1),                         // SamplesPerPixel
        (278, 3, u32::from(height)),         // RowsPerStrip
        (279, 4, pixels.len() as u32),       // StripByteCounts
        (282, 5, 158),                       // XResolution, at 158
        (283, 5, 166),                       // YResolution, at 166
        (296, 3, 2),                         // inches
    ];
    let mut bytes = b"II*\0".to_vec();
    bytes.extend(8u32.to_le_bytes());
    bytes.extend(12u16.to_le_bytes());
    for (tag, kind, value) in entries {
        bytes.extend(tag.to_le_bytes());
        bytes.extend(kind.to_le_bytes());
        bytes.extend(1u32.to_le_bytes());
        if kind == 3 {
            bytes.extend(u16::try_from(value).unwrap().to_le_bytes());
            bytes.extend([0, 0]);
        } else {
            bytes.extend(value.to_le_bytes());
        }
    }
    bytes.extend(0u32.to_le_bytes());
    assert_eq!(bytes.len(), 158);
    for _ in 0..2 {
        bytes.extend(200u32.to_le_bytes());
        bytes.extend(1u32.to_le_bytes());
    }
    bytes.extend(pixels);
    bytes
}

/// A JPEG-compressed (new style, compression 7) YCbCr TIFF of the gradient written by hand:
/// one strip holding a whole JPEG, as scanners write it.
pub(crate) fn jpeg_in_tiff(width: u16, height: u16) -> Vec<u8> {
    let jpeg = jpeg(width.into(), height.into(), None);
    let entries: [(u16, u16, u32, u32); 10] = [
        (256, 3, 1, u32::from(width)),
        (257, 3, 1, u32::from(height)),
        (258, 3, 3, 134), // BitsPerSample 8, 8, 8 at 134
        (259, 3, 1, 7),   // JPEG
        (262, 3, 1, 6),   // YCbCr
        (273, 4, 1, 140), // StripOffsets
        (277, 3, 1, 3),
        (278, 3, 1, u32::from(height)),
        (279, 4, 1, jpeg.len() as u32),
        (284, 3, 1, 1), // chunky
    ];
    let mut bytes = b"II*\0".to_vec();
    bytes.extend(8u32.to_le_bytes());
    bytes.extend(10u16.to_le_bytes());
    for (tag, kind, count, value) in entries {
        bytes.extend(tag.to_le_bytes());
        bytes.extend(kind.to_le_bytes());
        bytes.extend(count.to_le_bytes());
        if kind == 3 && count == 1 {
            bytes.extend(u16::try_from(value).unwrap().to_le_bytes());
            bytes.extend([0, 0]);
        } else {
            bytes.extend(value.to_le_bytes());
        }
    }
    bytes.extend(0u32.to_le_bytes());
    assert_eq!(bytes.len(), 134);
    for _ in 0..3 {
        bytes.extend(8u16.to_le_bytes());
    }
    assert_eq!(bytes.len(), 140);
    bytes.extend(jpeg);
    bytes
}

/// One page of a test PDF: its image XObject (named /Im0), MediaBox, content stream (None: the
/// page has no /Contents) and /Rotate.
pub(crate) struct PdfPage {
    pub image: Stream,
    pub media_box: [f32; 4],
    pub content: Option<String>,
    pub rotate: Option<i64>,
}

impl PdfPage {
    /// A page whose content stream draws the image over the whole MediaBox `width` x `height`
    /// points.
    pub(crate) fn filled(image: Stream, width: f32, height: f32) -> Self {
        Self {
            image,
            media_box: [0.0, 0.0, width, height],
            content: Some(format!("q {width} 0 0 {height} 0 0 cm /Im0 Do Q")),
            rotate: None,
        }
    }
}

/// A PDF of `pages`, written with lopdf.
pub(crate) fn pdf(pages: Vec<PdfPage>) -> Vec<u8> {
    let mut document = Document::with_version("1.5");
    let pages_id = document.new_object_id();
    let mut kids = Vec::new();
    for page in pages {
        let image_id = document.add_object(page.image);
        let mut dict = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => page.media_box.iter().map(|n| Object::Real(*n)).collect::<Vec<_>>(),
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        };
        if let Some(content) = page.content {
            let content_id = document.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
            dict.set("Contents", content_id);
        }
        if let Some(rotate) = page.rotate {
            dict.set("Rotate", rotate);
        }
        kids.push(Object::Reference(document.add_object(dict)));
    }
    let count = i64::try_from(kids.len()).unwrap();
    document
        .objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog_id = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    document.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    bytes
}

/// An image XObject dictionary of `width` x `height`.
fn image_dict(width: u32, height: u32, colour_space: &str, bits: i64) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(width),
        "Height" => i64::from(height),
        "ColorSpace" => colour_space,
        "BitsPerComponent" => bits,
    }
}

/// The gradient as a DCTDecode (JPEG) image.
pub(crate) fn dct_image(width: u32, height: u32) -> Stream {
    let mut dict = image_dict(width, height, "DeviceRGB", 8);
    dict.set("Filter", "DCTDecode");
    Stream::new(dict, jpeg(width, height, None))
}

/// An 8-bit DeviceGray FlateDecode image, value 8 x column.
pub(crate) fn flate_grey_image(width: u32, height: u32) -> Stream {
    let pixels: Vec<u8> = (0..height).flat_map(|_| (0..width).map(|x| (x * 8) as u8)).collect();
    let mut stream = Stream::new(image_dict(width, height, "DeviceGray", 8), pixels);
    stream.compress().unwrap();
    assert!(stream.dict.has(b"Filter"), "the sample compresses");
    stream
}

/// The gradient as 8-bit DeviceRGB, each row PNG-"Up"-filtered, FlateDecode with
/// `/DecodeParms << /Predictor 12 >>` (what many scanners write for lossless colour).
pub(crate) fn flate_rgb_predicted_image(width: u32, height: u32) -> Stream {
    let image = gradient(width, height);
    let row = (width * 3) as usize;
    let mut filtered = Vec::new();
    for y in 0..height as usize {
        filtered.push(2); // Up: each byte minus the one above
        for i in 0..row {
            let above = if y == 0 { 0 } else { image.as_raw()[(y - 1) * row + i] };
            filtered.push(image.as_raw()[y * row + i].wrapping_sub(above));
        }
    }
    let mut stream = Stream::new(image_dict(width, height, "DeviceRGB", 8), filtered);
    stream.compress().unwrap();
    stream.dict.set(
        "DecodeParms",
        dictionary! { "Predictor" => 12, "Colors" => 3, "BitsPerComponent" => 8, "Columns" => i64::from(width) },
    );
    stream
}

/// A 1-bit DeviceGray image, unfiltered, with `/Decode [1 0]` (1 is black): black on the
/// diagonal x == y, white elsewhere.
pub(crate) fn bilevel_image_decode_inverted(width: u32, height: u32) -> Stream {
    let stride = (width as usize).div_ceil(8);
    let mut bits = vec![0u8; stride * height as usize];
    for y in 0..(height.min(width)) as usize {
        bits[y * stride + y / 8] |= 0x80 >> (y % 8);
    }
    let mut dict = image_dict(width, height, "DeviceGray", 1);
    dict.set("Decode", vec![Object::Integer(1), Object::Integer(0)]);
    Stream::new(dict, bits)
}

/// A stream claiming to be a CCITT fax image (the bytes are not one; it is refused by name).
pub(crate) fn ccitt_image(width: u32, height: u32) -> Stream {
    let mut dict = image_dict(width, height, "DeviceGray", 1);
    dict.set("Filter", "CCITTFaxDecode");
    Stream::new(dict, vec![0; 16])
}

/// Page 1: the 60 x 40 gradient as JPEG drawn over 14.4 x 9.6 pt (300 dpi); page 2: a 30 x 20
/// grey FlateDecode image over 3.6 x 2.4 pt (600 dpi).
pub(crate) fn two_page_pdf() -> Vec<u8> {
    pdf(vec![PdfPage::filled(dct_image(60, 40), 14.4, 9.6), PdfPage::filled(flate_grey_image(30, 20), 3.6, 2.4)])
}
