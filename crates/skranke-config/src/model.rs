//! The configuration model: every key IT may set, with its default. Unknown keys are rejected.
use crate::MAX_CAMERA_SIDE;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Whether Skranke talks to the national services or to its embedded simulators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Embedded simulators, replayed camera and pad: for training, trying out and tests.
    #[default]
    Demo,
    /// The real CPR service and gateway with the municipality's certificates.
    Production,
}

/// The whole configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `demo` or `production`.
    pub mode: Mode,
    /// The municipality this installation belongs to.
    pub municipality: Municipality,
    /// Name of this counter PC in audit entries and bundles; the host name when absent.
    pub workstation: Option<String>,
    /// Where the outbox, audit trail and logs live; a platform default when absent.
    pub data_dir: Option<PathBuf>,
    /// Case reference rules.
    pub case: CaseConfig,
    /// The CPR lookup service (Serviceplatformen SF1520). Required in production.
    pub cpr: Option<CprServiceConfig>,
    /// The national capture gateway. Required in production.
    pub gateway: Option<GatewayConfig>,
    /// The counter camera.
    pub camera: CameraConfig,
    /// The photo step: automatic capture and the photo checks (`[photo.checks]`).
    pub photo: PhotoConfig,
    /// The signature pad.
    pub signature: SignatureConfig,
    /// Sign-in through the municipality's identity provider. Required in production.
    pub auth: Option<AuthConfig>,
    /// Sign-in, locking and key storage.
    pub security: SecurityConfig,
    /// Log files.
    pub logging: LoggingConfig,
    /// What a capture bundle carries beyond what the licence card needs.
    pub bundle: BundleConfig,
    /// How long personal data is kept.
    pub retention: RetentionConfig,
    /// The cap on captures waiting to be sent (`[outbox]`).
    pub outbox: OutboxConfig,
    /// What goes to a supervisor's review (`[review]`).
    pub review: ReviewConfig,
    /// The app's windows (`[ui]`).
    pub ui: UiConfig,
    /// Scanned paper stamkort (`[scan]`).
    pub scan: crate::ScanConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            mode: Mode::Demo,
            municipality: Municipality::default(),
            workstation: None,
            data_dir: None,
            case: CaseConfig::default(),
            cpr: None,
            gateway: None,
            camera: CameraConfig::default(),
            photo: PhotoConfig::default(),
            signature: SignatureConfig::default(),
            auth: None,
            security: SecurityConfig::default(),
            logging: LoggingConfig::default(),
            bundle: BundleConfig::default(),
            retention: RetentionConfig::default(),
            outbox: OutboxConfig::default(),
            review: ReviewConfig::default(),
            ui: UiConfig::default(),
            scan: crate::ScanConfig::default(),
        }
    }
}

impl Config {
    /// The configuration used when no file exists: demo mode with a fictitious municipality.
    pub fn demo() -> Self {
        Self::default()
    }

    /// Parses and validates TOML text (used for files and in tests).
    pub fn from_toml_str(text: &str) -> Result<Self, crate::ConfigError> {
        crate::load::parse(text, std::path::Path::new("<text>"))
    }
}

/// The municipality running this installation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    /// Four-digit municipality code, e.g. `0751` for Aarhus.
    #[schemars(regex(pattern = r"^[0-9]{4}$"))]
    pub code: String,
    /// Name shown in the header, e.g. `Aarhus Kommune`.
    pub name: String,
}

impl Default for Municipality {
    fn default() -> Self {
        Self { code: "0999".into(), name: "Demokommune".into() }
    }
}

/// Case reference rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CaseConfig {
    /// Regular expression a case reference must match in full.
    pub ref_pattern: String,
    /// An example shown to the clerk under the field.
    pub ref_example: String,
}

impl Default for CaseConfig {
    fn default() -> Self {
        Self { ref_pattern: "^[A-Z0-9][A-Z0-9-]{3,29}$".into(), ref_example: "KK-2026-001234".into() }
    }
}

/// Client certificate and trusted CA for a mutual-TLS service.
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// The municipality's client certificate: PEM (with `client_key`) or PKCS#12 (`.p12`/`.pfx`).
    pub client_cert: PathBuf,
    /// PEM private key of the client certificate; absent for PKCS#12.
    pub client_key: Option<PathBuf>,
    /// Password of a PKCS#12 file, if any.
    pub client_cert_password: Option<String>,
    /// The only CA trusted for the service (pinned: system roots are not used).
    pub ca_cert: PathBuf,
}

/// The paths as they are; the PKCS#12 password only as whether one is set (a `{:?}` of the
/// configuration in a log or an error must not leak it).
impl std::fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConfig")
            .field("client_cert", &self.client_cert)
            .field("client_key", &self.client_key)
            .field("client_cert_password", &self.client_cert_password.as_ref().map(|_| "<redacted>"))
            .field("ca_cert", &self.ca_cert)
            .finish()
    }
}

/// Serviceplatformen SF1520 (CPR replika opslag) settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CprServiceConfig {
    /// Service endpoint URL (https).
    pub endpoint: String,
    /// mTLS material.
    pub tls: TlsConfig,
    /// InvocationContext: ServiceAgreementUUID.
    pub service_agreement_uuid: String,
    /// InvocationContext: UserSystemUUID.
    pub user_system_uuid: String,
    /// InvocationContext: UserUUID (the municipality).
    pub user_uuid: String,
    /// InvocationContext: ServiceUUID of SF1520.
    pub service_uuid: String,
    /// Per-request timeout in milliseconds.
    #[serde(default = "default_cpr_timeout_ms")]
    pub timeout_ms: u64,
    /// The largest answer read, in bytes (a larger one is refused unread); 4 MiB by default.
    #[serde(default = "default_max_response_bytes")]
    pub max_response_bytes: usize,
}

fn default_cpr_timeout_ms() -> u64 {
    5_000
}

/// National capture gateway settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    /// Base URL (https), e.g. `https://gateway.example/`.
    pub endpoint: String,
    /// mTLS material.
    pub tls: TlsConfig,
    /// Per-request timeout in milliseconds.
    #[serde(default = "default_gateway_timeout_ms")]
    pub timeout_ms: u64,
    /// Warn this many days before the client certificate expires.
    #[serde(default = "default_expiry_warning_days")]
    pub certificate_warning_days: u32,
    /// The largest answer read, in bytes (a larger one is refused unread); 4 MiB by default.
    #[serde(default = "default_max_response_bytes")]
    pub max_response_bytes: usize,
}

/// The default cap on a service's answer (`cpr.max_response_bytes`, `gateway.max_response_bytes`).
pub use skranke_core::DEFAULT_MAX_RESPONSE_BYTES;

/// The smallest cap accepted: below it, real answers would be refused.
pub const MIN_MAX_RESPONSE_BYTES: usize = 64 * 1024;

fn default_max_response_bytes() -> usize {
    DEFAULT_MAX_RESPONSE_BYTES
}

fn default_gateway_timeout_ms() -> u64 {
    15_000
}

fn default_expiry_warning_days() -> u32 {
    30
}

/// The counter camera.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CameraConfig {
    /// `auto` (first camera found), a device index or name, or `replay:<dir>` (recorded portraits).
    /// In demo mode `auto` falls back to the demo portraits when no camera is found.
    pub source: String,
    /// Requested frame width.
    #[schemars(range(min = 1, max = MAX_CAMERA_SIDE))]
    pub width: u32,
    /// Requested frame height.
    #[schemars(range(min = 1, max = MAX_CAMERA_SIDE))]
    pub height: u32,
    /// Requested frame rate.
    #[schemars(range(min = 1, max = 120))]
    pub fps: u32,
}

impl Default for CameraConfig {
    fn default() -> Self {
        Self { source: "auto".into(), width: 1280, height: 720, fps: 30 }
    }
}

/// The photo step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PhotoConfig {
    /// Take the photo by itself once every live check has held for a moment (on by default);
    /// off: only the clerk's "Tag foto" button takes it.
    pub auto_capture: bool,
    /// Thresholds of the photo checks, the crop target and the JPEG size cap (`[photo.checks]`,
    /// docs/photo-checks.md).
    pub checks: skranke_core::PhotoThresholds,
    /// The profile for photos scanned from paper stamkort (`[photo.scan]`): `[photo.checks]` with
    /// the camera measures (sharpness, noise, JPEG blocks, eye distance) replaced, so a print's
    /// screen or halftone pattern is no defect, and the scan's resolution as its own check.
    pub scan: skranke_core::ScanPhotoThresholds,
}

impl Default for PhotoConfig {
    fn default() -> Self {
        Self { auto_capture: true, checks: Default::default(), scan: Default::default() }
    }
}

/// The signature pad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SignatureConfig {
    /// `auto` (a Wacom STU pad if found, else the on-screen field), `wacom`, `canvas`, or
    /// `replay:<dir>` (recorded stroke files).
    pub pad: String,
    /// Thresholds of the signature checks (`[signature.checks]`).
    pub checks: skranke_core::SignatureThresholds,
    /// Size and resolution of the signature image (`[signature.image]`).
    pub image: skranke_core::SignatureImage,
    /// Thresholds of the checks of a signature scanned from a paper stamkort (`[signature.scan]`,
    /// docs/scanning.md), in mm of the card so they hold at any scan resolution. Accepted ranges:
    /// `ink_contrast` above 0 and below 1, `printed_line_min_share` above 0 and at most 1,
    /// `min_ink_share` 0 to 1, every length 0 to 1000 mm, `max_edge_ink_mm2` 0 or more.
    pub scan: skranke_core::ScanSignatureThresholds,
}

impl Default for SignatureConfig {
    fn default() -> Self {
        Self { pad: "auto".into(), checks: Default::default(), image: Default::default(), scan: Default::default() }
    }
}

/// Where the outbox master key is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum KeyStoreKind {
    /// The OS key store (Windows Credential Manager, Secret Service).
    #[default]
    Os,
    /// A key file readable only by the service account (0600), for machines without a key store.
    File,
}

/// A role in Skranke, as the `[auth.groups]` map names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RoleName {
    /// Counter clerk.
    Clerk,
    /// Supervisor.
    Supervisor,
    /// Municipal IT.
    It,
}

/// Sign-in through the municipality's OpenID Connect provider (Entra ID or any standard one):
/// authorization code flow with PKCE in the system browser, no client secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// The provider's issuer URL (https), e.g. `https://login.microsoftonline.com/<tenant>/v2.0`.
    pub issuer: String,
    /// The app registration's client id (a public client).
    pub client_id: String,
    /// Scopes to ask for besides `openid`.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The ID token claim that lists the user's groups or app roles (`groups` or `roles` in Entra).
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// Which group (as the claim gives it: a name or an object id) gives which role. A user in
    /// several mapped groups gets the widest role: supervisor, then clerk, then IT.
    pub groups: std::collections::BTreeMap<String, RoleName>,
    /// An extra CA certificate (PEM) to trust for the provider, besides the public roots.
    #[serde(default)]
    pub ca_cert: Option<PathBuf>,
    /// How long a call to the provider may take.
    #[serde(default = "default_auth_timeout_ms")]
    pub timeout_ms: u64,
    /// How long the browser step may take before the sign-in is given up.
    #[serde(default = "default_browser_timeout_seconds")]
    pub browser_timeout_seconds: u64,
}

fn default_scopes() -> Vec<String> {
    vec!["profile".into()]
}
fn default_groups_claim() -> String {
    "groups".into()
}
fn default_auth_timeout_ms() -> u64 {
    10_000
}
fn default_browser_timeout_seconds() -> u64 {
    300
}

/// Sign-in, locking and key storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// Lock the app after this many idle minutes (the backend refuses commands after that).
    #[schemars(range(min = 1))]
    pub idle_lock_minutes: u32,
    /// Lock sign-in on this workstation after this many failed sign-ins within
    /// `failed_sign_in_window_minutes`.
    #[schemars(range(min = 1))]
    pub max_failed_sign_ins: u32,
    /// The window in which failed sign-ins are counted.
    #[schemars(range(min = 1))]
    pub failed_sign_in_window_minutes: u32,
    /// How long sign-in stays locked after too many failures.
    #[schemars(range(min = 1))]
    pub lockout_minutes: u32,
    /// The operating-system group (Windows or Unix group) whose members may run the personal-data
    /// commands of `skranke` (`cpr lookup`, `bundle make`, `queue ...`). Required in production.
    pub it_os_group: Option<String>,
    /// Where the outbox master key lives.
    pub keystore: KeyStoreKind,
    /// The folder of the master key file (`keystore = "file"`, production): outside the data
    /// directory, so that a backup or copy of the data directory does not carry the key. Default
    /// `%ProgramData%\Skranke\keys` on Windows, `~/.config/skranke/keys` elsewhere.
    pub key_dir: Option<PathBuf>,
    /// The socket of the audit witness (`skranke-audit-witness`, a service under its own
    /// account that records every audit entry's MAC, so that an entry rewritten even with this
    /// installation's keys is found by `skranke audit verify`). Unset: no witness. The Linux
    /// package's service listens at `/run/skranke-audit-witness/socket`; the Windows service on
    /// the pipe `\\.\pipe\skranke-audit-witness`.
    pub audit_witness_socket: Option<PathBuf>,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        Self {
            idle_lock_minutes: 10,
            max_failed_sign_ins: 5,
            failed_sign_in_window_minutes: 15,
            lockout_minutes: 15,
            it_os_group: None,
            keystore: KeyStoreKind::Os,
            key_dir: None,
            audit_witness_socket: None,
        }
    }
}

/// The values `logging.level` accepts.
pub const LOG_LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

/// Log files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingConfig {
    /// `error`, `warn`, `info`, `debug` or `trace`.
    #[schemars(extend("enum" = LOG_LEVELS))]
    pub level: String,
    /// How many daily log files to keep.
    pub keep_files: usize,
}

impl Default for LoggingConfig {
    fn default() -> Self {
        Self { level: "info".into(), keep_files: 14 }
    }
}

/// What a capture bundle carries beyond what the licence card needs (data minimisation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct BundleConfig {
    /// Put the pen's timing and pressure (dynamic biometric data) in the bundle. Off by default:
    /// the card needs only the signature image.
    pub include_pen_data: bool,
}

/// How long personal data is kept before the app deletes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    /// Audit entries are deleted this many days after they were written (the register: one year).
    #[schemars(range(min = 1))]
    pub audit_days: u32,
    /// Rejected, dead and discarded captures are shredded this many days after the supervisor's
    /// decision.
    #[schemars(range(min = 1))]
    pub review_days: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self { audit_days: 365, review_days: 30 }
    }
}

/// The cap on what waits in the outbox: captures that have not reached the gateway (queued or
/// being sent). Over the cap the header turns red for everyone and supervisors see why; with
/// `block_new_when_over` no new case opens until the queue is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OutboxConfig {
    /// Over the cap when more than this many captures are unsent.
    #[schemars(range(min = 1))]
    pub max_unsent: u32,
    /// Over the cap when the oldest unsent capture has waited longer than this many hours.
    #[schemars(range(min = 1))]
    pub max_unsent_hours: u32,
    /// Refuse to open new cases while over the cap (`outbox_over_cap`); a case already open can
    /// still be sent. Off by default: the cap only warns.
    pub block_new_when_over: bool,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self { max_unsent: 200, max_unsent_hours: 24, block_new_when_over: false }
    }
}

/// Which captures accepted despite failing checks wait for a supervisor before they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum ReviewOverrides {
    /// Every capture whose photo or signature a clerk accepted with an override reason.
    #[default]
    All,
    /// None: overridden captures are sent like any other (the reason travels in the bundle).
    None,
}

/// What goes to a supervisor's review besides rejected, blocked and dead captures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// `all` (default): an overridden photo or signature waits for a supervisor; `none`: it is sent.
    pub overrides: ReviewOverrides,
    /// A capture whose upload the gateway's certificate check has refused for longer than this
    /// many hours goes to review.
    #[schemars(range(min = 1))]
    pub stuck_hours: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self { overrides: ReviewOverrides::All, stuck_hours: 24 }
    }
}

/// The app's windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// Opens a second window for the citizen ("Skranke – borger", on the second monitor when there
    /// is one, else beside the main window): the live preview with the oval and plain Danish
    /// guidance, the taken photo, the signature as it is drawn, and a welcome between citizens. It
    /// never shows the CPR number, name, address or any other person data. Off by default.
    pub citizen_display: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, crate::ConfigError> {
        Config::from_toml_str(text)
    }

    #[test]
    fn citizen_display_is_off_unless_asked_for() {
        assert!(!parse("").expect("empty is valid").ui.citizen_display);
        assert!(parse("[ui]\ncitizen_display = true\n").expect("valid").ui.citizen_display);
        assert!(parse("[ui]\ncitizen = true\n").is_err(), "unknown keys are rejected");
    }

    #[test]
    fn outbox_and_review_default_when_absent() {
        let c = parse("").expect("empty is valid");
        assert_eq!(c.outbox, OutboxConfig { max_unsent: 200, max_unsent_hours: 24, block_new_when_over: false });
        assert_eq!(c.review, ReviewConfig { overrides: ReviewOverrides::All, stuck_hours: 24 });
    }

    #[test]
    fn outbox_and_review_keys_parse() {
        let c = parse(
            "[outbox]\nmax_unsent = 2\nmax_unsent_hours = 3\nblock_new_when_over = true\n\
             [review]\noverrides = \"none\"\nstuck_hours = 6\n",
        )
        .expect("valid");
        assert_eq!(c.outbox, OutboxConfig { max_unsent: 2, max_unsent_hours: 3, block_new_when_over: true });
        assert_eq!(c.review, ReviewConfig { overrides: ReviewOverrides::None, stuck_hours: 6 });
        // A section may set only some keys; the rest keep their defaults.
        let some = parse("[outbox]\nblock_new_when_over = true\n").expect("valid");
        assert_eq!((some.outbox.max_unsent, some.outbox.max_unsent_hours), (200, 24));
    }

    #[test]
    fn zero_limits_are_refused_with_their_key() {
        for (text, key) in [
            ("[outbox]\nmax_unsent = 0\n", "outbox.max_unsent"),
            ("[outbox]\nmax_unsent_hours = 0\n", "outbox.max_unsent_hours"),
            ("[review]\nstuck_hours = 0\n", "review.stuck_hours"),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.key(), Some(key), "{text}");
            assert!(e.to_string().contains("must be at least 1"), "{e}");
        }
    }

    #[test]
    fn the_scanned_signature_thresholds_are_read_from_signature_scan() {
        let c = parse("[signature.scan]\nmin_width_mm = 15\n").expect("valid");
        assert_eq!(c.signature.scan.min_width_mm, 15.0);
        let defaults = skranke_core::ScanSignatureThresholds::default();
        assert_eq!(c.signature.scan.min_height_mm, defaults.min_height_mm, "the other keys keep their defaults");
        assert_eq!(parse("").expect("empty is valid").signature.scan, defaults);

        let e = parse("[signature]\npad = \"auto\"\n[signature.scan]\nmin_widht_mm = 15\n").expect_err("typo");
        assert_eq!((e.key(), e.line()), (Some("signature.scan.min_widht_mm"), Some(4)));
        assert_eq!(e.code(), skranke_core::Code::ConfigInvalid);
        for (text, key) in [
            ("[signature.scan]\nmin_width_mm = -1\n", "signature.scan.min_width_mm"),
            ("[signature.scan]\nink_contrast = 1.5\n", "signature.scan.ink_contrast"),
            ("[signature.scan]\nedge_margin_mm = inf\n", "signature.scan.edge_margin_mm"),
            ("[signature.scan]\nstray_max_width_mm = nan\n", "signature.scan.stray_max_width_mm"),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.key(), Some(key), "{text}");
            assert_eq!(e.code(), skranke_core::Code::ConfigInvalid);
            assert!(e.to_string().contains(key) && e.to_string().contains("must be"), "{e}");
        }
    }

    #[test]
    fn unknown_keys_and_values_are_refused() {
        let e = parse("[outbox]\nmax_unsend = 5\n").expect_err("typo");
        assert_eq!((e.key(), e.line()), (Some("outbox.max_unsend"), Some(2)));
        let e = parse("[review]\nstuck_hours = 5\noverides = \"all\"\n").expect_err("typo");
        assert_eq!((e.key(), e.line()), (Some("review.overides"), Some(3)));
        let e = parse("[review]\noverrides = \"some\"\n").expect_err("unknown value");
        assert_eq!(e.key(), Some("review.overrides"));
        let e = parse("[outbox]\nmax_unsent = -1\n").expect_err("negative");
        assert_eq!(e.key(), Some("outbox.max_unsent"));
        let e = parse("[outbox]\nblock_new_when_over = \"yes\"\n").expect_err("not a bool");
        assert_eq!(e.key(), Some("outbox.block_new_when_over"));
    }
}
