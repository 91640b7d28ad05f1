//! Value checks that the TOML types cannot express, and what production mode requires.
use crate::{Config, Mode, TlsConfig};

/// Something production mode needs that the configuration lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted key concerned, e.g. `gateway.tls.client_cert`.
    pub key: String,
    /// What is wrong, in English for logs and `--json`; the UI has Danish text per key kind.
    pub message: String,
}

/// The largest camera side a configuration may ask for: `skranke_camera::MAX_FRAME_SIDE` (4096,
/// 4K), the largest frame the camera crate decodes. The demo and replay sources draw frames of the
/// configured size, so `width = 100000` would otherwise allocate tens of gigabytes at preview start.
pub const MAX_CAMERA_SIDE: u32 = 4096;

/// Rejects values that parse but cannot work. Returns the dotted key and the reason.
pub(crate) fn check_values(c: &Config) -> Result<(), (String, String)> {
    let bad = |k: &str, m: String| Err((k.to_string(), m));
    crate::scan::check(&c.scan)?;
    if let Err(e) = c.photo.checks.validate() {
        return bad(&format!("photo.checks.{}", e.field), e.rule.to_string());
    }
    if let Err(e) = c.signature.scan.validate() {
        return bad(&format!("signature.scan.{}", e.field), e.rule.to_string());
    }
    if let Err(e) = regex::Regex::new(&c.case.ref_pattern) {
        return bad("case.ref_pattern", format!("not a valid regular expression: {e}"));
    }
    if let Ok(re) = regex::Regex::new(&c.case.ref_pattern)
        && !re.is_match(&c.case.ref_example)
    {
        return bad("case.ref_example", "the example does not match case.ref_pattern".into());
    }
    if !(c.municipality.code.len() == 4 && c.municipality.code.bytes().all(|b| b.is_ascii_digit())) {
        return bad("municipality.code", "must be four digits, e.g. \"0751\"".into());
    }
    if c.municipality.name.trim().is_empty() {
        return bad("municipality.name", "must not be empty".into());
    }
    if !crate::LOG_LEVELS.contains(&c.logging.level.as_str()) {
        return bad("logging.level", "must be one of error, warn, info, debug, trace".into());
    }
    if c.camera.width == 0 || c.camera.height == 0 || c.camera.fps == 0 || c.camera.fps > 120 {
        return bad("camera", "width, height and fps must be positive (fps at most 120)".into());
    }
    if c.camera.width > MAX_CAMERA_SIDE || c.camera.height > MAX_CAMERA_SIDE {
        return bad("camera", format!("width and height may be at most {MAX_CAMERA_SIDE}"));
    }
    for (key, value) in [
        ("security.idle_lock_minutes", c.security.idle_lock_minutes),
        ("security.max_failed_sign_ins", c.security.max_failed_sign_ins),
        ("security.failed_sign_in_window_minutes", c.security.failed_sign_in_window_minutes),
        ("security.lockout_minutes", c.security.lockout_minutes),
        ("retention.audit_days", c.retention.audit_days),
        ("retention.review_days", c.retention.review_days),
        ("outbox.max_unsent", c.outbox.max_unsent),
        ("outbox.max_unsent_hours", c.outbox.max_unsent_hours),
        ("review.stuck_hours", c.review.stuck_hours),
    ] {
        if value == 0 {
            return bad(key, "must be at least 1".into());
        }
    }
    Ok(())
}

impl Config {
    /// What production mode still lacks: empty in demo mode or when everything required is present
    /// (sections, https endpoints, certificate files that exist). The app refuses to start in
    /// production while this is not empty.
    pub fn check_production(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.mode != Mode::Production {
            return problems;
        }
        let mut need = |key: &str, message: &str| problems.push(Problem { key: key.into(), message: message.into() });
        match &self.cpr {
            None => need("cpr", "the [cpr] section is required in production"),
            Some(cpr) => {
                if !cpr.endpoint.starts_with("https://") {
                    need("cpr.endpoint", "must be an https:// URL");
                }
                if cpr.max_response_bytes < crate::model::MIN_MAX_RESPONSE_BYTES {
                    need("cpr.max_response_bytes", "must be at least 65536");
                }
                for (k, v) in [
                    ("cpr.service_agreement_uuid", &cpr.service_agreement_uuid),
                    ("cpr.user_system_uuid", &cpr.user_system_uuid),
                    ("cpr.user_uuid", &cpr.user_uuid),
                    ("cpr.service_uuid", &cpr.service_uuid),
                ] {
                    if !looks_like_uuid(v) {
                        need(k, "must be a UUID");
                    }
                }
                tls_problems("cpr.tls", &cpr.tls, &mut need);
            }
        }
        match &self.gateway {
            None => need("gateway", "the [gateway] section is required in production"),
            Some(g) => {
                if !g.endpoint.starts_with("https://") {
                    need("gateway.endpoint", "must be an https:// URL");
                }
                if g.max_response_bytes < crate::model::MIN_MAX_RESPONSE_BYTES {
                    need("gateway.max_response_bytes", "must be at least 65536");
                }
                tls_problems("gateway.tls", &g.tls, &mut need);
            }
        }
        match &self.auth {
            None => need("auth", "the [auth] section (the identity provider) is required in production"),
            Some(a) => {
                if !a.issuer.starts_with("https://") {
                    need("auth.issuer", "must be an https:// URL");
                }
                if a.client_id.trim().is_empty() {
                    need("auth.client_id", "must not be empty");
                }
                if a.groups.is_empty() {
                    need("auth.groups", "must map at least one group to a role");
                }
                if a.ca_cert.as_ref().is_some_and(|p| !p.is_file()) {
                    need("auth.ca_cert", "file not found");
                }
            }
        }
        if let (Some(key_dir), Some(data_dir)) = (&self.security.key_dir, &self.data_dir)
            && key_dir.starts_with(data_dir)
        {
            need(
                "security.key_dir",
                "must be outside the data directory (a backup of the data must not carry the key)",
            );
        }
        if self.security.it_os_group.as_deref().is_none_or(|g| g.trim().is_empty()) {
            need("security.it_os_group", "the operating-system group allowed to run the personal-data commands");
        }
        problems
    }
}

fn tls_problems(prefix: &str, tls: &TlsConfig, need: &mut impl FnMut(&str, &str)) {
    let is_p12 = tls
        .client_cert
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("p12") || e.eq_ignore_ascii_case("pfx"));
    if !tls.client_cert.is_file() {
        need(&format!("{prefix}.client_cert"), "file not found");
    }
    match &tls.client_key {
        Some(k) if !k.is_file() => need(&format!("{prefix}.client_key"), "file not found"),
        None if !is_p12 => need(&format!("{prefix}.client_key"), "required for a PEM certificate"),
        _ => {}
    }
    if !tls.ca_cert.is_file() {
        need(&format!("{prefix}.ca_cert"), "file not found");
    }
}

fn looks_like_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12].iter().zip(&parts).all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_needs_nothing() {
        assert!(Config::demo().check_production().is_empty());
    }

    #[test]
    fn photo_thresholds_out_of_their_scale_name_the_key() {
        let e = Config::from_toml_str("[photo.checks]\nmin_background_lightness = 120\n").expect_err("L* > 100");
        assert_eq!(e.key(), Some("photo.checks.min_background_lightness"));
        assert!(Config::from_toml_str("[photo.checks]\nmax_background_chroma = 30\n").is_ok());
    }

    #[test]
    fn production_without_sections_lists_both() {
        let c = Config::from_toml_str("mode = \"production\"\n").expect("parses");
        let keys: Vec<_> = c.check_production().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, vec!["cpr", "gateway", "auth", "security.it_os_group"]);
    }

    #[test]
    fn production_with_missing_files_names_each_key() {
        let text = r#"
mode = "production"
[cpr]
endpoint = "http://cpr.example"
service_agreement_uuid = "not-a-uuid"
user_system_uuid = "00000000-0000-0000-0000-000000000001"
user_uuid = "00000000-0000-0000-0000-000000000002"
service_uuid = "00000000-0000-0000-0000-000000000003"
[cpr.tls]
client_cert = "/nonexistent/client.pem"
ca_cert = "/nonexistent/ca.pem"
[gateway]
endpoint = "https://gw.example"
[gateway.tls]
client_cert = "/nonexistent/client.p12"
ca_cert = "/nonexistent/ca.pem"
"#;
        let c = Config::from_toml_str(text).expect("parses");
        let keys: Vec<_> = c.check_production().into_iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            vec![
                "cpr.endpoint",
                "cpr.service_agreement_uuid",
                "cpr.tls.client_cert",
                "cpr.tls.client_key",
                "cpr.tls.ca_cert",
                "gateway.tls.client_cert",
                "gateway.tls.ca_cert",
                "auth",
                "security.it_os_group",
            ]
        );
    }

    #[test]
    fn response_caps_default_to_4_mib_and_may_not_be_tiny() {
        let text = r#"
mode = "production"
[cpr]
endpoint = "https://cpr.example"
service_agreement_uuid = "00000000-0000-0000-0000-000000000001"
user_system_uuid = "00000000-0000-0000-0000-000000000001"
user_uuid = "00000000-0000-0000-0000-000000000002"
service_uuid = "00000000-0000-0000-0000-000000000003"
max_response_bytes = 1000
[cpr.tls]
client_cert = "/nonexistent/client.p12"
ca_cert = "/nonexistent/ca.pem"
[gateway]
endpoint = "https://gw.example"
[gateway.tls]
client_cert = "/nonexistent/client.p12"
ca_cert = "/nonexistent/ca.pem"
"#;
        let c = Config::from_toml_str(text).expect("parses");
        assert_eq!(c.gateway.as_ref().map(|g| g.max_response_bytes), Some(crate::DEFAULT_MAX_RESPONSE_BYTES));
        assert_eq!(crate::DEFAULT_MAX_RESPONSE_BYTES, 4 * 1024 * 1024);
        let keys: Vec<_> = c.check_production().into_iter().map(|p| p.key).collect();
        assert!(keys.contains(&"cpr.max_response_bytes".to_string()), "{keys:?}");
        assert!(!keys.contains(&"gateway.max_response_bytes".to_string()), "{keys:?}");
    }

    #[test]
    fn municipality_code_must_be_four_digits() {
        let e = Config::from_toml_str("[municipality]\ncode = \"751\"\nname = \"Aarhus\"\n").expect_err("bad code");
        assert_eq!(e.key(), Some("municipality.code"));
    }

    #[test]
    fn auth_section_parses_with_defaults_and_is_checked_in_production() {
        let text = r#"
mode = "production"
[auth]
issuer = "http://idp.example"
client_id = " "
groups = {}
ca_cert = "/nonexistent/idp-ca.pem"
[security]
it_os_group = "skranke-it"
"#;
        let c = Config::from_toml_str(text).expect("parses");
        let auth = c.auth.as_ref().expect("auth section");
        assert_eq!((auth.groups_claim.as_str(), auth.scopes.clone()), ("groups", vec!["profile".to_string()]));
        assert_eq!((auth.timeout_ms, auth.browser_timeout_seconds), (10_000, 300));
        let keys: Vec<_> = c.check_production().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, vec!["cpr", "gateway", "auth.issuer", "auth.client_id", "auth.groups", "auth.ca_cert"]);

        let roles = Config::from_toml_str(
            "[auth]\nissuer = \"https://idp\"\nclient_id = \"x\"\n[auth.groups]\n\"g-1\" = \"clerk\"\n\"g-2\" = \"it\"\n",
        )
        .expect("parses");
        let groups = roles.auth.map(|a| a.groups).unwrap_or_default();
        assert_eq!(groups.get("g-2"), Some(&crate::RoleName::It));
        assert!(
            Config::from_toml_str("[auth]\nissuer = \"https://idp\"\nclient_id = \"x\"\ngroups = { g = \"boss\" }\n")
                .is_err()
        );
        assert!(Config::from_toml_str("[security]\nlockout_minutes = 0\n").is_err());
    }
}
