-- The audit trail: append-only, hash-chained, kept one year (docs/audit.md).
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,   -- order of the chain; never reused
    at           TEXT    NOT NULL,      -- RFC 3339, UTC
    user_id      TEXT    NOT NULL,
    workstation  TEXT    NOT NULL,
    action       TEXT    NOT NULL,      -- sign_in, cpr_lookup, ... (AuditAction)
    subject_cpr  TEXT,                  -- the person concerned: the one place that names them
    outcome      TEXT    NOT NULL,
    details      TEXT    NOT NULL,      -- JSON; never images, never addresses
    prev_hash    TEXT    NOT NULL,      -- hash of the entry before (or of the purge checkpoint)
    hash         TEXT    NOT NULL       -- SHA-256 over the canonical encoding of this entry
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject ON audit_log (subject_cpr);

-- Where the chain starts after old entries were purged: the last purged entry's hash.
CREATE TABLE audit_checkpoint (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    purged_through_seq INTEGER NOT NULL,
    last_purged_hash   TEXT    NOT NULL,
    purged_at          TEXT    NOT NULL
);

-- Deleting is allowed only while the purge holds this gate open (inside its transaction).
CREATE TABLE audit_purge_gate (id INTEGER PRIMARY KEY CHECK (id = 1), open INTEGER NOT NULL);
INSERT INTO audit_purge_gate (id, open) VALUES (1, 0);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN (SELECT open FROM audit_purge_gate WHERE id = 1) IS NOT 1
BEGIN SELECT RAISE(ABORT, 'audit_log entries are removed only by the retention purge'); END;
