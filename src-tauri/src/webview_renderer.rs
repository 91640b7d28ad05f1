//! WebKitGTK's renderer on a PC without a GPU (issue 18.7).
//!
//! WebKitGTK 2.50 renders through DMA-BUF buffers by default. Where there is no GPU render node
//! (a virtual machine, Xvfb in CI, a thin client) those buffers are drawn by Mesa's software GL
//! (llvmpipe), and the live preview drew 14-15 frames a second of the 30 delivered, with 95 ms
//! from capture to screen; with WebKit's other renderer (`WEBKIT_DISABLE_DMABUF_RENDERER=1`) the
//! same machine draws all 30 with 16 ms (docs/BENCHMARKS.md, "A working day without a restart").
//! A PC with a GPU keeps the default, and a value IT sets in the environment is left alone.

#[cfg(target_os = "linux")]
use std::path::Path;

/// The variable WebKitGTK reads to use its older renderer.
#[cfg(target_os = "linux")]
const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Chooses WebKitGTK's non-DMA-BUF renderer when `/dev/dri` has no render node (Linux; a no-op
/// elsewhere). Call it first in `main`, before any other thread exists: it sets an environment
/// variable.
pub fn without_gpu_use_the_plain_renderer() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(VAR).is_none() && !has_render_node(Path::new("/dev/dri")) {
        // SAFETY: called first in main, before any other thread exists, so nothing reads the
        // environment while it changes.
        unsafe { std::env::set_var(VAR, "1") };
    }
}

/// `dir` (normally /dev/dri) holds a GPU render node (`renderD128`, ...).
#[cfg(target_os = "linux")]
fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(!has_render_node(&dir.path().join("missing")), "no /dev/dri at all");
        assert!(!has_render_node(dir.path()), "an empty /dev/dri");
        std::fs::write(dir.path().join("card0"), b"").expect("card0");
        assert!(!has_render_node(dir.path()), "a display card without a render node");
        std::fs::write(dir.path().join("renderD128"), b"").expect("renderD128");
        assert!(has_render_node(dir.path()));
    }
}
