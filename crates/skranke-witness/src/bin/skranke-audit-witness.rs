//! `skranke-audit-witness`: the audit witness service. Run it under its own account (the
//! package's systemd unit does: user `skranke-witness`), never the clerk's.
//!
//! ```text
//! skranke-audit-witness [--state-dir DIR] [--socket PATH]    run the service
//! skranke-audit-witness status [--socket PATH]               ask a running one for its head
//! ```
//! `status` prints the newest recorded entry as JSON (`{"head":null}` before the first) and
//! exits 0, or names the problem and exits 1; any account may run it.
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let mut state = PathBuf::from(skranke_witness::DEFAULT_STATE_DIR);
    let mut socket = PathBuf::from(skranke_witness::DEFAULT_SOCKET);
    let mut status = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("status") => status = true,
            Some("--state-dir") => match args.next() {
                Some(v) => state = v.into(),
                None => return usage(),
            },
            Some("--socket") => match args.next() {
                Some(v) => socket = v.into(),
                None => return usage(),
            },
            Some("--version") => {
                println!("skranke-audit-witness {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            _ => return usage(),
        }
    }
    if status {
        return match skranke_witness::WitnessClient::new(&socket).head() {
            Ok(head) => {
                println!("{}", serde_json::json!({ "head": head }));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("skranke-audit-witness: {e} ({})", e.code());
                ExitCode::FAILURE
            }
        };
    }
    let ledger = match skranke_witness::Ledger::open(&state) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("skranke-audit-witness: {e}");
            return ExitCode::FAILURE;
        }
    };
    match skranke_witness::server::run(&socket, Arc::new(Mutex::new(ledger))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("skranke-audit-witness: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: skranke-audit-witness [status] [--state-dir DIR] [--socket PATH]");
    ExitCode::from(2)
}
