//! The witness's ledger: one JSON line per recorded audit entry (position, MAC, time), each line
//! chained to the one before with HMAC-SHA-256 under the witness's own key. The key and the
//! ledger live in the witness's state folder, which only the witness's account can open; the
//! ledger accepts an entry only when it extends the chain it has already recorded, so history
//! cannot be rewritten through the witness either.
use crate::{Submitted, WitnessError, Witnessed};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The key file's name in the state folder.
pub const KEY_FILE: &str = "witness.key";
/// The ledger file's name in the state folder.
pub const LEDGER_FILE: &str = "ledger.jsonl";
/// The link of the first line.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One line of the ledger file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Line {
    seq: i64,
    mac: String,
    at: String,
    wmac: String,
}

/// The recorded entries and the open ledger file.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    key: [u8; 32],
    file: File,
    recorded: BTreeMap<i64, Witnessed>,
    last_wmac: String,
    /// Set when the file failed its check: nothing more is recorded.
    broken: Option<WitnessError>,
}

fn put(m: &mut Hmac<Sha256>, bytes: &[u8]) {
    m.update(bytes.len().to_string().as_bytes());
    m.update(b":");
    m.update(bytes);
    m.update(b";");
}

fn line_mac(key: &[u8; 32], prev_wmac: &str, seq: i64, mac: &str, at: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(b"skranke-witness-v1;");
    put(&mut m, prev_wmac.as_bytes());
    put(&mut m, seq.to_string().as_bytes());
    put(&mut m, mac.as_bytes());
    put(&mut m, at.as_bytes());
    m.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Opens a file for the witness alone (0600 on Unix; the service's folder is 0700 as well).
fn private_options() -> OpenOptions {
    #[cfg(unix)]
    {
        let mut o = OpenOptions::new();
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o
    }
    // Windows: the service's folder carries the ACL (service::install).
    #[cfg(not(unix))]
    OpenOptions::new()
}

fn load_or_make_key(dir: &Path) -> Result<[u8; 32], WitnessError> {
    let path = dir.join(KEY_FILE);
    let mut key = [0u8; 32];
    match File::open(&path) {
        Ok(mut f) => {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).map_err(|e| WitnessError::storage(&e))?;
            if bytes.len() != 32 {
                return Err(WitnessError::Storage {
                    detail: format!("{} is not a witness key ({} bytes)", path.display(), bytes.len()),
                });
            }
            key.copy_from_slice(&bytes);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut key);
            let tmp = dir.join(format!("{KEY_FILE}.new"));
            let mut f = private_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)
                .map_err(|e| WitnessError::storage(&e))?;
            f.write_all(&key).and_then(|()| f.sync_all()).map_err(|e| WitnessError::storage(&e))?;
            std::fs::rename(&tmp, &path).map_err(|e| WitnessError::storage(&e))?;
            tracing::info!(path = %path.display(), "witness key created");
        }
        Err(e) => return Err(WitnessError::storage(&e)),
    }
    Ok(key)
}

/// Reads and checks the ledger's lines: the entries recorded and the last line's link, or the
/// first bad line. A last line without its newline is a write the witness never acknowledged
/// (it crashed in the middle) and is dropped.
fn read_ledger(key: &[u8; 32], text: &str) -> Result<(BTreeMap<i64, Witnessed>, String, usize), WitnessError> {
    let complete = text.rfind('\n').map_or(0, |i| i + 1);
    let mut recorded: BTreeMap<i64, Witnessed> = BTreeMap::new();
    let mut last_wmac = GENESIS.to_string();
    for (i, raw) in text[..complete].lines().enumerate() {
        let broken = |detail: String| WitnessError::LedgerBroken { line: i + 1, detail };
        let line: Line = serde_json::from_str(raw).map_err(|e| broken(format!("not a ledger line: {e}")))?;
        if !same(&line.wmac, &line_mac(key, &last_wmac, line.seq, &line.mac, &line.at)) {
            return Err(broken(format!("entry {} is not signed by this witness or was changed", line.seq)));
        }
        if let Some((last, _)) = recorded.last_key_value()
            && line.seq != last + 1
        {
            return Err(broken(format!("entry {} follows entry {last}", line.seq)));
        }
        last_wmac = line.wmac;
        recorded.insert(line.seq, Witnessed { seq: line.seq, mac: line.mac, at: line.at });
    }
    Ok((recorded, last_wmac, complete))
}

impl Ledger {
    /// Opens the ledger in `dir` (made owner-only if new), making the witness key the first time.
    /// A ledger that fails its check still opens, but answers every request with
    /// [`WitnessError::LedgerBroken`] so the app's `audit verify` names it.
    pub fn open(dir: &Path) -> Result<Self, WitnessError> {
        std::fs::create_dir_all(dir).map_err(|e| WitnessError::storage(&e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| WitnessError::storage(&e))?;
        }
        let key = load_or_make_key(dir)?;
        let path = dir.join(LEDGER_FILE);
        let mut file = private_options()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|e| WitnessError::storage(&e))?;
        let mut text = String::new();
        let read = file.read_to_string(&mut text);
        let (recorded, last_wmac, broken) = match read {
            Err(e) => (
                BTreeMap::new(),
                GENESIS.to_string(),
                Some(WitnessError::LedgerBroken { line: 0, detail: e.to_string() }),
            ),
            Ok(_) => match read_ledger(&key, &text) {
                Ok((recorded, last_wmac, complete)) => {
                    if complete < text.len() {
                        tracing::warn!(
                            "dropping an unfinished last ledger line (the witness stopped while writing it)"
                        );
                        file.set_len(complete as u64).map_err(|e| WitnessError::storage(&e))?;
                    }
                    (recorded, last_wmac, None)
                }
                Err(e) => {
                    tracing::error!(error = %e, "the witness ledger failed its check");
                    (BTreeMap::new(), GENESIS.to_string(), Some(e))
                }
            },
        };
        Ok(Self { path, key, file, recorded, last_wmac, broken })
    }

    fn usable(&self) -> Result<(), WitnessError> {
        match &self.broken {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// The newest recorded entry.
    pub fn head(&self) -> Result<Option<Witnessed>, WitnessError> {
        self.usable()?;
        Ok(self.recorded.last_key_value().map(|(_, w)| w.clone()))
    }

    /// Records `entries` (oldest first) that extend the recorded chain, at time `now`, and makes
    /// them durable before returning the new head. An entry already recorded with the same MAC
    /// is accepted again (a retry whose answer was lost); another MAC at a recorded position is
    /// [`WitnessError::Conflict`]; a position past the next is [`WitnessError::Gap`]. The first
    /// entry ever submitted may have any position (the app's log may have been purged before).
    pub fn submit(&mut self, entries: &[Submitted], now: &str) -> Result<Option<Witnessed>, WitnessError> {
        self.usable()?;
        let mut lines = String::new();
        let mut accepted = Vec::new();
        let mut last_wmac = self.last_wmac.clone();
        let mut head: Option<(i64, String)> = self.recorded.last_key_value().map(|(s, w)| (*s, w.mac.clone()));
        for e in entries {
            if let Some(w) = self.recorded.get(&e.seq) {
                if same(&w.mac, &e.mac) {
                    continue;
                }
                return Err(WitnessError::Conflict { seq: e.seq });
            }
            if let Some((seq, mac)) = &head {
                if e.seq != seq + 1 {
                    return Err(WitnessError::Gap { expected: seq + 1, seq: e.seq });
                }
                if !same(mac, &e.prev_mac) {
                    return Err(WitnessError::Conflict { seq: e.seq });
                }
            }
            let wmac = line_mac(&self.key, &last_wmac, e.seq, &e.mac, now);
            let line = Line { seq: e.seq, mac: e.mac.clone(), at: now.to_string(), wmac: wmac.clone() };
            lines.push_str(&serde_json::to_string(&line).map_err(|e| WitnessError::protocol(e.to_string()))?);
            lines.push('\n');
            last_wmac = wmac;
            head = Some((e.seq, e.mac.clone()));
            accepted.push(Witnessed { seq: e.seq, mac: e.mac.clone(), at: now.to_string() });
        }
        if !accepted.is_empty() {
            let before = self.file.metadata().map_err(|e| WitnessError::storage(&e))?.len();
            let written = self.file.write_all(lines.as_bytes()).and_then(|()| self.file.sync_data());
            if let Err(e) = written {
                // Nothing was acknowledged: cut off whatever part reached the file (disk full),
                // so the file keeps matching what was recorded. Whole lines left there would make
                // the next lines link to the wrong one and the ledger read as tampered with.
                tracing::error!(error = %e, "cannot write the witness ledger");
                if let Err(cut) = self.file.set_len(before).and_then(|()| self.file.sync_data()) {
                    tracing::error!(error = %cut, "cannot cut the unacknowledged lines off the witness ledger");
                }
                return Err(WitnessError::storage(&e));
            }
            self.last_wmac = last_wmac;
            for w in accepted {
                self.recorded.insert(w.seq, w);
            }
        }
        self.head()
    }

    /// The recorded entries from position `from` on, after checking the ledger file again as it
    /// is on disk (so an edit made while the witness runs is found too).
    pub fn entries(&mut self, from: i64) -> Result<Vec<Witnessed>, WitnessError> {
        self.usable()?;
        let text = std::fs::read_to_string(&self.path).map_err(|e| WitnessError::storage(&e))?;
        match read_ledger(&self.key, &text) {
            Ok((recorded, _, _)) if recorded.len() == self.recorded.len() => {
                Ok(recorded.range(from..).map(|(_, w)| w.clone()).collect())
            }
            Ok((recorded, _, _)) => {
                let e = WitnessError::LedgerBroken {
                    line: recorded.len() + 1,
                    detail: format!(
                        "the file holds {} entries, the witness recorded {}",
                        recorded.len(),
                        self.recorded.len()
                    ),
                };
                self.broken = Some(e.clone());
                Err(e)
            }
            Err(e) => {
                self.broken = Some(e.clone());
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(seq: i64, prev: &str, mac: &str) -> Submitted {
        Submitted { seq, prev_mac: prev.into(), mac: mac.into() }
    }

    const T: &str = "2026-12-01T08:00:00.000Z";

    #[test]
    fn records_a_chain_in_order_and_keeps_it_across_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        assert_eq!(l.head().unwrap(), None);
        // The first submission may start anywhere (a purged log).
        let head = l.submit(&[sub(7, "m6", "m7"), sub(8, "m7", "m8")], T).unwrap();
        assert_eq!(head.map(|h| h.seq), Some(8));
        drop(l);
        let mut l = Ledger::open(dir.path()).unwrap();
        assert_eq!(l.head().unwrap().map(|h| (h.seq, h.mac)), Some((8, "m8".into())));
        assert_eq!(l.entries(8).unwrap().len(), 1);
        assert_eq!(l.entries(0).unwrap().iter().map(|w| w.seq).collect::<Vec<_>>(), vec![7, 8]);
    }

    #[test]
    fn refuses_to_rewrite_history_or_skip_ahead() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        l.submit(&[sub(1, GENESIS, "m1"), sub(2, "m1", "m2")], T).unwrap();
        // The same entry again (a retry) is fine; another MAC at a recorded position is not.
        assert!(l.submit(&[sub(2, "m1", "m2")], T).is_ok());
        assert_eq!(l.submit(&[sub(2, "m1", "forged")], T), Err(WitnessError::Conflict { seq: 2 }));
        // A next entry that does not link to the recorded head: someone rewrote entry 2.
        assert_eq!(l.submit(&[sub(3, "forged", "m3")], T), Err(WitnessError::Conflict { seq: 3 }));
        assert_eq!(l.submit(&[sub(5, "m4", "m5")], T), Err(WitnessError::Gap { expected: 3, seq: 5 }));
        // A refused batch records nothing of itself, not even its good first part.
        assert!(l.submit(&[sub(3, "m2", "m3"), sub(9, "m8", "m9")], T).is_err());
        assert_eq!(l.head().unwrap().map(|h| h.seq), Some(2));
    }

    #[test]
    fn an_edited_ledger_line_is_found_and_stops_the_witness() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        l.submit(&[sub(1, GENESIS, "m1"), sub(2, "m1", "m2"), sub(3, "m2", "m3")], T).unwrap();
        let path = dir.path().join(LEDGER_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"m2\"", "\"mX\"")).unwrap();
        // Found on the next read by the running witness, and on the next start.
        assert!(matches!(l.entries(0), Err(WitnessError::LedgerBroken { line: 2, .. })));
        assert!(matches!(l.submit(&[sub(4, "m3", "m4")], T), Err(WitnessError::LedgerBroken { .. })));
        let l = Ledger::open(dir.path()).unwrap();
        assert!(matches!(l.head(), Err(WitnessError::LedgerBroken { line: 2, .. })));
    }

    #[test]
    fn a_line_cut_off_or_removed_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        l.submit(&[sub(1, GENESIS, "m1"), sub(2, "m1", "m2"), sub(3, "m2", "m3")], T).unwrap();
        let path = dir.path().join(LEDGER_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // The middle line removed: the third no longer links.
        std::fs::write(&path, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
        assert!(matches!(Ledger::open(dir.path()).unwrap().head(), Err(WitnessError::LedgerBroken { line: 2, .. })));
        // The last line removed while the witness runs: it knows it recorded three.
        std::fs::write(&path, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
        assert!(matches!(l.entries(0), Err(WitnessError::LedgerBroken { .. })));
    }

    #[test]
    fn an_unfinished_last_line_from_a_crash_is_dropped_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        l.submit(&[sub(1, GENESIS, "m1")], T).unwrap();
        drop(l);
        let path = dir.path().join(LEDGER_FILE);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"seq\":2,\"mac\":\"m2\",\"at\":").unwrap();
        drop(f);
        let mut l = Ledger::open(dir.path()).unwrap();
        assert_eq!(l.head().unwrap().map(|h| h.seq), Some(1));
        l.submit(&[sub(2, "m1", "m2")], T).unwrap();
        assert_eq!(Ledger::open(dir.path()).unwrap().head().unwrap().map(|h| h.seq), Some(2));
    }

    #[test]
    fn another_key_does_not_verify_the_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        l.submit(&[sub(1, GENESIS, "m1")], T).unwrap();
        drop(l);
        // Someone replaces the key to write a ledger of their own: the old lines no longer verify.
        std::fs::write(dir.path().join(KEY_FILE), [7u8; 32]).unwrap();
        assert!(matches!(Ledger::open(dir.path()).unwrap().head(), Err(WitnessError::LedgerBroken { line: 1, .. })));
    }

    #[cfg(unix)]
    #[test]
    fn key_ledger_and_folder_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        Ledger::open(&state).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&state), 0o700);
        assert_eq!(mode(&state.join(KEY_FILE)), 0o600);
        assert_eq!(mode(&state.join(LEDGER_FILE)), 0o600);
    }
}
