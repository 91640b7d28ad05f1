//! The capture gateway simulator: `POST /v1/captures` and `GET /v1/captures/{id}` as
//! docs/gateway-api.yaml defines them, over HTTPS with a required client certificate. It checks
//! the `Content-Digest`, reads the bundle, deduplicates by `Idempotency-Key`, plays the card
//! producer (a decision after a delay, deterministic per capture id), can be switched to faults,
//! and logs every request (ids and outcomes only).
//!
//! - [`fault`]: the switchable faults;
//! - [`digest`]: `Content-Digest` (RFC 9530);
//! - [`decision`]: the simulated producer;
//! - [`wire`]: receipt, status and problem documents;
//! - `store`, `handler`: the dedupe store and the request handling;
//! - [`GatewayControl`]: the handle to all of it while it runs.
mod control;
pub mod decision;
pub mod digest;
pub mod fault;
mod handler;
mod store;
pub mod wire;

pub use control::{GatewayControl, LoggedRequest};
pub use decision::{Decision, DecisionSettings};
pub use fault::GatewayFault;
pub use handler::CAPTURES_PATH;
pub use store::{DecisionState, StoredCapture};
pub use wire::{ProducerState, ProducerStatus, Receipt};

use crate::http::{encode_response, read_request, write_oversized_response, write_response_with_headers};
use crate::pki::TestPki;
use handler::Reply;
use std::net::SocketAddr;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// The largest upload read (a bundle has at most 16 entries; real ones are well under 1 MiB).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// A running gateway simulator.
#[derive(Debug)]
pub struct GatewaySimulator {
    addr: SocketAddr,
    control: GatewayControl,
    task: tokio::task::JoinHandle<()>,
}

impl GatewaySimulator {
    /// Starts on 127.0.0.1 (port 0 picks a free one), requiring client certificates of `pki`.
    pub async fn start(pki: &TestPki, port: u16) -> Result<Self, crate::SimError> {
        let config = crate::tls_server::mutual_tls_config(pki).map_err(|e| crate::SimError::Tls(e.to_string()))?;
        let acceptor = TlsAcceptor::from(config);
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
        let addr = listener.local_addr()?;
        let control = GatewayControl::default();
        let served = control.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                tokio::spawn(connection(tcp, acceptor.clone(), served.clone()));
            }
        });
        Ok(Self { addr, control, task })
    }

    /// The base URL, e.g. `https://127.0.0.1:40123` (the API is under `/v1`).
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Faults, decisions, request log and stored captures.
    pub fn control(&self) -> &GatewayControl {
        &self.control
    }

    /// Stops serving.
    pub fn shutdown(self) {
        self.task.abort();
    }
}

/// One connection, one request (every answer says `Connection: close`).
async fn connection(tcp: TcpStream, acceptor: TlsAcceptor, control: GatewayControl) {
    let fault = control.next_fault();
    if fault == GatewayFault::Refuse {
        control.record(LoggedRequest {
            method: String::new(),
            route: String::new(),
            capture_id: None,
            status: None,
            outcome: "refused".into(),
            reasons: Vec::new(),
            fault: fault.name().into(),
        });
        reset(tcp);
        return;
    }
    let mut tls = match acceptor.accept(tcp).await {
        Ok(tls) => tls,
        Err(e) => {
            tracing::debug!(error = %e, "gateway simulator refused a TLS handshake");
            return;
        }
    };
    let req = match read_request(&mut tls, MAX_UPLOAD).await {
        Ok(Some(req)) => req,
        Ok(None) => return,
        Err(e) => {
            tracing::debug!(error = %e, "gateway simulator could not read a request");
            return;
        }
    };
    let result = match handler::handle(&req, fault, &control).await {
        Reply::Respond(r) => {
            let headers: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            write_response_with_headers(&mut tls, r.status, r.content_type, &headers, &r.body).await
        }
        Reply::ResetMidResponse(r) => {
            let headers: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let bytes = encode_response(r.status, r.content_type, &headers, &r.body);
            // The head and a few body bytes: the client sees a response start, then the reset.
            let cut = bytes.len() - r.body.len() / 2;
            let written = tls.write_all(&bytes[..cut]).await;
            let flushed = tls.flush().await;
            // Let the kernel deliver those bytes; a reset discards what is still unsent.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            reset_tls(tls);
            written.and(flushed)
        }
        Reply::Reset => {
            reset_tls(tls);
            Ok(())
        }
        Reply::Oversized { status, len } => write_oversized_response(&mut tls, status, wire::JSON, len).await,
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "gateway simulator could not answer");
    }
}

/// Drops the connection with a TCP reset (no TLS close_notify, no FIN).
fn reset_tls(tls: TlsStream<TcpStream>) {
    let (tcp, _) = tls.into_inner();
    reset(tcp);
}

fn reset(tcp: TcpStream) {
    if let Err(e) = tcp.set_zero_linger() {
        tracing::debug!(error = %e, "cannot set SO_LINGER 0");
    }
    drop(tcp);
}
