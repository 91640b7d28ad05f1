//! `verify`: walks the keyed chain and holds it against the signed checkpoints, reporting the
//! first thing wrong — an altered entry, a missing one, a cut-off tail, a forged or missing
//! checkpoint — so `skranke audit verify` can name it and exit 1.
use super::chain::{entry_mac, same_mac};
use super::checkpoint::{self, purge_signature};
use super::{AuditAction, AuditLog, COLUMNS, GENESIS, StoredRow, purge_checkpoint};
use crate::StoreError;
use serde::Serialize;
use std::path::Path;

/// What is wrong with the trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The entry's MAC or its link to the one before does not match: changed, or a neighbour
    /// was removed and the rest renumbered.
    Altered,
    /// An entry is missing inside the chain (a gap in the positions).
    Missing,
    /// The newest entries are gone: a signed checkpoint names an entry beyond the last one.
    CutOff,
    /// A checkpoint (in the file, or the purge checkpoint) is not signed with this installation's
    /// key, or a line of the file is not a checkpoint.
    CheckpointForged,
    /// The log says checkpoints were written, but the file lacks them (deleted or cut).
    CheckpointMissing,
    /// The audit witness cannot be asked (not running, no permission): the entries could not be
    /// held against its record.
    WitnessUnreachable,
    /// The audit witness's own ledger is damaged or it answered wrongly: its record cannot be used.
    WitnessBroken,
}

/// The first problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    /// What kind.
    pub kind: ProblemKind,
    /// The first entry concerned (the first missing one for a gap or a cut-off tail).
    pub seq: Option<i64>,
    /// One line for IT, in English (the CLI adds the Danish message).
    pub detail: String,
}

/// The result of [`AuditLog::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Entries checked.
    pub entries: u64,
    /// The newest entry's position.
    pub last_seq: Option<i64>,
    /// Signed checkpoints in the file that were checked.
    pub checkpoints: u64,
    /// The first entry that is altered or missing, if any (same as `problem.seq` for those).
    pub broken_at: Option<i64>,
    /// Entries held against the audit witness's record (`None`: no witness configured).
    pub witnessed: Option<u64>,
    /// Entries the witness has not recorded yet (sent with the next entry).
    pub unwitnessed: u64,
    /// The first problem, if any.
    pub problem: Option<ChainProblem>,
}

impl ChainReport {
    /// Nothing wrong.
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

fn problem(kind: ProblemKind, seq: Option<i64>, detail: String) -> Option<ChainProblem> {
    Some(ChainProblem { kind, seq, detail })
}

pub(super) fn verify(log: &AuditLog, file: &Path) -> Result<ChainReport, StoreError> {
    let mut report = ChainReport {
        entries: 0,
        last_seq: None,
        checkpoints: 0,
        broken_at: None,
        witnessed: None,
        unwitnessed: 0,
        problem: None,
    };
    let purge = purge_checkpoint(&log.conn)?;
    let purged_through = purge.as_ref().map_or(0, |p| p.through);
    if let Some(p) = &purge {
        let genuine = p
            .sig
            .as_deref()
            .is_some_and(|s| same_mac(s, &purge_signature(&log.keys, p.through, &p.last_mac, &p.purged_at)));
        if !genuine {
            report.problem = problem(
                ProblemKind::CheckpointForged,
                Some(p.through + 1),
                format!(
                    "the purge checkpoint (entries up to {}) is not signed with this installation's key",
                    p.through
                ),
            );
            return Ok(report);
        }
    }
    let (mut expected_seq, mut expected_prev) = match &purge {
        Some(p) => (p.through + 1, p.last_mac.clone()),
        None => (1, GENESIS.to_string()),
    };
    // Every verified entry: its position, MAC and time, in chain order.
    let mut verified: std::collections::BTreeMap<i64, (String, String)> = std::collections::BTreeMap::new();
    let mut logged_checkpoints = Vec::new();
    let mut stmt = log.conn.prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq"))?;
    let rows = stmt.query_map([], StoredRow::read)?;
    for row in rows {
        let row = row?;
        report.entries += 1;
        report.last_seq = Some(row.seq);
        if report.problem.is_some() {
            continue;
        }
        if row.seq != expected_seq {
            report.broken_at = Some(expected_seq);
            report.problem = problem(
                ProblemKind::Missing,
                Some(expected_seq),
                format!("entries {expected_seq}..={} are missing", row.seq - 1),
            );
            continue;
        }
        let computed = entry_mac(&log.keys.chain, &row.fields());
        if !same_mac(&row.prev_mac, &expected_prev) || !same_mac(&computed, &row.mac) {
            report.broken_at = Some(row.seq);
            report.problem = problem(
                ProblemKind::Altered,
                Some(row.seq),
                format!("entry {} was changed (or its neighbour removed): its MAC does not match", row.seq),
            );
            continue;
        }
        if row.action == AuditAction::ChainCheckpoint.as_str() {
            logged_checkpoints.push(row.seq);
        }
        verified.insert(row.seq, (row.mac.clone(), row.at.clone()));
        expected_prev = row.mac;
        expected_seq = row.seq + 1;
    }
    if report.problem.is_some() {
        return Ok(report);
    }
    let last_seq = report.last_seq.unwrap_or(purged_through);
    if let Some(witness) = log.witness() {
        held_against_witness(witness, &verified, purged_through, last_seq, &mut report);
        if report.problem.is_some() {
            return Ok(report);
        }
    }
    let Some(cp_file) = checkpoint::read_file(file)? else {
        if let Some(seq) = logged_checkpoints.first() {
            report.problem = problem(
                ProblemKind::CheckpointMissing,
                Some(*seq),
                format!(
                    "the checkpoint file {} is missing; the log names checkpoints from entry {seq} on",
                    file.display()
                ),
            );
        }
        return Ok(report);
    };
    if let Some(line) = cp_file.unreadable.first() {
        report.problem =
            problem(ProblemKind::CheckpointForged, None, format!("{} line {line} is not a checkpoint", file.display()));
        return Ok(report);
    }
    let mut newest_in_file = 0;
    // The last checkpoint the log still matches: a cut can only have happened after it.
    let mut last_good = purged_through;
    for (line, cp) in &cp_file.checkpoints {
        report.checkpoints += 1;
        if !cp.is_genuine(&log.keys) {
            report.problem = problem(
                ProblemKind::CheckpointForged,
                Some(cp.seq),
                format!("{} line {line} is not signed with this installation's key", file.display()),
            );
            return Ok(report);
        }
        newest_in_file = newest_in_file.max(cp.seq);
        if cp.seq <= purged_through {
            continue;
        }
        if verified.get(&cp.seq).is_some_and(|(m, _)| same_mac(m, &cp.mac)) {
            last_good = last_good.max(cp.seq);
            continue;
        }
        // The chain itself verified, so this checkpoint's entry is gone or was replaced by new
        // entries written after the newest ones were cut off (only the key could forge a chain).
        // The cut lies after the last matching checkpoint; entries written since the cut carry
        // times after this checkpoint's although their positions come before it.
        let first_gone = verified
            .range(last_good + 1..)
            .find(|(_, (_, at))| at.as_str() > cp.at.as_str())
            .map_or((last_seq + 1).min(cp.seq), |(seq, _)| *seq);
        report.broken_at = Some(first_gone);
        report.problem = problem(
            ProblemKind::CutOff,
            Some(first_gone),
            format!(
                "entries from {first_gone} on were cut off: the checkpoint of {} names entry {} {}",
                cp.at,
                cp.seq,
                if cp.seq > last_seq {
                    format!("but the log ends at {last_seq}")
                } else {
                    "with another MAC (entries were written again after the cut)".to_string()
                }
            ),
        );
        return Ok(report);
    }
    if let Some(seq) = logged_checkpoints.iter().find(|s| **s > newest_in_file) {
        report.problem = problem(
            ProblemKind::CheckpointMissing,
            Some(*seq),
            format!(
                "the log names a checkpoint at entry {seq} that {} lacks (the file was cut or replaced)",
                file.display()
            ),
        );
    }
    Ok(report)
}

/// Holds the verified entries against the witness's record: an entry it recorded with another
/// MAC was rewritten (even if the chain verifies: whoever did it had the app's key); an entry it
/// recorded beyond the log's end was cut off.
fn held_against_witness(
    witness: &skranke_witness::WitnessClient,
    verified: &std::collections::BTreeMap<i64, (String, String)>,
    purged_through: i64,
    last_seq: i64,
    report: &mut ChainReport,
) {
    use skranke_witness::WitnessError;
    let recorded = match witness.entries(purged_through + 1) {
        Ok(r) => r,
        Err(e) => {
            let kind = match e {
                WitnessError::Unreachable { .. } | WitnessError::Unsupported => ProblemKind::WitnessUnreachable,
                _ => ProblemKind::WitnessBroken,
            };
            report.problem = problem(kind, None, format!("{e} ({})", e.code()));
            return;
        }
    };
    let mut held = 0;
    for w in &recorded {
        match verified.get(&w.seq) {
            Some((mac, _)) if same_mac(mac, &w.mac) => held += 1,
            // Written after the witness recorded the original at this position: the original
            // and what followed were cut off and the app wrote on.
            Some((_, at)) if at.as_str() > w.at.as_str() => {
                report.broken_at = Some(w.seq);
                report.problem = problem(
                    ProblemKind::CutOff,
                    Some(w.seq),
                    format!(
                        "entries from {} on were cut off: the audit witness recorded another entry there at {}, before this one was written",
                        w.seq, w.at
                    ),
                );
                return;
            }
            Some(_) => {
                report.broken_at = Some(w.seq);
                report.problem = problem(
                    ProblemKind::Altered,
                    Some(w.seq),
                    format!(
                        "entry {} is not the one the audit witness recorded at {}: it was rewritten (the chain itself verifies, so with this installation's key)",
                        w.seq, w.at
                    ),
                );
                return;
            }
            None => {
                let first_gone = last_seq + 1;
                report.broken_at = Some(first_gone);
                report.problem = problem(
                    ProblemKind::CutOff,
                    Some(first_gone),
                    format!(
                        "entries from {first_gone} on were cut off: the audit witness recorded entry {} at {}, but the log ends at {last_seq}",
                        w.seq, w.at
                    ),
                );
                return;
            }
        }
    }
    report.witnessed = Some(held);
    let witnessed_through = recorded.last().map_or(purged_through, |w| w.seq);
    report.unwitnessed = verified.range(witnessed_through + 1..).count() as u64;
}
