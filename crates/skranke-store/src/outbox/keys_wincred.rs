//! Windows Credential Manager, read and written directly: a generic credential persisted with
//! `CRED_PERSIST_LOCAL_MACHINE`, so the master key stays on this computer. (`keyring` 3.6 writes
//! `CRED_PERSIST_ENTERPRISE`, which roams the credential with a roaming profile to every PC the
//! user signs in to.) Never built for Windows nor run here, only type-checked on Linux:
//! docs/windows.md, "Master key in Credential Manager".
use crate::StoreError;
use windows_sys::Win32::Foundation::{ERROR_NOT_FOUND, GetLastError};
use windows_sys::Win32::Security::Credentials::{
    CRED_MAX_CREDENTIAL_BLOB_SIZE, CRED_PERSIST_LOCAL_MACHINE, CRED_TYPE_GENERIC, CREDENTIALW, CredDeleteW, CredFree,
    CredReadW, CredWriteW,
};
use zeroize::{Zeroize, Zeroizing};

/// Shown in Credential Manager beside the entry.
const COMMENT: &str = "Skranke outbox master key: queued captures cannot be sent without it";

/// `s` as a NUL-terminated UTF-16 string; an interior NUL would silently cut the name short.
fn wide(s: &str) -> Result<Vec<u16>, StoreError> {
    if s.contains('\0') {
        return Err(StoreError::KeyStore(format!("Credential Manager: {s:?} contains NUL")));
    }
    Ok(s.encode_utf16().chain(std::iter::once(0)).collect())
}

/// The error of the Windows call `op` that just failed with `code` (from `GetLastError`).
fn failed(op: &str, target: &str, code: u32) -> StoreError {
    // Windows error codes are u32; `from_raw_os_error` takes the same bits as i32.
    let text = std::io::Error::from_raw_os_error(code as i32);
    StoreError::KeyStore(format!("Credential Manager: {op} {target}: {text}"))
}

/// The secret of the generic credential `target`, `None` when there is none.
pub(super) fn read(target: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let name = wide(target)?;
    let mut cred: *mut CREDENTIALW = std::ptr::null_mut();
    // SAFETY: `name` is NUL-terminated and outlives the call; `cred` is a valid out pointer.
    let ok = unsafe { CredReadW(name.as_ptr(), CRED_TYPE_GENERIC, 0, &mut cred) };
    if ok == 0 {
        // SAFETY: no other Windows call ran since CredReadW failed.
        let code = unsafe { GetLastError() };
        return if code == ERROR_NOT_FOUND { Ok(None) } else { Err(failed("reading", target, code)) };
    }
    if cred.is_null() {
        return Err(StoreError::KeyStore(format!("Credential Manager: reading {target}: no credential returned")));
    }
    // SAFETY: CredReadW succeeded, so `cred` points to a CREDENTIALW that Windows allocated, whose
    // `CredentialBlob` holds `CredentialBlobSize` bytes (or is null). Windows' copy of the secret is
    // wiped, then the whole allocation is released with CredFree exactly once.
    let secret = unsafe {
        let c = &*cred;
        let len = c.CredentialBlobSize as usize;
        let secret = if c.CredentialBlob.is_null() || len == 0 {
            Vec::new()
        } else {
            let blob = std::slice::from_raw_parts_mut(c.CredentialBlob, len);
            let copy = blob.to_vec();
            blob.zeroize();
            copy
        };
        CredFree(cred as *const core::ffi::c_void);
        secret
    };
    Ok(Some(secret))
}

/// Creates or replaces the generic credential `target` (user name `user`) holding `secret`,
/// persisted for this computer only. Replacing a credential written with another persistence
/// (for instance by `keyring`) converts it.
pub(super) fn write(target: &str, user: &str, secret: &[u8]) -> Result<(), StoreError> {
    let size = u32::try_from(secret.len())
        .ok()
        .filter(|n| *n <= CRED_MAX_CREDENTIAL_BLOB_SIZE)
        .ok_or_else(|| StoreError::KeyStore(format!("Credential Manager: writing {target}: secret too long")))?;
    let mut name = wide(target)?;
    let mut user = wide(user)?;
    let mut comment = wide(COMMENT)?;
    // CREDENTIALW wants a mutable pointer although CredWriteW only reads: hand it a copy that is
    // wiped when dropped.
    let mut blob = Zeroizing::new(secret.to_vec());
    let cred = CREDENTIALW {
        Type: CRED_TYPE_GENERIC,
        TargetName: name.as_mut_ptr(),
        Comment: comment.as_mut_ptr(),
        CredentialBlobSize: size,
        CredentialBlob: blob.as_mut_ptr(),
        Persist: CRED_PERSIST_LOCAL_MACHINE,
        UserName: user.as_mut_ptr(),
        ..CREDENTIALW::default()
    };
    // SAFETY: every pointer in `cred` points into a live, NUL-terminated (strings) or
    // `size`-byte (blob) buffer owned by this function; attributes and alias are null/zero.
    let ok = unsafe { CredWriteW(&cred, 0) };
    if ok == 0 {
        // SAFETY: no other Windows call ran since CredWriteW failed.
        let code = unsafe { GetLastError() };
        return Err(failed("writing", target, code));
    }
    Ok(())
}

/// Deletes the generic credential `target`; one that is not there is no error.
pub(super) fn delete(target: &str) -> Result<(), StoreError> {
    let name = wide(target)?;
    // SAFETY: `name` is NUL-terminated and outlives the call.
    let ok = unsafe { CredDeleteW(name.as_ptr(), CRED_TYPE_GENERIC, 0) };
    if ok == 0 {
        // SAFETY: no other Windows call ran since CredDeleteW failed.
        let code = unsafe { GetLastError() };
        if code != ERROR_NOT_FOUND {
            return Err(failed("deleting", target, code));
        }
    }
    Ok(())
}
