//! The watched folder survives a real kill -9 in the middle of Send: a child process (this test
//! binary, running [`child_sends_the_dropped_scan`]) takes a generated scan from the folder,
//! accepts it on a case and sends it, and is killed with SIGKILL at a random moment of the Send
//! (before the outbox's transaction, inside it, between it and the move to `done/`, after). A new
//! app on the same data and folder then must find the page queued exactly once and the file in
//! `done/`, or nothing queued and the file still in the folder, where a Send queues it once.
use super::scan_desk::{CPR, app, captures, drop_into, good_file, wait_in_inbox};
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The child's data and folder root.
const ROOT_VAR: &str = "SKRANKE_SCAN_KILL_ROOT";
/// The name of the scan the parent dropped into the child's folder.
const FILE_VAR: &str = "SKRANKE_SCAN_KILL_FILE";
/// Kills in the loop.
const CYCLES: usize = 6;

/// Takes the file in the watched folder under `root`, accepts it on a case and sends it,
/// printing `sending` just before Send and `sent` after.
async fn take_accept_send(root: &Path, name: &str, case_ref: &str) -> String {
    let app = app(root);
    let inbox = wait_in_inbox(&app, name);
    app.case_open(CPR, case_ref, false).await.expect("case");
    let reason = Some("Kun til test: pressefoto");
    app.scan_accept(&inbox.id, 1, reason, reason).expect("accepted");
    println!("sending");
    let sent = app.send_case().expect("queued");
    println!("sent");
    sent.capture_id
}

/// The child's part, run only by [`kill_9_during_send_loses_and_repeats_nothing`].
#[tokio::test]
#[ignore = "the child process of kill_9_during_send_loses_and_repeats_nothing"]
async fn child_sends_the_dropped_scan() {
    let root = std::env::var_os(ROOT_VAR).expect("run by the kill test");
    let name = std::env::var(FILE_VAR).expect("run by the kill test");
    take_accept_send(Path::new(&root), &name, "KK-2026-000601").await;
}

/// Runs the child on the scan `name` dropped under `root`; returns how long its Send took, or
/// kills it `kill_after` after it says `sending`.
fn run_child(root: &Path, name: &str, kill_after: Option<Duration>) -> Duration {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "skranke::tests::scan_kill::child_sends_the_dropped_scan", "--ignored", "--nocapture"])
        .env(ROOT_VAR, root)
        .env(FILE_VAR, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the child");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let said = |lines: &mut std::io::Lines<_>, what: &str| {
        lines.by_ref().map_while(Result::ok).any(|l: String| l.trim() == what)
    };
    assert!(said(&mut lines, "sending"), "the child reached Send");
    let started = Instant::now();
    if let Some(after) = kill_after {
        std::thread::sleep(after);
        child.kill().expect("kill -9");
        let _ = child.wait();
        return started.elapsed();
    }
    assert!(said(&mut lines, "sent"), "the child sent");
    let took = started.elapsed();
    assert!(child.wait().expect("wait").success());
    took
}

/// A small xorshift generator seeded from the clock: kill moments differ run to run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[tokio::test]
async fn kill_9_during_send_loses_and_repeats_nothing() {
    let (dir, file) = good_file();
    // One Send uncut measures how long it takes on this machine; the kills land within 1.5x that.
    let t = tempfile::tempdir().expect("tempdir");
    drop_into(t.path(), &dir.join(&file.file), &file.file);
    let send_time = run_child(t.path(), &file.file, None);
    assert_eq!(captures(&app(t.path())).len(), 1);
    assert!(t.path().join("watch/done").join(&file.file).exists());

    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1)
            | 1;
    let mut rng = Rng(seed);
    let window = (send_time.as_micros() as u64 * 3 / 2).max(1000);
    let (mut queued_at_kill, mut moved_at_kill) = (0, 0);
    for cycle in 0..CYCLES {
        let t = tempfile::tempdir().expect("tempdir");
        let dropped = drop_into(t.path(), &dir.join(&file.file), &file.file);
        let done = t.path().join("watch/done").join(&file.file);
        // Cubed, so most kills land early in the Send, where the outbox's transaction and the
        // move are; the rest spread over it.
        let u = rng.below(1000) as f64 / 1000.0;
        run_child(t.path(), &file.file, Some(Duration::from_micros((window as f64 * u * u * u) as u64)));
        let moved = done.exists();

        // A new app on the same data: it looks at the folder as a restarted app does.
        let restarted = app(t.path());
        for _ in 0..3 {
            restarted.scan_inbox().expect("inbox");
        }
        let after_kill = captures(&restarted);
        assert!(after_kill.len() <= 1, "cycle {cycle}: {after_kill:?}");
        if after_kill.len() == 1 {
            queued_at_kill += 1;
            moved_at_kill += usize::from(moved);
            assert!(done.exists() && !dropped.exists(), "cycle {cycle}: a queued page's file goes to done/");
        } else {
            assert!(!moved && dropped.exists(), "cycle {cycle}: nothing queued, so the file stays");
            drop(restarted);
            let id = take_accept_send(t.path(), &file.file, "KK-2026-000602").await;
            assert_eq!(captures(&app(t.path())), vec![id], "cycle {cycle}: queued once after the kill");
            assert!(done.exists(), "cycle {cycle}");
        }
    }
    eprintln!(
        "scan kill test: {CYCLES} kills within {window} us of Send: {queued_at_kill} after queuing \
         ({moved_at_kill} of them after the move), {} before",
        CYCLES - queued_at_kill
    );
}
