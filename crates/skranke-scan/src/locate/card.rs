//! The card on the page. On a copy at about 50 dpi (where the scanner's noise is small next to
//! a faint paper edge): the skew from projection profiles of the edge pixels, then the rectangle
//! of the card's known size (± 5 %, either way round) whose four sides are best covered by edge
//! pixels on a coarse grid of the deskewed edges, the outermost of near-equals (a frame printed
//! just inside the card's edge is not the card). Then on the working copy (about 100 dpi), each
//! side is placed where the gradient across it, averaged along the whole side, peaks (in luma or
//! in the paper's yellowness, whichever is clearer); a side too faint to see (the cream card on a
//! white lid, on the side the lamp casts no shadow) is placed from the opposite one at the card's
//! known size.

use std::f64::consts::PI;

use super::grey::Gradient;
use super::lines::Line;

/// The card found on the working copy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CardRect {
    /// Corners in working-copy pixels, clockwise on the page; side 0→1 runs along the card's
    /// width (which of the two such starts is upright is decided later).
    pub corners: [[f64; 2]; 4],
}

/// What the search reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Search<'a> {
    /// The gradient of the coarse copy (the stronger of luma and yellowness per pixel).
    pub coarse: &'a Gradient,
    /// Working-copy pixels per coarse pixel.
    pub coarse_scale: f64,
    /// The working copy's luma and yellowness gradients.
    pub fine: [&'a Gradient; 2],
    /// The card's width and height in working-copy pixels at the stated dpi.
    pub size: [f64; 2],
}

/// Coarse grid cell, coarse pixels (2 px at 50 dpi: about 1 mm).
const CELL: f64 = 2.0;
/// Below this mean side coverage there is no card.
const MIN_SUPPORT: f64 = 0.4;
/// An edge pixel belongs to a side when its gradient is within this angle of the side's normal.
const DIRECTION_TOLERANCE: f64 = 20.0 * PI / 180.0;
/// Card size tolerance (dpi not quite right, paper cut, scanner scale).
const SCALES: [f64; 11] = [0.95, 0.96, 0.97, 0.98, 0.99, 1.0, 1.01, 1.02, 1.03, 1.04, 1.05];
/// The largest skew looked for, degrees (the issue's ±10° and some).
const MAX_SKEW_DEG: f64 = 12.0;
/// A side is seen when its averaged gradient peaks at this many times the typical level near it.
const SIDE_CONTRAST: f64 = 3.0;

/// A strong edge pixel: centre and gradient direction (radians).
#[derive(Debug, Clone, Copy)]
struct EdgePx {
    x: f32,
    y: f32,
    phi: f32,
}

/// The threshold of a strong edge on this page: well above the noise (the median magnitude of
/// a mostly blank page), never below a faint card edge's strength.
pub(crate) fn edge_threshold(grad: &Gradient) -> f32 {
    (3.5 * grad.magnitude_quantile(0.5)).max(5.0)
}

/// Finds the card.
pub(crate) fn find_card(search: &Search) -> Option<CardRect> {
    let grad = search.coarse;
    let thr = edge_threshold(grad);
    let mut edges = Vec::new();
    for y in 1..grad.h.saturating_sub(1) {
        for x in 1..grad.w.saturating_sub(1) {
            let i = y * grad.w + x;
            if grad.magnitude(i) > thr {
                edges.push(EdgePx { x: x as f32 + 0.5, y: y as f32 + 0.5, phi: grad.gy[i].atan2(grad.gx[i]) });
            }
        }
    }
    let size = search.size.map(|v| v / search.coarse_scale);
    // A card's outline alone is hundreds of edge pixels.
    if edges.len() < ((size[0] + size[1]) as usize) {
        return None;
    }
    let peaks = skew_peaks(&edges, grad.w + grad.h);
    let mut best: Option<Coarse> = None;
    for (n, &peak) in peaks.iter().enumerate() {
        if n > 0 && best.is_some_and(|b| b.score >= 4.0 * 0.75) {
            break;
        }
        for d in [-0.1, 0.0, 0.1] {
            let theta = (peak + d).to_radians();
            if let Some(c) = rectangle(&edges, grad.w, grad.h, theta, size)
                && best.is_none_or(|b| c.score > b.score)
            {
                best = Some(c);
            }
        }
    }
    let coarse = best?;
    if coarse.score < 4.0 * MIN_SUPPORT {
        return None;
    }
    let k = search.coarse_scale;
    let fine = Coarse { u: coarse.u * k, v: coarse.v * k, a: coarse.a * k, b: coarse.b * k, ..coarse };
    Some(CardRect { corners: refine(search.fine, &fine, search.size) })
}

/// The skew angles (degrees, within ±`MAX_SKEW_DEG`) at which the edge pixels line up best:
/// the sum of squares of their projections across the near-horizontal and near-vertical edges
/// (projection-profile deskewing; a pixel's own gradient angle is too coarse on a staircased
/// edge). The best angle to 0.05°, and a second clearly different local maximum if any.
fn skew_peaks(edges: &[EdgePx], extent: usize) -> Vec<f64> {
    // Positions across lie within ±extent (the page's width plus height).
    let bins = 2 * extent + 2;
    // A normal near vertical is a near-horizontal edge, placed by its v; and vice versa.
    let horizontal: Vec<(f64, f64)> =
        edges.iter().filter(|e| e.phi.sin().abs() > 0.57).map(|e| (e.x as f64, e.y as f64)).collect();
    let vertical: Vec<(f64, f64)> =
        edges.iter().filter(|e| e.phi.cos().abs() > 0.57).map(|e| (e.x as f64, e.y as f64)).collect();
    let mut counts = vec![0u32; bins];
    let mut sharpness = |deg: f64| {
        let (s, c) = deg.to_radians().sin_cos();
        let mut sum = 0.0;
        for (points, across) in [(&horizontal, [-s, c]), (&vertical, [c, s])] {
            counts.fill(0);
            for &(x, y) in points.iter() {
                let at = (x * across[0] + y * across[1] + extent as f64).max(0.0) as usize;
                counts[at.min(bins - 1)] += 1;
            }
            sum += counts.iter().map(|&n| (n as f64) * (n as f64)).sum::<f64>();
        }
        sum
    };
    let coarse: Vec<(f64, f64)> =
        (-24..=24).map(|i| i as f64 * MAX_SKEW_DEG / 24.0).map(|a| (a, sharpness(a))).collect();
    let mut maxima: Vec<(f64, f64)> = (0..coarse.len())
        .filter(|&i| (i == 0 || coarse[i].1 >= coarse[i - 1].1) && coarse.get(i + 1).is_none_or(|n| coarse[i].1 > n.1))
        .map(|i| coarse[i])
        .collect();
    maxima.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut peaks: Vec<f64> = Vec::new();
    for (a, _) in maxima {
        if peaks.iter().all(|p| (p - a).abs() > 1.5) {
            // Refine to 0.05° around the coarse maximum.
            let fine = (-6..=6)
                .map(|k| a + k as f64 * 0.05)
                .map(|x| (x, sharpness(x)))
                .max_by(|p, q| p.1.total_cmp(&q.1))
                .map_or(a, |p| p.0);
            peaks.push(fine);
        }
        if peaks.len() == 2 {
            break;
        }
    }
    peaks
}

/// The best rectangle at one skew: its place on the deskewed grid.
#[derive(Debug, Clone, Copy)]
struct Coarse {
    theta: f64,
    /// Top-left corner, deskewed coordinates (working pixels).
    u: f64,
    v: f64,
    /// Side lengths along u and v (working pixels).
    a: f64,
    b: f64,
    /// The card's width runs along u (else along v).
    width_along_u: bool,
    /// Sum of the four sides' coverage (0..4).
    score: f64,
}

/// The deskewed edge grids at skew `theta` and the best-covered rectangle of the card's size
/// (coarse pixels).
fn rectangle(edges: &[EdgePx], w: usize, h: usize, theta: f64, size: [f64; 2]) -> Option<Coarse> {
    let (c, s) = (theta.cos(), theta.sin());
    let rot = |x: f64, y: f64| (x * c + y * s, -x * s + y * c);
    let page = [rot(0.0, 0.0), rot(w as f64, 0.0), rot(w as f64, h as f64), rot(0.0, h as f64)];
    let umin = page.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let vmin = page.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let umax = page.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let vmax = page.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let gw = ((umax - umin) / CELL).ceil() as usize + 1;
    let gh = ((vmax - vmin) / CELL).ceil() as usize + 1;
    // Cells crossed by a horizontal side (gradient along v) and by a vertical side (along u).
    let mut horiz = vec![0u8; gw * gh];
    let mut vert = vec![0u8; gw * gh];
    for e in edges {
        let (u, v) = rot(e.x as f64, e.y as f64);
        let (gx, gy) = (((u - umin) / CELL) as usize, ((v - vmin) / CELL) as usize);
        if gx >= gw || gy >= gh {
            continue;
        }
        let psi = (e.phi as f64 - theta).rem_euclid(PI);
        if !(DIRECTION_TOLERANCE..=PI - DIRECTION_TOLERANCE).contains(&psi) {
            vert[gy * gw + gx] = 1;
        } else if (psi - PI / 2.0).abs() < DIRECTION_TOLERANCE {
            horiz[gy * gw + gx] = 1;
        }
    }
    // A side may wander by a cell: dilate across it. Then prefix sums along it.
    let mut rows = vec![0u32; gh * (gw + 1)];
    for y in 0..gh {
        for x in 0..gw {
            let on = (y.saturating_sub(1)..(y + 2).min(gh)).any(|yy| horiz[yy * gw + x] != 0);
            rows[y * (gw + 1) + x + 1] = rows[y * (gw + 1) + x] + on as u32;
        }
    }
    let mut cols = vec![0u32; gw * (gh + 1)];
    for x in 0..gw {
        for y in 0..gh {
            let on = (x.saturating_sub(1)..(x + 2).min(gw)).any(|xx| vert[y * gw + xx] != 0);
            cols[x * (gh + 1) + y + 1] = cols[x * (gh + 1) + y] + on as u32;
        }
    }
    let row = |y: usize, x0: usize, x1: usize| (rows[y * (gw + 1) + x1 + 1] - rows[y * (gw + 1) + x0]) as f64;
    let col = |x: usize, y0: usize, y1: usize| (cols[x * (gh + 1) + y1 + 1] - cols[x * (gh + 1) + y0]) as f64;

    // Best per (orientation, scale), then the outermost of the near-best around the best.
    let mut found: Vec<Coarse> = Vec::new();
    for width_along_u in [true, false] {
        let (su, sv) = if width_along_u { (size[0], size[1]) } else { (size[1], size[0]) };
        for k in SCALES {
            let a = (su * k / CELL).round() as usize;
            let b = (sv * k / CELL).round() as usize;
            if a < 2 || b < 2 || a + 1 > gw || b + 1 > gh {
                continue;
            }
            let mut best = (0.0, 0, 0);
            for y in 0..gh - b {
                for x in 0..gw - a {
                    let horizontal = row(y, x, x + a) + row(y + b, x, x + a);
                    if horizontal / (a + 1) as f64 + 2.0 <= best.0 {
                        continue; // cannot beat the best even with full vertical sides
                    }
                    let score =
                        horizontal / (a + 1) as f64 + (col(x, y, y + b) + col(x + a, y, y + b)) / (b + 1) as f64;
                    if score > best.0 {
                        best = (score, x, y);
                    }
                }
            }
            found.push(Coarse {
                theta,
                u: umin + (best.1 as f64 + 0.5) * CELL,
                v: vmin + (best.2 as f64 + 0.5) * CELL,
                a: a as f64 * CELL,
                b: b as f64 * CELL,
                width_along_u,
                score: best.0,
            });
        }
    }
    let top = found.iter().copied().max_by(|x, y| x.score.total_cmp(&y.score))?;
    let centre = |c: &Coarse| (c.u + c.a / 2.0, c.v + c.b / 2.0);
    let (cu, cv) = centre(&top);
    let outer = found
        .iter()
        .filter(|c| c.width_along_u == top.width_along_u && c.score >= (0.7 * top.score).max(4.0 * MIN_SUPPORT))
        .filter(|c| {
            let (u, v) = centre(c);
            (u - cu).abs() < 0.04 * top.a && (v - cv).abs() < 0.04 * top.b
        })
        .max_by(|x, y| (x.a * x.b).total_cmp(&(y.a * y.b)))
        .copied()
        .unwrap_or(top);
    Some(Coarse { score: top.score, ..outer })
}

/// Each side of the coarse rectangle (working pixels) placed by its averaged gradient; a side
/// not seen is placed from the opposite one at the card's nominal `size`. Returns the corners
/// (working pixels, clockwise, side 0→1 along the card's width).
fn refine(fine: [&Gradient; 2], c: &Coarse, size: [f64; 2]) -> [[f64; 2]; 4] {
    let (cs, sn) = (c.theta.cos(), c.theta.sin());
    let frame = Deskewed { cos: cs, sin: sn };
    let (u0, v0, u1, v1) = (c.u, c.v, c.u + c.a, c.v + c.b);
    let (along_u, along_v) = if c.width_along_u { (size[0], size[1]) } else { (size[1], size[0]) };
    // About 4 mm: the coarse grid's cell and the size steps leave less.
    let reach = 0.027 * c.a.max(c.b);
    let measure = |at: f64, lo: f64, hi: f64, horizontal: bool| {
        let side = SideSpan { at, lo, hi, horizontal };
        measure_side(fine, &frame, &side, reach)
    };
    let mut top = measure(v0, u0, u1, true);
    let mut bottom = measure(v1, u0, u1, true);
    let mut left = measure(u0, v0, v1, false);
    let mut right = measure(u1, v0, v1, false);
    // A faint side from its opposite at the card's size; two faint sides keep the coarse place.
    let from = |other: Option<Placed>, by: f64| other.map(|o| Placed { at: o.at + by, ..o });
    (top, bottom) = match (top, bottom) {
        (None, b @ Some(_)) => (from(b, -along_v), b),
        (t @ Some(_), None) => (t, from(t, along_v)),
        tb => tb,
    };
    (left, right) = match (left, right) {
        (None, r @ Some(_)) => (from(r, -along_u), r),
        (l @ Some(_), None) => (l, from(l, along_u)),
        lr => lr,
    };
    let or = |p: Option<Placed>, at: f64| p.unwrap_or(Placed { at, lean: 0.0 });
    let (um, vm) = ((u0 + u1) / 2.0, (v0 + v1) / 2.0);
    let hline = |p: Placed| {
        Line::through(frame.page(um - 100.0, p.at - 100.0 * p.lean), frame.page(um + 100.0, p.at + 100.0 * p.lean))
    };
    let vline = |p: Placed| {
        Line::through(frame.page(p.at - 100.0 * p.lean, vm - 100.0), frame.page(p.at + 100.0 * p.lean, vm + 100.0))
    };
    let (top, bottom) = (hline(or(top, v0)), hline(or(bottom, v1)));
    let (left, right) = (vline(or(left, u0)), vline(or(right, u1)));
    let corner = |a: &Line, b: &Line, u: f64, v: f64| a.intersect(b).unwrap_or_else(|| frame.page(u, v));
    let tl = corner(&top, &left, u0, v0);
    let tr = corner(&top, &right, u1, v0);
    let br = corner(&bottom, &right, u1, v1);
    let bl = corner(&bottom, &left, u0, v1);
    if c.width_along_u { [tl, tr, br, bl] } else { [tr, br, bl, tl] }
}

/// The deskewed frame: u along the card's rows, v down its columns.
#[derive(Debug, Clone, Copy)]
struct Deskewed {
    cos: f64,
    sin: f64,
}

impl Deskewed {
    fn page(&self, u: f64, v: f64) -> [f64; 2] {
        [u * self.cos - v * self.sin, u * self.sin + v * self.cos]
    }
}

/// A side about to be measured: `v = at` for u in lo..hi (horizontal) or `u = at` for v in
/// lo..hi (vertical), deskewed coordinates.
#[derive(Debug, Clone, Copy)]
struct SideSpan {
    at: f64,
    lo: f64,
    hi: f64,
    horizontal: bool,
}

/// A side placed: its coordinate across (at the side's middle) and its lean (slope).
#[derive(Debug, Clone, Copy)]
struct Placed {
    at: f64,
    lean: f64,
}

/// The side's place within `reach` of where the coarse search put it: the offset and lean at
/// which the gradient across it, averaged along its middle 84 %, is strongest (in either
/// channel); `None` when that peak does not stand out.
fn measure_side(fine: [&Gradient; 2], frame: &Deskewed, side: &SideSpan, reach: f64) -> Option<Placed> {
    let mid = (side.lo + side.hi) / 2.0;
    let half = 0.42 * (side.hi - side.lo);
    let n = ((2.0 * half / 3.0) as usize).max(2);
    let normal = if side.horizontal { frame.page(0.0, 1.0) } else { frame.page(1.0, 0.0) };
    let leans = [-0.003, 0.0, 0.003]; // about ±0.17°
    let steps = reach.ceil() as i32;
    let mut profile = Vec::with_capacity(2 * steps as usize + 1);
    for k in -steps..=steps {
        let off = side.at + k as f64;
        let mut best = (0.0f64, 0.0);
        for lean in leans {
            for g in fine {
                let mut sum = 0.0f64;
                for i in 0..n {
                    let t = mid - half + 2.0 * half * i as f64 / (n - 1) as f64;
                    let across = off + (t - mid) * lean;
                    let [x, y] = if side.horizontal { frame.page(t, across) } else { frame.page(across, t) };
                    sum += g.signed_along(x, y, normal) as f64;
                }
                let strength = (sum / n as f64).abs();
                if strength > best.0 {
                    best = (strength, lean);
                }
            }
        }
        profile.push((off, best.0, best.1));
    }
    let mut levels: Vec<f64> = profile.iter().map(|p| p.1).collect();
    levels.sort_by(f64::total_cmp);
    let typical = levels[levels.len() / 2];
    let (i, peak) = profile.iter().copied().enumerate().max_by(|a, b| a.1.1.total_cmp(&b.1.1))?;
    if peak.1 < SIDE_CONTRAST * typical || peak.1 < 1.0 {
        return None;
    }
    // The peak between whole pixels, from a parabola through it and its neighbours.
    let at = match (i.checked_sub(1).and_then(|j| profile.get(j)), profile.get(i + 1)) {
        (Some(a), Some(b)) => {
            let curve = a.1 - 2.0 * peak.1 + b.1;
            if curve < 0.0 { peak.0 + (0.5 * (a.1 - b.1) / curve).clamp(-0.5, 0.5) } else { peak.0 }
        }
        _ => peak.0,
    };
    Some(Placed { at, lean: peak.2 })
}
