-- Issue 16: supervisor review (docs/review.md).
-- Why a capture waits for a supervisor: gateway_rejected, producer_rejected, blocked (the sender's
-- re-lookup found the person dead, emigrated, not found, ...), override (held before sending),
-- dead (given up). NULL: nothing to review. "stuck" is derived (queued, refused for too long).
ALTER TABLE outbox ADD COLUMN review_cause TEXT;
-- 1: queued but not sent until a supervisor approves (a clerk's override, `[review] overrides`).
ALTER TABLE outbox ADD COLUMN held INTEGER NOT NULL DEFAULT 0;

-- One decision per capture, with who, when and the written reason (also in the audit trail).
CREATE TABLE review_decision (
    capture_id TEXT PRIMARY KEY REFERENCES outbox (capture_id) ON DELETE CASCADE,
    decision   TEXT NOT NULL CHECK (decision IN ('approved', 'returned', 'discarded')),
    cause      TEXT NOT NULL,      -- the cause it was decided under
    decided_by TEXT NOT NULL,
    reason     TEXT NOT NULL,
    decided_at INTEGER NOT NULL    -- unix ms; retention counts review_days from here
);

-- A capture returned to the counter: shown to clerks under "Returnerede sager" until the citizen
-- is informed and a new capture for the person is sent.
CREATE TABLE returned_case (
    capture_id  TEXT PRIMARY KEY,
    case_ref    TEXT NOT NULL,
    cpr_masked  TEXT NOT NULL,
    person_key  TEXT NOT NULL,     -- keyed hash of the CPR number (no number in clear)
    cause       TEXT NOT NULL,
    reasons     TEXT NOT NULL,     -- JSON array: the gateway's or producer's reasons (codes)
    supervisor_reason TEXT NOT NULL,
    captured_by TEXT,
    returned_by TEXT NOT NULL,
    returned_at INTEGER NOT NULL,
    citizen_told TEXT,             -- how the citizen was told (free text by the clerk)
    informed_by TEXT,
    informed_at INTEGER,
    resolved_by_capture TEXT,      -- the new capture sent for the person
    resolved_at INTEGER
);
CREATE INDEX returned_case_person ON returned_case (person_key);
