//! The witness as a Windows service: `install` registers it (elevated, by the installers) under
//! its own virtual account with a folder only it, SYSTEM and Administrators can open; `service`
//! is what the service control manager starts; `uninstall` removes the service and keeps the
//! folder (its key and ledger are audit evidence). Type-checked for Windows here (`cargo check
//! --target x86_64-pc-windows-gnu`); not run (docs/windows.md).
use crate::{Ledger, WitnessError};
use std::ffi::OsStr;
use std::os::windows::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use windows_sys::Win32::Foundation::{
    ERROR_CALL_NOT_IMPLEMENTED, ERROR_SERVICE_ALREADY_RUNNING, ERROR_SERVICE_DOES_NOT_EXIST, ERROR_SERVICE_EXISTS,
    ERROR_SERVICE_NOT_ACTIVE, GetLastError, NO_ERROR,
};
use windows_sys::Win32::System::Services::{
    ChangeServiceConfig2W, ChangeServiceConfigW, CloseServiceHandle, ControlService, CreateServiceW, DeleteService,
    OpenSCManagerW, OpenServiceW, RegisterServiceCtrlHandlerExW, SC_ACTION, SC_ACTION_RESTART, SC_HANDLE,
    SC_MANAGER_CONNECT, SC_MANAGER_CREATE_SERVICE, SERVICE_ACCEPT_SHUTDOWN, SERVICE_ACCEPT_STOP, SERVICE_ALL_ACCESS,
    SERVICE_AUTO_START, SERVICE_CONFIG_DESCRIPTION, SERVICE_CONFIG_FAILURE_ACTIONS, SERVICE_CONFIG_SERVICE_SID_INFO,
    SERVICE_CONTROL_INTERROGATE, SERVICE_CONTROL_SHUTDOWN, SERVICE_CONTROL_STOP, SERVICE_DESCRIPTIONW,
    SERVICE_ERROR_NORMAL, SERVICE_FAILURE_ACTIONSW, SERVICE_QUERY_STATUS, SERVICE_RUNNING, SERVICE_SID_INFO,
    SERVICE_SID_TYPE_UNRESTRICTED, SERVICE_START_PENDING, SERVICE_STATUS, SERVICE_STATUS_HANDLE, SERVICE_STOP,
    SERVICE_STOPPED, SERVICE_TABLE_ENTRYW, SERVICE_WIN32_OWN_PROCESS, SetServiceStatus, StartServiceCtrlDispatcherW,
    StartServiceW,
};

/// The service's name (its account is `NT SERVICE\` + this).
pub const SERVICE_NAME: &str = "SkrankeAuditWitness";
/// What the Services console shows.
const DISPLAY_NAME: &str = "Skranke audit witness";
const DESCRIPTION: &str = "Records every entry of Skranke's audit trail under its own account, so that a rewritten entry is found by skranke audit verify.";
/// `DELETE` standard right, to remove the service.
const DELETE: u32 = 0x0001_0000;

/// The folder of the key and the ledger: `%ProgramData%\Skranke\witness`.
pub fn default_state_dir() -> PathBuf {
    let program_data = std::env::var_os("ProgramData").map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
    program_data.join("Skranke").join("witness")
}

fn wide(s: &str) -> Vec<u16> {
    OsStr::new(s).encode_wide().chain(Some(0)).collect()
}

fn last_error(what: &str) -> String {
    format!("{what}: {}", std::io::Error::last_os_error())
}

/// A service control manager handle, closed on drop.
struct ScHandle(SC_HANDLE);

impl Drop for ScHandle {
    fn drop(&mut self) {
        // SAFETY: a handle from OpenSCManagerW/OpenServiceW/CreateServiceW, closed once.
        unsafe { CloseServiceHandle(self.0) };
    }
}

fn manager(access: u32) -> Result<ScHandle, String> {
    // SAFETY: null machine and database mean the local, active database.
    let h = unsafe { OpenSCManagerW(std::ptr::null(), std::ptr::null(), access) };
    if h.is_null() {
        Err(last_error("cannot open the service control manager (run elevated)"))
    } else {
        Ok(ScHandle(h))
    }
}

/// Registers (or reconfigures) the service to run `exe service` under its virtual account,
/// starting automatically and again after a failure; prepares its folder; starts it.
pub fn install(exe: &Path, state_dir: &Path) -> Result<(), String> {
    let scm = manager(SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE)?;
    let name = wide(SERVICE_NAME);
    let display = wide(DISPLAY_NAME);
    let command = wide(&format!("\"{}\" service", exe.display()));
    let account = wide(crate::pipe::SERVICE_ACCOUNT);
    // SAFETY: NUL-terminated strings that outlive the call; no password for a virtual account.
    let created = unsafe {
        CreateServiceW(
            scm.0,
            name.as_ptr(),
            display.as_ptr(),
            SERVICE_ALL_ACCESS,
            SERVICE_WIN32_OWN_PROCESS,
            SERVICE_AUTO_START,
            SERVICE_ERROR_NORMAL,
            command.as_ptr(),
            std::ptr::null(),
            std::ptr::null_mut(),
            std::ptr::null(),
            account.as_ptr(),
            std::ptr::null(),
        )
    };
    let service = if !created.is_null() {
        ScHandle(created)
    } else {
        // SAFETY: no preconditions.
        if unsafe { GetLastError() } != ERROR_SERVICE_EXISTS {
            return Err(last_error("cannot create the service"));
        }
        // SAFETY: an open manager handle and a NUL-terminated name.
        let h = unsafe { OpenServiceW(scm.0, name.as_ptr(), SERVICE_ALL_ACCESS) };
        if h.is_null() {
            return Err(last_error("cannot open the existing service"));
        }
        let service = ScHandle(h);
        // SAFETY: an open service handle; SERVICE_NO_CHANGE leaves the other settings.
        let ok = unsafe {
            ChangeServiceConfigW(
                service.0,
                SERVICE_WIN32_OWN_PROCESS,
                SERVICE_AUTO_START,
                SERVICE_ERROR_NORMAL,
                command.as_ptr(),
                std::ptr::null(),
                std::ptr::null_mut(),
                std::ptr::null(),
                account.as_ptr(),
                std::ptr::null(),
                display.as_ptr(),
            )
        };
        if ok == 0 {
            return Err(last_error("cannot reconfigure the existing service"));
        }
        service
    };
    configure(&service)?;
    prepare_state_dir(state_dir)?;
    // SAFETY: an open service handle, no arguments.
    if unsafe { StartServiceW(service.0, 0, std::ptr::null()) } == 0
        // SAFETY: no preconditions.
        && unsafe { GetLastError() } != ERROR_SERVICE_ALREADY_RUNNING
    {
        return Err(last_error("cannot start the service"));
    }
    Ok(())
}

/// Its own SID in its token (so the folder's ACL can name it), a description, and restarts after
/// a failure (2 s, three times, counted over a day).
fn configure(service: &ScHandle) -> Result<(), String> {
    let sid_info = SERVICE_SID_INFO { dwServiceSidType: SERVICE_SID_TYPE_UNRESTRICTED };
    // SAFETY: an open service handle and a struct of the level's type.
    if unsafe { ChangeServiceConfig2W(service.0, SERVICE_CONFIG_SERVICE_SID_INFO, (&raw const sid_info).cast()) } == 0 {
        return Err(last_error("cannot give the service its own SID"));
    }
    let mut description = wide(DESCRIPTION);
    let info = SERVICE_DESCRIPTIONW { lpDescription: description.as_mut_ptr() };
    // SAFETY: as above; the description outlives the call.
    unsafe { ChangeServiceConfig2W(service.0, SERVICE_CONFIG_DESCRIPTION, (&raw const info).cast()) };
    let mut actions = [SC_ACTION { Type: SC_ACTION_RESTART, Delay: 2000 }; 3];
    let failure = SERVICE_FAILURE_ACTIONSW {
        dwResetPeriod: 24 * 3600,
        lpRebootMsg: std::ptr::null_mut(),
        lpCommand: std::ptr::null_mut(),
        cActions: actions.len() as u32,
        lpsaActions: actions.as_mut_ptr(),
    };
    // SAFETY: as above; the actions outlive the call.
    if unsafe { ChangeServiceConfig2W(service.0, SERVICE_CONFIG_FAILURE_ACTIONS, (&raw const failure).cast()) } == 0 {
        return Err(last_error("cannot set the service's restarts"));
    }
    Ok(())
}

/// Whether the folder belongs to SYSTEM, Administrators or the service, as an earlier `install`
/// left it; a folder a clerk made first belongs to the clerk.
fn made_by_install(dir: &Path) -> bool {
    use windows_sys::Win32::Security::Authorization::{GetNamedSecurityInfoW, SE_FILE_OBJECT};
    use windows_sys::Win32::Security::OWNER_SECURITY_INFORMATION;
    let path = crate::pipe::wide(dir.as_os_str());
    crate::pipe::owner_trusted(|owner, sd| {
        // SAFETY: a NUL-terminated path and out-pointers the call fills.
        unsafe {
            GetNamedSecurityInfoW(
                path.as_ptr(),
                SE_FILE_OBJECT,
                OWNER_SECURITY_INFORMATION,
                owner,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                sd,
            )
        }
    })
    .unwrap_or(false)
}

/// Creates the folder with an ACL for SYSTEM, Administrators and the service alone, owned by
/// Administrators. A folder that exists already keeps its key and ledger when an earlier install
/// made it (an upgrade or repair); one that someone else made (who could have planted a key in
/// it) is moved aside, not trusted.
fn prepare_state_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() && !made_by_install(dir) {
        let aside = dir.with_file_name(format!("witness.untrusted-{}", chrono::Utc::now().format("%Y%m%dT%H%M%SZ")));
        std::fs::rename(dir, &aside).map_err(|e| format!("cannot move the existing {} aside: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let status = std::process::Command::new("icacls")
        .arg(dir)
        .args(["/inheritance:r", "/grant:r", "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"])
        .arg(format!("{}:(OI)(CI)F", crate::pipe::SERVICE_ACCOUNT))
        .status()
        .map_err(|e| format!("cannot run icacls: {e}"))?;
    if !status.success() {
        return Err(format!("icacls could not restrict {}", dir.display()));
    }
    let status = std::process::Command::new("icacls")
        .arg(dir)
        .args(["/setowner", "*S-1-5-32-544", "/T", "/C"])
        .status()
        .map_err(|e| format!("cannot run icacls: {e}"))?;
    if !status.success() {
        return Err(format!("icacls could not give {} to Administrators", dir.display()));
    }
    Ok(())
}

/// Stops and removes the service; its folder stays. Not installed is not an error.
pub fn uninstall() -> Result<(), String> {
    let scm = manager(SC_MANAGER_CONNECT)?;
    let name = wide(SERVICE_NAME);
    // SAFETY: an open manager handle and a NUL-terminated name.
    let h = unsafe { OpenServiceW(scm.0, name.as_ptr(), SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE) };
    if h.is_null() {
        // SAFETY: no preconditions.
        return if unsafe { GetLastError() } == ERROR_SERVICE_DOES_NOT_EXIST {
            Ok(())
        } else {
            Err(last_error("cannot open the service"))
        };
    }
    let service = ScHandle(h);
    let mut status = empty_status(SERVICE_STOPPED);
    // SAFETY: an open service handle and a status to fill.
    if unsafe { ControlService(service.0, SERVICE_CONTROL_STOP, &mut status) } == 0
        // SAFETY: no preconditions.
        && unsafe { GetLastError() } != ERROR_SERVICE_NOT_ACTIVE
    {
        return Err(last_error("cannot stop the service"));
    }
    wait_until_stopped(&service);
    // SAFETY: an open service handle.
    if unsafe { DeleteService(service.0) } == 0 {
        return Err(last_error("cannot delete the service"));
    }
    Ok(())
}

/// Waits up to 30 s for the service's process to stop, so the installer can replace its file.
fn wait_until_stopped(service: &ScHandle) {
    use windows_sys::Win32::System::Services::QueryServiceStatus;
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        let mut status = empty_status(SERVICE_STOPPED);
        // SAFETY: an open service handle with SERVICE_QUERY_STATUS and a status to fill.
        if unsafe { QueryServiceStatus(service.0, &mut status) } == 0 || status.dwCurrentState == SERVICE_STOPPED {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

fn empty_status(state: u32) -> SERVICE_STATUS {
    SERVICE_STATUS {
        dwServiceType: SERVICE_WIN32_OWN_PROCESS,
        dwCurrentState: state,
        dwControlsAccepted: 0,
        dwWin32ExitCode: NO_ERROR,
        dwServiceSpecificExitCode: 0,
        dwCheckPoint: 0,
        dwWaitHint: 0,
    }
}

/// The state folder and pipe the service serves, set before the dispatcher starts it.
static SERVICE_ARGS: OnceLock<(PathBuf, String)> = OnceLock::new();
/// The status handle, for the control handler.
static STATUS_HANDLE: OnceLock<usize> = OnceLock::new();

fn report(state: u32, accepts: u32, exit_code: u32) {
    let Some(handle) = STATUS_HANDLE.get() else { return };
    let mut status = empty_status(state);
    status.dwControlsAccepted = accepts;
    status.dwWin32ExitCode = exit_code;
    // SAFETY: the handle RegisterServiceCtrlHandlerExW returned.
    unsafe { SetServiceStatus(*handle as SERVICE_STATUS_HANDLE, &status) };
}

/// Runs under the service control manager (the command `service`): blocks until the service
/// stops. Fails when not started by the service control manager.
pub fn run_as_service(state_dir: PathBuf, pipe: String) -> Result<(), WitnessError> {
    let _ = SERVICE_ARGS.set((state_dir, pipe));
    let mut name = wide(SERVICE_NAME);
    let table = [
        SERVICE_TABLE_ENTRYW { lpServiceName: name.as_mut_ptr(), lpServiceProc: Some(service_main) },
        SERVICE_TABLE_ENTRYW { lpServiceName: std::ptr::null_mut(), lpServiceProc: None },
    ];
    // SAFETY: a table ending in a null entry, alive until the dispatcher returns.
    if unsafe { StartServiceCtrlDispatcherW(table.as_ptr()) } == 0 {
        return Err(WitnessError::Storage { detail: last_error("not started by the service control manager") });
    }
    Ok(())
}

unsafe extern "system" fn service_main(_argc: u32, _argv: *mut windows_sys::core::PWSTR) {
    let name = wide(SERVICE_NAME);
    // SAFETY: a NUL-terminated name and a handler with the expected signature.
    let handle = unsafe { RegisterServiceCtrlHandlerExW(name.as_ptr(), Some(control_handler), std::ptr::null()) };
    if handle.is_null() {
        return;
    }
    let _ = STATUS_HANDLE.set(handle as usize);
    report(SERVICE_START_PENDING, 0, NO_ERROR);
    let Some((state_dir, pipe)) = SERVICE_ARGS.get() else {
        report(SERVICE_STOPPED, 0, 1);
        return;
    };
    let ledger = match Ledger::open(state_dir) {
        Ok(l) => Arc::new(Mutex::new(l)),
        Err(e) => {
            tracing::error!(error = %e, "cannot open the ledger");
            report(SERVICE_STOPPED, 0, 1);
            return;
        }
    };
    report(SERVICE_RUNNING, SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN, NO_ERROR);
    if let Err(e) = crate::pipe::serve(pipe, ledger) {
        tracing::error!(error = %e, "the witness stopped serving");
    }
    report(SERVICE_STOPPED, 0, 1);
}

unsafe extern "system" fn control_handler(
    control: u32,
    _event_type: u32,
    _event_data: *mut core::ffi::c_void,
    _context: *mut core::ffi::c_void,
) -> u32 {
    match control {
        SERVICE_CONTROL_STOP | SERVICE_CONTROL_SHUTDOWN => {
            // Every ledger write is durable before its answer: stopping now loses nothing.
            report(SERVICE_STOPPED, 0, NO_ERROR);
            std::process::exit(0)
        }
        SERVICE_CONTROL_INTERROGATE => NO_ERROR,
        _ => ERROR_CALL_NOT_IMPLEMENTED,
    }
}
