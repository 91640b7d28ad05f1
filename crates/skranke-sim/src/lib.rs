//! Simulators of the national services Skranke talks to (the capture gateway and the CPR service),
//! for development, tests and demo mode. They bind loopback only.
//!
//! Today this crate has the frame every simulator plugs into: [`Simulators::start`] and the
//! plain-HTTP admin endpoint (`GET /_sim/health`) that tests and `skranke sim` use to see what is
//! running. The CPR simulator (issue 3) and the gateway simulator (issue 6) are not built yet.
#![deny(missing_docs)]

mod admin;

pub use admin::AdminServer;

use std::net::SocketAddr;

/// Errors starting the simulators.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// A loopback port could not be bound.
    #[error("cannot bind a loopback port: {0}")]
    Bind(#[from] std::io::Error),
}

/// Options for [`Simulators::start`].
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// Admin port; 0 picks a free one.
    pub admin_port: u16,
}

/// The running simulators.
#[derive(Debug)]
pub struct Simulators {
    admin: AdminServer,
}

impl Simulators {
    /// Starts every simulator that exists on 127.0.0.1 and returns once they accept connections.
    pub async fn start(opts: SimOptions) -> Result<Self, SimError> {
        let admin = AdminServer::start(SocketAddr::from(([127, 0, 0, 1], opts.admin_port)), running_simulators()).await?;
        Ok(Self { admin })
    }

    /// The admin endpoint's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn admin_url(&self) -> String {
        format!("http://{}", self.admin.addr())
    }

    /// The one JSON line `skranke sim` prints when ready: the address of every simulator.
    pub fn ready_json(&self) -> serde_json::Value {
        serde_json::json!({ "admin": self.admin_url(), "simulators": running_simulators() })
    }

    /// Stops every simulator.
    pub fn shutdown(self) {
        self.admin.shutdown();
    }
}

/// Names and addresses of the service simulators running (none are built yet).
fn running_simulators() -> serde_json::Value {
    serde_json::json!({})
}
