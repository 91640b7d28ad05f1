//! Clients for the national services Skranke talks to, over mutual TLS with the municipality's
//! client certificate and the service CA pinned:
//! - [`cpr`]: the CPR lookup (Serviceplatformen SF1520 PersonBaseDataExtended v4, SOAP):
//!   [`CprClient::lookup`] gives a typed [`PersonRecord`] or a [`CprLookupError`] with a stable
//!   `code()`;
//! - [`upload`]: the capture gateway (docs/gateway-api.yaml): [`GatewayClient::upload`] sends a
//!   bundle with `Idempotency-Key` and `Content-Digest` and gives the gateway's [`Receipt`];
//!   [`GatewayClient::status`] gives the producer's [`ProducerStatus`]; failures are an
//!   [`UploadError`] with a stable `code()` and `is_transient()` for the outbox;
//! - [`tls`]: [`ClientTls`] (PEM certificate, key and pinned CA) and [`certificate_expiry`];
//! - [`probe`]: [`ClientTls::probe`], what `skranke diagnose` learns from a service without
//!   asking it anything (the server's chain, an HTTP status, its clock);
//! - [`limits`]: what a service may send back (a capped body, no redirects, https only).
#![deny(missing_docs)]

pub mod cpr;
mod error_chain;
pub mod limits;
pub mod probe;
pub mod tls;
pub mod upload;

pub use cpr::{Address, CprClient, CprClientConfig, CprLookupError, InvocationContext, PersonRecord};
pub use limits::DEFAULT_MAX_RESPONSE_BYTES;
pub use probe::{CertificateSummary, ProbeError, TlsProbe};
pub use tls::{ClientTls, TlsError, certificate_expiry};
pub use upload::{GatewayClient, GatewayClientConfig, ProducerState, ProducerStatus, Receipt, UploadError};
