//! A ledger write that fails half-way (the disk full; here a file size limit, the real binary
//! started under `ulimit -f` with SIGXFSZ ignored so the write fails with EFBIG after part of the
//! batch reached the file) acknowledges nothing and leaves the ledger as it was: the next start
//! reads it unbroken and the same batch is accepted then.
#![cfg(unix)]

use skranke_witness::{Submitted, WitnessClient, WitnessError};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The witness binary on `state` and `socket`, its files limited to `blocks` of the shell's
/// `ulimit -f` when given.
fn start(state: &Path, socket: &Path, blocks: Option<u32>) -> Running {
    let _ = std::fs::remove_file(socket);
    let limit = blocks.map(|b| format!("trap '' XFSZ; ulimit -f {b}; ")).unwrap_or_default();
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("{limit}exec \"$0\" --state-dir \"$1\" --socket \"$2\""))
        .arg(env!("CARGO_BIN_EXE_skranke-audit-witness"))
        .arg(state)
        .arg(socket)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the witness");
    let start = Instant::now();
    while !socket.exists() {
        assert!(start.elapsed() < Duration::from_secs(20), "the witness did not open its socket");
        std::thread::sleep(Duration::from_millis(20));
    }
    Running(child)
}

fn batch(from: i64, n: i64) -> Vec<Submitted> {
    let mac = |seq: i64| format!("{seq:064x}");
    (from..from + n).map(|seq| Submitted { seq, prev_mac: mac(seq - 1), mac: mac(seq) }).collect()
}

#[test]
fn a_write_that_fails_half_way_leaves_the_ledger_as_it_was() {
    let t = tempfile::tempdir().expect("tempdir");
    let state = t.path().join("state");
    let socket = t.path().join("socket");
    let ledger = state.join("ledger.jsonl");
    {
        let _witness = start(&state, &socket, Some(8));
        let client = WitnessClient::new(&socket);
        assert_eq!(client.submit(batch(1, 3)).expect("a small batch fits").map(|h| h.seq), Some(3));
        let before = std::fs::read_to_string(&ledger).expect("ledger");
        // About 200 bytes a line: 100 lines cannot fit under the limit.
        let refused = client.submit(batch(4, 100));
        assert!(matches!(refused, Err(WitnessError::Storage { .. })), "{refused:?}");
        assert_eq!(
            std::fs::read_to_string(&ledger).expect("ledger"),
            before,
            "nothing of the failed batch stays in the file"
        );
        assert_eq!(client.head().expect("head").map(|h| h.seq), Some(3));
    }
    let _witness = start(&state, &socket, None);
    let client = WitnessClient::new(&socket);
    assert_eq!(client.head().expect("the ledger reads unbroken").map(|h| h.seq), Some(3));
    assert_eq!(client.submit(batch(4, 100)).expect("accepted now").map(|h| h.seq), Some(103));
    assert_eq!(client.entries(1).expect("entries").len(), 103);
}
