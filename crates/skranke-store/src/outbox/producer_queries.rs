//! Which captures at the gateway the sender asks about next: every awaiting capture in turn
//! (those asked least often first, then the oldest), so none is forgotten however many wait and
//! whatever the PC's clock does.
use super::{Outbox, OutboxState, ms};
use crate::StoreError;
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Outbox {
    /// Up to `limit` captures waiting for the producer's decision, in the order to ask about them:
    /// fewest questions so far first, then oldest. Asking about each ([`Outbox::producer_asked`])
    /// moves it behind the others, so with `n` waiting each is asked within `n / limit + 1` passes.
    pub fn awaiting_to_ask(&self, limit: u32) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT capture_id FROM outbox WHERE state = 'awaiting_producer'
             ORDER BY status_queries, enqueued_at, capture_id LIMIT ?1",
        )?;
        let ids = stmt.query_map(params![limit], |r| r.get::<_, String>(0))?;
        Ok(ids.collect::<Result<Vec<_>, _>>()?)
    }

    /// The gateway was asked about `id` and the producer has not decided yet: it goes to the back.
    pub fn producer_asked(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.transition(id, &[OutboxState::AwaitingProducer], "producer_asked", |tx| {
            tx.execute(
                "UPDATE outbox SET status_queries = status_queries + 1, updated_at = ?2 WHERE capture_id = ?1",
                params![id, ms(now)],
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{KeyFileStore, Outbox};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use std::collections::HashMap;
    use std::path::Path;

    fn open_outbox(dir: &Path, now: DateTime<Utc>) -> Outbox {
        Outbox::open(&dir.join("skranke.db"), &KeyFileStore::new(dir), now).expect("open")
    }

    /// `n` captures uploaded one second apart and waiting for the producer, oldest first.
    fn awaiting(ob: &mut Outbox, n: u32, start: DateTime<Utc>) -> Vec<String> {
        let lease = std::time::Duration::from_secs(60);
        (0..n)
            .map(|i| {
                let id = format!("capture-{i:04}");
                let at = start + Duration::seconds(i.into());
                ob.enqueue(&id, b"bundle", &serde_json::json!({}), at).expect("enqueue");
                let leased = ob.lease_next(at, lease).expect("lease").expect("due");
                assert_eq!(leased.id, id);
                ob.mark_awaiting_producer(&id, &serde_json::json!({"receipt_id": i}), at).expect("uploaded");
                id
            })
            .collect()
    }

    /// 200 captures await the producer and a pass asks about 50: four passes ask each exactly
    /// once (the newest-50-first order asked the same 50 every pass).
    #[test]
    fn every_awaiting_capture_is_asked_in_turn() {
        let t = tempfile::tempdir().expect("tempdir");
        let start = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
        let mut ob = open_outbox(t.path(), start);
        let ids = awaiting(&mut ob, 200, start);
        let mut asked: HashMap<String, u32> = HashMap::new();
        for pass in 0..4 {
            let now = start + Duration::minutes(10 + pass);
            let batch = ob.awaiting_to_ask(50).expect("to ask");
            assert_eq!(batch.len(), 50);
            for id in batch {
                ob.producer_asked(&id, now).expect("asked");
                *asked.entry(id).or_default() += 1;
            }
        }
        assert_eq!(asked.len(), 200, "every capture asked");
        assert!(asked.values().all(|n| *n == 1), "none asked twice before all were asked once");
        assert!(ids.iter().all(|id| asked.contains_key(id)));
        // The fifth pass starts the round again with the oldest.
        assert_eq!(ob.awaiting_to_ask(1).expect("next"), vec![ids[0].clone()]);
    }

    /// A clock set back does not change whose turn it is (the order does not use the time).
    #[test]
    fn turns_do_not_depend_on_the_clock() {
        let t = tempfile::tempdir().expect("tempdir");
        let start = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
        let mut ob = open_outbox(t.path(), start);
        let ids = awaiting(&mut ob, 4, start);
        ob.producer_asked(&ids[0], start + Duration::minutes(5)).expect("asked");
        ob.producer_asked(&ids[1], start - Duration::days(1)).expect("asked after the clock went back");
        assert_eq!(ob.awaiting_to_ask(2).expect("next"), vec![ids[2].clone(), ids[3].clone()]);
    }

    #[test]
    fn only_awaiting_captures_are_asked_about() {
        let t = tempfile::tempdir().expect("tempdir");
        let start = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().expect("time");
        let mut ob = open_outbox(t.path(), start);
        let ids = awaiting(&mut ob, 2, start);
        ob.mark_accepted(&ids[0], start).expect("accepted");
        assert_eq!(ob.awaiting_to_ask(10).expect("next"), vec![ids[1].clone()]);
        assert!(ob.producer_asked(&ids[0], start).is_err(), "an accepted capture is not awaiting");
    }
}
