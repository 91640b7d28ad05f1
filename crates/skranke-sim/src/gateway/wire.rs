//! What the gateway simulator sends: the receipt, the producer status and RFC 9457 problem
//! documents, as docs/gateway-api.yaml describes them.
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// Media type of an upload's body.
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.skranke.bundle";
/// Media type of a receipt or status.
pub const JSON: &str = "application/json";
/// Media type of an error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The gateway's receipt for a stored capture; a replay gets the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The capture id (the `Idempotency-Key`).
    pub capture_id: String,
    /// The gateway's own id for the receipt.
    pub receipt_id: String,
    /// When the gateway stored the capture (UTC, RFC 3339).
    pub received_at: String,
    /// SHA-256 of the stored bundle, lower-case hex.
    pub content_sha256: String,
}

/// The producer's state of a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProducerState {
    /// Stored, not yet decided.
    Received,
    /// Accepted for production.
    Accepted,
    /// Rejected; see the reasons.
    Rejected,
}

/// `GET /v1/captures/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStatus {
    /// The capture id.
    pub capture_id: String,
    /// Received, accepted or rejected.
    pub state: ProducerState,
    /// Reason codes of a rejection (empty otherwise).
    pub reasons: Vec<String>,
    /// When the producer decided (UTC, RFC 3339), or null.
    pub decided_at: Option<String>,
}

/// An RFC 3339 UTC timestamp with seconds precision.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An RFC 9457 problem document with the `reasons` extension.
pub fn problem(status: u16, title: &str, detail: &str, reasons: &[&str]) -> Vec<u8> {
    let slug = reasons.first().copied().unwrap_or("error");
    serde_json::json!({
        "type": format!("urn:skranke:gateway:problem:{slug}"),
        "title": title,
        "status": status,
        "detail": detail,
        "reasons": reasons,
    })
    .to_string()
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_has_the_rfc_9457_members_and_reasons() {
        let v: serde_json::Value =
            serde_json::from_slice(&problem(422, "Rejected", "why", &["content_digest_mismatch"])).expect("json");
        assert_eq!(v["status"], 422);
        assert_eq!(v["type"], "urn:skranke:gateway:problem:content_digest_mismatch");
        assert_eq!(v["reasons"][0], "content_digest_mismatch");
        assert_eq!(serde_json::to_value(ProducerState::Accepted).expect("json"), "accepted");
    }
}
