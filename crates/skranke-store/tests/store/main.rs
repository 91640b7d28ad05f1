//! Crash safety: a child process enqueues and audits in a loop and is killed with SIGKILL at
//! random moments, over and over; everything it acknowledged must be there exactly once, intact,
//! the audit chain must verify and SQLite's integrity check must pass.
use skranke_store::{AuditLog, KeyFileStore, ListFilter, Outbox};
use std::collections::BTreeSet;
use std::io::{BufRead, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod bounds;

const CYCLES: u32 = 100;

fn bundle_for(i: u64) -> Vec<u8> {
    let len = 8_192 + (i % 7) as usize * 4_096;
    (0..len).map(|k| (k as u64).wrapping_mul(31).wrapping_add(i) as u8).collect()
}

/// A small xorshift generator seeded from the clock: kill moments differ run to run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open for check");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check")
}

#[test]
fn kill_9_loses_nothing_acknowledged() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path();
    let db = dir.join("skranke.db");
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1)
            | 1;
    let mut rng = Rng(seed);
    let mut acked_ids: BTreeSet<u64> = BTreeSet::new();
    let mut acked_seqs: BTreeSet<i64> = BTreeSet::new();
    let mut next_index = 0u64;
    let mut killed_mid_run = 0;
    for cycle in 0..CYCLES {
        let mut child = Command::new(env!("CARGO_BIN_EXE_skranke-store-crashtest"))
            .arg(dir)
            .arg(next_index.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        // Wait until the child has acknowledged a capture of its own (its first line repeats the
        // last one of the child before: `o`, `a`, then a new `o`), then kill it at a random moment
        // after: every cycle makes progress however slow the machine is, and the kill still
        // lands in the middle of the loop.
        let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut out = String::new();
        for _ in 0..3 {
            stdout.read_line(&mut out).expect("a line");
        }
        std::thread::sleep(Duration::from_millis(rng.next() % 40));
        child.kill().expect("kill -9");
        let status = child.wait().expect("wait");
        if status.code().is_none() {
            killed_mid_run += 1;
        }
        stdout.read_to_string(&mut out).expect("read");
        // Only complete lines count as acknowledged (the kill may cut a line).
        let complete = out.rfind('\n').map(|n| &out[..n]).unwrap_or("");
        for line in complete.lines() {
            match line.split_once(' ') {
                Some(("o", id)) => {
                    let i: u64 = id.trim_start_matches("cap-").parse().expect("index");
                    acked_ids.insert(i);
                    // The next child starts at the last acknowledged index: re-enqueuing it must
                    // not create a second row.
                    next_index = next_index.max(i);
                }
                Some(("a", seq)) => {
                    acked_seqs.insert(seq.parse().expect("seq"));
                }
                _ => panic!("unexpected child output {line:?}"),
            }
        }
        if cycle % 25 == 24 {
            assert_eq!(integrity(&db), "ok", "after cycle {cycle}");
        }
    }
    assert!(killed_mid_run >= CYCLES / 2, "most children were killed while writing ({killed_mid_run})");
    assert!(acked_ids.len() >= 50, "the children made progress ({} acknowledged)", acked_ids.len());

    assert_eq!(integrity(&db), "ok");
    let now = chrono::Utc::now();
    let ob = Outbox::open(&db, &KeyFileStore::new(dir), now).expect("open outbox");
    let items = ob.list(&ListFilter { states: vec![], limit: Some(ListFilter::MAX_LIMIT) }).expect("list");
    for i in &acked_ids {
        let id = format!("cap-{i:08}");
        let n = items.iter().filter(|it| it.capture_id == id).count();
        assert_eq!(n, 1, "{id} acknowledged, stored {n} times");
        assert_eq!(ob.bundle(&id).expect("decrypts"), bundle_for(*i), "{id} intact");
    }
    let unique: BTreeSet<&str> = items.iter().map(|it| it.capture_id.as_str()).collect();
    assert_eq!(unique.len(), items.len());

    let master = skranke_store::MasterKeyStore::load_or_create(&KeyFileStore::new(dir)).expect("key");
    let audit = AuditLog::open(&db, &master).expect("open audit");
    let report = audit.verify(&dir.join("no-checkpoints.jsonl")).expect("verify");
    assert_eq!(report.problem, None, "the chain survived {CYCLES} kills");
    let stored = audit.recent(u32::MAX).expect("recent");
    let seqs: BTreeSet<i64> = stored.iter().map(|e| e.seq).collect();
    assert!(acked_seqs.is_subset(&seqs), "every acknowledged audit entry is present");
    eprintln!(
        "crash test: {CYCLES} kills ({killed_mid_run} mid-run), {} captures and {} audit entries acknowledged, {} rows, chain of {}",
        acked_ids.len(),
        acked_seqs.len(),
        items.len(),
        report.entries
    );
}
