//! The network faults the gateway simulator cannot make itself, through a small TCP proxy between
//! the upload client and the simulator (TLS passes through it untouched): a proxy that is gone, a
//! black hole that accepts and never answers, a link cut after the request went through but before
//! the answer came back, and a link that drips bytes too slowly. Each one must be a transient
//! network error, and the retry must store the capture exactly once.
mod common;

use common::{client_with, stored};
use skranke_gateway::{GatewayClient, UploadError};
use skranke_sim::{GatewaySimulator, TestPki};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

/// What the proxy does with the next connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Mode {
    /// Forward both ways.
    Pass = 0,
    /// Accept, read everything, forward nothing, never answer.
    BlackHole = 1,
    /// Forward the request; drop the connection as soon as the server starts answering.
    CutAnswer = 2,
    /// Forward both ways, one small chunk every 200 ms.
    Drip = 3,
}

/// Says when the answer is under way (for [`Mode::CutAnswer`]).
type CutCheck = Arc<dyn Fn() -> bool + Send + Sync>;

struct Proxy {
    url: String,
    mode: Arc<AtomicU8>,
    cut_check: Arc<std::sync::Mutex<CutCheck>>,
}

impl Proxy {
    fn set(&self, m: Mode) {
        self.mode.store(m as u8, Ordering::SeqCst);
    }

    fn cut_when(&self, f: impl Fn() -> bool + Send + Sync + 'static) {
        if let Ok(mut g) = self.cut_check.lock() {
            *g = Arc::new(f);
        }
    }
}

async fn proxy(upstream: std::net::SocketAddr) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let url = format!("https://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    let mode = Arc::new(AtomicU8::new(Mode::Pass as u8));
    let never: CutCheck = Arc::new(|| false);
    let cut_check = Arc::new(std::sync::Mutex::new(never));
    let (shared, checks) = (Arc::clone(&mode), Arc::clone(&cut_check));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let m = shared.load(Ordering::SeqCst);
            let check = checks.lock().map(|g| Arc::clone(&g)).unwrap_or_else(|_| Arc::new(|| false));
            tokio::spawn(async move {
                let _ = handle(client, upstream, m, check).await;
            });
        }
    });
    Proxy { url, mode, cut_check }
}

async fn handle(
    mut client: TcpStream,
    upstream: std::net::SocketAddr,
    mode: u8,
    cut_now: CutCheck,
) -> std::io::Result<()> {
    if mode == Mode::BlackHole as u8 {
        let mut sink = [0u8; 4096];
        while client.read(&mut sink).await? > 0 {}
        return Ok(());
    }
    let server = TcpStream::connect(upstream).await?;
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let drip = mode == Mode::Drip as u8;
    let cut = mode == Mode::CutAnswer as u8;
    let up = tokio::spawn(async move { pump(&mut cr, &mut sw, drip).await });
    let down = async {
        if cut {
            // Forward the server's bytes until the gateway has stored the capture; the first
            // bytes read after that are its answer, and the link drops instead.
            let mut buf = [0u8; 16 * 1024];
            loop {
                let n = sr.read(&mut buf).await?;
                if n == 0 || cut_now() {
                    return Ok(());
                }
                cw.write_all(&buf[..n]).await?;
            }
        }
        pump(&mut sr, &mut cw, drip).await
    };
    let _ = down.await;
    up.abort();
    Ok(())
}

async fn pump(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    drip: bool,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; if drip { 64 } else { 16 * 1024 }];
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return to.shutdown().await;
        }
        if drip {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        to.write_all(&buf[..n]).await?;
    }
}

fn client(url: &str, pki: &TestPki, timeout_ms: u64) -> GatewayClient {
    client_with(url, &pki.client, &pki.ca_pem, timeout_ms)
}

async fn setup() -> (TestPki, GatewaySimulator, Proxy) {
    let pki = TestPki::generate().expect("pki");
    let sim = GatewaySimulator::start(&pki, 0).await.expect("sim");
    let port =
        sim.url().rsplit(':').next().and_then(|p| p.trim_end_matches('/').parse::<u16>().ok()).expect("sim port");
    let proxy = proxy(std::net::SocketAddr::from(([127, 0, 0, 1], port))).await;
    (pki, sim, proxy)
}

#[tokio::test]
async fn through_a_healthy_proxy_the_upload_works() {
    let (pki, sim, proxy) = setup().await;
    let id = Uuid::now_v7();
    client(&proxy.url, &pki, 5000).upload(id, &common::bundle(id, "K-1")).await.expect("stored through the proxy");
    assert_eq!(stored(&sim, id), 1);
}

#[tokio::test]
async fn a_black_hole_times_out_as_a_network_error_and_nothing_is_stored() {
    let (pki, sim, proxy) = setup().await;
    proxy.set(Mode::BlackHole);
    let id = Uuid::now_v7();
    let c = client(&proxy.url, &pki, 800);
    let e = c.upload(id, &common::bundle(id, "K-1")).await.expect_err("no answer");
    assert!(matches!(e, UploadError::Network(_)) && e.is_transient(), "{e:?}");
    assert_eq!(stored(&sim, id), 0);
    proxy.set(Mode::Pass);
    c.upload(id, &common::bundle(id, "K-1")).await.expect("the retry goes through");
    assert_eq!(stored(&sim, id), 1);
}

#[tokio::test]
async fn an_answer_cut_off_after_the_request_went_through_is_retried_into_the_same_receipt() {
    let (pki, sim, proxy) = setup().await;
    proxy.set(Mode::CutAnswer);
    let id = Uuid::now_v7();
    let control = sim.control().clone();
    proxy.cut_when(move || control.capture(id).is_some());
    let c = client(&proxy.url, &pki, 3000);
    let e = c.upload(id, &common::bundle(id, "K-1")).await.expect_err("answer lost");
    assert!(matches!(e, UploadError::Network(_)) && e.is_transient(), "{e:?}");
    let kept = sim.control().capture(id).expect("the gateway stored it although the answer was lost");
    proxy.set(Mode::Pass);
    let receipt = c.upload(id, &common::bundle(id, "K-1")).await.expect("replay");
    assert_eq!(receipt.receipt_id, kept.receipt.receipt_id);
    assert_eq!(stored(&sim, id), 1, "stored once");
}

#[tokio::test]
async fn a_link_too_slow_for_the_timeout_is_a_network_error() {
    let (pki, _sim, proxy) = setup().await;
    proxy.set(Mode::Drip);
    let id = Uuid::now_v7();
    let e = client(&proxy.url, &pki, 700).upload(id, &common::bundle(id, "K-1")).await.expect_err("too slow");
    assert!(matches!(e, UploadError::Network(_)) && e.is_transient(), "{e:?}");
}

#[tokio::test]
async fn a_proxy_that_is_gone_is_a_refused_connection() {
    let pki = TestPki::generate().expect("pki");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let id = Uuid::now_v7();
    let e = client(&format!("https://127.0.0.1:{port}"), &pki, 2000)
        .upload(id, &common::bundle(id, "K-1"))
        .await
        .expect_err("refused");
    assert!(matches!(e, UploadError::Network(_)) && e.is_transient(), "{e:?}");
}
