//! `Content-Digest` (RFC 9530) of an upload: the header is a structured-field dictionary such as
//! `sha-256=:<base64>:`; the gateway needs its `sha-256` member and compares it with the body.
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// Why a `Content-Digest` was not accepted. Each has a stable reason code for the 422 answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// No `Content-Digest` header.
    #[error("the Content-Digest header is missing")]
    Missing,
    /// The header has no `sha-256` member.
    #[error("the Content-Digest header has no sha-256 member")]
    Unsupported,
    /// The `sha-256` member is not a byte sequence of 32 bytes.
    #[error("the Content-Digest header is malformed")]
    Malformed,
    /// The digest does not match the body.
    #[error("the Content-Digest does not match the body")]
    Mismatch,
}

impl DigestError {
    /// The reason code in the problem's `reasons`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "content_digest_missing",
            Self::Unsupported => "content_digest_unsupported",
            Self::Malformed => "content_digest_malformed",
            Self::Mismatch => "content_digest_mismatch",
        }
    }
}

/// SHA-256 of `body`.
pub fn sha256(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
}

/// The header value for `body`: `sha-256=:<base64>:`.
pub fn header_value(body: &[u8]) -> String {
    format!("sha-256=:{}:", STANDARD.encode(sha256(body)))
}

/// The `sha-256` member of a `Content-Digest` header value.
pub fn parse_sha256(header: &str) -> Result<[u8; 32], DigestError> {
    for member in header.split(',') {
        let Some((key, value)) = member.split_once('=') else { continue };
        if !key.trim().eq_ignore_ascii_case("sha-256") {
            continue;
        }
        // A member may carry parameters after ';' (none are defined for digests).
        let value = value.split(';').next().unwrap_or("").trim();
        let inner = value.strip_prefix(':').and_then(|v| v.strip_suffix(':')).ok_or(DigestError::Malformed)?;
        let bytes = STANDARD.decode(inner).map_err(|_| DigestError::Malformed)?;
        return bytes.try_into().map_err(|_| DigestError::Malformed);
    }
    Err(DigestError::Unsupported)
}

/// Checks the header against the body; gives the body's SHA-256 when they match.
pub fn verify(header: Option<&str>, body: &[u8]) -> Result<[u8; 32], DigestError> {
    let claimed = parse_sha256(header.ok_or(DigestError::Missing)?)?;
    let actual = sha256(body);
    if claimed == actual { Ok(actual) } else { Err(DigestError::Mismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_for_a_body_verifies() {
        let h = header_value(b"abc");
        assert_eq!(h, "sha-256=:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=:");
        assert_eq!(verify(Some(&h), b"abc"), Ok(sha256(b"abc")));
    }

    #[test]
    fn other_members_and_parameters_are_skipped() {
        let h = format!("sha-512=:AAAA:, {};x=1", header_value(b"abc"));
        assert_eq!(verify(Some(&h), b"abc"), Ok(sha256(b"abc")));
    }

    #[test]
    fn bad_headers_have_their_own_reasons() {
        assert_eq!(verify(None, b"abc"), Err(DigestError::Missing));
        assert_eq!(verify(Some("sha-512=:AAAA:"), b"abc"), Err(DigestError::Unsupported));
        assert_eq!(verify(Some("sha-256=AAAA"), b"abc"), Err(DigestError::Malformed));
        assert_eq!(verify(Some("sha-256=:not base64!:"), b"abc"), Err(DigestError::Malformed));
        assert_eq!(verify(Some("sha-256=:AAAA:"), b"abc"), Err(DigestError::Malformed));
        assert_eq!(verify(Some(&header_value(b"abd")), b"abc"), Err(DigestError::Mismatch));
        assert_eq!(DigestError::Mismatch.code(), "content_digest_mismatch");
    }
}
