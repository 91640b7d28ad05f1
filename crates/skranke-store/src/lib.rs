//! Local SQLite storage in one file, `<data_dir>/skranke.db` (WAL, synchronous=FULL, BEGIN
//! IMMEDIATE, numbered migrations in `PRAGMA user_version`):
//! - [`AuditLog`]: the append-only audit trail, chained with HMAC-SHA-256 under a key the
//!   master key wraps, the person encrypted ([`AuditLog::open`] takes the master key,
//!   [`AuditLog::append`], [`AuditLog::write_checkpoint`], [`AuditLog::verify`], [`AuditLog::purge_older_than`], [`AuditLog::usage_by_user`],
//!   [`AuditLog::count_since`], [`AuditLog::count_older_than`],
//!   [`AuditLog::about_captures`]); docs/audit.md.
//! - [`Outbox`]: the encrypted durable outbox (docs/outbox.md). Public API, all times passed in:
//!   - `Outbox::open(path, &dyn MasterKeyStore, now)`; key store from config:
//!     `master_key_store("file" | "os", key_dir) -> Box<dyn MasterKeyStore>`
//!     ([`KeyFileStore`]: `<key_dir>/outbox-master.key`, 0600; [`OsKeyStore`]: feature `os-keystore`).
//!   - `enqueue(capture_id, bundle, &meta_json, now) -> Enqueued::{Stored, AlreadyPresent}`
//!   - `lease_next(now, lease_for) -> Option<Leased { id, bytes, attempts, meta, sha256 }>`
//!   - `mark_awaiting_producer(id, &receipt_json, now)`, `mark_retry(id, now, retry_after, error)
//!     -> next_attempt_at`, `mark_dead(id, reason, now)`, `mark_accepted(id, now)` (crypto-shred),
//!     `mark_rejected(id, cause, &[reasons], now)`, `retry_now(id, now)`, `recover_leases(now)`
//!   - `status(now) -> OutboxStatus { queued, sending, awaiting_producer, accepted, rejected, dead,
//!     oldest_queued_age_s }`, `list(&ListFilter { states, limit }) -> Vec<OutboxItem>`,
//!     `bundle(id)` (decrypt for supervisor review), `purge_accepted_older_than(cutoff)`.
//!   - retention: `rejected_or_dead_before(cutoff)` / `shred_rejected_or_dead_before(cutoff)`,
//!     `accepted_with_bundle()` / `shred_accepted_leftovers()`, `accepted_before(cutoff)`,
//!     `truncate_wal() -> WalCheckpoint`; a retention shred ends with `wal_checkpoint(TRUNCATE)` at
//!     once, an acceptance's is folded in by `fold_pending_shreds` at the end of the sender's pass.
//!
//! Every error is a [`StoreError`] with a stable `code()`: `store_disk_full`, `store_unavailable`,
//! `store_corrupt`, `store_key_unavailable`, `store_key_mismatch` (Outbox::open with another
//! master key), `store_decrypt_failed`, `store_not_found`,
//! `store_invalid_state`, `store_list_limit_out_of_range` (a listing of 0 or more than
//! [`ListFilter::MAX_LIMIT`] entries).
#![deny(missing_docs)]

pub mod audit;
mod data_keys;
mod db;
mod error;
pub mod outbox;
mod rotation;

pub use audit::{
    AuditAction, AuditEntry, AuditLog, ChainProblem, ChainReport, Checkpoint, NewAuditEntry, ProblemKind, UsageRow,
    WitnessStatus,
};
pub use db::{SCHEMA_VERSION, WalCheckpoint};
pub use error::StoreError;
pub use outbox::{
    Decision, Enqueued, KEY_FILE_NAME, KeyFileStore, Leased, ListFilter, MasterKey, MasterKeyStore, OsKeyStore, Outbox,
    OutboxItem, OutboxState, OutboxStatus, ReturnedCase, ReviewCause, ReviewItem, StuckRule, backoff_delay,
    master_key_store,
};
pub use rotation::{Interrupted, Rotation, finish_interrupted_rotation, rotate_master_key};
