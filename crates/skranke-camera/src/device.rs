//! Real cameras through nokhwa (V4L2 on Linux, Media Foundation on Windows). The camera lives on
//! its own thread (backend handles are not `Send` everywhere) and hands frames over a small
//! channel; MJPEG is preferred so preview frames pass through without re-encoding. A camera that
//! stops delivering mid-stream is reported as [`CameraError::Disconnected`].
use crate::{CameraError, FrameSource, SourceInfo};

/// Opens the first camera.
pub fn open_first(width: u32, height: u32, fps: u32) -> Result<Box<dyn FrameSource>, CameraError> {
    imp::open(imp::Which::First, width, height, fps)
}

/// Opens the camera with this index.
pub fn open_index(index: u32, width: u32, height: u32, fps: u32) -> Result<Box<dyn FrameSource>, CameraError> {
    imp::open(imp::Which::Index(index), width, height, fps)
}

/// Opens the first camera whose name contains `name` (case-insensitive).
pub fn open_named(name: &str, width: u32, height: u32, fps: u32) -> Result<Box<dyn FrameSource>, CameraError> {
    imp::open(imp::Which::Named(name.to_string()), width, height, fps)
}

/// A camera on its own thread.
struct DeviceSource {
    info: SourceInfo,
    frames: std::sync::mpsc::Receiver<Result<crate::Frame, CameraError>>,
    finished: Option<CameraError>,
}

impl FrameSource for DeviceSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn next_frame(&mut self) -> Result<crate::Frame, CameraError> {
        if let Some(e) = &self.finished {
            return Err(CameraError::Disconnected(e.to_string()));
        }
        match self.frames.recv_timeout(std::time::Duration::from_secs(3)) {
            Ok(Ok(f)) => Ok(f),
            Ok(Err(e)) => {
                self.finished = Some(CameraError::Disconnected(e.to_string()));
                Err(e)
            }
            Err(_) => {
                let e = CameraError::Disconnected("no frame for 3 s".into());
                self.finished = Some(CameraError::Disconnected(e.to_string()));
                Err(e)
            }
        }
    }
}

#[cfg(feature = "native")]
mod imp {
    use super::DeviceSource;
    use crate::{CameraError, Frame, FrameSource, SourceInfo, SourceKind};
    use nokhwa::Camera;
    use nokhwa::pixel_format::RgbFormat;
    use nokhwa::utils::{ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType, Resolution};
    use std::sync::mpsc;

    pub enum Which {
        First,
        Index(u32),
        Named(String),
    }

    fn choose(which: &Which) -> Result<(CameraIndex, String), CameraError> {
        let cameras = nokhwa::query(ApiBackend::Auto).map_err(|e| CameraError::NotFound(Some(e.to_string())))?;
        let pick = match which {
            Which::First => cameras.first(),
            Which::Index(i) => cameras.iter().find(|c| c.index() == &CameraIndex::Index(*i)),
            Which::Named(n) => {
                let n = n.to_lowercase();
                cameras.iter().find(|c| c.human_name().to_lowercase().contains(&n))
            }
        };
        pick.map(|c| (c.index().clone(), c.human_name())).ok_or(CameraError::NotFound(None))
    }

    pub fn open(which: Which, width: u32, height: u32, fps: u32) -> Result<Box<dyn FrameSource>, CameraError> {
        let (index, name) = choose(&which)?;
        let (opened_tx, opened_rx) = mpsc::sync_channel::<Result<SourceInfo, CameraError>>(1);
        let (frames_tx, frames_rx) = mpsc::sync_channel(2);
        std::thread::Builder::new()
            .name("camera-device".into())
            .spawn(move || {
                let wanted = CameraFormat::new(Resolution::new(width, height), FrameFormat::MJPEG, fps);
                let requested = RequestedFormat::new::<RgbFormat>(RequestedFormatType::Closest(wanted));
                let mut camera = match Camera::new(index, requested).and_then(|mut c| c.open_stream().map(|()| c)) {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = opened_tx.send(Err(CameraError::from_os_text(&e.to_string(), false)));
                        return;
                    }
                };
                let format = camera.camera_format();
                let info = SourceInfo {
                    name,
                    kind: SourceKind::Device,
                    width: format.resolution().width(),
                    height: format.resolution().height(),
                    fps: format.frame_rate(),
                };
                if opened_tx.send(Ok(info)).is_err() {
                    return;
                }
                let mut seq = 0u64;
                loop {
                    let frame = camera.frame().map_err(|e| CameraError::from_os_text(&e.to_string(), true)).and_then(|buf| {
                        let res = buf.resolution();
                        if buf.source_frame_format() == FrameFormat::MJPEG {
                            Ok(Frame::from_jpeg(seq, res.width(), res.height(), buf.buffer().to_vec()))
                        } else {
                            let rgb = buf.decode_image::<RgbFormat>().map_err(|e| CameraError::Decode(e.to_string()))?;
                            let (w, h) = (rgb.width(), rgb.height());
                            image::RgbImage::from_raw(w, h, rgb.into_raw())
                                .map(|img| Frame::from_rgb(seq, img))
                                .ok_or_else(|| CameraError::Decode("frame size mismatch".into()))
                        }
                    });
                    let failed = frame.is_err();
                    if frames_tx.send(frame).is_err() || failed {
                        break;
                    }
                    seq += 1;
                }
                let _ = camera.stop_stream();
            })
            .map_err(|e| CameraError::Io(format!("cannot start the camera thread: {e}")))?;
        let info = opened_rx.recv().map_err(|_| CameraError::Io("the camera thread ended".into()))??;
        Ok(Box::new(DeviceSource { info, frames: frames_rx, finished: None }))
    }
}

#[cfg(not(feature = "native"))]
mod imp {
    use crate::{CameraError, FrameSource};

    pub enum Which {
        First,
        Index(u32),
        Named(String),
    }

    pub fn open(which: Which, _w: u32, _h: u32, _fps: u32) -> Result<Box<dyn FrameSource>, CameraError> {
        let _ = match which {
            Which::First => None,
            Which::Index(i) => Some(i.to_string()),
            Which::Named(n) => Some(n),
        };
        let _ = super::DeviceSource::info;
        Err(CameraError::NotFound(Some("this build has no camera support (feature `native`)".into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_camera_that_is_not_there_is_not_found_not_a_panic() {
        if crate::list_devices().map(|d| !d.is_empty()).unwrap_or(false) {
            return;
        }
        assert_eq!(open_first(640, 480, 30).err().map(|e| e.code()), Some("camera_not_found"));
        assert_eq!(open_index(7, 640, 480, 30).err().map(|e| e.code()), Some("camera_not_found"));
        assert_eq!(open_named("Logitech", 640, 480, 30).err().map(|e| e.code()), Some("camera_not_found"));
    }
}
