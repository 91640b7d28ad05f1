//! `skranke-scan-bench --samples DIR [--quiet]`: runs skranke-scan on every page of a sample set
//! made by `make-scan-samples` and compares with DIR/truth.json. Prints one JSON line per page
//! (overlap of the found card, photo crop and signature crop with the truth, verdicts, times),
//! then the summary as JSON: the share of good cards with IoU >= 0.9 per field, the verdict
//! accuracy (the checks the truth predicts: scan_is_photo, scan_resolution and face_count for the
//! photo, the scan_* ink checks for the signature), and the time per card (decode share + locate
//! + checks; median and p95, per resolution). For docs/BENCHMARKS.md, in a release build:
//!
//! ```text
//! scripts/make-scan-samples.sh /tmp/scan-samples
//! cargo run --release -p skranke-scan-samples --bin skranke-scan-bench -- --samples /tmp/scan-samples
//! ```
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use skranke_core::{CheckReport, PhotoThresholds, ScanPhotoThresholds};
use skranke_photo::Models;
use skranke_scan::{
    ScanSettings, ScanSignatureThresholds, ScannedPage, analyse_with, locate_card, read_pages, rect_on_card,
};
use skranke_scan_samples::{Truth, TruthPage, Verdict, iou};

mod stats;

use stats::{PageResult, summarise};

/// The photo checks whose verdict the truth predicts (the rest judge the portrait itself).
const PREDICTED_PHOTO_CHECKS: [&str; 3] = ["scan_is_photo", "scan_resolution", "face_count"];

/// Runs skranke-scan on a sample set and compares with its truth.
#[derive(Parser)]
struct Args {
    /// The sample directory (with truth.json).
    #[arg(long)]
    samples: PathBuf,
    /// Only the summary.
    #[arg(long)]
    quiet: bool,
}

fn verdict(pass: bool) -> Verdict {
    if pass { Verdict::Pass } else { Verdict::Fail }
}

fn failing(report: &CheckReport) -> impl Iterator<Item = String> + '_ {
    report.checks.iter().filter(|c| !c.pass).map(|c| c.id.clone())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Measures one page against its truth.
fn measure(file: &str, scanned: &ScannedPage, truth: &TruthPage, s: &ScanSettings<'_>, decode_ms: f64) -> PageResult {
    let started = Instant::now();
    let located = locate_card(scanned, s.layout, s.models);
    let locate_ms = ms(started);
    let mut r = PageResult {
        file: file.to_string(),
        page: truth.page,
        dpi: truth.dpi,
        kind: truth.kind,
        rotation_deg: truth.rotation_deg,
        rotation_found: None,
        fold: truth.fold,
        error: None,
        card_iou: None,
        photo_iou: None,
        signature_iou: None,
        photo: Verdict::Fail,
        signature: Verdict::Fail,
        expected_photo: truth.expected.photo,
        expected_signature: truth.expected.signature,
        verdicts_ok: false,
        full_photo_pass: false,
        failing_checks: Vec::new(),
        decode_ms,
        locate_ms,
        checks_ms: 0.0,
        total_ms: decode_ms + locate_ms,
    };
    match located {
        Err(e) => r.error = Some(e.code()),
        Ok(located) => {
            r.rotation_found = Some(located.rotation_deg);
            r.card_iou = truth.card.map(|t| iou(&located.card, &t));
            let photo = located.photo.unwrap_or_else(|| rect_on_card(&located.card, s.layout, s.layout.photo));
            let signature = located.signature;
            r.photo_iou = truth.photo.map(|t| iou(&photo, &t));
            r.signature_iou = truth.signature.map(|t| iou(&signature, &t));
            let started = Instant::now();
            let analysis = analyse_with(scanned, s, located, photo, signature);
            r.checks_ms = ms(started);
            r.total_ms += r.checks_ms;
            match analysis {
                Err(e) => r.error = Some(e.code()),
                Ok(a) => {
                    let predicted = a
                        .photo_report
                        .checks
                        .iter()
                        .filter(|c| PREDICTED_PHOTO_CHECKS.contains(&c.id.as_str()))
                        .all(|c| c.pass);
                    r.photo = verdict(predicted);
                    r.signature = verdict(a.signature_report.passed());
                    r.full_photo_pass = a.photo_report.passed();
                    r.failing_checks = failing(&a.photo_report).chain(failing(&a.signature_report)).collect();
                }
            }
        }
    }
    r.verdicts_ok = r.photo == r.expected_photo && r.signature == r.expected_signature;
    r
}

fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let truth = Truth::read(&args.samples)?;
    let models = Models::load_default()?;
    let (photo, photo_scan, signature) =
        (PhotoThresholds::default(), ScanPhotoThresholds::default(), ScanSignatureThresholds::default());
    let settings = ScanSettings {
        layout: &truth.layout,
        models: &models,
        photo: &photo,
        photo_scan: &photo_scan,
        signature: &signature,
    };
    let mut results = Vec::new();
    for file in &truth.files {
        let started = Instant::now();
        let pages = read_pages(&args.samples.join(&file.file))?;
        let decode_ms = ms(started) / pages.len().max(1) as f64;
        if pages.len() != file.pages.len() {
            return Err(format!("{}: {} pages read, truth has {}", file.file, pages.len(), file.pages.len()).into());
        }
        for (scanned, page) in pages.iter().zip(&file.pages) {
            let r = measure(&file.file, scanned, page, &settings, decode_ms);
            if !args.quiet {
                println!("{}", serde_json::to_string(&r)?);
            }
            results.push(r);
        }
    }
    println!("{}", serde_json::to_string_pretty(&summarise(&results))?);
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("skranke-scan-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_predicted_checks_exist() {
        for id in PREDICTED_PHOTO_CHECKS {
            assert!(skranke_scan::SCAN_PHOTO_CHECK_IDS.contains(&id), "{id}");
        }
        assert_eq!(verdict(true), Verdict::Pass);
    }
}
