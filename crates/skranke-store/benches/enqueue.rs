//! Prints how long a durable enqueue of a 300 KB bundle takes (`cargo bench -p skranke-store
//! --bench enqueue`): a real outbox file (WAL, synchronous=FULL) on the real disk, N distinct
//! bundles each timed after a warm-up, then what one enqueue is made of (hash, AES-GCM seal, an
//! fsync of the same bytes). Numbers, not assertions; targets from the send step: p50 <= 10 ms,
//! p99 <= 30 ms.
//!
//! Between two enqueues the bench runs, untimed, what the sender runs at the start of each pass
//! (`recover_all_leases`, which also checkpoints the write-ahead log every 2 MiB enqueued), as in the app. Setting
//! `SKRANKE_BENCH_WAL_AUTOCHECKPOINT=1000 SKRANKE_BENCH_NO_PASS=1` puts back SQLite's default
//! auto-checkpoint on the outbox connection and leaves out the pass start: the behaviour before
//! the send-step benchmark, when every dozenth enqueue ran the checkpoint itself.
//!
//! The outbox goes in a temporary directory under `SKRANKE_BENCH_DIR`, else `/var/tmp` (a disk on
//! most Linux machines, where `/tmp` may be a tmpfs), else the OS temporary directory.
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use sha2::{Digest, Sha256};
use skranke_store::{KeyFileStore, Outbox};

#[path = "support/disk.rs"]
mod disk;
use disk::{bench_base, filesystem_of};

const BUNDLE_LEN: usize = 300 * 1024;
const WARM_UP: usize = 20;
const MEASURED: usize = 300;

fn main() {
    let base = bench_base();
    let dir = match tempfile::Builder::new().prefix("skranke-enqueue-bench").tempdir_in(&base) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("no temporary directory in {}: {e}", base.display());
            return;
        }
    };
    println!("outbox: {} (filesystem: {})", dir.path().display(), filesystem_of(dir.path()));
    let keys = KeyFileStore::new(dir.path());
    let mut outbox = match Outbox::open(&dir.path().join("skranke.db"), &keys, chrono::Utc::now()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("outbox does not open: {e}");
            return;
        }
    };
    // Experiments only: another WAL auto-checkpoint threshold on the outbox's connection.
    let pages = std::env::var("SKRANKE_BENCH_WAL_AUTOCHECKPOINT").ok().and_then(|v| v.parse::<i64>().ok());
    if let Some(pages) = pages
        && let Err(e) = outbox.connection().pragma_update(None, "wal_autocheckpoint", pages)
    {
        eprintln!("wal_autocheckpoint: {e}");
        return;
    }
    let with_passes = std::env::var_os("SKRANKE_BENCH_NO_PASS").is_none();
    let checkpoint_pages: i64 =
        outbox.connection().query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap_or(-1);
    let db_file = dir.path().join("skranke.db");
    let db_len = || std::fs::metadata(&db_file).map(|m| m.len()).unwrap_or(0);
    let meta = serde_json::json!({ "case_ref": "KK-2026-000001", "municipality": "0101" });
    let mut times = Vec::with_capacity(MEASURED);
    let mut with_checkpoint = Vec::new();
    let mut without = Vec::new();
    for i in 0..WARM_UP + MEASURED {
        // Distinct bundles: each one's bytes are made before the clock starts.
        let bundle = pseudo_random(BUNDLE_LEN, i as u64 + 1);
        let id = format!("bench-{i:05}");
        let len_before = db_len();
        let start = Instant::now();
        if let Err(e) = outbox.enqueue(&id, &bundle, &meta, chrono::Utc::now()) {
            eprintln!("enqueue {i} failed: {e}");
            return;
        }
        let took = start.elapsed();
        // The database file grows only when a checkpoint copies log pages into it.
        let checkpointed = db_len() > len_before;
        // The app's sender starts a pass between two Sends (it is woken by each one), and the
        // pass start checkpoints the log: untimed, as the clerk does not wait for it.
        if with_passes && let Err(e) = outbox.recover_all_leases(chrono::Utc::now()) {
            eprintln!("pass start {i} failed: {e}");
            return;
        }
        if i >= WARM_UP {
            times.push(took);
            if checkpointed { with_checkpoint.push(took) } else { without.push(took) }
        }
    }
    println!(
        "enqueue of a {} KB bundle, {MEASURED} bundles after {WARM_UP} warm-up (wal_autocheckpoint = {checkpoint_pages} pages, sender pass start between enqueues: {with_passes}):",
        BUNDLE_LEN / 1024
    );
    print_stats(&mut times);
    println!("targets: p50 <= 10 ms, p99 <= 30 ms");
    println!("  of which {} ran a WAL checkpoint (the database file grew):", with_checkpoint.len());
    print_stats(&mut with_checkpoint);
    println!("  and {} did not:", without.len());
    print_stats(&mut without);
    parts(dir.path());
}

/// `len` bytes from a xorshift generator: incompressible and different per `seed`.
fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn print_stats(times: &mut [Duration]) {
    times.sort();
    let n = times.len();
    if n == 0 {
        return;
    }
    let pct = |p: f64| times[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
    let mean = times.iter().sum::<Duration>() / n as u32;
    println!(
        "  p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms, min {:.2} ms",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(times[n - 1]),
        ms(mean),
        ms(times[0])
    );
}

/// What one enqueue is made of, measured apart: the SHA-256, the AES-256-GCM seal of the bundle,
/// and writing the same bytes to a file with one fsync (the least a durable write costs here).
fn parts(dir: &Path) {
    let bundle = pseudo_random(BUNDLE_LEN, 7);
    let rounds = 100u32;
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(Sha256::digest(std::hint::black_box(&bundle)));
    }
    let sha = start.elapsed() / rounds;
    let key = Aes256Gcm::generate_key(OsRng);
    let cipher = Aes256Gcm::new(&key);
    let start = Instant::now();
    for _ in 0..rounds {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = cipher.encrypt(&nonce, Payload { msg: &bundle, aad: b"bundle" });
        std::hint::black_box(sealed.map(|c| c.len()).unwrap_or(0));
    }
    let seal = start.elapsed() / rounds;
    let mut fsyncs = Vec::new();
    for i in 0..50 {
        let path = dir.join(format!("fsync-{i}"));
        let start = Instant::now();
        let written = std::fs::File::create(&path).and_then(|mut f| {
            f.write_all(&bundle)?;
            f.sync_all()
        });
        fsyncs.push(start.elapsed());
        if let Err(e) = written {
            eprintln!("{}: {e}", path.display());
            return;
        }
    }
    println!("parts of one enqueue (measured apart):");
    println!("  SHA-256 of the bundle: {:.2} ms", ms(sha));
    println!("  AES-256-GCM seal of the bundle: {:.2} ms", ms(seal));
    println!("  write {} KB to a new file + fsync (50 files):", BUNDLE_LEN / 1024);
    print_stats(&mut fsyncs);
}
