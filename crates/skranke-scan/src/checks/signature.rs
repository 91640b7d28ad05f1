//! The scanned signature's checks, in a fixed order ([`SCAN_SIGNATURE_CHECK_IDS`]), each with
//! its measured value, threshold and text key, measured on the ink [`InkMap`] finds (the form's
//! printed lines already taken out): `scan_ink_present`, `scan_ink_extent`, `scan_not_a_line`,
//! `scan_clear_of_edge`, `scan_no_printed_lines`.
//!
//! `scan_no_printed_lines` passes when the printed border and baseline were found and taken out
//! (they never count as ink) and fails only when a thin straight piece of print is left over (a
//! border stub the crop cuts across, a rule too short to be the field's border): the crop then
//! holds print the licence card must not show, and the clerk moves its handles.

use image::RgbImage;
use skranke_core::{Check, CheckReport};

use super::ScanSignatureThresholds;
use super::ink::InkMap;

/// The scanned signature's check ids, in report order.
pub const SCAN_SIGNATURE_CHECK_IDS: [&str; 5] =
    ["scan_ink_present", "scan_ink_extent", "scan_not_a_line", "scan_clear_of_edge", "scan_no_printed_lines"];

/// The text of a check that needs ink to measure when there is none.
const NEEDS_INK: &str = "scan.signature.needs_ink.fail";

/// Runs every check on the signature field cut from a scanned card (`crop`, upright, scanned at
/// `dpi`). A `dpi` that is not a positive number fails every check (nothing can be measured in
/// millimetres).
pub fn check_scanned_signature(crop: &RgbImage, dpi: f64, t: &ScanSignatureThresholds) -> CheckReport {
    if !(dpi.is_finite() && dpi > 0.0) {
        return CheckReport::from_checks(
            SCAN_SIGNATURE_CHECK_IDS
                .iter()
                .map(|id| Check::new(id, None, "kræver scanningens dpi", false, "scan.signature.needs_dpi.fail"))
                .collect(),
        );
    }
    let map = InkMap::of(crop, dpi / 25.4, t);
    let shape = Shape::of(&map);
    CheckReport::from_checks(vec![
        ink_present(&map, t),
        ink_extent(shape.as_ref(), t),
        not_a_line(shape.as_ref(), t),
        clear_of_edge(&map, t),
        no_printed_lines(&map, t),
    ])
}

/// The signature's size and straightness in mm, when there is ink.
struct Shape {
    /// The ink's box width, mm.
    width: f64,
    /// The ink's box height, mm.
    height: f64,
    /// Root-mean-square distance of the ink from the straight line through it, mm.
    line_deviation: f64,
}

impl Shape {
    fn of(map: &InkMap) -> Option<Self> {
        if map.ink_count == 0 {
            return None;
        }
        let (mut min_x, mut max_x, mut min_y, mut max_y) = (usize::MAX, 0, usize::MAX, 0);
        let (mut sx, mut sy) = (0.0, 0.0);
        for (x, y) in map.points() {
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
            sx += x as f64;
            sy += y as f64;
        }
        let n = map.ink_count as f64;
        let (mx, my) = (sx / n, sy / n);
        let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
        for (x, y) in map.points() {
            let (dx, dy) = (x as f64 - mx, y as f64 - my);
            sxx += dx * dx / n;
            syy += dy * dy / n;
            sxy += dx * dy / n;
        }
        // The smaller eigenvalue of the covariance: the variance across the best straight line.
        let (tr, det) = (sxx + syy, sxx * syy - sxy * sxy);
        let minor = (tr / 2.0 - (tr * tr / 4.0 - det).max(0.0).sqrt()).max(0.0);
        let mm = |px: f64| px / map.px_per_mm;
        Some(Self {
            width: mm((max_x - min_x + 1) as f64),
            height: mm((max_y - min_y + 1) as f64),
            line_deviation: mm(minor.sqrt()),
        })
    }
}

/// `scan_ink_present`: the share of the field's pixels that is signature ink (printed lines and
/// dust taken out); an empty field must not go to the card producer.
fn ink_present(map: &InkMap, t: &ScanSignatureThresholds) -> Check {
    let pixels = map.width * map.height;
    let share = if pixels == 0 { 0.0 } else { map.ink_count as f64 / pixels as f64 };
    Check::judged(
        "scan_ink_present",
        Some(share),
        format!(">= {} % af feltet", t.min_ink_share * 100.0),
        share >= t.min_ink_share && map.ink_count > 0,
        "scan.signature.ink_present",
    )
}

/// `scan_ink_extent`: the ink's box in mm, wide and tall enough; a dot or a tiny scrawl prints as
/// a smudge on the card.
fn ink_extent(shape: Option<&Shape>, t: &ScanSignatureThresholds) -> Check {
    let threshold = format!("bredde >= {} mm, højde >= {} mm", t.min_width_mm, t.min_height_mm);
    let Some(s) = shape else {
        return Check::new("scan_ink_extent", None, threshold, false, NEEDS_INK);
    };
    let ok = s.width >= t.min_width_mm && s.height >= t.min_height_mm;
    Check::judged("scan_ink_extent", Some(s.width), threshold, ok, "scan.signature.ink_extent")
        .with_param("width_mm", format!("{:.0}", s.width))
        .with_param("height_mm", format!("{:.0}", s.height))
}

/// `scan_not_a_line`: how far the ink lies from the straight line through it (root mean square,
/// mm); a single straight stroke is not a signature, whatever its angle.
fn not_a_line(shape: Option<&Shape>, t: &ScanSignatureThresholds) -> Check {
    let threshold = format!(">= {} mm fra en ret linje", t.min_line_deviation_mm);
    let Some(s) = shape else {
        return Check::new("scan_not_a_line", None, threshold, false, NEEDS_INK);
    };
    let ok = s.line_deviation >= t.min_line_deviation_mm;
    Check::judged("scan_not_a_line", Some(s.line_deviation), threshold, ok, "scan.signature.not_a_line")
}

/// `scan_clear_of_edge`: the ink within the margin of the field's edge, mm²; a signature that
/// reaches the edge runs out of its field (or the crop cuts it off). The edge is the printed
/// border where one was found near the crop's side (a signature crossing it is cut where the
/// border is taken out, next to it), else the crop's side.
fn clear_of_edge(map: &InkMap, t: &ScanSignatureThresholds) -> Check {
    let m = (t.edge_margin_mm * map.px_per_mm).round() as usize;
    let [left, top, right, bottom] = map.inside;
    let near_edge = map.points().filter(|&(x, y)| x < left + m || y < top + m || x + m >= right || y + m >= bottom);
    let area = near_edge.count() as f64 / (map.px_per_mm * map.px_per_mm);
    Check::judged(
        "scan_clear_of_edge",
        Some(area),
        format!("<= {} mm² inden for {} mm af kanten", t.max_edge_ink_mm2, t.edge_margin_mm),
        area <= t.max_edge_ink_mm2,
        "scan.signature.clear_of_edge",
    )
}

/// `scan_no_printed_lines`: the stray pieces of print left after the form's long printed lines
/// were taken out (the module's doc says why this passes when lines were removed).
fn no_printed_lines(map: &InkMap, _t: &ScanSignatureThresholds) -> Check {
    Check::judged(
        "scan_no_printed_lines",
        Some(map.stray_marks as f64),
        "= 0 løse stykker tryk",
        map.stray_marks == 0,
        "scan.signature.no_printed_lines",
    )
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{Field, jpeg, scribble};
    use super::*;
    use image::Rgb;

    const PAPER: Rgb<u8> = Rgb([238, 238, 238]);
    const BLACK: Rgb<u8> = Rgb([25, 25, 25]);
    const CREAM: Rgb<u8> = Rgb([246, 238, 218]);
    const BLUE: Rgb<u8> = Rgb([30, 45, 150]);

    /// The stamkort's signature field (85x22 mm) with its printed border just inside the crop and
    /// a baseline under the signature, as the form prints them.
    fn printed_field(dpi: f64, paper: Rgb<u8>) -> Field {
        let mut f = Field::new(85.0, 22.0, dpi, paper);
        f.rectangle(0.6, 0.6, 84.4, 21.4, 0.3, BLACK);
        f.line(&[(4.0, 18.0), (81.0, 18.0)], 0.2, BLACK);
        f
    }

    fn failed(r: &CheckReport) -> Vec<&str> {
        r.checks.iter().filter(|c| !c.pass).map(|c| c.id.as_str()).collect()
    }

    fn check(img: &RgbImage, dpi: f64) -> CheckReport {
        check_scanned_signature(img, dpi, &ScanSignatureThresholds::default())
    }

    #[test]
    fn a_scribble_in_a_printed_field_passes_grey_or_colour_at_any_resolution_and_after_jpeg() {
        for dpi in [200.0, 300.0, 600.0] {
            for (paper, ink) in [(PAPER, BLACK), (CREAM, BLUE)] {
                let mut f = printed_field(dpi, paper);
                f.line(&scribble(10.0, 12.0, 60.0, 3.5), 0.8, ink);
                for (name, img) in [("as drawn", f.image.clone()), ("JPEG 60", jpeg(&f.image, 60))] {
                    let r = check(&img, dpi);
                    let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
                    assert_eq!(ids, SCAN_SIGNATURE_CHECK_IDS);
                    assert!(r.passed(), "{dpi} dpi {paper:?} {name}: {:?}", failed(&r));
                    let extent = r.get("scan_ink_extent").unwrap();
                    assert!((55.0..75.0).contains(&extent.value.unwrap()), "{extent:?}");
                }
            }
        }
    }

    #[test]
    fn a_greyscale_scan_is_judged_like_the_colour_one() {
        let mut f = printed_field(300.0, CREAM);
        f.line(&scribble(10.0, 12.0, 60.0, 3.5), 0.8, BLUE);
        let grey = image::DynamicImage::ImageRgb8(f.image.clone()).grayscale().to_rgb8();
        let (c, g) = (check(&f.image, 300.0), check(&grey, 300.0));
        assert!(g.passed(), "{:?}", failed(&g));
        let share = |r: &CheckReport| r.get("scan_ink_present").unwrap().value.unwrap();
        assert!((share(&c) - share(&g)).abs() < 0.1 * share(&c), "{} vs {}", share(&c), share(&g));
    }

    #[test]
    fn an_empty_printed_field_has_no_ink_and_the_print_is_no_signature() {
        let f = printed_field(300.0, PAPER);
        let r = check(&jpeg(&f.image, 60), 300.0);
        assert_eq!(failed(&r), ["scan_ink_present", "scan_ink_extent", "scan_not_a_line"]);
        assert_eq!(r.get("scan_ink_present").unwrap().value, Some(0.0));
        assert_eq!(r.get("scan_ink_extent").unwrap().key, NEEDS_INK);
        assert!(r.get("scan_clear_of_edge").unwrap().pass && r.get("scan_no_printed_lines").unwrap().pass);
        let blank = Field::new(85.0, 22.0, 300.0, PAPER);
        assert_eq!(failed(&check(&blank.image, 300.0)), ["scan_ink_present", "scan_ink_extent", "scan_not_a_line"]);
    }

    #[test]
    fn dust_is_no_ink() {
        let mut f = printed_field(300.0, PAPER);
        for (x, y) in [(20.0, 5.0), (40.0, 12.0), (70.0, 8.0)] {
            f.line(&[(x, y), (x + 0.1, y)], 0.2, BLACK);
        }
        assert_eq!(check(&f.image, 300.0).get("scan_ink_present").unwrap().value, Some(0.0));
    }

    #[test]
    fn a_dot_is_too_small() {
        let mut f = printed_field(300.0, PAPER);
        f.line(&[(40.0, 10.0), (40.5, 10.5)], 2.0, BLACK);
        let r = check(&jpeg(&f.image, 60), 300.0);
        assert!(r.get("scan_ink_present").unwrap().pass, "a dot is ink: {:?}", r.get("scan_ink_present"));
        let extent = r.get("scan_ink_extent").unwrap();
        assert!(!extent.pass && extent.key == "scan.signature.ink_extent.fail", "{extent:?}");
        let shown = format!("{:.0} × ", extent.value.unwrap());
        assert!(extent.message.contains(&shown), "{shown} in {}", extent.message);
    }

    #[test]
    fn a_straight_stroke_is_not_a_signature_at_any_angle() {
        for end in [(70.0, 6.0), (60.0, 10.0), (40.0, 4.0)] {
            let mut f = printed_field(300.0, PAPER);
            f.line(&[(12.0, 15.0), end], 0.8, BLACK);
            let r = check(&jpeg(&f.image, 60), 300.0);
            assert_eq!(failed(&r), ["scan_not_a_line"], "to {end:?}: {:?}", r.get("scan_not_a_line"));
            assert!(r.get("scan_not_a_line").unwrap().value.unwrap() < 0.3);
        }
    }

    #[test]
    fn a_ruler_straight_line_along_the_field_is_taken_for_print() {
        let mut f = printed_field(300.0, PAPER);
        f.line(&[(5.0, 10.0), (80.0, 10.0)], 0.5, BLACK);
        assert!(!check(&f.image, 300.0).get("scan_ink_present").unwrap().pass);
    }

    #[test]
    fn ink_running_off_the_field_fails_clear_of_edge() {
        let mut f = printed_field(300.0, PAPER);
        f.line(&scribble(30.0, 12.0, 60.0, 3.5), 0.8, BLACK);
        let r = check(&jpeg(&f.image, 60), 300.0);
        assert!(r.get("scan_clear_of_edge").unwrap().value.unwrap() > 0.3, "{:?}", r.get("scan_clear_of_edge"));
        assert_signature_but_off_the_edge(&r);
        // Over the top edge too.
        let mut f = printed_field(300.0, PAPER);
        f.line(&scribble(10.0, 4.0, 60.0, 4.5), 0.8, BLACK);
        assert_signature_but_off_the_edge(&check(&f.image, 300.0));
    }

    /// A signature crossing the printed border leaves slivers beyond it in the crop, which may
    /// also count as stray print; the signature's own checks pass.
    fn assert_signature_but_off_the_edge(r: &CheckReport) {
        let failed = failed(r);
        assert!(failed.contains(&"scan_clear_of_edge"), "{failed:?}");
        assert!(failed.iter().all(|id| ["scan_clear_of_edge", "scan_no_printed_lines"].contains(id)), "{failed:?}");
    }

    #[test]
    fn a_leaning_border_is_still_print() {
        // The crop turned by 0.8° against the printed border: the lines lean across the rows.
        let mut f = Field::new(85.0, 22.0, 300.0, PAPER);
        let lean = 0.8f64.to_radians().tan();
        f.line(&[(0.5, 1.0), (84.5, 1.0 + 84.0 * lean)], 0.3, BLACK);
        f.line(&[(0.5, 20.4 - 84.0 * lean), (84.5, 20.4)], 0.3, BLACK);
        f.line(&scribble(10.0, 11.0, 60.0, 3.5), 0.8, BLACK);
        let r = check(&jpeg(&f.image, 60), 300.0);
        assert!(r.passed(), "{:?}", failed(&r));
    }

    #[test]
    fn a_stub_of_print_left_in_the_crop_is_a_stray_mark() {
        // A vertical rule 8 mm long (too short for the field's border) beside the signature, and
        // a stub of the border the crop cuts across at the right.
        let mut f = printed_field(300.0, PAPER);
        f.line(&scribble(10.0, 12.0, 55.0, 3.5), 0.8, BLACK);
        f.line(&[(75.0, 6.0), (75.0, 14.0)], 0.3, BLACK);
        let r = check(&jpeg(&f.image, 60), 300.0);
        assert_eq!(failed(&r), ["scan_no_printed_lines"]);
        assert_eq!(r.get("scan_no_printed_lines").unwrap().value, Some(1.0));
        f.line(&[(78.0, 3.0), (84.0, 3.0)], 0.3, BLACK);
        assert_eq!(check(&f.image, 300.0).get("scan_no_printed_lines").unwrap().value, Some(2.0));
    }

    #[test]
    fn without_a_resolution_nothing_is_measured() {
        let mut f = printed_field(300.0, PAPER);
        f.line(&scribble(10.0, 12.0, 60.0, 3.5), 0.8, BLACK);
        for dpi in [0.0, -300.0, f64::NAN, f64::INFINITY] {
            let r = check(&f.image, dpi);
            assert_eq!(r.checks.len(), 5);
            assert!(r.checks.iter().all(|c| !c.pass && c.key == "scan.signature.needs_dpi.fail"), "{dpi}");
        }
        assert!(!check(&RgbImage::new(0, 0), 300.0).passed());
    }
}
