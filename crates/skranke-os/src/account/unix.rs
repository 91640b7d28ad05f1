//! Unix: the account of the real user id from the user and group databases (whatever NSS serves:
//! /etc/passwd, LDAP, SSSD), through the reentrant libc calls, growing buffers on `ERANGE`.
use super::{OsAccount, OsError};
use std::ffi::{CStr, CString, c_char, c_int};
use std::io;
use std::mem::MaybeUninit;
use std::ptr;

/// First buffer for one database entry; grown by doubling up to [`MAX_BUFFER`].
const FIRST_BUFFER: usize = 1024;
/// Larger entries are refused as corrupt (glibc's own limit for a group entry is far below).
const MAX_BUFFER: usize = 1 << 20;
/// More groups than this are refused as corrupt.
const MAX_GROUPS: c_int = 1 << 16;

pub(super) fn current_account() -> Result<OsAccount, OsError> {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    let (name, primary_gid) = user_entry(uid)?;
    let groups = group_names(&name, primary_gid)?;
    let name = name.into_string().map_err(|_| OsError::NotUtf8 { id: uid.to_string() })?;
    Ok(OsAccount { name, id: uid.to_string(), groups })
}

/// The login name and primary group of `uid` (`getpwuid_r`).
fn user_entry(uid: libc::uid_t) -> Result<(CString, libc::gid_t), OsError> {
    let mut buf: Vec<c_char> = vec![0; FIRST_BUFFER];
    loop {
        let mut entry = MaybeUninit::<libc::passwd>::uninit();
        let mut found: *mut libc::passwd = ptr::null_mut();
        // SAFETY: every pointer is valid for the call and `buf.len()` is the buffer's true size;
        // the entry's strings point into `buf`, read below while `buf` is alive and unchanged.
        let rc = unsafe { libc::getpwuid_r(uid, entry.as_mut_ptr(), buf.as_mut_ptr(), buf.len(), &mut found) };
        match rc {
            libc::ERANGE => grow(&mut buf, "getpwuid_r")?,
            libc::EINTR => {}
            // POSIX lets "not found" be 0 or one of these, always with no entry.
            0 | libc::ENOENT | libc::ESRCH if found.is_null() => {
                return Err(OsError::NoAccountEntry { id: uid.to_string() });
            }
            0 => {
                // SAFETY: rc == 0 with a non-null result: `found` points at the filled `entry`.
                let entry = unsafe { &*found };
                if entry.pw_name.is_null() {
                    return Err(OsError::NoAccountEntry { id: uid.to_string() });
                }
                // SAFETY: pw_name is a NUL-terminated string inside `buf`, which is still alive.
                let name = unsafe { CStr::from_ptr(entry.pw_name) }.to_owned();
                return Ok((name, entry.pw_gid));
            }
            err => return Err(OsError::Call { call: "getpwuid_r", source: io::Error::from_raw_os_error(err) }),
        }
    }
}

/// Names of every group of `user`, primary group first, each once (`getgrouplist`, `getgrgid_r`).
fn group_names(user: &CStr, primary_gid: libc::gid_t) -> Result<Vec<String>, OsError> {
    let mut names: Vec<String> = Vec::new();
    for gid in group_ids(user, primary_gid)? {
        if let Some(name) = group_name(gid)?
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    Ok(names)
}

/// The group ids of `user` in the group database, `primary_gid` included.
fn group_ids(user: &CStr, primary_gid: libc::gid_t) -> Result<Vec<libc::gid_t>, OsError> {
    let mut capacity: c_int = 32;
    loop {
        let mut gids: Vec<libc::gid_t> = vec![0; capacity as usize];
        let mut count = capacity;
        // SAFETY: `user` is NUL-terminated; `gids` holds `count` elements.
        let rc = unsafe { libc::getgrouplist(user.as_ptr(), primary_gid, gids.as_mut_ptr(), &mut count) };
        if rc >= 0 {
            gids.truncate(usize::try_from(count).unwrap_or(0));
            return Ok(gids);
        }
        // Too small: glibc reports the count needed in `count`; other libcs may not, so double.
        capacity = if count > capacity { count } else { capacity.saturating_mul(2) };
        if capacity > MAX_GROUPS {
            return Err(OsError::TooLarge { call: "getgrouplist" });
        }
    }
}

/// The name of group `gid`, or `None` when the group database has no name for it (common in
/// containers) or the name is not UTF-8: such a group cannot be a configured group anyway.
fn group_name(gid: libc::gid_t) -> Result<Option<String>, OsError> {
    let mut buf: Vec<c_char> = vec![0; FIRST_BUFFER];
    loop {
        let mut entry = MaybeUninit::<libc::group>::uninit();
        let mut found: *mut libc::group = ptr::null_mut();
        // SAFETY: as in `user_entry`.
        let rc = unsafe { libc::getgrgid_r(gid, entry.as_mut_ptr(), buf.as_mut_ptr(), buf.len(), &mut found) };
        match rc {
            libc::ERANGE => grow(&mut buf, "getgrgid_r")?,
            libc::EINTR => {}
            0 | libc::ENOENT | libc::ESRCH if found.is_null() => {
                tracing::debug!(gid, "a group of the OS account has no name; left out");
                return Ok(None);
            }
            0 => {
                // SAFETY: rc == 0 with a non-null result: `found` points at the filled `entry`.
                let entry = unsafe { &*found };
                if entry.gr_name.is_null() {
                    return Ok(None);
                }
                // SAFETY: gr_name is a NUL-terminated string inside `buf`, which is still alive.
                let name = unsafe { CStr::from_ptr(entry.gr_name) }.to_str().ok().map(str::to_owned);
                if name.is_none() {
                    tracing::debug!(gid, "a group name of the OS account is not UTF-8; left out");
                }
                return Ok(name);
            }
            err => return Err(OsError::Call { call: "getgrgid_r", source: io::Error::from_raw_os_error(err) }),
        }
    }
}

/// Doubles `buf` after `ERANGE`, refusing to pass [`MAX_BUFFER`].
fn grow(buf: &mut Vec<c_char>, call: &'static str) -> Result<(), OsError> {
    let next = buf.len() * 2;
    if next > MAX_BUFFER {
        return Err(OsError::TooLarge { call });
    }
    buf.resize(next, 0);
    Ok(())
}
