//! The hash chain: each entry's SHA-256 covers its own fields and the previous entry's hash, so
//! changing, inserting or removing an entry anywhere breaks every hash after it.
use sha2::{Digest, Sha256};

/// The `prev_hash` of the very first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields that are hashed, in this order.
pub struct HashedFields<'a> {
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
    /// subject_cpr.
    pub subject_cpr: Option<&'a str>,
    /// outcome.
    pub outcome: &'a str,
    /// details.
    pub details: &'a str,
    /// prev_hash.
    pub prev_hash: &'a str,
}

/// The hex SHA-256 of the canonical encoding: every field as `<byte length>:<bytes>;`, a missing
/// subject as `-;`, so no two different entries encode the same.
pub fn entry_hash(f: &HashedFields<'_>) -> String {
    fn put(h: &mut Sha256, s: &str) {
        h.update(s.len().to_string().as_bytes());
        h.update(b":");
        h.update(s.as_bytes());
        h.update(b";");
    }
    let mut h = Sha256::new();
    put(&mut h, &f.seq.to_string());
    put(&mut h, f.at);
    put(&mut h, f.user_id);
    put(&mut h, f.workstation);
    put(&mut h, f.action);
    match f.subject_cpr {
        Some(s) => put(&mut h, s),
        None => h.update(b"-;"),
    }
    put(&mut h, f.outcome);
    put(&mut h, f.details);
    put(&mut h, f.prev_hash);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
