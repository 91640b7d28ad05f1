//! Logging writes a daily file in the data directory's `logs/` folder (own test binary: the
//! subscriber is process-global).
#[test]
fn log_lines_reach_a_file_in_the_log_dir() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).expect("mkdir");
    let guard = skranke_api::logging::init("info", 3, &logs, skranke_api::logging::LogTarget::FilesAndStderr);
    let cpr = skranke_core::Cpr::parse("010190-1234").expect("valid");
    tracing::info!(cpr = %cpr, "lookup started");
    drop(guard);
    let files: Vec<_> = std::fs::read_dir(&logs).expect("read logs").filter_map(Result::ok).collect();
    assert_eq!(files.len(), 1, "one daily file");
    let text = std::fs::read_to_string(files[0].path()).expect("read log");
    assert!(text.contains("lookup started"), "{text}");
    assert!(text.contains("010190-xxxx") && !text.contains("0101901234"), "CPR masked in logs: {text}");
}
