//! `skranke diagnose`: what IT checks first on a counter PC. Each check is independent, so one
//! failure never hides the others.
use crate::DataDir;
use serde::Serialize;
use std::path::Path;

/// Outcome of one check.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// Fine.
    Ok,
    /// Works, but IT should look (e.g. no camera connected).
    Warn,
    /// Skranke cannot work like this.
    Fail,
}

/// One line of the diagnosis.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticCheck {
    /// Stable id: `config`, `production`, `data_dir`, `cameras`, ...
    pub id: &'static str,
    /// Outcome.
    pub status: CheckStatus,
    /// What was found, in English for IT.
    pub detail: String,
}

/// The whole diagnosis; `ok` is false when any check failed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Diagnosis {
    /// No check failed.
    pub ok: bool,
    /// Every check, in a fixed order.
    pub checks: Vec<DiagnosticCheck>,
}

/// A function that lists camera names, so the camera crate can be swapped in tests.
pub type CameraLister = fn() -> Result<Vec<String>, String>;

/// The connected cameras as the diagnosis shows them (`name (id)`): the real lister for
/// [`diagnose`], so callers reach the cameras only through this façade.
pub fn connected_cameras() -> Result<Vec<String>, String> {
    skranke_camera::list_devices()
        .map(|devices| devices.into_iter().map(|d| format!("{} ({})", d.name, d.id)).collect())
        .map_err(|e| e.to_string())
}

/// Runs every check for the configuration at `config_path` (or the default lookup).
pub fn diagnose(config_path: Option<&Path>, cameras: CameraLister) -> Diagnosis {
    let mut checks = Vec::new();
    let mut push = |id, status, detail: String| checks.push(DiagnosticCheck { id, status, detail });
    match skranke_config::load(config_path) {
        Err(e) => push("config", CheckStatus::Fail, e.to_string()),
        Ok(loaded) => {
            let source = match &loaded.source {
                skranke_config::ConfigSource::File(p) => format!("{} is valid", p.display()),
                skranke_config::ConfigSource::BuiltInDemo { looked_at } => {
                    format!("no file at {}; built-in demo settings", looked_at.display())
                }
            };
            push("config", CheckStatus::Ok, format!("{source} (mode {:?})", loaded.config.mode).to_lowercase());
            let problems = loaded.config.check_production();
            if problems.is_empty() {
                push("production", CheckStatus::Ok, "nothing required is missing".into());
            } else {
                let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect();
                push("production", CheckStatus::Fail, list.join("; "));
            }
            let demo = loaded.config.mode == skranke_config::Mode::Demo;
            let dir = DataDir::choose(loaded.config.data_dir.as_deref(), demo);
            match dir.ensure_writable() {
                Ok(()) => push("data_dir", CheckStatus::Ok, format!("{} is writable", dir.root.display())),
                Err(e) => push("data_dir", CheckStatus::Fail, e.message),
            }
        }
    }
    match cameras() {
        Ok(list) if list.is_empty() => push("cameras", CheckStatus::Warn, "no camera found".into()),
        Ok(list) => push("cameras", CheckStatus::Ok, format!("{} found: {}", list.len(), list.join(", "))),
        Err(e) => push("cameras", CheckStatus::Warn, format!("cameras could not be listed: {e}")),
    }
    let ok = checks.iter().all(|c| c.status != CheckStatus::Fail);
    Diagnosis { ok, checks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_cameras() -> Result<Vec<String>, String> {
        Ok(vec![])
    }

    #[test]
    fn invalid_config_fails_but_other_checks_still_run() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        std::fs::write(&p, "bogus = 1\n").expect("write");
        let d = diagnose(Some(&p), no_cameras);
        assert!(!d.ok);
        assert_eq!(d.checks[0].id, "config");
        assert_eq!(d.checks[0].status, CheckStatus::Fail);
        assert!(d.checks[0].detail.contains("bogus"), "{}", d.checks[0].detail);
        assert!(d.checks.iter().any(|c| c.id == "cameras" && c.status == CheckStatus::Warn));
    }

    #[test]
    fn valid_demo_config_with_no_camera_is_ok_with_warning() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        let data = t.path().join("data");
        std::fs::write(&p, format!("data_dir = {:?}\n", data.display().to_string())).expect("write");
        let d = diagnose(Some(&p), no_cameras);
        assert!(d.ok, "{d:?}");
        assert!(data.join("logs").is_dir());
    }
}
