//! The audit trail's keys, all derived from the `audit` data key (see `data_keys`): one for the
//! chain's MACs, one to encrypt the person's number, one for the keyed hash that finds a person's
//! entries, one to sign checkpoints.
use crate::StoreError;
use crate::data_keys::{self, DataKey};
use crate::outbox::MasterKey;
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use rusqlite::Connection;

/// The keys of one audit trail.
pub(crate) struct AuditKeys {
    /// MACs of the entries.
    pub chain: DataKey,
    /// Encryption of the CPR number.
    subject: DataKey,
    /// Keyed hash of the CPR number.
    person: DataKey,
    /// Signatures of checkpoints (chain head, purge).
    pub checkpoint: DataKey,
}

impl AuditKeys {
    /// Loads (creating on first use) the audit data key and derives the rest.
    pub(crate) fn load(conn: &Connection, master: &MasterKey) -> Result<Self, StoreError> {
        let root = data_keys::load_or_create(conn, master, "audit")?;
        Ok(Self {
            chain: root.derive("skranke/audit/chain/v2"),
            subject: root.derive("skranke/audit/subject/v1"),
            person: root.derive("skranke/audit/person/v1"),
            checkpoint: root.derive("skranke/audit/checkpoint/v1"),
        })
    }

    /// The keyed hash of a person's number: the same number always gives the same value, so
    /// entries can be found by person, but the value does not give the number away.
    pub(crate) fn person_key(&self, cpr_digits: &str) -> String {
        self.person.tagged_mac("person", &[cpr_digits.as_bytes()])
    }

    /// The number encrypted for entry `seq`: nonce (12 bytes) followed by the ciphertext.
    pub(crate) fn seal_subject(&self, seq: i64, cpr_digits: &str) -> Result<Vec<u8>, StoreError> {
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(self.subject.bytes()));
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = seq.to_be_bytes();
        let ct = cipher
            .encrypt(&nonce, Payload { msg: cpr_digits.as_bytes(), aad: &aad })
            .map_err(|_| StoreError::Crypto("audit subject encryption failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// The number of entry `seq`, decrypted.
    pub(crate) fn open_subject(&self, seq: i64, sealed: &[u8]) -> Result<String, StoreError> {
        if sealed.len() < 12 {
            return Err(StoreError::Crypto(format!("audit entry {seq}: subject too short")));
        }
        let (nonce, ct) = sealed.split_at(12);
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(self.subject.bytes()));
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad: &seq.to_be_bytes() })
            .map_err(|_| StoreError::Crypto(format!("audit entry {seq}: the subject does not decrypt")))?;
        String::from_utf8(plain).map_err(|_| StoreError::Crypto(format!("audit entry {seq}: subject not text")))
    }
}

/// For tests and debugging output: never print keys.
impl std::fmt::Debug for AuditKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKeys(..)")
    }
}
