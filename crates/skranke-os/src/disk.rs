//! Free disk space where the outbox lives, so `skranke diagnose` warns before a full disk stops
//! captures from being stored.
use std::path::Path;

/// Bytes the current user may still write on the file system holding `path` (`statvfs` on Unix,
/// `GetDiskFreeSpaceExW` on Windows; quotas included where the OS counts them).
pub fn free_space(path: &Path) -> std::io::Result<u64> {
    imp::free_space(path)
}

#[cfg(unix)]
mod imp {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    pub(super) fn free_space(path: &Path) -> std::io::Result<u64> {
        let c_path = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a NUL byte in the path"))?;
        let mut stat = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
        // SAFETY: `c_path` is a valid NUL-terminated string and `stat` a writable statvfs.
        let rc = unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: statvfs returned 0, so it filled the struct.
        let stat = unsafe { stat.assume_init() };
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        Ok(u64::from(stat.f_bavail as u64).saturating_mul(u64::from(stat.f_frsize as u64)))
    }
}

#[cfg(windows)]
mod imp {
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;
    use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;

    pub(super) fn free_space(path: &Path) -> std::io::Result<u64> {
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain(std::iter::once(0)).collect();
        let mut available: u64 = 0;
        // SAFETY: `wide` is NUL-terminated; the two other outputs may be null.
        let ok =
            unsafe { GetDiskFreeSpaceExW(wide.as_ptr(), &mut available, std::ptr::null_mut(), std::ptr::null_mut()) };
        if ok == 0 { Err(std::io::Error::last_os_error()) } else { Ok(available) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_directory_has_some_space_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(free_space(dir.path()).expect("free space") > 0);
        assert!(free_space(&dir.path().join("no-such-dir")).is_err());
    }
}
