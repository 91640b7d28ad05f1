//! The signature as the licence card will show it: the accepted signature image scaled into the
//! card's signature field ([`skranke_core::CardLayout`]) and printed at the card's resolution,
//! drawn by the one renderer ([`crate::render`]), and a warning check that the strokes do not
//! become too thin to print there. The card producer scales the whole image, so the line widths
//! and the margin shrink with it; that is what this reproduces.
use crate::SignatureError;
use crate::model::StrokeFile;
use crate::render::{RenderOptions, line_mm, render_png};
use skranke_core::CardLayout;

/// How thick the signature's strokes print on the card, against the thinnest legible stroke.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardStrokeWidth {
    /// The typical stroke width on the card, mm: the median over the ink's length (`None` when
    /// there is no ink to measure).
    pub typical_mm: Option<f64>,
    /// The thinnest legible stroke, mm ([`CardLayout::min_stroke_mm`]).
    pub min_mm: f64,
    /// The share of the ink's length printed thinner than `min_mm`, 0 to 1.
    pub thin_share: f64,
}

impl CardStrokeWidth {
    /// Whether the clerk should be warned: most of the ink prints thinner than legible (the
    /// median over the ink's length is below the minimum, compared in whole micrometres so a
    /// width exactly at the minimum is not flagged by rounding). A warning, never a block.
    pub fn too_thin(&self) -> bool {
        let um = |mm: f64| (mm * 1000.0).round();
        self.typical_mm.is_some_and(|t| um(t) < um(self.min_mm))
    }
}

/// The factor the signature image shrinks by to fit into the card's field (aspect kept).
fn card_scale(image: &RenderOptions, card: &CardLayout) -> f64 {
    (card.signature_mm.width_mm / image.width_mm).min(card.signature_mm.height_mm / image.height_mm)
}

/// The render options that draw the signature image `image` describes as it lands in the card's
/// signature field: every length (field, margin, line widths) scaled by one factor so the image
/// fits the field, at the card's dpi.
pub fn card_render_options(image: &RenderOptions, card: &CardLayout) -> RenderOptions {
    let s = card_scale(image, card);
    RenderOptions {
        width_mm: image.width_mm * s,
        height_mm: image.height_mm * s,
        dpi: card.dpi,
        trim: image.trim,
        margin_mm: image.margin_mm * s,
        min_line_mm: image.min_line_mm * s,
        max_line_mm: image.max_line_mm * s,
    }
}

/// The signature as a PNG at card size and resolution (see [`card_render_options`]).
pub fn render_card_png(f: &StrokeFile, image: &RenderOptions, card: &CardLayout) -> Result<Vec<u8>, SignatureError> {
    render_png(f, &card_render_options(image, card))
}

/// Measures the strokes' width as printed on the card: each drawn segment's width (the
/// renderer's, [`line_mm`], at card scale) weighted by its length.
pub fn card_stroke_width(f: &StrokeFile, image: &RenderOptions, card: &CardLayout) -> CardStrokeWidth {
    let o = card_render_options(image, card);
    let mut segments: Vec<(f64, f64)> = f
        .strokes()
        .into_iter()
        .flat_map(|stroke| stroke.windows(2))
        .map(|pair| {
            let width = (line_mm(f, &pair[0], &o) + line_mm(f, &pair[1], &o)) / 2.0;
            let length = (pair[1].x - pair[0].x).hypot(pair[1].y - pair[0].y);
            (width, length)
        })
        .filter(|(w, l)| w.is_finite() && l.is_finite() && *l > 0.0)
        .collect();
    let total: f64 = segments.iter().map(|(_, l)| l).sum();
    if total <= 0.0 {
        return CardStrokeWidth { typical_mm: None, min_mm: card.min_stroke_mm, thin_share: 0.0 };
    }
    let thin: f64 = segments.iter().filter(|(w, _)| *w < card.min_stroke_mm).map(|(_, l)| l).sum();
    segments.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut run = 0.0;
    let mut typical = segments[segments.len() - 1].0;
    for (w, l) in &segments {
        run += l;
        if run >= total / 2.0 {
            typical = *w;
            break;
        }
    }
    CardStrokeWidth { typical_mm: Some(typical), min_mm: card.min_stroke_mm, thin_share: thin / total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sample;
    use crate::{DEMO_SIGNATURES, parse_stroke_file};

    /// A zigzag signature written with every sample at `pressure` of 1023.
    fn written_at(pressure: f64, pressure_available: bool) -> StrokeFile {
        let samples = (0..60)
            .map(|i| Sample {
                t_ms: f64::from(i) * 10.0,
                x: 500.0 + f64::from(i) * 100.0,
                y: if i % 2 == 0 { 2000.0 } else { 3500.0 },
                pressure,
            })
            .collect();
        StrokeFile { width: 9600.0, height: 6000.0, pressure_max: 1023.0, samples, pressure_available, device: None }
    }

    #[test]
    fn the_default_image_lands_in_the_card_field_at_half_size() {
        let o = card_render_options(&RenderOptions::default(), &CardLayout::default());
        // 60 x 20 mm into 35 x 10 mm: the height limits, factor 0.5.
        assert!((o.width_mm - 30.0).abs() < 1e-9 && (o.height_mm - 10.0).abs() < 1e-9);
        assert_eq!(o.dpi, 300.0);
        assert_eq!(o.pixels(), (354, 118));
        assert!((o.min_line_mm - 0.1).abs() < 1e-9 && (o.max_line_mm - 0.3).abs() < 1e-9);
        assert!((o.margin_mm - 0.5).abs() < 1e-9);
    }

    #[test]
    fn the_card_png_has_the_card_size_and_ink() {
        let f = parse_stroke_file(DEMO_SIGNATURES[0].1.as_bytes()).unwrap();
        let png = render_card_png(&f, &RenderOptions::default(), &CardLayout::default()).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!(img.dimensions(), (354, 118));
        assert!(img.pixels().any(|p| p.0[0] < 64), "black ink at card size");
    }

    #[test]
    fn the_demo_signatures_print_thick_enough() {
        for (name, json) in DEMO_SIGNATURES {
            let f = parse_stroke_file(json.as_bytes()).unwrap();
            let w = card_stroke_width(&f, &RenderOptions::default(), &CardLayout::default());
            let typical = w.typical_mm.unwrap();
            assert!(!w.too_thin(), "{name}: {typical} mm");
            assert!(typical > 0.2 && typical < 0.3, "{name}: {typical} mm");
        }
    }

    #[test]
    fn a_light_signature_warns() {
        // 10% pressure: 0.2 + 0.4 * 0.1 = 0.24 mm in the image, 0.12 mm on the card.
        let w = card_stroke_width(&written_at(102.3, true), &RenderOptions::default(), &CardLayout::default());
        assert!((w.typical_mm.unwrap() - 0.12).abs() < 1e-9);
        assert_eq!(w.thin_share, 1.0);
        assert!(w.too_thin());
        // Thicker lines in the configuration cure it: 0.5 + 0.5 * 0.1 = 0.55 mm, 0.275 on the card.
        let bold = RenderOptions { min_line_mm: 0.5, max_line_mm: 1.0, ..RenderOptions::default() };
        assert!(!card_stroke_width(&written_at(102.3, true), &bold, &CardLayout::default()).too_thin());
    }

    #[test]
    fn without_pressure_the_middle_width_sits_at_the_minimum_and_passes() {
        // A pad without pressure (pen down, pressure not measured): 0.4 mm in the image, 0.2 mm on the card, exactly the
        // minimum; floating-point rounding must not turn that into a warning.
        let w = card_stroke_width(&written_at(1.0, false), &RenderOptions::default(), &CardLayout::default());
        assert!((w.typical_mm.unwrap() - 0.2).abs() < 1e-9);
        assert!(!w.too_thin());
    }

    #[test]
    fn no_ink_gives_no_width_and_no_warning() {
        let mut f = written_at(500.0, true);
        f.samples.truncate(1);
        let w = card_stroke_width(&f, &RenderOptions::default(), &CardLayout::default());
        assert_eq!(w.typical_mm, None);
        assert!(!w.too_thin());
    }
}
