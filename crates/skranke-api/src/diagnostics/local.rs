//! The checks that need no running Skranke, so they work when it cannot start: the configuration
//! (source, errors, missing production settings, risky settings), the data directory and its free
//! space, the cameras and signature pads connected. Each check is independent, so one failure
//! never hides the others.
use super::check::{CheckId, CheckStatus, ConfigSourceView, DiagnosticCheck};
use crate::DataDir;
use skranke_config::{Config, LoadedConfig};
use std::path::Path;

/// Below this much free space the disk check warns (about 6000 captures of 300 KiB).
pub const FREE_SPACE_WARN_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Below this much it fails: the outbox may soon refuse captures (`store_disk_full`).
pub const FREE_SPACE_FAIL_BYTES: u64 = 256 * 1024 * 1024;

/// A function that lists connected devices by name, so tests can swap the hardware out.
pub type DeviceLister = fn() -> Result<Vec<String>, String>;

/// How the diagnosis finds the hardware.
#[derive(Clone, Copy)]
pub struct Devices {
    /// Cameras (`name (id)`).
    pub cameras: DeviceLister,
    /// Signature pads.
    pub pads: DeviceLister,
}

impl Devices {
    /// The real cameras and pads of this PC.
    pub fn connected() -> Self {
        Self { cameras: connected_cameras, pads: connected_pads }
    }
}

/// The connected cameras as the diagnosis shows them (`name (id)`).
pub fn connected_cameras() -> Result<Vec<String>, String> {
    skranke_camera::list_devices()
        .map(|devices| devices.into_iter().map(|d| format!("{} ({})", d.name, d.id)).collect())
        .map_err(|e| e.to_string())
}

/// The connected signature pads (Wacom STU), without opening them.
pub fn connected_pads() -> Result<Vec<String>, String> {
    skranke_signature::pad::wacom::connected_pads().map_err(|e| e.to_string())
}

/// The local checks for the configuration at `config_path` (or the default lookup), with where it
/// came from (`None` when it could not be loaded).
pub fn local_checks(config_path: Option<&Path>, devices: Devices) -> (Option<ConfigSourceView>, Vec<DiagnosticCheck>) {
    let mut checks = Vec::new();
    let loaded = skranke_config::load(config_path);
    let source = loaded.as_ref().ok().map(|l| ConfigSourceView::from(&l.source));
    match &loaded {
        Err(e) => checks.push(DiagnosticCheck::new(CheckId::Config, CheckStatus::Fail, e.to_string())),
        Ok(loaded) => checks.extend(config_checks(loaded)),
    }
    let config = loaded.as_ref().map(|l| &l.config).ok();
    checks.push(camera_check(config, devices.cameras));
    checks.push(pad_check(config, devices.pads));
    (source, checks)
}

/// Source, production completeness, risky settings, data directory and its free space.
fn config_checks(loaded: &LoadedConfig) -> Vec<DiagnosticCheck> {
    let config = &loaded.config;
    let mut checks = Vec::new();
    let source = match &loaded.source {
        skranke_config::ConfigSource::File(p) => format!("{} is valid", p.display()),
        skranke_config::ConfigSource::BuiltInDemo { looked_at } => {
            format!("no file at {}; built-in demo settings", looked_at.display())
        }
    };
    let mode = if config.mode == skranke_config::Mode::Demo { "demo" } else { "production" };
    checks.push(DiagnosticCheck::new(CheckId::Config, CheckStatus::Ok, format!("{source} (mode {mode})")));
    let problems = config.check_production();
    checks.push(if problems.is_empty() {
        DiagnosticCheck::new(CheckId::Production, CheckStatus::Ok, "nothing required is missing")
    } else {
        let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect();
        DiagnosticCheck::new(CheckId::Production, CheckStatus::Fail, list.join("; "))
    });
    let risky = config.risky_settings();
    checks.push(if risky.is_empty() {
        DiagnosticCheck::new(CheckId::ConfigWarnings, CheckStatus::Ok, "no risky settings")
    } else {
        let list: Vec<String> = risky.iter().map(|p| format!("{}: {}", p.key, p.message)).collect();
        DiagnosticCheck::new(CheckId::ConfigWarnings, CheckStatus::Warn, list.join("; "))
    });
    let demo = config.mode == skranke_config::Mode::Demo;
    let dir = DataDir::choose(config.data_dir.as_deref(), demo);
    match dir.ensure_writable() {
        Ok(()) => {
            checks.push(DiagnosticCheck::new(
                CheckId::DataDir,
                CheckStatus::Ok,
                format!("{} is writable", dir.root.display()),
            ));
            checks.push(disk_space_check(&dir.root));
        }
        Err(e) => checks.push(DiagnosticCheck::new(CheckId::DataDir, CheckStatus::Fail, e.message)),
    }
    checks
}

/// Free space on the data directory's disk against [`FREE_SPACE_WARN_BYTES`] and
/// [`FREE_SPACE_FAIL_BYTES`].
pub fn disk_space_check(dir: &Path) -> DiagnosticCheck {
    match skranke_os::free_space(dir) {
        Ok(free) => disk_space_verdict(free),
        Err(e) => DiagnosticCheck::new(CheckId::DiskSpace, CheckStatus::Warn, format!("free space unknown: {e}")),
    }
}

fn disk_space_verdict(free: u64) -> DiagnosticCheck {
    let mib = free / (1024 * 1024);
    if free < FREE_SPACE_FAIL_BYTES {
        DiagnosticCheck::new(CheckId::DiskSpace, CheckStatus::Fail, format!("{mib} MiB free: captures may be refused"))
    } else if free < FREE_SPACE_WARN_BYTES {
        DiagnosticCheck::new(CheckId::DiskSpace, CheckStatus::Warn, format!("{mib} MiB free: free some space"))
    } else {
        DiagnosticCheck::new(CheckId::DiskSpace, CheckStatus::Ok, format!("{mib} MiB free"))
    }
}

/// The cameras found and the configured camera with its requested format.
fn camera_check(config: Option<&Config>, cameras: DeviceLister) -> DiagnosticCheck {
    let chosen = config
        .map(|c| {
            format!("; configured: {} at {}x{} {} fps", c.camera.source, c.camera.width, c.camera.height, c.camera.fps)
        })
        .unwrap_or_default();
    let replay = config.is_some_and(|c| c.camera.source.starts_with("replay:"));
    match cameras() {
        Ok(list) if list.is_empty() && replay => {
            DiagnosticCheck::new(CheckId::Cameras, CheckStatus::Ok, format!("no camera found{chosen}"))
        }
        Ok(list) if list.is_empty() => {
            DiagnosticCheck::new(CheckId::Cameras, CheckStatus::Warn, format!("no camera found{chosen}"))
        }
        Ok(list) => DiagnosticCheck::new(
            CheckId::Cameras,
            CheckStatus::Ok,
            format!("{} found: {}{chosen}", list.len(), list.join(", ")),
        ),
        Err(e) => {
            DiagnosticCheck::new(CheckId::Cameras, CheckStatus::Warn, format!("cameras could not be listed: {e}"))
        }
    }
}

/// The pads found and the configured pad. No pad with `auto` is a warning: clerks then sign on
/// the screen, which is allowed but not what the counter was set up for.
fn pad_check(config: Option<&Config>, pads: DeviceLister) -> DiagnosticCheck {
    let setting = config.map(|c| c.signature.pad.trim().to_string()).unwrap_or_else(|| "auto".into());
    let on_screen_or_replay = setting == "canvas" || setting.starts_with("replay:");
    match pads() {
        Ok(list) if !list.is_empty() => DiagnosticCheck::new(
            CheckId::SignaturePads,
            CheckStatus::Ok,
            format!("{} found: {}; configured: {setting}", list.len(), list.join(", ")),
        ),
        Ok(_) if on_screen_or_replay => DiagnosticCheck::new(
            CheckId::SignaturePads,
            CheckStatus::Ok,
            format!("no pad found; configured: {setting}, which needs none"),
        ),
        Ok(_) => DiagnosticCheck::new(
            CheckId::SignaturePads,
            CheckStatus::Warn,
            format!("no signature pad found; configured: {setting} (clerks sign on the screen)"),
        ),
        Err(e) => DiagnosticCheck::new(
            CheckId::SignaturePads,
            CheckStatus::Warn,
            format!("signature pads could not be listed: {e}; configured: {setting}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Result<Vec<String>, String> {
        Ok(vec![])
    }
    fn one_pad() -> Result<Vec<String>, String> {
        Ok(vec!["Wacom STU-540".into()])
    }
    fn broken() -> Result<Vec<String>, String> {
        Err("hidapi: no access".into())
    }
    const NO_DEVICES: Devices = Devices { cameras: none, pads: none };

    fn status(checks: &[DiagnosticCheck], id: CheckId) -> Option<CheckStatus> {
        checks.iter().find(|c| c.id == id).map(|c| c.status)
    }

    #[test]
    fn invalid_config_fails_but_the_device_checks_still_run() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        std::fs::write(&p, "bogus = 1\n").expect("write");
        let (source, checks) = local_checks(Some(&p), NO_DEVICES);
        assert_eq!(source, None);
        assert_eq!(status(&checks, CheckId::Config), Some(CheckStatus::Fail));
        assert!(checks[0].detail.contains("bogus"), "{}", checks[0].detail);
        assert_eq!(status(&checks, CheckId::Cameras), Some(CheckStatus::Warn));
        assert_eq!(status(&checks, CheckId::SignaturePads), Some(CheckStatus::Warn));
    }

    #[test]
    fn a_valid_demo_config_names_its_file_and_finds_the_disk() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        let data = t.path().join("data");
        std::fs::write(&p, format!("data_dir = {:?}\n", data.display().to_string())).expect("write");
        let (source, checks) = local_checks(Some(&p), NO_DEVICES);
        assert_eq!(source, Some(ConfigSourceView::File { path: p.display().to_string() }));
        assert!(data.join("logs").is_dir());
        for id in [CheckId::Config, CheckId::Production, CheckId::ConfigWarnings, CheckId::DataDir] {
            assert_eq!(status(&checks, id), Some(CheckStatus::Ok), "{id:?}: {checks:?}");
        }
        assert!(status(&checks, CheckId::DiskSpace).is_some());
    }

    #[test]
    fn a_risky_setting_is_a_warning_not_a_failure() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        let data = t.path().join("data");
        std::fs::write(&p, format!("data_dir = {:?}\n[bundle]\ninclude_pen_data = true\n", data.display().to_string()))
            .expect("write");
        let (_, checks) = local_checks(Some(&p), NO_DEVICES);
        let warning = checks.iter().find(|c| c.id == CheckId::ConfigWarnings).expect("check");
        assert_eq!(warning.status, CheckStatus::Warn);
        assert!(warning.detail.contains("bundle.include_pen_data"), "{}", warning.detail);
    }

    #[test]
    fn free_space_warns_then_fails_as_it_runs_out() {
        assert_eq!(disk_space_verdict(FREE_SPACE_WARN_BYTES).status, CheckStatus::Ok);
        assert_eq!(disk_space_verdict(FREE_SPACE_WARN_BYTES - 1).status, CheckStatus::Warn);
        assert_eq!(disk_space_verdict(FREE_SPACE_FAIL_BYTES - 1).status, CheckStatus::Fail);
    }

    #[test]
    fn pads_found_missing_or_unlistable() {
        let mut config = Config::demo();
        assert_eq!(pad_check(Some(&config), one_pad).status, CheckStatus::Ok);
        assert_eq!(pad_check(Some(&config), none).status, CheckStatus::Warn);
        assert_eq!(pad_check(Some(&config), broken).status, CheckStatus::Warn);
        config.signature.pad = "canvas".into();
        assert_eq!(pad_check(Some(&config), none).status, CheckStatus::Ok);
        let cams = camera_check(Some(&config), one_pad);
        assert!(cams.detail.contains("configured: auto at 1280x720 30 fps"), "{}", cams.detail);
    }
}
