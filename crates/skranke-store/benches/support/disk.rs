//! What the send-step benchmarks share (`skranke-store`'s enqueue, `skranke-api`'s drain; included
//! by path): where their data goes (a real disk: they measure fsync) and which disk that is.
use std::path::{Path, PathBuf};

/// Where the temporary data goes: `SKRANKE_BENCH_DIR`, else `/var/tmp`, else the OS temp dir.
pub fn bench_base() -> PathBuf {
    if let Some(dir) = std::env::var_os("SKRANKE_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let var_tmp = Path::new("/var/tmp");
    if var_tmp.is_dir() { var_tmp.to_path_buf() } else { std::env::temp_dir() }
}

/// The filesystem type and device of the mount holding `path` (Linux: `/proc/self/mounts`).
pub fn filesystem_of(path: &Path) -> String {
    let Ok(path) = path.canonicalize() else { return "unknown".into() };
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else { return "unknown".into() };
    mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some((f.next()?, f.next()?, f.next()?))
        })
        .filter(|(_, mount, _)| path.starts_with(mount))
        .max_by_key(|(_, mount, _)| mount.len())
        .map(|(dev, mount, fs)| format!("{fs} on {dev}, mounted at {mount}"))
        .unwrap_or_else(|| "unknown".into())
}
