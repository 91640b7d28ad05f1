//! The scan desk's pictures for the webview and the bundle: the page downscaled, the cuts as data
//! URLs, the signature as a grey PNG.
use crate::{ApiError, Code};
use base64::Engine;
use image::{DynamicImage, ImageFormat, RgbImage};

/// The longest side of the page picture the Scanning view shows (enough to place handles to a
/// fraction of a millimetre at 300 dpi on a 1920 px screen, small enough for the IPC).
const PAGE_PICTURE_SIDE: u32 = 1400;

fn internal(e: image::ImageError) -> ApiError {
    ApiError::new(Code::Internal, format!("scan picture: {e}"))
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, ApiError> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).map_err(internal)?;
    Ok(out.into_inner())
}

fn data_url(media: &str, bytes: &[u8]) -> String {
    format!("data:{media};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The page, its longest side at most [`PAGE_PICTURE_SIDE`], as a JPEG data URL.
pub fn page_data_url(page: &RgbImage) -> Result<String, ApiError> {
    let img = DynamicImage::ImageRgb8(page.clone());
    let small = if page.width().max(page.height()) > PAGE_PICTURE_SIDE {
        img.resize(PAGE_PICTURE_SIDE, PAGE_PICTURE_SIDE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    Ok(data_url("image/jpeg", &encode(&small, ImageFormat::Jpeg)?))
}

/// A cut as a JPEG data URL.
pub fn jpeg_data_url(img: &RgbImage) -> Result<String, ApiError> {
    Ok(data_url("image/jpeg", &encode(&DynamicImage::ImageRgb8(img.clone()), ImageFormat::Jpeg)?))
}

/// A cut as a PNG data URL (grey, as the bundle carries it).
pub fn png_data_url(img: &RgbImage) -> Result<String, ApiError> {
    Ok(data_url("image/png", &grey_png(img)?))
}

/// The signature field as the bundle carries it: grey PNG (ink colour does not matter on the
/// card; grey keeps the file small).
pub fn grey_png(img: &RgbImage) -> Result<Vec<u8>, ApiError> {
    encode(&DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(img.clone()).to_luma8()), ImageFormat::Png)
}
