//! The checks for a scanned stamkort, in the same report format as the counter's
//! (`skranke_core::CheckReport`):
//! - [`check_scanned_signature`]: ink present, its extent, not a straight line, clear of the
//!   field's edge, no stray print, measured in millimetres after the form's printed lines are
//!   taken out (thresholds: [`ScanSignatureThresholds`]).
//! - [`check_scanned_photo`]: the counter's still check under the `[photo.scan]` profile
//!   (`skranke_core::ScanPhotoThresholds`), plus whether the crop is a photo at all and the
//!   scan's resolution.
//!
//! Every text key is in [`SCAN_MESSAGE_KEYS`] (texts: `assets/i18n/{da,en}.json`, prefix `scan.`).

mod ink;
mod photo;
mod signature;
#[cfg(test)]
mod testutil;

pub use photo::{SCAN_PHOTO_CHECK_IDS, check_scanned_photo};
pub use signature::{SCAN_SIGNATURE_CHECK_IDS, check_scanned_signature};
// The scanned signature's thresholds live in skranke-core, so the configuration can hold them
// (`[signature.scan]`); re-exported so callers name them here as before.
pub use skranke_core::ScanSignatureThresholds;

/// Every text key the scan checks can produce (the texts: `assets/i18n/{da,en}.json`); the
/// photo's still checks add their own (`skranke_photo::STILL_MESSAGE_KEYS`).
pub const SCAN_MESSAGE_KEYS: &[&str] = &[
    "scan.signature.ink_present.pass",
    "scan.signature.ink_present.fail",
    "scan.signature.ink_extent.pass",
    "scan.signature.ink_extent.fail",
    "scan.signature.not_a_line.pass",
    "scan.signature.not_a_line.fail",
    "scan.signature.clear_of_edge.pass",
    "scan.signature.clear_of_edge.fail",
    "scan.signature.no_printed_lines.pass",
    "scan.signature.no_printed_lines.fail",
    "scan.signature.needs_ink.fail",
    "scan.signature.needs_dpi.fail",
    "scan.photo.is_photo.pass",
    "scan.photo.is_photo.no_face",
    "scan.photo.is_photo.many_faces",
    "scan.photo.is_photo.no_edges",
    "scan.photo.is_photo.upside_down",
    "scan.photo.resolution.pass",
    "scan.photo.resolution.fail",
];

#[cfg(test)]
mod tests {
    use super::*;
    use skranke_core::i18n::{Lang, assert_keys_in_every_catalogue, keys};

    #[test]
    fn every_key_is_in_both_catalogues() {
        assert_keys_in_every_catalogue(SCAN_MESSAGE_KEYS);
    }

    /// The list holds every key literal of the check files (a one-dot-after-the-kind literal is a
    /// `Check::judged` prefix: its `.pass` and `.fail`), and every `scan.` key of the catalogue is
    /// listed.
    #[test]
    fn the_list_holds_every_key_the_checks_write_and_every_catalogue_key_of_theirs() {
        for source in [include_str!("signature.rs"), include_str!("photo.rs")] {
            for lit in source.split('"').skip(1).step_by(2) {
                let is_key =
                    lit.starts_with("scan.") && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
                if !is_key {
                    continue;
                }
                let produced = if lit.matches('.').count() == 2 {
                    vec![format!("{lit}.pass"), format!("{lit}.fail")]
                } else {
                    vec![lit.to_string()]
                };
                for key in produced {
                    assert!(SCAN_MESSAGE_KEYS.contains(&key.as_str()), "{key} is produced but not listed");
                }
            }
        }
        for key in keys(Lang::Da).into_iter().filter(|k| k.starts_with("scan.")) {
            assert!(SCAN_MESSAGE_KEYS.contains(&key), "{key} is in the catalogue but no check produces it");
        }
    }

    /// The placeholders a check fills are the ones its texts use, in both languages, and a
    /// failure's text shows every value.
    #[test]
    fn filled_texts_leave_no_placeholder() {
        let filled = [
            ("scan.signature.ink_extent", [("width_mm", "41"), ("height_mm", "7")]),
            ("scan.photo.resolution", [("dpi", "150"), ("min_dpi", "300")]),
        ];
        for (prefix, params) in filled {
            for pass in [true, false] {
                let mut c = skranke_core::Check::judged("x", None, "-", pass, prefix);
                for (name, value) in params {
                    c = c.with_param(name, value);
                }
                for lang in Lang::ALL {
                    let text = c.text(lang);
                    assert!(!text.contains('{'), "{lang:?}: {text}");
                    assert!(pass || params.iter().all(|(_, v)| text.contains(v)), "{lang:?}: {text}");
                }
            }
        }
    }
}
