//! [`CitizenDisplay`]: what the citizen window shows now, and the window's two sinks (views and
//! preview frames). The main window's commands tell it what happened (camera started, photo taken,
//! pad ink, case closed, ...); it keeps the stage, so a window that (re)connects is brought up to
//! date, and it forwards frames and guidance only while the live preview is the stage.
use super::view::{CitizenView, InkPoint};
use skranke_api::json::OvalView;
use std::sync::{Arc, Mutex, MutexGuard};

/// Sends a view; `false` when the window has gone.
type ViewSink = Box<dyn FnMut(CitizenView) -> bool + Send>;
/// Sends one frame message (capture time header and JPEG); `false` when the window has gone.
type FrameSink = Box<dyn FnMut(Vec<u8>) -> bool + Send>;

struct Sinks {
    view: ViewSink,
    frame: FrameSink,
}

struct Stage {
    sinks: Option<Sinks>,
    /// The last view other than `Ink` (a `Signing` holds the ink so far).
    now: CitizenView,
}

impl Stage {
    fn send(&mut self, view: CitizenView) {
        if let Some(s) = self.sinks.as_mut()
            && !(s.view)(view)
        {
            self.sinks = None;
        }
    }

    fn show(&mut self, view: CitizenView) {
        self.now = view.clone();
        self.send(view);
    }
}

/// The citizen window's state, shared by the commands (a cheap clone). When the window is off
/// (`[ui] citizen_display = false`) every method does nothing.
#[derive(Clone)]
pub struct CitizenDisplay {
    stage: Option<Arc<Mutex<Stage>>>,
}

impl CitizenDisplay {
    /// The state for the configured setting: `enabled` is `[ui] citizen_display`.
    pub fn new(enabled: bool) -> Self {
        let stage = enabled.then(|| Arc::new(Mutex::new(Stage { sinks: None, now: CitizenView::Welcome })));
        Self { stage }
    }

    /// Whether the citizen window is configured.
    pub fn enabled(&self) -> bool {
        self.stage.is_some()
    }

    fn lock(&self) -> Option<MutexGuard<'_, Stage>> {
        // A panic while holding the lock leaves a consistent stage: keep using it.
        self.stage.as_ref().map(|s| s.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The citizen window connected (again): these sinks replace any earlier ones and get the
    /// current stage at once.
    pub fn connect(
        &self,
        view: impl FnMut(CitizenView) -> bool + Send + 'static,
        frame: impl FnMut(Vec<u8>) -> bool + Send + 'static,
    ) {
        if let Some(mut s) = self.lock() {
            s.sinks = Some(Sinks { view: Box::new(view), frame: Box::new(frame) });
            let now = s.now.clone();
            s.send(now);
        }
    }

    /// Shows the welcome (case opened or closed, sent, signed out, locked).
    pub fn welcome(&self) {
        if let Some(mut s) = self.lock()
            && s.now != CitizenView::Welcome
        {
            s.show(CitizenView::Welcome);
        }
    }

    /// The live preview started: frames and guidance are shown from now on.
    pub fn camera_started(&self) {
        if let Some(mut s) = self.lock() {
            s.show(CitizenView::PhotoLive { hint: None, oval: None, all_pass: false });
        }
    }

    /// The preview stopped: a live stage becomes the welcome; a taken photo stays.
    pub fn camera_stopped(&self) {
        if let Some(mut s) = self.lock()
            && matches!(s.now, CitizenView::PhotoLive { .. })
        {
            s.show(CitizenView::Welcome);
        }
    }

    /// Live guidance of an analysed frame: shown while the preview is the stage, when it changed.
    pub fn guidance(&self, hint: Option<&'static str>, oval: OvalView, all_pass: bool) {
        if let Some(mut s) = self.lock()
            && matches!(s.now, CitizenView::PhotoLive { .. })
        {
            let view = CitizenView::PhotoLive { hint, oval: Some(oval), all_pass };
            if s.now != view {
                s.show(view);
            }
        }
    }

    /// A preview frame message: forwarded while the preview is the stage and the window listens
    /// (the bytes are copied only then).
    pub fn frame(&self, message: &[u8]) {
        if let Some(mut s) = self.lock()
            && matches!(s.now, CitizenView::PhotoLive { .. })
            && let Some(sinks) = s.sinks.as_mut()
            && !(sinks.frame)(message.to_vec())
        {
            s.sinks = None;
        }
    }

    /// The photo was taken and checked: its crop (a data URL), or the welcome when no face was found.
    pub fn photo_taken(&self, image: Option<String>) {
        if let Some(mut s) = self.lock() {
            s.show(image.map_or(CitizenView::Welcome, |image| CitizenView::PhotoTaken { image }));
        }
    }

    /// The signature step opened the pad: an empty field of this size.
    pub fn signing(&self, width: f64, height: f64) {
        if let Some(mut s) = self.lock() {
            s.show(CitizenView::Signing { width, height, points: Vec::new() });
        }
    }

    /// The whole ink so far (a check of the strokes): replaces the drawing.
    pub fn ink_replaced(&self, width: f64, height: f64, points: Vec<InkPoint>) {
        if let Some(mut s) = self.lock()
            && matches!(s.now, CitizenView::Signing { .. })
        {
            s.show(CitizenView::Signing { width, height, points });
        }
    }

    /// New pen samples from the pad: added to the drawing while the signature is the stage.
    pub fn ink(&self, points: Vec<InkPoint>) {
        if let Some(mut s) = self.lock()
            && let CitizenView::Signing { points: so_far, .. } = &mut s.now
        {
            so_far.extend_from_slice(&points);
            s.send(CitizenView::Ink { points });
        }
    }

    /// The signature was accepted: its image (a data URL) when known, else the drawing stays.
    pub fn signed(&self, image: Option<String>) {
        if let (Some(mut s), Some(image)) = (self.lock(), image) {
            s.show(CitizenView::Signed { image });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = Arc<Mutex<Vec<CitizenView>>>;

    fn connected(d: &CitizenDisplay) -> (Seen, Arc<Mutex<usize>>) {
        let views: Seen = Arc::default();
        let frames = Arc::new(Mutex::new(0));
        let (v, f) = (Arc::clone(&views), Arc::clone(&frames));
        d.connect(
            move |view| {
                v.lock().expect("lock").push(view);
                true
            },
            move |_| {
                *f.lock().expect("lock") += 1;
                true
            },
        );
        (views, frames)
    }

    const OVAL: OvalView = OvalView { cx: 0.5, cy: 0.45, head_height: 0.55, tolerance: 0.06 };

    #[test]
    fn off_by_default_setting_does_nothing() {
        let d = CitizenDisplay::new(false);
        assert!(!d.enabled());
        let (views, frames) = connected(&d);
        d.camera_started();
        d.frame(&[1, 2, 3]);
        assert!(views.lock().expect("lock").is_empty());
        assert_eq!(*frames.lock().expect("lock"), 0);
    }

    #[test]
    fn a_capture_walks_the_stages() {
        let d = CitizenDisplay::new(true);
        let (views, frames) = connected(&d);
        d.frame(&[1]); // before the preview: not forwarded
        d.camera_started();
        d.frame(&[1]);
        d.guidance(Some("move_closer"), OVAL, false);
        d.guidance(Some("move_closer"), OVAL, false); // unchanged: not sent again
        d.photo_taken(Some("data:image/jpeg;base64,AA==".into()));
        d.guidance(Some("ok"), OVAL, true); // after the photo: ignored
        d.frame(&[1]);
        d.camera_stopped(); // the photo stays
        d.signing(1200.0, 400.0);
        d.ink(vec![[1.0, 2.0, 1.0]]);
        d.signed(Some("data:image/png;base64,AA==".into()));
        d.welcome();
        let kinds: Vec<String> = views
            .lock()
            .expect("lock")
            .iter()
            .map(|v| serde_json::to_value(v).expect("json")["kind"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(kinds, ["welcome", "photoLive", "photoLive", "photoTaken", "signing", "ink", "signed", "welcome"]);
        assert_eq!(*frames.lock().expect("lock"), 1);
    }

    #[test]
    fn a_reconnecting_window_gets_the_ink_so_far() {
        let d = CitizenDisplay::new(true);
        d.signing(100.0, 50.0);
        d.ink(vec![[1.0, 2.0, 1.0]]);
        d.ink(vec![[3.0, 4.0, 0.0]]);
        let (views, _) = connected(&d);
        assert_eq!(
            *views.lock().expect("lock"),
            [CitizenView::Signing { width: 100.0, height: 50.0, points: vec![[1.0, 2.0, 1.0], [3.0, 4.0, 0.0]] }]
        );
    }

    #[test]
    fn a_gone_window_is_dropped() {
        let d = CitizenDisplay::new(true);
        let calls = Arc::new(Mutex::new(0));
        let c = Arc::clone(&calls);
        d.connect(
            move |_| {
                *c.lock().expect("lock") += 1;
                false
            },
            |_| true,
        );
        d.camera_started();
        assert_eq!(*calls.lock().expect("lock"), 1, "no send after the sink said the window is gone");
    }
}
