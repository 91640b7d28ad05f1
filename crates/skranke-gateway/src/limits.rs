//! What the national services may send back, bounded: a body of at most a configured size, no
//! redirects, https only. A service (or something posing as it) that sends more gets an error of
//! its own, never an allocation of what it sent.

/// The default cap on one response body. The largest real answers (an SF1520 person record, a
/// receipt, a producer status) are a few kilobytes.
pub use skranke_core::DEFAULT_MAX_RESPONSE_BYTES;

/// Why a response body was not read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The body is (or announced itself as) larger than the cap.
    TooLarge,
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// Reads a response body of at most `limit` bytes: refused at once when `Content-Length` says
/// more, and as soon as more than `limit` bytes have arrived when it does not.
pub(crate) async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
