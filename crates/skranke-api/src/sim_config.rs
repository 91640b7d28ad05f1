//! `skranke sim --write-config`: a production-mode configuration that points at the running
//! simulators with their generated certificates, so anyone can try the real paths (SF1520 SOAP
//! and the gateway over mutual TLS, the OS-independent key file) without national services.
use skranke_sim::Simulators;
use std::path::{Path, PathBuf};

/// The identity provider the written configuration signs in with: by default the test provider
/// of tools/oidc-test-provider (`node provider.mjs`, users anna, bo, it-ida).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimIdentityProvider {
    /// Its issuer URL.
    pub issuer: String,
    /// The CA file that signed its certificate, if not a public one.
    pub ca_cert: Option<PathBuf>,
}

impl Default for SimIdentityProvider {
    fn default() -> Self {
        Self { issuer: "https://127.0.0.1:7443".into(), ca_cert: None }
    }
}

/// The operating-system group `skranke sim --write-config` names as the IT group: the primary
/// group of the account running it, so the command-line tries of the real paths keep working.
pub fn own_os_group() -> Result<String, crate::ApiError> {
    let account = skranke_os::current_account()
        .map_err(|e| crate::ApiError::new(crate::Code::OsAccountUnknown, e.to_string()))?;
    account
        .groups
        .first()
        .cloned()
        .ok_or_else(|| crate::ApiError::new(crate::Code::OsAccountUnknown, "the account is in no group"))
}

/// The TOML text. `pki_dir` holds the files written by `Simulators` (`ca.pem`, `client.pem`,
/// `client.key`); `data_dir` is where that Skranke keeps its outbox and logs; `idp` is where
/// clerks sign in; `it_os_group` may run the personal-data commands.
pub fn production_config(
    sims: &Simulators,
    pki_dir: &Path,
    data_dir: &Path,
    idp: &SimIdentityProvider,
    it_os_group: &str,
) -> String {
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
key_dir = {key_dir}
it_os_group = {it_group}

# The test identity provider: `node tools/oidc-test-provider/provider.mjs` (see docs/auth.md).
[auth]
issuer = {issuer}
client_id = "skranke"
{idp_ca}
[auth.groups]
"skranke-sagsbehandlere" = "clerk"
"skranke-supervisorer" = "supervisor"
"skranke-it" = "it"

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
        it_group = toml_string(it_os_group),
        key_dir = toml_string(&data_dir.parent().unwrap_or(data_dir).join("keys").display().to_string()),
        issuer = toml_string(&idp.issuer),
        idp_ca = idp
            .ca_cert
            .as_ref()
            .map(|p| format!("ca_cert = {}\n", toml_string(&p.display().to_string())))
            .unwrap_or_default(),
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
        let idp = SimIdentityProvider { issuer: "https://127.0.0.1:7443".into(), ca_cert: Some(pki.join("ca.pem")) };
        let group = own_os_group().expect("this account has a group");
        std::fs::write(&file, production_config(&sims, &pki, &t.path().join("data"), &idp, &group)).expect("write");
        let config = skranke_config::load_file(&file).expect("the written config loads");
        assert_eq!(config.mode, skranke_config::Mode::Production);
        assert!(config.check_production().is_empty(), "{:?}", config.check_production());
        assert_eq!(config.security.it_os_group.as_deref(), Some(group.as_str()));
        let auth = config.auth.expect("auth");
        assert_eq!(auth.groups.len(), 3);
        assert_eq!(auth.ca_cert, idp.ca_cert);
        sims.shutdown();
    }
}
