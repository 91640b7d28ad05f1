-- The encrypted outbox (docs/outbox.md). One row per capture; the bundle is stored only as
-- AES-256-GCM ciphertext under its own key, and that key only wrapped by the master key.
CREATE TABLE outbox (
    capture_id      TEXT    PRIMARY KEY,   -- idempotency key; enqueuing twice stores one row
    state           TEXT    NOT NULL CHECK (state IN
                        ('queued', 'sending', 'awaiting_producer', 'accepted', 'rejected', 'dead')),
    meta            TEXT    NOT NULL,      -- caller's JSON; no personal data (stored in clear)
    bundle_sha256   TEXT    NOT NULL,      -- hex SHA-256 of the plaintext bundle (kept after shred)
    bundle_len      INTEGER NOT NULL,
    ciphertext      BLOB,                  -- NULL once accepted (crypto-shredded)
    nonce           BLOB,                  -- 12 bytes, for the ciphertext
    wrapped_key     BLOB,                  -- the bundle key under the master key; NULL once accepted
    key_nonce       BLOB,                  -- 12 bytes, for the wrapped key
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,      -- unix ms; backoff with jitter survives restarts
    lease_until     INTEGER,               -- unix ms while 'sending'
    enqueued_at     INTEGER NOT NULL,      -- unix ms
    updated_at      INTEGER NOT NULL,      -- unix ms
    receipt         TEXT,                  -- gateway receipt (JSON) once sent
    reasons         TEXT,                  -- JSON array: rejection reasons
    dead_reason     TEXT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
