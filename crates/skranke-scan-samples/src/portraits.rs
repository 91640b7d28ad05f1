//! The portraits glued onto the cards: the project's test portraits (assets/demo/portraits and
//! assets/accuracy), each cut to 35:45 by skranke-photo's own crop, kept only when the detector
//! finds exactly one face in the image and again in the crop.

use std::path::{Path, PathBuf};

use image::RgbImage;
use skranke_photo::{Models, PhotoThresholds, check_still, load_rgb};

use crate::SampleError;

/// A portrait ready to glue: its file (relative to the assets directory) and the 35:45 crop.
#[derive(Clone)]
pub struct Portrait {
    /// The source, e.g. `demo/portraits/obama.jpg`.
    pub name: String,
    /// The crop, upright, 35:45.
    pub crop: RgbImage,
}

impl std::fmt::Debug for Portrait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portrait").field("name", &self.name).field("crop", &self.crop.dimensions()).finish()
    }
}

/// The image files the portraits come from, sorted (so a seed always picks the same ones).
fn candidates(assets: &Path) -> Result<Vec<PathBuf>, SampleError> {
    let mut files = Vec::new();
    for (dir, exts) in [("demo/portraits", &["jpg", "png"][..]), ("accuracy", &["jpg"][..])] {
        let dir = assets.join(dir);
        let entries = std::fs::read_dir(&dir).map_err(|e| SampleError::io(&dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| SampleError::io(&dir, e))?.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if exts.contains(&ext.as_str()) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Loads every usable portrait under `assets`.
pub fn load_portraits(assets: &Path, models: &Models) -> Result<Vec<Portrait>, SampleError> {
    let t = PhotoThresholds::default();
    let mut out = Vec::new();
    for path in candidates(assets)? {
        let img = load_rgb(&path, 4000)?;
        let still = check_still(&img, models, &t)?;
        let one_face = still.report.get("face_count").is_some_and(|c| c.pass);
        let Some(crop) = still.crop.filter(|_| one_face) else { continue };
        // A crop the image's edge cut short is not 35:45: not a photo anyone would glue.
        let aspect = crop.width() as f64 / crop.height() as f64;
        if (aspect - 35.0 / 45.0).abs() > 0.02 {
            continue;
        }
        if models.detect_thorough(&crop, t.min_face_score)?.len() != 1 {
            continue;
        }
        let name = path.strip_prefix(assets).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        out.push(Portrait { name, crop });
    }
    if out.is_empty() {
        return Err(SampleError::NoPortraits(assets.to_path_buf()));
    }
    Ok(out)
}
