//! Crash-test helper (used by `tests/store`): enqueues bundles and appends audit entries in a loop
//! in `<dir>/skranke.db`, printing `o <capture_id>` after each enqueue commit returned and
//! `a <seq>` after each audit append, until killed.
//!
//! Usage: `skranke-store-crashtest <dir> <first_index>`
use skranke_store::{AuditAction, AuditLog, KeyFileStore, MasterKeyStore, NewAuditEntry, Outbox};
use std::io::Write;
use std::path::PathBuf;

/// The bundle the crash test expects for capture index `i` (also rebuilt by the test).
fn bundle_for(i: u64) -> Vec<u8> {
    let len = 8_192 + (i % 7) as usize * 4_096;
    (0..len).map(|k| (k as u64).wrapping_mul(31).wrapping_add(i) as u8).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: skranke-store-crashtest <dir> <first_index>")?);
    let first: u64 = args.next().ok_or("missing first_index")?.parse()?;
    let db = dir.join("skranke.db");
    let mut outbox = Outbox::open(&db, &KeyFileStore::new(&dir), chrono::Utc::now())?;
    let mut audit = AuditLog::open(&db, &KeyFileStore::new(&dir).load_or_create()?)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for i in first.. {
        let id = format!("cap-{i:08}");
        outbox.enqueue(&id, &bundle_for(i), &serde_json::json!({"i": i}), chrono::Utc::now())?;
        writeln!(out, "o {id}")?;
        out.flush()?;
        let e = audit.append(&NewAuditEntry {
            at: chrono::Utc::now(),
            user_id: "crash".into(),
            workstation: "CT".into(),
            action: AuditAction::Send,
            subject_cpr: None,
            outcome: "queued".into(),
            details: serde_json::json!({"capture_id": id}),
        })?;
        writeln!(out, "a {}", e.seq)?;
        out.flush()?;
    }
    Ok(())
}
