//! The witness's side of the socket: answers one request per connection from its [`Ledger`].
//! Any local account may connect (the socket is world-writable, the folders around the key and
//! the ledger are the witness's alone): a submission can only extend the recorded chain, so the
//! worst a stranger can do is record junk ahead of the app, which the app's next entry then
//! conflicts with and `audit verify` reports.
use crate::protocol::{Answer, Request};
use crate::{Ledger, WitnessError};
use chrono::{SecondsFormat, Utc};
use std::sync::{Arc, Mutex, PoisonError};

/// How long a connection may take to send its request.
#[cfg(unix)]
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Answers one request.
pub fn answer(ledger: &Mutex<Ledger>, request: Request) -> Answer {
    let mut ledger = ledger.lock().unwrap_or_else(PoisonError::into_inner);
    let result = match request {
        Request::Head => ledger.head().map(|head| Answer::Head { head }),
        Request::Submit { entries } => {
            let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
            let result = ledger.submit(&entries, &now);
            if let Err(e) = &result {
                tracing::warn!(code = e.code(), error = %e, "submission refused");
            }
            result.map(|head| Answer::Head { head })
        }
        Request::Entries { from } => ledger.entries(from).map(|entries| Answer::Entries { entries }),
    };
    result.unwrap_or_else(|error| Answer::Error { error })
}

/// Reads one request from a connection (socket or pipe), answers it and writes the answer; a
/// request that does not follow the protocol gets an error answer.
#[cfg(any(unix, windows))]
pub(crate) fn answer_connection<C>(conn: &C, ledger: &Mutex<Ledger>)
where
    for<'a> &'a C: std::io::Read + std::io::Write,
{
    use crate::protocol::{read_line, write_line};
    let answer = match read_line::<Request>(&mut std::io::BufReader::new(conn)) {
        Ok(request) => answer(ledger, request),
        Err(error) => Answer::Error { error },
    };
    let mut writer = conn;
    if let Err(e) = write_line(&mut writer, &answer) {
        tracing::debug!(error = %e, "the app left before the answer");
    }
}

/// Binds the socket at `path` (replacing a stale one left by a stopped witness) so that every
/// local account can connect.
#[cfg(unix)]
pub fn bind(path: &std::path::Path) -> Result<std::os::unix::net::UnixListener, WitnessError> {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| WitnessError::storage(&e))?;
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket()) {
        std::fs::remove_file(path).map_err(|e| WitnessError::storage(&e))?;
    }
    let listener = std::os::unix::net::UnixListener::bind(path).map_err(|e| WitnessError::storage(&e))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666)).map_err(|e| WitnessError::storage(&e))?;
    Ok(listener)
}

/// Serves connections until the listener fails, each on its own thread (requests are short;
/// the ledger is behind one lock).
#[cfg(unix)]
pub fn serve(listener: std::os::unix::net::UnixListener, ledger: Arc<Mutex<Ledger>>) {
    for conn in listener.incoming() {
        let conn = match conn {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "accepting a connection failed");
                continue;
            }
        };
        let ledger = Arc::clone(&ledger);
        std::thread::spawn(move || {
            let _ = conn.set_read_timeout(Some(READ_TIMEOUT));
            let _ = conn.set_write_timeout(Some(READ_TIMEOUT));
            answer_connection(&conn, &ledger);
        });
    }
}

/// Opens the ledger in `state_dir`, binds `socket` and serves on a thread of this process;
/// returns a client for it. The witness's own code in one process with the app: for tests of the
/// app's side (the service runs it under its own account instead).
#[cfg(unix)]
pub fn start_on_thread(
    state_dir: &std::path::Path,
    socket: &std::path::Path,
) -> Result<crate::WitnessClient, WitnessError> {
    let ledger = Arc::new(Mutex::new(Ledger::open(state_dir)?));
    let listener = bind(socket)?;
    std::thread::spawn(move || serve(listener, ledger));
    Ok(crate::WitnessClient::new(socket))
}

/// Serves `ledger` on the named pipe `socket` until the process ends (Windows).
#[cfg(windows)]
pub fn run(socket: &std::path::Path, ledger: Arc<Mutex<Ledger>>) -> Result<(), WitnessError> {
    tracing::info!(pipe = %socket.display(), "audit witness listening");
    crate::pipe::serve(&socket.to_string_lossy(), ledger)
}

/// Not built for this platform.
#[cfg(not(any(unix, windows)))]
pub fn run(_socket: &std::path::Path, _ledger: Arc<Mutex<Ledger>>) -> Result<(), WitnessError> {
    Err(WitnessError::Unsupported)
}

/// Binds `socket` and serves `ledger` on it until the process ends.
#[cfg(unix)]
pub fn run(socket: &std::path::Path, ledger: Arc<Mutex<Ledger>>) -> Result<(), WitnessError> {
    let listener = bind(socket)?;
    tracing::info!(socket = %socket.display(), "audit witness listening");
    serve(listener, ledger);
    Ok(())
}
