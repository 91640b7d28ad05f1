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
    let inked: Vec<&Sample> = f.inked().collect();
    let strokes = f.strokes();
    let has_ink = inked.len() >= 2;
    let mut checks = Vec::with_capacity(CHECK_IDS.len());

    checks.push(Check::judged(
        "ink_present",
        Some(inked.len() as f64),
        ">= 2 punkter med blæk",
        has_ink,
        "Der er en underskrift i feltet.",
        "Der er ingen underskrift. Bed borgeren skrive under.",
    ));

    let duration = match (inked.first(), inked.last()) {
        (Some(a), Some(b)) if has_ink => Some((b.t_ms - a.t_ms) / 1000.0),
        _ => None,
    };
    let ok = duration.is_some_and(|d| d >= t.min_duration_s);
    checks.push(Check::judged(
        "duration",
        duration,
        format!(">= {} s", t.min_duration_s),
        ok,
        "Underskriften tog normal tid.",
        "Underskriften blev skrevet for hurtigt. Bed borgeren skrive sin almindelige underskrift.",
    ));

    let (min_x, max_x, min_y, max_y) = bbox(&inked);
    let w = has_ink.then(|| (max_x - min_x) / f.width);
    let ok = w.is_some_and(|w| w >= t.min_bbox_width);
    checks.push(Check::judged(
        "bbox_width",
        w,
        format!(">= {:.0} % af feltets bredde", t.min_bbox_width * 100.0),
        ok,
        "Underskriften er bred nok.",
        "Underskriften er for smal. Bed borgeren skrive større.",
    ));
    let h = has_ink.then(|| (max_y - min_y) / f.height);
    let ok = h.is_some_and(|h| h >= t.min_bbox_height);
    checks.push(Check::judged(
        "bbox_height",
        h,
        format!(">= {:.0} % af feltets højde", t.min_bbox_height * 100.0),
        ok,
        "Underskriften er høj nok.",
        "Underskriften er for lav. Bed borgeren skrive større.",
    ));

    let length: f64 = strokes.iter().map(|s| s.windows(2).map(|p| dist(&p[0], &p[1])).sum::<f64>()).sum();
    let rel = has_ink.then(|| length / f.width);
    let ok = rel.is_some_and(|r| r >= t.min_ink_length);
    checks.push(Check::judged(
        "ink_length",
        rel,
        format!(">= {} x feltets bredde", t.min_ink_length),
        ok,
        "Der er blæk nok til en underskrift.",
        "Der er for lidt blæk til en underskrift. Bed borgeren skrive hele sin underskrift.",
    ));

    let n = strokes.len();
    let ok = n >= 1 && n as u32 <= t.max_strokes;
    checks.push(Check::new(
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
    ));

    let spread = has_ink.then(|| spread_ratio(&inked));
    let ok = spread.is_some_and(|r| r >= t.min_spread_ratio);
    checks.push(Check::judged(
        "not_dot_or_line",
        spread,
        format!(">= {} (mindste/største spredning)", t.min_spread_ratio),
        ok,
        "Underskriften er hverken en prik eller en streg.",
        "Underskriften er kun en prik eller en lige streg. Bed borgeren skrive sin underskrift.",
    ));

    let mx = f.width * t.edge_margin;
    let my = f.height * t.edge_margin;
    let at_edge =
        inked.iter().filter(|s| s.x <= mx || s.y <= my || s.x >= f.width - mx || s.y >= f.height - my).count();
    let share = if inked.is_empty() { 0.0 } else { at_edge as f64 / inked.len() as f64 };
    let ok = share <= t.max_edge_share;
    checks.push(Check::judged(
        "edge_touch",
        Some(share),
        format!("<= {:.0} % af punkterne ved kanten", t.max_edge_share * 100.0),
        ok,
        "Underskriften er inden for feltet.",
        "Underskriften rammer feltets kant og kan være skåret af. Bed borgeren skrive inden for feltet.",
    ));

    CheckReport::from_checks(checks)
}

fn dist(a: &Sample, b: &Sample) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

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
