//! Generates a tiny set (seven pages at 60 dpi: a three-page PDF, a two-page TIFF, a JPEG and a
//! PNG) and checks that truth.json parses, matches the files, and that skranke-scan's reader
//! decodes every page at the size and resolution the truth gives, with the photo where the truth
//! puts it.

use std::path::Path;

use image::RgbImage;
use skranke_photo::Models;
use skranke_scan::{Quad, read_pages};
use skranke_scan_samples::{Format, Kind, Options, Truth, default_assets_dir, generate};

/// The mean brightness (first channel) of the pixels inside a convex quad.
fn mean_inside(img: &RgbImage, q: &Quad) -> f64 {
    let (mut sum, mut n) = (0.0f64, 0.0f64);
    let inside = |x: f64, y: f64| {
        let sides: Vec<f64> = (0..4)
            .map(|i| {
                let (a, b) = (q.0[i], q.0[(i + 1) % 4]);
                (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
            })
            .collect();
        sides.iter().all(|s| *s >= 0.0) || sides.iter().all(|s| *s <= 0.0)
    };
    for (x, y, p) in img.enumerate_pixels() {
        if inside(x as f64 + 0.5, y as f64 + 0.5) {
            sum += p.0[0] as f64;
            n += 1.0;
        }
    }
    sum / n.max(1.0)
}

#[test]
fn a_tiny_set_decodes_and_matches_its_truth() {
    let dir = tempfile::tempdir().expect("tempdir");
    let models = Models::load_default().expect("models");
    let mut options = Options::new(default_assets_dir());
    options.seed = 11;
    options.good = 2;
    options.bad_each = 1;
    options.dpi = Some(60.0);
    let made = generate(dir.path(), &options, &models, |_| {}).expect("generate");

    let truth = Truth::read(dir.path()).expect("truth.json parses");
    assert_eq!(truth, made);
    let formats: Vec<Format> = truth.files.iter().map(|f| f.format).collect();
    assert_eq!(formats, [Format::Pdf, Format::Tiff, Format::Jpeg, Format::Png]);
    let kinds: Vec<Kind> = truth.pages().map(|(_, p)| p.kind).collect();
    assert_eq!(kinds.len(), 7);
    assert_eq!(kinds.iter().filter(|k| **k == Kind::Good).count(), 2);
    for bad in Kind::BAD {
        assert!(kinds.contains(&bad), "{bad:?} missing");
    }

    for file in &truth.files {
        let pages = read_pages(&dir.path().join(&file.file)).expect("skranke-scan reads it");
        assert_eq!(pages.len(), file.pages.len(), "{}", file.file);
        for (scanned, page) in pages.iter().zip(&file.pages) {
            let img = &scanned.image;
            assert_eq!(scanned.page, page.page);
            assert_eq!(img.dimensions(), (page.width, page.height), "{} page {}", file.file, page.page);
            assert_eq!(page.dpi, 60.0);
            assert!(!scanned.dpi_assumed && (scanned.dpi - 60.0).abs() < 0.1, "{}: {} dpi", file.file, scanned.dpi);
            // A4 at 60 dpi.
            assert_eq!((page.width, page.height), (496, 702));
            let at = format!("{} page {}", file.file, page.page);
            match page.kind {
                Kind::BlankPage => {
                    assert!(page.card.is_none() && page.photo.is_none());
                    let whole = Quad::from_rect(0.0, 0.0, page.width as f64, page.height as f64);
                    assert!(mean_inside(img, &whole) > 235.0, "{at}: blank glass");
                }
                kind => {
                    // The portrait is darker than paper and glass: it is where the truth says.
                    if let Some(photo) = &page.photo {
                        assert!(mean_inside(img, photo) < 200.0, "{at}: photo {}", mean_inside(img, photo));
                    }
                    let card = page.card.expect("card");
                    assert_eq!(page.photo.is_some(), kind != Kind::NoPhoto);
                    assert_eq!(page.extra_photo.is_some(), kind == Kind::TwoPhotos);
                    assert_eq!(page.signature_ink.is_some(), kind != Kind::NoSignature);
                    // 148 x 105 mm at 60 dpi: 350 x 248 pixels (corners to 0.01 px).
                    assert!((card.area() - 350.0 * 248.0).abs() < 5.0, "{at}: card area {}", card.area());
                }
            }
        }
    }
}

#[test]
fn the_same_seed_makes_the_same_files() {
    let models = Models::load_default().expect("models");
    let mut options = Options::new(default_assets_dir());
    options.good = 2;
    options.bad_each = 0;
    options.dpi = Some(40.0);
    let (a, b) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
    let ta = generate(a.path(), &options, &models, |_| {}).expect("first");
    let tb = generate(b.path(), &options, &models, |_| {}).expect("second");
    assert_eq!(ta, tb);
    for f in &ta.files {
        let read = |d: &Path| std::fs::read(d.join(&f.file)).expect("read");
        assert!(read(a.path()) == read(b.path()), "{} differs", f.file);
    }
}
