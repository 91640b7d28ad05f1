//! What one gateway answer means for the outbox row: the single place where upload and
//! producer-status results are sorted into "wait for the producer", "retry later", "to review" or
//! "give up", so the sender loop itself has no policy in it.
use skranke_core::Code;
use skranke_gateway::{ProducerState, ProducerStatus, Receipt, UploadError};
use std::time::Duration;

/// How long to wait before trying again after a problem that needs IT (certificate), not time:
/// the capture stays queued, the header shows the problem.
pub const CONFIG_PROBLEM_RETRY: Duration = Duration::from_secs(5 * 60);

/// What to do with a leased row after an upload attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterUpload {
    /// Stored at the gateway: keep the receipt, wait for the producer.
    Awaiting(serde_json::Value),
    /// Back to the queue, after the gateway's Retry-After or the outbox's backoff.
    Retry {
        /// The gateway's wish, when it gave one; else backoff.
        after: Option<Duration>,
        /// The error code kept in the row.
        code: Code,
    },
    /// Refused for good (422): to the supervisor's review, with the reasons.
    Rejected(Vec<String>),
    /// The answer cannot be acted on (a protocol error): set aside as dead until someone retries.
    Dead(Code),
}

/// Sorts an upload result.
pub fn after_upload(result: &Result<Receipt, UploadError>) -> AfterUpload {
    match result {
        Ok(receipt) => AfterUpload::Awaiting(serde_json::to_value(receipt).unwrap_or(serde_json::Value::Null)),
        Err(UploadError::Rejected { reasons }) => AfterUpload::Rejected(reasons.clone()),
        Err(e) if e.is_transient() => AfterUpload::Retry { after: e.retry_after(), code: e.code() },
        Err(
            e @ (UploadError::ClientCertificateRejected
            | UploadError::ServerUntrusted
            | UploadError::CertificateExpired
            | UploadError::CertificateUnreadable(_)
            | UploadError::Redirected { .. }),
        ) => AfterUpload::Retry { after: Some(CONFIG_PROBLEM_RETRY), code: e.code() },
        // An upload never answers "unknown capture"; treat it like any answer outside the contract.
        Err(e) => AfterUpload::Dead(e.code()),
    }
}

/// What to do with an `awaiting_producer` row after a status query.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterStatus {
    /// Not decided yet: ask again later.
    Wait,
    /// Accepted: crypto-shred.
    Accepted,
    /// Rejected by the producer: to review.
    Rejected(Vec<String>),
    /// The gateway has forgotten it: send the same bytes again.
    Resend,
    /// The query failed; leave the row and report the code.
    Failed(Code),
}

/// Sorts a producer-status result.
pub fn after_status(result: &Result<ProducerStatus, UploadError>) -> AfterStatus {
    match result {
        Ok(s) => match s.state {
            ProducerState::Received => AfterStatus::Wait,
            ProducerState::Accepted => AfterStatus::Accepted,
            ProducerState::Rejected => AfterStatus::Rejected(if s.reasons.is_empty() {
                vec!["producer_rejected".into()]
            } else {
                s.reasons.clone()
            }),
        },
        Err(UploadError::UnknownCapture) => AfterStatus::Resend,
        Err(e) => AfterStatus::Failed(e.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use uuid::Uuid;

    fn receipt() -> Receipt {
        Receipt {
            capture_id: Uuid::now_v7(),
            receipt_id: "r-1".into(),
            received_at: Utc::now(),
            content_sha256: "ab".into(),
        }
    }

    #[test]
    fn a_receipt_waits_for_the_producer_and_keeps_the_receipt() {
        let r = receipt();
        let AfterUpload::Awaiting(v) = after_upload(&Ok(r.clone())) else { panic!("not awaiting") };
        assert_eq!(v["receipt_id"], "r-1");
        assert_eq!(v["capture_id"], r.capture_id.to_string());
    }

    #[test]
    fn transient_errors_retry_with_the_gateways_wish() {
        assert_eq!(
            after_upload(&Err(UploadError::RetryAfter(Duration::from_secs(7)))),
            AfterUpload::Retry { after: Some(Duration::from_secs(7)), code: Code::GatewayRetryAfter }
        );
        for e in [UploadError::Network("reset".into()), UploadError::Server(503), UploadError::InFlight] {
            assert!(matches!(after_upload(&Err(e)), AfterUpload::Retry { after: None, .. }));
        }
    }

    #[test]
    fn rejections_go_to_review_and_certificate_problems_wait_for_it() {
        let r = after_upload(&Err(UploadError::Rejected { reasons: vec!["content_digest_mismatch".into()] }));
        assert_eq!(r, AfterUpload::Rejected(vec!["content_digest_mismatch".into()]));
        for e in [UploadError::CertificateExpired, UploadError::ClientCertificateRejected, UploadError::ServerUntrusted]
        {
            let code = e.code();
            assert_eq!(after_upload(&Err(e)), AfterUpload::Retry { after: Some(CONFIG_PROBLEM_RETRY), code });
        }
        assert_eq!(
            after_upload(&Err(UploadError::Protocol("HTTP 418".into()))),
            AfterUpload::Dead(Code::GatewayProtocolError)
        );
    }

    #[test]
    fn producer_states_map_to_outbox_actions() {
        let status = |state, reasons: Vec<String>| {
            Ok(ProducerStatus { capture_id: Uuid::now_v7(), state, reasons, decided_at: None })
        };
        assert_eq!(after_status(&status(ProducerState::Received, vec![])), AfterStatus::Wait);
        assert_eq!(after_status(&status(ProducerState::Accepted, vec![])), AfterStatus::Accepted);
        assert_eq!(
            after_status(&status(ProducerState::Rejected, vec!["producer_photo_unusable".into()])),
            AfterStatus::Rejected(vec!["producer_photo_unusable".into()])
        );
        assert_eq!(
            after_status(&status(ProducerState::Rejected, vec![])),
            AfterStatus::Rejected(vec!["producer_rejected".into()])
        );
        assert_eq!(after_status(&Err(UploadError::UnknownCapture)), AfterStatus::Resend);
        assert_eq!(after_status(&Err(UploadError::Network("x".into()))), AfterStatus::Failed(Code::GatewayUnreachable));
    }
}
