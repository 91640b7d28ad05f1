//! The glued photo on the upright card: the face detector on the region around the expected
//! photo (at up to 150 dpi), then the photo's four edges, each the straightest strong edge near
//! where the layout (or the face) puts it, within a few degrees of the card's axes, paired so
//! the photo has about the layout's size and holds the face. When no such edges are found the
//! layout's photo box is proposed instead.

use image::imageops;
use skranke_photo::Models;

use super::frame::{CardFrame, Region, corners_mm, grow};
use super::grey::{Gradient, Grey};
use super::lines::Line;
use super::orient::MIN_FACE_SCORE;
use super::warp::{supersampling, warp_rgb};
use crate::{RectMm, ScanError};

/// The resolution the photo's edges are looked for at (at most the scan's).
const PHOTO_DPI: f64 = 150.0;
/// How far beyond the expected photo the region reaches, mm.
const MARGIN_MM: f64 = 9.0;
/// How far a side may lie from where it is expected, mm.
const SHIFT_MM: f64 = 6.0;
/// How far a side may lean, degrees (a photo glued a little crooked).
const MAX_LEAN_DEG: f64 = 3.0;
/// The photo's width and height may differ from the layout's by this share.
const SIZE_TOLERANCE: f64 = 0.1;
/// A side's mean edge strength (Sobel, capped per sample) must reach this...
const MIN_EDGE: f64 = 18.0;
/// ...and this many times the typical line's strength in its search window.
const MIN_EDGE_RATIO: f64 = 2.0;
/// Without a face, a photo must cover this share of its box's middle (not paper).
const MIN_PHOTO_COVER: f64 = 0.3;
/// Per-sample cap, so a few very strong pixels cannot make a line.
const EDGE_CAP: f32 = 250.0;

/// The photo found on the card.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhotoFound {
    /// Corners in the upright card's millimetres, clockwise from the photo's top-left.
    pub corners_mm: [[f64; 2]; 4],
    /// At least three of the photo's own edges were seen (else the corners are the layout's
    /// box, or the sides seen completed at the layout's size).
    pub edges_found: bool,
}

/// Looks for the photo expected at `expected` (card mm) on the page (`frame` maps card mm to
/// page pixels). `None` when there is neither a face nor a photo's edges and texture there.
pub(crate) fn find_photo(
    page: &image::RgbImage,
    dpi: f64,
    frame: &CardFrame,
    expected: RectMm,
    layout_box: RectMm,
    models: &Models,
) -> Result<Option<PhotoFound>, ScanError> {
    let work_dpi = dpi.min(PHOTO_DPI);
    let region = frame.region(grow(expected, MARGIN_MM), work_dpi / 25.4);
    let rgb =
        warp_rgb(page, &region.to_image, region.width as u32, region.height as u32, supersampling(dpi / work_dpi));
    let face = face_box(&rgb, models)?;
    let grey = Grey::from_rgb(&rgb);
    let grad = Gradient::of(&grey);
    let edges = photo_edges(&grad, &region, expected, face);
    let paper = grey.quantile(0.9);
    let textured = |r: RectMm| not_paper(&grey, &region, r, paper) > MIN_PHOTO_COVER;
    Ok(match edges {
        Some((c, seen)) if face.is_some() || textured(bounding(&c)) => {
            Some(PhotoFound { corners_mm: c, edges_found: seen >= 3 })
        }
        _ if face.is_some() || textured(layout_box) => {
            Some(PhotoFound { corners_mm: corners_mm(layout_box), edges_found: false })
        }
        _ => None,
    })
}

/// The best face in the region as a box `[x0, y0, x1, y1]` in region pixels, upright or
/// upside down (a photo glued upside down still has its edges found).
fn face_box(rgb: &image::RgbImage, models: &Models) -> Result<Option<[f64; 4]>, ScanError> {
    let model = |e: skranke_photo::PhotoError| ScanError::FaceModel(e.to_string());
    let (w, h) = (rgb.width() as f64, rgb.height() as f64);
    let boxed = |f: &skranke_photo::Face, turned: bool| {
        let (cx, cy) = if turned { (w - f.center.x, h - f.center.y) } else { (f.center.x, f.center.y) };
        [cx - f.width / 2.0, cy - f.height / 2.0, cx + f.width / 2.0, cy + f.height / 2.0]
    };
    if let Some(f) = models.detect(rgb, MIN_FACE_SCORE).map_err(model)?.first() {
        return Ok(Some(boxed(f, false)));
    }
    let turned = imageops::rotate180(rgb);
    Ok(models.detect(&turned, MIN_FACE_SCORE).map_err(model)?.first().map(|f| boxed(f, true)))
}

/// A candidate side: its line in region pixels, where it crosses the side's middle and its
/// mean edge strength.
#[derive(Debug, Clone, Copy)]
struct Side {
    line: Line,
    offset: f64,
    strength: f64,
}

impl Side {
    /// The parallel line `by` pixels further along x (vertical side) or y.
    fn shifted(&self, by: f64, vertical: bool) -> Line {
        let step = if vertical { self.line.n[0] * by } else { self.line.n[1] * by };
        Line { n: self.line.n, d: self.line.d + step }
    }
}

/// The photo's corners (card mm) from its edges, and how many of its four sides were seen
/// (a side not seen is placed from the opposite one at the layout's size, or where the layout
/// expects it). `None` when no side is seen on either axis.
fn photo_edges(
    grad: &Gradient,
    region: &Region,
    expected: RectMm,
    face: Option<[f64; 4]>,
) -> Option<([[f64; 2]; 4], usize)> {
    let ppm = region.px_per_mm;
    let [x0, y0] = region.px_of([expected.x, expected.y]);
    let [x1, y1] = region.px_of([expected.x + expected.width, expected.y + expected.height]);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (pw, ph) = (x1 - x0, y1 - y0);
    // Vertical sides sample the middle 70 % of the expected height, horizontal ones of the width.
    let left = candidates(grad, x0, cy, 0.35 * ph, SHIFT_MM * ppm, true);
    let right = candidates(grad, x1, cy, 0.35 * ph, SHIFT_MM * ppm, true);
    let top = candidates(grad, y0, cx, 0.35 * pw, SHIFT_MM * ppm, false);
    let bottom = candidates(grad, y1, cx, 0.35 * pw, SHIFT_MM * ppm, false);
    let centre = face.map(|f| [(f[0] + f[2]) / 2.0, (f[1] + f[3]) / 2.0]);
    let (l, r) = axis(&left, &right, pw, centre.map(|c| c[0]));
    let (t, b) = axis(&top, &bottom, ph, centre.map(|c| c[1]));
    let seen = [l, r, t, b].iter().filter(|s| s.is_some()).count();
    if (l.is_none() && r.is_none()) || (t.is_none() && b.is_none()) {
        return None;
    }
    let place = |lo: Option<Side>, hi: Option<Side>, size: f64, at: [f64; 2], vertical: bool| match (lo, hi) {
        (Some(a), Some(b)) => (a.line, b.line),
        (Some(a), None) => (a.line, a.shifted(size, vertical)),
        (None, Some(b)) => (b.shifted(-size, vertical), b.line),
        (None, None) => (axis_line(at[0], vertical), axis_line(at[1], vertical)),
    };
    let (l, r) = place(l, r, pw, [x0, x1], true);
    let (t, b) = place(t, b, ph, [y0, y1], false);
    let c = [t.intersect(&l)?, t.intersect(&r)?, b.intersect(&r)?, b.intersect(&l)?];
    Some((c.map(|p| region.mm_of(p)), seen))
}

/// One axis's two sides: on each side the innermost clearly strong line (the glued photo's own
/// edge lies inside the printed box's line and outside its own shadow), if the two are about
/// the photo's size apart around the face; else the strongest such pair; else the one side
/// that stands out most.
fn axis(lo: &[Side], hi: &[Side], size: f64, face: Option<f64>) -> (Option<Side>, Option<Side>) {
    let holds = |a: f64, b: f64| face.is_none_or(|c| c > a + 0.15 * size && c < b - 0.15 * size);
    let fits = |a: &Side, b: &Side| {
        (((b.offset - a.offset) / size) - 1.0).abs() <= SIZE_TOLERANCE && holds(a.offset, b.offset)
    };
    let innermost = |sides: &[Side], inward: f64| {
        let top = sides.iter().map(|s| s.strength).fold(0.0, f64::max);
        sides
            .iter()
            .filter(|s| s.strength >= 0.5 * top)
            .max_by(|a, b| (a.offset * inward).total_cmp(&(b.offset * inward)))
            .copied()
    };
    if let (Some(a), Some(b)) = (innermost(lo, 1.0), innermost(hi, -1.0))
        && fits(&a, &b)
    {
        return (Some(a), Some(b));
    }
    if let Some((a, b)) = pair(lo, hi, size, holds) {
        return (Some(a), Some(b));
    }
    let best = |sides: &[Side]| sides.first().copied();
    match (best(lo), best(hi)) {
        (Some(a), Some(b)) if a.strength >= b.strength => (Some(a), None),
        (Some(_), Some(b)) => (None, Some(b)),
        (a, b) => (a, b),
    }
}

/// The line `x = at` (vertical) or `y = at`.
fn axis_line(at: f64, vertical: bool) -> Line {
    if vertical { Line::through([at, 0.0], [at, 1.0]) } else { Line::through([0.0, at], [1.0, at]) }
}

/// The strongest lines across a side expected at `at` (x for a vertical side, y for a
/// horizontal one), centred on `mid` along it with half-length `half`, within `shift` of `at`
/// and `MAX_LEAN_DEG` of the axis: the local maxima of strength over the offset, strongest
/// first, those clearly above the window's typical line.
fn candidates(grad: &Gradient, at: f64, mid: f64, half: f64, shift: f64, vertical: bool) -> Vec<Side> {
    let normal = if vertical { [1.0, 0.0] } else { [0.0, 1.0] };
    let leans: Vec<f64> = (-6..=6).map(|i| (i as f64 * MAX_LEAN_DEG / 6.0).to_radians().tan()).collect();
    let samples: Vec<f64> = (0..=((2.0 * half / 2.0) as usize)).map(|i| mid - half + 2.0 * i as f64).collect();
    let offsets: Vec<f64> = (-(shift as i64)..=(shift as i64)).map(|d| at + d as f64).collect();
    let mut profile: Vec<(f64, f64)> = Vec::with_capacity(offsets.len()); // (strength, lean)
    for &o in &offsets {
        let mut best = (0.0, 0.0);
        for &lean in &leans {
            let sum: f64 = samples
                .iter()
                .map(|&s| {
                    let (x, y) = if vertical { (o + (s - mid) * lean, s) } else { (s, o + (s - mid) * lean) };
                    grad.along(x, y, normal).min(EDGE_CAP) as f64
                })
                .sum();
            let mean = sum / samples.len().max(1) as f64;
            if mean > best.0 {
                best = (mean, lean);
            }
        }
        profile.push(best);
    }
    let mut typical: Vec<f64> = profile.iter().map(|p| p.0).collect();
    typical.sort_by(f64::total_cmp);
    let floor = (MIN_EDGE_RATIO * typical.get(typical.len() / 2).copied().unwrap_or(0.0)).max(MIN_EDGE);
    let mut sides: Vec<Side> = (0..profile.len())
        .filter(|&i| profile[i].0 >= floor)
        .filter(|&i| {
            (i == 0 || profile[i].0 >= profile[i - 1].0) && profile.get(i + 1).is_none_or(|n| profile[i].0 > n.0)
        })
        .map(|i| {
            let (o, lean) = (offsets[i], profile[i].1);
            let (a, b) = if vertical {
                ([o - half * lean, mid - half], [o + half * lean, mid + half])
            } else {
                ([mid - half, o - half * lean], [mid + half, o + half * lean])
            };
            Side { line: Line::through(a, b), offset: o, strength: profile[i].0 }
        })
        .collect();
    sides.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    sides.truncate(6);
    sides
}

/// The strongest pair of opposite sides about `size` apart that `holds` the face.
fn pair(lo: &[Side], hi: &[Side], size: f64, holds: impl Fn(f64, f64) -> bool) -> Option<(Side, Side)> {
    let mut best: Option<(Side, Side)> = None;
    for a in lo {
        for b in hi {
            let span = b.offset - a.offset;
            let fits = (span / size - 1.0).abs() <= SIZE_TOLERANCE && holds(a.offset, b.offset);
            if fits && best.is_none_or(|(x, y)| a.strength + b.strength > x.strength + y.strength) {
                best = Some((*a, *b));
            }
        }
    }
    best
}

/// The bounding rectangle of corners (card mm).
fn bounding(c: &[[f64; 2]; 4]) -> RectMm {
    let (x0, x1) = (
        c.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min),
        c.iter().map(|p| p[0]).fold(f64::NEG_INFINITY, f64::max),
    );
    let (y0, y1) = (
        c.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min),
        c.iter().map(|p| p[1]).fold(f64::NEG_INFINITY, f64::max),
    );
    RectMm { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/// The share of the middle of `r` (card mm) that is not paper (`paper` the paper's level): a
/// photo covers its box, the label printed in an empty box does not.
fn not_paper(grey: &Grey, region: &Region, r: RectMm, paper: f32) -> f64 {
    let inner = grow(r, -0.15 * r.width.min(r.height));
    let [x0, y0] = region.px_of([inner.x, inner.y]);
    let [x1, y1] = region.px_of([inner.x + inner.width, inner.y + inner.height]);
    let (x0, y0) = (x0.max(0.0) as usize, y0.max(0.0) as usize);
    let (x1, y1) = ((x1.max(0.0) as usize).min(grey.w), (y1.max(0.0) as usize).min(grey.h));
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    let off = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| (grey.px[y * grey.w + x] - paper).abs() > 20.0);
    off.count() as f64 / ((x1 - x0) * (y1 - y0)) as f64
}
