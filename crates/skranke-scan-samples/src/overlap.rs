//! How well a found quad matches the truth: intersection over union of two convex quadrilaterals
//! (exact polygon clipping, Sutherland-Hodgman), corner order and orientation aside.

use skranke_scan::Quad;

/// The polygon's signed area (shoelace).
fn area(poly: &[[f64; 2]]) -> f64 {
    let n = poly.len();
    (0..n).map(|i| poly[i][0] * poly[(i + 1) % n][1] - poly[(i + 1) % n][0] * poly[i][1]).sum::<f64>() / 2.0
}

/// The corners in the order that makes the area positive (convex polygons only).
fn oriented(q: &Quad) -> Vec<[f64; 2]> {
    let mut v = q.0.to_vec();
    if area(&v) < 0.0 {
        v.reverse();
    }
    v
}

/// Clips `subject` by the convex polygon `clip` (both with positive area).
fn clip(subject: &[[f64; 2]], clip: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out = subject.to_vec();
    let n = clip.len();
    for i in 0..n {
        if out.is_empty() {
            break;
        }
        let (a, b) = (clip[i], clip[(i + 1) % n]);
        // Inside = on the left of a->b for a positive (counter-clockwise in maths axes) polygon.
        let side = |p: [f64; 2]| (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
        let input = std::mem::take(&mut out);
        for j in 0..input.len() {
            let (p, q) = (input[j], input[(j + 1) % input.len()]);
            let (sp, sq) = (side(p), side(q));
            if sp >= 0.0 {
                out.push(p);
            }
            if (sp >= 0.0) != (sq >= 0.0) {
                let t = sp / (sp - sq);
                out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
            }
        }
    }
    out
}

/// Intersection over union of two convex quads, 0..1 (0 when either has no area).
pub fn iou(a: &Quad, b: &Quad) -> f64 {
    let (pa, pb) = (oriented(a), oriented(b));
    let (aa, ab) = (area(&pa), area(&pb));
    if !(aa > 0.0 && ab > 0.0) {
        return 0.0;
    }
    let inter = area(&clip(&pa, &pb)).max(0.0);
    let union = aa + ab - inter;
    if union > 0.0 { (inter / union).clamp(0.0, 1.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Affine;

    #[test]
    fn a_quad_matches_itself_in_any_corner_order() {
        let q = Quad::from_rect(10.0, 10.0, 40.0, 20.0);
        assert!((iou(&q, &q) - 1.0).abs() < 1e-12);
        let mut r = q;
        r.0.reverse();
        assert!((iou(&q, &r) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn half_overlapping_rectangles_have_a_third() {
        let a = Quad::from_rect(0.0, 0.0, 10.0, 10.0);
        let b = Quad::from_rect(5.0, 0.0, 10.0, 10.0);
        assert!((iou(&a, &b) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(iou(&a, &Quad::from_rect(20.0, 0.0, 5.0, 5.0)), 0.0);
    }

    #[test]
    fn a_square_turned_45_degrees_over_itself() {
        let a = Quad::from_rect(-1.0, -1.0, 2.0, 2.0);
        let b = Affine::rotate_then_shift(45.0, [0.0, 0.0]).apply_quad(&a);
        // The overlap is the regular octagon of inradius 1: area 8(sqrt 2 - 1).
        let inter = 8.0 * (2f64.sqrt() - 1.0);
        let want = inter / (8.0 - inter);
        assert!((iou(&a, &b) - want).abs() < 1e-9, "{}", iou(&a, &b));
    }
}
