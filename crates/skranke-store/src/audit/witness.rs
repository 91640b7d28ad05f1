//! Telling the audit witness (crate `skranke-witness`, a service under its own account) about
//! every entry, and asking it back in `verify`. The witness records each entry's position and
//! MAC; an entry rewritten afterwards with the app's own keys, or a tail cut off together with
//! the checkpoint file, no longer matches what it recorded.
use super::AuditLog;
use crate::StoreError;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use skranke_witness::{Submitted, WitnessError};

/// How many entries go in one submission when the witness catches up.
const BATCH: i64 = 500;

/// Where the witness stands against this log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WitnessStatus {
    /// The newest entry the witness has recorded.
    pub witnessed_through: Option<i64>,
    /// Entries of this log the witness has not recorded yet.
    pub unwitnessed: u64,
    /// Why it is behind, if it is (unreachable, a refused entry, its ledger damaged).
    #[serde(serialize_with = "problem_code")]
    pub problem: Option<WitnessError>,
}

fn problem_code<S: serde::Serializer>(p: &Option<WitnessError>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(e) => s.serialize_some(&serde_json::json!({ "code": e.code(), "detail": e.to_string() })),
        None => s.serialize_none(),
    }
}

impl AuditLog {
    /// Sends the witness every entry after the newest one it recorded, and says where it stands;
    /// `None` when no witness is configured. Only database errors are errors: a witness that
    /// cannot be reached or refuses is reported in [`WitnessStatus::problem`].
    pub fn sync_witness(&self) -> Result<Option<WitnessStatus>, StoreError> {
        let Some(witness) = &self.witness else { return Ok(None) };
        let mut problem = None;
        let mut head = None;
        match witness.head() {
            Err(e) => problem = Some(e),
            Ok(h) => {
                head = h.as_ref().map(|h| h.seq);
                if let Some(h) = &h {
                    let ours: Option<String> = self
                        .conn
                        .query_row("SELECT mac FROM audit_log WHERE seq = ?1", params![h.seq], |r| r.get(0))
                        .optional()?;
                    if ours.is_some_and(|m| m != h.mac) {
                        // Our entry at the witness's head is not the one it recorded: nothing
                        // after it can be witnessed, and `verify` names the entry.
                        problem = Some(WitnessError::Conflict { seq: h.seq });
                    }
                }
                while problem.is_none() {
                    let batch = self.entries_after(head, BATCH)?;
                    if batch.is_empty() {
                        break;
                    }
                    match witness.submit(batch) {
                        Ok(h) => head = h.map(|h| h.seq),
                        Err(e) => problem = Some(e),
                    }
                }
            }
        }
        let unwitnessed: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE seq > ?1",
            params![head.unwrap_or(i64::MIN)],
            |r| r.get(0),
        )?;
        Ok(Some(WitnessStatus { witnessed_through: head, unwitnessed: unwitnessed as u64, problem }))
    }

    /// Up to `limit` entries after position `after` (all from the first when `None`), as the
    /// witness is told them.
    fn entries_after(&self, after: Option<i64>, limit: i64) -> Result<Vec<Submitted>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT seq, prev_mac, mac FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
        let rows = stmt.query_map(params![after.unwrap_or(i64::MIN), limit], |r| {
            Ok(Submitted { seq: r.get(0)?, prev_mac: r.get(1)?, mac: r.get(2)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The witness this log reports to, if any.
    pub(super) fn witness(&self) -> Option<&skranke_witness::WitnessClient> {
        self.witness.as_ref()
    }
}
