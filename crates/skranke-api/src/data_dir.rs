//! The data directory: where the outbox, the audit trail and the logs live.
use crate::{ApiError, Code};
use std::path::{Path, PathBuf};

/// Paths inside the data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    /// The directory itself.
    pub root: PathBuf,
}

impl DataDir {
    /// The data directory in use: `$SKRANKE_DATA_DIR`, else the configured one, else the platform
    /// default for the mode.
    pub fn choose(configured: Option<&Path>, demo: bool) -> Self {
        let root = std::env::var_os("SKRANKE_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| configured.map(Path::to_path_buf))
            .unwrap_or_else(|| skranke_config::default_data_dir(demo));
        Self { root }
    }

    /// Log files.
    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// The SQLite database (outbox, audit, review queue).
    pub fn database(&self) -> PathBuf {
        self.root.join("skranke.sqlite3")
    }

    /// Creates the directory (and `logs/`) and proves it is writable by writing and removing a file.
    pub fn ensure_writable(&self) -> Result<(), ApiError> {
        let fail = |e: std::io::Error| {
            ApiError::new(
                Code::DataDirUnwritable,
                format!("data directory {} is not writable: {e}", self.root.display()),
            )
        };
        std::fs::create_dir_all(self.logs()).map_err(fail)?;
        let probe = self.root.join(".write-probe");
        std::fs::write(&probe, b"ok").map_err(fail)?;
        std::fs::remove_file(&probe).map_err(fail)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writable_dir_is_created() {
        let t = tempfile::tempdir().expect("tempdir");
        let d = DataDir { root: t.path().join("a/b") };
        d.ensure_writable().expect("writable");
        assert!(d.logs().is_dir());
    }

    #[test]
    fn unwritable_dir_gives_code() {
        let t = tempfile::tempdir().expect("tempdir");
        let file = t.path().join("plain-file");
        std::fs::write(&file, b"x").expect("write");
        let d = DataDir { root: file.join("below-a-file") };
        assert_eq!(d.ensure_writable().expect_err("not writable").code, Code::DataDirUnwritable);
    }
}
