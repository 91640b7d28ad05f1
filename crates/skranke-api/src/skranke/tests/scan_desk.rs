//! Tests of the scan desk (crate::scan_desk) through the façade: a generated stamkort scan (skranke-scan-samples)
//! dropped into the watched folder is analysed, accepted on a case, queued once as a
//! `source = scan` capture and moved to `done/`; the same scan again (the app stopped between
//! queuing and the move, or the file copied in twice) is moved without a second capture;
//! unusable files go to `failed/` with their reason.
use crate::case_desk::{RegisterPerson, TablePersonLookup};
use crate::{Clock, Code, Skranke, SystemClock};
use skranke_config::{Config, ConfigSource, LoadedConfig};
use skranke_core::{Cpr, Sex};
use skranke_scan_samples::{Kind, Options, Truth, TruthFile};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub(super) const CPR: &str = "0101801105";

/// One small set of generated scans, shared by the tests (making it loads the face models).
fn samples() -> &'static (tempfile::TempDir, Truth) {
    static SET: OnceLock<(tempfile::TempDir, Truth)> = OnceLock::new();
    SET.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let models = skranke_photo::Models::load_default().expect("models");
        let mut options = Options::new(skranke_scan_samples::default_assets_dir());
        options.good = 6;
        options.bad_each = 1;
        options.dpi = Some(200.0);
        let truth = skranke_scan_samples::generate(dir.path(), &options, &models, |_| {}).expect("samples");
        (dir, truth)
    })
}

/// A one-page file of a good card.
pub(super) fn good_file() -> (&'static Path, &'static TruthFile) {
    let (dir, truth) = samples();
    let file = truth
        .files
        .iter()
        .find(|f| f.pages.len() == 1 && f.pages[0].kind == Kind::Good)
        .expect("a one-page good card in the set");
    (dir.path(), file)
}

pub(super) fn app(root: &Path) -> Skranke {
    let mut config = Config::demo();
    config.data_dir = Some(root.join("data"));
    config.scan.watch_dir = Some(root.join("watch"));
    let loaded = LoadedConfig { config, source: ConfigSource::File(root.join("none.toml")) };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let person = RegisterPerson {
        number: Cpr::parse(CPR).expect("valid"),
        current_number: None,
        name: "Test Person".into(),
        sex: Sex::Female,
        status_code: 5,
        status_date: None,
        address: None,
        address_protected: false,
        guardianship: false,
    };
    let app = Skranke::from_loaded(loaded, clock)
        .expect("opens")
        .with_person_lookup(Arc::new(TablePersonLookup::new(vec![person])));
    app.sign_in(crate::json::Role::Clerk, None).expect("sign in");
    app
}

pub(super) fn drop_into(root: &Path, from: &Path, name: &str) -> PathBuf {
    let to = root.join("watch").join(name);
    std::fs::create_dir_all(root.join("watch")).expect("watch dir");
    std::fs::copy(from, &to).expect("copy scan");
    to
}

/// Looks at the inbox until `name` is in it (a file is taken at the second look).
pub(super) fn wait_in_inbox(app: &Skranke, name: &str) -> crate::scan_desk::ScanFileView {
    for _ in 0..3 {
        let inbox = app.scan_inbox().expect("inbox");
        if let Some(f) = inbox.files.into_iter().find(|f| f.name == name) {
            return f;
        }
    }
    panic!("{name} never reached the inbox");
}

pub(super) fn captures(app: &Skranke) -> Vec<String> {
    app.queue_list(vec![], None).expect("queue").into_iter().map(|q| q.capture_id).collect()
}

#[tokio::test]
async fn a_scan_from_the_folder_is_queued_once_and_moved_to_done() {
    let root = tempfile::tempdir().expect("tempdir");
    let (dir, file) = good_file();
    let app = app(root.path());
    let dropped = drop_into(root.path(), &dir.join(&file.file), &file.file);
    let inbox = wait_in_inbox(&app, &file.file);
    assert_eq!(inbox.pages.len(), 1);
    assert_eq!(inbox.pages[0].error, None, "a card is found");

    let page = app.scan_page(&inbox.id, 1).expect("page");
    assert!(page.page_image.starts_with("data:image/jpeg;base64,"));
    assert!(
        page.photo_crop.starts_with("data:image/jpeg;base64,")
            && page.signature_crop.starts_with("data:image/png;base64,")
    );
    assert_eq!(page.photo_report.checks.first().map(|c| c.id.as_str()), Some("scan_is_photo"));

    // Accepting needs an open case; a failing report needs its reason (the test portraits are
    // press photos, which the full photo checks fail).
    assert_eq!(app.scan_accept(&inbox.id, 1, None, None).expect_err("no case").code, Code::NoOpenCase);
    app.case_open(CPR, "KK-2026-000501", false).await.expect("case");
    let reason = Some("Kun til test: pressefoto");
    let view = app.scan_accept(&inbox.id, 1, reason, reason).expect("accepted");
    assert!(view.photo_accepted && view.signature_accepted);
    let sent = app.send_case().expect("queued");
    assert!(sent.stored);

    // The capture is a scan with its dpi; the file left the folder for done/.
    let bundle = app.sender.with_outbox(&app.ctx, |o| o.bundle(&sent.capture_id)).expect("stored");
    let read = skranke_core::Bundle::read(&bundle).expect("bundle");
    assert_eq!(read.manifest().source, skranke_core::Source::Scan);
    assert_eq!(read.manifest().scan.map(|s| s.dpi), Some(200));
    assert!(read.manifest().person.card_name == "Test Person");
    assert!(!dropped.exists());
    assert!(root.path().join("watch/done").join(&file.file).exists());
    assert!(app.scan_inbox().expect("inbox").files.is_empty());

    // The same scan again, as after a crash between queuing and the move: never a second capture.
    let again = drop_into(root.path(), &dir.join(&file.file), "igen.jpg");
    for _ in 0..3 {
        app.scan_inbox().expect("inbox");
    }
    assert!(!again.exists(), "moved without asking the clerk");
    assert!(root.path().join("watch/done/igen.jpg").exists());
    assert_eq!(captures(&app), vec![sent.capture_id.clone()]);
}

#[tokio::test]
async fn a_restarted_app_finishes_the_move_and_refuses_a_second_send() {
    let root = tempfile::tempdir().expect("tempdir");
    let (dir, file) = good_file();
    let first = app(root.path());
    drop_into(root.path(), &dir.join(&file.file), &file.file);
    let inbox = wait_in_inbox(&first, &file.file);
    // Two windows on the same page (or a stale view): both accept, the first Send wins.
    let second = app(root.path());
    let inbox2 = wait_in_inbox(&second, &file.file);
    let reason = Some("Kun til test");
    first.case_open(CPR, "KK-2026-000502", false).await.expect("case");
    first.scan_accept(&inbox.id, 1, reason, reason).expect("accepted");
    second.case_open(CPR, "KK-2026-000503", false).await.expect("case");
    second.scan_accept(&inbox2.id, 1, reason, reason).expect("accepted");
    let sent = first.send_case().expect("queued");
    let refused = second.send_case().expect_err("the page is queued");
    assert_eq!(refused.code, Code::ScanAlreadyQueued);
    assert!(second.case_current().expect("case").is_some(), "the refused case stays open");
    drop((first, second));

    // "Killed" before the move: the file is back in the folder (as if it never left); a new app
    // moves it to done/ and queues nothing.
    let done = root.path().join("watch/done").join(&file.file);
    if done.exists() {
        std::fs::rename(&done, root.path().join("watch").join(&file.file)).expect("undo the move");
    }
    let restarted = app(root.path());
    for _ in 0..3 {
        restarted.scan_inbox().expect("inbox");
    }
    assert!(done.exists());
    assert_eq!(captures(&restarted), vec![sent.capture_id]);
}

#[tokio::test]
async fn unusable_files_go_to_failed_with_their_reason() {
    let root = tempfile::tempdir().expect("tempdir");
    let app = app(root.path());
    // An A5 sheet scanned blank at 150 dpi (the JPEG says so).
    std::fs::create_dir_all(root.path().join("watch")).expect("watch dir");
    let blank = image::RgbImage::from_pixel(874, 1240, image::Rgb([246, 246, 244]));
    let mut jpeg = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85);
    encoder.set_pixel_density(image::codecs::jpeg::PixelDensity::dpi(150));
    encoder.encode_image(&blank).expect("encode");
    std::fs::write(root.path().join("watch/blank.jpg"), jpeg).expect("write");
    std::fs::write(root.path().join("watch/halv.pdf"), b"%PDF-1.4\n1 0 obj").expect("write");
    let mut failed = Vec::new();
    for _ in 0..3 {
        failed.extend(app.scan_inbox().expect("inbox").failed);
    }
    let codes: Vec<(String, Code)> = failed.into_iter().map(|f| (f.name, f.code)).collect();
    assert!(codes.contains(&("blank.jpg".into(), Code::ScanNoCard)), "{codes:?}");
    assert!(codes.iter().any(|(n, c)| n == "halv.pdf" && *c == Code::ScanUnreadable), "{codes:?}");
    let why = std::fs::read_to_string(root.path().join("watch/failed/blank.jpg.txt")).expect("reason");
    assert!(why.contains("stamkort") && why.contains("scan_no_card"), "{why}");
    assert!(root.path().join("watch/failed/halv.pdf").exists());
    assert!(app.scan_inbox().expect("inbox").files.is_empty());
}

#[tokio::test]
async fn a_clerk_sets_a_file_aside_with_a_reason() {
    let root = tempfile::tempdir().expect("tempdir");
    let (dir, file) = good_file();
    let app = app(root.path());
    drop_into(root.path(), &dir.join(&file.file), &file.file);
    let inbox = wait_in_inbox(&app, &file.file);
    assert_eq!(app.scan_reject(&inbox.id, " ").expect_err("needs a reason").code, Code::BundleEmptyOverrideReason);
    let after = app.scan_reject(&inbox.id, "Kortet er ikke underskrevet af ansøgeren").expect("set aside");
    assert!(after.files.is_empty());
    let why =
        std::fs::read_to_string(root.path().join("watch/failed").join(format!("{}.txt", file.file))).expect("reason");
    assert!(why.contains("ikke underskrevet"), "{why}");
    assert_eq!(app.scan_page(&inbox.id, 1).expect_err("gone").code, Code::ScanNotFound);
}

/// `[signature.scan]` in the configuration file reaches the scanned signature's checks, in
/// `skranke scan import` and in the scan desk: a width no signature has (200 mm, the field is 85)
/// fails `scan_ink_extent`, which the same card passes under the defaults.
#[tokio::test]
async fn signature_scan_in_the_config_file_reaches_the_checks() {
    let root = tempfile::tempdir().expect("tempdir");
    let (dir, file) = good_file();
    let scan = dir.join(&file.file);
    let from_file = |name: &str, text: &str| {
        let path = root.path().join(name);
        std::fs::write(&path, text).expect("write config");
        skranke_config::load_file(&path).expect("valid config")
    };
    let ink_extent = |checks: &[skranke_core::Check]| {
        checks.iter().find(|c| c.id == "scan_ink_extent").cloned().expect("scan_ink_extent checked")
    };
    let imported = |config: &Config| {
        let pages = crate::scan_desk::import_files(config, std::slice::from_ref(&scan), None).expect("import");
        pages[0].signature.clone().expect("the signature is checked")
    };

    let default = ink_extent(&imported(&Config::demo()).checks);
    assert!(default.pass, "{default:?}");
    let relaxed = ink_extent(&imported(&from_file("15.toml", "[signature.scan]\nmin_width_mm = 15\n")).checks);
    assert!(relaxed.pass && relaxed.threshold.contains(">= 15 mm"), "{relaxed:?}");
    let strict = from_file("200.toml", "[signature.scan]\nmin_width_mm = 200\n");
    let report = imported(&strict);
    assert_eq!(report.verdict, skranke_core::Verdict::Fail);
    let failed = ink_extent(&report.checks);
    assert!(!failed.pass && failed.threshold.contains(">= 200 mm"), "{failed:?}");

    // The scan desk reads the same key from the app's configuration.
    let mut config = strict;
    config.data_dir = Some(root.path().join("data"));
    config.scan.watch_dir = Some(root.path().join("watch"));
    let loaded = LoadedConfig { config, source: ConfigSource::File(root.path().join("200.toml")) };
    let app = Skranke::from_loaded(loaded, Arc::new(SystemClock)).expect("opens");
    app.sign_in(crate::json::Role::Clerk, None).expect("sign in");
    drop_into(root.path(), &scan, &file.file);
    let inbox = wait_in_inbox(&app, &file.file);
    let page = app.scan_page(&inbox.id, 1).expect("page");
    assert_eq!(page.signature_report.verdict, skranke_core::Verdict::Fail);
    assert!(!ink_extent(&page.signature_report.checks).pass);
}
