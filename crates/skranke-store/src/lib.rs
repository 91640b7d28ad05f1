//! Local SQLite storage in one file, `<data_dir>/skranke.db` (WAL, synchronous=FULL, numbered
//! migrations):
//! - [`AuditLog`]: the append-only, hash-chained audit trail ([`AuditLog::append`],
//!   [`AuditLog::verify`], [`AuditLog::purge_older_than`], usage statistics);
//! - the encrypted outbox and the review queue follow (issue 6).
//!
//! Every error is a [`StoreError`] with a stable `code()`.
#![deny(missing_docs)]

pub mod audit;
mod db;
mod error;

pub use audit::{AuditAction, AuditEntry, AuditLog, ChainReport, NewAuditEntry, UsageRow};
pub use db::SCHEMA_VERSION;
pub use error::StoreError;
