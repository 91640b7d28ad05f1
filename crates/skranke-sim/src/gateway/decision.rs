//! The simulated card producer: after a delay it accepts a stored capture, or rejects it with
//! reasons for a configurable share of captures. Which captures are rejected depends only on the
//! capture id (a hash), so a test run is repeatable.
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;
use uuid::Uuid;

/// How the simulated producer decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionSettings {
    /// Time from storing a capture to the producer's decision, in milliseconds.
    pub delay_ms: u64,
    /// Share of captures rejected, 0.0 (none) to 1.0 (all).
    pub reject_share: f64,
    /// The reason codes a rejection carries.
    pub reasons: Vec<String>,
}

impl Default for DecisionSettings {
    fn default() -> Self {
        Self { delay_ms: 3000, reject_share: 0.0, reasons: vec!["producer_photo_unusable".into()] }
    }
}

impl DecisionSettings {
    /// The delay as a [`Duration`].
    pub fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }
}

/// What the producer decided (or will decide) about one capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Accepted for production.
    Accept,
    /// Rejected, with reason codes.
    Reject(Vec<String>),
}

/// The decision for `id` under `settings`: rejected when the id's hash falls in the reject share.
pub fn decide(id: &Uuid, settings: &DecisionSettings) -> Decision {
    if position(id) < settings.reject_share { Decision::Reject(settings.reasons.clone()) } else { Decision::Accept }
}

/// Where the id falls in [0, 1): the first 8 bytes of SHA-256 of its text form.
fn position(id: &Uuid) -> f64 {
    let digest = Sha256::digest(id.hyphenated().to_string().as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // 53 bits keep the division exact in f64 and the result below 1.0.
    (u64::from_be_bytes(first) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|_| Uuid::now_v7()).collect()
    }

    #[test]
    fn none_and_all() {
        let mut s = DecisionSettings { reject_share: 0.0, ..Default::default() };
        assert!(ids(200).iter().all(|id| decide(id, &s) == Decision::Accept));
        s.reject_share = 1.0;
        assert!(ids(200).iter().all(|id| decide(id, &s) == Decision::Reject(s.reasons.clone())));
    }

    #[test]
    fn the_same_id_gets_the_same_decision_and_the_share_is_about_right() {
        let s = DecisionSettings { reject_share: 0.25, ..Default::default() };
        let ids = ids(2000);
        let first: Vec<Decision> = ids.iter().map(|id| decide(id, &s)).collect();
        let again: Vec<Decision> = ids.iter().map(|id| decide(id, &s)).collect();
        assert_eq!(first, again);
        let rejected = first.iter().filter(|d| matches!(d, Decision::Reject(_))).count();
        assert!((380..=620).contains(&rejected), "{rejected} of 2000 rejected at 25%");
    }

    #[test]
    fn settings_read_from_partial_json() {
        let s: DecisionSettings = serde_json::from_str(r#"{"delay_ms": 10, "reject_share": 0.5}"#).expect("json");
        assert_eq!(s.delay(), Duration::from_millis(10));
        assert_eq!(s.reasons, DecisionSettings::default().reasons);
    }
}
