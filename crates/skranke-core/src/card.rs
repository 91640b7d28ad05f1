//! The licence card's print geometry, in one place: where the photo and the signature go on the
//! card and at what resolution, so the Send step can show them as the card will (issue 18.5,
//! docs/signature.md "Card preview").
//!
//! Sources and choices:
//! - Card: Directive 2006/126/EC Annex I point 1 makes the EU model licence an ISO/IEC 7810
//!   ID-1 card, 85.60 x 53.98 mm, with the holder's photograph (field 6) and signature (field 7)
//!   on the front. The Annex draws the layout but gives neither field in millimetres.
//! - Photo: 25 x 32 mm, our estimate from the member states' specimen cards (the photo fills the
//!   left third of the front, about 60% of the card's height), close to the 35:45 crop's ratio.
//! - Signature field: 35 x 10 mm, our estimate from the same specimens (field 7 is a strip under
//!   the personal data, about 40% of the card's width).
//! - Resolution: 300 dpi, the print head resolution of plastic card printers in general
//!   (dye-sublimation and retransfer, 11.8 dots per mm). Laser-engraved cards are often finer;
//!   300 dpi is the coarse case, so what is legible here is legible on the card.
//! - Thinnest stroke: 0.2 mm. A line at least two printer dots wide always covers one whole dot
//!   across its width, wherever it falls on the dot grid, so it prints solid and not as a grey
//!   fringe; two dots at 300 dpi are 0.17 mm, and 0.2 mm (2.4 dots) keeps a small margin.
//!
//! The numbers are not configuration: they describe the card model. Change them here when the
//! card producer gives the exact layout.

/// A size on the card, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmSize {
    /// Width, mm.
    pub width_mm: f64,
    /// Height, mm.
    pub height_mm: f64,
}

/// Where the photo and signature go on the licence card and how finely it is printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardLayout {
    /// The photo's field on the card (the 35:45 crop is fitted into it).
    pub photo_mm: MmSize,
    /// The signature field on the card (the signature image is fitted into it).
    pub signature_mm: MmSize,
    /// The card's print resolution, dots per inch.
    pub dpi: f64,
    /// The thinnest signature stroke that prints legibly at [`CardLayout::dpi`], mm.
    pub min_stroke_mm: f64,
}

impl Default for CardLayout {
    fn default() -> Self {
        Self {
            photo_mm: MmSize { width_mm: 25.0, height_mm: 32.0 },
            signature_mm: MmSize { width_mm: 35.0, height_mm: 10.0 },
            dpi: 300.0,
            min_stroke_mm: 0.2,
        }
    }
}

impl CardLayout {
    /// Printer dots for a length on the card: mm / 25.4 * dpi, rounded, at least 1.
    pub fn dots(&self, mm: f64) -> u32 {
        (mm / 25.4 * self.dpi).round().max(1.0) as u32
    }

    /// The photo field in dots (width, height).
    pub fn photo_px(&self) -> (u32, u32) {
        (self.dots(self.photo_mm.width_mm), self.dots(self.photo_mm.height_mm))
    }

    /// The signature field in dots (width, height).
    pub fn signature_px(&self) -> (u32, u32) {
        (self.dots(self.signature_mm.width_mm), self.dots(self.signature_mm.height_mm))
    }

    /// The thinnest legible stroke in printer dots (not rounded).
    pub fn min_stroke_dots(&self) -> f64 {
        self.min_stroke_mm / 25.4 * self.dpi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_dots_at_300_dpi() {
        let c = CardLayout::default();
        assert_eq!(c.photo_px(), (295, 378));
        assert_eq!(c.signature_px(), (413, 118));
        assert!((c.min_stroke_dots() - 2.36).abs() < 0.01, "0.2 mm is about 2.4 dots");
        let fine = CardLayout { dpi: 600.0, ..c };
        assert_eq!(fine.photo_px(), (591, 756));
    }

    #[test]
    fn the_fields_fit_on_an_id1_card() {
        let c = CardLayout::default();
        assert!(c.photo_mm.width_mm + c.signature_mm.width_mm < 85.60);
        assert!(c.photo_mm.height_mm < 53.98 && c.signature_mm.height_mm < 53.98);
    }
}
