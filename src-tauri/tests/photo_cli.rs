//! `skranke photo check` through the real binary: one JSON line per file with the fixed check ids,
//! crops written with `--crop`, exit codes 0 / 1 / 2, and bad files as `error` verdicts.
use std::path::Path;
use std::process::Command;

fn skranke() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_skranke"));
    c.env_remove("SKRANKE_CONFIG").env("SKRANKE_DATA_DIR", std::env::temp_dir().join("skranke-photo-cli-test"));
    c
}

fn portrait(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/demo/portraits").join(name)
}

#[test]
fn photo_check_prints_one_json_line_per_file_and_writes_crops() {
    let t = tempfile::tempdir().expect("tempdir");
    let broken = t.path().join("broken.jpg");
    std::fs::write(&broken, b"\xFF\xD8\xFF\xE0 not really a jpeg").expect("write");
    let crops = t.path().join("crops");
    let out = skranke()
        .args(["--json", "photo", "check"])
        .arg(portrait("obama.jpg"))
        .arg(&broken)
        .arg("--crop")
        .arg(&crops)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(out.status.code(), Some(1), "a file failed");
    let first = &lines[0];
    assert!(first["file"].as_str().is_some_and(|f| f.ends_with("obama.jpg")));
    assert!(["pass", "fail"].contains(&first["verdict"].as_str().unwrap_or("")), "{first}");
    let ids: Vec<&str> = first["checks"].as_array().expect("checks").iter().filter_map(|c| c["id"].as_str()).collect();
    for id in [
        "face_count",
        "eye_distance",
        "head_size",
        "crop_margins",
        "yaw",
        "pitch",
        "roll",
        "eyes_open",
        "mouth_closed",
        "underexposure",
        "overexposure",
        "illumination_uniformity",
        "natural_colour",
        "background",
        "sharpness",
    ] {
        assert!(ids.contains(&id), "missing check {id}: {ids:?}");
    }
    for c in first["checks"].as_array().expect("checks") {
        assert!(
            c["threshold"].is_string()
                && c["pass"].is_boolean()
                && c["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{c}"
        );
    }
    assert!(first["elapsed_ms"].as_f64().is_some_and(|ms| ms > 0.0));
    assert!(first["error"].is_null());
    assert_eq!(lines[1]["verdict"], "error");
    assert!(lines[1]["error"].as_str().is_some_and(|e| e.starts_with("photo_decode")), "{}", lines[1]);
    assert!(crops.join("obama.jpg").exists(), "the crop was written");
    let crop = image::open(crops.join("obama.jpg")).expect("crop decodes");
    let ratio = f64::from(crop.width()) / f64::from(crop.height());
    assert!((ratio - 35.0 / 45.0).abs() < 0.01, "35:45, got {}x{}", crop.width(), crop.height());
}

#[test]
fn photo_check_without_files_is_a_usage_error() {
    let out = skranke().args(["photo", "check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}
