//! Log set-up: daily-rotated files in the data directory plus stderr. Personal data never goes
//! into a log line: CPR numbers are logged masked (their `Debug`/`Display` is masked), images and
//! addresses are never logged.
use std::path::Path;
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

/// Keeps the background log writer alive; drop it at exit to flush.
pub struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// Where log output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTarget {
    /// Rotating files in `<data_dir>/logs` and stderr (the app).
    FilesAndStderr,
    /// Stderr only (CLI commands: stdout is reserved for their output).
    StderrOnly,
}

/// Starts logging at `level` (overridable with `RUST_LOG`). Calling it twice is harmless.
pub fn init(level: &str, keep_files: usize, log_dir: &Path, target: LogTarget) -> LogGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let stderr = fmt::layer().with_writer(std::io::stderr).with_target(false);
    if target == LogTarget::StderrOnly {
        let _ = tracing_subscriber::registry().with(filter).with(stderr).try_init();
        return LogGuard(None);
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("skranke")
        .filename_suffix("log")
        .max_log_files(keep_files.max(1))
        .build(log_dir);
    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file = fmt::layer().with_writer(writer).with_ansi(false);
            let _ = tracing_subscriber::registry().with(filter).with(stderr).with(file).try_init();
            LogGuard(Some(guard))
        }
        Err(e) => {
            let _ = tracing_subscriber::registry().with(filter).with(stderr).try_init();
            tracing::warn!(error = %e, "log files unavailable; logging to stderr only");
            LogGuard(None)
        }
    }
}
