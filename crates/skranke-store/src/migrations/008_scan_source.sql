-- Issue 19: a scanned page is queued at most once. The key names the scanner's file by content
-- (SHA-256 of its bytes) and the page; it is written in the enqueue's own transaction, so a page
-- whose capture is queued is never queued again, even when the app died between queuing it and
-- moving the file to done/ (the watched folder's recovery reads this table). No personal data:
-- a digest of a file and a page number.
CREATE TABLE scan_source (
    source_key TEXT PRIMARY KEY,
    capture_id TEXT NOT NULL,
    queued_at  INTEGER NOT NULL    -- unix ms
);
