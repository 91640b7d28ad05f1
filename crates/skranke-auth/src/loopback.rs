//! The loopback redirect of RFC 8252 § 7.3: a listener on 127.0.0.1 with a port the OS chose,
//! reading just enough HTTP/1.1 to take the query of `GET /callback?...` and to answer the
//! browser with a page. Other paths (a favicon) get 404; connections that send nothing (browser
//! pre-connects) are read concurrently and dropped after a few seconds, so they never block the
//! real redirect.
use crate::error::AuthError;
use openidconnect::url::form_urlencoded;
use openidconnect::{AuthorizationCode, CsrfToken};
use std::io::ErrorKind;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// The path of the redirect URI.
pub(crate) const CALLBACK_PATH: &str = "/callback";
/// The largest request head read (a redirect with a code, state and `iss` is well under 2 KiB).
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long writing an answer to the browser may take.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections read at once; more are closed at once.
const MAX_OPEN_CONNECTIONS: usize = 32;

/// The listener of one sign-in. Dropping it closes the port.
#[derive(Debug)]
pub(crate) struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Binds 127.0.0.1 on a port the OS chooses.
    pub(crate) async fn bind() -> Result<Self, AuthError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(AuthError::Loopback)?;
        let port = listener.local_addr().map_err(AuthError::Loopback)?.port();
        Ok(Self { listener, port })
    }

    /// `http://127.0.0.1:{port}/callback`.
    pub(crate) fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Waits for `GET /callback?...` and returns its query, with the connection to answer on.
    pub(crate) async fn next_callback(&self) -> Result<(String, Responder), AuthError> {
        let mut reading: JoinSet<(TcpStream, Option<Request>)> = JoinSet::new();
        let mut answering: JoinSet<()> = JoinSet::new();
        loop {
            while answering.try_join_next().is_some() {}
            tokio::select! {
                accepted = self.listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) if matches!(e.kind(), ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted) => continue,
                        Err(e) => return Err(AuthError::Loopback(e)),
                    };
                    if reading.len() >= MAX_OPEN_CONNECTIONS {
                        continue;
                    }
                    reading.spawn(async move {
                        let mut stream = stream;
                        let request = tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await.ok().flatten();
                        (stream, request)
                    });
                }
                Some(done) = reading.join_next(), if !reading.is_empty() => {
                    let Ok((stream, request)) = done else { continue };
                    match request {
                        Some(Request::Callback { query }) => return Ok((query, Responder { stream })),
                        Some(Request::Other { status }) => {
                            answering.spawn(Responder { stream }.answer(status, "text/plain; charset=utf-8", String::new()));
                        }
                        None => {}
                    }
                }
            }
        }
    }
}

/// What one connection asked for.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    /// `GET /callback?{query}`.
    Callback { query: String },
    /// Anything else, answered with this status.
    Other { status: u16 },
}

/// Reads a request head and sorts it; `None` when the connection closed or sent garbage.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > MAX_REQUEST_HEAD {
            return Some(Request::Other { status: 431 });
        }
    }
    Some(parse_request_line(std::str::from_utf8(&head).ok()?.lines().next()?))
}

/// Sorts a request line (`GET /callback?code=..&state=.. HTTP/1.1`).
fn parse_request_line(line: &str) -> Request {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Request::Other { status: 400 };
    };
    if !version.starts_with("HTTP/1.") {
        return Request::Other { status: 400 };
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match (method, path) {
        ("GET", CALLBACK_PATH) => Request::Callback { query: query.to_owned() },
        (_, CALLBACK_PATH) => Request::Other { status: 405 },
        _ => Request::Other { status: 404 },
    }
}

/// The parameters of the authorization response (RFC 6749 § 4.1.2, RFC 9207 `iss`).
/// `Debug` hides the code.
#[derive(Debug, Default)]
pub(crate) struct CallbackQuery {
    /// The authorization code.
    pub(crate) code: Option<AuthorizationCode>,
    /// The state sent back.
    pub(crate) state: Option<CsrfToken>,
    /// An OAuth error code instead of a code.
    pub(crate) error: Option<String>,
    /// The issuer that answered (RFC 9207), when the provider sends it.
    pub(crate) iss: Option<String>,
}

/// Parses a callback query. A parameter given twice makes the answer invalid (RFC 6749 § 3.1:
/// parameters must not repeat), so no two values can be played against each other.
pub(crate) fn parse_callback(query: &str) -> Result<CallbackQuery, AuthError> {
    let mut out = CallbackQuery::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        let repeated = match key.as_ref() {
            "code" => out.code.replace(AuthorizationCode::new(value)).is_some(),
            "state" => out.state.replace(CsrfToken::new(value)).is_some(),
            "error" => out.error.replace(value).is_some(),
            "iss" => out.iss.replace(value).is_some(),
            _ => false,
        };
        if repeated {
            return Err(AuthError::ProviderAnswerInvalid {
                detail: format!("the parameter `{key}` appears twice in the redirect"),
            });
        }
    }
    Ok(out)
}

/// The connection the redirect came on, to answer the browser.
#[derive(Debug)]
pub(crate) struct Responder {
    stream: TcpStream,
}

impl Responder {
    /// Writes one answer and closes the connection. A browser that went away is no error.
    pub(crate) async fn answer(mut self, status: u16, content_type: &str, body: String) {
        let reason = match status {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            431 => "Request Header Fields Too Large",
            _ => "Error",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\n\
             Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let write = async {
            self.stream.write_all(head.as_bytes()).await?;
            self.stream.write_all(body.as_bytes()).await?;
            self.stream.shutdown().await
        };
        if let Err(e) =
            tokio::time::timeout(WRITE_TIMEOUT, write).await.unwrap_or_else(|_| Err(ErrorKind::TimedOut.into()))
        {
            tracing::debug!(error = %e, "the browser did not take the sign-in page");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openidconnect::url::Url;

    #[test]
    fn the_callback_path_gives_its_query() {
        assert_eq!(
            parse_request_line("GET /callback?code=abc&state=xyz HTTP/1.1"),
            Request::Callback { query: "code=abc&state=xyz".into() }
        );
        assert_eq!(parse_request_line("GET /callback HTTP/1.1"), Request::Callback { query: String::new() });
    }

    #[test]
    fn other_requests_are_not_the_callback() {
        assert_eq!(parse_request_line("GET /favicon.ico HTTP/1.1"), Request::Other { status: 404 });
        assert_eq!(parse_request_line("GET /callbackx?code=a HTTP/1.1"), Request::Other { status: 404 });
        assert_eq!(parse_request_line("POST /callback HTTP/1.1"), Request::Other { status: 405 });
        assert_eq!(parse_request_line("GET /callback?x HTTP/2"), Request::Other { status: 400 });
        assert_eq!(parse_request_line("garbage"), Request::Other { status: 400 });
    }

    #[test]
    fn the_query_parameters_are_decoded() {
        let q = parse_callback("code=a%2Bb&state=s%20t&iss=https%3A%2F%2Fidp&extra=1").unwrap();
        assert_eq!(q.code.unwrap().secret(), "a+b");
        assert_eq!(q.state.unwrap().secret(), "s t");
        assert_eq!(q.iss.as_deref(), Some("https://idp"));
        assert!(q.error.is_none());
        let e = parse_callback("error=access_denied&state=s").unwrap();
        assert_eq!(e.error.as_deref(), Some("access_denied"));
        assert!(e.code.is_none());
    }

    #[test]
    fn a_repeated_parameter_makes_the_answer_invalid() {
        for query in ["state=a&state=b&code=c", "code=a&code=b&state=s", "error=x&error=y"] {
            assert!(matches!(parse_callback(query), Err(AuthError::ProviderAnswerInvalid { .. })), "{query}");
        }
    }

    #[test]
    fn debug_hides_the_code() {
        let q = parse_callback("code=secret-code&state=s").unwrap();
        assert!(!format!("{q:?}").contains("secret-code"));
    }

    #[tokio::test]
    async fn a_silent_connection_and_a_favicon_do_not_block_the_redirect() {
        let loopback = Loopback::bind().await.unwrap();
        let url = Url::parse(&loopback.redirect_uri()).unwrap();
        let addr = ("127.0.0.1", url.port().unwrap());
        // A pre-connect that never sends anything, and a favicon request.
        let _silent = TcpStream::connect(addr).await.unwrap();
        let mut favicon = TcpStream::connect(addr).await.unwrap();
        favicon.write_all(b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut real = TcpStream::connect(addr).await.unwrap();
        real.write_all(b"GET /callback?code=c&state=s HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let (query, responder) = loopback.next_callback().await.unwrap();
        assert_eq!(query, "code=c&state=s");
        responder.answer(200, "text/html; charset=utf-8", "<p>hej</p>".into()).await;
        let mut page = String::new();
        real.read_to_string(&mut page).await.unwrap();
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n") && page.ends_with("<p>hej</p>"), "{page}");
    }
}
