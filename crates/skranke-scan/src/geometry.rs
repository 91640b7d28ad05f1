//! Corner sets in page pixels: what a located card or field is, before and after the clerk moves
//! its handles.

use serde::{Deserialize, Serialize};

/// Four corners `[x, y]` in the pixel coordinates of the page as scanned, clockwise from the
/// card's top-left (so a card scanned upside down has its top-left corner at the page's bottom
/// right).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quad(pub [[f64; 2]; 4]);

impl Quad {
    /// An axis-aligned rectangle.
    pub fn from_rect(x: f64, y: f64, width: f64, height: f64) -> Self {
        Self([[x, y], [x + width, y], [x + width, y + height], [x, y + height]])
    }

    /// The area (shoelace formula; positive for the clockwise order in image coordinates).
    pub fn area(&self) -> f64 {
        let p = &self.0;
        let mut twice = 0.0;
        for i in 0..4 {
            let (a, b) = (p[i], p[(i + 1) % 4]);
            twice += a[0] * b[1] - b[0] * a[1];
        }
        twice / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rectangle_has_its_area_and_clockwise_corners() {
        let q = Quad::from_rect(10.0, 20.0, 30.0, 40.0);
        assert_eq!(q.0[1], [40.0, 20.0]);
        assert_eq!(q.0[3], [10.0, 60.0]);
        assert!((q.area() - 1200.0).abs() < 1e-9);
    }
}
