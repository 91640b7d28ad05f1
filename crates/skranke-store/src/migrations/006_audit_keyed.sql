-- Issue 15: the audit chain keyed and the person encrypted (docs/audit.md).
-- Data keys of the store, each wrapped (AES-256-GCM) by the master key, so rotating the master key
-- re-wraps one row per key and never re-encrypts or re-chains the data.
CREATE TABLE store_key (
    name       TEXT PRIMARY KEY,   -- 'audit'
    nonce      BLOB NOT NULL,      -- 12 bytes
    wrapped    BLOB NOT NULL,      -- the 32-byte key under the master key (aad 'store-key' 0x00 name)
    created_at TEXT NOT NULL
);

-- The plain-SHA-256 entries with plain CPR numbers are moved into the keyed chain by the first
-- AuditLog::open that has the key (audit/legacy.rs), then this table is dropped.
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP INDEX audit_log_at;
DROP INDEX audit_log_subject;
ALTER TABLE audit_log RENAME TO audit_log_v1;

CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,   -- order of the chain; never reused
    at           TEXT    NOT NULL,      -- RFC 3339, UTC
    user_id      TEXT    NOT NULL,
    workstation  TEXT    NOT NULL,
    action       TEXT    NOT NULL,      -- sign_in, cpr_lookup, ... (AuditAction)
    subject_key  TEXT,                  -- keyed hash (HMAC-SHA-256) of the person's CPR number: look-ups by person
    subject_enc  BLOB,                  -- nonce || AES-256-GCM of the CPR number (aad: seq)
    outcome      TEXT    NOT NULL,
    details      TEXT    NOT NULL,      -- JSON; never images, never addresses, never CPR numbers
    prev_mac     TEXT    NOT NULL,      -- mac of the entry before (or of the purge checkpoint)
    mac          TEXT    NOT NULL       -- HMAC-SHA-256 over the canonical encoding of this entry
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject ON audit_log (subject_key);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN (SELECT open FROM audit_purge_gate WHERE id = 1) IS NOT 1
BEGIN SELECT RAISE(ABORT, 'audit_log entries are removed only by the retention purge'); END;

-- The purge checkpoint is signed too (a forged one would hide a deleted head of the chain).
ALTER TABLE audit_checkpoint ADD COLUMN sig TEXT;
