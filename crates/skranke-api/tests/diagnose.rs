//! The Diagnose page's checks through the façade, in demo mode against the embedded simulators:
//! a PC clock ten minutes ahead of the gateway fails the clock check while the services pass, and
//! a damaged master key file is reported as the key store's failure, not as a vague start error.
use skranke_api::json::Role;
use skranke_api::{CheckId, CheckStatus, Devices, ManualClock, OpenOptions, Skranke};
use std::sync::Arc;

fn no_devices() -> Devices {
    fn none() -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }
    Devices { cameras: none, pads: none }
}

fn demo_config(dir: &std::path::Path) -> std::path::PathBuf {
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("mode = \"demo\"\ndata_dir = {:?}\n", dir.join("data").display().to_string()))
        .expect("config");
    config
}

#[tokio::test]
async fn a_clock_ten_minutes_ahead_fails_only_the_clock_check() {
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    let clock = Arc::new(ManualClock::at(chrono::Utc::now() + chrono::Duration::minutes(10)));
    let app = Skranke::start_with_clock(OpenOptions { config_path: Some(&config) }, clock).await.expect("starts");
    app.sign_in(Role::It, None).expect("IT");
    let d = app.diagnose(no_devices()).await.expect("diagnosis");
    let check = |id| d.check(id).unwrap_or_else(|| panic!("{id:?} missing: {d:?}"));
    assert_eq!(check(CheckId::ClockSkew).status, CheckStatus::Fail, "{d:?}");
    assert!(check(CheckId::ClockSkew).detail.contains("ahead of the gateway"), "{d:?}");
    for id in [CheckId::Gateway, CheckId::CprService, CheckId::KeyStore, CheckId::Config, CheckId::Queue] {
        assert_eq!(check(id).status, CheckStatus::Ok, "{id:?}: {d:?}");
    }
    assert!(!d.ok);
    assert!(check(CheckId::CprService).detail.contains("server chain"), "{d:?}");
}

#[tokio::test]
async fn a_damaged_key_file_is_the_key_stores_failure() {
    let t = tempfile::tempdir().expect("tempdir");
    let config = demo_config(t.path());
    // Demo mode keeps its key in the data directory's `keys` folder.
    let keys = t.path().join("data").join("keys");
    std::fs::create_dir_all(&keys).expect("mkdir");
    std::fs::write(keys.join(skranke_store::KEY_FILE_NAME), b"not a key").expect("write");
    let d = skranke_api::diagnose(Some(&config), no_devices()).await;
    assert!(!d.ok);
    assert_eq!(d.check(CheckId::KeyStore).map(|c| c.status), Some(CheckStatus::Fail), "{d:?}");
    assert_eq!(d.check(CheckId::Config).map(|c| c.status), Some(CheckStatus::Ok), "{d:?}");
    assert!(d.check(CheckId::Services).is_none(), "{d:?}");
}
