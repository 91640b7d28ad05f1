//! The checks and the renderer on the committed stroke files (assets/demo/signatures, made by
//! scripts/make-demo-signatures.py): each file fails exactly the checks expected.json names.
use skranke_core::SignatureThresholds;
use skranke_signature::pad::{PadEvent, PadSource, ReplayPad};
use skranke_signature::{CHECK_IDS, RenderOptions, check_file, read_stroke_file, render, render_file};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/signatures")
}

#[test]
fn every_file_fails_exactly_the_expected_checks() {
    let expected: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).expect("expected.json"))
            .expect("json");
    assert!(expected.len() >= 10);
    for (name, failing) in &expected {
        let report = check_file(&dir().join(format!("{name}.json")), &SignatureThresholds::default());
        assert_eq!(report.error, None, "{name}");
        let ids: Vec<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, CHECK_IDS.to_vec(), "{name}: fixed order");
        let failed: Vec<String> = report.checks.iter().filter(|c| !c.pass).map(|c| c.id.clone()).collect();
        assert_eq!(&failed, failing, "{name}: {:#?}", report.checks);
        assert_eq!(report.verdict, if failing.is_empty() { "pass" } else { "fail" }, "{name}");
        assert!(report.checks.iter().all(|c| !c.message.is_empty() && !c.threshold.is_empty()));
    }
}

#[test]
fn thresholds_are_tunable() {
    let strict = SignatureThresholds { min_duration_s: 10.0, ..SignatureThresholds::default() };
    let report = check_file(&dir().join("anne.json"), &strict);
    assert_eq!(report.verdict, "fail");
    assert!(!report.checks.iter().find(|c| c.id == "duration").expect("duration").pass);
}

#[test]
fn unreadable_and_invalid_files_are_errors_with_a_reason() {
    let t = tempfile::tempdir().expect("tempdir");
    let missing = check_file(&t.path().join("nope.json"), &SignatureThresholds::default());
    assert_eq!(missing.verdict, "error");
    assert!(missing.error.is_some() && missing.checks.is_empty());
    let bad = t.path().join("bad.json");
    std::fs::write(&bad, r#"{"width": 10, "height": 10, "pressure_max": 1, "samples": [[5, 1, 1, 1], [1, 2, 2, 1]]}"#)
        .expect("write");
    let r = check_file(&bad, &SignatureThresholds::default());
    assert_eq!(r.verdict, "error");
    assert!(r.error.as_deref().is_some_and(|e| e.contains("earlier")), "{r:?}");
}

#[test]
fn renders_the_field_at_600_dpi_with_ink_where_the_strokes_are() {
    let f = read_stroke_file(&dir().join("anne.json")).expect("anne");
    let o = RenderOptions::default();
    let img = render(&f, &o).expect("render");
    assert_eq!((img.width(), img.height()), (1417, 472), "60 x 20 mm at 600 dpi");
    let dark = img.pixels().filter(|p| p.0[0] < 128).count();
    assert!(dark > 2000, "ink drawn: {dark} dark pixels");
    // Trimmed and centred: the margins left and right are about equal.
    let cols: Vec<u32> =
        (0..img.width()).filter(|&x| (0..img.height()).any(|y| img.get_pixel(x, y).0[0] < 128)).collect();
    let (first, last) = (cols[0], *cols.last().expect("ink"));
    assert!((first as i64 - (img.width() - 1 - last) as i64).abs() <= 3, "centred: {first} .. {last}");
    // Anti-aliased: grey levels between black and white exist.
    assert!(img.pixels().any(|p| p.0[0] > 20 && p.0[0] < 235));
    let empty = read_stroke_file(&dir().join("empty.json")).expect("empty");
    assert!(render(&empty, &o).expect("render").pixels().all(|p| p.0[0] == 255), "no ink, white field");
}

#[test]
fn pressure_changes_line_width() {
    let mut f = read_stroke_file(&dir().join("anne.json")).expect("anne");
    let o = RenderOptions::default();
    let dark =
        |f: &skranke_signature::StrokeFile| render(f, &o).expect("render").pixels().filter(|p| p.0[0] < 128).count();
    let normal = dark(&f);
    for s in &mut f.samples {
        if s.pressure > 0.0 {
            s.pressure = f.pressure_max;
        }
    }
    assert!(dark(&f) > normal, "full pressure draws wider lines");
}

#[test]
fn render_file_writes_a_png() {
    let t = tempfile::tempdir().expect("tempdir");
    let out = t.path().join("anne.png");
    render_file(&dir().join("anne.json"), &out, &RenderOptions::default()).expect("render");
    let img = image::open(&out).expect("png");
    assert_eq!(img.color(), image::ColorType::L8);
}

#[test]
fn replay_pad_plays_every_sample_then_done_and_can_be_unplugged() {
    let f = read_stroke_file(&dir().join("bo.json")).expect("bo");
    let n = f.samples.len();
    let mut pad = ReplayPad::new("replay", f.clone(), 50.0);
    let mut got = 0;
    loop {
        match pad.next_event(Duration::from_millis(200)) {
            Some(PadEvent::Sample(_)) => got += 1,
            Some(PadEvent::Done) => break,
            Some(PadEvent::Lost(e)) => panic!("lost: {e}"),
            None => {}
        }
    }
    assert_eq!(got, n);
    let mut pad = ReplayPad::new("replay", f, 100.0).unplug_after(10);
    let mut events = Vec::new();
    while let Some(e) = pad.next_event(Duration::from_millis(200)) {
        let lost = matches!(e, PadEvent::Lost(_));
        events.push(e);
        if lost {
            break;
        }
    }
    assert_eq!(events.len(), 11);
    assert!(matches!(events.last(), Some(PadEvent::Lost(_))));
}
