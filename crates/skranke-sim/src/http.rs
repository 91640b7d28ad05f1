//! Just enough HTTP/1.1 for the simulators: read one request (head and a `Content-Length` body,
//! with size caps) and write one response (optionally with extra headers), on any byte stream
//! (plain TCP or TLS).
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

const MAX_HEAD: usize = 16 * 1024;

/// One HTTP request.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path with query.
    pub path: String,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Reads one request; `Ok(None)` when the peer closed before sending anything or sent garbage.
pub async fn read_request<S: AsyncRead + Unpin>(stream: &mut S, max_body: usize) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 || buf.len() + n > MAX_HEAD + max_body {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let (Some(method), Some(path)) = (first.next(), first.next()) else { return Ok(None) };
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
    if length > max_body {
        return Ok(None);
    }
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Ok(Some(Request { method: method.to_string(), path: path.to_string(), headers, body }))
}

/// Writes a complete response and flushes it.
pub async fn write_response<S: AsyncWrite + Unpin>(
    stream: &mut S,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write_response_with_headers(stream, status, content_type, &[], body).await
}

/// Writes a complete response with extra headers (e.g. `Retry-After`, `Location`) and flushes it.
pub async fn write_response_with_headers<S: AsyncWrite + Unpin>(
    stream: &mut S,
    status: u16,
    content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    stream.write_all(&encode_response(status, content_type, headers, body)).await?;
    stream.flush().await
}

/// Writes a response of `len` filler bytes with no `Content-Length` (the body ends when the
/// connection closes, so the client cannot tell the size in advance), in 64 KiB pieces, stopping
/// quietly when the client hangs up: a server sending far more than any client should read.
pub async fn write_oversized_response<S: AsyncWrite + Unpin>(
    stream: &mut S,
    status: u16,
    content_type: &str,
    len: u64,
) -> std::io::Result<()> {
    let head =
        format!("HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n", reason(status));
    stream.write_all(head.as_bytes()).await?;
    let piece = vec![b' '; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = usize::try_from(left.min(piece.len() as u64)).unwrap_or(piece.len());
        if stream.write_all(&piece[..n]).await.is_err() {
            return Ok(());
        }
        left -= n as u64;
    }
    stream.flush().await
}

/// The `Date` header's value for now (RFC 9110 § 6.6.1: a server with a clock sends it; Skranke's
/// diagnosis reads it to measure the PC's clock skew).
pub fn http_date_now() -> String {
    chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// The bytes of a complete response (head and body), e.g. to send only part of it.
pub fn encode_response(status: u16, content_type: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nDate: {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        http_date_now(),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_round_trips_and_extra_headers_are_written() {
        let raw = b"POST /v1/captures HTTP/1.1\r\nContent-Length: 3\r\nIdempotency-Key: abc\r\n\r\nxyz";
        let req = read_request(&mut &raw[..], 16).await.expect("io").expect("request");
        assert_eq!(
            (req.method.as_str(), req.path.as_str(), req.body.as_slice()),
            ("POST", "/v1/captures", &b"xyz"[..])
        );
        assert_eq!(req.header("idempotency-key"), Some("abc"));
        assert!(read_request(&mut &raw[..], 2).await.expect("io").is_none(), "body over the cap");
        let bytes = encode_response(503, "application/problem+json", &[("Retry-After", "2")], b"{}");
        let text = String::from_utf8(bytes).expect("utf8");
        assert!(text.starts_with("HTTP/1.1 503 Service Unavailable\r\n"), "{text}");
        assert!(text.contains("\r\nRetry-After: 2\r\n\r\n{}"), "{text}");
        let date = text.lines().find_map(|l| l.strip_prefix("Date: ")).expect("a Date header");
        assert!(chrono::DateTime::parse_from_rfc2822(date).is_ok(), "an HTTP date: {date}");
    }
}
