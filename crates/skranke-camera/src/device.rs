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

/// A pixel format a camera may offer that Skranke can decode, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(not(feature = "native"), allow(dead_code))]
enum Wire {
    /// Motion JPEG: goes to the preview without decoding or re-encoding, and fits 720p at 30 fps
    /// through USB 2.
    Mjpeg,
    /// Packed YUV 4:2:2, what every UVC camera offers.
    Yuyv,
    /// Planar YUV 4:2:0 (common on Windows).
    Nv12,
    /// Raw RGB.
    Rgb,
    /// Raw BGR.
    Bgr,
}

/// One format a camera offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "native"), allow(dead_code))]
struct Offer {
    wire: Wire,
    width: u32,
    height: u32,
    fps: u32,
}

/// Picks the offer to ask for: MJPEG whenever the camera offers it, then the resolution closest
/// to `width` x `height`, then a frame rate that reaches `fps` (closest above, else the highest),
/// then the format order of [`Wire`]. nokhwa's own `Closest` request is not used: it refuses a
/// camera without the exact resolution in the exact format, and YUYV-only cameras altogether.
#[cfg_attr(not(feature = "native"), allow(dead_code))]
fn choose_format(offers: &[Offer], width: u32, height: u32, fps: u32) -> Option<usize> {
    let key = |o: &Offer| {
        let dx = i64::from(o.width) - i64::from(width);
        let dy = i64::from(o.height) - i64::from(height);
        (o.wire != Wire::Mjpeg, dx * dx + dy * dy, fps.saturating_sub(o.fps), o.fps.saturating_sub(fps), o.wire)
    };
    (0..offers.len()).min_by_key(|&i| key(&offers[i]))
}

#[cfg(feature = "native")]
mod imp {
    use super::{DeviceSource, Offer, Wire};
    use crate::{CameraError, Frame, FrameSource, SourceInfo, SourceKind};
    use nokhwa::Camera;
    use nokhwa::pixel_format::RgbFormat;
    use nokhwa::utils::{ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType};
    use std::sync::mpsc;
    use std::time::Duration;

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

    /// nokhwa's format as a [`super::Wire`], when Skranke can decode it.
    fn wire(f: FrameFormat) -> Option<Wire> {
        match f {
            FrameFormat::MJPEG => Some(Wire::Mjpeg),
            FrameFormat::YUYV => Some(Wire::Yuyv),
            FrameFormat::NV12 => Some(Wire::Nv12),
            FrameFormat::RAWRGB => Some(Wire::Rgb),
            FrameFormat::RAWBGR => Some(Wire::Bgr),
            FrameFormat::GRAY => None,
        }
    }

    /// Opens the camera and sets the format [`super::choose_format`] picks from what it offers.
    /// A backend that cannot list its formats keeps the one it opened with.
    fn open_camera(index: CameraIndex, width: u32, height: u32, fps: u32) -> Result<Camera, CameraError> {
        let any = RequestedFormat::new::<RgbFormat>(RequestedFormatType::None);
        let mut camera = Camera::new(index, any).map_err(|e| CameraError::from_os_text(&e.to_string(), false))?;
        if let Ok(formats) = camera.compatible_camera_formats() {
            let offers: Vec<(Offer, CameraFormat)> = formats
                .into_iter()
                .filter_map(|f| {
                    let wire = wire(f.format())?;
                    Some((Offer { wire, width: f.width(), height: f.height(), fps: f.frame_rate() }, f))
                })
                .collect();
            let plain: Vec<Offer> = offers.iter().map(|(o, _)| *o).collect();
            let Some(pick) = super::choose_format(&plain, width, height, fps) else {
                return Err(CameraError::Unsupported("the camera offers no MJPEG, YUYV, NV12 or RGB format".into()));
            };
            let chosen = offers[pick].1;
            if camera.camera_format() != chosen {
                camera
                    .set_camera_requset(RequestedFormat::new::<RgbFormat>(RequestedFormatType::Exact(chosen)))
                    .map_err(|e| CameraError::from_os_text(&e.to_string(), false))?;
            }
        }
        camera.open_stream().map_err(|e| CameraError::from_os_text(&e.to_string(), false))?;
        Ok(camera)
    }

    /// How long a camera may take to open: Media Foundation is known to hang in init.
    const OPEN_TIMEOUT: Duration = Duration::from_secs(10);

    pub fn open(which: Which, width: u32, height: u32, fps: u32) -> Result<Box<dyn FrameSource>, CameraError> {
        let (index, name) = choose(&which)?;
        let (opened_tx, opened_rx) = mpsc::sync_channel::<Result<SourceInfo, CameraError>>(1);
        let (frames_tx, frames_rx) = mpsc::sync_channel(2);
        std::thread::Builder::new()
            .name("camera-device".into())
            .spawn(move || {
                let mut camera = match open_camera(index, width, height, fps) {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
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
                    let _ = camera.stop_stream();
                    return;
                }
                let mut seq = 0u64;
                loop {
                    let frame =
                        camera.frame().map_err(|e| CameraError::from_os_text(&e.to_string(), true)).and_then(|buf| {
                            let res = buf.resolution();
                            if buf.source_frame_format() == FrameFormat::MJPEG {
                                Ok(Frame::from_jpeg(seq, res.width(), res.height(), buf.buffer().to_vec()))
                            } else {
                                let rgb =
                                    buf.decode_image::<RgbFormat>().map_err(|e| CameraError::Decode(e.to_string()))?;
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
        let info = match opened_rx.recv_timeout(OPEN_TIMEOUT) {
            Ok(result) => result?,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // The thread is left to finish or hang on its own; it stops once it sees the
                // receiver gone.
                return Err(CameraError::Io(format!("the camera did not open within {} s", OPEN_TIMEOUT.as_secs())));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(CameraError::Io("the camera thread ended".into())),
        };
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
        assert_eq!(open_first(640, 480, 30).err().map(|e| e.code()), Some(skranke_core::Code::CameraNotFound));
        assert_eq!(open_index(7, 640, 480, 30).err().map(|e| e.code()), Some(skranke_core::Code::CameraNotFound));
        assert_eq!(
            open_named("Logitech", 640, 480, 30).err().map(|e| e.code()),
            Some(skranke_core::Code::CameraNotFound)
        );
    }

    fn offer(wire: Wire, width: u32, height: u32, fps: u32) -> Offer {
        Offer { wire, width, height, fps }
    }

    #[test]
    fn mjpeg_is_preferred_at_the_closest_resolution_and_a_rate_that_keeps_up() {
        let offers = [
            offer(Wire::Yuyv, 1280, 720, 30),
            offer(Wire::Mjpeg, 1920, 1080, 30),
            offer(Wire::Mjpeg, 1280, 720, 15),
            offer(Wire::Mjpeg, 1280, 720, 60),
            offer(Wire::Mjpeg, 1280, 720, 30),
            offer(Wire::Mjpeg, 640, 480, 30),
        ];
        assert_eq!(choose_format(&offers, 1280, 720, 30), Some(4));
        // No exact rate: the closest one that keeps up, before a slower one.
        assert_eq!(choose_format(&offers[..4], 1280, 720, 30), Some(3));
        // No exact resolution (nokhwa's own Closest gives up here): the nearest one.
        assert_eq!(choose_format(&offers, 1800, 1000, 30), Some(1));
    }

    #[test]
    fn without_mjpeg_it_falls_back_to_yuyv_or_any_decodable_format() {
        let offers =
            [offer(Wire::Nv12, 1280, 720, 30), offer(Wire::Yuyv, 1280, 720, 10), offer(Wire::Yuyv, 640, 480, 30)];
        assert_eq!(choose_format(&offers, 1280, 720, 30), Some(0), "resolution and rate before the format order");
        assert_eq!(choose_format(&offers[1..], 1280, 720, 30), Some(0), "720p at 10 fps over 480p at 30");
        assert_eq!(choose_format(&[offer(Wire::Bgr, 320, 240, 5)], 1280, 720, 30), Some(0));
        assert_eq!(choose_format(&[], 1280, 720, 30), None);
    }
}
