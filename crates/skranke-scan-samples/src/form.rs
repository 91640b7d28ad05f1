//! The printed stamkort form at a given resolution, drawn from a [`StamkortLayout`]: cream card,
//! a title band with text-like bars, the CPR boxes, ruled lines for name and address, the photo
//! box's outline, and the signature field's thin border with a printed baseline and its label.
//! The printed lines near the fields are there on purpose: the signature check must not take them
//! for ink, and the photo's edges must be told from the box's.

use image::{Rgb, RgbImage};
use skranke_scan::StamkortLayout;

use crate::draw::{fill_rect, stroke_rect};
use crate::rng::Rng;

/// The card's paper.
pub(crate) const PAPER: [u8; 3] = [249, 245, 233];
/// Printing ink of text and lines.
const PRINT: [u8; 3] = [48, 52, 72];
/// The pale title band.
const BAND: [u8; 3] = [222, 229, 238];

/// Pixels per millimetre at `dpi`.
pub(crate) fn px_per_mm(dpi: f64) -> f64 {
    dpi / 25.4
}

/// The card's size in whole pixels at `dpi`.
pub(crate) fn card_pixels(layout: &StamkortLayout, dpi: f64) -> (u32, u32) {
    let k = px_per_mm(dpi);
    ((layout.card_width * k).round().max(1.0) as u32, (layout.card_height * k).round().max(1.0) as u32)
}

/// Draws in millimetres onto a card image.
struct Pen<'a> {
    img: &'a mut RgbImage,
    k: f64,
}

impl Pen<'_> {
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, colour: [u8; 3]) {
        let k = self.k;
        fill_rect(self.img, x * k, y * k, (x + w) * k, (y + h) * k, colour);
    }

    fn outline(&mut self, x: f64, y: f64, w: f64, h: f64, line: f64) {
        let k = self.k;
        // At least one pixel wide, as a printer's hairline still shows in a scan.
        let line_px = (line * k).max(1.0);
        stroke_rect(self.img, x * k, y * k, (x + w) * k, (y + h) * k, line_px, PRINT);
    }

    fn hline(&mut self, x0: f64, x1: f64, y: f64, line: f64) {
        let h = line.max(1.0 / self.k);
        self.rect(x0, y - h / 2.0, x1 - x0, h, PRINT);
    }

    /// Text-like bars: `words` words of letters `size` mm high starting at `(x, y)` (top-left),
    /// no wider than `max_w` mm. Returns the width used.
    fn text(&mut self, rng: &mut Rng, x: f64, y: f64, size: f64, words: usize, max_w: f64) -> f64 {
        let mut at = x;
        for _ in 0..words {
            let letters = 2 + rng.below(7);
            let word_w: f64 = letters as f64 * size * 0.72;
            if at + word_w - x > max_w {
                break;
            }
            for _ in 0..letters {
                let lw = size * rng.range(0.42, 0.62);
                let tall = rng.chance(0.3);
                let lh = if tall { size } else { size * 0.68 };
                let stroke = size * 0.16;
                // A letter: its two stems and a bar, enough texture to read as print in a scan.
                self.rect(at, y + size - lh, stroke, lh, PRINT);
                self.rect(at + lw - stroke, y + size - lh * 0.68, stroke, lh * 0.68, PRINT);
                self.rect(at, y + size - lh * rng.range(0.3, 0.7), lw, stroke, PRINT);
                at += lw + size * 0.12;
            }
            at += size * 0.5;
        }
        at - x
    }
}

/// Renders the empty printed form at `dpi` (the same for every card: the text bars come from a
/// fixed seed).
pub(crate) fn render_form(layout: &StamkortLayout, dpi: f64) -> RgbImage {
    let (w, h) = card_pixels(layout, dpi);
    let mut img = RgbImage::from_pixel(w, h, Rgb(PAPER));
    let mut rng = Rng::new(0x57A4_4B0E);
    let mut pen = Pen { img: &mut img, k: px_per_mm(dpi) };
    let (cw, ch) = (layout.card_width, layout.card_height);
    let (p, s) = (layout.photo, layout.signature);
    let margin = p.x.min(8.0);

    // Title band with the form's name and its issuer.
    let band_h = (p.y * 0.45).min(14.0);
    pen.rect(0.0, 0.0, cw, band_h, BAND);
    pen.text(&mut rng, margin, band_h * 0.25, band_h * 0.38, 2, cw * 0.45);
    pen.text(&mut rng, cw * 0.6, band_h * 0.35, band_h * 0.2, 4, cw * 0.35);
    pen.hline(0.0, cw, band_h, 0.3);

    // The CPR row: a label and ten boxes (6 + 4, with a dash between).
    let row_y = band_h + (p.y - band_h) * 0.3;
    let row_h = ((p.y - band_h) * 0.5).min(7.0);
    let label_w = pen.text(&mut rng, margin, row_y + row_h * 0.45, row_h * 0.4, 1, 20.0);
    let mut bx = margin + label_w + 3.0;
    let box_w = row_h * 0.8;
    for i in 0..10 {
        if i == 6 {
            pen.hline(bx + 0.5, bx + box_w - 0.5, row_y + row_h / 2.0, 0.4);
            bx += box_w;
        }
        if bx + box_w > cw - margin {
            break;
        }
        pen.outline(bx, row_y, box_w, row_h, 0.2);
        bx += box_w;
    }

    // Ruled lines for name and address to the right of the photo, above the signature field.
    let lines_x0 = (p.x + p.width + 8.0).min(s.x);
    let lines_x1 = cw - margin;
    let mut ly = p.y + 6.0;
    while ly < s.y - 4.0 {
        pen.text(&mut rng, lines_x0, ly - 4.2, 1.6, 2, 30.0);
        pen.hline(lines_x0, lines_x1, ly, 0.2);
        ly += 10.0;
    }

    // The photo box: outline, and its label where the photo will cover it.
    pen.outline(p.x, p.y, p.width, p.height, 0.3);
    pen.text(&mut rng, p.x + p.width * 0.3, p.y + p.height * 0.45, 2.0, 1, p.width * 0.5);

    // Under the photo: the form's number in small print.
    if p.y + p.height + 6.0 < ch {
        pen.text(&mut rng, p.x, p.y + p.height + 3.0, 1.4, 3, p.width);
    }

    // The signature field: thin border, a baseline with a cross at its start, the label below
    // (above when there is no room below).
    pen.outline(s.x, s.y, s.width, s.height, 0.2);
    let base_y = s.y + s.height * 0.75;
    pen.hline(s.x + 3.0, s.x + s.width - 3.0, base_y, 0.25);
    pen.rect(s.x + 3.5, base_y - 2.6, 0.25, 2.0, PRINT);
    pen.rect(s.x + 2.6, base_y - 1.7, 2.0, 0.25, PRINT);
    let label_y = if s.y + s.height + 4.0 <= ch { s.y + s.height + 1.5 } else { s.y - 3.5 };
    pen.text(&mut rng, s.x, label_y, 1.6, 3, s.width);
    img
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_has_the_cards_size_and_print_inside_the_signature_border() {
        let layout = StamkortLayout::default();
        let img = render_form(&layout, 100.0);
        assert_eq!(img.dimensions(), card_pixels(&layout, 100.0));
        let k = px_per_mm(100.0);
        let s = layout.signature;
        // The border's top edge is printed; the field's inside above the baseline is paper.
        let top = img.get_pixel(((s.x + s.width / 2.0) * k) as u32, (s.y * k) as u32).0;
        assert!(top[0] < 200, "border {top:?}");
        let inside = img.get_pixel(((s.x + s.width / 2.0) * k) as u32, ((s.y + 4.0) * k) as u32).0;
        assert_eq!(inside, PAPER);
    }
}
