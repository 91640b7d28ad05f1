//! `skranke audit verify|checkpoint` and `skranke keys rotate` through the real binary in
//! production mode against `skranke sim --write-config` (the OS account is in the IT group the
//! written configuration names): a trail built by real commands verifies; the database edited as
//! an attacker with file access would (an entry changed, one deleted, the newest cut off, the
//! checkpoint file removed) is named with exit 1; a rotation re-wraps a queued capture that then
//! still sends, and is refused while another process has the database open; no file in the
//! data or key folder holds the CPR number used; and with an audit witness configured, the
//! newest entries cut off together with their checkpoints (invisible without it) are named.
#[path = "support/sim.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Run, Sim, admin, ok, run, sim_with};

/// The person every test acts on, in the two ways a CPR number is written.
const CPR: &str = "120385-1002";
const CPR_DIGITS: &str = "1203851002";

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/demo")
}

/// The data and key folders of a written configuration.
struct Dirs {
    data: PathBuf,
    keys: PathBuf,
}

impl Dirs {
    fn of(sim: &Sim) -> Self {
        let text = std::fs::read_to_string(&sim.config).expect("config");
        // A TOML basic string holding a path reads the same as a JSON string.
        let value = |key: &str| -> PathBuf {
            let line = text.lines().find(|l| l.starts_with(&format!("{key} = "))).expect(key);
            let quoted = line.split_once(" = ").expect("key = value").1;
            PathBuf::from(serde_json::from_str::<String>(quoted).expect("a quoted path"))
        };
        Dirs { data: value("data_dir"), keys: value("key_dir") }
    }

    fn database(&self) -> PathBuf {
        self.data.join("skranke.sqlite3")
    }

    fn key_file(&self) -> PathBuf {
        self.keys.join("outbox-master.key")
    }

    fn checkpoint_file(&self) -> PathBuf {
        self.keys.join("audit-checkpoints.jsonl")
    }
}

/// A simulator whose gateway accepts every capture at once.
fn accepting_sim(dir: &Path) -> Sim {
    let sim = sim_with(dir, &[]);
    assert_eq!(admin(&sim, "POST", "/_sim/gateway/decision", r#"{"delay_ms":0,"reject_share":0}"#)["ok"], true);
    sim
}

/// `bundle make` for `CPR` into `<dir>/capture.skb`; the bundle's path and capture id.
fn make_bundle(sim: &Sim, dir: &Path) -> (PathBuf, String) {
    let out = dir.join("capture.skb");
    let photo = assets().join("portraits/obama.jpg");
    let strokes = assets().join("signatures/anne.json");
    let v = ok(
        sim,
        &[
            "--json",
            "bundle",
            "make",
            "--cpr",
            CPR,
            "--case",
            "KK-2026-000015",
            "--photo",
            photo.to_str().expect("utf-8"),
            "--signature",
            strokes.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--override-reason",
            "test portrait",
        ],
    );
    (out, v["capture_id"].as_str().expect("capture id").to_string())
}

/// `queue drain` until the gateway's decision is collected: the first sends, the second collects
/// (the simulated producer decides at once).
fn drain(sim: &Sim) {
    for _ in 0..2 {
        ok(sim, &["--json", "queue", "drain", "--timeout", "60"]);
    }
}

/// `audit verify --json`.
fn verify(sim: &Sim) -> Run {
    run(sim, &["--json", "audit", "verify"])
}

/// `audit checkpoint --json`: the position of the checkpoint entry.
fn checkpoint(sim: &Sim) -> i64 {
    ok(sim, &["--json", "audit", "checkpoint"])["seq"].as_i64().expect("checkpoint seq")
}

/// A short trail: two lookups, a checkpoint, one more lookup. Returns the checkpoint's position.
fn short_trail(sim: &Sim) -> i64 {
    ok(sim, &["--json", "cpr", "lookup", CPR]);
    ok(sim, &["--json", "cpr", "lookup", CPR]);
    let cp = checkpoint(sim);
    ok(sim, &["--json", "cpr", "lookup", CPR]);
    assert_eq!(verify(sim).code, 0, "the untouched trail verifies");
    cp
}

/// The database as an attacker with file access sees it.
fn tamper(dirs: &Dirs, sql: &str) {
    let conn = rusqlite::Connection::open(dirs.database()).expect("open db");
    conn.execute_batch(sql).expect(sql);
}

fn seq_of(dirs: &Dirs, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(dirs.database()).expect("open db");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// Asserts a broken trail: exit 1 with `kind` at `seq` in JSON.
fn assert_broken(r: &Run, kind: &str, seq: i64) {
    assert_eq!(r.code, 1, "{}", r.text);
    assert_eq!(
        (r.json["problem"]["kind"].as_str(), r.json["problem"]["seq"].as_i64()),
        (Some(kind), Some(seq)),
        "{}",
        r.text
    );
}

/// Every file under `dirs` (recursively) and the needles each holds.
fn scan(dirs: &[&Path]) -> (Vec<PathBuf>, Vec<(PathBuf, &'static str)>) {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() { walk(&path, files) } else { files.push(path) }
        }
    }
    let mut files = Vec::new();
    for d in dirs {
        walk(d, &mut files);
    }
    let mut found = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).expect("read file");
        for needle in [CPR, CPR_DIGITS] {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push((f.clone(), needle));
            }
        }
    }
    (files, found)
}

/// No file in the data or key folder holds the CPR number, in either spelling.
fn assert_no_cpr_in_files(dirs: &Dirs) {
    let (files, found) = scan(&[&dirs.data, &dirs.keys]);
    for must in [dirs.database(), dirs.key_file(), dirs.checkpoint_file()] {
        assert!(files.contains(&must), "{} was not scanned: {files:?}", must.display());
    }
    assert!(found.is_empty(), "the CPR number in clear: {found:?}");
}

#[test]
fn a_trail_built_by_real_commands_verifies_and_no_file_holds_the_cpr() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    ok(&sim, &["--json", "cpr", "lookup", CPR]);
    // Held open through the run, as a running app would, so the write-ahead log is not folded
    // away when each command exits and is scanned too.
    let holder = rusqlite::Connection::open(dirs.database()).expect("open db");
    let _: i64 = holder.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).expect("read");
    let (bundle, id) = make_bundle(&sim, t.path());
    ok(&sim, &["--json", "queue", "add", bundle.to_str().expect("utf-8")]);
    drain(&sim);
    // Accepted at the gateway: the outbox has shredded the capture.
    assert_eq!(
        admin(&sim, "GET", "/_sim/captures", ""),
        serde_json::json!([{"id": id, "stored": 1, "decision": "accepted", "source": "counter", "scan_dpi": null}])
    );
    assert_eq!(ok(&sim, &["--json", "queue", "list"])["state"], "accepted");
    let cp = checkpoint(&sim);
    assert!(cp > 1, "the checkpoint names the head of a trail with entries before it: {cp}");

    let r = verify(&sim);
    assert_eq!(r.code, 0, "{}", r.text);
    assert!(r.json["problem"].is_null() && r.json["broken_at"].is_null(), "{}", r.text);
    assert!(r.json["checkpoints"].as_u64().is_some_and(|n| n >= 1), "{}", r.text);
    assert!(r.json["last_seq"].as_i64().is_some_and(|s| s > cp), "the verify's own sign-in follows: {}", r.text);
    let r = run(&sim, &["audit", "verify"]);
    assert!(r.code == 0 && r.text.contains("Revisionssporet er intakt"), "{}", r.text);

    let (files, _) = scan(&[&dirs.data]);
    for wal in ["skranke.sqlite3-wal", "skranke.sqlite3-shm"] {
        assert!(files.contains(&dirs.data.join(wal)), "{wal} is scanned: {files:?}");
    }
    assert_no_cpr_in_files(&dirs);
    drop(holder);
    assert_no_cpr_in_files(&dirs);
}

#[test]
fn an_edited_entry_is_named_altered_at_its_position() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    short_trail(&sim);
    let n = seq_of(&dirs, "SELECT MIN(seq) FROM audit_log WHERE action = 'cpr_lookup_result'");
    tamper(
        &dirs,
        &format!("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 'not_found' WHERE seq = {n}"),
    );
    assert_broken(&verify(&sim), "altered", n);
    let r = run(&sim, &["audit", "verify"]);
    assert_eq!(r.code, 1, "{}", r.text);
    assert!(r.text.contains("en post er ændret") && r.text.contains(&format!("post nr. {n})")), "{}", r.text);
}

#[test]
fn a_deleted_middle_entry_is_named_missing_at_its_position() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    short_trail(&sim);
    let n = seq_of(&dirs, "SELECT MIN(seq) FROM audit_log WHERE action = 'cpr_lookup_result'");
    tamper(&dirs, &format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = {n}"));
    assert_broken(&verify(&sim), "missing", n);
    let r = run(&sim, &["audit", "verify"]);
    assert!(r.code == 1 && r.text.contains(&format!("en post mangler (post nr. {n})")), "{}", r.text);
}

#[test]
fn newest_entries_deleted_past_a_checkpoint_are_named_cut_off() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    let cp = short_trail(&sim);
    // Everything from the entry before the checkpoint on: the checkpoint itself and what follows.
    let first = cp - 1;
    tamper(&dirs, &format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= {first}"));
    let r = verify(&sim);
    // `audit verify` signs the OS account in, audited, before it checks: that entry takes the first
    // deleted position and links cleanly to what is left. Verify still names the cut from its
    // first lost position (entries written after the cut carry times after the checkpoint's).
    assert_broken(&r, "cut_off", first);
    assert_eq!(
        seq_of(&dirs, &format!("SELECT COUNT(*) FROM audit_log WHERE seq = {first} AND action = 'sign_in'")),
        1,
        "the verifying run's own sign-in filled position {first}"
    );
    // A second run (another sign-in written) still names the same first lost entry.
    assert_broken(&verify(&sim), "cut_off", first);
}

#[test]
fn a_removed_checkpoint_file_is_named_checkpoint_missing() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    let cp = short_trail(&sim);
    std::fs::remove_file(dirs.checkpoint_file()).expect("remove checkpoint file");
    assert_broken(&verify(&sim), "checkpoint_missing", cp);
    let r = run(&sim, &["audit", "verify"]);
    assert!(r.code == 1 && r.text.contains(&format!("(post nr. {cp})")), "{}", r.text);
}

fn month() -> String {
    // The month as the binary sees it (its local time); a run across midnight at a month's end is
    // not guarded against.
    let out = Command::new("date").arg("+%Y-%m").output().expect("date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn keys_rotate_rewraps_a_queued_capture_and_is_refused_while_the_database_is_open() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    let (bundle, id) = make_bundle(&sim, t.path());
    ok(&sim, &["--json", "queue", "add", bundle.to_str().expect("utf-8")]);
    assert_eq!(ok(&sim, &["--json", "queue", "status"])["queued"], 1);
    checkpoint(&sim);
    let key_before = std::fs::read(dirs.key_file()).expect("key file");
    let key_dir_before = files_in(&dirs.keys);

    // Another process with the database open (here: this test, its WAL index mapped by a read).
    let conn = rusqlite::Connection::open(dirs.database()).expect("open db");
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).expect("read");
    assert!(n > 0);
    assert!(dirs.data.join("skranke.sqlite3-shm").exists(), "the WAL index is mapped");
    let r = run(&sim, &["--json", "keys", "rotate"]);
    assert_eq!(r.code, 3, "an environment problem, as a missing key store: {}", r.text);
    assert_eq!(r.json["error"], "store_in_use", "{}", r.text);
    assert_eq!(std::fs::read(dirs.key_file()).expect("key file"), key_before, "the key is unchanged");
    assert_eq!(files_in(&dirs.keys), key_dir_before, "no pending key is left behind");

    // Closed: the same command goes through, so the open connection is what refused it.
    drop(conn);
    let r = run(&sim, &["--json", "keys", "rotate"]);
    assert_eq!(r.code, 0, "{}", r.text);
    assert_eq!((r.json["rotated"].as_bool(), r.json["bundle_keys"].as_u64()), (Some(true), Some(1)), "{}", r.text);
    assert!(r.json["data_keys"].as_u64().is_some_and(|n| n >= 1), "{}", r.text);
    let key_after = std::fs::read(dirs.key_file()).expect("key file");
    assert_eq!(key_after.len(), key_before.len());
    assert_ne!(key_after, key_before, "a new master key");
    assert_eq!(files_in(&dirs.keys), key_dir_before, "no pending key is left behind");

    // The queued capture opens under the new key and is sent.
    drain(&sim);
    assert_eq!(
        admin(&sim, "GET", "/_sim/captures", ""),
        serde_json::json!([{"id": id, "stored": 1, "decision": "accepted", "source": "counter", "scan_dpi": null}])
    );
    assert_eq!(ok(&sim, &["--json", "queue", "status"])["accepted"], 1);

    // The trail and its checkpoints still verify, and the person still decrypts.
    let r = verify(&sim);
    assert_eq!(r.code, 0, "{}", r.text);
    assert!(r.json["checkpoints"].as_u64().is_some_and(|n| n >= 1), "{}", r.text);
    let person = ok(&sim, &["--json", "audit", "person", CPR]);
    assert_eq!(person["cprMasked"], "120385-xxxx");
    let records = person["records"].as_array().expect("records");
    assert!(records.iter().any(|r| r["captureId"] == id.as_str()), "{person}");

    // Both attempts are on record: started and refused, started and ok.
    let stats = ok(&sim, &["--json", "audit", "stats", "--month", &month()]);
    let rotations: u64 = stats["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["action"] == "key_rotation")
        .map(|r| r["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(rotations, 4, "{stats}");

    assert_no_cpr_in_files(&dirs);
}

/// An audit witness (the service's own code, on a thread) at `<dir>/witness/socket`, and the
/// configuration told to use it.
fn with_witness(sim: &Sim, dir: &Path) -> skranke_witness::WitnessClient {
    let socket = dir.join("witness").join("socket");
    let client = skranke_witness::server::start_on_thread(&dir.join("witness-state"), &socket).expect("witness");
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let line =
        format!("audit_witness_socket = {}", serde_json::to_string(&socket.display().to_string()).expect("json"));
    let text = text.replacen("\nkey_dir = ", &format!("\n{line}\nkey_dir = "), 1);
    assert!(text.contains(&line), "the [security] section has key_dir");
    std::fs::write(&sim.config, text).expect("write config");
    client
}

#[test]
fn a_tail_cut_with_its_checkpoints_is_named_by_the_audit_witness() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let dirs = Dirs::of(&sim);
    let witness = with_witness(&sim, t.path());
    let cp = short_trail(&sim);
    let r = verify(&sim);
    assert_eq!(r.code, 0, "{}", r.text);
    let witnessed = r.json["witnessed"].as_u64().expect("witnessed");
    assert!(witnessed >= cp as u64, "every entry reached the witness: {}", r.text);
    assert_eq!(witness.head().expect("head").map(|h| h.seq), r.json["last_seq"].as_i64());
    let kept = std::fs::read(dirs.checkpoint_file()).expect("checkpoint file");
    ok(&sim, &["--json", "cpr", "lookup", CPR]);
    checkpoint(&sim);
    // Everything after the first checkpoint is cut from the log, and the checkpoint file is put
    // back as it was then: the chain and the checkpoints agree with each other.
    tamper(&dirs, &format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > {cp}"));
    std::fs::write(dirs.checkpoint_file(), kept).expect("cut the checkpoint file");
    let first_gone = cp + 1;
    let r = verify(&sim);
    assert_broken(&r, "cut_off", first_gone);
    let text = run(&sim, &["audit", "verify"]);
    assert!(text.code == 1 && text.text.contains("skåret af"), "{}", text.text);
    // Without the witness the same files verify: the limit the witness closes.
    let config = std::fs::read_to_string(&sim.config).expect("config");
    let without: String =
        config.lines().filter(|l| !l.starts_with("audit_witness_socket")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&sim.config, without).expect("write config");
    let r = verify(&sim);
    assert_eq!(r.code, 0, "without the witness the cut goes unseen: {}", r.text);
    assert!(r.json["witnessed"].is_null(), "{}", r.text);
}

#[test]
fn a_stopped_audit_witness_stops_no_lookup_and_verify_says_so() {
    let t = tempfile::tempdir().expect("tempdir");
    let sim = accepting_sim(t.path());
    let text = std::fs::read_to_string(&sim.config).expect("config");
    let socket = t.path().join("no-witness").join("socket");
    let line =
        format!("audit_witness_socket = {}", serde_json::to_string(&socket.display().to_string()).expect("json"));
    std::fs::write(&sim.config, text.replacen("\nkey_dir = ", &format!("\n{line}\nkey_dir = "), 1)).expect("config");
    // The counter goes on: the lookup and its entries are written.
    ok(&sim, &["--json", "cpr", "lookup", CPR]);
    let r = verify(&sim);
    assert_eq!(r.code, 1, "{}", r.text);
    assert_eq!(r.json["problem"]["kind"], "witness_unreachable", "{}", r.text);
    let d = run(&sim, &["--json", "diagnose"]);
    let checks = d.json["checks"].as_array().expect("checks");
    let witness = checks.iter().find(|c| c["id"] == "audit_witness").expect("audit_witness check");
    assert_eq!(witness["status"], "fail", "{witness}");
}
