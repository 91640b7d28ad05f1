//! Opening the identity provider's sign-in page in the system browser (RFC 8252: native apps
//! sign in through the user's browser, not an embedded web view). Only `https://` addresses are
//! opened, and never through a shell, so an address cannot smuggle in a command.
use std::process::{Command, Stdio};

/// Why the browser could not be asked to open the page.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    /// Only https addresses are opened.
    #[error("not an https address")]
    NotHttps,
    /// The OS helper that opens addresses could not be started.
    #[error("cannot start {program}: {source}")]
    Start {
        /// The helper (`xdg-open`, `rundll32`, `open`).
        program: &'static str,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
}

/// Asks the OS to open `url` in the user's default browser; returns once the request is handed
/// over (the browser may still fail to appear, which is why the app also shows the link).
pub fn open_in_browser(url: &str) -> Result<(), BrowserError> {
    if !url.starts_with("https://") || url.chars().any(char::is_whitespace) {
        return Err(BrowserError::NotHttps);
    }
    let (program, args): (&'static str, Vec<&str>) = if cfg!(windows) {
        ("rundll32", vec!["url.dll,FileProtocolHandler", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|source| BrowserError::Start { program, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_addresses_without_spaces_are_opened() {
        for url in ["http://idp.example/authorize", "file:///etc/passwd", "javascript:alert(1)", "https://x y", ""] {
            assert!(matches!(open_in_browser(url), Err(BrowserError::NotHttps)), "{url}");
        }
    }
}
