//! The configuration as the support bundle holds it: secrets and the paths to keys replaced by
//! `<redacted>`, so a bundle sent to a supplier gives away neither a password nor where the
//! municipality keeps its private keys.
use std::path::Path;

/// What a redacted value reads.
pub const REDACTED: &str = "<redacted>";

/// Keys whose values are paths to private keys or to key material.
const KEY_PATHS: &[&str] = &["client_key", "client_cert", "key_dir"];

/// Whether a setting's value must not leave the PC.
fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    KEY_PATHS.contains(&name.as_str()) || ["password", "secret", "token"].iter().any(|w| name.contains(w))
}

/// The redacted text of the configuration file at `path`; a file that cannot be read or parsed
/// gives a note instead (its raw text may hold secrets, and a parser's message may quote them).
pub fn redacted_config_file(path: &Path) -> String {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return format!("# {}: could not be read ({})\n", path.display(), e.kind()),
    };
    match redact_toml(&text) {
        Some(redacted) => format!("# {} (secrets and paths to keys redacted)\n{redacted}", path.display()),
        None => format!("# {}: not valid TOML; not included (skranke config check names the line)\n", path.display()),
    }
}

/// The TOML text with every secret value replaced; `None` when it is not TOML.
pub fn redact_toml(text: &str) -> Option<String> {
    let mut table: toml::Table = text.parse().ok()?;
    redact_table(&mut table);
    toml::to_string_pretty(&table).ok()
}

fn redact_table(table: &mut toml::Table) {
    for (name, value) in table.iter_mut() {
        if is_secret(name) {
            *value = toml::Value::String(REDACTED.into());
        } else {
            redact_value(value);
        }
    }
}

fn redact_value(value: &mut toml::Value) {
    match value {
        toml::Value::Table(t) => redact_table(t),
        toml::Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_key_paths_go_and_the_rest_stays() {
        let text = r#"
mode = "production"
[gateway]
endpoint = "https://gw.example/"
[gateway.tls]
client_cert = "/secret/place/client.p12"
client_cert_password = "hunter2"
ca_cert = "/etc/skranke/ca.pem"
[security]
keystore = "file"
key_dir = "/var/lib/keys"
[[extra]]
api_token = "abc"
"#;
        let out = redact_toml(text).expect("toml");
        for secret in ["hunter2", "/secret/place", "/var/lib/keys", "abc"] {
            assert!(!out.contains(secret), "{secret} left in:\n{out}");
        }
        for kept in ["https://gw.example/", "/etc/skranke/ca.pem", "keystore = \"file\"", "production"] {
            assert!(out.contains(kept), "{kept} missing:\n{out}");
        }
        assert_eq!(out.matches(REDACTED).count(), 4, "{out}");
    }

    #[test]
    fn a_broken_file_is_left_out_with_a_note() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        std::fs::write(&p, "client_cert_password = \"hunter2\"\nbroken = [\n").expect("write");
        let out = redacted_config_file(&p);
        assert!(out.contains("not valid TOML") && !out.contains("hunter2"), "{out}");
        assert!(redacted_config_file(&t.path().join("none.toml")).contains("could not be read"));
    }
}
