//! The watched folder (`[scan] watch_dir`) that the municipality's multifunction printers write
//! scans to. Its protocol keeps every scan exactly once:
//! - a file is offered only once it has stopped growing (same size and modification time at two
//!   looks, and not named like a file still being written: `.tmp`, `.part`, `~`, hidden);
//! - it is moved to `done/` only after each of its pages is durably queued (the outbox claims
//!   the page's [`source_key`] in the enqueue's transaction, so a crash between queuing and the
//!   move leaves a file whose pages are all queued: the next look moves it, and never queues it
//!   again);
//! - it is moved to `failed/` beside a `.txt` saying why, written and flushed before the move,
//!   when it cannot be used.
//!
//! Moves are renames inside the folder (atomic on one file system); a name already taken in
//! `done/` or `failed/` gets a number, so nothing is overwritten.
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folder of finished scans.
pub const DONE_DIR: &str = "done";
/// The folder of scans that could not be used.
pub const FAILED_DIR: &str = "failed";
/// The largest scanner file taken (a 600 dpi colour A4 page as TIFF is about 100 MB).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// The key a scanned page is queued under: its file's SHA-256 (content, not name: a file copied
/// in twice is still one scan) and the 1-based page number.
pub fn source_key(file_sha256: &str, page: u32) -> String {
    format!("sha256:{file_sha256}#{page}")
}

/// A file in the watched folder that has stopped changing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyFile {
    /// Where it is now.
    pub path: PathBuf,
    /// Its file name (what the inbox shows).
    pub name: String,
    /// Its size in bytes.
    pub len: u64,
}

/// What the folder can fail with (the caller maps it to `scan_watch_dir_*` codes).
#[derive(Debug, thiserror::Error)]
pub enum WatchFolderError {
    /// The folder, `done/` or `failed/` cannot be read, created or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WatchFolderError + '_ {
    move |source| WatchFolderError::Io { path: path.to_path_buf(), source }
}

/// The watched folder and what it looked like at the previous look (to see files still growing).
#[derive(Debug)]
pub struct WatchFolder {
    dir: PathBuf,
    last_seen: HashMap<PathBuf, (u64, Option<SystemTime>)>,
}

impl WatchFolder {
    /// Opens the folder, creating `done/` and `failed/` in it.
    pub fn open(dir: &Path) -> Result<Self, WatchFolderError> {
        for sub in [DONE_DIR, FAILED_DIR] {
            let p = dir.join(sub);
            std::fs::create_dir_all(&p).map_err(io(&p))?;
        }
        Ok(Self { dir: dir.to_path_buf(), last_seen: HashMap::new() })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The files that have not changed since the previous look, by name. A file seen for the
    /// first time is offered at the next look if it has not changed by then.
    pub fn look(&mut self) -> Result<Vec<ReadyFile>, WatchFolderError> {
        let mut seen = HashMap::new();
        let mut ready = Vec::new();
        for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let entry = entry.map_err(io(&self.dir))?;
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() || still_being_written(&name) {
                continue;
            }
            let stamp = (meta.len(), meta.modified().ok());
            if self.last_seen.get(&path) == Some(&stamp) {
                ready.push(ReadyFile { path: path.clone(), name, len: meta.len() });
            }
            seen.insert(path, stamp);
        }
        self.last_seen = seen;
        ready.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ready)
    }

    /// Moves a file whose pages are all queued to `done/`; returns where it went.
    pub fn move_to_done(&mut self, file: &Path) -> Result<PathBuf, WatchFolderError> {
        let to = free_name(&self.dir.join(DONE_DIR), file);
        std::fs::rename(file, &to).map_err(io(file))?;
        sync_dir(&self.dir);
        self.last_seen.remove(file);
        Ok(to)
    }

    /// Moves a file that cannot be used to `failed/`, after writing `<name>.txt` with `reason`
    /// beside it (flushed first, so the reason is never missing for a moved file).
    pub fn move_to_failed(&mut self, file: &Path, reason: &str) -> Result<PathBuf, WatchFolderError> {
        let to = free_name(&self.dir.join(FAILED_DIR), file);
        let mut note_name = to.clone().into_os_string();
        note_name.push(".txt");
        let note = PathBuf::from(note_name);
        let mut f = std::fs::File::create(&note).map_err(io(&note))?;
        f.write_all(reason.as_bytes())
            .and_then(|()| f.write_all(b"\n"))
            .and_then(|()| f.sync_all())
            .map_err(io(&note))?;
        std::fs::rename(file, &to).map_err(io(file))?;
        sync_dir(&self.dir);
        self.last_seen.remove(file);
        Ok(to)
    }
}

/// Names a scanner or a copy gives a file while it is being written.
fn still_being_written(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('~')
        || lower.ends_with(".tmp")
        || lower.ends_with(".part")
        || name.ends_with('~')
}

/// `dir/<file name>`, or `dir/<stem> (2).<ext>` and so on when that is taken.
fn free_name(dir: &Path, file: &Path) -> PathBuf {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "scan".into());
    let first = dir.join(&name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    (2..).map(|n| dir.join(format!("{stem} ({n}){ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Makes the renames durable where the OS allows syncing a directory (not on Windows, where
/// NTFS journals the rename itself).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    for d in [dir.to_path_buf(), dir.join(DONE_DIR), dir.join(FAILED_DIR)] {
        if let Ok(f) = std::fs::File::open(&d) {
            let _ = f.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_offered_once_it_has_stopped_growing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut w = WatchFolder::open(dir.path()).expect("open");
        let scan = dir.path().join("kort 1.jpg");
        std::fs::write(&scan, b"first half").expect("write");
        std::fs::write(dir.path().join("kort 2.jpg.part"), b"being copied").expect("write");
        std::fs::write(dir.path().join(".hidden"), b"x").expect("write");
        assert!(w.look().expect("look").is_empty(), "seen once: not yet offered");
        std::fs::write(&scan, b"first half, second half").expect("grow");
        assert!(w.look().expect("look").is_empty(), "it grew: not yet offered");
        let ready = w.look().expect("look");
        assert_eq!(ready.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["kort 1.jpg"]);
        assert_eq!(ready[0].len, 23);
    }

    #[test]
    fn done_and_failed_never_overwrite_and_failed_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut w = WatchFolder::open(dir.path()).expect("open");
        for round in 0..2 {
            let scan = dir.path().join("kort.pdf");
            std::fs::write(&scan, format!("scan {round}")).expect("write");
            let to = w.move_to_done(&scan).expect("done");
            assert_eq!(std::fs::read_to_string(&to).expect("read"), format!("scan {round}"));
        }
        assert!(dir.path().join("done/kort.pdf").exists() && dir.path().join("done/kort (2).pdf").exists());
        let bad = dir.path().join("blank.png");
        std::fs::write(&bad, b"not a card").expect("write");
        let to = w.move_to_failed(&bad, "Intet kort fundet på side 1").expect("failed");
        assert_eq!(to, dir.path().join("failed/blank.png"));
        let note = std::fs::read_to_string(dir.path().join("failed/blank.png.txt")).expect("reason");
        assert_eq!(note, "Intet kort fundet på side 1\n");
        assert!(!bad.exists());
    }

    #[test]
    fn a_page_is_keyed_by_content_and_number() {
        assert_eq!(source_key("ab12", 3), "sha256:ab12#3");
    }
}
