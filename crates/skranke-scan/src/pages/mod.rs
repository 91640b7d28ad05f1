//! A scanner's file read into pages: JPEG, PNG, multi-page TIFF and scanned PDF, recognised by
//! their first bytes (never by the file name), each page decoded to RGB with the resolution the
//! file gives for it.
//!
//! Everything here reads files from outside (a clerk's choice, a watched folder a multifunction
//! printer writes to), so sizes are checked before any pixel is decoded and a corrupt file is an
//! error, never a panic.

mod density;
mod expand;
mod jpeg;
mod pdf;
mod png;
mod tiff;

#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;

use image::RgbImage;

use crate::ScanError;

/// The widest or tallest page accepted, in pixels: an A4 page at 1200 dpi is 9921 x 14031, so a
/// stamkort scan (A6 to A4 at 200-600 dpi) stays far below; 12000 x 12000 RGB is 432 MB.
pub const MAX_PAGE_SIDE_PX: u32 = 12_000;

/// The largest file accepted, in bytes (200 MiB): a 50-page colour PDF at 300 dpi is about
/// 50 MB.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// The most pixels a file's pages may hold together (600 million: 70 A4 pages or 280 A6 cards
/// at 300 dpi, 1.8 GB as RGB), so a small file whose pages all point at the same large image
/// cannot exhaust memory. A larger batch is split before scanning.
pub const MAX_TOTAL_PIXELS: u64 = 600_000_000;

/// The resolution taken when a file says nothing usable about its own: the usual scanner
/// default. [`ScannedPage::dpi_assumed`] says so, and the checks can treat it as uncertain.
pub const ASSUMED_DPI: f64 = 300.0;

/// One page of a scanner's file, decoded. Its `Debug` shows the size, not the pixels (a
/// citizen's portrait has no place in a log).
#[derive(Clone)]
pub struct ScannedPage {
    /// The page's position in the file, 1-based (the PDF's page number; for TIFF the n-th full
    /// image, thumbnails skipped).
    pub page: u32,
    /// The page's pixels as the file means them to be seen: EXIF orientation (JPEG) and the
    /// page's `/Rotate` (PDF) applied.
    pub image: RgbImage,
    /// Pixels per inch along the image's rows, as the file states it (JFIF/EXIF, PNG pHYs, TIFF
    /// XResolution, PDF image size over its size on the page); [`ASSUMED_DPI`] when it states
    /// none. Not judged here: an odd value goes to the checks.
    pub dpi: f64,
    /// True when the file gave no usable resolution and [`ASSUMED_DPI`] was taken.
    pub dpi_assumed: bool,
}

impl std::fmt::Debug for ScannedPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannedPage")
            .field("page", &self.page)
            .field("size", &self.image.dimensions())
            .field("dpi", &self.dpi)
            .field("dpi_assumed", &self.dpi_assumed)
            .finish()
    }
}

/// The file formats read, told apart by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    Tiff,
    Pdf,
}

/// Reads a scanner's file into its pages (see [`decode_pages`]); refuses a file over
/// [`MAX_FILE_BYTES`] before reading it.
pub fn read_pages(path: &Path) -> Result<Vec<ScannedPage>, ScanError> {
    let file = std::fs::File::open(path).map_err(io_error)?;
    let length = file.metadata().map_err(io_error)?.len();
    check_file_size(length)?;
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    // `take` bounds the read even when the file grows while it is read (a printer still writing).
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    let hint = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    decode_pages(&bytes, &hint)
}

/// Decodes a scanner's file, held in memory, into its pages in file order.
///
/// The format comes from the bytes; `name_hint` (the file's name) only words the error for a
/// file that is none of JPEG, PNG, TIFF and PDF, and only its extension is used (a name may hold
/// a CPR number; errors end up in logs).
///
/// Errors: [`ScanError::TooLarge`] (file or page over the limits), [`ScanError::Unreadable`]
/// (corrupt), [`ScanError::Unsupported`] / [`ScanError::UnsupportedPdfImage`] (a format or
/// encoding not read), [`ScanError::Empty`] (no page).
pub fn decode_pages(bytes: &[u8], name_hint: &str) -> Result<Vec<ScannedPage>, ScanError> {
    check_file_size(u64::try_from(bytes.len()).unwrap_or(u64::MAX))?;
    let format = sniff(bytes).ok_or_else(|| unknown_format(name_hint))?;
    // The decoders are third-party parsers fed untrusted bytes; should one of them panic on a
    // malformed file despite its checks, the clerk gets "unreadable" and the app keeps running.
    let pages = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
        Format::Jpeg => jpeg::decode(bytes).map(|page| vec![page]),
        Format::Png => png::decode(bytes).map(|page| vec![page]),
        Format::Tiff => tiff::decode(bytes),
        Format::Pdf => pdf::decode(bytes),
    }))
    .map_err(|_| ScanError::Unreadable(format!("the {format:?} decoder failed on this file")))??;
    if pages.is_empty() {
        return Err(ScanError::Empty);
    }
    Ok(pages)
}

/// The format by magic bytes. PDF allows bytes before its header (ISO 32000-1, 7.5.2 note), so
/// `%PDF-` is looked for in the first kilobyte.
fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if [b"II*\0", b"MM\0*", b"II+\0", b"MM\0+"].iter().any(|magic| bytes.starts_with(*magic)) {
        Some(Format::Tiff)
    } else if bytes[..bytes.len().min(1024)].windows(5).any(|window| window == b"%PDF-") {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// The error for an unknown format, naming the extension when it is a plain short one.
fn unknown_format(name_hint: &str) -> ScanError {
    let extension = Path::new(name_hint)
        .extension()
        .and_then(|extension| extension.to_str())
        .filter(|extension| extension.len() <= 5 && extension.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|extension| format!(" (.{})", extension.to_ascii_lowercase()))
        .unwrap_or_default();
    ScanError::Unsupported(format!("not a JPEG, PNG, TIFF or PDF file{extension}"))
}

fn check_file_size(length: u64) -> Result<(), ScanError> {
    if length > MAX_FILE_BYTES {
        return Err(ScanError::TooLarge(format!(
            "the file is {} MB, the limit is {} MB",
            length / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Refuses a page over [`MAX_PAGE_SIDE_PX`] (and a zero-sized one) before its pixels are decoded.
fn check_page_size(width: u64, height: u64) -> Result<(), ScanError> {
    let limit = u64::from(MAX_PAGE_SIDE_PX);
    if width > limit || height > limit {
        return Err(ScanError::TooLarge(format!(
            "a page is {width} x {height} pixels, the limit is {limit} x {limit}"
        )));
    }
    if width == 0 || height == 0 {
        return Err(ScanError::Unreadable(format!("a page is {width} x {height} pixels")));
    }
    Ok(())
}

/// What is left of [`MAX_TOTAL_PIXELS`] while a file's pages are decoded.
struct PixelBudget {
    left: u64,
}

impl PixelBudget {
    fn new() -> Self {
        Self { left: MAX_TOTAL_PIXELS }
    }

    /// Checks a page's size (see [`check_page_size`]) and counts it against the total, before
    /// its pixels are decoded.
    fn take(&mut self, width: u64, height: u64) -> Result<(), ScanError> {
        check_page_size(width, height)?;
        self.left = self.left.checked_sub(width * height).ok_or_else(|| {
            ScanError::TooLarge(format!(
                "the pages hold more than {} million pixels together; split the file",
                MAX_TOTAL_PIXELS / 1_000_000
            ))
        })?;
        Ok(())
    }
}

/// An `image` decoder's error as a scan error.
fn image_error(error: image::ImageError) -> ScanError {
    match error {
        image::ImageError::Limits(_) => ScanError::TooLarge(error.to_string()),
        image::ImageError::Unsupported(_) => ScanError::Unsupported(error.to_string()),
        _ => ScanError::Unreadable(error.to_string()),
    }
}

fn io_error(error: std::io::Error) -> ScanError {
    ScanError::Unreadable(format!("reading the file: {error}"))
}
