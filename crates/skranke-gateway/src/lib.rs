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
