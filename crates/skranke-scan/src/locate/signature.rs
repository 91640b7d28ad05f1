//! The signature field on the upright card: the layout's field, moved onto the form's printed
//! box when one is there, then grown to take in ink that runs over its edges. Ink is dark
//! pixels off the printed thin lines (rows or columns dark across most of the field), in
//! strokes that reach into the field (print beside the field is not ink). The result always
//! covers the field; the clerk adjusts it with handles.

use super::frame::{CardFrame, Region, grow};
use super::grey::Grey;
use super::warp::{supersampling, warp_rgb};
use crate::RectMm;

/// The resolution the field is read at (at most the scan's).
const SIGNATURE_DPI: f64 = 150.0;
/// How far beyond the field ink is looked for, mm.
const MARGIN_MM: f64 = 5.0;
/// How far the printed box may lie from the layout's field, mm.
const BOX_SHIFT_MM: f64 = 3.0;
/// A row (column) is a printed line when this share of the field's width (height) is dark.
const LINE_SHARE: f64 = 0.5;
/// Fewer ink pixels than this share of the field is no signature to follow.
const MIN_INK_SHARE: f64 = 0.002;

/// The signature's rectangle in the upright card's millimetres.
pub(crate) fn find_signature(page: &image::RgbImage, dpi: f64, frame: &CardFrame, field: RectMm) -> RectMm {
    let work_dpi = dpi.min(SIGNATURE_DPI);
    let region = frame.region(grow(field, MARGIN_MM), work_dpi / 25.4);
    let rgb =
        warp_rgb(page, &region.to_image, region.width as u32, region.height as u32, supersampling(dpi / work_dpi));
    refine(&Grey::from_rgb(&rgb), &region, field)
}

fn refine(g: &Grey, region: &Region, field: RectMm) -> RectMm {
    let paper = g.quantile(0.7);
    let limit = paper - (0.25 * paper).max(40.0);
    let dark = |x: usize, y: usize| g.px[y * g.w + x] < limit;
    let [fx0, fy0] = region.px_of([field.x, field.y]);
    let [fx1, fy1] = region.px_of([field.x + field.width, field.y + field.height]);
    let clamp_x = |v: f64| (v.max(0.0) as usize).min(g.w);
    let clamp_y = |v: f64| (v.max(0.0) as usize).min(g.h);
    let (fx0, fx1, fy0, fy1) = (clamp_x(fx0), clamp_x(fx1), clamp_y(fy0), clamp_y(fy1));
    if fx1 <= fx0 || fy1 <= fy0 {
        return field;
    }
    // Printed lines: rows dark across the field's width, columns dark down its height.
    let line_row: Vec<bool> =
        (0..g.h).map(|y| (fx0..fx1).filter(|&x| dark(x, y)).count() as f64 > LINE_SHARE * (fx1 - fx0) as f64).collect();
    let line_col: Vec<bool> =
        (0..g.w).map(|x| (fy0..fy1).filter(|&y| dark(x, y)).count() as f64 > LINE_SHARE * (fy1 - fy0) as f64).collect();
    let near_line = |lines: &[bool], i: usize| lines[i.saturating_sub(1)..(i + 2).min(lines.len())].iter().any(|&l| l);

    // The printed box, when both its opposite lines are where the layout says (± BOX_SHIFT_MM).
    let ppm = region.px_per_mm;
    let mut f = field;
    if let Some((top, bottom)) = box_lines(&line_row, fy0 as f64, fy1 as f64, BOX_SHIFT_MM * ppm) {
        f.y = region.mm_of([0.0, top])[1];
        f.height = (bottom - top) / ppm;
    }
    if let Some((left, right)) = box_lines(&line_col, fx0 as f64, fx1 as f64, BOX_SHIFT_MM * ppm) {
        f.x = region.mm_of([left, 0.0])[0];
        f.width = (right - left) / ppm;
    }

    // Ink: dark pixels off the printed lines, in strokes that reach into the field (so a stroke
    // running over its edge counts, and the printed label beside the field does not). Strokes
    // are the dark pixels' 8-connected parts, printed lines included, so a stroke crossing the
    // field's border stays one.
    let ink = |x: usize, y: usize| dark(x, y) && !near_line(&line_row, y) && !near_line(&line_col, x);
    let labels = components(g.w, g.h, dark);
    let inset = ppm;
    let (ix0, iy0) = ((fx0 as f64 + inset) as usize, (fy0 as f64 + inset) as usize);
    let (ix1, iy1) = (((fx1 as f64 - inset).max(0.0)) as usize, ((fy1 as f64 - inset).max(0.0)) as usize);
    let mut in_field = vec![false; labels.count];
    for y in iy0..iy1.min(g.h) {
        for x in ix0..ix1.min(g.w) {
            if let Some(l) = labels.of(x, y)
                && ink(x, y)
            {
                in_field[l] = true;
            }
        }
    }
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for y in 0..g.h {
        for x in 0..g.w {
            if ink(x, y) && labels.of(x, y).is_some_and(|l| in_field[l]) {
                xs.push(x);
                ys.push(y);
            }
        }
    }
    let field_px = (f.width * f.height * ppm * ppm).max(1.0);
    if (xs.len() as f64) < MIN_INK_SHARE * field_px {
        return f;
    }
    xs.sort_unstable();
    ys.sort_unstable();
    let q = |v: &[usize], share: f64| v[((v.len() - 1) as f64 * share) as usize] as f64;
    let [ix0, iy0] = region.mm_of([q(&xs, 0.005), q(&ys, 0.005)]);
    let [ix1, iy1] = region.mm_of([q(&xs, 0.995) + 1.0, q(&ys, 0.995) + 1.0]);
    let (x0, y0) = (f.x.min(ix0), f.y.min(iy0));
    let (x1, y1) = ((f.x + f.width).max(ix1), (f.y + f.height).max(iy1));
    RectMm { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/// The 8-connected parts of a mask.
struct Components {
    w: usize,
    label: Vec<u32>,
    count: usize,
}

impl Components {
    fn of(&self, x: usize, y: usize) -> Option<usize> {
        let l = self.label[y * self.w + x];
        (l != u32::MAX).then_some(l as usize)
    }
}

/// Labels the 8-connected parts of the pixels where `on` holds (union-find over one pass).
fn components(w: usize, h: usize, on: impl Fn(usize, usize) -> bool) -> Components {
    let mut parent: Vec<u32> = Vec::new();
    let mut label = vec![u32::MAX; w * h];
    fn root(parent: &mut [u32], mut a: u32) -> u32 {
        while parent[a as usize] != a {
            parent[a as usize] = parent[parent[a as usize] as usize];
            a = parent[a as usize];
        }
        a
    }
    for y in 0..h {
        for x in 0..w {
            if !on(x, y) {
                continue;
            }
            let mut mine = u32::MAX;
            let neighbours = [
                (x.wrapping_sub(1), y),
                (x.wrapping_sub(1), y.wrapping_sub(1)),
                (x, y.wrapping_sub(1)),
                (x + 1, y.wrapping_sub(1)),
            ];
            for (nx, ny) in neighbours {
                if nx >= w || ny >= h {
                    continue;
                }
                let l = label[ny * w + nx];
                if l == u32::MAX {
                    continue;
                }
                let r = root(&mut parent, l);
                if mine == u32::MAX {
                    mine = r;
                } else if r != mine {
                    let (a, b) = (r.min(mine), r.max(mine));
                    parent[b as usize] = a;
                    mine = a;
                }
            }
            if mine == u32::MAX {
                mine = parent.len() as u32;
                parent.push(mine);
            }
            label[y * w + x] = mine;
        }
    }
    // Flatten to dense labels.
    let mut dense = vec![u32::MAX; parent.len()];
    let mut count = 0usize;
    for l in label.iter_mut().filter(|l| **l != u32::MAX) {
        let r = root(&mut parent, *l) as usize;
        if dense[r] == u32::MAX {
            dense[r] = count as u32;
            count += 1;
        }
        *l = dense[r];
    }
    Components { w, label, count }
}

/// The pair of printed lines nearest to `lo` and `hi` (each within `reach`), as the box's
/// outer edges in pixels; `None` unless both are there.
fn box_lines(lines: &[bool], lo: f64, hi: f64, reach: f64) -> Option<(f64, f64)> {
    let nearest = |at: f64| {
        (0..lines.len())
            .filter(|&i| lines[i] && (i as f64 + 0.5 - at).abs() <= reach)
            .min_by(|&a, &b| (a as f64 + 0.5 - at).abs().total_cmp(&(b as f64 + 0.5 - at).abs()))
    };
    let (a, b) = (nearest(lo)?, nearest(hi)?);
    (b > a).then_some((a as f64, b as f64 + 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::frame::CardFrame;

    /// A 1 px/mm card region around a 40x10 mm field at (5, 5) of a 50x20 region.
    fn setup() -> (Region, RectMm) {
        let frame = CardFrame::new(&[[0.0, 0.0], [100.0, 0.0], [100.0, 50.0], [0.0, 50.0]], [100.0, 50.0]).unwrap();
        let field = RectMm { x: 10.0, y: 10.0, width: 40.0, height: 10.0 };
        (frame.region(grow(field, 5.0), 1.0), field)
    }

    #[test]
    fn a_printed_line_is_not_ink_and_ink_over_the_edge_grows_the_field() {
        let (region, field) = setup();
        let mut g = Grey { w: region.width, h: region.height, px: vec![240.0; region.width * region.height] };
        // A baseline across the whole field (printed) and a stroke running 3 mm over the right edge.
        for x in 5..45 {
            g.px[12 * g.w + x] = 100.0;
        }
        for x in 30..48 {
            g.px[9 * g.w + x] = 30.0;
            g.px[10 * g.w + x] = 30.0;
        }
        let r = refine(&g, &region, field);
        assert_eq!((r.x, r.y, r.height), (field.x, field.y, field.height), "{r:?}");
        assert!((r.x + r.width - 53.0).abs() < 1.01, "{r:?}");
    }

    #[test]
    fn print_beside_the_field_is_not_ink() {
        let (region, field) = setup();
        let mut g = Grey { w: region.width, h: region.height, px: vec![240.0; region.width * region.height] };
        // A stroke inside the field, and a printed label 2 mm below the field.
        for x in 20..30 {
            g.px[10 * g.w + x] = 30.0;
        }
        for x in 5..20 {
            g.px[18 * g.w + x] = 40.0;
        }
        assert_eq!(refine(&g, &region, field), field);
    }

    #[test]
    fn an_empty_field_is_the_layout_field() {
        let (region, field) = setup();
        let g = Grey { w: region.width, h: region.height, px: vec![240.0; region.width * region.height] };
        assert_eq!(refine(&g, &region, field), field);
    }
}
