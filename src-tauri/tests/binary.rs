//! Tests of the real `skranke` binary: the CLI entry point and the no-display refusal.
use std::process::Command;

fn skranke() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_skranke"));
    c.env_remove("SKRANKE_CONFIG");
    c
}

#[test]
fn version_flag_prints_version() {
    let out = skranke().arg("--version").output().expect("run skranke");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn no_display_gives_clear_message_and_exit_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = skranke()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("SKRANKE_DATA_DIR", dir.path())
        .output()
        .expect("run skranke");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ingen skærm") && err.contains("No display"), "{err}");
}

#[test]
fn corrupt_config_is_refused_with_key_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "mode = \"demo\"\n[security]\nidle_lock = 5\n").expect("write");
    let out = skranke().args(["config", "check"]).arg(&cfg).output().expect("run skranke");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("security.idle_lock") && err.contains("line 3"), "{err}");
}

#[test]
fn unwritable_data_dir_is_refused_before_the_window_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").expect("write");
    let out =
        skranke().env("DISPLAY", ":987654").env("SKRANKE_DATA_DIR", file.join("below")).output().expect("run skranke");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("data_dir_unwritable"));
}

#[test]
fn sim_prints_ready_line_and_serves_admin_health() {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = skranke().arg("sim").stdout(std::process::Stdio::piped()).spawn().expect("spawn skranke sim");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("ready line");
    let ready: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    let admin = ready["admin"].as_str().expect("admin address").trim_start_matches("http://").to_string();
    let mut s = std::net::TcpStream::connect(&admin).expect("connect admin");
    s.write_all(b"GET /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read");
    let _ = child.kill();
    let _ = child.wait();
    assert!(resp.starts_with("HTTP/1.1 200") && resp.contains("\"ok\":true"), "{resp}");
}
