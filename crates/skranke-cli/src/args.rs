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
    /// What to do; none opens the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Configuration file tools.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Check this PC: configuration, data directory, cameras, services.
    Diagnose,
    /// Start the simulators of the national services on loopback; prints one JSON line with their
    /// addresses when ready and runs until interrupted.
    Sim(SimArgs),
    /// CPR number tools.
    #[command(subcommand)]
    Cpr(CprCommand),
    /// Signature tools (stroke files, docs/signature.md).
    #[command(subcommand)]
    Signature(SignatureCommand),
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
}

/// `skranke config ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Validate a configuration file (default: the one Skranke would use).
    Check(ConfigCheckArgs),
}

/// Arguments of `skranke config check`.
#[derive(Debug, Clone, Args)]
pub struct ConfigCheckArgs {
    /// The file to check.
    pub file: Option<PathBuf>,
}
