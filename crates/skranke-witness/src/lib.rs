//! The audit witness (issue 15): a service that runs under its own OS account and keeps, for every
//! audit entry Skranke writes, the entry's position and MAC in a ledger chained with a key of its
//! own. The clerk's account can neither read that key nor write the ledger, so an entry rewritten
//! afterwards, even by someone holding the app's master key and recomputing the app's chain, no
//! longer matches what the witness recorded, and a cut-off tail is still named. The ledger holds
//! no personal data: positions, MACs and times only.
//!
//! The app talks to the witness over a local socket ([`client::WitnessClient`]); the service is
//! the `skranke-audit-witness` binary ([`server`], [`ledger`]).

pub mod client;
pub mod error;
pub mod ledger;
pub mod protocol;
pub mod server;

pub use client::WitnessClient;
pub use error::WitnessError;
pub use ledger::Ledger;
pub use protocol::{Submitted, Witnessed};

/// Where the packaged service listens (its systemd unit's runtime directory).
pub const DEFAULT_SOCKET: &str = "/run/skranke-audit-witness/socket";
/// Where the packaged service keeps its key and ledger (its systemd unit's state directory).
pub const DEFAULT_STATE_DIR: &str = "/var/lib/skranke-audit-witness";
