//! Local SQLite storage: the encrypted outbox, the audit trail and the review queue.
#![deny(missing_docs)]
