//! The app's side of the socket: asks the witness for its head, submits new audit entries, and
//! fetches the recorded entries for `audit verify`. One short connection per request, with a
//! timeout, so a witness that hangs never holds up the counter.
use crate::protocol::{Answer, Request};
use crate::{Submitted, WitnessError, Witnessed};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to reach the witness.
#[derive(Debug, Clone)]
pub struct WitnessClient {
    socket: PathBuf,
    timeout: Duration,
}

impl WitnessClient {
    /// A client for the witness listening at `socket`.
    pub fn new(socket: impl Into<PathBuf>) -> Self {
        Self { socket: socket.into(), timeout: Duration::from_secs(2) }
    }

    /// The socket this client talks to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The newest entry the witness recorded (none before the first).
    pub fn head(&self) -> Result<Option<Witnessed>, WitnessError> {
        match self.ask(&Request::Head)? {
            Answer::Head { head } => Ok(head),
            other => Err(unexpected(&other)),
        }
    }

    /// Submits `entries` (oldest first); returns the witness's head afterwards.
    pub fn submit(&self, entries: Vec<Submitted>) -> Result<Option<Witnessed>, WitnessError> {
        match self.ask(&Request::Submit { entries })? {
            Answer::Head { head } => Ok(head),
            other => Err(unexpected(&other)),
        }
    }

    /// The recorded entries from position `from` on.
    pub fn entries(&self, from: i64) -> Result<Vec<Witnessed>, WitnessError> {
        match self.ask(&Request::Entries { from })? {
            Answer::Entries { entries } => Ok(entries),
            other => Err(unexpected(&other)),
        }
    }

    #[cfg(unix)]
    fn ask(&self, request: &Request) -> Result<Answer, WitnessError> {
        let unreachable = |e: std::io::Error| WitnessError::Unreachable {
            socket: self.socket.display().to_string(),
            detail: e.to_string(),
        };
        let conn = std::os::unix::net::UnixStream::connect(&self.socket).map_err(unreachable)?;
        conn.set_read_timeout(Some(self.timeout)).map_err(unreachable)?;
        conn.set_write_timeout(Some(self.timeout)).map_err(unreachable)?;
        exchange(&conn, request).map_err(|e| self.named(e))
    }

    /// An `Unreachable` from the exchange, which does not know the address, with this socket.
    fn named(&self, e: WitnessError) -> WitnessError {
        match e {
            WitnessError::Unreachable { socket, detail } if socket.is_empty() => {
                WitnessError::Unreachable { socket: self.socket.display().to_string(), detail }
            }
            e => e,
        }
    }

    /// A pipe has no read timeout: the exchange runs on a thread of its own and is given up
    /// after the timeout (the thread ends when the witness answers or the pipe breaks).
    #[cfg(windows)]
    fn ask(&self, request: &Request) -> Result<Answer, WitnessError> {
        let pipe = crate::pipe::connect(&self.socket, self.timeout)?;
        let request = request.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(exchange(&pipe, &request));
        });
        rx.recv_timeout(self.timeout).map(|r| r.map_err(|e| self.named(e))).unwrap_or_else(|_| {
            Err(WitnessError::Unreachable {
                socket: self.socket.display().to_string(),
                detail: format!("no answer within {} ms", self.timeout.as_millis()),
            })
        })
    }

    #[cfg(not(any(unix, windows)))]
    fn ask(&self, _request: &Request) -> Result<Answer, WitnessError> {
        Err(WitnessError::Unsupported)
    }
}

/// Sends one request line and reads the answer line on an open connection.
#[cfg(any(unix, windows))]
fn exchange<C>(conn: &C, request: &Request) -> Result<Answer, WitnessError>
where
    for<'a> &'a C: std::io::Read + std::io::Write,
{
    use crate::protocol::{read_line, write_line};
    let mut writer = conn;
    write_line(&mut writer, request)?;
    match read_line(&mut std::io::BufReader::new(conn))? {
        Answer::Error { error } => Err(error),
        a => Ok(a),
    }
}

fn unexpected(answer: &Answer) -> WitnessError {
    WitnessError::protocol(format!("unexpected answer {answer:?}"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

    /// A witness on a real socket in a temporary folder, served on a thread.
    fn witness(dir: &Path) -> WitnessClient {
        crate::server::start_on_thread(&dir.join("state"), &dir.join("run/socket")).unwrap()
    }

    #[test]
    fn submits_and_reads_back_over_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        let client = witness(dir.path());
        assert_eq!(client.head().unwrap(), None);
        let head = client
            .submit(vec![
                Submitted { seq: 1, prev_mac: GENESIS.into(), mac: "a".repeat(64) },
                Submitted { seq: 2, prev_mac: "a".repeat(64), mac: "b".repeat(64) },
            ])
            .unwrap();
        assert_eq!(head.map(|h| h.seq), Some(2));
        let refused = client.submit(vec![Submitted { seq: 2, prev_mac: "a".repeat(64), mac: "c".repeat(64) }]);
        assert_eq!(refused, Err(WitnessError::Conflict { seq: 2 }));
        let entries = client.entries(2).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].mac, "b".repeat(64));
    }

    #[test]
    fn a_missing_witness_is_unreachable_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let client = WitnessClient::new(dir.path().join("nobody-listens"));
        assert!(matches!(client.head(), Err(WitnessError::Unreachable { .. })));
    }

    #[test]
    fn a_witness_that_never_answers_is_unreachable_after_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("hung");
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        std::thread::spawn(move || {
            let _held: Vec<_> = listener.incoming().flatten().collect();
        });
        let mut client = WitnessClient::new(&socket);
        client.timeout = std::time::Duration::from_millis(200);
        assert!(matches!(client.head(), Err(WitnessError::Unreachable { ref socket, .. }) if socket.ends_with("hung")));
    }

    #[test]
    fn garbage_on_the_socket_gets_a_protocol_error() {
        use std::io::{BufRead, Write};
        let dir = tempfile::tempdir().unwrap();
        let client = witness(dir.path());
        let mut conn = std::os::unix::net::UnixStream::connect(client.socket()).unwrap();
        conn.write_all(b"{\"request\":\"drop_table\"}\n").unwrap();
        let mut line = String::new();
        std::io::BufReader::new(&conn).read_line(&mut line).unwrap();
        assert!(line.contains("\"code\":\"protocol\""), "{line}");
        // The witness still answers the next one.
        assert_eq!(client.head().unwrap(), None);
    }

    #[test]
    fn the_socket_is_open_to_every_local_account() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let client = witness(dir.path());
        let mode = std::fs::metadata(client.socket()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666);
    }
}
