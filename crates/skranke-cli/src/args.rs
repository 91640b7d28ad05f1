//! The command-line grammar.
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Skranke: the capture client for Borgerservice counters. With no subcommand it opens the app.
#[derive(Debug, Clone, Parser)]
#[command(name = "skranke", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: the machine-wide file, else built-in demo settings).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print machine-readable JSON, one object per line.
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of the check texts in text output: da (default) or en. `--json` is unaffected.
    #[arg(long, global = true, value_name = "da|en", default_value = "da", value_parser = parse_lang)]
    pub lang: skranke_api::i18n::Lang,
    /// What to do; none opens the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `da` or `en` for `--lang`.
fn parse_lang(s: &str) -> Result<skranke_api::i18n::Lang, String> {
    skranke_api::i18n::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (da or en)"))
}

/// Headless subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Configuration file tools.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Check this PC: configuration, data directory and disk, key store, cameras and pads, then the
    /// certificates, the CPR service and the gateway over TLS, the clock, sign-in and the outbox.
    Diagnose,
    /// Write a zip for support: the diagnosis, the versions, the configuration with secrets and
    /// paths to keys redacted, and the newest logs; never the database, keys or captures.
    SupportBundle {
        /// The zip file to write.
        file: std::path::PathBuf,
    },
    /// Start the simulators of the national services on loopback; prints one JSON line with their
    /// addresses when ready and runs until interrupted.
    Sim(SimArgs),
    /// CPR number tools.
    #[command(subcommand)]
    Cpr(CprCommand),
    /// Signature tools (stroke files, docs/signature.md).
    #[command(subcommand)]
    Signature(SignatureCommand),
    /// Photo tools: the still check of the photo step on image files.
    #[command(subcommand)]
    Photo(PhotoCommand),
    /// Scanned paper stamkort: find the card, its photo and signature on each page, and check them.
    #[command(subcommand)]
    Scan(ScanCommand),
    /// Capture bundles (docs/bundle-format.md).
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// The outbox: captures waiting for, or sent to, the gateway.
    #[command(subcommand)]
    Queue(QueueCommand),
    /// The audit trail: the register's monthly statistics and a citizen's access request.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Retention: delete what is past its retention period (the app does it daily).
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// The master key that protects the outbox and the audit trail.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Supervisor review of rejected, blocked, dead, stuck and overridden captures (IT group).
    #[command(subcommand)]
    Review(ReviewCommand),
}

/// `skranke review ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ReviewCommand {
    /// The captures waiting for review, oldest first, with counts by cause.
    List,
    /// One capture in detail: its checks, the clerk's reasons, the reasons it came back, its history.
    Show {
        /// The capture id.
        id: String,
    },
    /// Decide on a capture, with a written reason (audited).
    #[command(group = clap::ArgGroup::new("decision").required(true).multiple(false))]
    Decide {
        /// The capture id.
        id: String,
        /// Send it as it is (overrides only).
        #[arg(long, group = "decision")]
        approve: bool,
        /// Return it to the counter: a returned case for the clerks.
        #[arg(long = "return", group = "decision")]
        return_: bool,
        /// Discard it: shredded at once.
        #[arg(long, group = "decision")]
        discard: bool,
        /// Why (1 to 500 characters).
        #[arg(long)]
        reason: String,
    },
}

/// `skranke keys ...`
#[derive(Debug, Clone, Subcommand)]
pub enum KeysCommand {
    /// Re-wrap every stored capture's key and the audit trail's key under a new master key.
    /// Close Skranke on this PC first.
    Rotate,
}

/// `skranke audit ...`
#[derive(Debug, Clone, Subcommand)]
pub enum AuditCommand {
    /// Check the audit trail: every entry's MAC and link, and the signed checkpoints (a cut-off
    /// tail). Exit 1 naming the first altered, missing or cut-off entry.
    Verify,
    /// Write a signed checkpoint of the chain's head now (the app does it daily and on close).
    Checkpoint,
    /// The register's statistics for one month: entries per user and action (local month).
    Stats {
        /// The month, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: String,
        /// Print CSV (month,user_id,action,count) instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// A citizen's access request: the lookups and captures of one person.
    Person {
        /// The person's CPR number, with or without hyphen.
        cpr: String,
        /// Name the user who did each thing (IT only).
        #[arg(long)]
        with_users: bool,
    },
}

/// `YYYY-MM` for `--month`.
fn parse_month(s: &str) -> Result<String, String> {
    s.parse::<skranke_api::records::Month>().map(|m| m.to_string()).map_err(|e| e.to_string())
}

/// `skranke retention ...`
#[derive(Debug, Clone, Subcommand)]
pub enum RetentionCommand {
    /// Delete audit entries, captures and log files past their retention period, once.
    Run {
        /// Only count what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `skranke photo ...`
#[derive(Debug, Clone, Subcommand)]
pub enum PhotoCommand {
    /// Run the photo checks on image files; exit 0 when all pass, 1 when any fails.
    Check {
        /// One or more image files (JPEG or PNG).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the 35:45 crops here as JPEG (one per file with a face).
        #[arg(long, value_name = "OUT_DIR")]
        crop: Option<PathBuf>,
    },
}

/// `skranke scan ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ScanCommand {
    /// Analyse scanner files (JPEG, PNG, TIFF, PDF): one result per page; exit 0 when every card
    /// passes, 1 otherwise. Nothing is queued or moved.
    Import {
        /// One or more scanner files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write each page's photo (JPEG) and signature field (PNG) as cut here.
        #[arg(long, value_name = "OUT_DIR")]
        crops: Option<PathBuf>,
    },
}

/// `skranke bundle ...`
#[derive(Debug, Clone, Subcommand)]
pub enum BundleCommand {
    /// Build a capture bundle from files, running the photo and signature checks.
    Make(BundleMakeArgs),
}

/// Arguments of `skranke bundle make`.
#[derive(Debug, Clone, Args)]
pub struct BundleMakeArgs {
    /// The applicant's CPR number (looked up in the configured CPR service).
    #[arg(long)]
    pub cpr: String,
    /// The case reference.
    #[arg(long = "case", value_name = "REF")]
    pub case_ref: String,
    /// The portrait (JPEG or PNG); it is checked and cropped to 35:45. With `--source scan`: the
    /// photo cut from the scanned card, upright (as `scan import --crops` writes it).
    #[arg(long, value_name = "FILE")]
    pub photo: PathBuf,
    /// The stroke file of the signature. With `--source scan`: the signature field cut from the
    /// scanned card (PNG or JPEG, as `scan import --crops` writes it).
    #[arg(long, value_name = "FILE")]
    pub signature: PathBuf,
    /// Where to write the bundle.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Why a part that fails its checks is used anyway (required when one fails).
    #[arg(long, value_name = "TEXT")]
    pub override_reason: Option<String>,
    /// Where the capture came from: `counter` or `scan` (a scanned paper stamkort).
    #[arg(long, default_value = "counter", value_parser = ["counter", "scan"])]
    pub source: String,
    /// The scan's resolution in dots per inch, 50 to 2400: required with `--source scan`,
    /// refused with `--source counter`.
    #[arg(long, value_name = "N")]
    pub dpi: Option<u32>,
    /// Build the bundle marked "CPR ikke verificeret" when the CPR service cannot be reached.
    #[arg(long)]
    pub allow_unverified: bool,
}

/// `skranke queue ...`
#[derive(Debug, Clone, Subcommand)]
pub enum QueueCommand {
    /// Store a bundle file in the outbox; prints its capture id.
    Add {
        /// The bundle file.
        path: PathBuf,
    },
    /// Counts per state and the age of the oldest queued capture.
    Status,
    /// The newest captures with their state.
    List {
        /// Only this state (repeatable): queued, sending, awaiting_producer, accepted, rejected, dead.
        #[arg(long, value_name = "STATE")]
        state: Vec<String>,
        /// At most this many, 1 to 10000.
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Make a queued capture due now, or put a dead one back in the queue.
    Retry {
        /// The capture id.
        id: String,
    },
    /// Send until nothing is queued; exit 0 when empty, 1 when captures remain.
    Drain {
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
}

/// `skranke signature ...`
#[derive(Debug, Clone, Subcommand)]
pub enum SignatureCommand {
    /// Run the signature checks on stroke files; exit 0 when all pass, 1 when any fails.
    Check {
        /// One or more stroke files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Render a stroke file as the greyscale PNG that goes in the bundle.
    Render {
        /// The stroke file.
        file: PathBuf,
        /// Where to write the PNG.
        #[arg(long, value_name = "PNG")]
        out: PathBuf,
    },
}

/// `skranke cpr ...`
#[derive(Debug, Clone, Subcommand)]
pub enum CprCommand {
    /// Validate CPR numbers locally (date, century, issued range; modulus 11 as a notice).
    Validate {
        /// One or more numbers, with or without hyphen.
        #[arg(required = true)]
        numbers: Vec<String>,
    },
    /// Look a number up in the configured CPR service (demo: the embedded simulator).
    Lookup {
        /// The number, with or without hyphen.
        number: String,
    },
}

/// Arguments of `skranke sim`.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Write the simulators' CA and client certificate (ca.pem, client.pem, client.key) here.
    #[arg(long, value_name = "DIR")]
    pub pki_dir: Option<PathBuf>,
    /// Write a production-mode configuration pointing at the running simulators (certificates go
    /// to --pki-dir, default a `pki` directory beside the file).
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
    /// The identity provider the written configuration signs clerks in with (default: the test
    /// provider of tools/oidc-test-provider on its default port).
    #[arg(long, value_name = "URL", default_value = "https://127.0.0.1:7443")]
    pub idp_issuer: String,
    /// The CA certificate (PEM) of that provider, when not a public one.
    #[arg(long, value_name = "FILE")]
    pub idp_ca: Option<PathBuf>,
    /// CPR service port (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub cpr_port: u16,
    /// Capture gateway port (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub gateway_port: u16,
    /// Admin endpoint port (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub admin_port: u16,
}

/// `skranke config ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Validate a configuration file (default: the one Skranke would use); warns about valid but
    /// risky settings without failing.
    Check(ConfigCheckArgs),
    /// Print the configuration file's JSON Schema (every key, its type, default and meaning).
    Schema,
}

/// Arguments of `skranke config check`.
#[derive(Debug, Clone, Args)]
pub struct ConfigCheckArgs {
    /// The file to check.
    pub file: Option<PathBuf>,
}
