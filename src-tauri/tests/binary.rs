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
    let out = skranke()
        .env("DISPLAY", ":987654")
        .env("SKRANKE_DATA_DIR", file.join("below"))
        .output()
        .expect("run skranke");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("data_dir_unwritable"));
}
