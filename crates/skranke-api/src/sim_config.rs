//! `skranke sim --write-config`: a production-mode configuration that points at the running
//! simulators with their generated certificates, so anyone can try the real paths (SF1520 SOAP
//! and the gateway over mutual TLS, the OS-independent key file) without national services.
use skranke_sim::Simulators;
use std::path::Path;

/// The TOML text. `pki_dir` holds the files written by `Simulators` (`ca.pem`, `client.pem`,
/// `client.key`); `data_dir` is where that Skranke keeps its outbox and logs.
pub fn production_config(sims: &Simulators, pki_dir: &Path, data_dir: &Path) -> String {
    let p = |name: &str| toml_string(&pki_dir.join(name).display().to_string());
    let tls =
        format!("client_cert = {}\nclient_key = {}\nca_cert = {}\n", p("client.pem"), p("client.key"), p("ca.pem"));
    format!(
        r#"# Written by `skranke sim --write-config`: production mode against the local simulators.
# The certificates are generated at every start of `skranke sim`; rewrite this file after a restart.
mode = "production"
data_dir = {data_dir}

[municipality]
code = "0101"
name = "Simulatorkommune"

[security]
keystore = "file"

[cpr]
endpoint = {cpr}
service_agreement_uuid = "00000000-0000-4000-8000-000000000001"
user_system_uuid = "00000000-0000-4000-8000-000000000002"
user_uuid = "00000000-0000-4000-8000-000000000003"
service_uuid = "00000000-0000-4000-8000-000000000004"

[cpr.tls]
{tls}
[gateway]
endpoint = {gateway}

[gateway.tls]
{tls}"#,
        data_dir = toml_string(&data_dir.display().to_string()),
        cpr = toml_string(&sims.cpr_url()),
        gateway = toml_string(&sims.gateway_url()),
    )
}

/// A TOML basic string (quotes and backslashes escaped: Windows paths).
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_windows_paths_and_quotes() {
        assert_eq!(toml_string(r#"C:\ProgramData\Skranke\"x""#), r#""C:\\ProgramData\\Skranke\\\"x\"""#);
    }

    #[tokio::test]
    async fn the_written_config_loads_and_satisfies_production() {
        let t = tempfile::tempdir().expect("tempdir");
        let pki = t.path().join("pki");
        let sims = Simulators::start(skranke_sim::SimOptions { pki_dir: Some(pki.clone()), ..Default::default() })
            .await
            .expect("simulators");
        let file = t.path().join("skranke.toml");
        std::fs::write(&file, production_config(&sims, &pki, &t.path().join("data"))).expect("write");
        let config = skranke_config::load_file(&file).expect("the written config loads");
        assert_eq!(config.mode, skranke_config::Mode::Production);
        assert!(config.check_production().is_empty(), "{:?}", config.check_production());
        sims.shutdown();
    }
}
