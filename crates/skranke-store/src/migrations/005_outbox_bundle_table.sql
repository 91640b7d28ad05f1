-- The encrypted bundles move to a table of their own. In the outbox row they came before the
-- scheduling columns, so every state change rewrote ~300 KB (and secure_delete zeroed the old
-- pages), and any query reading a later column walked the bundle's overflow pages: a lease with
-- 200 captures queued read ~60 MB. A row of `outbox` is now small; `outbox_bundle` holds the
-- ciphertext and wrapped key until the capture is accepted (crypto-shred = delete the row).
CREATE TABLE outbox_bundle (
    capture_id  TEXT PRIMARY KEY REFERENCES outbox (capture_id) ON DELETE CASCADE,
    ciphertext  BLOB NOT NULL,
    nonce       BLOB NOT NULL,   -- 12 bytes, for the ciphertext
    wrapped_key BLOB NOT NULL,   -- the bundle key under the master key
    key_nonce   BLOB NOT NULL    -- 12 bytes, for the wrapped key
);
INSERT INTO outbox_bundle (capture_id, ciphertext, nonce, wrapped_key, key_nonce)
    SELECT capture_id, ciphertext, nonce, wrapped_key, key_nonce FROM outbox
    WHERE ciphertext IS NOT NULL AND nonce IS NOT NULL AND wrapped_key IS NOT NULL AND key_nonce IS NOT NULL;
ALTER TABLE outbox DROP COLUMN ciphertext;
ALTER TABLE outbox DROP COLUMN nonce;
ALTER TABLE outbox DROP COLUMN wrapped_key;
ALTER TABLE outbox DROP COLUMN key_nonce;
-- The sender's next capture is the first entry of this index that is due: no sort, no table scan.
DROP INDEX outbox_due;
CREATE INDEX outbox_lease ON outbox (state, next_attempt_at, enqueued_at, capture_id);
