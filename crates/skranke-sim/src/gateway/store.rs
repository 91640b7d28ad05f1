//! The gateway's captures, keyed by capture id (the `Idempotency-Key`): the dedupe rules (a replay
//! of the same content gets the first receipt, other content under the same key is refused, a key
//! being processed is "in flight"), the receipt, and the producer's decision and its time.
use super::decision::{Decision, DecisionSettings, decide};
use super::wire::{ProducerState, ProducerStatus, Receipt, timestamp};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

/// What an upload meets in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// A new key: now marked in flight; commit it.
    New,
    /// Stored before with the same content: answer with this receipt.
    Replay(Receipt),
    /// The same key with the same content is being processed.
    InFlight,
    /// The key was used for other content.
    Conflict,
}

/// The producer's decision as the admin endpoint shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionState {
    /// Not decided yet.
    Pending,
    /// Accepted.
    Accepted,
    /// Rejected.
    Rejected,
}

impl DecisionState {
    /// `pending`, `accepted` or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }
}

/// A capture the gateway stored.
#[derive(Clone)]
pub struct StoredCapture {
    /// The capture id.
    pub capture_id: Uuid,
    /// How many times it was stored (1 unless deduplication failed).
    pub stored: u32,
    /// The receipt given for it.
    pub receipt: Receipt,
    /// The producer's decision at the time of asking.
    pub decision: DecisionState,
    /// Reason codes when rejected.
    pub reasons: Vec<String>,
    /// The bundle bytes as received.
    pub bytes: Vec<u8>,
}

/// Shows ids, counts and the decision; never the bundle bytes (they hold personal data).
impl std::fmt::Debug for StoredCapture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredCapture")
            .field("capture_id", &self.capture_id)
            .field("stored", &self.stored)
            .field("receipt", &self.receipt)
            .field("decision", &self.decision)
            .field("reasons", &self.reasons)
            .field("size", &self.bytes.len())
            .finish()
    }
}

#[derive(Debug)]
struct Entry {
    sha256: [u8; 32],
    stored: u32,
    committed: Option<Committed>,
}

#[derive(Debug)]
struct Committed {
    receipt: Receipt,
    decision: Decision,
    decided_at: DateTime<Utc>,
    bytes: Vec<u8>,
}

/// Every capture the simulator has seen, in id (= time, UUIDv7) order.
#[derive(Debug, Default)]
pub(super) struct Store {
    entries: BTreeMap<Uuid, Entry>,
}

impl Store {
    /// Looks the key up and, when it is new, marks it in flight.
    pub(super) fn begin(&mut self, id: Uuid, sha256: [u8; 32]) -> Begin {
        match self.entries.get(&id) {
            None => {
                self.entries.insert(id, Entry { sha256, stored: 0, committed: None });
                Begin::New
            }
            Some(e) if e.sha256 != sha256 => Begin::Conflict,
            Some(Entry { committed: Some(c), .. }) => Begin::Replay(c.receipt.clone()),
            Some(Entry { committed: None, .. }) => Begin::InFlight,
        }
    }

    /// Stores a capture begun with [`Store::begin`] and gives its receipt; the producer's decision
    /// is fixed now and becomes visible `settings.delay_ms` later.
    pub(super) fn commit(
        &mut self,
        id: Uuid,
        bytes: Vec<u8>,
        now: DateTime<Utc>,
        settings: &DecisionSettings,
    ) -> Receipt {
        let sha256 = super::digest::sha256(&bytes);
        let entry = self.entries.entry(id).or_insert(Entry { sha256, stored: 0, committed: None });
        entry.stored += 1;
        let receipt = Receipt {
            capture_id: id.hyphenated().to_string(),
            receipt_id: Uuid::now_v7().hyphenated().to_string(),
            received_at: timestamp(now),
            content_sha256: skranke_core::sha256_hex(&bytes),
        };
        let delay = chrono::Duration::from_std(settings.delay()).unwrap_or(chrono::Duration::zero());
        entry.committed = Some(Committed {
            receipt: receipt.clone(),
            decision: decide(&id, settings),
            decided_at: now + delay,
            bytes,
        });
        receipt
    }

    /// The producer status at `now`; `None` for an id never stored.
    pub(super) fn status(&self, id: Uuid, now: DateTime<Utc>) -> Option<ProducerStatus> {
        let c = self.entries.get(&id)?.committed.as_ref()?;
        let (state, reasons, decided_at) = match (&c.decision, now >= c.decided_at) {
            (_, false) => (ProducerState::Received, Vec::new(), None),
            (Decision::Accept, true) => (ProducerState::Accepted, Vec::new(), Some(timestamp(c.decided_at))),
            (Decision::Reject(r), true) => (ProducerState::Rejected, r.clone(), Some(timestamp(c.decided_at))),
        };
        Some(ProducerStatus { capture_id: id.hyphenated().to_string(), state, reasons, decided_at })
    }

    /// Every stored capture, with its decision as of `now`.
    pub(super) fn captures(&self, now: DateTime<Utc>) -> Vec<StoredCapture> {
        self.entries
            .iter()
            .filter_map(|(id, e)| {
                let c = e.committed.as_ref()?;
                let (decision, reasons) = match (&c.decision, now >= c.decided_at) {
                    (_, false) => (DecisionState::Pending, Vec::new()),
                    (Decision::Accept, true) => (DecisionState::Accepted, Vec::new()),
                    (Decision::Reject(r), true) => (DecisionState::Rejected, r.clone()),
                };
                Some(StoredCapture {
                    capture_id: *id,
                    stored: e.stored,
                    receipt: c.receipt.clone(),
                    decision,
                    reasons,
                    bytes: c.bytes.clone(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::digest::sha256;
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).expect("time")
    }

    fn settings(delay_ms: u64, reject_share: f64) -> DecisionSettings {
        DecisionSettings { delay_ms, reject_share, ..Default::default() }
    }

    #[test]
    fn a_replay_of_the_same_content_gets_the_first_receipt_and_is_not_stored_again() {
        let mut s = Store::default();
        let id = Uuid::now_v7();
        assert_eq!(s.begin(id, sha256(b"one")), Begin::New);
        let receipt = s.commit(id, b"one".to_vec(), now(), &settings(0, 0.0));
        assert_eq!(receipt.capture_id, id.to_string());
        assert_eq!(receipt.content_sha256, skranke_core::sha256_hex(b"one"));
        assert_eq!(s.begin(id, sha256(b"one")), Begin::Replay(receipt.clone()));
        assert_eq!(s.begin(id, sha256(b"one")), Begin::Replay(receipt));
        let all = s.captures(now());
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].stored, 1);
        assert_eq!(all[0].bytes, b"one");
    }

    #[test]
    fn the_same_key_with_other_content_conflicts_in_flight_or_stored() {
        let mut s = Store::default();
        let id = Uuid::now_v7();
        assert_eq!(s.begin(id, sha256(b"one")), Begin::New);
        assert_eq!(s.begin(id, sha256(b"two")), Begin::Conflict);
        assert_eq!(s.begin(id, sha256(b"one")), Begin::InFlight);
        s.commit(id, b"one".to_vec(), now(), &settings(0, 0.0));
        assert_eq!(s.begin(id, sha256(b"two")), Begin::Conflict);
    }

    #[test]
    fn an_in_flight_capture_has_no_status_and_is_not_listed() {
        let mut s = Store::default();
        let id = Uuid::now_v7();
        s.begin(id, sha256(b"one"));
        assert_eq!(s.status(id, now()), None);
        assert!(s.captures(now()).is_empty());
        assert_eq!(s.status(Uuid::now_v7(), now()), None);
    }

    #[test]
    fn the_decision_shows_after_the_delay() {
        let mut s = Store::default();
        let (a, r) = (Uuid::now_v7(), Uuid::now_v7());
        s.begin(a, sha256(b"a"));
        s.commit(a, b"a".to_vec(), now(), &settings(1000, 0.0));
        s.begin(r, sha256(b"r"));
        s.commit(r, b"r".to_vec(), now(), &settings(1000, 1.0));
        let early = now() + chrono::Duration::milliseconds(999);
        let late = now() + chrono::Duration::milliseconds(1000);
        assert_eq!(s.status(a, early).map(|x| x.state), Some(ProducerState::Received));
        assert_eq!(s.status(a, late).map(|x| x.state), Some(ProducerState::Accepted));
        let rejected = s.status(r, late).expect("stored");
        assert_eq!(rejected.state, ProducerState::Rejected);
        assert_eq!(rejected.reasons, DecisionSettings::default().reasons);
        assert_eq!(rejected.decided_at.as_deref(), Some("2027-01-15T08:00:01Z"));
        let listed: Vec<DecisionState> = s.captures(early).iter().map(|c| c.decision).collect();
        assert_eq!(listed, vec![DecisionState::Pending, DecisionState::Pending]);
        let listed: Vec<DecisionState> = s.captures(late).iter().map(|c| c.decision).collect();
        assert_eq!(listed, vec![DecisionState::Accepted, DecisionState::Rejected]);
    }
}
