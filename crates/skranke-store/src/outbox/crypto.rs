//! Envelope encryption of one bundle: a fresh AES-256-GCM key per bundle, that key wrapped
//! (AES-256-GCM) by the master key. Both are bound to the capture id as associated data, so a
//! ciphertext copied onto another row does not decrypt.
use super::keys::MasterKey;
use crate::StoreError;
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use zeroize::Zeroize;

/// What is stored for one bundle.
pub(crate) struct Sealed {
    pub ciphertext: Vec<u8>,
    pub nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    pub key_nonce: Vec<u8>,
}

fn aad(capture_id: &str, what: &[u8]) -> Vec<u8> {
    let mut a = Vec::with_capacity(capture_id.len() + what.len() + 1);
    a.extend_from_slice(what);
    a.push(0);
    a.extend_from_slice(capture_id.as_bytes());
    a
}

/// Encrypts `plain` under a new random key and wraps that key with `master`.
pub(crate) fn seal(master: &MasterKey, capture_id: &str, plain: &[u8]) -> Result<Sealed, StoreError> {
    let mut data_key = Aes256Gcm::generate_key(OsRng);
    let cipher = Aes256Gcm::new(&data_key);
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let ciphertext = cipher
        .encrypt(&nonce, Payload { msg: plain, aad: &aad(capture_id, b"bundle") })
        .map_err(|_| StoreError::Crypto("bundle encryption failed".into()))?;
    let wrapper = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master.bytes()));
    let key_nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let wrapped_key = wrapper
        .encrypt(&key_nonce, Payload { msg: data_key.as_slice(), aad: &aad(capture_id, b"key") })
        .map_err(|_| StoreError::Crypto("key wrapping failed".into()));
    data_key.as_mut_slice().zeroize();
    Ok(Sealed { ciphertext, nonce: nonce.to_vec(), wrapped_key: wrapped_key?, key_nonce: key_nonce.to_vec() })
}

/// Unwraps the bundle key and decrypts the bundle.
pub(crate) fn open(master: &MasterKey, capture_id: &str, s: &Sealed) -> Result<Vec<u8>, StoreError> {
    if s.nonce.len() != 12 || s.key_nonce.len() != 12 {
        return Err(StoreError::Crypto(format!("{capture_id}: bad nonce length")));
    }
    let wrapper = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master.bytes()));
    let mut data_key = wrapper
        .decrypt(Nonce::from_slice(&s.key_nonce), Payload { msg: &s.wrapped_key, aad: &aad(capture_id, b"key") })
        .map_err(|_| {
            StoreError::Crypto(format!("{capture_id}: the bundle key does not unwrap (another master key?)"))
        })?;
    if data_key.len() != 32 {
        data_key.zeroize();
        return Err(StoreError::Crypto(format!("{capture_id}: bad key length")));
    }
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&data_key));
    let plain = cipher
        .decrypt(Nonce::from_slice(&s.nonce), Payload { msg: &s.ciphertext, aad: &aad(capture_id, b"bundle") })
        .map_err(|_| StoreError::Crypto(format!("{capture_id}: the bundle does not decrypt")));
    data_key.zeroize();
    plain
}

/// The bundle key of `capture_id`, unwrapped with `old` and wrapped again with `new` (master key
/// rotation): the bundle's ciphertext stays as it is. Returns the new wrapped key and its nonce.
pub(crate) fn rewrap_bundle_key(
    old: &MasterKey,
    new: &MasterKey,
    capture_id: &str,
    wrapped_key: &[u8],
    key_nonce: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), StoreError> {
    if key_nonce.len() != 12 {
        return Err(StoreError::Crypto(format!("{capture_id}: bad nonce length")));
    }
    let unwrapper = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(old.bytes()));
    let mut data_key = unwrapper
        .decrypt(Nonce::from_slice(key_nonce), Payload { msg: wrapped_key, aad: &aad(capture_id, b"key") })
        .map_err(|_| StoreError::Crypto(format!("{capture_id}: the bundle key does not unwrap")))?;
    let wrapper = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(new.bytes()));
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let wrapped = wrapper
        .encrypt(&nonce, Payload { msg: data_key.as_slice(), aad: &aad(capture_id, b"key") })
        .map_err(|_| StoreError::Crypto("key wrapping failed".into()));
    data_key.zeroize();
    Ok((wrapped?, nonce.to_vec()))
}

const CHECK_PLAIN: &[u8] = b"skranke outbox master key check v1";

/// Encrypts the fixed check value under `master` (nonce, ciphertext).
pub(crate) fn key_check(master: &MasterKey) -> Result<(Vec<u8>, Vec<u8>), StoreError> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master.bytes()));
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let ct =
        cipher.encrypt(&nonce, CHECK_PLAIN).map_err(|_| StoreError::Crypto("key check encryption failed".into()))?;
    Ok((nonce.to_vec(), ct))
}

/// Whether `master` decrypts the stored check value.
pub(crate) fn key_matches(master: &MasterKey, nonce: &[u8], ct: &[u8]) -> bool {
    if nonce.len() != 12 {
        return false;
    }
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master.bytes()));
    cipher.decrypt(Nonce::from_slice(nonce), ct).map(|p| p == CHECK_PLAIN).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding() {
        let m = MasterKey::generate();
        let s = seal(&m, "c1", b"hello bundle").expect("seal");
        assert!(!s.ciphertext.windows(5).any(|w| w == b"hello"));
        assert_eq!(open(&m, "c1", &s).expect("open"), b"hello bundle");
        assert_eq!(open(&m, "c2", &s).err().map(|e| e.code()), Some(skranke_core::Code::StoreDecryptFailed));
        assert_eq!(
            open(&MasterKey::generate(), "c1", &s).err().map(|e| e.code()),
            Some(skranke_core::Code::StoreDecryptFailed)
        );
        let t = seal(&m, "c1", b"hello bundle").expect("seal again");
        assert_ne!(s.wrapped_key, t.wrapped_key, "every bundle gets its own key");
    }
}
