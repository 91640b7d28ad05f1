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
    /// `--lang`: the language of check texts in text output (Danish unless asked).
    pub lang: skranke_api::i18n::Lang,
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

/// One checked file as `photo check` and `signature check` print it in text mode.
pub struct CheckedFile<'a> {
    /// The file as given.
    pub file: &'a str,
    /// `pass`, `fail` or `error`.
    pub verdict: &'a str,
    /// Time taken, when the command measures it.
    pub elapsed_ms: Option<f64>,
    /// Why the file could not be checked.
    pub error: Option<&'a str>,
    /// The checks; the failed ones are listed.
    pub checks: &'a [skranke_api::Check],
}

/// Prints per-file check reports (a JSON line each, every field as is, or a text block each with
/// the failed checks' texts from the `--lang` catalogue) and returns the exit code: 0 when every
/// file passed, 1 otherwise.
pub fn print_checked_files<R: Serialize>(
    out: &mut Output<'_>,
    reports: &[R],
    view: impl Fn(&R) -> CheckedFile<'_>,
) -> i32 {
    let mut all_pass = true;
    for r in reports {
        let v = view(r);
        all_pass &= v.verdict == "pass";
        if out.json {
            out.json_line(r);
            continue;
        }
        match v.elapsed_ms {
            Some(ms) => out.line(format!("{}: {} ({ms:.0} ms)", v.file, v.verdict)),
            None => out.line(format!("{}: {}", v.file, v.verdict)),
        }
        if let Some(e) = v.error {
            out.line(format!("  error: {e}"));
        }
        for c in v.checks.iter().filter(|c| !c.pass) {
            out.line(format!("  {} ({}): {}", c.id, c.threshold, c.text(out.lang)));
        }
    }
    if all_pass { crate::exit::OK } else { crate::exit::FAILED }
}
