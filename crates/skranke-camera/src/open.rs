//! Opens the source `camera.source` names: `auto`, a device index or name, or `replay:<dir>` /
//! `replay:demo`, optionally with `?unplug_after=N` (tests of the unplug path).
use crate::replay::Placer;
use crate::{CameraError, FrameSource, ReplaySource};
use std::path::Path;

/// Opens the configured source. `auto` takes the first camera; with none connected, demo mode
/// falls back to the demo portraits and production says [`CameraError::NotFound`].
/// Replayed images are placed by `placer` when given (the app frames the demo citizen's face).
pub fn open_source(
    spec: &str,
    demo: bool,
    width: u32,
    height: u32,
    fps: u32,
    placer: Option<Placer<'_>>,
) -> Result<Box<dyn FrameSource>, CameraError> {
    let spec = spec.trim();
    if let Some(rest) = spec.strip_prefix("replay:") {
        let (target, unplug_after) = split_query(rest)?;
        let source = if target == "demo" {
            ReplaySource::demo_placed(width, height, fps, placer)?
        } else {
            ReplaySource::open_placed(Path::new(target), width, height, fps, placer)?
        };
        return Ok(Box::new(match unplug_after {
            Some(n) => source.disconnect_after(n),
            None => source,
        }));
    }
    match spec {
        "" | "auto" => match crate::device::open_first(width, height, fps) {
            Ok(source) => Ok(source),
            Err(CameraError::NotFound(_)) if demo => {
                Ok(Box::new(ReplaySource::demo_placed(width, height, fps, placer)?))
            }
            Err(e) => Err(e),
        },
        other => match other.parse::<u32>() {
            Ok(index) => crate::device::open_index(index, width, height, fps),
            Err(_) => crate::device::open_named(other, width, height, fps),
        },
    }
}

/// `dir?unplug_after=N` -> (`dir`, `Some(N)`).
fn split_query(rest: &str) -> Result<(&str, Option<u64>), CameraError> {
    let Some((target, query)) = rest.split_once('?') else { return Ok((rest, None)) };
    let n = query
        .strip_prefix("unplug_after=")
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| CameraError::Unsupported(format!("replay option {query:?} (only unplug_after=N)")))?;
    Ok((target, Some(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_specs_parse() {
        assert_eq!(split_query("demo").expect("plain"), ("demo", None));
        assert_eq!(split_query("demo?unplug_after=90").expect("query"), ("demo", Some(90)));
        assert!(split_query("demo?x=1").is_err());
    }

    #[test]
    fn auto_in_demo_without_camera_replays_the_demo_portraits() {
        // These machines have no camera; where one exists this test would use it instead.
        if crate::list_devices().map(|d| !d.is_empty()).unwrap_or(false) {
            return;
        }
        let s = open_source("auto", true, 320, 240, 30, None).expect("demo falls back");
        assert_eq!(s.info().kind, crate::SourceKind::Replay);
        assert_eq!(
            open_source("auto", false, 320, 240, 30, None).err().map(|e| e.code()),
            Some(skranke_core::Code::CameraNotFound)
        );
        assert_eq!(
            open_source("3", false, 320, 240, 30, None).err().map(|e| e.code()),
            Some(skranke_core::Code::CameraNotFound)
        );
        assert_eq!(
            open_source("Logitech BRIO", false, 320, 240, 30, None).err().map(|e| e.code()),
            Some(skranke_core::Code::CameraNotFound)
        );
    }

    #[test]
    fn a_missing_replay_folder_is_replay_invalid() {
        let e = open_source("replay:/nonexistent/skranke", false, 320, 240, 30, None).err().expect("missing");
        assert_eq!(e.code(), skranke_core::Code::CameraReplayInvalid);
    }

    #[test]
    fn replay_demo_with_unplug_after_disconnects_after_n_frames() {
        let mut s = open_source("replay:demo?unplug_after=2", false, 160, 90, 200, None).expect("demo");
        assert_eq!((s.info().kind, s.info().width, s.info().height), (crate::SourceKind::Replay, 160, 90));
        assert!(s.next_frame().is_ok() && s.next_frame().is_ok());
        assert_eq!(s.next_frame().err().map(|e| e.code()), Some(skranke_core::Code::CameraDisconnected));
    }

    #[test]
    fn replay_of_a_folder_plays_its_images() {
        let t = tempfile::tempdir().expect("tempdir");
        image::RgbImage::from_pixel(40, 30, image::Rgb([10, 200, 30])).save(t.path().join("a.png")).expect("png");
        let spec = format!("  replay:{}  ", t.path().display());
        let mut s = open_source(&spec, false, 80, 60, 100, None).expect("folder");
        let f = s.next_frame().expect("frame");
        assert_eq!((f.width, f.height), (80, 60));
        assert_eq!(f.to_rgb().expect("rgb").get_pixel(40, 30).0, [10, 200, 30]);
    }

    #[test]
    fn a_placer_places_replayed_images() {
        let t = tempfile::tempdir().expect("tempdir");
        image::RgbImage::from_pixel(10, 10, image::Rgb([255, 0, 0])).save(t.path().join("a.png")).expect("png");
        let corner = |_: &image::RgbImage, _: u32, _: u32| {
            Some(crate::Placement { x: 0.0, y: 0.0, to_x: 0.0, to_y: 0.0, scale: 1.0 })
        };
        let spec = format!("replay:{}", t.path().display());
        let mut s = open_source(&spec, false, 100, 100, 100, Some(&corner)).expect("folder");
        let rgb = s.next_frame().expect("frame").to_rgb().expect("rgb");
        assert_eq!(rgb.get_pixel(5, 5).0, [255, 0, 0]);
        assert_ne!(rgb.get_pixel(50, 50).0, [255, 0, 0], "the rest is wall");
    }
}
