-- How often the sender has asked the gateway for the producer's decision on an awaiting capture:
-- it asks about those asked least first, so every capture gets its turn however many wait.
ALTER TABLE outbox ADD COLUMN status_queries INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_awaiting ON outbox (state, status_queries, enqueued_at);
