//! The plain-HTTP admin endpoint on loopback, for tests, demo and `skranke sim` users; never part
//! of a service's real protocol:
//! - `GET /_sim/health` → `{"ok": true, "simulators": {...}}`
//! - `GET /_sim/cpr/requests` → the CPR request log (masked numbers)
//! - `POST /_sim/cpr/fault` with a [`CprFault`] JSON body, e.g. `{"kind": "delay", "ms": 5000}`
use crate::cpr::{CprControl, CprFault};
use crate::http::{read_request, write_response};
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
}

impl AdminServer {
    /// Binds `addr` and serves until [`AdminServer::shutdown`].
    pub async fn start(addr: SocketAddr, simulators: serde_json::Value, cpr: CprControl) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let admin = Admin { health: serde_json::json!({ "ok": true, "simulators": simulators }).to_string(), cpr };
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
            Err(e) => {
                let body = serde_json::json!({ "error": e.to_string() }).to_string();
                write_response(&mut stream, 400, JSON, body.as_bytes()).await
            }
        },
        _ => write_response(&mut stream, 404, JSON, br#"{"error":"not found"}"#).await,
    }
}
