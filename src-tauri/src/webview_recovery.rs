//! The counter keeps its screen when the webview's process dies (issue 18.7).
//!
//! In the working-day soak (tests/e2e/soak-day.mjs) WebKitGTK's web process ended once after 100
//! citizens and 21 minutes of live preview, on an assertion inside WebKit (an `ud2` in
//! libwebkit2gtk-4.1 2.50; the same crash was seen once in an earlier soak). The window then stays
//! blank until the app is restarted. Everything the clerk has done lives in the Rust side (the
//! session, the open case, the outbox), so reloading the page brings the clerk back to where they
//! were; the photo step restarts the preview (`camera_start` stops the old one first). A page that
//! dies again at once is not reloaded for ever: at most [`MAX_RELOADS`] within [`RELOAD_WINDOW`].

use std::time::Duration;

/// Reloads allowed within [`RELOAD_WINDOW`]; more means the page itself cannot run.
const MAX_RELOADS: usize = 3;
/// The window [`MAX_RELOADS`] counts in.
const RELOAD_WINDOW: Duration = Duration::from_secs(60);

/// Whether another reload may be made at `now`, given the earlier ones in `recent` (which it
/// prunes and, when allowed, adds `now` to).
fn may_reload(recent: &mut Vec<std::time::Instant>, now: std::time::Instant) -> bool {
    recent.retain(|t| now.duration_since(*t) < RELOAD_WINDOW);
    let allowed = recent.len() < MAX_RELOADS;
    if allowed {
        recent.push(now);
    }
    allowed
}

/// Reloads `window`'s page when its web process ends (Linux; other platforms' webviews are left
/// as they are: docs/windows.md).
pub fn reload_after_crash(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let outcome = window.with_webview(|webview| {
            use webkit2gtk::{WebProcessTerminationReason as Reason, WebViewExt};
            let recent = std::cell::RefCell::new(Vec::new());
            webview.inner().connect_web_process_terminated(move |view, reason| {
                let why = match reason {
                    Reason::Crashed => "crashed",
                    Reason::ExceededMemoryLimit => "exceeded its memory limit",
                    Reason::TerminatedByApi => "ended by the app",
                    _ => "ended",
                };
                if may_reload(&mut recent.borrow_mut(), std::time::Instant::now()) {
                    tracing::error!(reason = why, "the webview's process ended: reloading the page");
                    view.reload();
                } else {
                    tracing::error!(reason = why, "the webview's process keeps ending: not reloading again");
                }
            });
        });
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "cannot watch the webview's process");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_page_that_keeps_dying_is_reloaded_three_times_a_minute() {
        let start = Instant::now();
        let mut recent = Vec::new();
        let at = |s: u64| start + Duration::from_secs(s);
        assert!(may_reload(&mut recent, at(0)));
        assert!(may_reload(&mut recent, at(1)));
        assert!(may_reload(&mut recent, at(2)));
        assert!(!may_reload(&mut recent, at(3)), "a fourth within the minute");
        // At 61 s the first two have left the minute: two more, then no more.
        assert!(may_reload(&mut recent, at(61)));
        assert!(may_reload(&mut recent, at(61)));
        assert!(!may_reload(&mut recent, at(61)));
    }
}
