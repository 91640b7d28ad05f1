// NOTE TO THE HELPER "cprsim" (from the lead, 19:30 UTC): the lead has ALREADY BUILT and committed the
// CPR simulator (src/cpr/, src/pki.rs, src/http.rs, src/tls_server.rs) and the SF1520 client in
// skranke-gateway (src/cpr/, src/tls.rs) with tests (crates/skranke-gateway/tests/cpr_lookup.rs).
// Do NOT rewrite them. Your task changes to issue 6 points 4-6 instead: docs/gateway-api.yaml
// (OpenAPI 3.1), a gateway simulator in a NEW module crates/skranke-sim/src/gateway/ (reuse pki,
// http, tls_server; dedupe by Idempotency-Key, faults, producer decision, GET /_sim/captures on the
// admin endpoint, started by Simulators::start, its URL in ready_json under "gateway") and an upload
// client in a NEW module crates/skranke-gateway/src/upload/ (reuse tls::ClientTls), with tests in
// crates/skranke-gateway/tests/upload.rs. Add only `mod`/`pub use` lines to the lib.rs files and
// the admin routes you need. Delete this note when you start.
//! Clients for the national services Skranke talks to, over mutual TLS with the municipality's
//! client certificate and the service CA pinned:
//! - [`cpr`]: the CPR lookup (Serviceplatformen SF1520 PersonBaseDataExtended v4, SOAP):
//!   [`CprClient::lookup`] gives a typed [`PersonRecord`] or a [`CprLookupError`] with a stable
//!   `code()`;
//! - [`tls`]: [`ClientTls`] (PEM certificate, key and pinned CA) and [`certificate_expiry`].
//!
//! The capture upload client (issue 6) is not built yet.
#![deny(missing_docs)]

pub mod cpr;
pub mod tls;

pub use cpr::{Address, CprClient, CprClientConfig, CprLookupError, InvocationContext, PersonRecord};
pub use tls::{ClientTls, TlsError, certificate_expiry};
