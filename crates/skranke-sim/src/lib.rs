//! Simulators of the national services Skranke talks to, for development, tests and demo mode.
//! They bind loopback only and speak the real protocols with a generated PKI:
//! - the CPR service (SF1520 PersonBaseDataExtended v4, SOAP over mutual TLS): [`cpr`];
//! - the capture gateway (`POST /v1/captures`, `GET /v1/captures/{id}` of docs/gateway-api.yaml,
//!   over mutual TLS), with digest and bundle checks, idempotent dedupe, a simulated card
//!   producer, switchable faults and a request log: [`gateway`];
//! - a plain-HTTP admin endpoint (health, fault switches, request logs, stored captures):
//!   [`AdminServer`].
//!
//! [`Simulators::start`] starts them all; `skranke sim` prints [`Simulators::ready_json`].
#![deny(missing_docs)]

mod admin;
pub mod cpr;
pub mod gateway;
pub mod http;
pub mod pki;
mod tls_server;

pub use admin::AdminServer;
pub use cpr::{CprControl, CprFault, CprSimulator};
pub use gateway::{DecisionSettings, GatewayControl, GatewayFault, GatewaySimulator};
pub use pki::{CertAndKey, PkiError, TestPki};

use std::net::SocketAddr;
use std::path::PathBuf;

/// Errors starting the simulators.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// A loopback port could not be bound.
    #[error("cannot bind a loopback port: {0}")]
    Bind(#[from] std::io::Error),
    /// The test PKI could not be made or written.
    #[error(transparent)]
    Pki(#[from] PkiError),
    /// The TLS server configuration failed.
    #[error("TLS setup: {0}")]
    Tls(String),
}

/// Options for [`Simulators::start`].
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// Admin port; 0 picks a free one.
    pub admin_port: u16,
    /// CPR service port; 0 picks a free one.
    pub cpr_port: u16,
    /// Capture gateway port; 0 picks a free one.
    pub gateway_port: u16,
    /// Where to write `ca.pem`, `client.pem` and `client.key` so a config can point at them.
    pub pki_dir: Option<PathBuf>,
}

/// The running simulators.
#[derive(Debug)]
pub struct Simulators {
    admin: AdminServer,
    cpr: CprSimulator,
    gateway: GatewaySimulator,
    pki: TestPki,
    pki_dir: Option<PathBuf>,
}

impl Simulators {
    /// Makes a PKI and starts every simulator on 127.0.0.1; returns once they accept connections.
    pub async fn start(opts: SimOptions) -> Result<Self, SimError> {
        let pki = TestPki::generate()?;
        if let Some(dir) = &opts.pki_dir {
            pki.write_client_files(dir)?;
        }
        let cpr = CprSimulator::start(&pki, opts.cpr_port).await?;
        let gateway = GatewaySimulator::start(&pki, opts.gateway_port).await?;
        let simulators = serde_json::json!({ "cpr": cpr.url(), "gateway": gateway.url() });
        let admin = AdminServer::start(
            SocketAddr::from(([127, 0, 0, 1], opts.admin_port)),
            simulators,
            cpr.control().clone(),
            gateway.control().clone(),
        )
        .await?;
        Ok(Self { admin, cpr, gateway, pki, pki_dir: opts.pki_dir })
    }

    /// The admin endpoint's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn admin_url(&self) -> String {
        format!("http://{}", self.admin.addr())
    }

    /// The CPR service URL.
    pub fn cpr_url(&self) -> String {
        self.cpr.url()
    }

    /// The CPR simulator's fault switch and request log.
    pub fn cpr_control(&self) -> &CprControl {
        self.cpr.control()
    }

    /// The capture gateway's base URL, e.g. `https://127.0.0.1:40124` (the API is under `/v1`).
    pub fn gateway_url(&self) -> String {
        self.gateway.url()
    }

    /// The gateway simulator's faults, producer decisions, request log and stored captures.
    pub fn gateway_control(&self) -> &GatewayControl {
        self.gateway.control()
    }

    /// The PKI: the CA to pin and the municipality's client certificate.
    pub fn pki(&self) -> &TestPki {
        &self.pki
    }

    /// The one JSON line `skranke sim` prints when ready.
    pub fn ready_json(&self) -> serde_json::Value {
        serde_json::json!({
            "admin": self.admin_url(),
            "cpr": self.cpr_url(),
            "gateway": self.gateway_url(),
            "pki_dir": self.pki_dir.as_ref().map(|d| d.display().to_string()),
            "simulators": { "cpr": self.cpr_url(), "gateway": self.gateway_url() },
        })
    }

    /// Stops every simulator.
    pub fn shutdown(self) {
        self.admin.shutdown();
        self.cpr.shutdown();
        self.gateway.shutdown();
    }
}
