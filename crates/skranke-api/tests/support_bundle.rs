//! Issue 17 point 5 through the façade: after a whole counter capture (lookup, photo, signature,
//! Send, upload, acceptance, with debug logging to files) and IT's lookups of two more people (one
//! with a protected address), the support bundle holds the diagnosis, the versions, the redacted
//! configuration and the logs, and not one CPR number, name or address of the people used, in
//! any file of it. Own test binary: logging is process-global.
mod support;

use skranke_api::demo::DecisionSettings;
use skranke_api::json::Role;
use skranke_api::outbox::OutboxState;
use skranke_api::{Devices, OpenOptions, Skranke, logging};
use skranke_sim::cpr::people::{PEOPLE, SimPerson};
use std::io::Read;
use support::{portrait, settle, signature};

fn person(pnr: &str) -> &'static SimPerson {
    PEOPLE.iter().find(|p| p.pnr == pnr).expect("a simulated person")
}

/// Every way the person could show up: the number in both forms, the names (those of four letters
/// or more: "Bo" is also part of ordinary words), the address.
fn traces(p: &SimPerson) -> Vec<String> {
    let mut out = vec![p.pnr.to_string(), format!("{}-{}", &p.pnr[..6], &p.pnr[6..])];
    out.extend([p.first, p.last].into_iter().filter(|n| n.chars().count() >= 4).map(String::from));
    if let Some(a) = p.address {
        out.extend([a.street.to_string(), format!("{} {}", a.street, a.house), format!("{} {}", a.postcode, a.city)]);
    }
    out
}

fn no_devices() -> Devices {
    fn none() -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }
    Devices { cameras: none, pads: none }
}

/// The bundle's files, unpacked.
fn unzip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().expect("entry name").to_string(), bytes)
        })
        .collect()
}

#[tokio::test]
async fn the_support_bundle_holds_no_number_name_or_address_of_anyone_looked_up() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("data");
    let config = t.path().join("config.toml");
    std::fs::write(
        &config,
        format!("mode = \"demo\"\ndata_dir = {:?}\n\n[review]\noverrides = \"none\"\n", data.display().to_string()),
    )
    .expect("config");
    let app = Skranke::start(OpenOptions { config_path: Some(&config) }).await.expect("demo starts");
    let log = logging::init("debug", 7, &app.data_dir().logs(), logging::LogTarget::FilesAndStderr);
    app.demo_simulators().expect("sims").gateway_control().set_decisions(DecisionSettings {
        delay_ms: 0,
        reject_share: 0.0,
        ..DecisionSettings::default()
    });

    let citizen = person("1203851002");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    app.case_open(citizen.pnr, "KK-2026-000001", false).await.expect("case opens");
    let check = app.photo_check_bytes(&portrait()).expect("photo checked");
    app.photo_accept(if check.report.passed() { None } else { Some("test: demo portrait") }).expect("photo");
    app.signature_accept(signature()).expect("signature");
    let sent = app.send_case().expect("send");
    assert_eq!(settle(&app, &sent.capture_id).await, OutboxState::Accepted);

    app.sign_in(Role::It, None).expect("IT");
    let protected = PEOPLE.iter().find(|p| p.protected && p.address.is_some()).expect("a protected address");
    let other = person("2304771049");
    for p in [protected, other] {
        app.cpr_lookup(p.pnr).await.expect("lookup");
    }
    drop(log); // flushes the log files

    let out = t.path().join("support.zip");
    let saved = app.support_bundle(Some(&out), no_devices()).await.expect("bundle");
    assert_eq!(saved.bytes, std::fs::metadata(&out).expect("written").len());
    let files = unzip(&out);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for want in ["README.txt", "versions.json", "diagnose.json", "config.toml"] {
        assert!(names.contains(&want), "{want} missing: {names:?}");
    }
    let logs: Vec<&(String, Vec<u8>)> = files.iter().filter(|(n, _)| n.starts_with("logs/")).collect();
    assert!(!logs.is_empty(), "the logs are in the bundle: {names:?}");
    let log_text: String = logs.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(log_text.contains("120385-xxxx"), "the logs speak of the lookup (masked), so the scan means something");
    let diagnosis: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "diagnose.json").expect("diagnosis").1).expect("json");
    assert_eq!(diagnosis["config_source"]["path"], serde_json::json!(config.display().to_string()));
    assert!(diagnosis["checks"].as_array().is_some_and(|c| c.iter().any(|c| c["id"] == "gateway")));

    let mut found = Vec::new();
    for p in [citizen, protected, other] {
        for trace in traces(p) {
            for (name, bytes) in &files {
                if bytes.windows(trace.len()).any(|w| w == trace.as_bytes()) {
                    found.push(format!("{trace:?} in {name}"));
                }
            }
        }
    }
    assert_eq!(found, Vec::<String>::new(), "personal data in the support bundle");
}
