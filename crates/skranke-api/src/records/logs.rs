//! Log files past `logging.keep_files` days. The app's daily files are named by tracing-appender's
//! daily rotation, `skranke.YYYY-MM-DD.log` (the UTC date); only files named so are touched.
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The first day whose log file is kept: today and the `keep_files - 1` days before it.
pub(super) fn cutoff(today: NaiveDate, keep_files: usize) -> NaiveDate {
    let back = u64::try_from(keep_files.max(1) - 1).unwrap_or(u64::MAX);
    today.checked_sub_days(chrono::Days::new(back)).unwrap_or(NaiveDate::MIN)
}

/// The day a log file is of, from its name.
fn day_of(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix("skranke.")?.strip_suffix(".log")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The log files in `dir` of a day before `cutoff`, oldest first (none when `dir` is missing).
pub(super) fn older_than(dir: &Path, cutoff: NaiveDate) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut old: Vec<(NaiveDate, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((day_of(e.file_name().to_str()?)?, e.path())))
        .filter(|(day, _)| *day < cutoff)
        .collect();
    old.sort();
    old.into_iter().map(|(_, p)| p).collect()
}

/// Deletes `files`; returns how many went. A file that cannot be deleted is logged (its name is a
/// date) and left for the next run.
pub(super) fn delete(files: &[PathBuf]) -> u64 {
    let mut deleted = 0;
    for f in files {
        match std::fs::remove_file(f) {
            Ok(()) => deleted += 1,
            Err(e) => tracing::warn!(file = %f.display(), error = %e, "old log file not deleted"),
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn keeps_today_and_the_days_before_up_to_keep_files() {
        assert_eq!(cutoff(day("2026-11-30"), 14), day("2026-11-17"));
        assert_eq!(cutoff(day("2026-11-30"), 1), day("2026-11-30"));
        assert_eq!(cutoff(day("2026-11-30"), 0), day("2026-11-30"), "at least today's file");
    }

    #[test]
    fn only_dated_skranke_logs_before_the_cutoff() {
        let t = tempfile::tempdir().expect("tempdir");
        for name in
            ["skranke.2026-11-16.log", "skranke.2026-11-17.log", "skranke.2026-11-30.log", "notes.txt", "skranke.x.log"]
        {
            std::fs::write(t.path().join(name), b"line\n").expect("write");
        }
        let old = older_than(t.path(), day("2026-11-17"));
        assert_eq!(old, vec![t.path().join("skranke.2026-11-16.log")]);
        assert_eq!(delete(&old), 1);
        assert_eq!(std::fs::read_dir(t.path()).expect("dir").count(), 4);
        assert!(older_than(&t.path().join("missing"), day("2026-11-17")).is_empty());
    }
}
