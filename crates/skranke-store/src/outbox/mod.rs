//! The encrypted durable outbox: every capture bundle is written here (encrypted, fsynced)
//! before the clerk is told it is saved, and leaves only when the gateway has it.
//!
//! States: `queued -> sending -> awaiting_producer -> accepted | rejected`, plus `dead`.
//! A `sending` row holds a lease; an expired lease goes back to `queued` (at open and on
//! [`Outbox::recover_leases`]). Backoff with jitter is stored in the row, so it survives restarts.
//! Accepting crypto-shreds the bundle (ciphertext and wrapped key deleted, receipt and hash kept);
//! `retention` deletes what is past its time. Every shred is followed by a truncating checkpoint:
//! retention's at once, an acceptance's by [`Outbox::fold_pending_shreds`], which the sender calls
//! at the end of the pass that accepted it (one fsync per pass, not per capture), with the next
//! lease and dropping the outbox as backstops.
pub(crate) mod crypto;
mod keys;
mod producer_queries;
mod retention;
mod review;
mod scan_source;

pub use keys::{KEY_FILE_NAME, KeyFileStore, MasterKey, MasterKeyStore, OsKeyStore, master_key_store};
pub use review::{Decision, ReturnedCase, ReviewCause, ReviewItem, StuckRule};

use crate::StoreError;
use crate::data_keys::hex;
use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use crypto::Sealed;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

/// First retry delay; doubles per attempt up to [`BACKOFF_CAP`].
pub const BACKOFF_BASE: Duration = Duration::from_secs(5);
/// Longest automatic retry delay.
pub const BACKOFF_CAP: Duration = Duration::from_secs(15 * 60);
/// Longest any capture waits for its next attempt: a gateway's `Retry-After` is capped here. A
/// due time further ahead than this can only mean the PC's clock was set back since it was
/// stored, so such a capture is due at once instead of waiting for the clock to catch up.
pub const LONGEST_DELAY: Duration = Duration::from_secs(60 * 60);

/// Where an outbox entry is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting for its turn (or for `next_attempt_at`).
    Queued,
    /// Leased by a sender until `lease_until`.
    Sending,
    /// The gateway has it (receipt stored); waiting for the producer's verdict.
    AwaitingProducer,
    /// The producer accepted it; the bundle is shredded.
    Accepted,
    /// Rejected (gateway 422 or producer); kept encrypted for supervisor review.
    Rejected,
    /// Given up (e.g. permanent error); kept encrypted; [`Outbox::retry_now`] requeues it.
    Dead,
}

impl OutboxState {
    /// The stored snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::AwaitingProducer => "awaiting_producer",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Dead => "dead",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "queued" => Self::Queued,
            "sending" => Self::Sending,
            "awaiting_producer" => Self::AwaitingProducer,
            "accepted" => Self::Accepted,
            "rejected" => Self::Rejected,
            "dead" => Self::Dead,
            other => return Err(StoreError::Invalid(format!("outbox state {other:?}"))),
        })
    }
}

/// Whether [`Outbox::enqueue`] stored a new entry or found the capture already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Enqueued {
    /// Newly stored (durable when this returns).
    Stored,
    /// The capture id was already in the outbox; nothing changed.
    AlreadyPresent,
}

/// A bundle handed to a sender by [`Outbox::lease_next`].
pub struct Leased {
    /// Capture id (the gateway's `Idempotency-Key`).
    pub id: String,
    /// The decrypted bundle.
    pub bytes: Vec<u8>,
    /// Attempts including this one (1 on the first send).
    pub attempts: u32,
    /// The caller's metadata as given to [`Outbox::enqueue`].
    pub meta: serde_json::Value,
    /// Hex SHA-256 of `bytes` (for `Content-Digest`).
    pub sha256: String,
}

/// The decrypted bundle (portrait, signature, person) only as its size.
impl std::fmt::Debug for Leased {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Leased")
            .field("id", &self.id)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("attempts", &self.attempts)
            .field("meta", &self.meta)
            .field("sha256", &self.sha256)
            .finish()
    }
}

/// Counts per state, as shown on the status bar and by `skranke outbox status`.
/// Serialized with exactly these snake_case keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxStatus {
    /// Waiting to be sent.
    pub queued: u64,
    /// Being sent now.
    pub sending: u64,
    /// At the gateway, waiting for the producer.
    pub awaiting_producer: u64,
    /// Done.
    pub accepted: u64,
    /// Rejected, waiting for a supervisor.
    pub rejected: u64,
    /// Given up.
    pub dead: u64,
    /// Seconds since the oldest queued entry was enqueued (`null` when nothing is queued).
    pub oldest_queued_age_s: Option<u64>,
}

/// One entry as listed for the UI and CLI (no bundle bytes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxItem {
    /// Capture id.
    pub capture_id: String,
    /// State.
    pub state: OutboxState,
    /// Caller's metadata.
    pub meta: serde_json::Value,
    /// Hex SHA-256 of the bundle.
    pub bundle_sha256: String,
    /// Bundle size in bytes.
    pub bundle_len: u64,
    /// Send attempts so far.
    pub attempts: u32,
    /// RFC 3339: when it was enqueued.
    pub enqueued_at: String,
    /// RFC 3339: last change.
    pub updated_at: String,
    /// RFC 3339: when the next attempt is due (queued).
    pub next_attempt_at: String,
    /// Gateway receipt (JSON), once sent.
    pub receipt: Option<serde_json::Value>,
    /// Rejection reasons.
    pub reasons: Option<Vec<String>>,
    /// Why it was given up.
    pub dead_reason: Option<String>,
    /// Last transient error (for retries).
    pub last_error: Option<String>,
    /// Whether the encrypted bundle is still stored (false once accepted).
    pub has_bundle: bool,
}

/// Which entries [`Outbox::list`] returns.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListFilter {
    /// Only these states (all when empty).
    #[serde(default)]
    pub states: Vec<OutboxState>,
    /// At most this many (newest first); 100 when absent. From 1 to [`ListFilter::MAX_LIMIT`]:
    /// [`Outbox::list`] refuses anything else ([`StoreError::ListLimitOutOfRange`]).
    #[serde(default)]
    pub limit: Option<u32>,
}

impl ListFilter {
    /// The most entries one listing returns. A listing comes from the webview and the CLI
    /// (`--limit`), so it is bounded; out of range is refused rather than clamped, so that a
    /// script asking for more never takes a cut list for the whole queue. 10,000 is what the
    /// sender's own scans of the queue ask for (every queued capture), a few MB of rows.
    pub const MAX_LIMIT: u32 = 10_000;
}

/// The outbox in the Skranke database.
pub struct Outbox {
    conn: Connection,
    master: MasterKey,
    /// Bundle bytes written to the write-ahead log since this connection last checkpointed it.
    unfolded: u64,
    /// A capture was accepted (shredded) since the last complete truncating checkpoint: copies of
    /// its ciphertext may still be in the log and the database file until
    /// [`Outbox::fold_pending_shreds`] succeeds.
    shreds_unfolded: ShredsUnfolded,
}

/// Whether an acceptance's shred still waits for its truncating checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShredsUnfolded {
    /// Nothing shredded since the last complete fold.
    No,
    /// At least one acceptance since then.
    Yes,
}

/// The sender's pass start checkpoints the log once this many bundle bytes were enqueued since the
/// last checkpoint: rarely enough that an enqueue seldom pays the extra fsync of restarting the
/// log, and below SQLite's default auto-checkpoint (1,000 pages, ~4 MB), which the audit trail's
/// connection keeps, so that one does not fire on the clerk's Send either.
const CHECKPOINT_AFTER_BYTES: u64 = 2 * 1024 * 1024;

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox").finish_non_exhaustive()
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn rfc3339_ms(v: i64) -> String {
    Utc.timestamp_millis_opt(v).single().map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)).unwrap_or_default()
}

fn dur_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The automatic retry delay after `attempts` attempts: exponential from [`BACKOFF_BASE`], capped
/// at [`BACKOFF_CAP`], with jitter drawn uniformly from the upper half (`jitter` in 0..=1).
pub fn backoff_delay(attempts: u32, jitter: f64) -> Duration {
    let exp = attempts.saturating_sub(1).min(20);
    let full = BACKOFF_BASE.saturating_mul(1u32 << exp).min(BACKOFF_CAP);
    full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

impl Outbox {
    /// Opens the outbox in the database at `path` (created and migrated if needed), loads the
    /// master key from `keys`, and puts entries whose lease expired before `now` back in the queue.
    pub fn open(path: &Path, keys: &dyn MasterKeyStore, now: DateTime<Utc>) -> Result<Self, StoreError> {
        // Deleted ciphertext and wrapped keys are overwritten in the file, not left in free pages
        // (`secure_delete`, set on every connection by `db::open`).
        let conn = crate::db::open(path)?;
        // No write-ahead-log checkpoint on this connection's commits: one copies ~4 MB (a dozen
        // 300 KB bundles) into the database with an fsync, 30-50 ms that would land on the
        // clerk's Send every dozen captures. The sender folds the log in at the start of each pass
        // instead ([`Outbox::recover_all_leases`]); closing the last connection does too.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let master = keys.load_or_create()?;
        let mut ob = Self { conn, master, unfolded: 0, shreds_unfolded: ShredsUnfolded::No };
        ob.check_master_key(now)?;
        let recovered = ob.recover_leases(now)?;
        if recovered > 0 {
            tracing::info!(recovered, "outbox leases expired; entries requeued");
        }
        Ok(ob)
    }

    /// Refuses a master key other than the one the outbox was first used with; records it on
    /// first use.
    fn check_master_key(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stored: Option<(Vec<u8>, Vec<u8>)> = tx
            .query_row("SELECT nonce, ciphertext FROM outbox_key_check WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match stored {
            Some((nonce, ct)) if crypto::key_matches(&self.master, &nonce, &ct) => {}
            Some(_) => return Err(StoreError::KeyMismatch),
            None => {
                let (nonce, ct) = crypto::key_check(&self.master)?;
                tx.execute(
                    "INSERT INTO outbox_key_check (id, nonce, ciphertext, created_at) VALUES (1, ?1, ?2, ?3)",
                    params![nonce, ct, ms(now)],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Stores a bundle durably (encrypted, committed with synchronous=FULL). Idempotent on
    /// `capture_id`: a second enqueue of the same id changes nothing and says so.
    pub fn enqueue(
        &mut self,
        capture_id: &str,
        bundle: &[u8],
        meta: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<Enqueued, StoreError> {
        self.enqueue_with_hold(capture_id, bundle, meta, now, false, None)
    }

    fn enqueue_with_hold(
        &mut self,
        capture_id: &str,
        bundle: &[u8],
        meta: &serde_json::Value,
        now: DateTime<Utc>,
        held: bool,
        scan_source: Option<&str>,
    ) -> Result<Enqueued, StoreError> {
        if capture_id.is_empty() {
            return Err(StoreError::Invalid("empty capture id".into()));
        }
        // Encrypt before taking the write lock, so the lock is held only for the insert.
        let sealed = crypto::seal(&self.master, capture_id, bundle)?;
        let sha = hex(&Sha256::digest(bundle));
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(key) = scan_source
            && !scan_source::claim(&tx, key, capture_id, now)?
        {
            return Ok(Enqueued::AlreadyPresent);
        }
        let n = tx.execute(
            "INSERT INTO outbox (capture_id, state, meta, bundle_sha256, bundle_len, attempts, next_attempt_at, enqueued_at,
                                 updated_at, held, review_cause)
             VALUES (?1, 'queued', ?2, ?3, ?4, 0, ?5, ?5, ?5, ?6, CASE WHEN ?6 = 1 THEN 'override' END)
             ON CONFLICT(capture_id) DO NOTHING",
            params![capture_id, meta.to_string(), sha, bundle.len() as i64, ms(now), i64::from(held)],
        )?;
        if n == 1 {
            store_sealed(&tx, capture_id, &sealed)?;
        }
        tx.commit()?;
        self.unfolded += bundle.len() as u64;
        Ok(if n == 1 { Enqueued::Stored } else { Enqueued::AlreadyPresent })
    }

    /// Leases the next due queued entry until `now + lease_for`, counts the attempt and returns
    /// the decrypted bundle; `None` when nothing is due. Due: its time has come, or it lies
    /// further ahead than [`LONGEST_DELAY`] (the clock was set back).
    ///
    /// A backstop for [`Outbox::fold_pending_shreds`]: acceptances not yet folded are folded first
    /// (nothing to do when the last pass ended as it should).
    pub fn lease_next(&mut self, now: DateTime<Utc>, lease_for: Duration) -> Result<Option<Leased>, StoreError> {
        self.fold_pending_shreds();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = tx
            .query_row(
                "SELECT o.capture_id, b.ciphertext, b.nonce, b.wrapped_key, b.key_nonce, o.attempts, o.meta, o.bundle_sha256
                 FROM outbox o LEFT JOIN outbox_bundle b ON b.capture_id = o.capture_id
                 WHERE o.state = 'queued' AND o.held = 0 AND (o.next_attempt_at <= ?1 OR o.next_attempt_at > ?1 + ?2)
                 ORDER BY o.next_attempt_at, o.enqueued_at, o.capture_id LIMIT 1",
                params![ms(now), dur_ms(LONGEST_DELAY)],
                |r| {
                    let sealed = match (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?) {
                        (Some(ciphertext), Some(nonce), Some(wrapped_key), Some(key_nonce)) => {
                            Some(Sealed { ciphertext, nonce, wrapped_key, key_nonce })
                        }
                        _ => None,
                    };
                    Ok((
                        r.get::<_, String>(0)?,
                        sealed,
                        r.get::<_, i64>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, sealed, attempts, meta, sha256)) = row else { return Ok(None) };
        let opened = match &sealed {
            Some(sealed) => crypto::open(&self.master, &id, sealed),
            None => Err(StoreError::Invalid(format!("outbox entry {id} has no bundle"))),
        };
        let bytes = match opened {
            Ok(b) => b,
            Err(e) => {
                // The master key was checked at open, so this row is damaged or tampered with:
                // set it aside (dead, still stored) so it does not block the rest of the queue.
                tx.execute(
                    "UPDATE outbox SET state = 'dead', dead_reason = 'bundle does not decrypt', updated_at = ?2 WHERE capture_id = ?1",
                    params![id, ms(now)],
                )?;
                tx.commit()?;
                tracing::error!(capture_id = %id, "outbox bundle does not decrypt; set aside as dead");
                return Err(e);
            }
        };
        let attempts = u32::try_from(attempts + 1).unwrap_or(u32::MAX);
        tx.execute(
            "UPDATE outbox SET state = 'sending', attempts = ?2, lease_until = ?3, updated_at = ?4 WHERE capture_id = ?1",
            params![id, attempts, ms(now) + dur_ms(lease_for), ms(now)],
        )?;
        tx.commit()?;
        let meta = serde_json::from_str(&meta).map_err(|e| StoreError::Invalid(format!("outbox meta: {e}")))?;
        Ok(Some(Leased { id, bytes, attempts, meta, sha256 }))
    }

    /// Puts `sending` entries whose lease ended before `now` back in the queue (due at once).
    pub fn recover_leases(&mut self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE outbox SET state = 'queued', lease_until = NULL, next_attempt_at = ?1, updated_at = ?1,
                 last_error = 'lease expired' WHERE state = 'sending' AND lease_until < ?1",
            params![ms(now)],
        )?;
        tx.commit()?;
        Ok(n as u64)
    }

    /// Puts every `sending` entry back in the queue, whatever its lease says. Only for the one
    /// process that holds the sender lock (see `skranke-api`): any lease it finds was left by a
    /// sender that died, so waiting for it to expire would only delay delivery.
    ///
    /// The sender calls this at the start of every pass, so it also checkpoints the write-ahead
    /// log here once 2 MiB of bundles were enqueued since the last time (passive: it waits for no reader or
    /// writer), off the clerk's Send path.
    pub fn recover_all_leases(&mut self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE outbox SET state = 'queued', lease_until = NULL, next_attempt_at = ?1, updated_at = ?1,
                 last_error = 'sender stopped' WHERE state = 'sending'",
            params![ms(now)],
        )?;
        tx.commit()?;
        if self.unfolded >= CHECKPOINT_AFTER_BYTES {
            self.checkpoint()?;
            self.unfolded = 0;
        }
        Ok(n as u64)
    }

    /// Copies the write-ahead log into the database file (passive checkpoint). `wal_checkpoint`
    /// answers with a row (busy, log pages, pages copied), read and ignored.
    fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The gateway stored the bundle (201 or a replay): keep its receipt and wait for the producer.
    pub fn mark_awaiting_producer(
        &mut self,
        id: &str,
        receipt: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.transition(id, &[OutboxState::Sending], "mark_awaiting_producer", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'awaiting_producer', lease_until = NULL, receipt = ?2, updated_at = ?3 WHERE capture_id = ?1",
                params![id, receipt.to_string(), ms(now)],
            )
        })
    }

    /// A transient failure (network, 409, 429, 503): back to the queue, due after `retry_after`
    /// when the gateway said so (at most [`LONGEST_DELAY`]), else after [`backoff_delay`] with
    /// fresh jitter. Returns when.
    pub fn mark_retry(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        retry_after: Option<Duration>,
        error: &str,
    ) -> Result<DateTime<Utc>, StoreError> {
        let mut at = None;
        self.transition(id, &[OutboxState::Sending], "mark_retry", |tx| {
            let attempts: i64 = tx.query_row("SELECT attempts FROM outbox WHERE capture_id = ?1", params![id], |r| r.get(0))?;
            let delay = retry_after.map(|d| d.min(LONGEST_DELAY)).unwrap_or_else(|| {
                let jitter = f64::from(OsRng.next_u32()) / f64::from(u32::MAX);
                backoff_delay(u32::try_from(attempts).unwrap_or(u32::MAX), jitter)
            });
            let next = ms(now).saturating_add(dur_ms(delay));
            at = Some(next);
            tx.execute(
                "UPDATE outbox SET state = 'queued', lease_until = NULL, next_attempt_at = ?2, last_error = ?3, updated_at = ?4 WHERE capture_id = ?1",
                params![id, next, error, ms(now)],
            )
        })?;
        Ok(at.and_then(|v| Utc.timestamp_millis_opt(v).single()).unwrap_or(now))
    }

    /// Gives up on an entry (permanent error); it stays encrypted until a supervisor decides.
    pub fn mark_dead(&mut self, id: &str, reason: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        use OutboxState::*;
        self.transition(id, &[Queued, Sending, AwaitingProducer], "mark_dead", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'dead', lease_until = NULL, dead_reason = ?2, review_cause = 'dead', updated_at = ?3
                 WHERE capture_id = ?1",
                params![id, reason, ms(now)],
            )
        })
    }

    /// The producer accepted it: crypto-shred (delete the ciphertext and the wrapped key; keep the
    /// receipt, hash and size). Copies of them stay in the write-ahead log and the database file
    /// until the log is folded in and cut: the caller ends its pass with
    /// [`Outbox::fold_pending_shreds`] (one checkpoint for all of the pass's acceptances instead
    /// of an fsync per capture); the next lease and dropping the outbox do it too if it did not.
    pub fn mark_accepted(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        use OutboxState::*;
        self.transition(id, &[Sending, AwaitingProducer], "mark_accepted", |tx| {
            let n = tx.execute(
                "UPDATE outbox SET state = 'accepted', lease_until = NULL, updated_at = ?2 WHERE capture_id = ?1",
                params![id, ms(now)],
            )?;
            tx.execute("DELETE FROM outbox_bundle WHERE capture_id = ?1", params![id])?;
            Ok(n)
        })?;
        self.shreds_unfolded = ShredsUnfolded::Yes;
        Ok(())
    }

    /// Folds the log into the database and cuts it (`wal_checkpoint(TRUNCATE)`) if a capture was
    /// accepted since the last time, so no copy of a shredded ciphertext or key stays in the files
    /// (see `retention`); does nothing otherwise. The sender calls it when a pass ends. The shreds
    /// are committed, so a checkpoint that fails or finds a reader is logged, not returned, and
    /// stays pending: the next call (the next lease, or dropping the outbox) tries again.
    pub fn fold_pending_shreds(&mut self) {
        if self.shreds_unfolded == ShredsUnfolded::No {
            return;
        }
        match self.truncate_wal() {
            Ok(c) if c.complete() => self.shreds_unfolded = ShredsUnfolded::No,
            Ok(_) => tracing::warn!("write-ahead log busy after accepted captures were shredded; folded later"),
            Err(e) => {
                tracing::warn!(code = %e.code(), "write-ahead log checkpoint after shredding accepted captures failed")
            }
        }
    }

    /// Whether an accepted capture's shred still waits for [`Outbox::fold_pending_shreds`].
    pub fn shreds_pending_fold(&self) -> bool {
        self.shreds_unfolded == ShredsUnfolded::Yes
    }

    /// Rejected (gateway 422, the producer, or the person blocked at the sender's re-lookup): kept
    /// encrypted for supervisor review, with the reasons and the cause the review queue shows.
    pub fn mark_rejected(
        &mut self,
        id: &str,
        cause: ReviewCause,
        reasons: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        use OutboxState::*;
        let reasons = serde_json::to_string(reasons).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.transition(id, &[Sending, AwaitingProducer], "mark_rejected", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'rejected', lease_until = NULL, reasons = ?2, review_cause = ?3, updated_at = ?4
                 WHERE capture_id = ?1",
                params![id, reasons, cause.as_str(), ms(now)],
            )
        })
    }

    /// "Send now": a queued entry becomes due at once; a dead one goes back to the queue (and out
    /// of review). A capture a supervisor returned or discarded stays where it is; one held for
    /// review stays held.
    pub fn retry_now(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        use OutboxState::*;
        self.transition(id, &[Queued, Dead], "retry_now", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, dead_reason = NULL,
                     review_cause = CASE WHEN state = 'dead' THEN NULL ELSE review_cause END, updated_at = ?2
                 WHERE capture_id = ?1
                   AND capture_id NOT IN (SELECT capture_id FROM review_decision WHERE decision != 'approved')",
                params![id, ms(now)],
            )
        })
    }

    /// Replaces the bundle of a leased entry that the gateway has never seen (no receipt), under
    /// the same capture id: a case saved "CPR ikke verificeret" is rebuilt with the register's
    /// answer before its first upload. A fresh per-bundle key is used; the old ciphertext and key
    /// are overwritten.
    pub fn replace_unsent(
        &mut self,
        id: &str,
        bundle: &[u8],
        meta: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sealed = crypto::seal(&self.master, id, bundle)?;
        let sha = hex(&Sha256::digest(bundle));
        // Only while leased and before any receipt: the gateway must never have seen other bytes.
        self.transition(id, &[OutboxState::Sending], "replace_unsent", |tx| {
            let n = tx.execute(
                "UPDATE outbox SET meta = ?2, bundle_sha256 = ?3, bundle_len = ?4, updated_at = ?5
                     WHERE capture_id = ?1 AND receipt IS NULL",
                params![id, meta.to_string(), sha, bundle.len() as i64, ms(now)],
            )?;
            if n == 1 {
                store_sealed(tx, id, &sealed)?;
            }
            Ok(n)
        })
    }

    /// The gateway no longer knows an entry it gave a receipt for: send it again (the same bytes,
    /// the same `Idempotency-Key`), due at once.
    pub fn resend(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.transition(id, &[OutboxState::AwaitingProducer], "resend", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'queued', receipt = NULL, next_attempt_at = ?2, last_error = 'unknown at the gateway',
                     updated_at = ?2 WHERE capture_id = ?1",
                params![id, ms(now)],
            )
        })
    }

    /// Deletes `accepted` rows (receipt and hash only) last changed before `cutoff`; returns how
    /// many. The audit trail keeps the record of the send.
    pub fn purge_accepted_older_than(&mut self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute("DELETE FROM outbox WHERE state = 'accepted' AND updated_at < ?1", params![ms(cutoff)])?;
        tx.commit()?;
        Ok(n as u64)
    }

    /// Decrypts a stored bundle (supervisor review of a rejected or dead entry).
    pub fn bundle(&self, id: &str) -> Result<Vec<u8>, StoreError> {
        let sealed = self
            .conn
            .query_row(
                "SELECT ciphertext, nonce, wrapped_key, key_nonce FROM outbox_bundle WHERE capture_id = ?1",
                params![id],
                |r| {
                    Ok(Sealed { ciphertext: r.get(0)?, nonce: r.get(1)?, wrapped_key: r.get(2)?, key_nonce: r.get(3)? })
                },
            )
            .optional()?;
        match sealed {
            Some(sealed) => crypto::open(&self.master, id, &sealed),
            None => {
                let state: Option<String> = self
                    .conn
                    .query_row("SELECT state FROM outbox WHERE capture_id = ?1", params![id], |r| r.get(0))
                    .optional()?;
                match state {
                    Some(state) => Err(StoreError::InvalidState { id: id.into(), state, action: "bundle" }),
                    None => Err(StoreError::NotFound(id.to_string())),
                }
            }
        }
    }

    /// Counts per state and the age of the oldest queued entry.
    pub fn status(&self, now: DateTime<Utc>) -> Result<OutboxStatus, StoreError> {
        let mut s = OutboxStatus::default();
        let mut stmt = self.conn.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (state, n) = row?;
            let n = n as u64;
            match OutboxState::parse(&state)? {
                OutboxState::Queued => s.queued = n,
                OutboxState::Sending => s.sending = n,
                OutboxState::AwaitingProducer => s.awaiting_producer = n,
                OutboxState::Accepted => s.accepted = n,
                OutboxState::Rejected => s.rejected = n,
                OutboxState::Dead => s.dead = n,
            }
        }
        let oldest: Option<i64> =
            self.conn.query_row("SELECT MIN(enqueued_at) FROM outbox WHERE state = 'queued'", [], |r| r.get(0))?;
        s.oldest_queued_age_s = oldest.map(|t| (ms(now).saturating_sub(t).max(0) / 1000) as u64);
        Ok(s)
    }

    /// Entries (newest first), without bundle bytes. A limit outside 1..=[`ListFilter::MAX_LIMIT`]
    /// is [`StoreError::ListLimitOutOfRange`].
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT capture_id, state, meta, bundle_sha256, bundle_len, attempts, enqueued_at, updated_at, next_attempt_at,
                    receipt, reasons, dead_reason, last_error,
                    EXISTS (SELECT 1 FROM outbox_bundle b WHERE b.capture_id = outbox.capture_id)
             FROM outbox ORDER BY enqueued_at DESC, capture_id DESC",
        )?;
        let limit = filter.limit.unwrap_or(100);
        if !(1..=ListFilter::MAX_LIMIT).contains(&limit) {
            return Err(StoreError::ListLimitOutOfRange { limit, max: ListFilter::MAX_LIMIT });
        }
        let limit = limit as usize;
        let mut out = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let state = OutboxState::parse(&r.get::<_, String>(1)?)?;
            if !filter.states.is_empty() && !filter.states.contains(&state) {
                continue;
            }
            let json = |v: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
                v.map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Invalid(e.to_string()))).transpose()
            };
            let reasons: Option<Vec<String>> = match r.get::<_, Option<String>>(10)? {
                Some(s) => Some(serde_json::from_str(&s).map_err(|e| StoreError::Invalid(e.to_string()))?),
                None => None,
            };
            out.push(OutboxItem {
                capture_id: r.get(0)?,
                state,
                meta: json(Some(r.get(2)?))?.unwrap_or(serde_json::Value::Null),
                bundle_sha256: r.get(3)?,
                bundle_len: r.get::<_, i64>(4)? as u64,
                attempts: r.get::<_, i64>(5)? as u32,
                enqueued_at: rfc3339_ms(r.get(6)?),
                updated_at: rfc3339_ms(r.get(7)?),
                next_attempt_at: rfc3339_ms(r.get(8)?),
                receipt: json(r.get(9)?)?,
                reasons,
                dead_reason: r.get(11)?,
                last_error: r.get(12)?,
                has_bundle: r.get(13)?,
            });
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Runs one state change in an immediate transaction after checking the current state; the
    /// change is refused when its update touches no row.
    fn transition(
        &mut self,
        id: &str,
        allowed: &[OutboxState],
        action: &'static str,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<usize>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state: Option<String> =
            tx.query_row("SELECT state FROM outbox WHERE capture_id = ?1", params![id], |r| r.get(0)).optional()?;
        let state = OutboxState::parse(&state.ok_or_else(|| StoreError::NotFound(id.to_string()))?)?;
        if !allowed.contains(&state) {
            return Err(StoreError::InvalidState { id: id.to_string(), state: state.as_str().to_string(), action });
        }
        // The update may carry a further condition of its own (e.g. "no receipt yet"): no row
        // changed means it did not hold, which is the same refusal as a wrong state.
        if f(&tx)? == 0 {
            return Err(StoreError::InvalidState { id: id.to_string(), state: state.as_str().to_string(), action });
        }
        tx.commit()?;
        Ok(())
    }

    /// The underlying connection (tests: page limits, tampering).
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// The last backstop of [`Outbox::fold_pending_shreds`]: an outbox dropped after acceptances
/// that nobody folded (a pass cut short) folds them before its connection closes.
impl Drop for Outbox {
    fn drop(&mut self) {
        self.fold_pending_shreds();
    }
}

/// Stores (or replaces) the sealed bundle of an outbox entry, inside the caller's transaction.
fn store_sealed(tx: &rusqlite::Transaction<'_>, capture_id: &str, sealed: &Sealed) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO outbox_bundle (capture_id, ciphertext, nonce, wrapped_key, key_nonce) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(capture_id) DO UPDATE SET ciphertext = excluded.ciphertext, nonce = excluded.nonce,
             wrapped_key = excluded.wrapped_key, key_nonce = excluded.key_nonce",
        params![capture_id, sealed.ciphertext, sealed.nonce, sealed.wrapped_key, sealed.key_nonce],
    )
}

#[cfg(test)]
mod checkpoint_tests;
#[cfg(test)]
mod shred_tests;
#[cfg(test)]
mod tests;
