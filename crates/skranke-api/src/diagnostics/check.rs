//! What a diagnosis is made of: one [`DiagnosticCheck`] per [`CheckId`], each `ok`, `warn` or
//! `fail` with a detail in English for the log and the command line. The Diagnose page shows a
//! Danish explanation and fix per check id (ui/src/lib/i18n/diagnose.ts), so the ids are a closed,
//! typed list the UI's table must cover.
use serde::Serialize;
use ts_rs::TS;

/// Every check `skranke diagnose` and the Diagnose page run, in the order they are shown.
#[derive(TS, Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// The configuration file: where it was read from, and whether it parses.
    Config,
    /// Nothing production needs is missing.
    Production,
    /// Settings that are valid but risky (a file key store in production, pen data sent, ...).
    ConfigWarnings,
    /// The data directory exists and is writable.
    DataDir,
    /// Free disk space where the outbox lives.
    DiskSpace,
    /// Cameras connected, and the configured camera and format.
    Cameras,
    /// Signature pads connected, and the configured pad.
    SignaturePads,
    /// Skranke could not be started, so the service checks did not run.
    Services,
    /// The master key store holds the key and it could be loaded.
    KeyStore,
    /// The audit witness answers and has recorded every audit entry.
    AuditWitness,
    /// The CPR service's client certificate: readable, days left.
    CprCertificate,
    /// The CPR service answers over TLS: the server's chain and its expiry.
    CprService,
    /// The gateway's client certificate: readable, days left.
    GatewayCertificate,
    /// The gateway answers over TLS and accepts the client certificate.
    Gateway,
    /// This PC's clock against the gateway's `Date` header.
    ClockSkew,
    /// The identity provider's OpenID Connect discovery document (production).
    IdentityProvider,
    /// Sign-in is not locked out after failed attempts.
    SignInLockout,
    /// The OS reports session locks and suspend.
    OsLock,
    /// The outbox: counts per state and the oldest waiting capture.
    Queue,
}

impl CheckId {
    /// The id as it appears in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Production => "production",
            Self::ConfigWarnings => "config_warnings",
            Self::DataDir => "data_dir",
            Self::DiskSpace => "disk_space",
            Self::Cameras => "cameras",
            Self::SignaturePads => "signature_pads",
            Self::Services => "services",
            Self::KeyStore => "key_store",
            Self::AuditWitness => "audit_witness",
            Self::CprCertificate => "cpr_certificate",
            Self::CprService => "cpr_service",
            Self::GatewayCertificate => "gateway_certificate",
            Self::Gateway => "gateway",
            Self::ClockSkew => "clock_skew",
            Self::IdentityProvider => "identity_provider",
            Self::SignInLockout => "sign_in_lockout",
            Self::OsLock => "os_lock",
            Self::Queue => "queue",
        }
    }

    /// Every id, in the order of the page (for the tests that the UI table covers them all).
    pub const ALL: &'static [CheckId] = &[
        Self::Config,
        Self::Production,
        Self::ConfigWarnings,
        Self::DataDir,
        Self::DiskSpace,
        Self::Cameras,
        Self::SignaturePads,
        Self::Services,
        Self::KeyStore,
        Self::AuditWitness,
        Self::CprCertificate,
        Self::CprService,
        Self::GatewayCertificate,
        Self::Gateway,
        Self::ClockSkew,
        Self::IdentityProvider,
        Self::SignInLockout,
        Self::OsLock,
        Self::Queue,
    ];
}

/// Outcome of one check.
#[derive(TS, Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// Fine.
    Ok,
    /// Works, but IT should look (e.g. no camera connected, a certificate expiring soon).
    Warn,
    /// Skranke cannot work like this.
    Fail,
}

/// One line of the diagnosis.
#[derive(TS, Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticCheck {
    /// Which check.
    pub id: CheckId,
    /// Outcome.
    pub status: CheckStatus,
    /// What was found, in English for IT and the support bundle (never personal data).
    pub detail: String,
}

impl DiagnosticCheck {
    /// A check line.
    pub fn new(id: CheckId, status: CheckStatus, detail: impl Into<String>) -> Self {
        Self { id, status, detail: detail.into() }
    }
}

/// Where the configuration was read from.
#[derive(TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConfigSourceView {
    /// This file.
    File {
        /// Its path.
        path: String,
    },
    /// No file: the built-in demo settings.
    BuiltInDemo {
        /// The machine-wide path that was looked at.
        looked_at: String,
    },
}

impl From<&skranke_config::ConfigSource> for ConfigSourceView {
    fn from(source: &skranke_config::ConfigSource) -> Self {
        match source {
            skranke_config::ConfigSource::File(p) => Self::File { path: p.display().to_string() },
            skranke_config::ConfigSource::BuiltInDemo { looked_at } => {
                Self::BuiltInDemo { looked_at: looked_at.display().to_string() }
            }
        }
    }
}

/// The whole diagnosis (`skranke diagnose --json`, the Diagnose page).
#[derive(TS, Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Diagnosis {
    /// No check failed.
    pub ok: bool,
    /// Skranke's version.
    pub version: String,
    /// Where the configuration came from; `null` when the named file could not be read.
    pub config_source: Option<ConfigSourceView>,
    /// Every check that ran, in the order of [`CheckId::ALL`].
    pub checks: Vec<DiagnosticCheck>,
}

impl Diagnosis {
    /// A diagnosis of these checks (sorted into page order; `ok` computed).
    pub fn new(config_source: Option<ConfigSourceView>, mut checks: Vec<DiagnosticCheck>) -> Self {
        checks.sort_by_key(|c| CheckId::ALL.iter().position(|id| *id == c.id));
        let ok = checks.iter().all(|c| c.status != CheckStatus::Fail);
        Self { ok, version: crate::VERSION.to_string(), config_source, checks }
    }

    /// The check with this id, if it ran.
    pub fn check(&self, id: CheckId) -> Option<&DiagnosticCheck> {
        self.checks.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_listed_once_and_serialises_as_its_name() {
        for id in CheckId::ALL {
            assert_eq!(CheckId::ALL.iter().filter(|x| *x == id).count(), 1);
            assert_eq!(serde_json::to_value(id).expect("json"), serde_json::json!(id.as_str()));
        }
    }

    #[test]
    fn checks_are_sorted_into_page_order_and_any_failure_fails_the_whole() {
        let d = Diagnosis::new(
            None,
            vec![
                DiagnosticCheck::new(CheckId::Queue, CheckStatus::Ok, "q"),
                DiagnosticCheck::new(CheckId::Config, CheckStatus::Warn, "c"),
            ],
        );
        assert!(d.ok);
        assert_eq!(d.checks[0].id, CheckId::Config);
        let d = Diagnosis::new(None, vec![DiagnosticCheck::new(CheckId::Gateway, CheckStatus::Fail, "g")]);
        assert!(!d.ok);
    }

    #[test]
    fn the_source_names_the_file_or_the_place_looked_at() {
        let file = ConfigSourceView::from(&skranke_config::ConfigSource::File("/etc/skranke/config.toml".into()));
        assert_eq!(
            serde_json::to_value(file).expect("json"),
            serde_json::json!({"kind": "file", "path": "/etc/skranke/config.toml"})
        );
    }
}
