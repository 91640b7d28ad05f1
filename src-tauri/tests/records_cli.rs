//! `skranke audit stats|person` and `skranke retention run` through the real binary: in demo mode
//! (the OS account acts as IT) their output and what they delete, and in production mode against
//! `skranke sim --write-config` the refusal of an account outside the IT group (exit 4, audited
//! as a failed sign-in) and the answer for one inside it.
#[path = "support/sim.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Sim, sim_with, skranke};

/// Runs `skranke --config <config> <args>`: exit code, the last stdout line as JSON (when it is
/// JSON), all of stdout, stderr.
fn run(config: &Path, args: &[&str]) -> (i32, serde_json::Value, String, String) {
    let out = skranke().arg("--config").arg(config).args(args).output().expect("run skranke");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let last = serde_json::from_str(stdout.lines().last().unwrap_or("null")).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), last, stdout, String::from_utf8_lossy(&out.stderr).to_string())
}

fn demo_config(dir: &Path) -> PathBuf {
    let p = dir.join("demo.toml");
    std::fs::write(&p, format!("mode = \"demo\"\ndata_dir = {:?}\n", dir.join("data").display().to_string()))
        .expect("write");
    p
}

fn month() -> String {
    // The month as the binary sees it (its local time); a test run across midnight at a month's
    // end is not guarded against.
    let out = Command::new("date").arg("+%Y-%m").output().expect("date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn audit_and_retention_commands_in_demo_mode() {
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    let (code, _, _, err) = run(&config, &["cpr", "lookup", "120385-1002", "--json"]);
    assert_eq!(code, 0, "{err}");

    let (code, _, out, err) = run(&config, &["audit", "stats", "--month", &month(), "--csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("month,user_id,action,count\n"), "{out}");
    assert!(out.lines().any(|l| l.contains(",os:") && l.ends_with(",cpr_lookup,1")), "{out}");
    let (code, _, _, err) = run(&config, &["audit", "stats", "--month", "2026-1"]);
    assert_eq!(code, 2, "{err}");

    let (code, v, _, err) = run(&config, &["audit", "person", "120385-1002", "--with-users", "--json"]);
    assert_eq!(code, 0, "{err}");
    let records = v["records"].as_array().expect("records");
    assert_eq!(records.len(), 2, "{v}");
    assert!(records.iter().all(|r| r["userId"].as_str().is_some_and(|u| u.starts_with("os:"))), "{v}");
    let (code, _, out, _) = run(&config, &["audit", "person", "120385-1002"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("120385-xxxx: 3 entries") && !out.contains(" by "), "{out}");

    let logs = t.path().join("data/logs");
    let old = logs.join("skranke.2001-01-01.log");
    std::fs::write(&old, b"counts only\n").expect("old log file");
    let (code, v, _, err) = run(&config, &["retention", "run", "--dry-run", "--json"]);
    assert_eq!((code, v["dryRun"].as_bool(), v["logFiles"].as_u64()), (0, Some(true), Some(1)), "{v} {err}");
    assert!(old.exists());
    let (code, v, _, err) = run(&config, &["retention", "run", "--json"]);
    assert_eq!((code, v["dryRun"].as_bool(), v["logFiles"].as_u64()), (0, Some(false), Some(1)), "{v} {err}");
    assert!(!old.exists());
    let (_, v, _, _) = run(&config, &["audit", "person", "120385-1002", "--json"]);
    assert_eq!(v["records"].as_array().map(Vec::len), Some(4), "two lookups entries and two requests: {v}");
}

fn sim(dir: &Path) -> Sim {
    sim_with(dir, &[])
}

#[test]
fn outside_the_it_group_the_commands_are_refused_in_production() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = sim(t.path());
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let other = t.path().join("other-group.toml");
    let group_line = text.lines().find(|l| l.starts_with("it_os_group")).expect("an IT group is written");
    std::fs::write(&other, text.replace(group_line, "it_os_group = \"skranke-no-such-group\"")).expect("write");
    for args in [
        &["retention", "run", "--json"][..],
        &["retention", "run", "--dry-run", "--json"][..],
        &["audit", "stats", "--month", "2026-11", "--json"][..],
        &["audit", "person", "120385-1002", "--json"][..],
        &["audit", "person", "120385-1002", "--with-users", "--json"][..],
    ] {
        let (code, v, _, err) = run(&other, args);
        assert_eq!((code, v["error"].as_str()), (4, Some("os_account_not_in_it_group")), "{args:?}: {v} {err}");
    }
    // The refusals are on record: the IT group's member sees them in the month's statistics.
    let (code, v, _, err) = run(&sim.config, &["audit", "stats", "--month", &month(), "--json"]);
    assert_eq!(code, 0, "{v} {err}");
    let failed: u64 = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["action"] == "sign_in_failed")
        .map(|r| r["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(failed, 5, "{v}");
    let (code, v, _, err) = run(&sim.config, &["retention", "run", "--json"]);
    assert_eq!((code, v["walTruncated"].as_bool()), (0, Some(true)), "{v} {err}");
}
