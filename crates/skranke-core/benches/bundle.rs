//! Prints how long building and reading a capture bundle takes with a realistic 300 KB photo
//! (`cargo bench -p skranke-core --bench bundle`). Numbers, not assertions.
use std::time::Instant;

use chrono::{TimeZone, Utc};
use skranke_core::{Bundle, BundleBuilder, CaptureHeader, Check, CheckReport, Cpr, PersonSnapshot, Source};

fn main() {
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.extend((0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(0x7f, 40_000));
    let strokes = format!(
        "[{}]",
        (0..2000).map(|i| format!("{{\"x\":{i},\"y\":{i},\"p\":0.5,\"t\":{i}}}")).collect::<Vec<_>>().join(",")
    );
    let report = CheckReport::from_checks(
        (0..14).map(|i| Check::new(&format!("check_{i}"), Some(1.0), ">= 0", true, "ok")).collect(),
    );
    let Ok(cpr) = Cpr::parse("0707614285") else { return };
    let Some(created_at) = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).single() else { return };
    let header = CaptureHeader {
        capture_id: uuid::Uuid::now_v7(),
        created_at,
        municipality: "0101".into(),
        workstation: "ks-01".into(),
        clerk: "clerk1".into(),
        case_ref: "K-1".into(),
        source: Source::Counter,
    };
    let rounds = 200;
    let start = Instant::now();
    let mut last = None;
    for _ in 0..rounds {
        last = BundleBuilder::new(header.clone(), PersonSnapshot::from_cpr(cpr, "Test Testesen"))
            .photo_jpeg(photo.clone())
            .photo_report(&report)
            .signature_png(png.clone())
            .signature_report(&report)
            .strokes_json(strokes.clone().into_bytes())
            .build()
            .ok();
    }
    let build = start.elapsed() / rounds;
    let Some(bundle) = last else {
        eprintln!("bundle did not build");
        return;
    };
    let start = Instant::now();
    for _ in 0..rounds {
        if Bundle::read(bundle.as_bytes()).is_err() {
            eprintln!("bundle did not read");
            return;
        }
    }
    let read = start.elapsed() / rounds;
    println!("bundle size: {} bytes", bundle.as_bytes().len());
    println!("build: {:.3} ms per bundle", build.as_secs_f64() * 1e3);
    println!("read+verify: {:.3} ms per bundle", read.as_secs_f64() * 1e3);
}
