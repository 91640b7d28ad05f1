//! Where the signature's ink is in a scanned field: the paper's level estimated locally (a fold
//! shadow or a tinted card is paper, not ink), ink as what is clearly darker than that, the form's
//! printed lines taken out, then the marks sorted into specks (dust), stray pieces of print
//! (thin and straight along the field's axes) and the signature.

use image::RgbImage;

use super::ScanSignatureThresholds;

/// The paper's level is estimated in square tiles this size, mm (a few letters wide, so a tile
/// is mostly paper even under a dense scribble).
const TILE_MM: f64 = 6.0;
/// A printed line may drift this far up or down (left or right) from a row (column) and still
/// count as one straight run, mm: about 1° over the stamkort field's width.
const LINE_DRIFT_MM: f64 = 0.4;
/// A printed line this close to a side of the crop is the field's border: the field's edge is
/// there, not at the crop's side, mm.
const BORDER_ZONE_MM: f64 = 3.0;
/// A mark lying wholly this close to one side of the crop is what is left of the field's printed
/// border where the crop cuts through it (a line half a pixel wide, broken by the scan), mm.
const EDGE_BAND_MM: f64 = 0.6;

/// The ink found in a field and what was taken out before the checks.
pub(crate) struct InkMap {
    /// Field width, pixels.
    pub width: usize,
    /// Field height, pixels.
    pub height: usize,
    /// Pixels per millimetre.
    pub px_per_mm: f64,
    /// Per pixel (row by row): part of a signature-like mark.
    pub ink: Vec<bool>,
    /// How many signature pixels there are.
    pub ink_count: usize,
    /// Marks left after the lines were taken out that are thin and straight along an axis.
    pub stray_marks: usize,
    /// The field's inside, pixels `[left, top, right, bottom]` (right and bottom exclusive): the
    /// crop, or within its printed border where one was found near a side.
    pub inside: [usize; 4],
}

impl InkMap {
    /// Finds the ink in `crop` scanned at `px_per_mm`.
    pub fn of(crop: &RgbImage, px_per_mm: f64, t: &ScanSignatureThresholds) -> Self {
        let (w, h) = (crop.width() as usize, crop.height() as usize);
        let luma: Vec<u8> = crop.pixels().map(|p| luma(p.0)).collect();
        let paper = paper_level(&luma, w, h, ((TILE_MM * px_per_mm).round() as usize).max(8));
        let dark = 1.0 - t.ink_contrast;
        let mut mask: Vec<bool> = luma.iter().zip(&paper).map(|(&l, &p)| f32::from(l) < p * dark as f32).collect();
        let drift = ((LINE_DRIFT_MM * px_per_mm).round() as usize).max(1);
        let share = t.printed_line_min_share;
        let (across, rows) = long_runs(&mask, w, h, Axis::Rows, ((share * w as f64).ceil() as usize).max(2), drift);
        let (down, columns) = long_runs(&mask, w, h, Axis::Columns, ((share * h as f64).ceil() as usize).max(2), drift);
        let zone = (BORDER_ZONE_MM * px_per_mm).round() as usize;
        let (left, right) = border(&columns, w, zone);
        let (top, bottom) = border(&rows, h, zone);
        for ((m, a), d) in mask.iter_mut().zip(&across).zip(&down) {
            *m &= !(*a || *d);
        }
        let (labels, marks) = components(&mask, w, h);
        let band = ((EDGE_BAND_MM * px_per_mm).round() as usize).max(1);
        let kinds: Vec<Kind> =
            marks.iter().map(|m| if m.hugs_a_side(w, h, band) { Kind::Border } else { m.kind(px_per_mm, t) }).collect();
        let ink: Vec<bool> = labels.iter().map(|&l| l > 0 && kinds[l as usize - 1] == Kind::Signature).collect();
        let ink_count = ink.iter().filter(|&&i| i).count();
        let stray_marks = kinds.iter().filter(|&&k| k == Kind::Stray).count();
        let inside = [left, top, right, bottom];
        Self { width: w, height: h, px_per_mm, ink, ink_count, stray_marks, inside }
    }

    /// The signature pixels' coordinates `(x, y)`.
    pub fn points(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let w = self.width;
        self.ink.iter().enumerate().filter(|(_, i)| **i).map(move |(k, _)| (k % w, k / w))
    }
}

/// Luma (BT.601) of an sRGB pixel, rounded.
fn luma([r, g, b]: [u8; 3]) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) + 500) / 1000) as u8
}

/// The paper's luminance under each pixel: per tile the 90th percentile (ink covers far less
/// than a tenth of almost every tile), a tile much darker than its neighbours (one full of ink)
/// taking their value, then interpolated between tile centres so a gradual shadow is followed.
fn paper_level(luma: &[u8], w: usize, h: usize, tile: usize) -> Vec<f32> {
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let (nx, ny) = (w.div_ceil(tile), h.div_ceil(tile));
    let mut level = vec![0f32; nx * ny];
    for ty in 0..ny {
        for tx in 0..nx {
            let mut hist = [0u32; 256];
            for y in ty * tile..((ty + 1) * tile).min(h) {
                for &l in &luma[y * w + tx * tile..y * w + ((tx + 1) * tile).min(w)] {
                    hist[l as usize] += 1;
                }
            }
            level[ty * nx + tx] = percentile(&hist, 0.9);
        }
    }
    let raw = level.clone();
    for ty in 0..ny {
        for tx in 0..nx {
            let mut brightest = 0f32;
            for y in ty.saturating_sub(1)..(ty + 2).min(ny) {
                for x in tx.saturating_sub(1)..(tx + 2).min(nx) {
                    brightest = brightest.max(raw[y * nx + x]);
                }
            }
            if raw[ty * nx + tx] < 0.8 * brightest {
                level[ty * nx + tx] = brightest;
            }
        }
    }
    let at = |pos: usize, n: usize| {
        let f = ((pos as f32 + 0.5) / tile as f32 - 0.5).clamp(0.0, (n - 1) as f32);
        let i = (f.floor() as usize).min(n - 1);
        (i, (i + 1).min(n - 1), f - i as f32)
    };
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (y0, y1, fy) = at(y, ny);
        for x in 0..w {
            let (x0, x1, fx) = at(x, nx);
            let top = level[y0 * nx + x0] * (1.0 - fx) + level[y0 * nx + x1] * fx;
            let bottom = level[y1 * nx + x0] * (1.0 - fx) + level[y1 * nx + x1] * fx;
            out.push(top * (1.0 - fy) + bottom * fy);
        }
    }
    out
}

/// The value below which `share` of a histogram's samples lie.
fn percentile(hist: &[u32; 256], share: f64) -> f32 {
    let n: u32 = hist.iter().sum();
    let want = (share * f64::from(n)).ceil() as u32;
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen >= want.max(1) {
            return v as f32;
        }
    }
    255.0
}

/// The direction of the lines [`long_runs`] looks for.
#[derive(Clone, Copy)]
enum Axis {
    /// Horizontal lines (along rows).
    Rows,
    /// Vertical lines (along columns).
    Columns,
}

/// Mask pixels on a long straight run: along each row (column), the mask widened by `drift`
/// pixels across the run's direction, so a line leaning slightly still forms one run; the mask
/// pixels within a run of `min_len` or more are marked. Handwriting rarely stays within such a
/// narrow band for half the field. Also returns the rows (columns) that hold such a run.
fn long_runs(mask: &[bool], w: usize, h: usize, axis: Axis, min_len: usize, drift: usize) -> (Vec<bool>, Vec<usize>) {
    // `outer` indexes the runs (rows for horizontal lines), `inner` the position along a run.
    let (outer_n, inner_n) = match axis {
        Axis::Rows => (h, w),
        Axis::Columns => (w, h),
    };
    let index = |outer: usize, inner: usize| match axis {
        Axis::Rows => outer * w + inner,
        Axis::Columns => inner * w + outer,
    };
    // Prefix counts across runs: `before[o * inner_n + i]` = mask pixels at `i` in runs < `o`.
    let mut before = vec![0u32; (outer_n + 1) * inner_n];
    for o in 0..outer_n {
        for i in 0..inner_n {
            before[(o + 1) * inner_n + i] = before[o * inner_n + i] + u32::from(mask[index(o, i)]);
        }
    }
    let mut out = vec![false; mask.len()];
    let mut lines = Vec::new();
    for o in 0..outer_n {
        let (lo, hi) = (o.saturating_sub(drift), (o + drift + 1).min(outer_n));
        let near = |i: usize| before[hi * inner_n + i] > before[lo * inner_n + i];
        let mut i = 0;
        while i < inner_n {
            if !near(i) {
                i += 1;
                continue;
            }
            let start = i;
            while i < inner_n && near(i) {
                i += 1;
            }
            if i - start >= min_len {
                if lines.last() != Some(&o) {
                    lines.push(o);
                }
                // Every mask pixel of the band, so a leaning line's ends go too.
                for k in start..i {
                    for b in lo..hi {
                        out[index(b, k)] |= mask[index(b, k)];
                    }
                }
            }
        }
    }
    (out, lines)
}

/// The inside of the field along one axis of `n` pixels, `(start, end)` with `end` exclusive:
/// past the innermost line row (column) within `zone` pixels of each side, else the whole axis.
/// `lines` are sorted.
fn border(lines: &[usize], n: usize, zone: usize) -> (usize, usize) {
    let start = lines.iter().rev().find(|&&l| l < zone).map_or(0, |&l| l + 1);
    let end = lines.iter().find(|&&l| l + zone >= n).map_or(n, |&l| l);
    if start < end { (start, end) } else { (0, n) }
}

/// One connected mark (8-neighbours): its size and box, pixels.
struct Mark {
    min_x: usize,
    max_x: usize,
    min_y: usize,
    max_y: usize,
}

/// What a mark is taken for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Dust or a scanner speck: ignored.
    Speck,
    /// What is left of the printed border along a side of the crop: ignored.
    Border,
    /// A piece of print: thin and straight along an axis.
    Stray,
    /// Part of the signature.
    Signature,
}

impl Mark {
    /// The mark lies wholly within `band` pixels of one side of a `w` x `h` crop.
    fn hugs_a_side(&self, w: usize, h: usize, band: usize) -> bool {
        self.max_x < band || self.max_y < band || self.min_x + band >= w || self.min_y + band >= h
    }

    fn kind(&self, px_per_mm: f64, t: &ScanSignatureThresholds) -> Kind {
        let w = (self.max_x - self.min_x + 1) as f64 / px_per_mm;
        let h = (self.max_y - self.min_y + 1) as f64 / px_per_mm;
        if w <= t.max_speck_mm && h <= t.max_speck_mm {
            Kind::Speck
        } else if w.max(h) >= t.stray_min_length_mm && w.min(h) <= t.stray_max_width_mm {
            Kind::Stray
        } else {
            Kind::Signature
        }
    }
}

/// Labels the mask's connected marks (0 = no mark, k = the k-th mark) and returns their boxes.
fn components(mask: &[bool], w: usize, h: usize) -> (Vec<u32>, Vec<Mark>) {
    let mut labels = vec![0u32; mask.len()];
    let mut marks = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || labels[start] != 0 {
            continue;
        }
        let label = marks.len() as u32 + 1;
        let mut m = Mark { min_x: usize::MAX, max_x: 0, min_y: usize::MAX, max_y: 0 };
        labels[start] = label;
        stack.push(start);
        while let Some(k) = stack.pop() {
            let (x, y) = (k % w, k / w);
            m.min_x = m.min_x.min(x);
            m.max_x = m.max_x.max(x);
            m.min_y = m.min_y.min(y);
            m.max_y = m.max_y.max(y);
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let n = ny * w + nx;
                    if mask[n] && labels[n] == 0 {
                        labels[n] = label;
                        stack.push(n);
                    }
                }
            }
        }
        marks.push(m);
    }
    (labels, marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn a_fold_shadow_is_paper_and_a_faint_mark_on_it_is_ink() {
        // Paper from 240 on the left to 150 on the right (a deep shadow), a mark at 60 % of it.
        let (w, h) = (600u32, 120u32);
        let shade = |x: u32| 240.0 - 90.0 * f64::from(x) / f64::from(w);
        let img = RgbImage::from_fn(w, h, |x, y| {
            let v = if (40..60).contains(&y) && (450..500).contains(&x) { shade(x) * 0.6 } else { shade(x) };
            Rgb([v as u8; 3])
        });
        let map = InkMap::of(&img, 12.0, &ScanSignatureThresholds::default());
        assert_eq!(map.ink_count, 20 * 50);
        assert_eq!(map.inside, [0, 0, 600, 120], "no border: the crop is the field");
    }

    #[test]
    fn the_field_ends_at_a_printed_border_near_a_side_not_at_a_baseline() {
        // 10 px per mm: a border 0.3 mm wide at 0.5 mm inside the top and left sides, and a
        // baseline 4 mm above the bottom (outside the 3 mm border zone).
        let (w, h) = (850u32, 220u32);
        let img = RgbImage::from_fn(w, h, |x, y| {
            let line = (5..8).contains(&y) || (5..8).contains(&x) || ((180..183).contains(&y) && x > 40);
            Rgb(if line { [20; 3] } else { [240; 3] })
        });
        let map = InkMap::of(&img, 10.0, &ScanSignatureThresholds::default());
        // The band (0.4 mm = 4 px) around the border belongs to it.
        assert_eq!(map.inside, [12, 12, 850, 220]);
        assert_eq!((map.ink_count, map.stray_marks), (0, 0), "every line taken out whole");
    }

    #[test]
    fn a_broken_border_cut_by_the_crop_is_no_ink_and_no_stray_print() {
        // 8 px per mm: the top row is a border line cut through (grey, broken in pieces), the
        // left column a piece of it; a blot in the middle is the signature.
        let (w, h) = (600u32, 160u32);
        let img = RgbImage::from_fn(w, h, |x, y| {
            let border = (y == 0 && (x / 37) % 3 != 0) || (x == 0 && (20..90).contains(&y));
            let stroke = (60..100).contains(&y) && (200..400).contains(&x);
            Rgb(if border {
                [120; 3]
            } else if stroke {
                [30; 3]
            } else {
                [240; 3]
            })
        });
        let map = InkMap::of(&img, 8.0, &ScanSignatureThresholds::default());
        assert_eq!(map.stray_marks, 0);
        assert!(map.points().all(|(x, y)| x > 0 && y > 0), "no border pixel is ink");
        assert!(map.ink_count > 0);
    }

    #[test]
    fn long_runs_follow_a_leaning_line_but_not_a_short_one() {
        let (w, h) = (400, 60);
        let mut mask = vec![false; w * h];
        for x in 0..w {
            mask[(20 + x / 100) * w + x] = true; // a line falling 3 px over 400 px
        }
        for x in 0..100 {
            mask[50 * w + x] = true; // a quarter-width dash
        }
        let (runs, rows) = long_runs(&mask, w, h, Axis::Rows, 200, 2);
        assert_eq!(rows, (19..25).collect::<Vec<_>>(), "the line's rows and the band around them");
        assert!((0..w).all(|x| runs[(20 + x / 100) * w + x]), "the whole leaning line");
        assert!((0..100).all(|x| !runs[50 * w + x]), "the dash is no printed line");
    }
}
