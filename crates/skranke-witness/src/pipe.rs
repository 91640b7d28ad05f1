//! The witness's transport on Windows: the named pipe `\\.\pipe\skranke-audit-witness`, the
//! counterpart of the Unix socket. Any local account may write requests, but nobody else may
//! create an instance of the pipe, and the app talks only to a pipe owned by the witness's
//! service account, SYSTEM or Administrators, so a clerk cannot stand in for the witness while
//! the service restarts. Type-checked for Windows here (`cargo check --target
//! x86_64-pc-windows-gnu`); not run (docs/windows.md).
use crate::{Ledger, WitnessError};
use std::ffi::OsStr;
use std::fs::File;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use windows_sys::Win32::Foundation::{
    ERROR_PIPE_BUSY, ERROR_PIPE_CONNECTED, GetLastError, HANDLE, INVALID_HANDLE_VALUE, LocalFree,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertStringSecurityDescriptorToSecurityDescriptorW, GetSecurityInfo, SDDL_REVISION_1, SE_KERNEL_OBJECT,
};
use windows_sys::Win32::Security::{
    EqualSid, IsWellKnownSid, LookupAccountNameW, OWNER_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
    SECURITY_ATTRIBUTES, SID_NAME_USE, WinBuiltinAdministratorsSid, WinLocalSystemSid,
};
use windows_sys::Win32::Storage::FileSystem::{
    FILE_FLAG_FIRST_PIPE_INSTANCE, FILE_READ_ATTRIBUTES, FILE_READ_DATA, FILE_WRITE_DATA, FlushFileBuffers,
    PIPE_ACCESS_DUPLEX, READ_CONTROL, SYNCHRONIZE,
};
use windows_sys::Win32::System::Pipes::{
    ConnectNamedPipe, CreateNamedPipeW, DisconnectNamedPipe, PIPE_READMODE_BYTE, PIPE_REJECT_REMOTE_CLIENTS,
    PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, PIPE_WAIT, WaitNamedPipeW,
};

/// The pipe the witness service listens on.
pub const DEFAULT_PIPE: &str = r"\\.\pipe\skranke-audit-witness";
/// The service's virtual account (the installer creates the service under it).
pub const SERVICE_ACCOUNT: &str = r"NT SERVICE\SkrankeAuditWitness";

/// What a client may do with the pipe: read and write data, read its attributes and its owner.
/// Not `FILE_APPEND_DATA`, which on a pipe is the right to create another instance of it.
const CLIENT_ACCESS: u32 = FILE_READ_DATA | FILE_WRITE_DATA | FILE_READ_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE;
/// The pipe's DACL: SYSTEM and Administrators everything, authenticated users [`CLIENT_ACCESS`]
/// (0x120083), nobody else anything.
const PIPE_SDDL: &str = "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x120083;;;AU)";

pub(crate) fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(Some(0)).collect()
}

/// Memory the system allocated with `LocalAlloc`, freed on drop.
struct LocalMemory(*mut core::ffi::c_void);

impl Drop for LocalMemory {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from a Windows call that allocates with LocalAlloc.
            unsafe { LocalFree(self.0) };
        }
    }
}

fn pipe_security() -> Result<LocalMemory, WitnessError> {
    let sddl = wide(OsStr::new(PIPE_SDDL));
    let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: a NUL-terminated string and an out-pointer the call fills.
    let ok = unsafe {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut sd,
            std::ptr::null_mut(),
        )
    };
    if ok == 0 {
        return Err(WitnessError::storage(&std::io::Error::last_os_error()));
    }
    Ok(LocalMemory(sd))
}

/// Serves requests on the pipe `name` until the process ends, one thread per connection. Fails
/// at once when the pipe exists already (another program created it first).
pub fn serve(name: &str, ledger: Arc<Mutex<Ledger>>) -> Result<(), WitnessError> {
    let security = pipe_security()?;
    let name_w = wide(OsStr::new(name));
    let mut first = true;
    loop {
        let attributes = SECURITY_ATTRIBUTES {
            nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: security.0,
            bInheritHandle: 0,
        };
        let open_mode = PIPE_ACCESS_DUPLEX | if first { FILE_FLAG_FIRST_PIPE_INSTANCE } else { 0 };
        // SAFETY: valid NUL-terminated name and attributes that outlive the call.
        let handle = unsafe {
            CreateNamedPipeW(
                name_w.as_ptr(),
                open_mode,
                PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                PIPE_UNLIMITED_INSTANCES,
                64 * 1024,
                64 * 1024,
                0,
                &attributes,
            )
        };
        if handle == INVALID_HANDLE_VALUE {
            let e = std::io::Error::last_os_error();
            if first {
                return Err(WitnessError::Storage { detail: format!("cannot create the pipe {name}: {e}") });
            }
            tracing::warn!(error = %e, "cannot create another pipe instance");
            std::thread::sleep(Duration::from_secs(1));
            continue;
        }
        first = false;
        // SAFETY: a pipe handle this process just created and owns from here on.
        let pipe = unsafe { File::from_raw_handle(handle as _) };
        // SAFETY: the pipe handle, synchronous (no OVERLAPPED).
        let connected = unsafe { ConnectNamedPipe(handle, std::ptr::null_mut()) } != 0
            // SAFETY: no preconditions.
            || unsafe { GetLastError() } == ERROR_PIPE_CONNECTED;
        if !connected {
            tracing::debug!(error = %std::io::Error::last_os_error(), "a client left before it connected");
            continue;
        }
        let ledger = Arc::clone(&ledger);
        std::thread::spawn(move || answer_one(&pipe, &ledger));
    }
}

fn answer_one(pipe: &File, ledger: &Mutex<Ledger>) {
    crate::server::answer_connection(pipe, ledger);
    let handle = pipe.as_raw_handle() as HANDLE;
    // SAFETY: the pipe's own handle, still open (closed when `pipe` drops).
    unsafe {
        FlushFileBuffers(handle);
        DisconnectNamedPipe(handle);
    }
}

/// Opens the pipe `name` as a client, waiting up to `timeout` while every instance is busy, and
/// makes sure the witness's service (or SYSTEM or Administrators) owns it.
pub fn connect(name: &Path, timeout: Duration) -> Result<File, WitnessError> {
    let pipe = open(name, timeout)?;
    check_owner(&pipe, name)?;
    Ok(pipe)
}

/// Opens the pipe, waiting while every instance is busy; whose it is is not checked yet.
fn open(name: &Path, timeout: Duration) -> Result<File, WitnessError> {
    let unreachable =
        |e: std::io::Error| WitnessError::Unreachable { socket: name.display().to_string(), detail: e.to_string() };
    let deadline = Instant::now() + timeout;
    let pipe = loop {
        match std::fs::OpenOptions::new().access_mode(CLIENT_ACCESS).open(name) {
            Ok(f) => break f,
            Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY as i32) && Instant::now() < deadline => {
                let name_w = wide(name.as_os_str());
                // SAFETY: a NUL-terminated name.
                unsafe { WaitNamedPipeW(name_w.as_ptr(), 200) };
            }
            Err(e) => return Err(unreachable(e)),
        }
    };
    Ok(pipe)
}

fn check_owner(pipe: &File, name: &Path) -> Result<(), WitnessError> {
    let trusted = owner_trusted(|owner, sd| {
        // SAFETY: an open handle and out-pointers the call fills.
        unsafe {
            GetSecurityInfo(
                pipe.as_raw_handle() as HANDLE,
                SE_KERNEL_OBJECT,
                OWNER_SECURITY_INFORMATION,
                owner,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                sd,
            )
        }
    })
    .map_err(|e| WitnessError::NotTheWitness { detail: format!("cannot read the owner of {}: {e}", name.display()) })?;
    if trusted {
        Ok(())
    } else {
        Err(WitnessError::NotTheWitness {
            detail: format!("{} is owned by another account than {SERVICE_ACCOUNT}", name.display()),
        })
    }
}

/// Whether an object's owner is one a clerk cannot be ([`trusted_owner`]), or why it could not
/// be read. `query` is `GetSecurityInfo` or `GetNamedSecurityInfoW` asking for the owner alone,
/// filling the owner and the descriptor that holds it (freed here).
pub(crate) fn owner_trusted(
    query: impl FnOnce(*mut PSID, *mut PSECURITY_DESCRIPTOR) -> u32,
) -> Result<bool, std::io::Error> {
    let mut owner: PSID = std::ptr::null_mut();
    let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    let rc = query(&mut owner, &mut sd);
    let _sd = LocalMemory(sd);
    if rc != 0 {
        return Err(std::io::Error::from_raw_os_error(rc as i32));
    }
    // SAFETY: on success `owner` points into the live descriptor `_sd`.
    Ok(unsafe { trusted_owner(owner) })
}

/// Whether `owner` is an account a clerk cannot be: the witness's service account, SYSTEM or
/// Administrators.
///
/// # Safety
/// `owner` must point to a valid SID.
unsafe fn trusted_owner(owner: PSID) -> bool {
    // SAFETY: the caller passes a valid SID.
    let well_known = unsafe {
        IsWellKnownSid(owner, WinLocalSystemSid) != 0 || IsWellKnownSid(owner, WinBuiltinAdministratorsSid) != 0
    };
    well_known
        || service_sid().is_some_and(|mut sid| {
            // SAFETY: both SIDs are valid for the call.
            unsafe { EqualSid(owner, sid.as_mut_ptr().cast()) != 0 }
        })
}

/// The SID of the witness's service account, if the service is installed.
fn service_sid() -> Option<Vec<u8>> {
    let account = wide(OsStr::new(SERVICE_ACCOUNT));
    let mut sid = vec![0u8; 68];
    let mut sid_len = sid.len() as u32;
    let mut domain = vec![0u16; 256];
    let mut domain_len = domain.len() as u32;
    let mut kind: SID_NAME_USE = 0;
    // SAFETY: buffers of the sizes passed.
    let ok = unsafe {
        LookupAccountNameW(
            std::ptr::null(),
            account.as_ptr(),
            sid.as_mut_ptr().cast(),
            &mut sid_len,
            domain.as_mut_ptr(),
            &mut domain_len,
            &mut kind,
        )
    };
    (ok != 0).then_some(sid)
}

/// Run under Wine here (scripts/check-windows.sh): the pipe, its exchange and the owner check's
/// refusal. The accepting side of the owner check needs the real service account (Windows).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::Submitted;
    use crate::protocol::{Answer, Request, read_line, write_line};

    fn serve_on_thread(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("skranke-witness-test-{}", std::process::id()));
        let ledger = Arc::new(Mutex::new(Ledger::open(&dir.join(name.rsplit('\\').next().unwrap_or("x"))).unwrap()));
        let pipe_name = name.to_string();
        std::thread::spawn(move || serve(&pipe_name, ledger));
        let path = std::path::PathBuf::from(name);
        let start = Instant::now();
        while open(&path, Duration::from_millis(100)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(10), "the pipe did not open");
            std::thread::sleep(Duration::from_millis(20));
        }
        path
    }

    fn ask(pipe: &File, request: &Request) -> Answer {
        write_line(&mut &*pipe, request).unwrap();
        read_line(&mut std::io::BufReader::new(pipe)).unwrap()
    }

    #[test]
    fn requests_and_answers_cross_the_pipe() {
        let path = serve_on_thread(r"\\.\pipe\skranke-witness-test-exchange");
        let zeros = "0".repeat(64);
        let submit = Request::Submit { entries: vec![Submitted { seq: 1, prev_mac: zeros, mac: "a".repeat(64) }] };
        let answer = ask(&open(&path, Duration::from_secs(2)).unwrap(), &submit);
        assert!(matches!(answer, Answer::Head { head: Some(ref h) } if h.seq == 1), "{answer:?}");
        // One connection per request, several in a row.
        for _ in 0..3 {
            let answer = ask(&open(&path, Duration::from_secs(2)).unwrap(), &Request::Head);
            assert!(matches!(answer, Answer::Head { head: Some(ref h) } if h.seq == 1), "{answer:?}");
        }
    }

    /// Wine (where these tests run here) does not implement `FILE_FLAG_FIRST_PIPE_INSTANCE`.
    fn under_wine() -> bool {
        use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
        let ntdll: Vec<u16> = OsStr::new("ntdll.dll").encode_wide().chain(Some(0)).collect();
        // SAFETY: a NUL-terminated module name and a NUL-terminated export name.
        unsafe {
            let module = GetModuleHandleW(ntdll.as_ptr());
            !module.is_null() && GetProcAddress(module, c"wine_get_version".as_ptr().cast()).is_some()
        }
    }

    #[test]
    fn a_second_server_on_the_same_pipe_is_refused() {
        let path = serve_on_thread(r"\\.\pipe\skranke-witness-test-first");
        let dir = std::env::temp_dir().join(format!("skranke-witness-test-second-{}", std::process::id()));
        let ledger = Arc::new(Mutex::new(Ledger::open(&dir).unwrap()));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(serve(&path.to_string_lossy(), ledger));
        });
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(refused) => assert!(matches!(refused, Err(WitnessError::Storage { .. })), "{refused:?}"),
            Err(_) if under_wine() => eprintln!("not checked: Wine lets a second server create the pipe"),
            Err(_) => panic!("a second server became another instance of the witness's pipe"),
        }
    }

    #[test]
    fn a_pipe_owned_by_an_ordinary_account_is_not_the_witness() {
        // The test runs as an ordinary account, so the pipe it serves is owned by that account:
        // what a clerk who created the pipe first would offer. (Run unelevated: an elevated
        // administrator's objects belong to Administrators, which the check trusts.)
        let path = serve_on_thread(r"\\.\pipe\skranke-witness-test-owner");
        let refused = connect(&path, Duration::from_secs(2));
        assert!(matches!(refused, Err(WitnessError::NotTheWitness { .. })), "{refused:?}");
    }
}
