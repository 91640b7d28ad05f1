//! Finding, reading and parsing the configuration file.
use crate::{Config, ConfigError, ConfigErrorKind, default_path};
use std::path::{Path, PathBuf};

/// Where the configuration in use came from (shown by `skranke diagnose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// Read from this file.
    File(PathBuf),
    /// No file exists at the machine-wide path and none was named: built-in demo settings.
    BuiltInDemo {
        /// The machine-wide path that was looked at.
        looked_at: PathBuf,
    },
}

/// A configuration together with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The settings.
    pub config: Config,
    /// Their origin.
    pub source: ConfigSource,
}

/// Loads the configuration: the named file (which must then exist), else `$SKRANKE_CONFIG`, else
/// the machine-wide file when present, else the built-in demo settings.
pub fn load(explicit: Option<&Path>) -> Result<LoadedConfig, ConfigError> {
    let from_env = std::env::var_os("SKRANKE_CONFIG").filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(path) = explicit.map(Path::to_path_buf).or(from_env) {
        return Ok(LoadedConfig { config: load_file(&path)?, source: ConfigSource::File(path) });
    }
    let machine_wide = default_path();
    if machine_wide.exists() {
        return Ok(LoadedConfig { config: load_file(&machine_wide)?, source: ConfigSource::File(machine_wide) });
    }
    Ok(LoadedConfig { config: Config::demo(), source: ConfigSource::BuiltInDemo { looked_at: machine_wide } })
}

/// Reads and validates one configuration file.
pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError { path: path.to_path_buf(), kind: ConfigErrorKind::Unreadable(e.to_string()) })?;
    parse(&text, path)
}

pub(crate) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let config: Config = toml::from_str(text)
        .map_err(|e| ConfigError { path: path.to_path_buf(), kind: invalid_from_toml(text, &e) })?;
    crate::production::check_values(&config).map_err(|(key, message)| ConfigError {
        path: path.to_path_buf(),
        kind: ConfigErrorKind::BadValue { key, message },
    })?;
    Ok(config)
}

fn invalid_from_toml(text: &str, e: &toml::de::Error) -> ConfigErrorKind {
    let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    let key = e.span().and_then(|_| dotted_key_at(text, line));
    ConfigErrorKind::Invalid { line, column, key, message: e.message().trim().to_string() }
}

/// The dotted key written on `line` (1-based), prefixed by the table header above it.
fn dotted_key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?.trim();
    let header_of = |l: &str| {
        let l = l.trim();
        (l.starts_with('[') && l.contains(']'))
            .then(|| l.trim_start_matches('[').split(']').next().unwrap_or("").trim().to_string())
    };
    if let Some(table) = header_of(here) {
        return Some(table);
    }
    let key = here.split('=').next()?.trim().trim_matches('"');
    if key.is_empty() || !here.contains('=') {
        return None;
    }
    let table = lines[..line - 1].iter().rev().find_map(|l| header_of(l));
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{key}"),
        _ => key.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mode;

    fn err(text: &str) -> ConfigError {
        Config::from_toml_str(text).expect_err("should be rejected")
    }

    /// The PKCS#12 password never shows in a `{:?}` of the configuration (a derived `Debug`
    /// printed it); the paths do, for diagnosis.
    #[test]
    fn debug_hides_the_pkcs12_password() {
        let text = r#"
mode = "production"
[gateway]
endpoint = "https://gw.example"
[gateway.tls]
client_cert = "/etc/skranke/client.p12"
client_cert_password = "Hemmeligt-Kodeord-42"
ca_cert = "/etc/skranke/ca.pem"
"#;
        let c = Config::from_toml_str(text).expect("parses");
        let shown = format!("{c:?} {:#?}", c.gateway.as_ref().map(|g| &g.tls));
        assert!(!shown.contains("Hemmeligt-Kodeord-42"), "{shown}");
        assert!(shown.contains("<redacted>") && shown.contains("/etc/skranke/client.p12"), "{shown}");
    }

    #[test]
    fn empty_text_is_demo_defaults() {
        let c = Config::from_toml_str("").expect("empty is valid");
        assert_eq!(c, Config::demo());
        assert_eq!(c.mode, Mode::Demo);
    }

    #[test]
    fn unknown_top_level_key_names_key_and_line() {
        let e = err("mode = \"demo\"\nmodee = \"production\"\n");
        assert_eq!(e.key(), Some("modee"));
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().contains("unknown field"), "{e}");
    }

    #[test]
    fn unknown_nested_key_names_dotted_key() {
        let e = err("[camera]\nsource = \"auto\"\nfsp = 30\n");
        assert_eq!(e.key(), Some("camera.fsp"));
        assert_eq!(e.line(), Some(3));
    }

    #[test]
    fn wrong_type_names_key() {
        let e = err("[security]\nidle_lock_minutes = \"ten\"\n");
        assert_eq!(e.key(), Some("security.idle_lock_minutes"));
        assert_eq!(e.code(), skranke_core::Code::ConfigInvalid);
    }

    #[test]
    fn malformed_toml_gives_line() {
        let e = err("mode = \"demo\"\n[camera\n");
        assert_eq!(e.line(), Some(2));
    }

    #[test]
    fn bad_mode_value_is_rejected() {
        let e = err("mode = \"prod\"\n");
        assert_eq!(e.key(), Some("mode"));
    }

    #[test]
    fn bad_regex_is_rejected_with_key() {
        let e = err("[case]\nref_pattern = \"([\"\n");
        assert_eq!(e.key(), Some("case.ref_pattern"));
    }

    #[test]
    fn missing_file_is_unreadable() {
        let e = load_file(Path::new("/nonexistent/skranke.toml")).expect_err("missing");
        assert_eq!(e.code(), skranke_core::Code::ConfigUnreadable);
    }

    #[test]
    fn explicit_path_wins_and_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "[municipality]\ncode = \"0751\"\nname = \"Aarhus Kommune\"\n").expect("write");
        let loaded = load(Some(&p)).expect("load");
        assert_eq!(loaded.source, ConfigSource::File(p));
        assert_eq!(loaded.config.municipality.code, "0751");
    }
}
