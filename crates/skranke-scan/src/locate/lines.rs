//! Straight lines in the plane, intersected to give corners.

/// The line `n · p = d` with `n` a unit normal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub n: [f64; 2],
    pub d: f64,
}

impl Line {
    /// The line through two distinct points (a horizontal line for equal points).
    pub fn through(a: [f64; 2], b: [f64; 2]) -> Self {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy);
        let n = if len > 0.0 { [-dy / len, dx / len] } else { [0.0, 1.0] };
        Self { n, d: n[0] * a[0] + n[1] * a[1] }
    }

    /// Where two lines cross; `None` for (nearly) parallel lines.
    pub fn intersect(&self, o: &Self) -> Option<[f64; 2]> {
        let det = self.n[0] * o.n[1] - self.n[1] * o.n[0];
        if det.abs() < 1e-9 {
            return None;
        }
        Some([(self.d * o.n[1] - self.n[1] * o.d) / det, (self.n[0] * o.d - self.d * o.n[0]) / det])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cross_where_they_should() {
        let l = Line::through([0.0, 10.0], [50.0, 15.0]);
        let v = Line::through([5.0, 0.0], [5.0, 100.0]);
        let p = l.intersect(&v).expect("cross");
        assert!((p[0] - 5.0).abs() < 1e-9 && (p[1] - 10.5).abs() < 1e-9, "{p:?}");
        assert!(l.intersect(&l).is_none());
    }
}
