//! The requests and answers between the app and the witness: one JSON line each way per
//! connection. Positions and MACs only, never an entry's contents.
use crate::WitnessError;
use serde::{Deserialize, Serialize};

/// An audit entry as the app submits it: enough for the witness to check that it extends the
/// chain it has seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    /// The entry's position in the app's chain.
    pub seq: i64,
    /// The MAC of the entry before it (the app's chain link).
    pub prev_mac: String,
    /// The entry's own MAC.
    pub mac: String,
}

/// An entry as the witness recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Witnessed {
    /// The entry's position.
    pub seq: i64,
    /// The MAC the witness saw for it.
    pub mac: String,
    /// When the witness recorded it (RFC 3339, the witness's clock).
    pub at: String,
}

/// What the app asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "snake_case")]
pub enum Request {
    /// The newest recorded entry.
    Head,
    /// Record these entries, in order, each extending the last one recorded.
    Submit {
        /// The entries, oldest first.
        entries: Vec<Submitted>,
    },
    /// The recorded entries from position `from` on (after the witness checked its own ledger).
    Entries {
        /// The first position wanted.
        from: i64,
    },
}

/// What the witness answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    /// The newest recorded entry after the request (none before the first submission).
    Head {
        /// The head.
        head: Option<Witnessed>,
    },
    /// The recorded entries asked for.
    Entries {
        /// Oldest first.
        entries: Vec<Witnessed>,
    },
    /// The request failed.
    Error {
        /// Why.
        error: WitnessError,
    },
}

/// The longest line either side reads (a submission of 1000 entries is about 200 kB).
pub const MAX_LINE: usize = 4 << 20;

/// Reads one line of at most [`MAX_LINE`] bytes and decodes it.
pub(crate) fn read_line<T: serde::de::DeserializeOwned>(r: &mut impl std::io::BufRead) -> Result<T, WitnessError> {
    let mut buf = Vec::new();
    let mut limited = std::io::Read::take(r, MAX_LINE as u64);
    // A read that fails (timed out, connection gone) means the other side is not answering: the
    // client names its socket (client.rs).
    std::io::BufRead::read_until(&mut limited, b'\n', &mut buf)
        .map_err(|e| WitnessError::Unreachable { socket: String::new(), detail: format!("no answer: {e}") })?;
    if buf.last() != Some(&b'\n') {
        return Err(WitnessError::protocol("the line ended early or is too long"));
    }
    serde_json::from_slice(&buf).map_err(|e| WitnessError::protocol(format!("not a valid message: {e}")))
}

/// Encodes `msg` as one line and writes it.
pub(crate) fn write_line<T: Serialize>(w: &mut impl std::io::Write, msg: &T) -> Result<(), WitnessError> {
    let mut line = serde_json::to_vec(msg).map_err(|e| WitnessError::protocol(e.to_string()))?;
    line.push(b'\n');
    w.write_all(&line).and_then(|()| w.flush()).map_err(|e| WitnessError::protocol(format!("writing: {e}")))
}
