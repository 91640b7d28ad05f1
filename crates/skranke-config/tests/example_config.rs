//! The example configuration the packages install (packaging/linux/config.example.toml, also the
//! Windows smoke test's template) stays a valid production file: it parses with every key known,
//! and `check_production` misses nothing but the certificate files IT supplies; it holds no risky
//! setting except the ones it explains.
use std::path::Path;

#[test]
fn the_packaged_example_is_complete_but_for_the_certificate_files() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/linux/config.example.toml");
    let config = skranke_config::load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(config.mode, skranke_config::Mode::Production);
    let problems = config.check_production();
    assert!(!problems.is_empty(), "the example names certificate files that do not exist here");
    for p in &problems {
        let certificate_file = [".client_cert", ".client_key", ".ca_cert"].iter().any(|k| p.key.ends_with(k));
        assert!(certificate_file && p.message == "file not found", "{}: {}", p.key, p.message);
    }
    let risky: Vec<String> = config.risky_settings().iter().map(|p| p.key.clone()).collect();
    assert_eq!(risky, Vec::<String>::new(), "the example should not recommend a risky setting");
}
