//! Affine maps between the card's pixels, a glued photo's pixels and the page's pixels, in
//! continuous coordinates (pixel `(i, j)` covers `[i, i+1) x [j, j+1)`).

use skranke_scan::Quad;

/// `x' = a*x + b*y + c`, `y' = d*x + e*y + f`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Affine {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl Affine {
    /// Rotation by `deg` degrees clockwise as seen on screen (y points down), then a shift by `t`.
    pub fn rotate_then_shift(deg: f64, t: [f64; 2]) -> Self {
        let (s, c) = deg.to_radians().sin_cos();
        Self { a: c, b: -s, c: t[0], d: s, e: c, f: t[1] }
    }

    /// `self` after `first`: maps `p` to `self(first(p))`.
    pub fn after(&self, first: &Affine) -> Self {
        Self {
            a: self.a * first.a + self.b * first.d,
            b: self.a * first.b + self.b * first.e,
            c: self.a * first.c + self.b * first.f + self.c,
            d: self.d * first.a + self.e * first.d,
            e: self.d * first.b + self.e * first.e,
            f: self.d * first.c + self.e * first.f + self.f,
        }
    }

    /// The inverse map (the maps built here are rotations and shifts, always invertible).
    pub fn inverse(&self) -> Self {
        let det = self.a * self.e - self.b * self.d;
        let (a, b, d, e) = (self.e / det, -self.b / det, -self.d / det, self.a / det);
        Self { a, b, c: -(a * self.c + b * self.f), d, e, f: -(d * self.c + e * self.f) }
    }

    /// Maps a point.
    pub fn apply(&self, p: [f64; 2]) -> [f64; 2] {
        [self.a * p[0] + self.b * p[1] + self.c, self.d * p[0] + self.e * p[1] + self.f]
    }

    /// Maps every corner of a quad.
    pub fn apply_quad(&self, q: &Quad) -> Quad {
        Quad(q.0.map(|p| self.apply(p)))
    }
}

/// The axis-aligned bounding box `(x0, y0, x1, y1)` of a quad.
pub(crate) fn bounds(q: &Quad) -> (f64, f64, f64, f64) {
    q.0.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |(x0, y0, x1, y1), p| {
        (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_after_its_inverse_is_the_identity() {
        let m = Affine::rotate_then_shift(17.0, [30.0, -4.0]);
        let p = m.inverse().apply(m.apply([12.5, 7.25]));
        assert!((p[0] - 12.5).abs() < 1e-9 && (p[1] - 7.25).abs() < 1e-9);
    }

    #[test]
    fn ninety_degrees_clockwise_turns_right_into_down() {
        let p = Affine::rotate_then_shift(90.0, [0.0, 0.0]).apply([1.0, 0.0]);
        assert!(p[0].abs() < 1e-9 && (p[1] - 1.0).abs() < 1e-9);
        let q = Affine::rotate_then_shift(90.0, [5.0, 0.0]).after(&Affine::rotate_then_shift(90.0, [0.0, 0.0]));
        let r = q.apply([1.0, 0.0]);
        assert!((r[0] - 4.0).abs() < 1e-9 && r[1].abs() < 1e-9);
    }

    #[test]
    fn bounds_of_a_rectangle_are_its_corners() {
        assert_eq!(bounds(&Quad::from_rect(1.0, 2.0, 3.0, 4.0)), (1.0, 2.0, 4.0, 6.0));
    }
}
