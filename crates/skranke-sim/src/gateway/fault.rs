//! The faults the gateway simulator can be switched to, for tests of the upload client and the
//! outbox: each one is something a real gateway or the network between does.
use serde::{Deserialize, Serialize};

/// A fault for the following connections (see `GatewayControl::set_fault`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GatewayFault {
    /// Answer normally.
    #[default]
    None,
    /// Close the TCP connection at once (with a reset), before the TLS handshake.
    Refuse,
    /// Answer every request `503 Service Unavailable` with `Retry-After`; nothing is stored.
    Unavailable {
        /// The `Retry-After` value in seconds.
        retry_after_s: u64,
    },
    /// Answer every request `429 Too Many Requests` with `Retry-After`; nothing is stored.
    TooManyRequests {
        /// The `Retry-After` value in seconds.
        retry_after_s: u64,
    },
    /// Wait this long before answering (an upload is held "in flight" meanwhile, then stored).
    Slow {
        /// Milliseconds.
        ms: u64,
    },
    /// Process the request (an upload is stored), then send part of the response and reset the
    /// connection.
    ResetMidResponse,
    /// Store the upload, then reset the connection without answering: the client cannot know
    /// whether it arrived, and must retry with the same key.
    CommitThenReset,
    /// Process the request (an upload is stored), then answer with a body of this many MiB and no
    /// `Content-Length`: more than any client should read.
    HugeBody {
        /// Size in MiB.
        mb: u32,
    },
    /// Answer every request `307` pointing at the same path over plain http; nothing is stored.
    RedirectToPlainHttp,
}

impl GatewayFault {
    /// A short name for the request log.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Refuse => "refuse",
            Self::Unavailable { .. } => "unavailable",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Slow { .. } => "slow",
            Self::ResetMidResponse => "reset_mid_response",
            Self::CommitThenReset => "commit_then_reset",
            Self::HugeBody { .. } => "huge_body",
            Self::RedirectToPlainHttp => "redirect_to_plain_http",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_read_from_the_admin_json() {
        let f: GatewayFault = serde_json::from_str(r#"{"kind":"unavailable","retry_after_s":3}"#).expect("json");
        assert_eq!(f, GatewayFault::Unavailable { retry_after_s: 3 });
        let f: GatewayFault = serde_json::from_str(r#"{"kind":"commit_then_reset"}"#).expect("json");
        assert_eq!(f.name(), "commit_then_reset");
        assert!(serde_json::from_str::<GatewayFault>(r#"{"kind":"explode"}"#).is_err());
    }
}
