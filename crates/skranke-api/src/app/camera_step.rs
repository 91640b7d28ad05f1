//! The camera on [`Skranke`]: start and stop the live preview of the photo step, and take the
//! photo from the newest frame. The camera is chosen by `camera.source` (docs/camera.md); in demo
//! mode with no camera the replayed demo portraits stand in.
use super::{Skranke, poisoned};
use crate::json::PhotoCheckView;
use crate::preview::{self, CameraEvent, CameraInfo};
use crate::{ApiError, Code};
use skranke_config::Mode;

/// A camera the clerk can choose in the photo step.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CameraChoice {
    /// What `camera_select` takes: `auto`, a device index, or `replay:demo`.
    pub source: String,
    /// What the clerk sees.
    pub name: String,
    /// The one in use.
    pub selected: bool,
}

impl Skranke {
    /// The cameras to choose from: automatic, every connected camera, and in demo mode the demo
    /// camera. A listing failure leaves the automatic choice (the error is logged).
    pub fn camera_list(&self) -> Result<Vec<CameraChoice>, ApiError> {
        let current = self.camera_source()?;
        let mut list = vec![("auto".to_string(), "Automatisk".to_string())];
        match skranke_camera::list_devices() {
            Ok(devices) => {
                for (index, d) in devices.iter().enumerate() {
                    list.push((index.to_string(), d.name.clone()));
                }
            }
            Err(e) => tracing::warn!(error = %e, "cameras could not be listed"),
        }
        if self.config.mode == Mode::Demo {
            list.push(("replay:demo".into(), "Demokamera (afspillede portrætter)".into()));
        }
        if !list.iter().any(|(s, _)| *s == current) {
            list.push((current.clone(), current.clone()));
        }
        Ok(list.into_iter().map(|(source, name)| CameraChoice { selected: source == current, source, name }).collect())
    }

    /// Chooses the camera for this session (the configuration's `camera.source` until then); the
    /// next [`Skranke::camera_start`] uses it.
    pub fn camera_select(&self, source: &str) -> Result<(), ApiError> {
        let source = source.trim();
        let valid = source == "auto" || source.parse::<u32>().is_ok() || source.starts_with("replay:");
        if !valid {
            return Err(ApiError::new(Code::CameraNotFound, format!("unknown camera {source:?}")));
        }
        *self.camera_choice.lock().map_err(|_| poisoned())? = Some(source.to_string());
        tracing::info!(source, "camera chosen");
        Ok(())
    }

    fn camera_source(&self) -> Result<String, ApiError> {
        Ok(self
            .camera_choice
            .lock()
            .map_err(|_| poisoned())?
            .clone()
            .unwrap_or_else(|| self.config.camera.source.clone()))
    }

    /// Opens the configured camera and starts the preview: every frame goes to `on_frame` as a
    /// frame message (capture time, then JPEG: [`crate::preview::frame_message`]),
    /// guidance and loss to `on_event`, until [`Skranke::camera_stop`], another start, or a sink
    /// returns `false`. Guidance needs the face models; without them the preview still runs.
    pub fn camera_start(
        &self,
        on_frame: impl FnMut(Vec<u8>) -> bool + Send + 'static,
        on_event: impl FnMut(CameraEvent) -> bool + Send + 'static,
    ) -> Result<CameraInfo, ApiError> {
        self.current_user()?;
        self.camera_stop()?;
        let c = &self.config.camera;
        let models = match self.photo_engine.models() {
            Ok(m) => Some(m),
            Err(e) => {
                tracing::error!(code = e.code.as_str(), error = %e.message, "no live guidance: face models unavailable");
                None
            }
        };
        // Replayed portraits are framed around their face, like a citizen in front of the camera.
        let thresholds = self.config.photo.checks.clone();
        let placer = models.clone().map(|m| {
            move |img: &image::RgbImage, w: u32, h: u32| crate::demo_framing::place_face(&m, &thresholds, img, w, h)
        });
        let placer_ref: Option<skranke_camera::Placer<'_>> = placer.as_ref().map(|p| p as skranke_camera::Placer<'_>);
        let chosen = self.camera_source()?;
        let source =
            skranke_camera::open_source(&chosen, self.config.mode == Mode::Demo, c.width, c.height, c.fps, placer_ref)
                .map_err(|e| ApiError::new(preview::camera_code(&e), e.to_string()))?;
        let info = CameraInfo::from(source.info());
        let running = preview::start(source, models, self.config.photo.clone(), on_frame, on_event)?;
        tracing::info!(camera = %info.name, kind = %info.kind, width = info.width, height = info.height, "camera preview started");
        *self.preview.lock().map_err(|_| poisoned())? = Some(running);
        Ok(info)
    }

    /// Stops the preview, if one runs (the camera is released).
    pub fn camera_stop(&self) -> Result<(), ApiError> {
        if let Some(p) = self.preview.lock().map_err(|_| poisoned())?.take() {
            p.stop();
        }
        Ok(())
    }

    /// "Tag foto": checks the newest preview frame with the full still check and keeps it pending
    /// on the open case.
    pub fn photo_capture(&self) -> Result<PhotoCheckView, ApiError> {
        let frame = self
            .preview
            .lock()
            .map_err(|_| poisoned())?
            .as_ref()
            .and_then(|p| p.latest.get())
            .ok_or_else(|| ApiError::new(Code::CameraNotFound, "no camera frame to take the photo from"))?;
        let rgb = frame.to_rgb().map_err(|e| ApiError::new(preview::camera_code(&e), e.to_string()))?;
        self.photo_check_frame(&rgb)
    }
}
