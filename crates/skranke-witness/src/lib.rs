//! The audit witness (issue 15): a service that runs under its own OS account and keeps, for every
//! audit entry Skranke writes, the entry's position and MAC in a ledger chained with a key of its
//! own. The clerk's account can neither read that key nor write the ledger, so an entry rewritten
//! afterwards, even by someone holding the app's master key and recomputing the app's chain, no
//! longer matches what the witness recorded, and a cut-off tail is still named. The ledger holds
//! no personal data: positions, MACs and times only.
//!
//! The app talks to the witness over a local socket, on Windows a named pipe
//! ([`client::WitnessClient`]); the service is the `skranke-audit-witness` binary ([`server`],
//! [`ledger`], on Windows `pipe` and `service`).

pub mod client;
pub mod error;
pub mod ledger;
#[cfg(windows)]
pub mod pipe;
pub mod protocol;
pub mod server;
#[cfg(windows)]
pub mod service;

pub use client::WitnessClient;
pub use error::WitnessError;
pub use ledger::Ledger;
pub use protocol::{Submitted, Witnessed};

/// Where the packaged service listens (Linux: its systemd unit's runtime directory; Windows: the
/// service's named pipe).
#[cfg(not(windows))]
pub const DEFAULT_SOCKET: &str = "/run/skranke-audit-witness/socket";
/// Where the packaged service listens (Linux: its systemd unit's runtime directory; Windows: the
/// service's named pipe).
#[cfg(windows)]
pub const DEFAULT_SOCKET: &str = pipe::DEFAULT_PIPE;

/// Where the packaged service keeps its key and ledger (Linux: its systemd unit's state
/// directory; Windows: `%ProgramData%\Skranke\witness`).
pub fn default_state_dir() -> std::path::PathBuf {
    #[cfg(windows)]
    return service::default_state_dir();
    #[cfg(not(windows))]
    std::path::PathBuf::from("/var/lib/skranke-audit-witness")
}
