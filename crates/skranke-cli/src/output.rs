//! Where commands write: stdout for results (text or JSON lines), stderr for messages.
use serde::Serialize;
use std::io::Write;

/// A command's output streams and format.
pub struct Output<'a> {
    /// Results.
    pub out: &'a mut dyn Write,
    /// Messages for people.
    pub err: &'a mut dyn Write,
    /// `--json` was given.
    pub json: bool,
}

impl Output<'_> {
    /// Prints one JSON object on its own line.
    pub fn json_line<T: Serialize>(&mut self, value: &T) {
        match serde_json::to_string(value) {
            Ok(s) => {
                let _ = writeln!(self.out, "{s}");
            }
            Err(e) => {
                let _ = writeln!(self.err, "skranke: cannot encode output: {e}");
            }
        }
    }

    /// Prints a line of text for people on stdout.
    pub fn line(&mut self, text: impl std::fmt::Display) {
        let _ = writeln!(self.out, "{text}");
    }

    /// Prints an error line on stderr.
    pub fn error(&mut self, text: impl std::fmt::Display) {
        let _ = writeln!(self.err, "skranke: {text}");
    }
}
