//! The card preview of the Send step (issue 18.5): the open case's accepted photo and signature
//! at full size and as the licence card will print them ([`skranke_core::CardLayout`]), with the
//! stroke-width warning, so an illegible signature or a dark photo is seen before the citizen
//! leaves. Nothing is stored or audited: it shows what the open case already holds.
use super::CaseDesk;
use crate::photo_capture::AcceptedPhoto;
use crate::signature_capture::AcceptedSignature;
use crate::{ApiError, Code};
use base64::Engine;
use serde::Serialize;
use skranke_config::Config;
use skranke_core::CardLayout;

/// One image at full size and at card size (data URLs for the webview).
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CardImageView {
    /// The image as accepted (what the bundle carries), as a data URL.
    pub full: String,
    /// The image as the card prints it, one pixel per printer dot, as a data URL.
    pub card: String,
    /// The card image's width, pixels (show it at this size: no upscaling).
    pub card_width_px: u32,
    /// The card image's height, pixels.
    pub card_height_px: u32,
    /// The field on the card, mm (width).
    pub field_width_mm: f64,
    /// The field on the card, mm (height).
    pub field_height_mm: f64,
}

/// How thick the signature's strokes print on the card (a warning for the clerk, never a block).
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StrokeWidthView {
    /// The typical stroke width on the card, mm (median over the ink's length).
    pub typical_mm: f64,
    /// The thinnest legible stroke, mm.
    pub min_mm: f64,
    /// Share of the ink printed thinner than `minMm`, 0 to 1.
    pub thin_share: f64,
    /// Warn: most of the signature prints thinner than legible.
    pub too_thin: bool,
}

/// The card preview: each accepted part, `null` when not yet accepted.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CardPreviewView {
    /// The card's print resolution, dots per inch.
    pub dpi: f64,
    /// The accepted photo (JPEG).
    pub photo: Option<CardImageView>,
    /// The accepted signature (PNG).
    pub signature: Option<CardImageView>,
    /// The stroke-width check of the accepted signature.
    pub stroke_width: Option<StrokeWidthView>,
}

fn data_url(media: &str, bytes: &[u8]) -> String {
    format!("data:{media};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Width and height of an encoded image, from its header.
fn dimensions(bytes: &[u8]) -> Result<(u32, u32), ApiError> {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ApiError::new(Code::Internal, format!("card preview: {e}")))?
        .into_dimensions()
        .map_err(|e| ApiError::new(Code::Internal, format!("card preview: {e}")))
}

/// The view of one part: `full` as accepted and `small` as the card prints it in `field`.
fn card_image(media: &str, full: &[u8], small: &[u8], field: skranke_core::MmSize) -> Result<CardImageView, ApiError> {
    let (w, h) = dimensions(small)?;
    Ok(CardImageView {
        full: data_url(media, full),
        card: data_url(media, small),
        card_width_px: w,
        card_height_px: h,
        field_width_mm: field.width_mm,
        field_height_mm: field.height_mm,
    })
}

/// The photo at full and card size.
pub fn photo_preview(photo: &AcceptedPhoto, card: &CardLayout) -> Result<CardImageView, ApiError> {
    let small = skranke_photo::card_photo_jpeg(&photo.jpeg, card).map_err(ApiError::from)?;
    card_image("image/jpeg", &photo.jpeg, &small, card.photo_mm)
}

/// The signature at full and card size and, for one drawn on the pad, its stroke-width check:
/// rendered again from its strokes with the configured image settings scaled into the card's
/// field. A signature cut from a scanned stamkort has no strokes: its image is scaled into the
/// field, and the stroke width is not judged.
pub fn signature_preview(
    config: &Config,
    signature: &AcceptedSignature,
    card: &CardLayout,
) -> Result<(CardImageView, Option<StrokeWidthView>), ApiError> {
    let Some(strokes) = &signature.strokes else {
        let small = scaled_into_field(&signature.png, card.signature_px())?;
        return Ok((card_image("image/png", &signature.png, &small, card.signature_mm)?, None));
    };
    let image = &config.signature.image;
    let small = skranke_signature::render_card_png(strokes, image, card).map_err(ApiError::from)?;
    let width = skranke_signature::card_stroke_width(strokes, image, card);
    let check = StrokeWidthView {
        typical_mm: width.typical_mm.unwrap_or(0.0),
        min_mm: width.min_mm,
        thin_share: width.thin_share,
        too_thin: width.too_thin(),
    };
    Ok((card_image("image/png", &signature.png, &small, card.signature_mm)?, Some(check)))
}

/// A PNG scaled to fit `(width, height)` keeping its proportions, as PNG.
fn scaled_into_field(png: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, ApiError> {
    let internal = |e: image::ImageError| ApiError::new(Code::Internal, format!("card preview: {e}"));
    let img = image::load_from_memory(png).map_err(internal)?;
    let small = img.resize(width, height, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    small.write_to(&mut out, image::ImageFormat::Png).map_err(internal)?;
    Ok(out.into_inner())
}

impl CaseDesk {
    /// The card preview of the open case (`no_open_case` when none is open). The parts are
    /// copied out of the lock first: scaling and rendering happen without holding it.
    pub(crate) fn card_preview(&self, config: &Config) -> Result<CardPreviewView, ApiError> {
        let (photo, signature) = self
            .with_open(|case| case.map(|c| (c.photo.clone(), c.signature.clone())))?
            .ok_or_else(|| ApiError::new(Code::NoOpenCase, "no case is open"))?;
        let card = CardLayout::default();
        let photo = photo.as_ref().map(|p| photo_preview(p, &card)).transpose()?;
        let (signature, stroke_width) =
            match signature.as_ref().map(|s| signature_preview(config, s, &card)).transpose()? {
                Some((view, check)) => (Some(view), check),
                None => (None, None),
            };
        Ok(CardPreviewView { dpi: card.dpi, photo, signature, stroke_width })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skranke_signature::{DEMO_SIGNATURES, parse_stroke_file};

    fn accepted(json: &str) -> AcceptedSignature {
        let config = Config::default();
        crate::signature_capture::render_with_report(&config, parse_stroke_file(json.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn the_demo_signature_previews_at_card_size_without_a_warning() {
        let (view, check) =
            signature_preview(&Config::default(), &accepted(DEMO_SIGNATURES[0].1), &CardLayout::default()).unwrap();
        assert_eq!((view.card_width_px, view.card_height_px), (354, 118));
        assert!(view.full.starts_with("data:image/png;base64,") && view.card.starts_with("data:image/png;base64,"));
        assert_eq!((view.field_width_mm, view.field_height_mm), (35.0, 10.0));
        let check = check.expect("a drawn signature has its stroke width judged");
        assert!(!check.too_thin, "{check:?}");
        assert_eq!(check.min_mm, 0.2);
    }

    #[test]
    fn a_scanned_signature_is_scaled_into_the_field_and_its_strokes_not_judged() {
        let field =
            image::GrayImage::from_fn(1000, 260, |x, y| image::Luma([if (x / 7 + y / 5) % 9 == 0 { 20 } else { 250 }]));
        let mut png = std::io::Cursor::new(Vec::new());
        field.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let scanned = AcceptedSignature {
            strokes: None,
            png: png.into_inner(),
            report: skranke_core::CheckReport::from_checks(vec![]),
            override_reason: None,
        };
        let card = CardLayout::default();
        let (view, check) = signature_preview(&Config::default(), &scanned, &card).unwrap();
        assert_eq!(check, None);
        // 1000x260 fills the field's width and keeps its proportions.
        let (w, h) = card.signature_px();
        assert_eq!(view.card_width_px, w);
        assert!(
            view.card_height_px <= h && (f64::from(view.card_height_px) - f64::from(w) * 0.26).abs() <= 1.0,
            "{view:?}"
        );
    }

    #[test]
    fn thin_configured_lines_warn() {
        let mut config = Config::default();
        config.signature.image.min_line_mm = 0.1;
        config.signature.image.max_line_mm = 0.2;
        let (_, check) = signature_preview(&config, &accepted(DEMO_SIGNATURES[1].1), &CardLayout::default()).unwrap();
        let check = check.expect("judged");
        assert!(check.too_thin && check.typical_mm < 0.2, "{check:?}");
    }

    #[test]
    fn the_photo_previews_at_card_size() {
        let img = image::RgbImage::from_pixel(700, 900, image::Rgb([120, 110, 100]));
        let jpeg = skranke_photo::encode_jpeg(&img, usize::MAX).unwrap();
        let photo =
            AcceptedPhoto { jpeg, report: skranke_core::CheckReport::from_checks(vec![]), override_reason: None };
        let view = photo_preview(&photo, &CardLayout::default()).unwrap();
        assert_eq!((view.card_width_px, view.card_height_px), (294, 378));
        assert!(view.card.starts_with("data:image/jpeg;base64,"));
    }

    #[test]
    fn the_json_is_camel_case() {
        let v = CardPreviewView {
            dpi: 300.0,
            photo: None,
            signature: None,
            stroke_width: Some(StrokeWidthView { typical_mm: 0.22, min_mm: 0.2, thin_share: 0.1, too_thin: false }),
        };
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({"dpi": 300.0, "photo": null, "signature": null,
                "strokeWidth": {"typicalMm": 0.22, "minMm": 0.2, "thinShare": 0.1, "tooThin": false}})
        );
    }
}
