//! The gateway contract's documents as the client reads them (docs/gateway-api.yaml): the receipt,
//! the producer status, the `reasons` of a problem document, and the `Content-Digest` it sends.
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Media type of an upload's body.
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.skranke.bundle";

/// The gateway's receipt: proof that it stored the capture. A replay gets the same receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The capture id (the `Idempotency-Key`).
    pub capture_id: Uuid,
    /// The gateway's id for the receipt.
    pub receipt_id: String,
    /// When the gateway stored the capture.
    pub received_at: DateTime<Utc>,
    /// SHA-256 of the stored bundle, lower-case hex.
    pub content_sha256: String,
}

/// The card producer's state of a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProducerState {
    /// Stored at the gateway, not yet decided.
    Received,
    /// Accepted for production.
    Accepted,
    /// Rejected; see the reasons.
    Rejected,
}

/// `GET /v1/captures/{id}`: what the producer made of a capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStatus {
    /// The capture id.
    pub capture_id: Uuid,
    /// Received, accepted or rejected.
    pub state: ProducerState,
    /// Reason codes of a rejection (empty otherwise).
    #[serde(default)]
    pub reasons: Vec<String>,
    /// When the producer decided.
    #[serde(default)]
    pub decided_at: Option<DateTime<Utc>>,
}

/// The part of an RFC 9457 problem document the client uses.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Problem {
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// SHA-256 of the bundle.
pub(super) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lower-case hex.
pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The `Content-Digest` header value (RFC 9530) for a SHA-256: `sha-256=:<base64>:`.
pub fn content_digest(sha256: &[u8; 32]) -> String {
    format!("sha-256=:{}:", STANDARD.encode(sha256))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_header_and_hex_match_known_vectors() {
        let d = sha256(b"abc");
        assert_eq!(content_digest(&d), "sha-256=:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=:");
        assert_eq!(hex(&d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_status_reads_with_and_without_decision() {
        let s: ProducerStatus = serde_json::from_str(
            r#"{"capture_id":"019a0000-0000-7000-8000-000000000000","state":"received","reasons":[],"decided_at":null}"#,
        )
        .expect("json");
        assert_eq!((s.state, s.decided_at), (ProducerState::Received, None));
        let s: ProducerStatus = serde_json::from_str(
            r#"{"capture_id":"019a0000-0000-7000-8000-000000000000","state":"rejected","reasons":["x"],"decided_at":"2026-11-22T10:30:00Z"}"#,
        )
        .expect("json");
        assert_eq!(s.reasons, ["x"]);
        assert!(s.decided_at.is_some());
    }
}
