//! The log files the support bundle takes: the newest first, up to [`MAX_LOG_BYTES`] in all (the
//! tail of a file that does not fit whole), so a bundle stays small enough to e-mail. Logs never
//! hold personal data (see crate::logging); the bundle's test proves it on a real capture.
use std::path::{Path, PathBuf};

/// The most log bytes a bundle holds.
pub const MAX_LOG_BYTES: u64 = 20 * 1024 * 1024;

/// One log file's name and the bytes taken from it.
pub struct LogPart {
    /// The file name.
    pub name: String,
    /// Its content, or its last bytes when it did not fit.
    pub bytes: Vec<u8>,
}

/// The `.log` files in `dir`, newest first, within [`MAX_LOG_BYTES`]; an unreadable folder gives
/// none (the diagnosis says why).
pub fn collect(dir: &Path) -> Vec<LogPart> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "log"))
        .filter_map(|p| Some((std::fs::metadata(&p).and_then(|m| m.modified()).ok()?, p)))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    let mut left = MAX_LOG_BYTES;
    let mut parts = Vec::new();
    for (_, path) in files {
        if left == 0 {
            break;
        }
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let keep = usize::try_from(left).unwrap_or(usize::MAX).min(bytes.len());
        let tail = bytes[bytes.len() - keep..].to_vec();
        left -= keep as u64;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        parts.push(LogPart { name, bytes: tail });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_log_files_and_newest_first() {
        let t = tempfile::tempdir().expect("tempdir");
        std::fs::write(t.path().join("skranke.2026-11-29.log"), b"old").expect("write");
        std::fs::write(t.path().join("skranke.2026-11-30.log"), b"new").expect("write");
        std::fs::write(t.path().join("notes.txt"), b"x").expect("write");
        let parts = collect(t.path());
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["skranke.2026-11-30.log", "skranke.2026-11-29.log"]);
        assert!(collect(&t.path().join("missing")).is_empty());
    }
}
