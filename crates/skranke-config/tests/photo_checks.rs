//! `[photo.checks]` carries every photo threshold, the live-guidance limits included: a key in
//! the TOML lands in `PhotoThresholds` (which skranke-photo's live guidance reads), a misspelt
//! key is refused with its dotted name. `[photo.scan]` is the profile for scanned paper photos.
use skranke_config::Config;
use skranke_core::PhotoThresholds;

#[test]
fn live_guidance_limits_are_set_under_photo_checks() {
    let c = Config::from_toml_str(
        "[photo.checks]\nlive_min_head_size = 0.9\nlive_max_head_size = 1.1\nlive_min_brightness = 80\nlive_max_brightness = 190.5\n",
    )
    .expect("valid config");
    let t = &c.photo.checks;
    assert_eq!((t.live_min_head_size, t.live_max_head_size), (0.9, 1.1));
    assert_eq!((t.live_min_brightness, t.live_max_brightness), (80.0, 190.5));
    // The other thresholds keep their defaults.
    assert_eq!(t.max_roll_deg, PhotoThresholds::default().max_roll_deg);
    assert_eq!(Config::from_toml_str("").expect("empty is valid").photo.checks, PhotoThresholds::default());
}

#[test]
fn a_misspelt_live_limit_is_refused_with_its_key() {
    let e = Config::from_toml_str("[photo.checks]\nlive_max_brightnes = 190\n").expect_err("unknown key");
    assert_eq!(e.key(), Some("photo.checks.live_max_brightnes"));
    assert_eq!(e.line(), Some(2));
}

#[test]
fn the_scan_profile_is_set_under_photo_scan_and_keeps_its_own_defaults() {
    let c = Config::from_toml_str("[photo.scan]\nmin_dpi = 400\n").expect("valid config");
    assert_eq!(c.photo.scan.min_dpi, 400.0);
    let defaults = skranke_core::ScanPhotoThresholds::default();
    // A key left out takes the scan profile's default, not the counter's.
    assert_eq!(c.photo.scan.max_noise_sigma, defaults.max_noise_sigma);
    assert_ne!(c.photo.scan.max_noise_sigma, PhotoThresholds::default().max_noise_sigma);
    let e = Config::from_toml_str("[photo.scan]\nmin_dpii = 400\n").expect_err("unknown key");
    assert_eq!(e.key(), Some("photo.scan.min_dpii"));
}
