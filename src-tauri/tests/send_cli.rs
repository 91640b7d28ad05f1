//! The send path through the real `skranke` binary in production mode against `skranke sim`
//! (SF1520 and the gateway over mutual TLS with generated certificates): `sim --write-config`,
//! `bundle make`, `queue add|status|list|drain`, and kill -9 of the sending process in a loop
//! (every capture stored at the gateway exactly once, none lost).
#[path = "support/sim.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use support::{Sim, admin, sim_with, skranke};

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/demo")
}

fn sim(dir: &Path) -> Sim {
    sim_with(dir, &[])
}

fn run(sim: &Sim, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = skranke().arg("--config").arg(&sim.config).arg("--json").args(args).output().expect("run skranke");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let last = stdout.lines().last().unwrap_or("null");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(last).unwrap_or(serde_json::Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn make_bundle(sim: &Sim, dir: &Path, n: usize) -> (PathBuf, String) {
    let out = dir.join(format!("capture-{n}.skb"));
    let strokes = assets().join("signatures/anne.json");
    let photo = assets().join("portraits/obama.jpg");
    let case = format!("KK-2026-{n:06}");
    let (code, v, err) = run(
        sim,
        &[
            "bundle",
            "make",
            "--cpr",
            "120385-1002",
            "--case",
            &case,
            "--photo",
            photo.to_str().expect("utf-8"),
            "--signature",
            strokes.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--override-reason",
            "test portrait",
        ],
    );
    assert_eq!(code, 0, "bundle make: {v} {err}");
    (out, v["capture_id"].as_str().expect("capture id").to_string())
}

#[test]
fn bundle_make_queue_and_drain_in_production_mode_against_the_simulators() {
    let t = tempfile::tempdir().expect("tempdir");
    // The identity provider the written configuration names (diagnose checks it answers).
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let provider = runtime.block_on(skranke_auth::test_provider::TestProvider::start()).expect("test provider");
    let ca = provider.ca_cert_path();
    let sim = sim_with(t.path(), &["--idp-issuer", provider.issuer(), "--idp-ca", ca.to_str().expect("utf-8")]);
    admin(&sim, "POST", "/_sim/gateway/decision", r#"{"delay_ms":0,"reject_share":0}"#);
    let (bundle, id) = make_bundle(&sim, t.path(), 1);

    // diagnose sees the certificates, the gateway (mTLS accepted), the CPR service and the queue.
    let (code, d, err) = run(&sim, &["diagnose"]);
    assert_eq!(code, 0, "{d} {err}");
    for id in [
        "config",
        "production",
        "data_dir",
        "key_store",
        "cpr_certificate",
        "gateway_certificate",
        "gateway",
        "clock_skew",
        "cpr_service",
        "identity_provider",
        "sign_in_lockout",
        "queue",
    ] {
        let c = d["checks"].as_array().expect("checks").iter().find(|c| c["id"] == id).cloned();
        assert_eq!(c.as_ref().map(|c| c["status"].clone()), Some(serde_json::json!("ok")), "{id}: {c:?}");
    }
    assert_eq!(d["config_source"]["path"], serde_json::json!(sim.config.display().to_string()), "{d}");
    let gateway = d["checks"].as_array().expect("checks").iter().find(|c| c["id"] == "gateway").cloned();
    assert!(gateway.is_some_and(|c| c["detail"].as_str().is_some_and(|t| t.contains("server chain"))), "{d}");

    // The support bundle: the diagnosis and the configuration, with the key paths and the
    // certificate password redacted.
    let zip_path = t.path().join("support.zip");
    let (code, saved, err) = run(&sim, &["support-bundle", zip_path.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{saved} {err}");
    assert!(saved["files"].as_array().is_some_and(|f| f.iter().any(|f| f == "diagnose.json")), "{saved}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("the zip")).expect("a zip file");
    let mut bundled_config = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("config.toml").expect("config.toml"), &mut bundled_config)
        .expect("read");
    assert!(bundled_config.contains("<redacted>"), "{bundled_config}");
    let config_text = std::fs::read_to_string(&sim.config).expect("config");
    let key_line = config_text.lines().find(|l| l.trim_start().starts_with("client_key")).expect("a key path");
    let key_path = key_line.split('"').nth(1).expect("quoted path");
    assert!(!bundled_config.contains(key_path), "the key path is not in the bundle: {bundled_config}");

    // The personal-data commands act as the OS account; outside the IT group they are refused
    // (exit 4; the façade test `the_os_account_must_be_in_the_it_group_in_production` checks the audit).
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let other = t.path().join("other-group.toml");
    let group_line = text.lines().find(|l| l.starts_with("it_os_group")).expect("an IT group is written");
    std::fs::write(&other, text.replace(group_line, "it_os_group = \"skranke-no-such-group\"")).expect("write");
    let out =
        skranke().arg("--config").arg(&other).args(["--json", "cpr", "lookup", "120385-1002"]).output().expect("run");
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("null")).expect("json");
    assert_eq!((out.status.code(), last["error"].as_str()), (Some(4), Some("os_account_not_in_it_group")), "{last}");

    // A dead person gets no bundle; a malformed number is refused with exit 1.
    let strokes = assets().join("signatures/anne.json");
    let photo = assets().join("portraits/obama.jpg");
    let (code, v, _) = run(
        &sim,
        &[
            "bundle",
            "make",
            "--cpr",
            "010130-1028",
            "--case",
            "KK-1",
            "--photo",
            photo.to_str().expect("p"),
            "--signature",
            strokes.to_str().expect("s"),
            "--out",
            t.path().join("x.skb").to_str().expect("o"),
        ],
    );
    assert_eq!((code, v["error"].as_str()), (1, Some("cpr_person_dead")));
    assert!(!t.path().join("x.skb").exists());

    let (code, v, err) = run(&sim, &["queue", "add", bundle.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["capture_id"], id);
    let (_, status, _) = run(&sim, &["queue", "status"]);
    for key in ["queued", "sending", "awaiting_producer", "accepted", "rejected", "dead", "oldest_queued_age_s"] {
        assert!(status.get(key).is_some(), "queue status lacks {key}: {status}");
    }
    assert_eq!(status["queued"], 1);

    // Gateway down: drain gives up at its timeout with exit 1 and keeps the capture.
    admin(&sim, "POST", "/_sim/gateway/fault", r#"{"kind":"refuse"}"#);
    let (code, v, _) = run(&sim, &["queue", "drain", "--timeout", "1"]);
    assert_eq!((code, v["queued"].as_u64()), (1, Some(1)), "{v}");
    assert_eq!(v["problem"], "gateway_unreachable");
    admin(&sim, "POST", "/_sim/gateway/fault", r#"{"kind":"none"}"#);
    let (code, _, _) = run(&sim, &["queue", "retry", &id]);
    assert_eq!(code, 0);
    let (code, v, err) = run(&sim, &["queue", "drain", "--timeout", "30"]);
    assert_eq!(code, 0, "{v} {err}");
    // The producer decides at once; the next drain collects the decision.
    let (code, _, _) = run(&sim, &["queue", "drain", "--timeout", "5"]);
    assert_eq!(code, 0);
    let captures = admin(&sim, "GET", "/_sim/captures", "");
    assert_eq!(
        captures,
        serde_json::json!([{"id": id, "stored": 1, "decision": "accepted", "source": "counter", "scan_dpi": null}])
    );
    let (_, list, _) = run(&sim, &["queue", "list"]);
    assert_eq!(list["state"], "accepted", "{list}");
    assert_eq!(list["cprMasked"], "120385-xxxx");
    let (code, _, _) = run(&sim, &["queue", "list", "--state", "nonsense"]);
    assert_eq!(code, 2, "an unknown state is a usage error");
}

#[cfg(unix)]
#[test]
fn kill_9_mid_enqueue_and_mid_send_loses_and_duplicates_nothing() {
    let cycles: usize = std::env::var("SKRANKE_KILL_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let t = tempfile::tempdir().expect("tempdir");
    let sim = sim(t.path());
    // Slow answers (and, now and then, commit-then-reset) so kills land inside uploads.
    admin(&sim, "POST", "/_sim/gateway/decision", r#"{"delay_ms":0,"reject_share":0}"#);
    admin(&sim, "POST", "/_sim/gateway/fault", r#"{"kind":"slow","ms":150}"#);
    let bundles: Vec<(PathBuf, String)> = (0..10).map(|n| make_bundle(&sim, t.path(), n)).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for cycle in 0..cycles {
        let (path, _) = &bundles[cycle % bundles.len()];
        let args: Vec<String> = if cycle % 2 == 0 {
            vec!["queue".into(), "add".into(), path.display().to_string()]
        } else {
            vec!["queue".into(), "drain".into(), "--timeout".into(), "5".into()]
        };
        let mut child = skranke()
            .arg("--config")
            .arg(&sim.config)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(rand(400)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    // Afterwards: every bundle is queued (added again: idempotent) and drained without kills.
    admin(&sim, "POST", "/_sim/gateway/fault", r#"{"kind":"none"}"#);
    for (path, _) in &bundles {
        let (code, _, err) = run(&sim, &["queue", "add", path.to_str().expect("utf-8")]);
        assert_eq!(code, 0, "{err}");
    }
    for _ in 0..3 {
        let (code, v, err) = run(&sim, &["queue", "drain", "--timeout", "60"]);
        assert_eq!(code, 0, "{v} {err}");
    }
    let (_, status, _) = run(&sim, &["queue", "status"]);
    assert_eq!(status["accepted"].as_u64(), Some(bundles.len() as u64), "{status}");
    assert_eq!(
        (status["queued"].as_u64(), status["sending"].as_u64(), status["dead"].as_u64()),
        (Some(0), Some(0), Some(0)),
        "{status}"
    );
    let captures = admin(&sim, "GET", "/_sim/captures", "");
    let captures = captures.as_array().expect("captures");
    assert_eq!(captures.len(), bundles.len(), "{captures:?}");
    for (_, id) in &bundles {
        let c = captures
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} never reached the gateway"));
        assert_eq!(c["stored"], 1, "{id} stored more than once: {c}");
        assert_eq!(c["decision"], "accepted");
    }
}

/// `keystore = "os"` (the default) where no OS key store runs: a clear error naming the fix,
/// not a crash and not a silent fall-back to a file.
#[test]
fn no_os_key_store_is_a_clear_error_naming_the_fix() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = sim(t.path());
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let os = t.path().join("os-keystore.toml");
    std::fs::write(&os, text.replace("keystore = \"file\"", "keystore = \"os\"")).expect("write");
    let out = skranke()
        .arg("--config")
        .arg(&os)
        .args(["--json", "queue", "status"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/skranke-test-bus")
        .output()
        .expect("run");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("store_key_unavailable") && text.contains("security.keystore"), "{text}");
}
