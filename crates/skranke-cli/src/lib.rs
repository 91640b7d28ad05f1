//! The `skranke` command line: headless subcommands for IT and scripting. Every subcommand calls
//! `skranke-api`; with no subcommand the caller (the Tauri shell) opens the app.
//!
//! Exit codes: 0 success, 1 a check failed or input was invalid, 2 usage error, 3 Skranke cannot
//! run here (configuration, data directory, no display). With `--json` each command prints JSON
//! objects on stdout, one per line.
#![deny(missing_docs)]

mod args;
mod commands;
mod output;
#[cfg(test)]
mod records_tests;
#[cfg(test)]
mod scan_bundle_tests;

pub use args::{Cli, Command};
pub use commands::run_command;
pub use output::Output;

use std::ffi::OsString;
use std::io::Write;

/// What the process should do after parsing the command line.
#[derive(Debug)]
pub enum Outcome {
    /// Exit with this code (a headless command ran, or usage was wrong).
    Exit(i32),
    /// No subcommand: open the desktop app with these options.
    OpenApp(Box<Cli>),
}

/// Exit codes shared by every command.
pub mod exit {
    /// Everything passed.
    pub const OK: i32 = 0;
    /// A check failed or the input was invalid.
    pub const FAILED: i32 = 1;
    /// The command line was wrong.
    pub const USAGE: i32 = 2;
    /// Skranke cannot run here (configuration, data directory, display).
    pub const ENVIRONMENT: i32 = 3;
    /// The account running the command may not (not in `security.it_os_group`).
    pub const FORBIDDEN: i32 = 4;
}

/// Parses `args` (including the program name) and runs a headless command, writing to `out`/`err`.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::Parser;
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            let text = e.render().to_string();
            let _ = if e.use_stderr() { err.write_all(text.as_bytes()) } else { out.write_all(text.as_bytes()) };
            return Outcome::Exit(code);
        }
    };
    match cli.command.clone() {
        None => Outcome::OpenApp(Box::new(cli)),
        Some(command) => {
            let mut output = Output { out, err, json: cli.json, lang: cli.lang };
            Outcome::Exit(run_command(&cli, command, &mut output))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the CLI in-process and returns (exit code, stdout, stderr).
    pub(crate) fn cli(args: &[&str]) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let argv = std::iter::once("skranke").chain(args.iter().copied());
        let code = match run(argv, &mut out, &mut err) {
            Outcome::Exit(c) => c,
            Outcome::OpenApp(_) => -1,
        };
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    }

    #[test]
    fn version_prints_and_exits_zero() {
        let (code, out, _) = cli(&["--version"]);
        assert_eq!(code, 0);
        assert!(out.contains(skranke_api::VERSION), "{out}");
    }

    #[test]
    fn no_subcommand_opens_app() {
        assert_eq!(cli(&["--config", "x.toml"]).0, -1);
    }

    #[test]
    fn unknown_subcommand_is_usage_error() {
        assert_eq!(cli(&["frobnicate"]).0, exit::USAGE);
    }

    #[test]
    fn config_check_valid_and_invalid_files() {
        let t = tempfile::tempdir().expect("tempdir");
        let good = t.path().join("good.toml");
        std::fs::write(&good, "mode = \"demo\"\n").expect("write");
        let (code, out, _) = cli(&["config", "check", good.to_str().expect("utf8"), "--json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["valid"], true);

        let bad = t.path().join("bad.toml");
        std::fs::write(&bad, "mode = \"demo\"\n[camera]\nfsp = 3\n").expect("write");
        let (code, out, _) = cli(&["--json", "config", "check", bad.to_str().expect("utf8")]);
        assert_eq!(code, exit::FAILED);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["valid"], false);
        assert_eq!(v["key"], "camera.fsp");
        assert_eq!(v["line"], 3);

        let (code, _, err) = cli(&["config", "check", bad.to_str().expect("utf8")]);
        assert_eq!(code, exit::FAILED);
        assert!(err.contains("camera.fsp") && err.contains("line 3"), "{err}");
    }

    #[test]
    fn config_check_of_incomplete_production_fails_listing_keys() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("prod.toml");
        std::fs::write(&p, "mode = \"production\"\n").expect("write");
        let (code, out, _) = cli(&["config", "check", p.to_str().expect("utf8"), "--json"]);
        assert_eq!(code, exit::FAILED);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["problems"][0]["key"], "cpr");
    }

    #[test]
    fn cpr_validate_prints_one_line_per_number_in_order() {
        let (code, out, _) = cli(&["cpr", "validate", "010190-1234", "3102991234", "--json"]);
        assert_eq!(code, exit::FAILED);
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["normalized"], "0101901234");
        assert_eq!(lines[0]["birth_date"], "1990-01-01");
        assert_eq!(lines[1]["valid"], false);
        assert_eq!(lines[1]["error"], "cpr_impossible_date");
        assert_eq!(cli(&["cpr", "validate", "0707614285", "--json"]).0, exit::OK);
    }

    #[test]
    fn cpr_validate_refuses_a_birth_date_after_today() {
        // Tomorrow with 7th digit 4 (a birth in 20YY): a number of valid form whose birth date lies
        // ahead. (No CPR number can name a date after 2036: then this case cannot arise.)
        let tomorrow = chrono::Local::now().date_naive() + chrono::Duration::days(1);
        let number = format!("{}4000", tomorrow.format("%d%m%y"));
        let (code, out, _) = cli(&["cpr", "validate", &number, "--json"]);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        if chrono::Datelike::year(&tomorrow) <= 2036 {
            assert_eq!(code, exit::FAILED, "{out}");
            assert_eq!(v["valid"], false);
            assert_eq!(v["error"], "cpr_birth_date_in_future");
        }
    }

    fn demo_config(dir: &std::path::Path) -> String {
        let p = dir.join("demo.toml");
        std::fs::write(&p, format!("mode = \"demo\"\ndata_dir = {:?}\n", dir.join("data").display().to_string()))
            .expect("write");
        p.display().to_string()
    }

    #[test]
    fn cpr_lookup_in_demo_asks_the_embedded_simulator() {
        let t = tempfile::tempdir().expect("tempdir");
        let config = demo_config(t.path());
        let (code, out, err) = cli(&["--config", &config, "cpr", "lookup", "120385-1002", "--json"]);
        assert_eq!(code, exit::OK, "{err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
        assert_eq!(v["found"], true);
        assert_eq!(v["name"], "Anne Demo Hansen");
        assert_eq!(v["status"], "active");
        assert_eq!(v["address"], "Demovej 12, 2. th, 8000 Aarhus C");

        let (code, out, _) = cli(&["--config", &config, "cpr", "lookup", "2207881018", "--json"]);
        assert_eq!(code, exit::OK);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["address_protected"], true);
        assert_eq!(v["address"], serde_json::Value::Null);
        assert!(!out.contains("Skjultvej"), "{out}");

        let (code, out, _) = cli(&["--config", &config, "cpr", "lookup", "0101301028", "--json"]);
        assert_eq!(code, exit::OK);
        assert!(out.contains("\"blocked\":\"cpr_person_dead\""), "{out}");

        let (code, out, _) = cli(&["--config", &config, "cpr", "lookup", "0101901234", "--json"]);
        assert_eq!(code, exit::FAILED);
        assert!(out.contains("\"error\":\"cpr_not_found\""), "{out}");
    }

    fn signatures() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/signatures")
    }

    #[test]
    fn signature_check_prints_one_line_per_file_and_exit_code() {
        let t = tempfile::tempdir().expect("tempdir");
        let config = demo_config(t.path());
        let anne = signatures().join("anne.json").display().to_string();
        let dot = signatures().join("dot.json").display().to_string();
        let (code, out, _) = cli(&["--config", &config, "signature", "check", &anne, "--json"]);
        assert_eq!(code, exit::OK);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        assert_eq!(v["verdict"], "pass");
        assert_eq!(v["checks"].as_array().map(|a| a.len()), Some(8));
        for key in ["file", "verdict", "checks", "error"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        let (code, out, _) =
            cli(&["--config", &config, "signature", "check", &anne, &dot, "/nonexistent.json", "--json"]);
        assert_eq!(code, exit::FAILED);
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
        assert_eq!(
            lines.iter().map(|l| l["verdict"].as_str().unwrap_or("")).collect::<Vec<_>>(),
            ["pass", "fail", "error"]
        );
        assert_eq!(cli(&["signature", "check"]).0, exit::USAGE);
    }

    #[test]
    fn signature_check_texts_are_danish_unless_asked_and_json_keeps_key_and_message() {
        let t = tempfile::tempdir().expect("tempdir");
        let config = demo_config(t.path());
        let dot = signatures().join("dot.json").display().to_string();
        let (_, da, _) = cli(&["--config", &config, "signature", "check", &dot]);
        assert!(da.contains("Underskriften er kun en prik eller en lige streg."), "{da}");
        let (_, en, _) = cli(&["--config", &config, "--lang", "en", "signature", "check", &dot]);
        assert!(en.contains("The signature is only a dot or a straight line."), "{en}");
        assert_eq!(cli(&["--lang", "fr", "signature", "check", &dot]).0, exit::USAGE);
        let (_, json, _) = cli(&["--config", &config, "--lang", "en", "signature", "check", &dot, "--json"]);
        let v: serde_json::Value = serde_json::from_str(json.trim()).expect("json");
        let failed =
            v["checks"].as_array().expect("checks").iter().find(|c| c["id"] == "not_dot_or_line").expect("check");
        assert_eq!(failed["key"], "signature.not_dot_or_line.fail");
        assert_eq!(
            failed["message"],
            "Underskriften er kun en prik eller en lige streg. Bed borgeren skrive sin underskrift."
        );
        for field in ["id", "value", "threshold", "pass", "key", "message"] {
            assert!(failed.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn signature_render_writes_a_png() {
        let t = tempfile::tempdir().expect("tempdir");
        let config = demo_config(t.path());
        let png = t.path().join("anne.png");
        let anne = signatures().join("anne.json").display().to_string();
        let (code, _, err) =
            cli(&["--config", &config, "signature", "render", &anne, "--out", &png.display().to_string()]);
        assert_eq!(code, exit::OK, "{err}");
        assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG"));
    }

    #[test]
    fn diagnose_json_lists_checks() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        std::fs::write(&p, format!("data_dir = {:?}\n", t.path().join("d").display().to_string())).expect("write");
        let (code, out, _) = cli(&["diagnose", "--json", "--config", p.to_str().expect("utf8")]);
        assert_eq!(code, 0, "{out}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        let ids: Vec<_> =
            v["checks"].as_array().expect("array").iter().map(|c| c["id"].as_str().unwrap_or("")).collect();
        // Demo mode: the embedded simulators start for the service checks.
        assert_eq!(
            ids,
            [
                "config",
                "production",
                "config_warnings",
                "data_dir",
                "disk_space",
                "cameras",
                "signature_pads",
                "key_store",
                "audit_witness",
                "cpr_certificate",
                "cpr_service",
                "gateway_certificate",
                "gateway",
                "clock_skew",
                "sign_in_lockout",
                "os_lock",
                "queue"
            ]
        );
        assert_eq!(v["config_source"], serde_json::json!({"kind": "file", "path": p.to_str().expect("utf8")}));
        assert!(v["checks"].as_array().expect("array").iter().all(|c| c["status"] != "fail"), "{v}");
    }
}
