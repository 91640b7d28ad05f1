//! The counter keeps its screen when the webview's process dies (issue 18.7).
//!
//! In the working-day soak (tests/e2e/soak-day.mjs) WebKitGTK's web process ended once after 100
//! citizens and 21 minutes of live preview, on an assertion inside WebKit (an `ud2` in
//! libwebkit2gtk-4.1 2.50; the same crash was seen once in an earlier soak). The window then stays
//! blank until the app is restarted. Everything the clerk has done lives in the Rust side (the
//! session, the open case, the outbox), so the reloaded page shows the clerk, signed in, their open
//! case (at its first step); going on to the photo step restarts the preview (`camera_start`
//! stops the old one first). A page that dies again at once is not reloaded for ever: at most
//! [`MAX_RELOADS`] within [`RELOAD_WINDOW`]. Tested end to end by killing the page's process
//! (tests/e2e/recovery.test.mjs).
//!
//! One rule for both webviews ([`recover`]): what failed ([`Failure`]: WebKitGTK's web process on
//! Linux, WebView2's `ProcessFailed` kinds on Windows) decides the [`Recovery`]. When WebView2's
//! browser process is gone the webview is gone with it and a reload cannot help, so Skranke
//! restarts (the session and the open case live in this process and are lost; the outbox, the
//! audit trail and the scan folder are on disk). The Windows part is written against
//! webview2-com 0.39 / tauri 2.12.5, type-checked here (scripts/check-windows.sh) and not run
//! (docs/windows.md).

// Only Linux and Windows watch their webview; elsewhere the rule is not used.
#![cfg_attr(not(any(target_os = "linux", windows)), allow(dead_code))]

use std::time::{Duration, Instant};

/// Reloads allowed within [`RELOAD_WINDOW`]; more means the page itself cannot run.
const MAX_RELOADS: usize = 3;
/// The window [`MAX_RELOADS`] counts in.
const RELOAD_WINDOW: Duration = Duration::from_secs(60);

/// What failed in the webview, in either webview's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// Linux's WebKit only reports the page's process ending; the other kinds are WebView2's.
#[cfg_attr(not(windows), allow(dead_code))]
enum Failure {
    /// The page's own process ended (crashed, killed, out of memory); the webview is still there.
    PageProcessEnded,
    /// The page's process stopped answering (WebView2 says so again every few seconds while hung).
    PageUnresponsive,
    /// WebView2's browser process ended: the webview is closed and cannot be reloaded.
    BrowserEnded,
    /// A helper ended (a subframe's renderer, the GPU, a utility or another process): the webview
    /// starts a new one itself and the page goes on.
    HelperEnded,
}

impl Failure {
    /// The failure a WebView2 `COREWEBVIEW2_PROCESS_FAILED_KIND` value names: 0 browser process
    /// exited, 1 render process exited, 2 render process unresponsive; 3 frame render process,
    /// 4 utility, 5 sandbox helper, 6 GPU, 7 and 8 PPAPI, 9 unknown and any later kind are helpers.
    #[cfg_attr(not(windows), allow(dead_code))]
    fn from_webview2_kind(kind: i64) -> Self {
        match kind {
            0 => Self::BrowserEnded,
            1 => Self::PageProcessEnded,
            2 => Self::PageUnresponsive,
            _ => Self::HelperEnded,
        }
    }
}

/// What to do about a [`Failure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recovery {
    /// Reload the page (all state is in Rust, so this restarts the view only).
    Reload,
    /// The page keeps dying: more than [`MAX_RELOADS`] within [`RELOAD_WINDOW`]; leave it.
    StopReloading,
    /// Restart Skranke: the webview itself is gone.
    RestartApp,
    /// Nothing: the webview replaces the process itself.
    Nothing,
}

/// The one rule for both platforms: what to do about `failure` at `now`, given the earlier
/// reloads in `recent` (see [`may_reload`]).
fn recover(failure: Failure, recent: &mut Vec<Instant>, now: Instant) -> Recovery {
    match failure {
        Failure::PageProcessEnded | Failure::PageUnresponsive => {
            if may_reload(recent, now) {
                Recovery::Reload
            } else {
                Recovery::StopReloading
            }
        }
        Failure::BrowserEnded => Recovery::RestartApp,
        Failure::HelperEnded => Recovery::Nothing,
    }
}

/// Logs what failed and what is done about it; `reason` is the webview's own word for it (no
/// page address or content, so nothing about the citizen).
fn log(failure: Failure, recovery: Recovery, reason: &str) {
    match recovery {
        Recovery::Reload => {
            tracing::error!(?failure, reason, "the webview's process failed: reloading the page");
        }
        Recovery::StopReloading => {
            tracing::error!(?failure, reason, "the webview's process keeps failing: not reloading again");
        }
        Recovery::RestartApp => tracing::error!(?failure, reason, "the webview is gone: restarting Skranke"),
        Recovery::Nothing => {
            tracing::warn!(?failure, reason, "a webview helper process ended; the webview restarts it")
        }
    }
}

/// Whether another reload may be made at `now`, given the earlier ones in `recent` (which it
/// prunes and, when allowed, adds `now` to).
fn may_reload(recent: &mut Vec<Instant>, now: Instant) -> bool {
    recent.retain(|t| now.duration_since(*t) < RELOAD_WINDOW);
    let allowed = recent.len() < MAX_RELOADS;
    if allowed {
        recent.push(now);
    }
    allowed
}

/// Watches `window`'s webview and recovers by [`recover`] when one of its processes fails: on
/// Linux WebKitGTK's web process, on Windows WebView2's `ProcessFailed` (type-checked, not run
/// here). Other platforms' webviews are left as they are (docs/windows.md).
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
                let failure = Failure::PageProcessEnded;
                let recovery = recover(failure, &mut recent.borrow_mut(), Instant::now());
                log(failure, recovery, why);
                if recovery == Recovery::Reload {
                    view.reload();
                }
            });
        });
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "cannot watch the webview's process");
        }
    }
    // Written against webview2-com 0.39 (wry 0.57.1's registration of its own handlers) and
    // tauri 2.12.5 (`PlatformWebview::controller`, `AppHandle::request_restart`); type-checked
    // here (scripts/check-windows.sh), not run.
    #[cfg(windows)]
    {
        use tauri::Manager;
        use webview2_com::{
            Microsoft::Web::WebView2::Win32::COREWEBVIEW2_PROCESS_FAILED_KIND, ProcessFailedEventHandler,
        };
        let app = window.app_handle().clone();
        let outcome = window.with_webview(move |webview| {
            // SAFETY: COM calls on the webview's own thread, where `with_webview` runs this.
            let core = match unsafe { webview.controller().CoreWebView2() } {
                Ok(core) => core,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot watch the webview's processes");
                    return;
                }
            };
            let mut recent = Vec::new();
            let mut restarting = false;
            let handler = ProcessFailedEventHandler::create(Box::new(move |sender, args| {
                let Some(args) = args else { return Ok(()) };
                let mut kind = COREWEBVIEW2_PROCESS_FAILED_KIND::default();
                // SAFETY: an out-parameter WebView2 fills in during its own event.
                unsafe { args.ProcessFailedKind(&mut kind) }?;
                let failure = Failure::from_webview2_kind(i64::from(kind.0));
                let recovery = recover(failure, &mut recent, Instant::now());
                log(failure, recovery, &format!("ProcessFailedKind {}", kind.0));
                match recovery {
                    Recovery::Reload => {
                        if let Some(view) = sender {
                            // SAFETY: the webview that raised the event, on its thread.
                            if let Err(e) = unsafe { view.Reload() } {
                                tracing::error!(error = %e, "cannot reload the page");
                            }
                        }
                    }
                    Recovery::RestartApp if !restarting => {
                        restarting = true;
                        app.request_restart();
                    }
                    Recovery::RestartApp | Recovery::StopReloading | Recovery::Nothing => {}
                }
                Ok(())
            }));
            // Registered for the webview's life, as wry does with its own handlers.
            let mut token: i64 = 0;
            // SAFETY: `handler` is a live COM object; `token` outlives the call.
            if let Err(e) = unsafe { core.add_ProcessFailed(&handler, &mut token) } {
                tracing::warn!(error = %e, "cannot watch the webview's processes");
            }
        });
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "cannot watch the webview's processes");
        }
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn webview2_kinds_map_to_failures() {
        assert_eq!(Failure::from_webview2_kind(0), Failure::BrowserEnded);
        assert_eq!(Failure::from_webview2_kind(1), Failure::PageProcessEnded);
        assert_eq!(Failure::from_webview2_kind(2), Failure::PageUnresponsive);
        // Frame renderer, utility, sandbox helper, GPU, two PPAPI, unknown; and a kind added later.
        for kind in [3, 4, 5, 6, 7, 8, 9, 10, -1] {
            assert_eq!(Failure::from_webview2_kind(kind), Failure::HelperEnded, "kind {kind}");
        }
    }

    #[test]
    fn each_failure_has_its_recovery() {
        let now = Instant::now();
        let mut recent = Vec::new();
        assert_eq!(recover(Failure::PageProcessEnded, &mut recent, now), Recovery::Reload);
        assert_eq!(recover(Failure::PageUnresponsive, &mut recent, now), Recovery::Reload);
        assert_eq!(recover(Failure::BrowserEnded, &mut recent, now), Recovery::RestartApp);
        assert_eq!(recover(Failure::HelperEnded, &mut recent, now), Recovery::Nothing);
        assert_eq!(recent.len(), 2, "only the reloads count toward the limit");
    }

    #[test]
    fn a_dead_or_hung_page_shares_one_reload_limit_and_a_dead_browser_still_restarts() {
        let now = Instant::now();
        let mut recent = Vec::new();
        assert_eq!(recover(Failure::PageProcessEnded, &mut recent, now), Recovery::Reload);
        assert_eq!(recover(Failure::PageUnresponsive, &mut recent, now), Recovery::Reload);
        assert_eq!(recover(Failure::PageProcessEnded, &mut recent, now), Recovery::Reload);
        assert_eq!(recover(Failure::PageUnresponsive, &mut recent, now), Recovery::StopReloading);
        assert_eq!(recover(Failure::PageProcessEnded, &mut recent, now), Recovery::StopReloading);
        assert_eq!(recover(Failure::HelperEnded, &mut recent, now), Recovery::Nothing);
        assert_eq!(recover(Failure::BrowserEnded, &mut recent, now), Recovery::RestartApp);
        let later = now + RELOAD_WINDOW;
        assert_eq!(recover(Failure::PageProcessEnded, &mut recent, later), Recovery::Reload, "a minute on");
    }
}
