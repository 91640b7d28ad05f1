//! The upright card as a coordinate frame: millimetres on the card (origin at its top-left,
//! photo on the left) mapped to the pixels of an image of the page, so a layout field becomes a
//! quad on the page and a region of the card can be cut out at any resolution.

use super::warp::Homography;
use crate::{Quad, RectMm};

/// Card millimetres to image pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CardFrame {
    to_image: Homography,
    /// The card's width and height, millimetres.
    pub size_mm: [f64; 2],
}

/// A region of the card cut at some resolution: its size in pixels and where its pixels are in
/// the image the frame maps to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    pub rect: RectMm,
    pub px_per_mm: f64,
    pub width: usize,
    pub height: usize,
    pub to_image: Homography,
}

impl Region {
    /// A point of the region's pixels in card millimetres.
    pub fn mm_of(&self, p: [f64; 2]) -> [f64; 2] {
        [self.rect.x + p[0] / self.px_per_mm, self.rect.y + p[1] / self.px_per_mm]
    }

    /// A point in card millimetres in the region's pixels.
    pub fn px_of(&self, p: [f64; 2]) -> [f64; 2] {
        [(p[0] - self.rect.x) * self.px_per_mm, (p[1] - self.rect.y) * self.px_per_mm]
    }
}

impl CardFrame {
    /// The frame whose card corners (clockwise from the upright card's top-left) are `corners`
    /// in image pixels; `None` for a degenerate quad.
    pub fn new(corners: &[[f64; 2]; 4], size_mm: [f64; 2]) -> Option<Self> {
        Some(Self { to_image: Homography::rect_to_quad(size_mm[0], size_mm[1], corners)?, size_mm })
    }

    /// The same card in another image of the page, whose coordinates are this one's times
    /// `scale` per axis.
    pub fn scaled(&self, scale: [f64; 2]) -> Self {
        Self { to_image: self.to_image.then(&Homography::affine(scale[0], scale[1], 0.0, 0.0)), size_mm: self.size_mm }
    }

    /// The frame of the card turned half a turn (its top-left becomes its bottom-right).
    pub fn turned(&self) -> Self {
        let [w, h] = self.size_mm;
        Self { to_image: Homography::affine(-1.0, -1.0, w, h).then(&self.to_image), size_mm: self.size_mm }
    }

    /// A card point in image pixels.
    pub fn point(&self, mm: [f64; 2]) -> [f64; 2] {
        self.to_image.apply(mm)
    }

    /// Four card points in image pixels.
    pub fn quad_of(&self, mm: [[f64; 2]; 4]) -> Quad {
        Quad(mm.map(|p| self.point(p)))
    }

    /// A card rectangle in image pixels, clockwise from its top-left.
    pub fn quad(&self, r: RectMm) -> Quad {
        self.quad_of(corners_mm(r))
    }

    /// The region `rect` of the card at `px_per_mm`.
    pub fn region(&self, rect: RectMm, px_per_mm: f64) -> Region {
        let width = ((rect.width * px_per_mm).round() as usize).max(1);
        let height = ((rect.height * px_per_mm).round() as usize).max(1);
        let to_mm = Homography::affine(1.0 / px_per_mm, 1.0 / px_per_mm, rect.x, rect.y);
        Region { rect, px_per_mm, width, height, to_image: to_mm.then(&self.to_image) }
    }
}

/// A rectangle's corners clockwise from its top-left.
pub(crate) fn corners_mm(r: RectMm) -> [[f64; 2]; 4] {
    [[r.x, r.y], [r.x + r.width, r.y], [r.x + r.width, r.y + r.height], [r.x, r.y + r.height]]
}

/// `r` grown by `by` on every side.
pub(crate) fn grow(r: RectMm, by: f64) -> RectMm {
    RectMm { x: r.x - by, y: r.y - by, width: r.width + 2.0 * by, height: r.height + 2.0 * by }
}

/// `r` as it lies on the card turned half a turn.
pub(crate) fn turn_rect(r: RectMm, size_mm: [f64; 2]) -> RectMm {
    RectMm { x: size_mm[0] - r.x - r.width, y: size_mm[1] - r.y - r.height, ..r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_frame_starts_at_the_opposite_corner() {
        let f = CardFrame::new(&[[100.0, 50.0], [248.0, 50.0], [248.0, 155.0], [100.0, 155.0]], [148.0, 105.0])
            .expect("frame");
        assert_eq!(f.point([10.0, 5.0]), [110.0, 55.0]);
        let t = f.turned();
        assert_eq!(t.point([0.0, 0.0]), [248.0, 155.0]);
        assert_eq!(f.scaled([2.0, 2.0]).point([148.0, 0.0]), [496.0, 100.0]);
        let r = f.region(RectMm { x: 10.0, y: 10.0, width: 20.0, height: 10.0 }, 2.0);
        assert_eq!((r.width, r.height), (40, 20));
        assert_eq!(r.to_image.apply([40.0, 20.0]), [130.0, 70.0]);
        assert_eq!(r.mm_of([4.0, 2.0]), [12.0, 11.0]);
    }
}
