//! Which cameras are connected. On Linux this reads the kernel's video4linux registry in sysfs
//! (what V4L2 and nokhwa enumerate), so it works without opening a device; other platforms are not
//! built yet and say so instead of guessing.
use std::path::Path;

/// One camera as the OS names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Device node or id, e.g. `/dev/video0`.
    pub id: String,
    /// Human-readable name, e.g. `Logitech BRIO`.
    pub name: String,
}

/// Cameras could not be listed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceListError {
    /// The OS registry could not be read.
    #[error("cannot read {0}: {1}")]
    Registry(String, std::io::Error),
    /// Listing is not built for this platform yet.
    #[error("camera listing is not built for this platform yet")]
    Unsupported,
}

/// Lists connected capture devices; an empty list is a valid answer (no camera connected).
pub fn list_devices() -> Result<Vec<DeviceInfo>, DeviceListError> {
    #[cfg(target_os = "linux")]
    {
        list_in(Path::new("/sys/class/video4linux"))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = Path::new("");
        Err(DeviceListError::Unsupported)
    }
}

/// Lists the devices registered under a video4linux-style directory (one subdirectory per node,
/// each with a `name` file). Metadata-only nodes share the name of their capture node and are
/// listed once, by their lowest index.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn list_in(root: &Path) -> Result<Vec<DeviceInfo>, DeviceListError> {
    if !root.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(root).map_err(|e| DeviceListError::Registry(root.display().to_string(), e))?;
    let mut nodes: Vec<(u32, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let node = e.file_name().to_string_lossy().into_owned();
            let index = node.strip_prefix("video")?.parse::<u32>().ok()?;
            let name = std::fs::read_to_string(e.path().join("name")).ok()?.trim().to_string();
            Some((index, name))
        })
        .collect();
    nodes.sort();
    let mut devices: Vec<DeviceInfo> = Vec::new();
    for (index, name) in nodes {
        if !devices.iter().any(|d| d.name == name) {
            devices.push(DeviceInfo { id: format!("/dev/video{index}"), name });
        }
    }
    Ok(devices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_registry_means_no_cameras() {
        assert_eq!(list_in(Path::new("/nonexistent/video4linux")).expect("ok"), vec![]);
    }

    #[test]
    fn lists_capture_nodes_once_in_index_order() {
        let t = tempfile::tempdir().expect("tempdir");
        for (node, name) in
            [("video2", "Counter Cam"), ("video0", "Logitech BRIO"), ("video1", "Logitech BRIO"), ("vbi0", "x")]
        {
            std::fs::create_dir(t.path().join(node)).expect("mkdir");
            std::fs::write(t.path().join(node).join("name"), format!("{name}\n")).expect("write");
        }
        let got = list_in(t.path()).expect("ok");
        assert_eq!(
            got,
            vec![
                DeviceInfo { id: "/dev/video0".into(), name: "Logitech BRIO".into() },
                DeviceInfo { id: "/dev/video2".into(), name: "Counter Cam".into() },
            ]
        );
    }

    #[test]
    fn this_machine_lists_without_error() {
        #[cfg(target_os = "linux")]
        assert!(list_devices().is_ok());
    }
}
