//! Clients for the national services: the capture gateway (mTLS upload) and the CPR lookup (SF1520).
#![deny(missing_docs)]
