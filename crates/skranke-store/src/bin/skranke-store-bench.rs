//! Bench: durable enqueue (encrypt + insert + commit with synchronous=FULL) of a 300 KB bundle.
//! Prints p50/p99/max in milliseconds. Targets: p50 <= 10 ms, p99 <= 30 ms.
//!
//! Usage: `skranke-store-bench [dir] [count]` (default: a fresh directory under the temp dir, 500).
use skranke_store::{KeyFileStore, Outbox};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let given = args.next().filter(|s| !s.is_empty()).map(PathBuf::from);
    let fresh = given.is_none();
    let dir = given.unwrap_or_else(|| std::env::temp_dir().join(format!("skranke-store-bench-{}", std::process::id())));
    let count: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(500);
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("skranke.db");
    let mut ob = Outbox::open(&db, &KeyFileStore::new(&dir), chrono::Utc::now())?;
    // Incompressible-looking content of a typical bundle size (photo + signature + manifest).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bundle: Vec<u8> = (0..300 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let meta = serde_json::json!({"kind": "bench"});
    let mut ms = Vec::with_capacity(count);
    let start = Instant::now();
    for i in 0..count {
        let t = Instant::now();
        ob.enqueue(&format!("bench-{i:06}"), &bundle, &meta, chrono::Utc::now())?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let total = start.elapsed();
    ms.sort_by(f64::total_cmp);
    let pct = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "durable enqueue of 300 KB x {count}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, total {:.2} s (db in {})",
        pct(0.50),
        pct(0.99),
        pct(1.0),
        total.as_secs_f64(),
        dir.display()
    );
    drop(ob);
    if fresh {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
