//! Scanned pages queued once: a page of a scanner's file is named by a source key (the file's
//! SHA-256 and the page number, made by the caller); the key is claimed in the enqueue's
//! transaction, so the outbox holds at most one capture per scanned page, whatever crashes happen
//! between queuing and the watched folder's move to `done/`.
use super::{Enqueued, Outbox, ms};
use crate::StoreError;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

/// Claims `key` for `capture_id` inside the enqueue's transaction; false when another capture
/// already has it (the page is queued).
pub(super) fn claim(tx: &Transaction<'_>, key: &str, capture_id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if key.is_empty() {
        return Err(StoreError::Invalid("empty scan source key".into()));
    }
    let n = tx.execute(
        "INSERT INTO scan_source (source_key, capture_id, queued_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(source_key) DO NOTHING",
        params![key, capture_id, ms(now)],
    )?;
    Ok(n == 1)
}

impl Outbox {
    /// Stores the capture of a scanned page like [`Outbox::enqueue`] (or held, like
    /// [`Outbox::enqueue_held`]), unless the page's `source_key` is already queued: then nothing
    /// changes and the answer is [`Enqueued::AlreadyPresent`]. One transaction.
    pub fn enqueue_scan(
        &mut self,
        capture_id: &str,
        source_key: &str,
        bundle: &[u8],
        meta: &serde_json::Value,
        now: DateTime<Utc>,
        held: bool,
    ) -> Result<Enqueued, StoreError> {
        self.enqueue_with_hold(capture_id, bundle, meta, now, held, Some(source_key))
    }

    /// The capture a scanned page was queued as, if it was.
    pub fn scan_source_capture(&self, source_key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT capture_id FROM scan_source WHERE source_key = ?1", [source_key], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::Enqueued;
    use crate::outbox::{KeyFileStore, ListFilter, Outbox, OutboxState};
    use chrono::Utc;

    fn states(o: &Outbox) -> Vec<(String, OutboxState)> {
        o.list(&ListFilter::default()).expect("list").into_iter().map(|i| (i.capture_id, i.state)).collect()
    }

    #[test]
    fn a_scanned_page_is_queued_once_whatever_its_capture_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        let now = Utc::now();
        let mut o = Outbox::open(&dir.path().join("skranke.db"), &KeyFileStore::new(dir.path()), now).expect("open");
        let meta = serde_json::json!({"kind": "driving_licence"});
        let first = o.enqueue_scan("cap-1", "sha:abc#1", b"bundle one", &meta, now, false).expect("first");
        assert_eq!(first, Enqueued::Stored);
        // The same page again (the app died before the file was moved), under a new capture id.
        let again = o.enqueue_scan("cap-2", "sha:abc#1", b"bundle two", &meta, now, false).expect("again");
        assert_eq!(again, Enqueued::AlreadyPresent);
        assert_eq!(o.scan_source_capture("sha:abc#1").expect("read").as_deref(), Some("cap-1"));
        assert_eq!(states(&o), vec![("cap-1".to_string(), OutboxState::Queued)], "the second was not stored");
        // Another page of the same file is its own capture; a key survives reopening the file.
        assert_eq!(o.enqueue_scan("cap-3", "sha:abc#2", b"three", &meta, now, true).expect("page 2"), Enqueued::Stored);
        drop(o);
        let o = Outbox::open(&dir.path().join("skranke.db"), &KeyFileStore::new(dir.path()), now).expect("reopen");
        assert_eq!(o.scan_source_capture("sha:abc#2").expect("read").as_deref(), Some("cap-3"));
        assert_eq!(o.scan_source_capture("sha:unknown#1").expect("read"), None);
    }
}
