//! The outbox master key in production: a key file lives outside the data directory (a backup of
//! the data must not carry the key), and a key left in `<data_dir>/keys` by an earlier version
//! moves there on the first start, unchanged, so the outbox still opens.
use skranke_api::demo::{SimIdentityProvider, SimOptions, Simulators};
use skranke_api::{OpenOptions, Skranke};

#[tokio::test]
async fn a_key_file_in_the_data_directory_moves_out_and_still_opens_the_outbox() {
    let t = tempfile::tempdir().expect("tempdir");
    let pki = t.path().join("pki");
    let sims =
        Simulators::start(SimOptions { pki_dir: Some(pki.clone()), ..SimOptions::default() }).await.expect("sims");
    let data = t.path().join("data");
    let group = skranke_api::demo::own_os_group().expect("group");
    let text = skranke_api::demo::production_config(&sims, &pki, &data, &SimIdentityProvider::default(), &group);
    assert!(text.contains("key_dir"), "the written configuration names a key folder");
    let path = t.path().join("skranke.toml");
    std::fs::write(&path, &text).expect("write");

    // An earlier version's key, inside the data directory.
    let old = data.join("keys").join("outbox-master.key");
    std::fs::create_dir_all(old.parent().expect("dir")).expect("mkdir");
    let key: Vec<u8> = (0u8..32).collect();
    std::fs::write(&old, &key).expect("old key");

    let app = Skranke::open(OpenOptions { config_path: Some(&path) }).expect("opens");
    app.sign_in_os_account().expect("IT");
    app.queue_status().expect("the outbox opens with the moved key");
    let new = t.path().join("keys").join("outbox-master.key");
    assert!(!old.exists(), "no key is left in the data directory");
    assert_eq!(std::fs::read(&new).expect("moved key"), key);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let made = t.path().join("fresh");
        let cfg = text.replace(&t.path().join("keys").display().to_string(), &made.display().to_string());
        let fresh = t.path().join("fresh.toml");
        std::fs::write(&fresh, cfg.replace(&data.display().to_string(), &t.path().join("data2").display().to_string()))
            .expect("write");
        let app = Skranke::open(OpenOptions { config_path: Some(&fresh) }).expect("opens");
        app.sign_in_os_account().expect("IT");
        app.queue_status().expect("a fresh key is made");
        let mode = std::fs::metadata(made.join("outbox-master.key")).expect("key").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner-only");
        assert!(!t.path().join("data2").join("keys").exists(), "nothing key-like in the data directory");
    }
    sims.shutdown();
}

#[test]
fn a_key_folder_inside_the_data_directory_is_refused_in_production() {
    let c = skranke_api::config::Config::from_toml_str(
        "mode = \"production\"\ndata_dir = \"/srv/skranke/data\"\n[security]\nkeystore = \"file\"\nkey_dir = \"/srv/skranke/data/keys\"\n",
    )
    .expect("parses");
    assert!(c.check_production().iter().any(|p| p.key == "security.key_dir"));
}
