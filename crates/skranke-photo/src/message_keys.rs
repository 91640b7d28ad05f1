//! Every text key the photo checks can produce (the texts: `assets/i18n/{da,en}.json`); the tests
//! check them against both catalogues and against the keys written in still.rs and live.rs.

/// The still check's text keys ([`crate::check_still`]).
pub const STILL_MESSAGE_KEYS: &[&str] = &[
    "photo.face_count.none",
    "photo.face_count.one",
    "photo.face_count.many",
    "photo.needs_face.fail",
    "photo.no_features.fail",
    "photo.eye_distance.pass",
    "photo.eye_distance.fail",
    "photo.head_size.pass",
    "photo.head_size.too_big",
    "photo.head_size.too_small",
    "photo.crop_margins.pass",
    "photo.crop_margins.fail",
    "photo.yaw.pass",
    "photo.yaw.fail",
    "photo.pitch.pass",
    "photo.pitch.fail",
    "photo.roll.pass",
    "photo.roll.fail",
    "photo.eyes_open.pass",
    "photo.eyes_open.fail",
    "photo.eyes_visible.pass",
    "photo.eyes_visible.dark",
    "photo.eyes_visible.glare",
    "photo.mouth_closed.pass",
    "photo.mouth_closed.fail",
    "photo.expression_neutral.pass",
    "photo.expression_neutral.smile",
    "photo.expression_neutral.brows",
    "photo.face_occlusion.pass",
    "photo.face_occlusion.mouth",
    "photo.face_occlusion.face",
    "photo.head_covering.pass",
    "photo.head_covering.fail",
    "photo.underexposure.pass",
    "photo.underexposure.fail",
    "photo.overexposure.pass",
    "photo.overexposure.fail",
    "photo.dynamic_range.pass",
    "photo.dynamic_range.fail",
    "photo.illumination_uniformity.pass",
    "photo.illumination_uniformity.fail",
    "photo.illumination_uniformity.scene",
    "photo.natural_colour.pass",
    "photo.natural_colour.fail",
    "photo.background.pass",
    "photo.background.fail",
    "photo.background.dark",
    "photo.background.coloured",
    "photo.sharpness.pass",
    "photo.sharpness.fail",
    "photo.noise.pass",
    "photo.noise.fail",
    "photo.compression.pass",
    "photo.compression.fail",
];

/// The live checks' text keys ([`crate::LiveTracker`]).
pub const LIVE_MESSAGE_KEYS: &[&str] = &[
    "live.face_count.pass",
    "live.face_count.fail",
    "live.position.pass",
    "live.position.fail",
    "live.size.pass",
    "live.size.too_small",
    "live.size.too_big",
    "live.roll.pass",
    "live.roll.fail",
    "live.yaw.pass",
    "live.yaw.fail",
    "live.brightness.pass",
    "live.brightness.fail",
    "live.sharpness.pass",
    "live.sharpness.fail",
];

#[cfg(test)]
mod tests {
    use super::*;
    use skranke_core::i18n::{Lang, assert_keys_in_every_catalogue, keys};

    /// The key literals in `source` starting with `prefix`; a literal with one dot is a
    /// `Check::judged` prefix and stands for its `.pass` and `.fail` keys.
    fn keys_in_source(source: &str, prefix: &str) -> Vec<String> {
        let mut out = Vec::new();
        for lit in source.split('"').skip(1).step_by(2) {
            let is_key = lit.starts_with(prefix) && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
            if !is_key {
                continue;
            }
            if lit.matches('.').count() == 1 {
                out.push(format!("{lit}.pass"));
                out.push(format!("{lit}.fail"));
            } else {
                out.push(lit.to_string());
            }
        }
        out
    }

    #[test]
    fn every_key_is_in_both_catalogues() {
        assert_keys_in_every_catalogue(STILL_MESSAGE_KEYS);
        assert_keys_in_every_catalogue(LIVE_MESSAGE_KEYS);
    }

    #[test]
    fn the_lists_hold_every_key_the_checks_write_and_every_catalogue_key_of_theirs() {
        for (list, source, prefix) in [
            (STILL_MESSAGE_KEYS, include_str!("still.rs"), "photo."),
            (LIVE_MESSAGE_KEYS, include_str!("live.rs"), "live."),
        ] {
            for key in keys_in_source(source, prefix) {
                assert!(list.contains(&key.as_str()), "{key} is produced but not listed");
            }
            for key in keys(Lang::Da).into_iter().filter(|k| k.starts_with(prefix)) {
                assert!(list.contains(&key), "{key} is in the catalogue but no check produces it");
            }
        }
        // The pose checks build their prefix from the id.
        for id in ["yaw", "pitch", "roll"] {
            assert!(STILL_MESSAGE_KEYS.contains(&format!("photo.{id}.fail").as_str()));
        }
    }
}
