//! The webview's memory over a working day (issue 18.7): keep no cache of what is no longer shown.
//!
//! Each citizen's photo, signature and card preview reach the page as data URLs. WebKitGTK's
//! default cache model (a web browser's) keeps images that are no longer shown as "dead"
//! resources, up to 64 MB on a machine with 2 GB or more, so the webview grew with every citizen
//! of the day until that cap (tests/e2e/soak-day.mjs). The document viewer model keeps no dead
//! resources and no back/forward pages; the app never navigates and re-decodes a data URL in a
//! moment when it is shown again. Other platforms' webviews are left as they are.

/// Sets the document viewer cache model on the web context of `window` (Linux; a no-op
/// elsewhere). Every window of the app shares that context, so the citizen window is covered too.
pub fn keep_no_dead_cache(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let outcome = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "cannot set the webview's cache model");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
