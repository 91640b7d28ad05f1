//! The plain-HTTP admin endpoint on loopback, for tests, demo and `skranke sim` users; never part
//! of a service's real protocol:
//! - `GET /_sim/health` → `{"ok": true, "simulators": {...}}`
//! - `GET /_sim/cpr/requests` → the CPR request log (masked numbers)
//! - `POST /_sim/cpr/fault` with a [`CprFault`] JSON body, e.g. `{"kind": "delay", "ms": 5000}`
//! - `GET /_sim/captures` → `[{"id": "…", "stored": 1, "decision": "pending"|"accepted"|"rejected",
//!   "source": "counter"|"scan", "scan_dpi": 300|null}]`
//! - `GET /_sim/gateway/requests` → the gateway request log (ids and outcomes)
//! - `POST /_sim/gateway/fault` with a [`GatewayFault`] JSON body, e.g.
//!   `{"kind": "unavailable", "retry_after_s": 2}`, optionally with `"times": n` to apply it to
//!   the next n connections only
//! - `POST /_sim/gateway/decision` with [`DecisionSettings`], e.g.
//!   `{"delay_ms": 1000, "reject_share": 0.2}`
use crate::cpr::{CprControl, CprFault};
use crate::gateway::{DecisionSettings, GatewayControl, GatewayFault};
use crate::http::{Request, read_request, write_response};
use serde::Deserialize;
use std::net::SocketAddr;
use tokio::net::{TcpListener, TcpStream};

/// A running admin endpoint.
#[derive(Debug)]
pub struct AdminServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Debug, Clone)]
struct Admin {
    health: String,
    cpr: CprControl,
    gateway: GatewayControl,
}

/// The body of `POST /_sim/gateway/fault`.
#[derive(Debug, Deserialize)]
struct GatewayFaultRequest {
    #[serde(flatten)]
    fault: GatewayFault,
    times: Option<u32>,
}

/// One entry of `GET /_sim/captures`.
#[derive(Debug, serde::Serialize)]
struct CaptureSummary {
    id: String,
    stored: u32,
    decision: &'static str,
    /// The manifest's `source` (`counter` or `scan`), so a test sees what kind of capture came.
    source: Option<skranke_core::Source>,
    /// A scan's resolution from the manifest.
    scan_dpi: Option<u32>,
}

impl AdminServer {
    /// Binds `addr` and serves until [`AdminServer::shutdown`].
    pub async fn start(
        addr: SocketAddr,
        simulators: serde_json::Value,
        cpr: CprControl,
        gateway: GatewayControl,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let admin =
            Admin { health: serde_json::json!({ "ok": true, "simulators": simulators }).to_string(), cpr, gateway };
        let task = tokio::spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        let admin = admin.clone();
                        tokio::spawn(async move {
                            if let Err(e) = serve(stream, &admin).await {
                                tracing::debug!(error = %e, "admin connection failed");
                            }
                        });
                    }
                    Err(e) => tracing::warn!(error = %e, "admin accept failed"),
                }
            }
        });
        Ok(Self { addr, task })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving.
    pub fn shutdown(self) {
        self.task.abort();
    }
}

const JSON: &str = "application/json";

async fn serve(mut stream: TcpStream, admin: &Admin) -> std::io::Result<()> {
    let Some(req) = read_request(&mut stream, 64 * 1024).await? else {
        return write_response(&mut stream, 400, JSON, br#"{"error":"bad request"}"#).await;
    };
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/_sim/health") => write_response(&mut stream, 200, JSON, admin.health.as_bytes()).await,
        ("GET", "/_sim/cpr/requests") => {
            let body = serde_json::to_vec(&admin.cpr.log()).unwrap_or_default();
            write_response(&mut stream, 200, JSON, &body).await
        }
        ("POST", "/_sim/cpr/fault") => match serde_json::from_slice::<CprFault>(&req.body) {
            Ok(fault) => {
                admin.cpr.set_fault(fault);
                write_response(&mut stream, 200, JSON, br#"{"ok":true}"#).await
            }
            Err(e) => bad_json(&mut stream, &e).await,
        },
        _ => gateway_route(&mut stream, &req, &admin.gateway).await,
    }
}

async fn gateway_route(stream: &mut TcpStream, req: &Request, gateway: &GatewayControl) -> std::io::Result<()> {
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/_sim/captures") => {
            let list: Vec<CaptureSummary> = gateway
                .captures()
                .into_iter()
                .map(|c| {
                    let manifest = skranke_core::Bundle::read(&c.bytes).ok().map(|b| b.manifest().clone());
                    CaptureSummary {
                        id: c.capture_id.hyphenated().to_string(),
                        stored: c.stored,
                        decision: c.decision.as_str(),
                        source: manifest.as_ref().map(|m| m.source),
                        scan_dpi: manifest.and_then(|m| m.scan).map(|s| s.dpi),
                    }
                })
                .collect();
            write_response(stream, 200, JSON, &serde_json::to_vec(&list).unwrap_or_default()).await
        }
        ("GET", "/_sim/gateway/requests") => {
            write_response(stream, 200, JSON, &serde_json::to_vec(&gateway.log()).unwrap_or_default()).await
        }
        ("POST", "/_sim/gateway/fault") => match serde_json::from_slice::<GatewayFaultRequest>(&req.body) {
            Ok(GatewayFaultRequest { fault, times: Some(times) }) => {
                gateway.set_fault_times(fault, times);
                write_response(stream, 200, JSON, br#"{"ok":true}"#).await
            }
            Ok(GatewayFaultRequest { fault, times: None }) => {
                gateway.set_fault(fault);
                write_response(stream, 200, JSON, br#"{"ok":true}"#).await
            }
            Err(e) => bad_json(stream, &e).await,
        },
        ("POST", "/_sim/gateway/decision") => match serde_json::from_slice::<DecisionSettings>(&req.body) {
            Ok(settings) if (0.0..=1.0).contains(&settings.reject_share) => {
                gateway.set_decisions(settings);
                write_response(stream, 200, JSON, br#"{"ok":true}"#).await
            }
            Ok(_) => write_response(stream, 400, JSON, br#"{"error":"reject_share must be between 0 and 1"}"#).await,
            Err(e) => bad_json(stream, &e).await,
        },
        _ => write_response(stream, 404, JSON, br#"{"error":"not found"}"#).await,
    }
}

async fn bad_json(stream: &mut TcpStream, e: &serde_json::Error) -> std::io::Result<()> {
    let body = serde_json::json!({ "error": e.to_string() }).to_string();
    write_response(stream, 400, JSON, body.as_bytes()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn call(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        let req = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        s.write_all(req.as_bytes()).await.expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).await.expect("read");
        let status = out.get(9..12).and_then(|c| c.parse().ok()).expect("status line");
        let json = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("null");
        (status, serde_json::from_str(json).expect("json body"))
    }

    #[tokio::test]
    async fn gateway_fault_decision_and_captures_endpoints() {
        let (cpr, gateway) = (CprControl::default(), GatewayControl::default());
        let server =
            AdminServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), serde_json::json!({}), cpr, gateway.clone())
                .await
                .expect("admin starts");
        let addr = server.addr();
        let (status, _) =
            call(addr, "POST", "/_sim/gateway/fault", r#"{"kind":"unavailable","retry_after_s":2}"#).await;
        assert_eq!(status, 200);
        assert_eq!(gateway.fault(), GatewayFault::Unavailable { retry_after_s: 2 });
        call(addr, "POST", "/_sim/gateway/fault", r#"{"kind":"refuse","times":1}"#).await;
        assert_eq!(gateway.next_fault(), GatewayFault::Refuse);
        assert_eq!(gateway.fault(), GatewayFault::None);
        assert_eq!(call(addr, "POST", "/_sim/gateway/fault", r#"{"kind":"explode"}"#).await.0, 400);
        assert_eq!(call(addr, "POST", "/_sim/gateway/decision", r#"{"delay_ms":5,"reject_share":0.5}"#).await.0, 200);
        assert_eq!(gateway.decisions().delay_ms, 5);
        assert_eq!(call(addr, "POST", "/_sim/gateway/decision", r#"{"reject_share":2}"#).await.0, 400);
        assert_eq!(call(addr, "GET", "/_sim/captures", "").await, (200, serde_json::json!([])));
        assert_eq!(call(addr, "GET", "/_sim/gateway/requests", "").await, (200, serde_json::json!([])));
        assert_eq!(call(addr, "GET", "/_sim/health", "").await.1["ok"], true);
        assert_eq!(call(addr, "GET", "/_sim/nothing", "").await.0, 404);
        server.shutdown();
    }
}
