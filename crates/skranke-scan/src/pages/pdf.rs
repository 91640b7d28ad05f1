//! PDF pages: a scanner's PDF carries each page as an image XObject, which is extracted with
//! `lopdf` (no rasteriser). DCTDecode images are JPEG bytes; FlateDecode (and the other lossless
//! filters lopdf decodes, predictors included) are raw DeviceGray or DeviceRGB samples of 1, 8 or
//! 16 bits. CCITT fax, JBIG2 and JPEG 2000 images are refused with
//! [`ScanError::UnsupportedPdfImage`].
//!
//! The page's image is its largest by pixel count (a scan has one; a text layer from OCR is not
//! an image). Its resolution is its pixel width over the width it is drawn at on the page (the
//! transformation in force where the content stream paints it), or over the MediaBox when the
//! content stream says nothing usable. The pixels are turned as a PDF viewer shows them: the
//! drawing's own rotation or mirroring and the page's `/Rotate`.

use std::borrow::Cow;

use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use super::density;
use super::expand::{self, bilevel_to_rgb};
use super::jpeg::{self, ExifOrientation};
use super::{MAX_FILE_BYTES, PixelBudget, ScannedPage};
use crate::ScanError;

/// The most an object or cross-reference stream may inflate to while the file loads (they hold
/// dictionaries, not pixels: a few kilobytes in a scan).
const MAX_OBJECT_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// The most a page's content stream may inflate to (a scan's is a few bytes; an OCR text layer
/// some hundred kilobytes).
const MAX_CONTENT_BYTES: usize = 16 * 1024 * 1024;

/// How far up the page tree an inherited attribute (MediaBox, Rotate) is looked for.
const MAX_TREE_DEPTH: usize = 64;

/// How deep `q` may nest in a content stream before further saves are ignored.
const MAX_GRAPHICS_STATE_DEPTH: usize = 256;

/// The filters that lopdf decodes to the image's samples.
const LOSSLESS_FILTERS: [&[u8]; 5] =
    [b"FlateDecode", b"LZWDecode", b"RunLengthDecode", b"ASCII85Decode", b"ASCIIHexDecode"];

/// A PDF transformation matrix `[a b c d e f]`: x' = a x + c y + e, y' = b x + d y + f.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Every page of a PDF, in page order. Every page's image is found and its size checked before
/// any pixel is decoded.
pub(super) fn decode(bytes: &[u8]) -> Result<Vec<ScannedPage>, ScanError> {
    let options = LoadOptions::with_max_decompressed_size(MAX_OBJECT_STREAM_BYTES);
    let document = Document::load_mem_with_options(bytes, options).map_err(pdf_error)?;
    let mut budget = PixelBudget::new();
    let mut found = Vec::new();
    for (number, page_id) in document.get_pages() {
        let image = page_image(&document, number, page_id)?;
        budget.take(image.width.into(), image.height.into())?;
        found.push((number, page_id, image));
    }
    found.into_iter().map(|(number, page_id, image)| decode_page(&document, number, page_id, &image)).collect()
}

/// The image XObject that is a page's scan.
struct PageImage<'a> {
    name: Vec<u8>,
    stream: &'a Stream,
    width: u32,
    height: u32,
}

/// The page's largest image XObject by pixel count, among the images in its resources.
fn page_image(document: &Document, number: u32, page_id: ObjectId) -> Result<PageImage<'_>, ScanError> {
    let (direct, referenced) = document.get_page_resources(page_id).map_err(pdf_error)?;
    let resources = direct.into_iter().chain(referenced.into_iter().filter_map(|id| document.get_dictionary(id).ok()));
    let mut best: Option<PageImage<'_>> = None;
    for resources in resources {
        let Some(xobjects) = resources
            .get(b"XObject")
            .ok()
            .and_then(|object| deref(document, object))
            .and_then(|object| object.as_dict().ok())
        else {
            continue;
        };
        for (name, object) in xobjects.iter() {
            let Some(stream) = deref(document, object).and_then(|object| object.as_stream().ok()) else {
                continue;
            };
            if name_of(document, &stream.dict, b"Subtype") != Some(b"Image".as_slice()) {
                continue;
            }
            let width = dimension(document, &stream.dict, b"Width", number)?;
            let height = dimension(document, &stream.dict, b"Height", number)?;
            let pixels = u64::from(width) * u64::from(height);
            if best.as_ref().is_none_or(|best| pixels > u64::from(best.width) * u64::from(best.height)) {
                best = Some(PageImage { name: name.clone(), stream, width, height });
            }
        }
    }
    best.ok_or_else(|| ScanError::Unsupported(format!("page {number} of the PDF holds no scanned image")))
}

/// A page's image decoded, turned as shown, with its resolution.
fn decode_page(
    document: &Document,
    number: u32,
    page_id: ObjectId,
    image: &PageImage<'_>,
) -> Result<ScannedPage, ScanError> {
    let page = document.get_dictionary(page_id).map_err(pdf_error)?;
    let placement = placement(document, page_id, &image.name);
    let media_box = inherited(document, page, b"MediaBox").and_then(|object| rectangle(document, object));
    let rotate = inherited(document, page, b"Rotate")
        .and_then(|object| object.as_i64().ok())
        .map_or(0, |degrees| degrees.rem_euclid(360));

    let stated = match placement {
        Some(matrix) => Some(f64::from(image.width) * 72.0 / matrix[0].hypot(matrix[1])),
        None => media_box.and_then(|size| dpi_over_media_box(image.width, image.height, size)),
    };
    let (dpi, dpi_assumed) = density::resolve(stated.filter(|dpi| dpi.is_finite()));

    let mut pixels = decode_image(document, image, number)?;
    pixels.apply_orientation(shown_orientation(placement.unwrap_or(IDENTITY), rotate));
    Ok(ScannedPage { page: number, image: expand::into_rgb(pixels), dpi, dpi_assumed })
}

/// The resolution when the image fills the MediaBox (its aspect ratio matches the box's, either
/// way round); none when it plainly does not.
fn dpi_over_media_box(width: u32, height: u32, (box_width, box_height): (f64, f64)) -> Option<f64> {
    let (width, height) = (f64::from(width), f64::from(height));
    let matches = |w: f64, h: f64| h > 0.0 && ((width / height) / (w / h) - 1.0).abs() < 0.03;
    if matches(box_width, box_height) {
        Some(width * 72.0 / box_width)
    } else if matches(box_height, box_width) {
        Some(width * 72.0 / box_height)
    } else {
        None
    }
}

/// The transformation in force where the page's content stream first paints the XObject `name`
/// (`q`, `Q` and `cm` followed; a Form XObject's inside is not entered). None when the stream
/// cannot be read or never paints it.
fn placement(document: &Document, page_id: ObjectId, name: &[u8]) -> Option<Matrix> {
    let content = document.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES).ok()?;
    let content = Content::decode(&content).ok()?;
    let mut matrix = IDENTITY;
    let mut saved = Vec::new();
    for operation in content.operations {
        match operation.operator.as_str() {
            "q" if saved.len() < MAX_GRAPHICS_STATE_DEPTH => saved.push(matrix),
            "Q" => matrix = saved.pop().unwrap_or(matrix),
            "cm" => {
                let numbers: Vec<f64> =
                    operation.operands.iter().filter_map(|operand| operand.as_float().ok().map(f64::from)).collect();
                if let [a, b, c, d, e, f] = numbers[..] {
                    matrix = multiply([a, b, c, d, e, f], matrix);
                }
            }
            "Do" if operation.operands.first().and_then(|operand| operand.as_name().ok()) == Some(name) => {
                return Some(matrix);
            }
            _ => {}
        }
    }
    None
}

/// `first` then `then`: the matrix product first x then (PDF's row-vector convention).
fn multiply(first: Matrix, then: Matrix) -> Matrix {
    let [a1, b1, c1, d1, e1, f1] = first;
    let [a2, b2, c2, d2, e2, f2] = then;
    [
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    ]
}

/// How the stored pixels are turned to appear as a viewer shows the page: where the image's
/// rows (rightwards) and columns (downwards) point once drawn with `matrix` and the page turned
/// clockwise by `rotate` degrees, snapped to the nearest axis.
fn shown_orientation(matrix: Matrix, rotate: i64) -> Orientation {
    let [a, b, c, d, _, _] = matrix;
    // In screen coordinates (y down): an image's row runs along (a, b) in the page's y-up space,
    // and its first row is at the top of the unit square, so its columns run along -(c, d).
    let mut right = (a, -b);
    let mut down = (-c, d);
    for _ in 0..(rotate / 90) {
        right = (-right.1, right.0); // a quarter turn clockwise on screen
        down = (-down.1, down.0);
    }
    let axis = |(x, y): (f64, f64)| -> (i8, i8) {
        if x.abs() >= y.abs() { (if x < 0.0 { -1 } else { 1 }, 0) } else { (0, if y < 0.0 { -1 } else { 1 }) }
    };
    match (axis(right), axis(down)) {
        ((-1, 0), (0, 1)) => Orientation::FlipHorizontal,
        ((-1, 0), (0, -1)) => Orientation::Rotate180,
        ((1, 0), (0, -1)) => Orientation::FlipVertical,
        ((0, 1), (-1, 0)) => Orientation::Rotate90,
        ((0, -1), (1, 0)) => Orientation::Rotate270,
        ((0, 1), (1, 0)) => Orientation::Rotate90FlipH,
        ((0, -1), (-1, 0)) => Orientation::Rotate270FlipH,
        _ => Orientation::NoTransforms,
    }
}

/// An image XObject's pixels as stored.
fn decode_image(document: &Document, image: &PageImage<'_>, page: u32) -> Result<DynamicImage, ScanError> {
    let dict = &image.stream.dict;
    if deref_get(document, dict, b"ImageMask").and_then(|object| object.as_bool().ok()) == Some(true) {
        return Err(ScanError::Unsupported(format!("page {page} of the PDF is a stencil mask, not a scan")));
    }
    let filters =
        filters(document, dict).ok_or_else(|| unreadable(page, "its /Filter is not a name or list of names"))?;
    let decoded = match filters.split_last() {
        Some((last, before)) if last == b"DCTDecode" => {
            let before = before.to_vec();
            if let Some(unsupported) = before.iter().find(|filter| !LOSSLESS_FILTERS.contains(&filter.as_slice())) {
                return Err(unsupported_encoding(page, unsupported));
            }
            let jpeg = unfilter(image.stream, &before, usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX))
                .map_err(|error| error_on_page(page, error))?;
            DynamicImage::ImageRgb8(jpeg::decode_rgb(&jpeg, ExifOrientation::Ignore)?)
        }
        _ => {
            if let Some(unsupported) = filters.iter().find(|filter| !LOSSLESS_FILTERS.contains(&filter.as_slice())) {
                return Err(unsupported_encoding(page, unsupported));
            }
            decode_samples(document, image, &filters, page)?
        }
    };
    if (decoded.width(), decoded.height()) != (image.width, image.height) {
        return Err(unreadable(page, "its pixels differ in size from its /Width and /Height"));
    }
    Ok(decoded)
}

/// Raw samples (after lossless filters) to an image: DeviceGray (1, 8 or 16 bits) or DeviceRGB
/// (8 or 16 bits), ICC-based and calibrated spaces taken by their number of components;
/// `/Decode [1 0]` inverts grey.
fn decode_samples(
    document: &Document,
    image: &PageImage<'_>,
    filters: &[Vec<u8>],
    page: u32,
) -> Result<DynamicImage, ScanError> {
    let dict = &image.stream.dict;
    let components = components(document, dict).ok_or_else(|| {
        ScanError::Unsupported(format!("page {page} of the PDF: an image colour space other than grey or RGB"))
    })?;
    let bits = deref_get(document, dict, b"BitsPerComponent").and_then(|object| object.as_i64().ok()).unwrap_or(8);
    if !matches!((components, bits), (1, 1 | 8 | 16) | (3, 8 | 16)) {
        return Err(ScanError::Unsupported(format!(
            "page {page} of the PDF: {bits}-bit images with {components} colour components"
        )));
    }
    let (width, height) = (image.width as usize, image.height as usize);
    let bits_per_row = width * components * usize::try_from(bits).unwrap_or(8);
    let row_bytes = bits_per_row.div_ceil(8);
    let expected = row_bytes * height;
    // Room for PNG predictors' one tag byte per row and some slack; a stream inflating past it
    // is a bomb or corrupt, and is stopped there.
    let limit = expected + height + 64 * 1024;
    let mut samples = unfilter(image.stream, filters, limit).map_err(|error| error_on_page(page, error))?.into_owned();
    if samples.len() < expected {
        return Err(unreadable(page, "its pixel data is shorter than its size"));
    }
    samples.truncate(expected);
    let inverted = components == 1
        && deref_get(document, dict, b"Decode")
            .and_then(|object| object.as_array().ok())
            .and_then(|decode| decode.first()?.as_float().ok())
            .is_some_and(|first| first > 0.5);
    if bits == 16 {
        // The high byte of each big-endian sample.
        samples = samples.iter().step_by(2).copied().collect();
    }
    if inverted {
        samples.iter_mut().for_each(|sample| *sample = !*sample);
    }
    let mismatch = || unreadable(page, "its pixel data does not match its size");
    let (w, h) = (image.width, image.height);
    Ok(match (components, bits) {
        (1, 1) => DynamicImage::ImageRgb8(bilevel_to_rgb(w, h, &samples).ok_or_else(mismatch)?),
        (1, _) => DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, samples).ok_or_else(mismatch)?),
        _ => DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, samples).ok_or_else(mismatch)?),
    })
}

/// The stream's bytes after `filters` (a leading part of its own), at most `limit` bytes per
/// filter. Unfiltered bytes are borrowed.
fn unfilter<'a>(stream: &'a Stream, filters: &[Vec<u8>], limit: usize) -> Result<Cow<'a, [u8]>, lopdf::Error> {
    if filters.is_empty() {
        return Ok(Cow::Borrowed(&stream.content));
    }
    let own_filters = stream.filters().map(|own| own.len()).unwrap_or(0);
    if own_filters == filters.len() {
        return stream.decompressed_content_with_limit(limit).map(Cow::Owned);
    }
    // Only the filters before DCTDecode: a copy of the stream naming just those.
    let mut dict = stream.dict.clone();
    dict.set("Filter", Object::Array(filters.iter().map(|name| Object::Name(name.clone())).collect()));
    if let Ok(Object::Array(parameters)) = stream.dict.get(b"DecodeParms") {
        dict.set("DecodeParms", Object::Array(parameters.iter().take(filters.len()).cloned().collect()));
    }
    Stream::new(dict, stream.content.clone()).decompressed_content_with_limit(limit).map(Cow::Owned)
}

/// The stream's filter names in decoding order (none when it has no /Filter); None when /Filter
/// is malformed.
fn filters(document: &Document, dict: &Dictionary) -> Option<Vec<Vec<u8>>> {
    match deref_get(document, dict, b"Filter") {
        None => Some(Vec::new()),
        Some(Object::Name(name)) => Some(vec![name.clone()]),
        Some(Object::Array(names)) => {
            names.iter().map(|name| deref(document, name)?.as_name().ok().map(<[u8]>::to_vec)).collect()
        }
        Some(_) => None,
    }
}

/// The number of colour components of an image's colour space, when it is grey or RGB.
fn components(document: &Document, dict: &Dictionary) -> Option<usize> {
    match deref_get(document, dict, b"ColorSpace")? {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(1),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(3),
            _ => None,
        },
        Object::Array(array) => match array.first().and_then(|kind| kind.as_name().ok())? {
            b"CalGray" => Some(1),
            b"CalRGB" => Some(3),
            b"ICCBased" => {
                let profile = deref(document, array.get(1)?)?.as_stream().ok()?;
                match deref_get(document, &profile.dict, b"N")?.as_i64().ok()? {
                    1 => Some(1),
                    3 => Some(3),
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    }
}

/// A page attribute from the page or the nearest ancestor in the page tree that has it.
fn inherited<'a>(document: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(value) = deref_get(document, node, key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = document.get_dictionary(parent).ok()?;
    }
    None
}

/// A rectangle `[x0 y0 x1 y1]`'s width and height in points.
fn rectangle(document: &Document, object: &Object) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = object
        .as_array()
        .ok()?
        .iter()
        .map(|number| deref(document, number)?.as_float().ok().map(f64::from))
        .collect::<Option<_>>()?;
    match numbers[..] {
        [x0, y0, x1, y1] => Some(((x1 - x0).abs(), (y1 - y0).abs())),
        _ => None,
    }
}

/// An image's /Width or /Height: a positive integer that fits the page limits' type.
fn dimension(document: &Document, dict: &Dictionary, key: &[u8], page: u32) -> Result<u32, ScanError> {
    deref_get(document, dict, key)
        .and_then(|object| object.as_i64().ok())
        .and_then(|value| u32::try_from(value).ok())
        .filter(|value| *value > 0)
        .ok_or_else(|| unreadable(page, "an image has no valid /Width or /Height"))
}

fn name_of<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    deref_get(document, dict, key)?.as_name().ok()
}

fn deref_get<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(document, dict.get(key).ok()?)
}

fn deref<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    document.dereference(object).ok().map(|(_, object)| object)
}

fn unsupported_encoding(page: u32, filter: &[u8]) -> ScanError {
    ScanError::UnsupportedPdfImage {
        page,
        encoding: String::from_utf8_lossy(&filter[..filter.len().min(40)]).into_owned(),
    }
}

fn unreadable(page: u32, what: &str) -> ScanError {
    ScanError::Unreadable(format!("page {page} of the PDF: {what}"))
}

fn error_on_page(page: u32, error: lopdf::Error) -> ScanError {
    match pdf_error(error) {
        ScanError::Unreadable(reason) => ScanError::Unreadable(format!("page {page}: {reason}")),
        other => other,
    }
}

/// A lopdf error as a scan error: a password is unsupported, an inflation bomb too large, the
/// rest unreadable.
fn pdf_error(error: lopdf::Error) -> ScanError {
    match error {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            ScanError::Unsupported("a password-protected PDF".into())
        }
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            ScanError::TooLarge(format!("PDF: {error}"))
        }
        _ => ScanError::Unreadable(format!("PDF: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::samples::{self, PdfPage};

    #[test]
    fn a_two_page_scan_pdf_gives_each_image_with_its_resolution() {
        let pages = decode(&samples::two_page_pdf()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].page, pages[0].image.dimensions()), (1, (60, 40)));
        assert!((pages[0].dpi - 300.0).abs() < 0.1 && !pages[0].dpi_assumed, "{}", pages[0].dpi);
        samples::assert_gradient(&pages[0].image, 12);
        assert_eq!((pages[1].page, pages[1].image.dimensions()), (2, (30, 20)));
        assert!((pages[1].dpi - 600.0).abs() < 0.1 && !pages[1].dpi_assumed, "{}", pages[1].dpi);
        assert_eq!(pages[1].image.get_pixel(7, 11).0, [56, 56, 56]);
    }

    #[test]
    fn without_a_content_stream_the_media_box_gives_the_resolution() {
        let mut page = PdfPage::filled(samples::dct_image(60, 40), 14.4, 9.6);
        page.content = None;
        let pages = decode(&samples::pdf(vec![page])).unwrap();
        assert!((pages[0].dpi - 300.0).abs() < 0.1 && !pages[0].dpi_assumed, "{}", pages[0].dpi);
    }

    #[test]
    fn an_image_not_filling_an_unpainted_page_has_an_assumed_resolution() {
        let mut page = PdfPage::filled(samples::dct_image(60, 40), 100.0, 100.0);
        page.content = None;
        let pages = decode(&samples::pdf(vec![page])).unwrap();
        assert_eq!((pages[0].dpi, pages[0].dpi_assumed), (300.0, true));
    }

    #[test]
    fn a_rotated_page_is_turned_as_a_viewer_shows_it() {
        let mut page = PdfPage::filled(samples::dct_image(60, 40), 14.4, 9.6);
        page.rotate = Some(90);
        let pages = decode(&samples::pdf(vec![page])).unwrap();
        let image = &pages[0].image;
        assert_eq!(image.dimensions(), (40, 60));
        assert!((pages[0].dpi - 300.0).abs() < 0.1, "{}", pages[0].dpi);
        // Turned clockwise: the stored top-left (dark) is now top-right, the stored bottom-left
        // (green) top-left.
        assert!(image.get_pixel(39, 0)[1] < 40, "{:?}", image.get_pixel(39, 0));
        assert!(image.get_pixel(0, 0)[1] > 215, "{:?}", image.get_pixel(0, 0));
    }

    #[test]
    fn an_image_drawn_turned_is_turned_and_its_resolution_kept() {
        // Rows drawn downwards and columns leftwards: a quarter turn clockwise.
        let mut page = PdfPage::filled(samples::dct_image(60, 40), 9.6, 14.4);
        page.content = Some("q 0 -14.4 9.6 0 0 14.4 cm /Im0 Do Q".into());
        let pages = decode(&samples::pdf(vec![page])).unwrap();
        let image = &pages[0].image;
        assert_eq!(image.dimensions(), (40, 60));
        assert!((pages[0].dpi - 300.0).abs() < 0.1, "{}", pages[0].dpi);
        assert!(image.get_pixel(39, 0)[1] < 40, "{:?}", image.get_pixel(39, 0));
        assert!(image.get_pixel(0, 0)[1] > 215, "{:?}", image.get_pixel(0, 0));
    }

    #[test]
    fn every_axis_aligned_turn_and_mirror_is_told_apart() {
        let cases = [
            ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0, Orientation::NoTransforms),
            ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 90, Orientation::Rotate90),
            ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 180, Orientation::Rotate180),
            ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 270, Orientation::Rotate270),
            ([-1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0, Orientation::FlipHorizontal),
            ([1.0, 0.0, 0.0, -1.0, 0.0, 0.0], 0, Orientation::FlipVertical),
            ([0.0, -1.0, 1.0, 0.0, 0.0, 0.0], 0, Orientation::Rotate90),
            ([0.0, 1.0, -1.0, 0.0, 0.0, 0.0], 0, Orientation::Rotate270),
            ([0.0, -1.0, -1.0, 0.0, 0.0, 0.0], 0, Orientation::Rotate90FlipH),
            ([0.0, 1.0, 1.0, 0.0, 0.0, 0.0], 0, Orientation::Rotate270FlipH),
            ([0.0, -1.0, 1.0, 0.0, 0.0, 0.0], 270, Orientation::NoTransforms),
        ];
        for (matrix, rotate, expected) in cases {
            assert_eq!(shown_orientation(matrix, rotate), expected, "{matrix:?} /Rotate {rotate}");
        }
    }

    #[test]
    fn predicted_flate_rgb_and_inverted_bilevel_images_decode() {
        let pages = decode(&samples::pdf(vec![
            PdfPage::filled(samples::flate_rgb_predicted_image(20, 10), 4.8, 2.4),
            PdfPage::filled(samples::bilevel_image_decode_inverted(11, 5), 11.0, 5.0),
        ]))
        .unwrap();
        samples::assert_gradient(&pages[0].image, 0);
        assert!((pages[0].dpi - 300.0).abs() < 0.1);
        for (x, y, pixel) in pages[1].image.enumerate_pixels() {
            assert_eq!(pixel.0, if x == y { [0; 3] } else { [255; 3] }, "({x}, {y})");
        }
        assert_eq!(pages[1].dpi, 72.0);
    }

    #[test]
    fn a_fax_encoded_page_is_refused_by_name() {
        let bytes = samples::pdf(vec![
            PdfPage::filled(samples::flate_grey_image(30, 20), 3.6, 2.4),
            PdfPage::filled(samples::ccitt_image(30, 20), 3.6, 2.4),
        ]);
        let error = decode(&bytes).unwrap_err();
        assert_eq!(error.code(), "scan_unsupported");
        assert_eq!(error.to_string(), "unsupported PDF image encoding CCITTFaxDecode on page 2");
    }

    #[test]
    fn a_page_without_an_image_is_unsupported_and_a_file_without_pages_empty() {
        let mut page = PdfPage::filled(samples::flate_grey_image(30, 20), 3.6, 2.4);
        page.image.dict.set("Subtype", "Form");
        let error = decode(&samples::pdf(vec![page])).unwrap_err();
        assert_eq!(error.code(), "scan_unsupported", "{error}");
        assert!(decode(&samples::pdf(vec![])).unwrap().is_empty());
    }

    #[test]
    fn oversized_images_are_refused_before_decoding() {
        // One 20000-pixel-wide page.
        let mut wide = samples::flate_grey_image(30, 20);
        wide.dict.set("Width", 20_000);
        let error = decode(&samples::pdf(vec![PdfPage::filled(wide, 3.6, 2.4)])).unwrap_err();
        assert_eq!(error.code(), "scan_too_large", "{error}");
        // Seven pages of 100 million pixels each, all the same few bytes: over the total.
        let pages = (0..7)
            .map(|_| {
                let mut huge = samples::flate_grey_image(30, 20);
                huge.dict.set("Width", 10_000);
                huge.dict.set("Height", 10_000);
                PdfPage::filled(huge, 3.6, 2.4)
            })
            .collect();
        let error = decode(&samples::pdf(pages)).unwrap_err();
        assert_eq!(error.code(), "scan_too_large", "{error}");
    }

    #[test]
    fn image_data_that_does_not_match_its_size_is_unreadable() {
        let mut short = samples::flate_grey_image(30, 20);
        short.dict.set("Height", 40);
        let error = decode(&samples::pdf(vec![PdfPage::filled(short, 3.6, 4.8)])).unwrap_err();
        assert_eq!(error.code(), "scan_unreadable", "{error}");
        let mut lying = samples::dct_image(60, 40);
        lying.dict.set("Width", 30);
        let error = decode(&samples::pdf(vec![PdfPage::filled(lying, 7.2, 9.6)])).unwrap_err();
        assert_eq!(error.code(), "scan_unreadable", "{error}");
    }
}
