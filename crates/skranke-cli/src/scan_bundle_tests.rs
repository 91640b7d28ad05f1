//! `skranke bundle make --source scan` on the cuts `skranke scan import --crops` writes, in demo
//! mode: a generated stamkort scan (skranke-scan-samples) is imported, its crops bundled, and the
//! bundle read back; the dpi rules and the override rule are refused with their codes.
use crate::exit;
use crate::tests::cli;
use serde_json::Value;
use skranke_core::{Bundle, PartKind, Source};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The demo CPR service's ordinary person.
const CPR: &str = "120385-1002";
/// The resolution the sample is generated at.
const DPI: u32 = 300;

/// Generated good cards imported once, and the first page whose signature passes and whose
/// photo is found as a photo: (the folder kept alive, its photo crop, its signature crop, its
/// import JSON line). Its photo may still fail a counter still check (the demo portraits'
/// heads are turned a little), so the tests give an override reason where the card must be
/// bundled.
fn crops() -> &'static (tempfile::TempDir, PathBuf, PathBuf, Value) {
    static SET: OnceLock<(tempfile::TempDir, PathBuf, PathBuf, Value)> = OnceLock::new();
    SET.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let models = skranke_photo::Models::load_default().expect("face models");
        let mut options = skranke_scan_samples::Options::new(skranke_scan_samples::default_assets_dir());
        options.good = 2;
        options.bad_each = 0;
        options.dpi = Some(f64::from(DPI));
        let scans = dir.path().join("scans");
        let truth = skranke_scan_samples::generate(&scans, &options, &models, |_| {}).expect("samples");
        let files: Vec<PathBuf> = truth.files.iter().map(|f| scans.join(&f.file)).collect();
        let out = dir.path().join("crops");
        let config = demo_config(dir.path());
        let mut args = vec!["--config", &config, "--json", "scan", "import", "--crops", path(&out)];
        args.extend(files.iter().map(|f| path(f)));
        let (_, stdout, err) = cli(&args);
        let pages: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
        let usable = |p: &Value| {
            let photo_found = p["photo"]["checks"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c["id"] == "scan_is_photo" && c["pass"] == true));
            p["signature"]["verdict"] == "pass" && photo_found
        };
        let passing = pages.into_iter().find(usable).unwrap_or_else(|| panic!("a usable card: {stdout} {err}"));
        let file = PathBuf::from(passing["file"].as_str().expect("file"));
        let stem = file.file_stem().expect("stem").to_string_lossy().into_owned();
        let page = passing["page"].as_u64().expect("page");
        let photo = out.join(format!("{stem}-p{page}-photo.jpg"));
        let signature = out.join(format!("{stem}-p{page}-signature.png"));
        assert!(photo.is_file() && signature.is_file(), "crops written: {photo:?} {signature:?}");
        (dir, photo, signature, passing)
    })
}

fn demo_config(dir: &Path) -> String {
    let p = dir.join("demo.toml");
    std::fs::write(&p, format!("mode = \"demo\"\ndata_dir = {:?}\n", dir.join("data").display().to_string()))
        .expect("write");
    p.display().to_string()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn json(out: &str) -> Value {
    serde_json::from_str(out.lines().last().unwrap_or("null")).expect("a JSON line")
}

/// `bundle make --json` with `extra` arguments into `out`: (exit code, the JSON line).
fn make(config: &str, photo: &Path, signature: &Path, out: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec![
        "--config",
        config,
        "--json",
        "bundle",
        "make",
        "--cpr",
        CPR,
        "--case",
        "KK-2026-000031",
        "--photo",
        path(photo),
        "--signature",
        path(signature),
        "--out",
        path(out),
    ];
    args.extend_from_slice(extra);
    let (code, stdout, err) = cli(&args);
    assert!(!stdout.is_empty(), "one JSON line: {err}");
    (code, json(&stdout))
}

fn read_bundle(p: &Path) -> Bundle {
    Bundle::read(&std::fs::read(p).expect("bundle file")).expect("a valid bundle")
}

#[test]
fn scan_crops_make_a_scan_bundle_with_the_dpi_and_a_signature_image_without_strokes() {
    let (_, photo, signature, imported) = crops();
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    let out = t.path().join("scan.skb");
    let args = ["--source", "scan", "--dpi", "300", "--override-reason", "Prøve"];
    let (code, v) = make(&config, photo, signature, &out, &args);
    assert_eq!(code, exit::OK, "{v}");
    assert_eq!((v["source"].as_str(), v["dpi"].as_u64()), (Some("scan"), Some(u64::from(DPI))), "{v}");
    assert_eq!(v["signature_verdict"], "pass", "{v}");
    assert_eq!(v["photo_verdict"], imported["photo"]["verdict"], "the scan desk's verdict: {v} {imported}");

    let bundle = read_bundle(&out);
    let m = bundle.manifest();
    assert_eq!(m.capture_id.to_string(), v["capture_id"].as_str().expect("id"));
    assert_eq!(m.source, Source::Scan);
    assert_eq!(m.scan.map(|s| s.dpi), Some(DPI));
    assert!(bundle.part(PartKind::Strokes).is_none(), "paper has no pen data");
    assert!(!m.includes_pen_data());
    let png = bundle.part(PartKind::Signature).expect("the signature image");
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png).expect("a PNG");
    let cut = image::open(signature).expect("the signature crop");
    assert_eq!((img.width(), img.height()), (cut.width(), cut.height()), "the field as cut");
    let photo_checks = bundle.photo_report().expect("photo report").checks;
    assert!(photo_checks.iter().any(|c| c.id == "scan_is_photo" && c.pass), "checked as a scanned photo");
    let signature_checks = bundle.signature_report().expect("signature report").checks;
    assert!(signature_checks.iter().any(|c| c.id == "scan_ink_present"), "checked as a scanned signature");
    assert!(m.flags.signature_override.is_none(), "a passing part carries no reason");
    assert_eq!(m.flags.photo_override.is_some(), v["photo_verdict"] == "fail", "a failing part carries it");
}

#[test]
fn a_scan_needs_a_possible_dpi_and_a_counter_bundle_takes_none() {
    let (_, photo, signature, _) = crops();
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    let out = t.path().join("refused.skb");
    for extra in [
        &["--source", "scan"][..],
        &["--source", "scan", "--dpi", "49"][..],
        &["--source", "scan", "--dpi", "2401"][..],
        &["--dpi", "300"][..],
        &["--source", "counter", "--dpi", "300"][..],
    ] {
        let (code, v) = make(&config, photo, signature, &out, extra);
        assert_eq!((code, v["error"].as_str()), (exit::FAILED, Some("scan_invalid_dpi")), "{extra:?}: {v}");
        assert!(!out.exists(), "{extra:?}: nothing written");
    }
    assert_eq!(cli(&["bundle", "make", "--dpi", "many"]).0, exit::USAGE);
}

#[test]
fn a_failing_scan_crop_needs_an_override_reason() {
    let (_, photo, _, _) = crops();
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    // An empty signature field: white paper, no ink.
    let blank = t.path().join("blank.png");
    image::RgbImage::from_pixel(1000, 260, image::Rgb([245, 245, 245])).save(&blank).expect("write");
    let out = t.path().join("blank.skb");
    let scan = ["--source", "scan", "--dpi", "300"];
    let (code, v) = make(&config, photo, &blank, &out, &scan);
    assert_eq!((code, v["error"].as_str()), (exit::FAILED, Some("bundle_override_required")), "{v}");
    assert!(!out.exists());

    let with_reason = [&scan[..], &["--override-reason", "Borgeren kan ikke skrive"]].concat();
    let (code, v) = make(&config, photo, &blank, &out, &with_reason);
    assert_eq!(code, exit::OK, "{v}");
    assert_eq!(v["signature_verdict"], "fail", "{v}");
    let bundle = read_bundle(&out);
    let flags = &bundle.manifest().flags;
    assert_eq!(flags.photo_override.is_some(), v["photo_verdict"] == "fail", "only a failing part carries it");
    assert_eq!(flags.signature_override.as_ref().map(|o| o.reason.as_str()), Some("Borgeren kan ikke skrive"));
}
