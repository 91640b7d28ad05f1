//! The scanned photo's checks: whether the crop is the glued photo at all (`scan_is_photo`), the
//! scan's resolution over the 35x45 mm photo (`scan_resolution`), then the counter's still
//! checks (`skranke_photo::check_still`) under the `[photo.scan]` profile, in that order
//! ([`SCAN_PHOTO_CHECK_IDS`]).

use image::RgbImage;
use image::imageops::{self, FilterType};
use skranke_core::{Check, CheckReport, PhotoThresholds, ScanPhotoThresholds};
use skranke_photo::Models;

use crate::ScanError;

/// The still checks measure a finer scan brought down to this resolution, dpi: the scale their
/// thresholds hold at, and the averaging over each pixel smooths a print's screen the way a
/// scanner's descreen setting does (a 150 lpi screen is two pixels at 300 dpi).
const CHECK_DPI: f64 = 300.0;

/// The two checks only a scanned photo has, first in its report.
const SCAN_ONLY_CHECK_IDS: [&str; 2] = ["scan_is_photo", "scan_resolution"];

/// The scanned photo's check ids, in report order: the two scan checks, then
/// `skranke_photo::CHECK_IDS`.
pub const SCAN_PHOTO_CHECK_IDS: [&str; SCAN_PHOTO_CHECK_COUNT] =
    scan_then_still(SCAN_ONLY_CHECK_IDS, skranke_photo::CHECK_IDS);

/// How many checks a scanned photo has: the scan's own and the still check's (follows
/// `skranke_photo::CHECK_IDS` when the still check gains a measure).
const SCAN_PHOTO_CHECK_COUNT: usize = SCAN_ONLY_CHECK_IDS.len() + skranke_photo::CHECK_IDS.len();

/// `scan` followed by `still` (a `const` concatenation).
const fn scan_then_still(
    scan: [&'static str; 2],
    still: [&'static str; skranke_photo::CHECK_IDS.len()],
) -> [&'static str; SCAN_PHOTO_CHECK_COUNT] {
    let mut out = [""; SCAN_PHOTO_CHECK_COUNT];
    let mut i = 0;
    while i < scan.len() {
        out[i] = scan[i];
        i += 1;
    }
    let mut j = 0;
    while j < still.len() {
        out[scan.len() + j] = still[j];
        j += 1;
    }
    out
}

/// Checks the photo cut from a scanned card (`crop`, upright, scanned at `dpi`). What finding the
/// card saw goes in as `faces_on_card` (faces the detector found on the whole card) and
/// `photo_edges_found` (the glued photo's edges around the face). The still check runs with
/// `scan.still(t)` (`t` is `[photo.checks]`, `scan` is `[photo.scan]`) on the crop brought down
/// to 300 dpi when the scan is finer.
///
/// Errors: [`ScanError::InvalidDpi`] for a `dpi` that is not a positive number,
/// [`ScanError::PhotoCheck`] when the face models fail.
pub fn check_scanned_photo(
    crop: &RgbImage,
    dpi: f64,
    faces_on_card: usize,
    photo_edges_found: bool,
    models: &Models,
    t: &PhotoThresholds,
    scan: &ScanPhotoThresholds,
) -> Result<CheckReport, ScanError> {
    if !(dpi.is_finite() && dpi > 0.0) {
        return Err(ScanError::InvalidDpi(dpi));
    }
    let at_check_dpi;
    let measured = if dpi > CHECK_DPI {
        let k = CHECK_DPI / dpi;
        let size = |px: u32| ((f64::from(px) * k).round() as u32).max(1);
        at_check_dpi = imageops::resize(crop, size(crop.width()), size(crop.height()), FilterType::Triangle);
        &at_check_dpi
    } else {
        crop
    };
    let still = skranke_photo::check_still(measured, models, &scan.still(t)).map_err(ScanError::PhotoCheck)?;
    let turned = upside_down(measured, models)?;
    let mut checks = vec![is_photo(faces_on_card, photo_edges_found, turned), resolution(dpi, scan)];
    checks.extend(still.report.checks);
    Ok(CheckReport::from_checks(checks))
}

/// The face in the crop is seen only, or more surely, when the crop is turned upside down: the
/// photo was glued on upside down (the card itself is already upright).
fn upside_down(crop: &RgbImage, models: &Models) -> Result<bool, ScanError> {
    let best = |img: &RgbImage| -> Result<f64, ScanError> {
        let faces = models.detect(img, UPSIDE_DOWN_MIN_SCORE).map_err(ScanError::PhotoCheck)?;
        Ok(faces.iter().map(|f| f.score).fold(0.0, f64::max))
    };
    let upright = best(crop)?;
    let turned = best(&imageops::rotate180(crop))?;
    Ok(turned > upright + UPSIDE_DOWN_MARGIN)
}

/// A face at least this sure counts when deciding which way up the photo is.
const UPSIDE_DOWN_MIN_SCORE: f64 = 0.5;
/// How much surer the detector must be of the turned face than of the upright one.
const UPSIDE_DOWN_MARGIN: f64 = 0.1;

/// `scan_is_photo`: exactly one face on the whole card, the glued photo's edges found around
/// it, and the photo the right way up; a card without a photo, with two, a face printed
/// elsewhere or a photo glued upside down is no photo to send.
fn is_photo(faces_on_card: usize, photo_edges_found: bool, upside_down: bool) -> Check {
    let ok = faces_on_card == 1 && photo_edges_found && !upside_down;
    Check::new(
        "scan_is_photo",
        Some(faces_on_card as f64),
        "1 ansigt på kortet, fotoets kanter fundet, fotoet vender rigtigt",
        ok,
        match (faces_on_card, photo_edges_found, upside_down) {
            (0, _, _) => "scan.photo.is_photo.no_face",
            (1, false, _) => "scan.photo.is_photo.no_edges",
            (1, true, true) => "scan.photo.is_photo.upside_down",
            (1, true, false) => "scan.photo.is_photo.pass",
            _ => "scan.photo.is_photo.many_faces",
        },
    )
}

/// `scan_resolution`: the scan's dots per inch (`dpi * 35 / 25.4` pixels across the photo); below
/// the minimum the photo has too few pixels for the card and for face recognition. Judged on the
/// whole dpi nearest: a PDF states its page's placement, not the scanner's setting, so a 300 dpi
/// scan can come out as 299.96.
fn resolution(dpi: f64, scan: &ScanPhotoThresholds) -> Check {
    let across = ScanPhotoThresholds::photo_width_px(scan.min_dpi);
    Check::judged(
        "scan_resolution",
        Some(dpi),
        format!(">= {} dpi ({across:.0} px på 35 mm)", scan.min_dpi),
        dpi.round() >= scan.min_dpi,
        "scan.photo.resolution",
    )
    .with_param("dpi", format!("{dpi:.0}"))
    .with_param("min_dpi", format!("{:.0}", scan.min_dpi))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::printed_and_scanned;
    use super::*;
    use image::Rgb;
    use std::path::Path;

    const WALL: Rgb<u8> = Rgb([228, 228, 224]);

    fn failed(r: &CheckReport) -> Vec<&str> {
        r.checks.iter().filter(|c| !c.pass).map(|c| c.id.as_str()).collect()
    }

    /// Obama's portrait as a studio photo: the head before a plain light wall with room above it
    /// (the portrait has neither), cut to 35:45 with the head at the target height by the
    /// counter's still check. It fails only `mouth_closed` and `expression_neutral` (a broad smile).
    fn studio_photo(models: &Models) -> RgbImage {
        let t = PhotoThresholds::default();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits");
        let img = skranke_photo::load_rgb(&dir.join("obama.jpg"), 12_000).expect("demo portrait");
        let original = skranke_photo::check_still(&img, models, &t).expect("still check");
        let marks = original.landmarks.as_ref().expect("landmarks");
        let (eye_y, chin_y) = (marks.points[159].y.min(marks.points[386].y), marks.points[152].y);
        let cx = (marks.points[33].x + marks.points[263].x) / 2.0;
        let head = 2.0 * (chin_y - eye_y);
        let room = (0.5 * head) as u32;
        let studio = RgbImage::from_fn(img.width(), img.height() + room, |x, y| {
            let Some(y) = y.checked_sub(room) else { return WALL };
            let (dx, dy) = ((x as f64 - cx) / (0.36 * head), (y as f64 - eye_y) / (0.5 * head));
            if y as f64 > chin_y || dx * dx + dy * dy <= 1.0 { *img.get_pixel(x, y) } else { WALL }
        });
        let photo = skranke_photo::check_still(&studio, models, &t).expect("still check");
        assert_eq!(failed(&photo.report), ["mouth_closed", "expression_neutral"], "the studio photo itself");
        photo.crop.expect("crop")
    }

    /// A photo printed with a halftone and scanned fails under `[photo.scan]` only what the photo
    /// itself fails, at 300 and at 600 dpi; at the counter's thresholds the screen would be noise.
    #[test]
    fn a_printed_photo_scanned_passes_what_the_photo_passes() {
        let models = Models::load_default().expect("face models");
        let (t, scan) = (PhotoThresholds::default(), ScanPhotoThresholds::default());
        let photo = studio_photo(&models);
        for dpi in [300, 600] {
            let scanned = printed_and_scanned(&photo, dpi);
            assert_eq!(scanned.width(), (35.0 * f64::from(dpi) / 25.4).round() as u32);
            let r = check_scanned_photo(&scanned, f64::from(dpi), 1, true, &models, &t, &scan).expect("checks");
            let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, SCAN_PHOTO_CHECK_IDS);
            assert_eq!(failed(&r), ["mouth_closed", "expression_neutral"], "{dpi} dpi: {:?}", r.checks);
            assert_eq!(r.get("scan_resolution").and_then(|c| c.value), Some(f64::from(dpi)));
            if dpi == 300 {
                let counter = skranke_photo::check_still(&scanned, &models, &t).expect("still check").report;
                assert!(failed(&counter).contains(&"noise"), "the screen is noise to a camera's limit");
                // The card finder's count decides whether it is a photo at all.
                for faces in [0, 2] {
                    let r = check_scanned_photo(&scanned, 300.0, faces, true, &models, &t, &scan).expect("checks");
                    assert!(!r.get("scan_is_photo").unwrap().pass && !r.passed(), "{faces} faces");
                }
                // Glued on upside down: the face is seen turned.
                let turned = imageops::rotate180(&scanned);
                let r = check_scanned_photo(&turned, 300.0, 1, true, &models, &t, &scan).expect("checks");
                let c = r.get("scan_is_photo").unwrap();
                assert_eq!((c.pass, c.key.as_str()), (false, "scan.photo.is_photo.upside_down"));
            }
        }
    }

    #[test]
    fn a_scan_at_100_dpi_has_too_few_pixels() {
        let models = Models::load_default().expect("face models");
        let photo = RgbImage::from_pixel(350, 450, WALL);
        let scanned = printed_and_scanned(&photo, 100);
        let (t, scan) = (PhotoThresholds::default(), ScanPhotoThresholds::default());
        let r = check_scanned_photo(&scanned, 100.0, 1, true, &models, &t, &scan).expect("checks");
        let c = r.get("scan_resolution").unwrap();
        assert!(!c.pass && c.value == Some(100.0), "{c:?}");
        assert!(c.message.contains("100 dpi") && c.message.contains("300 dpi"), "{}", c.message);
        assert_eq!(c.threshold, ">= 300 dpi (413 px på 35 mm)");
    }

    #[test]
    fn a_photo_is_one_face_on_the_card_with_the_photo_edges_found() {
        let cases = [
            (0, true, false, false, "scan.photo.is_photo.no_face"),
            (1, true, false, true, "scan.photo.is_photo.pass"),
            (1, false, false, false, "scan.photo.is_photo.no_edges"),
            (1, true, true, false, "scan.photo.is_photo.upside_down"),
            (2, true, false, false, "scan.photo.is_photo.many_faces"),
            (3, false, false, false, "scan.photo.is_photo.many_faces"),
        ];
        for (faces, edges, turned, pass, key) in cases {
            let c = is_photo(faces, edges, turned);
            assert_eq!((c.pass, c.key.as_str(), c.value), (pass, key, Some(faces as f64)), "{faces} {edges}");
        }
    }

    #[test]
    fn a_resolution_is_judged_on_the_whole_dpi_nearest() {
        let scan = ScanPhotoThresholds::default();
        assert!(resolution(299.96, &scan).pass, "a PDF's 300 dpi page");
        assert!(!resolution(299.4, &scan).pass);
        assert!(!resolution(200.0, &scan).pass);
    }

    #[test]
    fn a_resolution_that_is_no_number_is_an_error() {
        let models = Models::load_default().expect("face models");
        let photo = RgbImage::from_pixel(413, 531, WALL);
        let (t, scan) = (PhotoThresholds::default(), ScanPhotoThresholds::default());
        for dpi in [0.0, -1.0, f64::NAN] {
            let e = check_scanned_photo(&photo, dpi, 1, true, &models, &t, &scan).expect_err("no dpi");
            assert_eq!(e.code(), "scan_invalid_dpi");
        }
    }

    #[test]
    fn the_ids_are_the_scan_checks_then_the_still_checks() {
        assert_eq!(SCAN_PHOTO_CHECK_IDS[2..], skranke_photo::CHECK_IDS);
    }
}
