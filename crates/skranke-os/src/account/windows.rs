//! Windows: the account of this process's access token (`OpenProcessToken`, `GetTokenInformation`
//! for `TokenUser` and `TokenGroups`), named with `LookupAccountSidW` as `DOMAIN\name`, the SID as
//! text from `ConvertSidToStringSidW`.
//!
//! NOT COMPILED OR TESTED where this crate is developed (Linux without a Windows target): the
//! first Windows build and a run of `skranke` on a domain-joined PC must check it.
use super::{OsAccount, OsError};
use std::io;
use std::ptr;
use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_INSUFFICIENT_BUFFER, ERROR_NONE_MAPPED, GetLastError, HANDLE, LocalFree,
};
use windows_sys::Win32::Security::Authorization::ConvertSidToStringSidW;
use windows_sys::Win32::Security::{
    GetTokenInformation, LookupAccountSidW, PSID, SID_AND_ATTRIBUTES, SID_NAME_USE, TOKEN_GROUPS,
    TOKEN_INFORMATION_CLASS, TOKEN_QUERY, TOKEN_USER, TokenGroups, TokenUser,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// The group is enabled in the token (winnt.h; defined here to spare a windows-sys feature).
const SE_GROUP_ENABLED: u32 = 0x0000_0004;
/// The group only denies access (e.g. Administrators in a non-elevated token): not a membership.
const SE_GROUP_USE_FOR_DENY_ONLY: u32 = 0x0000_0010;

pub(super) fn current_account() -> Result<OsAccount, OsError> {
    let token = Token::open()?;
    let user = token.information(TokenUser)?;
    // SAFETY: GetTokenInformation(TokenUser) filled `user`, which is 8-byte aligned, with a
    // TOKEN_USER whose SID points into the same buffer, alive for the rest of this function.
    let user_sid = unsafe { (*user.as_ptr().cast::<TOKEN_USER>()).User.Sid };
    let id = sid_string(user_sid)?;
    let name = account_name(user_sid)?.ok_or_else(|| OsError::NoAccountEntry { id: id.clone() })?;

    let groups_buf = token.information(TokenGroups)?;
    let mut groups: Vec<String> = Vec::new();
    // SAFETY: GetTokenInformation(TokenGroups) filled `groups_buf` (8-byte aligned) with a
    // TOKEN_GROUPS: GroupCount entries follow in place of the declared one-element array.
    let entries: &[SID_AND_ATTRIBUTES] = unsafe {
        let list = groups_buf.as_ptr().cast::<TOKEN_GROUPS>();
        std::slice::from_raw_parts(
            (&raw const (*list).Groups).cast::<SID_AND_ATTRIBUTES>(),
            (*list).GroupCount as usize,
        )
    };
    for entry in entries {
        if entry.Attributes & SE_GROUP_ENABLED == 0 || entry.Attributes & SE_GROUP_USE_FOR_DENY_ONLY != 0 {
            continue;
        }
        match account_name(entry.Sid) {
            Ok(Some(group)) if !groups.contains(&group) => groups.push(group),
            Ok(_) => {}
            // A domain group may be unresolvable while the domain controller is unreachable:
            // leaving it out can only refuse access, never grant it.
            Err(e) => tracing::warn!(error = %e, "a group of the OS account cannot be named; left out"),
        }
    }
    Ok(OsAccount { name, id, groups })
}

/// This process's access token, closed on drop.
struct Token(HANDLE);

impl Token {
    fn open() -> Result<Self, OsError> {
        let mut handle: HANDLE = ptr::null_mut();
        // SAFETY: GetCurrentProcess returns a pseudo handle; `handle` is a valid out pointer.
        if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut handle) } == 0 {
            return Err(last_error("OpenProcessToken"));
        }
        Ok(Token(handle))
    }

    /// One information class of the token, in a buffer of u64 so that the structures inside are
    /// aligned.
    fn information(&self, class: TOKEN_INFORMATION_CLASS) -> Result<Vec<u64>, OsError> {
        let mut needed: u32 = 0;
        // Ask for the size first; the token may grow between calls, so retry a few times.
        for _ in 0..3 {
            let mut buf: Vec<u64> = vec![0; (needed as usize).div_ceil(8)];
            let bytes = u32::try_from(buf.len() * 8).map_err(|_| OsError::TooLarge { call: "GetTokenInformation" })?;
            let ptr = if buf.is_empty() { ptr::null_mut() } else { buf.as_mut_ptr().cast() };
            // SAFETY: `ptr` is null with length 0, or `buf` of `bytes` bytes; `needed` is valid.
            if unsafe { GetTokenInformation(self.0, class, ptr, bytes, &mut needed) } != 0 {
                return Ok(buf);
            }
            // SAFETY: no preconditions.
            if unsafe { GetLastError() } != ERROR_INSUFFICIENT_BUFFER {
                return Err(last_error("GetTokenInformation"));
            }
        }
        Err(OsError::TooLarge { call: "GetTokenInformation" })
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        // SAFETY: the handle came from OpenProcessToken and is closed once.
        unsafe { CloseHandle(self.0) };
    }
}

/// `DOMAIN\name` (or `name` without a domain) of `sid`, `None` when the OS has no name for it
/// (logon SIDs, deleted accounts).
fn account_name(sid: PSID) -> Result<Option<String>, OsError> {
    let (mut name_len, mut domain_len): (u32, u32) = (0, 0);
    let mut kind: SID_NAME_USE = 0;
    for _ in 0..3 {
        let mut name = vec![0u16; name_len as usize];
        let mut domain = vec![0u16; domain_len as usize];
        let name_ptr = if name.is_empty() { ptr::null_mut() } else { name.as_mut_ptr() };
        let domain_ptr = if domain.is_empty() { ptr::null_mut() } else { domain.as_mut_ptr() };
        // SAFETY: the buffers hold the lengths passed (0 with null pointers); `sid` is a valid SID
        // inside a token buffer alive for the call.
        let ok = unsafe {
            LookupAccountSidW(ptr::null(), sid, name_ptr, &mut name_len, domain_ptr, &mut domain_len, &mut kind)
        };
        if ok != 0 {
            // On success the lengths exclude the terminating NUL.
            let name = String::from_utf16_lossy(&name[..(name_len as usize).min(name.len())]);
            let domain = String::from_utf16_lossy(&domain[..(domain_len as usize).min(domain.len())]);
            return Ok(Some(if domain.is_empty() { name } else { format!("{domain}\\{name}") }));
        }
        // SAFETY: no preconditions.
        match unsafe { GetLastError() } {
            ERROR_NONE_MAPPED => return Ok(None),
            ERROR_INSUFFICIENT_BUFFER => {} // the lengths now hold the sizes needed, NUL included
            _ => return Err(last_error("LookupAccountSidW")),
        }
    }
    Err(OsError::TooLarge { call: "LookupAccountSidW" })
}

/// `sid` as text (`S-1-5-21-…`).
fn sid_string(sid: PSID) -> Result<String, OsError> {
    let mut text: *mut u16 = ptr::null_mut();
    // SAFETY: `sid` is valid for the call; `text` is a valid out pointer.
    if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 || text.is_null() {
        return Err(last_error("ConvertSidToStringSidW"));
    }
    // SAFETY: on success `text` is a NUL-terminated UTF-16 string allocated with LocalAlloc,
    // read up to its NUL and then freed once.
    unsafe {
        let mut len = 0;
        while *text.add(len) != 0 {
            len += 1;
        }
        let s = String::from_utf16_lossy(std::slice::from_raw_parts(text, len));
        LocalFree(text.cast());
        Ok(s)
    }
}

fn last_error(call: &'static str) -> OsError {
    OsError::Call { call, source: io::Error::last_os_error() }
}
