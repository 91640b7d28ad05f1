//! Demo mode end to end below the UI: `Skranke::start` starts the CPR simulator and the case step
//! looks people up over real mutual TLS.
use skranke_api::config::{Config, ConfigSource, LoadedConfig};
use skranke_api::json::Role;
use skranke_api::{Code, OpenOptions, Skranke};

async fn demo(dir: &std::path::Path) -> Skranke {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("mode = \"demo\"\ndata_dir = {:?}\n", dir.join("data").display().to_string()))
        .expect("write config");
    let app = Skranke::start(OpenOptions { config_path: Some(&path) }).await.expect("demo starts");
    app.sign_in(Role::Clerk, Some("Test")).expect("sign in");
    app
}

#[tokio::test]
async fn demo_looks_people_up_in_the_simulator() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    assert!(app.demo_simulators().is_some());

    let anne = app.case_open("120385-1002", "KK-2026-000001", false).await.expect("anne");
    assert!(anne.cpr_verified);
    let person = anne.person.expect("person");
    assert_eq!(person.name, "Anne Demo Hansen");
    assert_eq!(person.address.as_deref(), Some("Demovej 12, 2. th, 8000 Aarhus C"));

    let julie = app.case_open("2207881018", "KK-2026-000001", false).await.expect("julie");
    assert!(julie.protected_address);
    let json = serde_json::to_string(&julie).expect("json");
    assert!(!json.contains("Skjultvej") && !json.contains("Aalborg"), "protected address leaked: {json}");

    let frank = app.case_open("0903711019", "KK-2026-000001", false).await.expect("frank");
    assert_eq!(frank.cpr, "0903711027");
    assert!(frank.notices.contains(&Code::CprNumberChanged));

    let inger = app.case_open("0101301028", "KK-2026-000001", false).await.expect("inger");
    assert_eq!(inger.blocked, Some(Code::CprPersonDead));

    let lise = app.case_open("1505901000", "KK-2026-000001", false).await.expect("lise");
    assert!(lise.notices.contains(&Code::CprMod11Failed));

    let unknown = app.case_open("0101901234", "KK-2026-000001", false).await.expect_err("unknown");
    assert_eq!(unknown.code, Code::CprNotFound);

    // Every lookup, found or not, is in the audit trail with the full number; no address anywhere.
    app.sign_in(Role::It, None).expect("IT reads the audit trail");
    let audit = app.audit_recent(100).expect("audit");
    // Write-ahead: each query is on record (`requested`) before it left, and its answer names it.
    let requests: Vec<_> = audit.iter().filter(|e| e.action == "cpr_lookup").collect();
    let results: Vec<_> = audit.iter().filter(|e| e.action == "cpr_lookup_result").collect();
    assert_eq!((requests.len(), results.len()), (6, 6));
    assert!(requests.iter().all(|e| e.outcome == "requested"));
    for result in &results {
        let details: serde_json::Value = serde_json::from_str(&result.details).expect("json");
        let request = requests.iter().find(|r| Some(r.seq) == details["request"].as_i64()).expect("its request");
        assert!(request.seq < result.seq && request.subject_cpr == result.subject_cpr);
        assert_eq!(details["attempts"], 1);
    }
    assert_eq!(results[0].subject_cpr.as_deref(), Some("0101901234"));
    assert_eq!(results[0].outcome, "cpr_not_found");
    assert!(results.iter().any(|e| e.subject_cpr.as_deref() == Some("2207881018") && e.outcome == "found"));
    assert!(
        requests
            .iter()
            .chain(&results)
            .all(|e| e.user_id == "demo-clerk" && !e.details.contains("Skjultvej") && !e.details.contains("Demovej"))
    );
    assert!(audit.iter().any(|e| e.action == "sign_in"));
    assert_eq!(app.audit_verify().expect("verify").broken_at, None);
}

#[tokio::test]
async fn demo_service_down_allows_an_unverified_case() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo(t.path()).await;
    let sims = app.demo_simulators().expect("sims");
    sims.cpr_control().set_fault(skranke_api::demo::CprFault::Http500);
    let e = app.case_open("1203851002", "KK-2026-000001", false).await.expect_err("down");
    assert_eq!(e.code, Code::CprServiceUnavailable);
    let v = app.case_open("1203851002", "KK-2026-000001", true).await.expect("unverified");
    assert!(!v.cpr_verified);
    assert!(v.notices.contains(&Code::CprUnverified));
}

#[tokio::test]
async fn production_without_certificates_is_a_clear_error() {
    let t = tempfile::tempdir().expect("tempdir");
    let mut config = Config::demo();
    config.data_dir = Some(t.path().join("data"));
    let loaded = LoadedConfig { config, source: ConfigSource::BuiltInDemo { looked_at: t.path().join("none.toml") } };
    // Opening without services works (the CLI's offline commands need that) ...
    let app = Skranke::from_loaded(loaded, std::sync::Arc::new(skranke_api::SystemClock)).expect("opens");
    app.sign_in(Role::Clerk, None).expect("sign in");
    // ... and a lookup then says the service is not connected, never a panic.
    let e = app.case_open("1203851002", "KK-2026-000001", false).await.expect_err("not connected");
    assert_eq!(e.code, Code::CprServiceUnavailable);
}
