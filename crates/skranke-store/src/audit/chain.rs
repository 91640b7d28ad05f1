//! The keyed chain: each entry's HMAC-SHA-256 covers its own fields and the previous entry's MAC,
//! under a key only the app's key hierarchy holds (derived from the audit data key, wrapped by
//! the master key). Changing, inserting or removing an entry anywhere breaks every MAC after it,
//! and without the key nobody can compute a chain that verifies again.
use crate::data_keys::{DataKey, hex, put};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `prev_mac` of the very first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields that are authenticated, in this order.
pub struct ChainedFields<'a> {
    /// seq.
    pub seq: i64,
    /// at.
    pub at: &'a str,
    /// user_id.
    pub user_id: &'a str,
    /// workstation.
    pub workstation: &'a str,
    /// action.
    pub action: &'a str,
    /// subject_key (keyed hash of the person).
    pub subject_key: Option<&'a str>,
    /// subject_enc (the encrypted person).
    pub subject_enc: Option<&'a [u8]>,
    /// outcome.
    pub outcome: &'a str,
    /// details.
    pub details: &'a str,
    /// prev_mac.
    pub prev_mac: &'a str,
}

fn put_opt(m: &mut Hmac<Sha256>, s: Option<&[u8]>) {
    match s {
        Some(s) => put(m, s),
        None => m.update(b"-;"),
    }
}

/// The hex HMAC-SHA-256 of the canonical encoding: a version tag, then every field as
/// `<byte length>:<bytes>;`, a missing one as `-;`, so no two different entries encode the same.
pub(crate) fn entry_mac(key: &DataKey, f: &ChainedFields<'_>) -> String {
    let mut m = key.hmac();
    m.update(b"skranke-audit-entry-v2;");
    put(&mut m, f.seq.to_string().as_bytes());
    put(&mut m, f.at.as_bytes());
    put(&mut m, f.user_id.as_bytes());
    put(&mut m, f.workstation.as_bytes());
    put(&mut m, f.action.as_bytes());
    put_opt(&mut m, f.subject_key.map(str::as_bytes));
    put_opt(&mut m, f.subject_enc);
    put(&mut m, f.outcome.as_bytes());
    put(&mut m, f.details.as_bytes());
    put(&mut m, f.prev_mac.as_bytes());
    hex(&m.finalize().into_bytes())
}

/// Compares two MACs in constant time.
pub(crate) fn same_mac(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
