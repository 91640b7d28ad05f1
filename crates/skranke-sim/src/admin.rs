//! The plain-HTTP admin endpoint on loopback: `GET /_sim/health` says which simulators run. Test
//! and demo plumbing only, never part of a service's real protocol.
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running admin endpoint.
#[derive(Debug)]
pub struct AdminServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl AdminServer {
    /// Binds `addr` and serves until [`AdminServer::shutdown`].
    pub async fn start(addr: SocketAddr, simulators: serde_json::Value) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let health = serde_json::json!({ "ok": true, "simulators": simulators }).to_string();
        let task = tokio::spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        let health = health.clone();
                        tokio::spawn(async move {
                            if let Err(e) = serve(stream, &health).await {
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

const MAX_HEAD: usize = 8 * 1024;

async fn serve(mut stream: TcpStream, health: &str) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(512);
    let mut chunk = [0u8; 512];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 || buf.len() + n > MAX_HEAD {
            return respond(&mut stream, 400, r#"{"error":"bad request"}"#).await;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("GET"), Some("/_sim/health")) => respond(&mut stream, 200, health).await,
        (Some(_), Some(_)) => respond(&mut stream, 404, r#"{"error":"not found"}"#).await,
        _ => respond(&mut stream, 400, r#"{"error":"bad request"}"#).await,
    }
}

async fn respond(stream: &mut TcpStream, status: u16, body: &str) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let msg = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(msg.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use crate::{SimOptions, Simulators};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn get(addr: &str, raw: &str) -> String {
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(raw.as_bytes()).await.expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).await.expect("read");
        out
    }

    #[tokio::test]
    async fn health_lists_simulators_and_unknown_paths_are_404() {
        let sims = Simulators::start(SimOptions::default()).await.expect("start");
        let url = sims.admin_url();
        let addr = url.trim_start_matches("http://").to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        let r = get(&addr, "GET /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n").await;
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
        let body: serde_json::Value = serde_json::from_str(r.split("\r\n\r\n").nth(1).expect("body")).expect("json");
        assert_eq!(body["ok"], true);
        assert_eq!(sims.ready_json()["admin"], url.as_str());
        assert!(get(&addr, "GET /nope HTTP/1.1\r\n\r\n").await.starts_with("HTTP/1.1 404"));
        assert!(get(&addr, "garbage\r\n\r\n").await.starts_with("HTTP/1.1 400"));
        sims.shutdown();
    }
}
