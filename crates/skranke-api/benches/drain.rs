//! Prints how fast the sender drains the outbox (`cargo bench -p skranke-api --bench drain`): a
//! demo Skranke (embedded simulators, real mutual TLS on loopback) with M queued ~300 KB bundles,
//! drained by `queue_drain` as `skranke queue drain` does, then by back-to-back `send_pass`es,
//! then the gateway round trip alone. Each drain is measured twice: with bundle files added by
//! `queue_add` (unverified: the sender looks each person up again first) and with captures made
//! as the counter's Send makes them (verified at the counter: uploaded as they are). Numbers, not
//! assertions; target from the send step: >= 50 captures per second.
//!
//! The data directory goes in a temporary directory under `SKRANKE_BENCH_DIR`, else `/var/tmp`,
//! else the OS temporary directory (the outbox must sit on a real disk: it fsyncs).
use std::path::Path;
use std::time::{Duration, Instant};

use skranke_api::demo::DecisionSettings;
use skranke_api::json::Role;
use skranke_api::outbox::OutboxStatus;
use skranke_api::sender::{case_bundle, outbox_open};
use skranke_api::{OpenOptions, Skranke};
use skranke_core::{Bundle, BundleBuilder, CaptureHeader, Check, CheckReport, Cpr, PersonSnapshot, Source};

#[path = "../../skranke-store/benches/support/disk.rs"]
mod disk;
use disk::{bench_base, filesystem_of};

const WARM_UP: usize = 10;
const CAPTURES: usize = 200;
const ROUND_TRIPS: usize = 50;

/// How a bench capture enters the outbox.
#[derive(Debug, Clone, Copy)]
enum Made {
    /// A bundle file added with `queue_add` (`skranke queue add`): stored unverified, so the
    /// sender looks the person up again (SF1520 and two audit appends) and rebuilds it first.
    File,
    /// As the counter's Send stores it (`send_case`): verified at the counter (`cpr_unverified`
    /// false), the counter's outbox metadata (`case_bundle::outbox_meta`), no pen strokes (the
    /// default `[bundle] include_pen_data = false`), enqueued through an outbox connection of the
    /// bench's own. Not done: the Send's audit record, which is no part of a drain.
    Counter,
}

impl Made {
    fn name(self) -> &'static str {
        match self {
            Self::File => "queue_add (unverified, re-looked up)",
            Self::Counter => "counter-made (verified at the counter)",
        }
    }
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("no tokio runtime: {e}");
            return;
        }
    };
    if let Err(e) = runtime.block_on(run()) {
        eprintln!("drain bench failed: {e}");
    }
}

async fn run() -> Result<(), String> {
    let base = bench_base();
    let dir = tempfile::Builder::new()
        .prefix("skranke-drain-bench")
        .tempdir_in(&base)
        .map_err(|e| format!("no temporary directory in {}: {e}", base.display()))?;
    let photo = portrait()?;
    let config = dir.path().join("config.toml");
    let data = dir.path().join("data");
    std::fs::write(&config, format!("mode = \"demo\"\ndata_dir = {:?}\n", data.display().to_string()))
        .map_err(|e| format!("{}: {e}", config.display()))?;
    let app = Skranke::start(OpenOptions { config_path: Some(&config) }).await.map_err(|e| e.to_string())?;
    app.sign_in(Role::It, Some("Bench")).map_err(|e| e.to_string())?;
    let sims = app.demo_simulators().ok_or("demo mode started no simulators")?;
    // The producer decides at once: every upload is also asked about and accepted (shredded)
    // within the drain, as on a day when the producer keeps up.
    sims.gateway_control().set_decisions(DecisionSettings { delay_ms: 0, reject_share: 0.0, ..Default::default() });
    println!("data dir: {} (filesystem: {})", data.display(), filesystem_of(dir.path()));
    println!(
        "bundle: {} bytes as a file, {} bytes counter-made (photo: the demo portrait obama.jpg)",
        bundle(&photo).len(),
        counter_bundle(&photo)?.as_bytes().len()
    );

    queue(&app, &photo, WARM_UP, Made::File)?;
    queue(&app, &photo, WARM_UP, Made::Counter)?;
    app.queue_drain(Duration::from_secs(60)).await.map_err(|e| e.to_string())?;

    // 1. `skranke queue drain`.
    for made in [Made::File, Made::Counter] {
        let before = app.queue_status().map_err(|e| e.to_string())?;
        let queued_in = queue(&app, &photo, CAPTURES, made)?;
        println!("{} of {CAPTURES} bundles: {:.2} ms per bundle", made.name(), ms(queued_in) / CAPTURES as f64);
        let start = Instant::now();
        let after = app.queue_drain(Duration::from_secs(300)).await.map_err(|e| e.to_string())?;
        let took = start.elapsed();
        println!("queue_drain, {CAPTURES} captures {} (producer decides at once):", made.name());
        print_rate(delivered(&after) - delivered(&before), took, &after);
    }

    // 2. Passes back to back (no pause between them), each timed.
    for made in [Made::File, Made::Counter] {
        back_to_back(&app, &photo, made).await?;
    }

    // 3. `skranke queue drain` when the producer decides later (as in production, where a
    //    decision takes far longer than a drain): the uploads, and each pass's status questions
    //    about what awaits a decision.
    sims.gateway_control().set_decisions(DecisionSettings {
        delay_ms: 3_600_000,
        reject_share: 0.0,
        ..Default::default()
    });
    for made in [Made::File, Made::Counter] {
        let before = app.queue_status().map_err(|e| e.to_string())?;
        queue(&app, &photo, CAPTURES, made)?;
        let start = Instant::now();
        let after = app.queue_drain(Duration::from_secs(300)).await.map_err(|e| e.to_string())?;
        let took = start.elapsed();
        println!("queue_drain, {CAPTURES} captures {} (the producer decides later):", made.name());
        print_rate(delivered(&after) - delivered(&before), took, &after);
    }

    // 4. The gateway round trip alone: one upload after the other with the same client setup
    //    (its own simulators), no outbox, no audit.
    round_trips(&app, &photo).await
}

/// Queues `CAPTURES` bundles made as `made` says and runs `send_pass`es back to back until they
/// are uploaded, timing each pass.
async fn back_to_back(app: &Skranke, photo: &[u8], made: Made) -> Result<(), String> {
    let before = app.queue_status().map_err(|e| e.to_string())?;
    queue(app, photo, CAPTURES, made)?;
    let mut passes = Vec::new();
    let mut uploaded = 0;
    let start = Instant::now();
    while uploaded < CAPTURES as u32 && passes.len() < 4 * CAPTURES {
        let pass_start = Instant::now();
        let report = app.send_pass().await.map_err(|e| e.to_string())?;
        passes.push((pass_start.elapsed(), report.uploaded, report.accepted));
        uploaded += report.uploaded;
    }
    let took = start.elapsed();
    let after = app.queue_status().map_err(|e| e.to_string())?;
    println!("send_pass back to back, {CAPTURES} captures {}:", made.name());
    print_rate(delivered(&after) - delivered(&before), took, &after);
    for (i, (t, up, acc)) in passes.iter().enumerate() {
        println!("  pass {:>2}: {:>7.1} ms, {up:>2} uploaded, {acc:>2} accepted", i + 1, ms(*t));
    }
    Ok(())
}

/// Uploads `ROUND_TRIPS` distinct bundles straight through a gateway client.
async fn round_trips(app: &Skranke, photo: &[u8]) -> Result<(), String> {
    let services = skranke_api::connect(app.config()).await.map_err(|e| e.to_string())?;
    let gateway = services.gateway.as_ref().map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    for i in 0..ROUND_TRIPS + 3 {
        let id = uuid::Uuid::now_v7();
        let bytes = bundle_with_id(photo, id);
        let start = Instant::now();
        gateway.client.upload(id, &bytes).await.map_err(|e| format!("upload: {e}"))?;
        if i >= 3 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    let n = times.len();
    let mean = times.iter().sum::<Duration>() / n as u32;
    println!("gateway upload alone (GatewayClient::upload, {n} after 3 warm-up):");
    println!(
        "  p50 {:.2} ms, p99 {:.2} ms, mean {:.2} ms => at most {:.0} uploads/s one after the other",
        ms(times[n / 2]),
        ms(times[(n * 99).div_ceil(100) - 1]),
        ms(mean),
        1.0 / mean.as_secs_f64()
    );
    drop(services);
    Ok(())
}

fn print_rate(sent: u64, took: Duration, after: &OutboxStatus) {
    println!(
        "  {sent} uploaded in {:.2} s => {:.1} captures/s, {:.2} ms per capture (target >= 50/s); now {} awaiting, {} accepted, {} queued",
        took.as_secs_f64(),
        sent as f64 / took.as_secs_f64(),
        ms(took) / sent.max(1) as f64,
        after.awaiting_producer,
        after.accepted,
        after.queued + after.sending,
    );
}

/// Captures the gateway holds or the producer decided.
fn delivered(s: &OutboxStatus) -> u64 {
    s.awaiting_producer + s.accepted + s.rejected
}

/// Queues `n` fresh bundles made as `made` says; returns how long that took (for files: bundle
/// verify + enqueue + audit record; for counter captures: the enqueue alone).
fn queue(app: &Skranke, photo: &[u8], n: usize, made: Made) -> Result<Duration, String> {
    match made {
        Made::File => {
            let bundles: Vec<Vec<u8>> = (0..n).map(|_| bundle(photo)).collect();
            let start = Instant::now();
            for b in &bundles {
                app.queue_add(b).map_err(|e| e.to_string())?;
            }
            Ok(start.elapsed())
        }
        Made::Counter => {
            let bundles = (0..n).map(|_| counter_bundle(photo)).collect::<Result<Vec<_>, _>>()?;
            let mut outbox = outbox_open::open(app.config(), app.data_dir(), chrono::Utc::now())
                .map_err(|e| format!("outbox: {e}"))?;
            let start = Instant::now();
            for b in &bundles {
                let m = b.manifest();
                outbox
                    .enqueue(&m.capture_id.to_string(), b.as_bytes(), &case_bundle::outbox_meta(m), chrono::Utc::now())
                    .map_err(|e| format!("enqueue: {e}"))?;
            }
            Ok(start.elapsed())
        }
    }
}

/// A capture as the counter's Send bundles it ([`Made::Counter`]): the person as the register
/// answered (the demo register's Anne Demo Hansen), verified, photo, signature image and both
/// reports, no pen strokes.
fn counter_bundle(photo: &[u8]) -> Result<Bundle, String> {
    let (header, person, ok, png) = parts(uuid::Uuid::now_v7())?;
    BundleBuilder::new(header, person)
        .cpr_unverified(false)
        .protected_address(false)
        .photo_jpeg(photo.to_vec())
        .photo_report(&ok)
        .signature_png(png)
        .signature_report(&ok)
        .build()
        .map_err(|e| format!("counter bundle: {e}"))
}

/// The header, person, a passing check report and a 12 KB signature image of a bench capture.
fn parts(id: uuid::Uuid) -> Result<(CaptureHeader, PersonSnapshot, CheckReport, Vec<u8>), String> {
    let header = CaptureHeader {
        capture_id: id,
        created_at: chrono::Utc::now(),
        municipality: "0999".into(),
        workstation: "bench".into(),
        clerk: "clerk".into(),
        case_ref: "KK-2026-000003".into(),
        source: Source::Counter,
    };
    let cpr = Cpr::parse("1203851002").map_err(|e| format!("cpr: {e}"))?;
    let person = PersonSnapshot::from_cpr(cpr, "Anne Demo Hansen");
    let ok = CheckReport::from_checks(vec![Check::new("ink_present", Some(1.0), ">= 1", true, "ok")]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(0x7f, 12_000));
    Ok((header, person, ok, png))
}

/// The demo portrait (a real 280 KB JPEG).
fn portrait() -> Result<Vec<u8>, String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/portraits/obama.jpg");
    std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))
}

fn bundle(photo: &[u8]) -> Vec<u8> {
    bundle_with_id(photo, uuid::Uuid::now_v7())
}

/// A valid bundle file of about 300 KB: the real portrait, a 12 KB signature image, 400 pen points.
fn bundle_with_id(photo: &[u8], id: uuid::Uuid) -> Vec<u8> {
    let Ok((header, person, ok, png)) = parts(id) else { return Vec::new() };
    let points: Vec<String> =
        (0..400).map(|i| format!("{{\"x\":{},\"y\":{},\"p\":0.5,\"t\":{}}}", i % 300, i / 3, i * 8)).collect();
    let strokes = format!("{{\"version\":1,\"strokes\":[[{}]]}}", points.join(","));
    BundleBuilder::new(header, person)
        .photo_jpeg(photo.to_vec())
        .photo_report(&ok)
        .signature_png(png)
        .signature_report(&ok)
        .strokes_json(strokes.into_bytes())
        .build()
        .map(|b| b.into_bytes())
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
