//! The bench's summary: overlap shares, verdict accuracy and time percentiles over the pages.

use std::collections::BTreeMap;

use serde::Serialize;
use skranke_scan_samples::{Kind, Verdict};

/// What the bench measured on one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageResult {
    /// The file.
    pub file: String,
    /// 1-based page.
    pub page: u32,
    /// Resolution (truth).
    pub dpi: f64,
    /// What the page shows.
    pub kind: Kind,
    /// The card's turn on the page (truth).
    pub rotation_deg: Option<f64>,
    /// The turn found.
    pub rotation_found: Option<f64>,
    /// A fold crosses the card.
    pub fold: bool,
    /// The error code when no card came out (`scan_no_card` for a blank page).
    pub error: Option<&'static str>,
    /// Overlap of the found card with the truth.
    pub card_iou: Option<f64>,
    /// Overlap of the proposed photo crop with the glued photo.
    pub photo_iou: Option<f64>,
    /// Overlap of the proposed signature crop with the printed field.
    pub signature_iou: Option<f64>,
    /// The photo's verdict from the checks the truth predicts (scan_is_photo, scan_resolution,
    /// face_count).
    pub photo: Verdict,
    /// The signature's verdict (its scan checks).
    pub signature: Verdict,
    /// What the truth expects for both.
    pub expected_photo: Verdict,
    /// What the truth expects for the signature.
    pub expected_signature: Verdict,
    /// Both verdicts as expected.
    pub verdicts_ok: bool,
    /// The full photo report passes (with the still checks on the portrait itself).
    pub full_photo_pass: bool,
    /// The checks that failed (photo and signature).
    pub failing_checks: Vec<String>,
    /// This page's share of decoding its file, ms.
    pub decode_ms: f64,
    /// Finding the card and its fields, ms.
    pub locate_ms: f64,
    /// Cutting and checking the crops, ms.
    pub checks_ms: f64,
    /// All three, ms.
    pub total_ms: f64,
}

/// Median and 95th percentile of some times.
#[derive(Debug, Serialize)]
pub struct Spread {
    /// How many.
    pub n: usize,
    /// Median, ms.
    pub median_ms: f64,
    /// 95th percentile (nearest rank), ms.
    pub p95_ms: f64,
}

fn spread(mut v: Vec<f64>) -> Option<Spread> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let rank = |q: f64| v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    Some(Spread { n: v.len(), median_ms: rank(0.5), p95_ms: rank(0.95) })
}

/// How well one field was found on the good cards.
#[derive(Debug, Serialize)]
pub struct FieldOverlap {
    /// Good cards with a truth for the field.
    pub n: usize,
    /// Share with IoU >= 0.9 (a card not found counts as 0).
    pub share_iou_0_9: f64,
    /// Mean IoU.
    pub mean_iou: f64,
    /// Lowest IoU.
    pub min_iou: f64,
}

fn overlap(values: Vec<f64>) -> FieldOverlap {
    let n = values.len();
    let share = values.iter().filter(|v| **v >= 0.9).count() as f64 / n.max(1) as f64;
    let mean = values.iter().sum::<f64>() / n.max(1) as f64;
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    FieldOverlap { n, share_iou_0_9: share, mean_iou: mean, min_iou: if n == 0 { 0.0 } else { min } }
}

/// Right and wrong verdicts for one kind of page.
#[derive(Debug, Default, Serialize)]
pub struct KindScore {
    /// Pages.
    pub n: usize,
    /// With both verdicts as expected.
    pub correct: usize,
}

/// The summary line.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Pages measured.
    pub pages: usize,
    /// Good cards among them.
    pub good_cards: usize,
    /// Card, photo and signature overlap on the good cards.
    pub overlap_good: BTreeMap<&'static str, FieldOverlap>,
    /// Cards found the wrong way round (turn off by more than 45°).
    pub orientation_wrong: usize,
    /// The largest turn error among the other cards found, degrees.
    pub max_rotation_error_deg: f64,
    /// Share of pages with both verdicts as the truth expects.
    pub verdict_accuracy: f64,
    /// Share with the photo's verdict as expected.
    pub photo_verdict_accuracy: f64,
    /// Share with the signature's verdict as expected.
    pub signature_verdict_accuracy: f64,
    /// Per kind of page.
    pub by_kind: BTreeMap<String, KindScore>,
    /// Cards expected to pass that failed.
    pub wrongly_failed: usize,
    /// Pages expected to fail that passed.
    pub wrongly_passed: usize,
    /// Good cards whose full photo report passes (the still checks judge the press photos
    /// themselves too: informative, not predicted by the truth).
    pub good_full_photo_pass: usize,
    /// How often each check failed on a good card.
    pub failing_checks_on_good: BTreeMap<String, usize>,
    /// Time per card (decode share + locate + checks), all cards and per resolution.
    pub time_per_card: BTreeMap<String, Spread>,
    /// Locate alone and checks alone at 300 dpi.
    pub time_300dpi_parts: BTreeMap<&'static str, Spread>,
}

/// The angle between two turns, degrees (0..=180).
fn angle_between(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

/// Summarises the pages.
pub fn summarise(results: &[PageResult]) -> Summary {
    let good: Vec<&PageResult> = results.iter().filter(|r| r.kind == Kind::Good).collect();
    let mut overlap_good = BTreeMap::new();
    overlap_good.insert("card", overlap(good.iter().map(|r| r.card_iou.unwrap_or(0.0)).collect()));
    overlap_good.insert("photo", overlap(good.iter().map(|r| r.photo_iou.unwrap_or(0.0)).collect()));
    overlap_good.insert("signature", overlap(good.iter().map(|r| r.signature_iou.unwrap_or(0.0)).collect()));
    let n = results.len().max(1) as f64;
    let share = |f: &dyn Fn(&PageResult) -> bool| results.iter().filter(|r| f(r)).count() as f64 / n;
    let mut by_kind: BTreeMap<String, KindScore> = BTreeMap::new();
    for r in results {
        let key = serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        let s = by_kind.entry(key).or_default();
        s.n += 1;
        s.correct += usize::from(r.verdicts_ok);
    }
    let passes = |r: &PageResult| r.photo == Verdict::Pass && r.signature == Verdict::Pass;
    let expected_pass = |r: &PageResult| r.expected_photo == Verdict::Pass && r.expected_signature == Verdict::Pass;
    let mut failing_checks_on_good: BTreeMap<String, usize> = BTreeMap::new();
    for r in &good {
        for c in &r.failing_checks {
            *failing_checks_on_good.entry(c.clone()).or_default() += 1;
        }
    }
    let cards: Vec<&PageResult> = results.iter().filter(|r| r.kind != Kind::BlankPage).collect();
    let mut time_per_card = BTreeMap::new();
    if let Some(s) = spread(cards.iter().map(|r| r.total_ms).collect()) {
        time_per_card.insert("all".to_string(), s);
    }
    let mut dpis: Vec<f64> = cards.iter().map(|r| r.dpi).collect();
    dpis.sort_by(f64::total_cmp);
    dpis.dedup();
    for d in dpis {
        if let Some(s) = spread(cards.iter().filter(|r| r.dpi == d).map(|r| r.total_ms).collect()) {
            time_per_card.insert(format!("{d}dpi"), s);
        }
    }
    let at_300: Vec<&&PageResult> = cards.iter().filter(|r| r.dpi == 300.0).collect();
    let mut time_300dpi_parts = BTreeMap::new();
    for (name, f) in [
        ("decode", &(|r: &PageResult| r.decode_ms) as &dyn Fn(&PageResult) -> f64),
        ("locate", &|r: &PageResult| r.locate_ms),
        ("checks", &|r: &PageResult| r.checks_ms),
    ] {
        if let Some(s) = spread(at_300.iter().map(|r| f(r)).collect()) {
            time_300dpi_parts.insert(name, s);
        }
    }
    let turn_errors: Vec<f64> =
        results.iter().filter_map(|r| Some(angle_between(r.rotation_deg?, r.rotation_found?))).collect();
    Summary {
        pages: results.len(),
        good_cards: good.len(),
        overlap_good,
        orientation_wrong: turn_errors.iter().filter(|e| **e > 45.0).count(),
        max_rotation_error_deg: turn_errors.iter().copied().filter(|e| *e <= 45.0).fold(0.0, f64::max),
        verdict_accuracy: share(&|r| r.verdicts_ok),
        photo_verdict_accuracy: share(&|r| r.photo == r.expected_photo),
        signature_verdict_accuracy: share(&|r| r.signature == r.expected_signature),
        by_kind,
        wrongly_failed: results.iter().filter(|r| expected_pass(r) && !passes(r)).count(),
        wrongly_passed: results.iter().filter(|r| !expected_pass(r) && passes(r)).count(),
        good_full_photo_pass: good.iter().filter(|r| r.full_photo_pass).count(),
        failing_checks_on_good,
        time_per_card,
        time_300dpi_parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let s = spread((1..=20).map(f64::from).collect()).expect("some");
        assert_eq!((s.n, s.median_ms, s.p95_ms), (20, 10.0, 19.0));
        assert!(spread(Vec::new()).is_none());
    }

    #[test]
    fn turn_errors_wrap_around() {
        assert!((angle_between(179.0, -179.0) - 2.0).abs() < 1e-9);
        assert!((angle_between(-90.0, 90.5) - 179.5).abs() < 1e-9);
    }

    #[test]
    fn a_card_not_found_counts_as_no_overlap() {
        let o = overlap(vec![1.0, 0.95, 0.0, 0.5]);
        assert_eq!(o.share_iou_0_9, 0.5);
        assert_eq!(o.min_iou, 0.0);
    }
}
