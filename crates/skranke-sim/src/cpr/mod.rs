//! The CPR service simulator: SF1520 PersonBaseDataExtended v4 over HTTPS with a required client
//! certificate, answering from a table of fictitious people ([`people::PEOPLE`]), with switchable
//! faults and a request log (masked numbers only).
pub mod people;
pub mod soap;

use crate::http::{read_request, write_oversized_response, write_response, write_response_with_headers};
use crate::pki::TestPki;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// The service path, as in the WSDL's soap:address.
pub const SERVICE_PATH: &str = "/service/CPR/PersonBaseDataExtended/4";

/// A fault the simulator can be switched to, for tests of the client's error handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CprFault {
    /// Answer normally.
    #[default]
    None,
    /// Wait this long before answering (client timeouts).
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// Answer every request with a SOAP fault.
    SoapFault,
    /// Answer with text that is not XML.
    MalformedXml,
    /// Answer without the required name fields.
    MissingFields,
    /// Answer HTTP 500 with an HTML body.
    Http500,
    /// Answer with a body of this many MiB (no `Content-Length`): more than any client should read.
    HugeBody {
        /// Size in MiB.
        mb: u32,
    },
    /// Answer `307` pointing at the same service over plain http.
    RedirectToPlainHttp,
}

/// One line of the request log: the masked number and what was answered.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LoggedLookup {
    /// `DDMMYY-xxxx` (or `invalid`).
    pub pnr: String,
    /// `found`, `not_found`, `fault`, `bad_request`, or the fault injected.
    pub outcome: String,
    /// The InvocationContext's OnBehalfOfUser: the clerk (or IT account) the lookup was made for.
    pub on_behalf_of: Option<String>,
}

#[derive(Debug, Default)]
struct State {
    fault: CprFault,
    log: Vec<LoggedLookup>,
}

/// A handle to switch faults and read the log while the simulator runs.
#[derive(Debug, Clone, Default)]
pub struct CprControl {
    state: Arc<Mutex<State>>,
}

impl CprControl {
    /// Switches the fault for every following request.
    pub fn set_fault(&self, fault: CprFault) {
        if let Ok(mut s) = self.state.lock() {
            s.fault = fault;
        }
    }

    /// The current fault.
    pub fn fault(&self) -> CprFault {
        self.state.lock().map(|s| s.fault).unwrap_or_default()
    }

    /// The request log so far.
    pub fn log(&self) -> Vec<LoggedLookup> {
        self.state.lock().map(|s| s.log.clone()).unwrap_or_default()
    }

    fn record(&self, request: Option<&soap::ParsedRequest>, outcome: &str) {
        let pnr = request.map_or("", |r| r.pnr.as_str());
        let masked = skranke_core::Cpr::parse(pnr).map(|c| c.masked()).unwrap_or_else(|_| "invalid".into());
        tracing::debug!(pnr = %masked, outcome, "CPR simulator answered");
        let on_behalf_of = request.and_then(|r| r.on_behalf_of.clone());
        if let Ok(mut s) = self.state.lock() {
            s.log.push(LoggedLookup { pnr: masked, outcome: outcome.into(), on_behalf_of });
        }
    }
}

/// A running CPR simulator.
#[derive(Debug)]
pub struct CprSimulator {
    addr: SocketAddr,
    control: CprControl,
    task: tokio::task::JoinHandle<()>,
}

impl CprSimulator {
    /// Starts on 127.0.0.1 (port 0 picks a free one), requiring client certificates of `pki`.
    pub async fn start(pki: &TestPki, port: u16) -> Result<Self, crate::SimError> {
        let config = crate::tls_server::mutual_tls_config(pki).map_err(|e| crate::SimError::Tls(e.to_string()))?;
        let acceptor = TlsAcceptor::from(config);
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
        let addr = listener.local_addr()?;
        let control = CprControl::default();
        let served = control.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                let acceptor = acceptor.clone();
                let control = served.clone();
                tokio::spawn(async move {
                    match acceptor.accept(tcp).await {
                        Ok(mut tls) => {
                            if let Err(e) = serve(&mut tls, &control).await {
                                tracing::debug!(error = %e, "CPR simulator connection ended");
                            }
                        }
                        Err(e) => tracing::debug!(error = %e, "CPR simulator refused a TLS handshake"),
                    }
                });
            }
        });
        Ok(Self { addr, control, task })
    }

    /// The service URL, e.g. `https://127.0.0.1:40123/service/CPR/PersonBaseDataExtended/4`.
    pub fn url(&self) -> String {
        format!("https://{}{SERVICE_PATH}", self.addr)
    }

    /// The fault switch and request log.
    pub fn control(&self) -> &CprControl {
        &self.control
    }

    /// Stops serving.
    pub fn shutdown(self) {
        self.task.abort();
    }
}

async fn serve<S>(stream: &mut S, control: &CprControl) -> std::io::Result<()>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let Some(req) = read_request(stream, 256 * 1024).await? else { return Ok(()) };
    if req.method != "POST" || req.path != SERVICE_PATH {
        return write_response(stream, 404, "text/plain", b"not found").await;
    }
    let xml = String::from_utf8_lossy(&req.body);
    let parsed = match soap::parse_request(&xml) {
        Ok(p) => p,
        Err(e) => {
            control.record(None, "bad_request");
            return write_response(stream, 500, "text/xml; charset=utf-8", soap::fault("SOAP_INVALID", &e).as_bytes())
                .await;
        }
    };
    if !parsed.has_invocation_context {
        control.record(Some(&parsed), "fault");
        let body = soap::fault("INVOCATION_CONTEXT_MISSING", "InvocationContext mangler eller er ufuldstændig");
        return write_response(stream, 500, "text/xml; charset=utf-8", body.as_bytes()).await;
    }
    let fault = control.fault();
    match fault {
        CprFault::Delay { ms } => tokio::time::sleep(std::time::Duration::from_millis(ms)).await,
        CprFault::SoapFault => {
            control.record(Some(&parsed), "soap_fault");
            // Like real fault texts, it names what was asked for: clients must not pass it on.
            let text = format!("Intern fejl ved opslag af personnummer {} (simuleret)", parsed.pnr);
            let body = soap::fault("CPR_SERVICE_ERROR", &text);
            return write_response(stream, 500, "text/xml; charset=utf-8", body.as_bytes()).await;
        }
        CprFault::MalformedXml => {
            control.record(Some(&parsed), "malformed_xml");
            return write_response(stream, 200, "text/xml; charset=utf-8", b"<soap:Envelope><unclosed>").await;
        }
        CprFault::Http500 => {
            control.record(Some(&parsed), "http_500");
            return write_response(stream, 500, "text/html", b"<html><body>Internal Server Error</body></html>").await;
        }
        CprFault::HugeBody { mb } => {
            control.record(Some(&parsed), "huge_body");
            return write_oversized_response(stream, 200, "text/xml; charset=utf-8", u64::from(mb) << 20).await;
        }
        CprFault::RedirectToPlainHttp => {
            control.record(Some(&parsed), "redirect");
            let location = format!("http://127.0.0.1{SERVICE_PATH}");
            return write_response_with_headers(stream, 307, "text/plain", &[("Location", &location)], b"moved").await;
        }
        CprFault::None | CprFault::MissingFields => {}
    }
    let person = people::find(&parsed.pnr);
    let age =
        person.and_then(|p| skranke_core::Cpr::parse(p.pnr).ok()).map(|c| c.age_on(chrono::Utc::now().date_naive()));
    control.record(Some(&parsed), if person.is_some() { "found" } else { "not_found" });
    let body = soap::response(person, age, fault == CprFault::MissingFields);
    write_response(stream, 200, "text/xml; charset=utf-8", body.as_bytes()).await
}
