//! The signature checks, in a fixed order, each with its measured value, threshold and Danish
//! message: `ink_present`, `duration`, `bbox_width`, `bbox_height`, `ink_length`, `stroke_count`,
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
        "Der er en underskrift i feltet.",
        "Der er ingen underskrift. Bed borgeren skrive under.",
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
        "Underskriften tog normal tid.",
        "Underskriften blev skrevet for hurtigt. Bed borgeren skrive sin almindelige underskrift.",
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
            format!(">= {:.0} % af feltets bredde", t.min_bbox_width * 100.0),
            w.is_some_and(|w| w >= t.min_bbox_width),
            "Underskriften er bred nok.",
            "Underskriften er for smal. Bed borgeren skrive større.",
        ),
        Check::judged(
            "bbox_height",
            h,
            format!(">= {:.0} % af feltets højde", t.min_bbox_height * 100.0),
            h.is_some_and(|h| h >= t.min_bbox_height),
            "Underskriften er høj nok.",
            "Underskriften er for lav. Bed borgeren skrive større.",
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
        format!(">= {} x feltets bredde", t.min_ink_length),
        rel.is_some_and(|r| r >= t.min_ink_length),
        "Der er blæk nok til en underskrift.",
        "Der er for lidt blæk til en underskrift. Bed borgeren skrive hele sin underskrift.",
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
            "Antallet af strøg er normalt."
        } else if n == 0 {
            "Der er ingen strøg."
        } else {
            "For mange strøg: det ligner skravering eller kruseduller. Bed borgeren skrive igen."
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
        format!(">= {} (mindste/største spredning)", t.min_spread_ratio),
        spread.is_some_and(|r| r >= t.min_spread_ratio),
        "Underskriften er hverken en prik eller en streg.",
        "Underskriften er kun en prik eller en lige streg. Bed borgeren skrive sin underskrift.",
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
        format!("<= {:.0} % af punkterne ved kanten", t.max_edge_share * 100.0),
        share <= t.max_edge_share,
        "Underskriften er inden for feltet.",
        "Underskriften rammer feltets kant og kan være skåret af. Bed borgeren skrive inden for feltet.",
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
