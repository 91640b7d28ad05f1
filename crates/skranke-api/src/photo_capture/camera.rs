//! The camera of the photo capture part: choose it, start and stop the live preview, and take
//! the photo from the best frame of the last seconds (the newest when none was analysed). The camera is chosen by `camera.source` (docs/camera.md); in
//! demo mode with no camera the replayed demo portraits stand in.
use super::json::{ChosenFrameView, PhotoCheckView};
use super::preview::{self, CameraEvent, CameraInfo};
use super::{PhotoCapture, demo_framing};
use crate::case_desk::CaseDesk;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_config::Mode;
use std::sync::Arc;

/// A camera the clerk can choose in the photo step.
#[derive(ts_rs::TS, Debug, Clone, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CameraChoice {
    /// What `camera_select` takes: `auto`, a device index, or `replay:demo`.
    pub source: String,
    /// What the clerk sees.
    pub name: String,
    /// The one in use.
    pub selected: bool,
}

impl PhotoCapture {
    /// The cameras to choose from: automatic, every connected camera, and in demo mode the demo
    /// camera. A listing failure leaves the automatic choice (the error is logged).
    pub(crate) fn camera_list(&self, ctx: &Context) -> Result<Vec<CameraChoice>, ApiError> {
        let current = self.camera_source(ctx)?;
        let mut list = vec![("auto".to_string(), "Automatisk".to_string())];
        match skranke_camera::list_devices() {
            Ok(devices) => {
                for (index, d) in devices.iter().enumerate() {
                    list.push((index.to_string(), d.name.clone()));
                }
            }
            Err(e) => tracing::warn!(error = %e, "cameras could not be listed"),
        }
        if ctx.config.mode == Mode::Demo {
            list.push(("replay:demo".into(), "Demokamera (afspillede portrætter)".into()));
        }
        if !list.iter().any(|(s, _)| *s == current) {
            list.push((current.clone(), current.clone()));
        }
        Ok(list.into_iter().map(|(source, name)| CameraChoice { selected: source == current, source, name }).collect())
    }

    /// Chooses the camera for this session (the configuration's `camera.source` until then); the
    /// next [`PhotoCapture::camera_start`] uses it.
    pub(crate) fn camera_select(&self, ctx: &Context, source: &str) -> Result<(), ApiError> {
        let source = source.trim();
        let replay = source.starts_with("replay:");
        let valid = source == "auto" || source.parse::<u32>().is_ok() || replay;
        if !valid {
            return Err(ApiError::new(Code::CameraNotFound, format!("unknown camera {source:?}")));
        }
        if replay {
            refuse_replay_outside_demo(ctx)?;
        }
        *self.camera_choice.lock()? = Some(source.to_string());
        tracing::info!(source, "camera chosen");
        Ok(())
    }

    fn camera_source(&self, ctx: &Context) -> Result<String, ApiError> {
        Ok(self.camera_choice.lock()?.clone().unwrap_or_else(|| ctx.config.camera.source.clone()))
    }

    /// Opens the chosen camera and starts the preview: every frame goes to `on_frame` as a
    /// frame message (capture time, then JPEG: [`preview::frame_message`]), guidance and loss to
    /// `on_event`, until [`PhotoCapture::camera_stop`], another start, or a sink returns `false`.
    /// Guidance needs the face models; without them the preview still runs.
    pub(crate) fn camera_start(
        &self,
        ctx: &Context,
        on_frame: impl FnMut(Vec<u8>) -> bool + Send + 'static,
        on_event: impl FnMut(CameraEvent) -> bool + Send + 'static,
    ) -> Result<CameraInfo, ApiError> {
        self.camera_stop()?;
        let c = &ctx.config.camera;
        let models = match self.engine.models() {
            Ok(m) => Some(m),
            Err(e) => {
                tracing::error!(code = e.code.as_str(), error = %e.message, "no live guidance: face models unavailable");
                None
            }
        };
        // Replayed portraits are framed around their face, like a citizen in front of the camera.
        let thresholds = ctx.config.photo.checks.clone();
        let placer = models
            .clone()
            .map(|m| move |img: &image::RgbImage, w: u32, h: u32| demo_framing::place_face(&m, &thresholds, img, w, h));
        let placer_ref: Option<skranke_camera::Placer<'_>> = placer.as_ref().map(|p| p as skranke_camera::Placer<'_>);
        let chosen = self.camera_source(ctx)?;
        if chosen.trim().starts_with("replay:") {
            refuse_replay_outside_demo(ctx)?;
        }
        let demo = ctx.config.mode == Mode::Demo;
        let source = skranke_camera::open_source(&chosen, demo, c.width, c.height, c.fps, placer_ref)
            .map_err(|e| ApiError::new(e.code(), e.to_string()))?;
        let info = CameraInfo::from(source.info());
        let running = preview::start(source, models, ctx.config.photo.clone(), on_frame, on_event)?;
        tracing::info!(camera = %info.name, kind = %info.kind, width = info.width, height = info.height, "camera preview started");
        *self.preview.lock()? = Some(running);
        Ok(info)
    }

    /// Stops the preview, if one runs (the camera is released).
    pub(crate) fn camera_stop(&self) -> Result<(), ApiError> {
        if let Some(p) = self.preview.lock()?.take() {
            p.stop();
        }
        Ok(())
    }

    /// "Tag foto" (and auto-capture): checks the best analysed frame of the last seconds before
    /// the press (eyes open, frontal, sharp; the newest among equals) with the full still check
    /// and keeps it pending on the open case; the newest frame when none was analysed. The view
    /// says which frame was taken.
    pub(crate) fn capture(&self, ctx: &Context, desk: &CaseDesk) -> Result<PhotoCheckView, ApiError> {
        let (pressed, best) = {
            let preview = self.preview.lock()?;
            let pressed = preview
                .as_ref()
                .and_then(|p| p.latest.get())
                .ok_or_else(|| ApiError::new(Code::CameraNotFound, "no camera frame to take the photo from"))?;
            let best = preview.as_ref().and_then(|p| p.recent.best_before(&pressed));
            (pressed, best)
        };
        let (frame, chosen) = match best {
            Some(b) => {
                let view = ChosenFrameView::chosen(&b, pressed.seq);
                (b.frame, view)
            }
            None => (Arc::clone(&pressed), ChosenFrameView::at_press(pressed.seq)),
        };
        tracing::info!(
            seq = chosen.seq,
            press_seq = chosen.press_seq,
            ms_before_press = chosen.ms_before_press,
            "photo taken from the preview"
        );
        let rgb = frame.to_rgb().map_err(ApiError::from)?;
        let mut view = self.check_frame(ctx, desk, &rgb)?;
        view.chosen_frame = Some(chosen);
        Ok(view)
    }
}

/// Outside demo mode only a real camera may take the portrait: pictures from disk must never
/// stand in for the citizen at the counter, whether chosen in the UI or in `camera.source`.
/// The one exception is the end-to-end test of production mode: a test build of the app
/// (feature `test-camera`, which only `cargo test` turns on, through src-tauri's
/// dev-dependencies) started with `SKRANKE_TEST_CAMERA=replay`. A release build has no such path.
fn refuse_replay_outside_demo(ctx: &Context) -> Result<(), ApiError> {
    let test_build_allows =
        cfg!(feature = "test-camera") && std::env::var_os("SKRANKE_TEST_CAMERA").is_some_and(|v| v == "replay");
    if ctx.config.mode == Mode::Demo || test_build_allows {
        return Ok(());
    }
    Err(ApiError::new(Code::CameraReplayNotAllowed, "replayed pictures are for demo mode only"))
}
