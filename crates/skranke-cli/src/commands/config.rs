//! `skranke config check [FILE]` and `skranke config schema`: validate a configuration file (with
//! warnings for valid but risky settings) and print the file's JSON Schema. Neither starts Skranke.
use crate::args::{Cli, ConfigCommand};
use crate::{Output, exit};
use serde_json::json;
use skranke_api::config::{ConfigSource, Problem};
use std::path::Path;

/// Runs one `skranke config` subcommand.
pub fn run(cli: &Cli, command: ConfigCommand, out: &mut Output<'_>) -> i32 {
    match command {
        ConfigCommand::Check(args) => check(args.file.as_deref().or(cli.config.as_deref()), out),
        ConfigCommand::Schema => schema(out),
    }
}

/// Validates the file (or the one Skranke would use). Exit 0 when it parses and production mode
/// lacks nothing, 1 otherwise; risky settings are warnings and do not change the exit code.
fn check(file: Option<&Path>, out: &mut Output<'_>) -> i32 {
    let loaded = match skranke_api::config::load(file) {
        Ok(loaded) => loaded,
        Err(e) => {
            if out.json {
                out.json_line(&json!({"valid": false, "file": e.path.display().to_string(), "key": e.key(), "line": e.line(), "error": e.to_string()}));
            } else {
                out.error(&e);
            }
            return exit::FAILED;
        }
    };
    let path = match &loaded.source {
        ConfigSource::File(p) => Some(p.display().to_string()),
        ConfigSource::BuiltInDemo { .. } => None,
    };
    let problems = loaded.config.check_production();
    let warnings = loaded.config.risky_settings();
    let valid = problems.is_empty();
    if out.json {
        out.json_line(&json!({
            "valid": valid,
            "file": path,
            "mode": loaded.config.mode,
            "error": null,
            "problems": as_json(&problems),
            "warnings": as_json(&warnings),
        }));
    } else {
        if valid {
            out.line(format!("{}: valid", path.as_deref().unwrap_or("built-in demo settings")));
        }
        for p in &problems {
            out.error(format!("{}: {}", p.key, p.message));
        }
        for w in &warnings {
            let _ = writeln!(out.err, "warning: {}: {}", w.key, w.message);
        }
    }
    if valid { exit::OK } else { exit::FAILED }
}

fn as_json(list: &[Problem]) -> Vec<serde_json::Value> {
    list.iter().map(|p| json!({"key": p.key, "message": p.message})).collect()
}

/// Prints the configuration file's JSON Schema: indented, or on one line with `--json` (one JSON
/// object per line, as every command's `--json`).
fn schema(out: &mut Output<'_>) -> i32 {
    let schema = skranke_api::config::json_schema();
    if out.json {
        out.json_line(&schema);
        return exit::OK;
    }
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            out.line(text);
            exit::OK
        }
        Err(e) => {
            out.error(format!("cannot encode the schema: {e}"));
            exit::FAILED
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::exit;
    use crate::tests::cli;
    use serde_json::Value;

    fn write(dir: &std::path::Path, text: &str) -> String {
        let p = dir.join("skranke.toml");
        std::fs::write(&p, text).expect("write");
        p.display().to_string()
    }

    #[test]
    fn schema_is_pretty_json_on_stdout_naming_every_table() {
        let (code, out, err) = cli(&["config", "schema"]);
        assert_eq!((code, err.as_str()), (exit::OK, ""));
        assert!(out.lines().count() > 100, "indented over many lines");
        let v: Value = serde_json::from_str(&out).expect("one JSON document");
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(v, skranke_api::config::json_schema());
        for table in ["mode", "cpr", "gateway", "auth", "security", "retention", "bundle", "outbox", "review"] {
            assert!(v["properties"][table]["description"].is_string(), "{table}");
        }
        let (code, line, _) = cli(&["config", "schema", "--json"]);
        assert_eq!(code, exit::OK);
        assert_eq!(line.lines().count(), 1, "--json: one line");
        assert_eq!(serde_json::from_str::<Value>(&line).expect("json"), v);
    }

    #[test]
    fn check_warns_about_risky_settings_and_still_passes() {
        let t = tempfile::tempdir().expect("tempdir");
        let file = write(t.path(), "[bundle]\ninclude_pen_data = true\n[retention]\naudit_days = 30\n");
        let (code, out, err) = cli(&["config", "check", &file]);
        assert_eq!(code, exit::OK, "{err}");
        assert_eq!(out, format!("{file}: valid\n"));
        let warnings: Vec<&str> = err.lines().collect();
        assert_eq!(warnings.len(), 2, "{err}");
        assert!(warnings[0].starts_with("warning: bundle.include_pen_data: "), "{err}");
        assert!(warnings[1].starts_with("warning: retention.audit_days: 30 days"), "{err}");

        let (code, out, _) = cli(&["config", "check", &file, "--json"]);
        assert_eq!(code, exit::OK);
        let v: Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["valid"], true);
        let keys: Vec<&Value> = v["warnings"].as_array().expect("warnings").iter().map(|w| &w["key"]).collect();
        assert_eq!(keys, ["bundle.include_pen_data", "retention.audit_days"]);
        assert!(v["warnings"][0]["message"].as_str().is_some_and(|m| m.contains("biometric")));
    }

    #[test]
    fn check_of_a_plain_file_has_no_warnings() {
        let t = tempfile::tempdir().expect("tempdir");
        let file = write(t.path(), "mode = \"demo\"\n");
        let (code, out, err) = cli(&["config", "check", &file, "--json"]);
        assert_eq!((code, err.as_str()), (exit::OK, ""));
        let v: Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["warnings"], serde_json::json!([]));
        let (_, _, err) = cli(&["config", "check", &file]);
        assert_eq!(err, "");
    }

    /// An incomplete production file fails for what it lacks and still shows its warnings.
    #[test]
    fn check_lists_problems_and_warnings_together() {
        let t = tempfile::tempdir().expect("tempdir");
        let file = write(t.path(), "mode = \"production\"\n[security]\nkeystore = \"file\"\n");
        let (code, out, _) = cli(&["config", "check", &file, "--json"]);
        assert_eq!(code, exit::FAILED);
        let v: Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["valid"], false);
        assert_eq!(v["problems"][0]["key"], "cpr");
        assert_eq!(v["warnings"][0]["key"], "security.keystore");
        let (code, out, err) = cli(&["config", "check", &file]);
        assert_eq!((code, out.as_str()), (exit::FAILED, ""));
        assert!(err.contains("skranke: cpr: ") && err.contains("\nwarning: security.keystore: "), "{err}");
    }
}
