//! `[scan]`: scanned paper stamkort (issue 19): the folder the multifunction printers write to
//! and the card's layout.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use skranke_core::StamkortLayout;
use std::path::PathBuf;

/// Scanning paper stamkort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScanConfig {
    /// A folder the municipality's scanners write to (a local or network path). Files put there
    /// appear in the Scanning inbox; a file is moved to `done/` inside it once every card in it
    /// is queued, and to `failed/` (with a `.txt` saying why) when it cannot be used. Absent: no
    /// watched folder; clerks open scans from the app.
    pub watch_dir: Option<PathBuf>,
    /// How often the watched folder is looked at, in seconds (1-60). A file is taken once it has
    /// not changed between two looks.
    pub poll_seconds: u32,
    /// Where the photo and the signature field are on the stamkort, in millimetres (the card
    /// upright, photo on the left). The default is the stamkort edition Skranke was tested with.
    pub layout: StamkortLayout,
}

impl Default for ScanConfig {
    fn default() -> Self {
        Self { watch_dir: None, poll_seconds: 2, layout: StamkortLayout::default() }
    }
}

/// The value rules of `[scan]` (key and reason).
pub(crate) fn check(c: &ScanConfig) -> Result<(), (String, String)> {
    if !(1..=60).contains(&c.poll_seconds) {
        return Err(("scan.poll_seconds".into(), "must be between 1 and 60".into()));
    }
    c.layout.validate().map_err(|m| ("scan.layout".to_string(), m))
}

#[cfg(test)]
mod tests {
    use crate::Config;

    #[test]
    fn scanning_has_no_folder_by_default_and_checks_its_layout() {
        let c = Config::from_toml_str("").expect("empty is valid");
        assert_eq!((c.scan.watch_dir, c.scan.poll_seconds), (None, 2));
        let c =
            Config::from_toml_str("[scan]\nwatch_dir = 'C:/Scan'\n[scan.layout]\ncard_width = 150.0\n").expect("valid");
        assert_eq!(c.scan.layout.card_width, 150.0);
        let e = Config::from_toml_str("[scan.layout.signature]\nx = 120.0\ny = 72.0\nwidth = 85.0\nheight = 22.0\n")
            .expect_err("off the card");
        assert!(e.to_string().contains("scan.layout"), "{e}");
        assert!(Config::from_toml_str("[scan]\npoll_seconds = 0\n").is_err());
    }
}
