//! The sender part: a finished case becomes a capture bundle in the encrypted outbox the moment
//! the clerk presses Send, and the sender delivers it to the gateway exactly once. It owns the
//! outbox, the gateway client, the header's view of the connection and the sender's locks.
//!
//! - [`store`](self): Send and `queue add` write to the outbox first (durable before anything).
//! - `pass`: one pass of the sender (lease, re-lookup, upload, producer status).
//! - `queue`: counts, lists, retry, drain.
//! - [`case_bundle`]: the bundle of an open case (photo, signature, reports, CPR snapshot, flags).
//! - [`outbox_open`]: the outbox in the data directory with the configured master-key store.
//! - [`outcome`]: what one upload or producer-status answer means for the outbox row.
//! - [`connection`]: the header's view of the gateway (online, offline, certificate problem).
//! - [`views`]: what the UI and `skranke queue` show of the outbox.
//! - `cap`: the cap on what waits (`[outbox]`): the header's `over_cap`, the refusal of new cases.
//! - `bundle_files`: `skranke bundle make`, a bundle from files through the same rules.
mod bundle_files;
mod cap;
pub mod case_bundle;
pub mod connection;
mod json;
pub mod outbox_open;
pub mod outcome;
mod pass;
mod queue;
mod store;
pub mod views;

pub(crate) use bundle_files::bundle_from_files;
pub use bundle_files::{BundleFiles, MadeBundle};
pub use json::{Connection, OverCap, OverCapReason, SendPassReport, SendView, Status};
pub use views::QueueItemView;

use crate::guarded::Guarded;
use crate::services::Gateway;
use crate::skranke::Context;
use crate::{ApiError, Code};
use connection::ConnectionTracker;
use skranke_store::Outbox;

/// The outbox, the gateway and the state of sending on this PC.
pub struct Sender {
    outbox: Guarded<Option<Outbox>>,
    gateway: Result<Gateway, ApiError>,
    connection: ConnectionTracker,
    /// One pass at a time in this process.
    send_lock: tokio::sync::Mutex<()>,
    /// Wakes the background sender: a capture was stored, or "Prøv igen nu".
    wakeup: tokio::sync::Notify,
    /// The data directory's sender lock file, held once claimed: one sender per PC.
    sender_lock: Guarded<Option<std::fs::File>>,
}

impl Sender {
    /// A sender for `gateway` (or the reason there is none); the outbox opens on first use.
    pub(crate) fn new(gateway: Result<Gateway, ApiError>) -> Self {
        Self {
            outbox: Guarded::default(),
            gateway,
            connection: ConnectionTracker::default(),
            send_lock: tokio::sync::Mutex::new(()),
            wakeup: tokio::sync::Notify::new(),
            sender_lock: Guarded::default(),
        }
    }

    /// Wakes the background sender now (a capture was stored or released for sending).
    pub(crate) fn wake(&self) {
        self.wakeup.notify_one();
    }

    /// A sender before the services are connected: it stores, but cannot deliver.
    pub(crate) fn not_connected() -> Self {
        Self::new(Err(ApiError::new(Code::GatewayNotConfigured, "the national services are not connected")))
    }

    /// Header status: the gateway connection as the sender last saw it, the outbox counts, the
    /// client certificate's expiry (a warning inside the configured period), and whether the
    /// outbox is over its cap.
    pub(crate) fn status(&self, ctx: &Context) -> Status {
        let (connection, mut problem) = self.connection.current();
        let counts = self.queue_status(ctx).unwrap_or_else(|e| {
            problem = problem.or(Some(e.code));
            Default::default()
        });
        if let Err(e) = &self.gateway {
            problem = problem.or(Some(e.code));
        }
        let days =
            self.gateway.as_ref().ok().and_then(|g| g.certificate_expires).map(|t| (t - ctx.clock.now()).num_days());
        if let (None, Some(d), Ok(g)) = (problem, days, &self.gateway)
            && d < i64::from(g.warning_days)
        {
            problem = Some(Code::CertificateExpiresSoon);
        }
        Status {
            connection,
            queued: counts.queued + counts.sending,
            oldest_queued_age_s: counts.oldest_queued_age_s,
            certificate_expires_in_days: days,
            problem,
            rejected: counts.rejected,
            dead: counts.dead,
            over_cap: cap::over_cap(&counts, &ctx.config.outbox),
        }
    }
}
