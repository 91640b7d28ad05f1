//! The Windows release build is a GUI-subsystem program (no console window behind the app), so a
//! command typed in cmd or PowerShell (`skranke.exe diagnose`) would print nothing. Before a
//! headless command runs, [`attach_parent_console`] connects the program to the console it was
//! started from, unless its output is already redirected to a file or pipe (which must stay so).
//! Elsewhere it does nothing. The Windows code has not been compiled or run here (no Windows
//! target; docs/windows.md).

/// Connects stdout/stderr to the parent's console when they lead nowhere (Windows GUI builds).
pub fn attach_parent_console() {
    imp::attach_parent_console();
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE,
    };

    pub(super) fn attach_parent_console() {
        // SAFETY: plain Win32 calls without pointers; a null handle means "no standard output".
        unsafe {
            let out = GetStdHandle(STD_OUTPUT_HANDLE);
            let err = GetStdHandle(STD_ERROR_HANDLE);
            let nowhere = |h: HANDLE| h.is_null() || h == INVALID_HANDLE_VALUE;
            if nowhere(out) && nowhere(err) {
                // Fails harmlessly when there is no parent console (started from Explorer).
                AttachConsole(ATTACH_PARENT_PROCESS);
            }
        }
    }
}

#[cfg(not(windows))]
mod imp {
    pub(super) fn attach_parent_console() {}
}
