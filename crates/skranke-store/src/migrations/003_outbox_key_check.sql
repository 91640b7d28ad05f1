-- A known value encrypted under the outbox master key, so opening the outbox with a different
-- (or newly generated) master key fails at once instead of row by row.
CREATE TABLE outbox_key_check (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    nonce      BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
