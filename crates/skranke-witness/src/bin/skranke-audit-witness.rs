//! `skranke-audit-witness`: the audit witness service. Run it under its own account (the Linux
//! package's systemd unit: user `skranke-witness`; Windows: the service `SkrankeAuditWitness`
//! under `NT SERVICE\SkrankeAuditWitness`), never the clerk's.
//!
//! ```text
//! skranke-audit-witness [--state-dir DIR] [--socket PATH]    run it in the foreground
//! skranke-audit-witness status [--socket PATH]               ask a running one for its head
//! skranke-audit-witness install | uninstall                  Windows, elevated: the service
//! skranke-audit-witness service [--state-dir DIR] [--socket PIPE]
//!                                                            Windows: what the service runs
//! ```
//! `status` prints the newest recorded entry as JSON (`{"head":null}` before the first) and
//! exits 0, or names the problem and exits 1; any account may run it. `--socket` is the named
//! pipe on Windows (default `\\.\pipe\skranke-audit-witness`).
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// What the command line asks for.
#[derive(PartialEq)]
enum Command {
    Run,
    Status,
    Install,
    Uninstall,
    Service,
}

fn main() -> ExitCode {
    let mut state = skranke_witness::default_state_dir();
    let mut socket = PathBuf::from(skranke_witness::DEFAULT_SOCKET);
    let mut command = Command::Run;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("status") => command = Command::Status,
            Some("install") => command = Command::Install,
            Some("uninstall") => command = Command::Uninstall,
            Some("service") => command = Command::Service,
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
    init_logging(command == Command::Service, &state);
    match command {
        Command::Status => status(&socket),
        Command::Run => run(&state, &socket),
        Command::Install | Command::Uninstall | Command::Service => windows_only(command, state, socket),
    }
}

/// Logs to stderr, or for the Windows service (which has none) to `witness.log` in its folder.
fn init_logging(service: bool, state: &std::path::Path) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let file = service
        .then(|| std::fs::OpenOptions::new().create(true).append(true).open(state.join("witness.log")).ok())
        .flatten();
    match file {
        Some(f) => tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Mutex::new(f)).init(),
        None => tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init(),
    }
}

fn status(socket: &std::path::Path) -> ExitCode {
    match skranke_witness::WitnessClient::new(socket).head() {
        Ok(head) => {
            println!("{}", serde_json::json!({ "head": head }));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skranke-audit-witness: {e} ({})", e.code());
            ExitCode::FAILURE
        }
    }
}

fn run(state: &std::path::Path, socket: &std::path::Path) -> ExitCode {
    let ledger = match skranke_witness::Ledger::open(state) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("skranke-audit-witness: {e}");
            return ExitCode::FAILURE;
        }
    };
    match skranke_witness::server::run(socket, Arc::new(Mutex::new(ledger))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("skranke-audit-witness: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(windows)]
fn windows_only(command: Command, state: PathBuf, socket: PathBuf) -> ExitCode {
    use skranke_witness::service;
    let result = match command {
        Command::Install => std::env::current_exe()
            .map_err(|e| format!("cannot find this program's path: {e}"))
            .and_then(|exe| service::install(&exe, &state)),
        Command::Uninstall => service::uninstall(),
        _ => service::run_as_service(state, socket.to_string_lossy().into_owned()).map_err(|e| e.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("skranke-audit-witness: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(windows))]
fn windows_only(_command: Command, _state: PathBuf, _socket: PathBuf) -> ExitCode {
    eprintln!(
        "skranke-audit-witness: install, uninstall and service are for Windows; on Linux the package's systemd unit runs the witness"
    );
    ExitCode::from(2)
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: skranke-audit-witness [status | install | uninstall | service] [--state-dir DIR] [--socket PATH]"
    );
    ExitCode::from(2)
}
