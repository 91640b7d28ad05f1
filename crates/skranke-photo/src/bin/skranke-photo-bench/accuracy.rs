//! The accuracy tables of docs/BENCHMARKS.md: per check, how often it fails where a human label
//! or a generated defect says it must (detection), how often it fails where a human label says it
//! must pass (false reject), and how often a generated defect makes a check fail that passed on
//! the original and that the defect is not for (collateral).
use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use image::RgbImage;
use skranke_photo::{CHECK_IDS, Models, PhotoReport, PhotoThresholds, StillResult, check_still, load_rgb};

use crate::defects::{Placement, STUDIO_DEFECTS, STUDIO_WALL, before_wall, defects, disturbances};

#[derive(serde::Deserialize)]
struct Labels {
    images: Vec<Labelled>,
}

#[derive(serde::Deserialize)]
struct Labelled {
    file: String,
    fail: Vec<String>,
    pass: Vec<String>,
}

/// Counters of one check.
#[derive(Default, Clone, Copy)]
struct Tally {
    real_detected: u32,
    real_fail_labels: u32,
    false_rejects: u32,
    real_pass_labels: u32,
    gen_detected: u32,
    gen_cases: u32,
    collateral: u32,
    collateral_cases: u32,
}

fn rate(a: u32, b: u32) -> String {
    if b == 0 { "–".into() } else { format!("{a}/{b}") }
}

/// The counters per check id, in [`CHECK_IDS`] order.
type Tallies = BTreeMap<&'static str, Tally>;

/// Runs the labelled real images, then every generated defect on each of them.
pub fn run(models: &Models, t: &PhotoThresholds) -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/accuracy");
    let labels: Labels = serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json"))?)?;
    let mut tally: Tallies = CHECK_IDS.iter().map(|id| (*id, Tally::default())).collect();
    let mut defect_rows: Vec<String> = Vec::new();
    for img_label in &labels.images {
        let path = dir.join(&img_label.file);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let base = load_rgb(&path, t.max_image_side)?;
        let original = check_still(&base, models, t)?;
        let wrong = score_labels(&original.report, img_label, &mut tally)?;
        println!("real {name}: {}", if wrong.is_empty() { "every label met".to_string() } else { wrong.join(", ") });
        let real = Base { image: &base, result: &original };
        // No real image has a plain background: the background defects start from the person
        // before a light grey wall (the "studio" version).
        let studio_image = original
            .landmarks
            .as_ref()
            .map(|m| before_wall(&base, m, |_, _| STUDIO_WALL))
            .unwrap_or_else(|| base.clone());
        let studio_result = check_still(&studio_image, models, t)?;
        let studio = Base { image: &studio_image, result: &studio_result };
        defect_rows.extend(score_defects(&name, &real, &studio, models, t, &mut tally)?);
        defect_rows.extend(score_disturbances(&name, &base, &original.report, models, t)?);
    }
    for row in defect_rows {
        println!("{row}");
    }
    print_table(&tally);
    Ok(())
}

/// Counts one real image's checks against its human labels; returns the labels it did not meet.
fn score_labels(report: &PhotoReport, label: &Labelled, tally: &mut Tallies) -> Result<Vec<String>, Box<dyn Error>> {
    let mut wrong = Vec::new();
    for c in &report.checks {
        let s = tally.get_mut(c.id.as_str()).ok_or("unknown check id")?;
        if label.fail.contains(&c.id) {
            s.real_fail_labels += 1;
            if !c.pass { s.real_detected += 1 } else { wrong.push(format!("{} missed", c.id)) }
        } else if label.pass.contains(&c.id) {
            s.real_pass_labels += 1;
            if !c.pass {
                s.false_rejects += 1;
                wrong.push(format!("{} falsely failed", c.id))
            }
        }
    }
    Ok(wrong)
}

/// An image a defect starts from, and its still check.
struct Base<'a> {
    image: &'a RgbImage,
    result: &'a StillResult,
}

/// Runs every generated defect on one image whose original passes the defect's check (the
/// background defects and the light falling off across the wall on its studio version), counts detection and collateral fails; returns one
/// row per defect.
fn score_defects(
    name: &str,
    real: &Base,
    studio: &Base,
    models: &Models,
    t: &PhotoThresholds,
    tally: &mut Tallies,
) -> Result<Vec<String>, Box<dyn Error>> {
    let mut rows = Vec::new();
    for (defect, target, make) in defects() {
        let on_studio = target == "background" || STUDIO_DEFECTS.contains(&defect);
        let Base { image: base, result: original } = if on_studio { studio } else { real };
        let at = Placement { face: original.face.as_ref(), marks: original.landmarks.as_ref() };
        // A defect only counts on an image whose original passes the check it is for.
        if !original.report.get(target).is_some_and(|c| c.pass) {
            continue;
        }
        let report = check_still(&make(base, &at), models, t)?.report;
        let s = tally.get_mut(target).ok_or("unknown check id")?;
        s.gen_cases += 1;
        let hit = report.get(target).is_some_and(|c| !c.pass);
        if hit {
            s.gen_detected += 1
        }
        // Without a face every check fails by design: no collateral to count.
        let newly =
            if defect != "no_face" { collateral(&report, &original.report, target, tally)? } else { Vec::new() };
        rows.push(format!(
            "{name} {defect}: {} {target}; also failing: {}",
            if hit { "fails" } else { "MISSES" },
            if newly.is_empty() { "none".into() } else { newly.join(", ") }
        ));
    }
    Ok(rows)
}

/// Counts the checks other than `target` that passed on the original and fail with the defect;
/// returns their ids.
fn collateral(
    report: &PhotoReport,
    original: &PhotoReport,
    target: &str,
    tally: &mut Tallies,
) -> Result<Vec<String>, Box<dyn Error>> {
    let mut newly = Vec::new();
    for c in &report.checks {
        let before = original.get(&c.id).is_some_and(|o| o.pass);
        if c.id != target && before {
            let s = tally.get_mut(c.id.as_str()).ok_or("unknown check id")?;
            s.collateral_cases += 1;
            if !c.pass {
                s.collateral += 1;
                newly.push(c.id.clone())
            }
        }
    }
    Ok(newly)
}

/// Runs the disturbances a good photo may carry on one image; returns one row each with the
/// checks they newly fail.
fn score_disturbances(
    name: &str,
    base: &RgbImage,
    original: &PhotoReport,
    models: &Models,
    t: &PhotoThresholds,
) -> Result<Vec<String>, Box<dyn Error>> {
    let mut rows = Vec::new();
    for (d, f) in disturbances() {
        let r = check_still(&f(base), models, t)?.report;
        let flipped: Vec<&str> = r
            .checks
            .iter()
            .filter(|c| !c.pass && original.get(&c.id).is_some_and(|o| o.pass))
            .map(|c| c.id.as_str())
            .collect();
        rows.push(format!(
            "{name} {d} (robustness): newly failing: {}",
            if flipped.is_empty() { "none".to_string() } else { flipped.join(", ") }
        ));
    }
    Ok(rows)
}

/// Prints the accuracy table (docs/BENCHMARKS.md), one row per check.
fn print_table(tally: &Tallies) {
    println!();
    println!(
        "| check | real: detected / labelled fail | real: false rejects / labelled pass | generated: detected / cases | generated: collateral fails / cases |"
    );
    println!("|---|---|---|---|---|");
    for id in CHECK_IDS {
        let s = tally[id];
        println!(
            "| {id} | {} | {} | {} | {} |",
            rate(s.real_detected, s.real_fail_labels),
            rate(s.false_rejects, s.real_pass_labels),
            rate(s.gen_detected, s.gen_cases),
            rate(s.collateral, s.collateral_cases)
        );
    }
}
