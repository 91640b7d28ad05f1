//! The witness as it is meant to run: the real binary under an account of its own, with the
//! app's side as another, unprivileged account. That other account reaches the socket but can
//! neither read the witness's key nor write its ledger. Needs root to start processes under
//! other accounts (CI runs as root); elsewhere the test says so and checks nothing.
#![cfg(unix)]

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The witness's account and the stand-in for a clerk's: numeric ids that need no passwd entry.
const WITNESS_UID: u32 = 64_991;
const CLERK_UID: u32 = 64_992;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn as_user(uid: u32, program: &str) -> Command {
    let mut c = Command::new(program);
    c.uid(uid).gid(uid).stdin(Stdio::null());
    c
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc_geteuid() == 0 }
}

unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(20), "the witness did not open {}", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_clerks_account_reaches_the_witness_but_not_its_key_or_ledger() {
    if !is_root() {
        eprintln!("skipped: starting processes under other accounts needs root (CI runs as root)");
        return;
    }
    use std::os::unix::fs::{PermissionsExt, chown};
    let t = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let state = t.path().join("state");
    let run = t.path().join("run");
    for d in [&state, &run] {
        std::fs::create_dir(d).expect("mkdir");
        chown(d, Some(WITNESS_UID), Some(WITNESS_UID)).expect("chown");
    }
    let socket = run.join("socket");
    let bin = env!("CARGO_BIN_EXE_skranke-audit-witness");
    let _witness = Running(
        as_user(WITNESS_UID, bin)
            .arg("--state-dir")
            .arg(&state)
            .arg("--socket")
            .arg(&socket)
            .spawn()
            .expect("start the witness"),
    );
    wait_for(&socket);

    // The app's side submits through the socket; the witness records under its own account.
    let client = skranke_witness::WitnessClient::new(&socket);
    let zeros = "0".repeat(64);
    client.submit(vec![skranke_witness::Submitted { seq: 1, prev_mac: zeros, mac: "a".repeat(64) }]).expect("submit");
    let owner = |p: &Path| std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(p).expect("metadata"));
    assert_eq!(owner(&state.join("witness.key")), WITNESS_UID);
    assert_eq!(owner(&state.join("ledger.jsonl")), WITNESS_UID);

    // The clerk's account asks the witness for its head ...
    let status = as_user(CLERK_UID, bin).arg("status").arg("--socket").arg(&socket).output().expect("status");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let head: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    assert_eq!(head["head"]["seq"], 1, "{head}");
    // ... but cannot read the key, read or change the ledger, or list the folder.
    for (what, script) in [
        ("read the key", format!("cat {}/witness.key", state.display())),
        ("read the ledger", format!("cat {}/ledger.jsonl", state.display())),
        ("append to the ledger", format!("echo x >> {}/ledger.jsonl", state.display())),
        ("list the folder", format!("ls {}", state.display())),
    ] {
        let out = as_user(CLERK_UID, "sh").arg("-c").arg(&script).output().expect("sh");
        assert!(!out.status.success(), "the clerk's account could {what}");
    }
    assert_eq!(client.entries(1).expect("entries").len(), 1, "the ledger is untouched");
}
