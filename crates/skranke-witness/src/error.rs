//! What can go wrong between the app and the witness, each with a stable code that crosses the
//! socket and reaches IT's reports.
use serde::{Deserialize, Serialize};

/// An error of the witness or of talking to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WitnessError {
    /// The witness cannot be reached (not running, socket missing, no permission, timed out).
    #[error("the audit witness at {socket} cannot be reached: {detail}")]
    Unreachable {
        /// The socket tried.
        socket: String,
        /// The OS's reason.
        detail: String,
    },
    /// The witness already recorded another MAC at this position: the entry was rewritten.
    #[error("the audit witness recorded another MAC for entry {seq}")]
    Conflict {
        /// The position concerned.
        seq: i64,
    },
    /// Entries must be submitted in order from the witness's head; this one leaves a gap.
    #[error("the audit witness expects entry {expected} next, not {seq}")]
    Gap {
        /// The next position the witness accepts.
        expected: i64,
        /// The position offered.
        seq: i64,
    },
    /// The witness's own ledger failed its check (edited or damaged): it records nothing more.
    #[error("the audit witness's ledger is damaged at line {line}: {detail}")]
    LedgerBroken {
        /// The first bad line (1-based).
        line: usize,
        /// What is wrong.
        detail: String,
    },
    /// The witness cannot write its ledger or key (disk full, permissions).
    #[error("the audit witness cannot store: {detail}")]
    Storage {
        /// The OS's reason.
        detail: String,
    },
    /// A request or answer that does not follow the protocol.
    #[error("the audit witness protocol was not followed: {detail}")]
    Protocol {
        /// What was wrong.
        detail: String,
    },
    /// What answers at the witness's address is not the witness (on Windows: the pipe is owned
    /// by another account than the witness's service, SYSTEM or Administrators).
    #[error("this is not the audit witness: {detail}")]
    NotTheWitness {
        /// What was found.
        detail: String,
    },
    /// The witness is not built for this platform.
    #[error("the audit witness is not available on this platform")]
    Unsupported,
}

impl WitnessError {
    /// The stable code (`unreachable`, `conflict`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "unreachable",
            Self::Conflict { .. } => "conflict",
            Self::Gap { .. } => "gap",
            Self::LedgerBroken { .. } => "ledger_broken",
            Self::Storage { .. } => "storage",
            Self::Protocol { .. } => "protocol",
            Self::NotTheWitness { .. } => "not_the_witness",
            Self::Unsupported => "unsupported",
        }
    }

    pub(crate) fn storage(e: &std::io::Error) -> Self {
        Self::Storage { detail: e.to_string() }
    }

    pub(crate) fn protocol(detail: impl Into<String>) -> Self {
        Self::Protocol { detail: detail.into() }
    }
}
