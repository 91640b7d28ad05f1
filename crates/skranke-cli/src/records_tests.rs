//! `skranke audit stats|person` and `skranke retention run` in-process, in demo mode (the OS
//! account acts as IT): output formats, exit codes, and what they read and delete.
use crate::exit;
use crate::tests::cli;
use serde_json::Value;
use std::path::Path;

fn demo_config(dir: &Path) -> String {
    let p = dir.join("demo.toml");
    std::fs::write(&p, format!("mode = \"demo\"\ndata_dir = {:?}\n", dir.join("data").display().to_string()))
        .expect("write");
    p.display().to_string()
}

fn json(out: &str) -> Value {
    serde_json::from_str(out.lines().last().unwrap_or("null")).expect("a JSON line")
}

fn this_month() -> String {
    chrono::Local::now().format("%Y-%m").to_string()
}

/// `count` of `action` by OS accounts in the months given (the month may turn during the test).
fn os_count(config: &str, months: &[String], action: &str) -> u64 {
    let mut n = 0;
    for m in months {
        let (code, out, err) = cli(&["--config", config, "audit", "stats", "--month", m, "--json"]);
        assert_eq!(code, exit::OK, "{err}");
        let v = json(&out);
        assert_eq!(v["month"], m.as_str());
        n += v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["userId"].as_str().is_some_and(|u| u.starts_with("os:")) && r["action"] == action)
            .map(|r| r["count"].as_u64().unwrap_or(0))
            .sum::<u64>();
    }
    n
}

#[test]
fn audit_stats_counts_the_month_per_user_as_json_csv_and_text() {
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    let before = this_month();
    assert_eq!(cli(&["--config", &config, "cpr", "lookup", "120385-1002", "--json"]).0, exit::OK);
    let mut months = vec![before, this_month()];
    months.dedup();
    assert_eq!(os_count(&config, &months, "cpr_lookup"), 1, "one lookup (written ahead, then its result)");
    assert_eq!(os_count(&config, &months, "cpr_lookup_result"), 1);
    if months.len() == 1 {
        // (Only when the month did not turn during the test: then the calls split over two.)
        assert_eq!(os_count(&config, &months, "export"), 2, "each statistics call is an export: the two before");
    }

    let (code, out, _) = cli(&["--config", &config, "audit", "stats", "--month", &months[0], "--csv"]);
    assert_eq!(code, exit::OK);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("month,user_id,action,count"));
    assert!(lines.any(|l| l.starts_with(&format!("{},os:", months[0])) && l.contains(",sign_in,")), "{out}");
    let (code, out, _) = cli(&["--config", &config, "audit", "stats", "--month", "2001-01"]);
    assert_eq!(code, exit::OK);
    assert_eq!(out.lines().count(), 2, "a heading and the column names, no rows: {out}");

    for bad in [&["--month", "2026-13"][..], &["--month", "2026-11", "--csv", "--json"][..], &[][..]] {
        let args: Vec<&str> = ["--config", &config, "audit", "stats"].iter().chain(bad).copied().collect();
        assert_eq!(cli(&args).0, exit::USAGE, "{bad:?}");
    }
}

#[test]
fn audit_person_lists_the_persons_lookups_and_names_users_only_when_asked() {
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    assert_eq!(cli(&["--config", &config, "cpr", "lookup", "120385-1002"]).0, exit::OK);
    assert_eq!(cli(&["--config", &config, "cpr", "lookup", "0101301028"]).0, exit::OK);

    let (code, out, err) = cli(&["--config", &config, "audit", "person", "120385-1002", "--json"]);
    assert_eq!(code, exit::OK, "{err}");
    let v = json(&out);
    assert_eq!((v["cprMasked"].as_str(), v["withUsers"].as_bool()), (Some("120385-xxxx"), Some(false)));
    let records = v["records"].as_array().expect("records");
    let actions: Vec<(&str, &str)> =
        records.iter().map(|r| (r["action"].as_str().unwrap_or(""), r["outcome"].as_str().unwrap_or(""))).collect();
    assert_eq!(actions, [("cpr_lookup", "requested"), ("cpr_lookup_result", "found")], "only this person's");
    assert!(records.iter().all(|r| r["userId"].is_null() && r["municipality"] == "0999 Demokommune"), "{v}");
    assert_eq!(records[1]["purpose"], "cli");

    let (code, out, _) = cli(&["--config", &config, "audit", "person", "1203851002", "--with-users", "--json"]);
    assert_eq!(code, exit::OK);
    let v = json(&out);
    let records = v["records"].as_array().expect("records");
    assert_eq!(records.len(), 3, "the first request is on record now: {v}");
    assert_eq!(records[2]["action"], "export");
    assert!(records.iter().all(|r| r["userId"].as_str().is_some_and(|u| u.starts_with("os:"))), "{v}");

    let (code, out, _) = cli(&["--config", &config, "audit", "person", "120385-1002"]);
    assert_eq!(code, exit::OK);
    assert!(out.starts_with("120385-xxxx: 4 entries"), "{out}");
    assert!(!out.contains("1203851002") && !out.contains(" by os:"), "{out}");
    let (code, out, _) = cli(&["--config", &config, "audit", "person", "12345", "--json"]);
    assert_eq!((code, json(&out)["error"].as_str()), (exit::FAILED, Some("cpr_wrong_length")));
}

#[test]
fn retention_run_deletes_old_log_files_and_a_dry_run_only_counts_them() {
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    let logs = t.path().join("data/logs");
    std::fs::create_dir_all(&logs).expect("logs");
    let old = logs.join("skranke.2001-01-01.log");
    let today = logs.join(format!("skranke.{}.log", chrono::Utc::now().format("%Y-%m-%d")));
    for f in [&old, &today] {
        std::fs::write(f, b"a line\n").expect("log file");
    }
    let (code, out, err) = cli(&["--config", &config, "retention", "run", "--dry-run", "--json"]);
    assert_eq!(code, exit::OK, "{err}");
    let v = json(&out);
    assert_eq!(
        (v["dryRun"].as_bool(), v["logFiles"].as_u64(), v["auditEntries"].as_u64()),
        (Some(true), Some(1), Some(0))
    );
    assert!(old.exists(), "a dry run deletes nothing");

    let (code, out, _) = cli(&["--config", &config, "retention", "run", "--json"]);
    assert_eq!(code, exit::OK);
    let v = json(&out);
    assert_eq!(
        (v["dryRun"].as_bool(), v["logFiles"].as_u64(), v["walTruncated"].as_bool()),
        (Some(false), Some(1), Some(true))
    );
    assert!(!old.exists() && today.exists());
    for key in ["rejectedOrDead", "acceptedBundlesLeft", "acceptedRows", "auditEntries"] {
        assert_eq!(v[key].as_u64(), Some(0), "{key}");
    }
    let (code, out, _) = cli(&["--config", &config, "retention", "run"]);
    assert_eq!(code, exit::OK);
    assert!(out.starts_with("retention deleted:") && out.contains("log files before"), "{out}");
}
