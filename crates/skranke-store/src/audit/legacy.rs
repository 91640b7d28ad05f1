//! Databases from before the keyed chain (schema 5 and older) kept a plain SHA-256 chain and the
//! person's number in clear. Migration 006 set those entries aside in `audit_log_v1`; the first
//! open with the master key checks their old chain, moves them (same positions, same times) into
//! the keyed chain with the person encrypted, signs an old purge checkpoint, and drops the old
//! table — all in one transaction — then an `chain_upgraded` entry records it.
use super::chain::{ChainedFields, GENESIS, entry_mac};
use super::checkpoint::purge_signature;
use super::keys::AuditKeys;
use super::{AuditAction, NewAuditEntry, SYSTEM_USER, purge_checkpoint};
use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior, params};
use sha2::{Digest, Sha256};

/// What the move found.
pub(super) struct Moved {
    entries: u64,
    old_chain_intact: bool,
    workstation: String,
}

impl Moved {
    /// The entry that records the move.
    pub(super) fn entry(&self) -> NewAuditEntry {
        NewAuditEntry {
            at: chrono::Utc::now(),
            user_id: SYSTEM_USER.into(),
            workstation: self.workstation.clone(),
            action: AuditAction::ChainUpgraded,
            subject_cpr: None,
            outcome: if self.old_chain_intact { "ok" } else { "old_chain_broken" }.into(),
            details: serde_json::json!({ "entries": self.entries, "old_chain_intact": self.old_chain_intact }),
        }
    }
}

struct OldRow {
    seq: i64,
    at: String,
    user_id: String,
    workstation: String,
    action: String,
    subject_cpr: Option<String>,
    outcome: String,
    details: String,
    prev_hash: String,
    hash: String,
}

/// The old chain's hash (schema 1-5), to tell whether the entries were intact before the move.
fn old_hash(r: &OldRow) -> String {
    fn put(h: &mut Sha256, s: &str) {
        h.update(s.len().to_string().as_bytes());
        h.update(b":");
        h.update(s.as_bytes());
        h.update(b";");
    }
    let mut h = Sha256::new();
    put(&mut h, &r.seq.to_string());
    put(&mut h, &r.at);
    put(&mut h, &r.user_id);
    put(&mut h, &r.workstation);
    put(&mut h, &r.action);
    match &r.subject_cpr {
        Some(s) => put(&mut h, s),
        None => h.update(b"-;"),
    }
    put(&mut h, &r.outcome);
    put(&mut h, &r.details);
    put(&mut h, &r.prev_hash);
    crate::data_keys::hex(&h.finalize())
}

/// Moves the old entries, if an old table is there. `None` when there was nothing to do.
pub(super) fn move_into_keyed_chain(conn: &mut Connection, keys: &AuditKeys) -> Result<Option<Moved>, StoreError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log_v1')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let old: Vec<OldRow> = tx
        .prepare(
            "SELECT seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash
             FROM audit_log_v1 ORDER BY seq",
        )?
        .query_map([], |r| {
            Ok(OldRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                user_id: r.get(2)?,
                workstation: r.get(3)?,
                action: r.get(4)?,
                subject_cpr: r.get(5)?,
                outcome: r.get(6)?,
                details: r.get(7)?,
                prev_hash: r.get(8)?,
                hash: r.get(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let purge = purge_checkpoint(&tx)?;
    let mut old_prev = purge.as_ref().map_or_else(|| GENESIS.to_string(), |p| p.last_mac.clone());
    let mut old_chain_intact = true;
    // The keyed chain continues from the purge checkpoint, which is signed now.
    let mut prev_mac = old_prev.clone();
    if let Some(p) = &purge {
        let sig = purge_signature(keys, p.through, &p.last_mac, &p.purged_at);
        tx.execute("UPDATE audit_checkpoint SET sig = ?1 WHERE id = 1", params![sig])?;
    }
    for r in &old {
        old_chain_intact &= r.prev_hash == old_prev && old_hash(r) == r.hash;
        old_prev = r.hash.clone();
        let subject_key = r.subject_cpr.as_deref().map(|c| keys.person_key(c));
        let subject_enc = r.subject_cpr.as_deref().map(|c| keys.seal_subject(r.seq, c)).transpose()?;
        let mac = entry_mac(
            &keys.chain,
            &ChainedFields {
                seq: r.seq,
                at: &r.at,
                user_id: &r.user_id,
                workstation: &r.workstation,
                action: &r.action,
                subject_key: subject_key.as_deref(),
                subject_enc: subject_enc.as_deref(),
                outcome: &r.outcome,
                details: &r.details,
                prev_mac: &prev_mac,
            },
        );
        tx.execute(
            "INSERT INTO audit_log (seq, at, user_id, workstation, action, subject_key, subject_enc, outcome, details, prev_mac, mac)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![r.seq, r.at, r.user_id, r.workstation, r.action, subject_key, subject_enc, r.outcome, r.details, prev_mac, mac],
        )?;
        prev_mac = mac;
    }
    tx.execute("DROP TABLE audit_log_v1", [])?;
    tx.commit()?;
    if !old_chain_intact {
        tracing::warn!(entries = old.len(), "old audit entries moved into the keyed chain; their old chain was broken");
    }
    let workstation = old.last().map(|r| r.workstation.clone()).unwrap_or_default();
    Ok((!old.is_empty()).then_some(Moved { entries: old.len() as u64, old_chain_intact, workstation }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuditLog;
    use crate::outbox::MasterKey;

    fn old_row(seq: i64, subject: Option<&str>, prev: &str) -> OldRow {
        let mut r = OldRow {
            seq,
            at: format!("2026-03-0{seq}T09:00:00.000Z"),
            user_id: "anne".into(),
            workstation: "PC-1".into(),
            action: "cpr_lookup".into(),
            subject_cpr: subject.map(str::to_string),
            outcome: "found".into(),
            details: "{}".into(),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        r.hash = old_hash(&r);
        r
    }

    /// A schema-5 database with plain entries: the first open with the key moves them into the
    /// keyed chain (same positions, the person encrypted), records the move, and leaves the
    /// number in clear in no file.
    #[test]
    fn old_entries_move_into_the_keyed_chain() {
        let t = tempfile::tempdir().expect("tempdir");
        let db = t.path().join("skranke.db");
        {
            let conn = crate::db::create_at_version(&db, 5);
            let a = old_row(1, Some("1203851002"), GENESIS);
            let b = old_row(2, None, &a.hash);
            let c = old_row(3, Some("1203851002"), &b.hash);
            for r in [a, b, c] {
                conn.execute(
                    "INSERT INTO audit_log (seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![r.seq, r.at, r.user_id, r.workstation, r.action, r.subject_cpr, r.outcome, r.details, r.prev_hash, r.hash],
                )
                .expect("old row");
            }
        }
        let a = AuditLog::open(&db, &MasterKey::from_bytes([3; 32])).expect("open moves");
        let person = a.for_person("1203851002").expect("person");
        assert_eq!(person.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 3]);
        let newest = a.recent(1).expect("recent");
        assert_eq!((newest[0].seq, newest[0].action.as_str(), newest[0].outcome.as_str()), (4, "chain_upgraded", "ok"));
        let report = a.verify(&t.path().join("none.jsonl")).expect("verify");
        assert_eq!((report.entries, report.problem), (4, None));
        drop(a);
        for suffix in ["", "-wal"] {
            let bytes = std::fs::read(format!("{}{suffix}", db.display())).unwrap_or_default();
            assert!(!bytes.windows(10).any(|w| w == b"1203851002"), "number in clear in skranke.db{suffix}");
        }
        let again = AuditLog::open(&db, &MasterKey::from_bytes([3; 32])).expect("reopen");
        assert_eq!(again.recent(10).expect("recent").len(), 4, "moved once");
    }

    #[test]
    fn a_broken_old_chain_is_recorded() {
        let t = tempfile::tempdir().expect("tempdir");
        let db = t.path().join("skranke.db");
        {
            let conn = crate::db::create_at_version(&db, 5);
            let a = old_row(1, None, GENESIS);
            let mut b = old_row(2, None, &a.hash);
            b.outcome = "edited".into();
            for r in [a, b] {
                conn.execute(
                    "INSERT INTO audit_log (seq, at, user_id, workstation, action, subject_cpr, outcome, details, prev_hash, hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![r.seq, r.at, r.user_id, r.workstation, r.action, r.subject_cpr, r.outcome, r.details, r.prev_hash, r.hash],
                )
                .expect("old row");
            }
        }
        let a = AuditLog::open(&db, &MasterKey::from_bytes([3; 32])).expect("open moves");
        let newest = a.recent(1).expect("recent");
        assert_eq!(newest[0].outcome, "old_chain_broken");
    }
}
