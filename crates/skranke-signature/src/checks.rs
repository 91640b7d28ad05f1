//! The signature checks, in a fixed order, each with its measured value, threshold and text key
//! ([`MESSAGE_KEYS`]; the texts are in `assets/i18n/{da,en}.json`): `ink_present`, `duration`, `bbox_width`, `bbox_height`, `ink_length`, `stroke_count`,
//! `not_dot_or_line`, `edge_touch`. Thresholds: [`SignatureThresholds`].
use crate::model::{Sample, StrokeFile};
use skranke_core::{Check, CheckReport, SignatureThresholds};

/// The check ids, in report order.
pub const CHECK_IDS: [&str; 8] = [
    "ink_present",
    "duration",
    "bbox_width",
    "bbox_height",
    "ink_length",
    "stroke_count",
    "not_dot_or_line",
    "edge_touch",
];

/// Every text key the checks can produce (the texts: `assets/i18n/{da,en}.json`).
pub const MESSAGE_KEYS: &[&str] = &[
    "signature.ink_present.pass",
    "signature.ink_present.fail",
    "signature.duration.pass",
    "signature.duration.fail",
    "signature.bbox_width.pass",
    "signature.bbox_width.fail",
    "signature.bbox_height.pass",
    "signature.bbox_height.fail",
    "signature.ink_length.pass",
    "signature.ink_length.fail",
    "signature.stroke_count.pass",
    "signature.stroke_count.none",
    "signature.stroke_count.too_many",
    "signature.not_dot_or_line.pass",
    "signature.not_dot_or_line.fail",
    "signature.edge_touch.pass",
    "signature.edge_touch.fail",
];

/// Runs every check on a (validated) stroke file.
pub fn check_signature(f: &StrokeFile, t: &SignatureThresholds) -> CheckReport {
    let ink = Ink::of(f);
    let [width, height] = bbox_size(&ink, f, t);
    CheckReport::from_checks(vec![
        ink_present(&ink),
        duration(&ink, t),
        width,
        height,
        ink_length(&ink, f, t),
        stroke_count(&ink, t),
        not_dot_or_line(&ink, t),
        edge_touch(&ink, f, t),
    ])
}

/// What the checks measure on: the samples with the pen down and the strokes.
struct Ink<'a> {
    /// Samples with the pen down, in time order.
    inked: Vec<&'a Sample>,
    /// The strokes (pen down to pen up).
    strokes: Vec<&'a [Sample]>,
    /// Whether there is ink to measure at all (two inked samples or more).
    present: bool,
}

impl<'a> Ink<'a> {
    /// Collects the inked samples and the strokes of `f`.
    fn of(f: &'a StrokeFile) -> Self {
        let inked: Vec<&Sample> = f.inked().collect();
        let present = inked.len() >= 2;
        Self { inked, strokes: f.strokes(), present }
    }
}

/// `ink_present`: at least two inked samples, else there is nothing that could be a signature
/// (an empty field must not go to the card producer).
fn ink_present(ink: &Ink) -> Check {
    Check::judged(
        "ink_present",
        Some(ink.inked.len() as f64),
        ">= 2 punkter med blæk",
        ink.present,
        "signature.ink_present",
    )
}

/// `duration`: seconds from the first to the last inked sample; a real signature takes a
/// moment, a quick scrawl does not.
fn duration(ink: &Ink, t: &SignatureThresholds) -> Check {
    let duration = match (ink.inked.first(), ink.inked.last()) {
        (Some(a), Some(b)) if ink.present => Some((b.t_ms - a.t_ms) / 1000.0),
        _ => None,
    };
    Check::judged(
        "duration",
        duration,
        format!(">= {} s", t.min_duration_s),
        duration.is_some_and(|d| d >= t.min_duration_s),
        "signature.duration",
    )
}

/// `bbox_width` and `bbox_height`: the inked box as a share of the field's width and height; a
/// signature too small prints as a smudge on the card.
fn bbox_size(ink: &Ink, f: &StrokeFile, t: &SignatureThresholds) -> [Check; 2] {
    let (min_x, max_x, min_y, max_y) = bbox(&ink.inked);
    let w = ink.present.then(|| (max_x - min_x) / f.width);
    let h = ink.present.then(|| (max_y - min_y) / f.height);
    [
        Check::judged(
            "bbox_width",
            w,
            format!(">= {:.0} %", t.min_bbox_width * 100.0),
            w.is_some_and(|w| w >= t.min_bbox_width),
            "signature.bbox_width",
        ),
        Check::judged(
            "bbox_height",
            h,
            format!(">= {:.0} %", t.min_bbox_height * 100.0),
            h.is_some_and(|h| h >= t.min_bbox_height),
            "signature.bbox_height",
        ),
    ]
}

/// `ink_length`: the length of all strokes over the field's width; too little ink is an
/// initial or a tick, not a whole signature.
fn ink_length(ink: &Ink, f: &StrokeFile, t: &SignatureThresholds) -> Check {
    let length: f64 = ink.strokes.iter().map(|s| s.windows(2).map(|p| dist(&p[0], &p[1])).sum::<f64>()).sum();
    let rel = ink.present.then(|| length / f.width);
    Check::judged(
        "ink_length",
        rel,
        format!(">= {} ×", t.min_ink_length),
        rel.is_some_and(|r| r >= t.min_ink_length),
        "signature.ink_length",
    )
}

/// `stroke_count`: at least one stroke and not more than a signature has; many strokes are
/// hatching or doodles.
fn stroke_count(ink: &Ink, t: &SignatureThresholds) -> Check {
    let n = ink.strokes.len();
    let ok = n >= 1 && n as u32 <= t.max_strokes;
    Check::new(
        "stroke_count",
        Some(n as f64),
        format!("1-{} strøg", t.max_strokes),
        ok,
        if ok {
            "signature.stroke_count.pass"
        } else if n == 0 {
            "signature.stroke_count.none"
        } else {
            "signature.stroke_count.too_many"
        },
    )
}

/// `not_dot_or_line`: how evenly the ink spreads in both directions ([`spread_ratio`]); a dot or
/// a straight line is not a signature.
fn not_dot_or_line(ink: &Ink, t: &SignatureThresholds) -> Check {
    let spread = ink.present.then(|| spread_ratio(&ink.inked));
    Check::judged(
        "not_dot_or_line",
        spread,
        format!(">= {}", t.min_spread_ratio),
        spread.is_some_and(|r| r >= t.min_spread_ratio),
        "signature.not_dot_or_line",
    )
}

/// `edge_touch`: the share of inked samples within the edge margin of the field; a signature
/// running into the edge was probably cut off.
fn edge_touch(ink: &Ink, f: &StrokeFile, t: &SignatureThresholds) -> Check {
    let mx = f.width * t.edge_margin;
    let my = f.height * t.edge_margin;
    let inked = &ink.inked;
    let at_edge =
        inked.iter().filter(|s| s.x <= mx || s.y <= my || s.x >= f.width - mx || s.y >= f.height - my).count();
    let share = if inked.is_empty() { 0.0 } else { at_edge as f64 / inked.len() as f64 };
    Check::judged(
        "edge_touch",
        Some(share),
        format!("<= {:.0} %", t.max_edge_share * 100.0),
        share <= t.max_edge_share,
        "signature.edge_touch",
    )
}

/// Distance between two samples, pad units.
fn dist(a: &Sample, b: &Sample) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The samples' box: (min x, max x, min y, max y).
fn bbox(points: &[&Sample]) -> (f64, f64, f64, f64) {
    points.iter().fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |(a, b, c, d), s| {
        (a.min(s.x), b.max(s.x), c.min(s.y), d.max(s.y))
    })
}

/// The square root of the ratio of the smaller to the larger eigenvalue of the points' covariance:
/// 0 for a dot or a straight line, up to 1 for ink spread evenly in both directions.
fn spread_ratio(points: &[&Sample]) -> f64 {
    let n = points.len() as f64;
    let (mx, my) = points.iter().fold((0.0, 0.0), |(x, y), s| (x + s.x / n, y + s.y / n));
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for s in points {
        let (dx, dy) = (s.x - mx, s.y - my);
        sxx += dx * dx / n;
        syy += dy * dy / n;
        sxy += dx * dy / n;
    }
    let tr = sxx + syy;
    let det = sxx * syy - sxy * sxy;
    let disc = (tr * tr / 4.0 - det).max(0.0).sqrt();
    let (l1, l2) = (tr / 2.0 + disc, (tr / 2.0 - disc).max(0.0));
    if l1 <= f64::EPSILON { 0.0 } else { (l2 / l1).sqrt() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skranke_core::i18n::{Lang, assert_keys_in_every_catalogue, keys};

    #[test]
    fn every_key_is_in_both_catalogues() {
        assert_keys_in_every_catalogue(MESSAGE_KEYS);
    }

    /// The list holds every key literal of this file (a one-dot literal is a `Check::judged`
    /// prefix: its `.pass` and `.fail`), and every `signature.` key of the catalogue is listed.
    #[test]
    fn the_list_holds_every_key_the_checks_write_and_every_catalogue_key_of_theirs() {
        let source = include_str!("checks.rs");
        for lit in source.split('"').skip(1).step_by(2) {
            let is_key =
                lit.starts_with("signature.") && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
            if !is_key {
                continue;
            }
            let produced = if lit.matches('.').count() == 1 {
                vec![format!("{lit}.pass"), format!("{lit}.fail")]
            } else {
                vec![lit.to_string()]
            };
            for key in produced {
                assert!(MESSAGE_KEYS.contains(&key.as_str()), "{key} is produced but not listed");
            }
        }
        for key in keys(Lang::Da).into_iter().filter(|k| k.starts_with("signature.")) {
            assert!(MESSAGE_KEYS.contains(&key), "{key} is in the catalogue but no check produces it");
        }
    }

    #[test]
    fn every_check_carries_a_key_with_the_danish_text() {
        let f: StrokeFile = serde_json::from_str(crate::DEMO_SIGNATURES[0].1).expect("demo signature");
        for c in check_signature(&f, &SignatureThresholds::default()).checks {
            assert!(MESSAGE_KEYS.contains(&c.key.as_str()), "{}", c.key);
            assert_eq!(Some(c.message.clone()), skranke_core::i18n::text(Lang::Da, &c.key, &Default::default()));
        }
    }
}
