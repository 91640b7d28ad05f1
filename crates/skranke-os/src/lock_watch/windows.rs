//! Windows: a message-only window (parent `HWND_MESSAGE`) on a thread of its own, registered for
//! this session's notifications (`WTSRegisterSessionNotification`, `WTS_SESSION_LOCK`) and for
//! suspend (`RegisterSuspendResumeNotification`, `PBT_APMSUSPEND`: message-only windows get no
//! broadcast `WM_POWERBROADCAST` without it). Dropping the watcher posts `WM_CLOSE`; the window
//! procedure ends the message loop, and the thread unregisters, destroys the window and ends.
//!
//! NOT COMPILED OR TESTED where this crate is developed (Linux without a Windows target): the
//! first Windows build, and locking (Windows+L) and suspending a PC running `skranke`, must check
//! it.
use super::{LockReason, LockWatchError, Notify};
use std::cell::RefCell;
use std::ptr;
use std::sync::mpsc;
use std::thread::JoinHandle;
use windows_sys::Win32::Foundation::{ERROR_CLASS_ALREADY_EXISTS, GetLastError, HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
use windows_sys::Win32::System::Power::{
    HPOWERNOTIFY, RegisterSuspendResumeNotification, UnregisterSuspendResumeNotification,
};
use windows_sys::Win32::System::RemoteDesktop::{
    NOTIFY_FOR_THIS_SESSION, WTSRegisterSessionNotification, WTSUnRegisterSessionNotification,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    CreateWindowExW, DEVICE_NOTIFY_WINDOW_HANDLE, DefWindowProcW, DestroyWindow, DispatchMessageW, GetMessageW,
    HWND_MESSAGE, MSG, PBT_APMSUSPEND, PostMessageW, PostQuitMessage, RegisterClassExW, WM_CLOSE, WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE, WNDCLASSEXW, WTS_SESSION_LOCK,
};

thread_local! {
    /// The callback of the watcher whose window lives on this thread (one per watcher thread).
    static NOTIFY: RefCell<Option<Notify>> = const { RefCell::new(None) };
}

/// A window handle, usable from any thread for `PostMessageW`.
struct WindowHandle(HWND);
// SAFETY: a window handle is an identifier; posting to it from another thread is what it is for.
unsafe impl Send for WindowHandle {}
// SAFETY: as above; it is never dereferenced.
unsafe impl Sync for WindowHandle {}

/// The running watcher thread; dropping it closes the window and joins the thread.
pub(super) struct Running {
    window: WindowHandle,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // SAFETY: posting to a window that is already gone fails harmlessly.
        unsafe { PostMessageW(self.window.0, WM_CLOSE, 0, 0) };
        if let Some(thread) = self.thread.take()
            && thread.thread().id() != std::thread::current().id()
        {
            let _ = thread.join();
        }
    }
}

/// Creates the window on a new thread and returns once it is registered for notifications.
pub(super) fn start(notify: Notify) -> Result<Running, LockWatchError> {
    let (ready, ready_rx) = mpsc::channel::<Result<WindowHandle, LockWatchError>>();
    let thread = std::thread::Builder::new()
        .name("skranke-lock-watch".to_owned())
        .spawn(move || {
            NOTIFY.with(|n| *n.borrow_mut() = Some(notify));
            match Window::create() {
                Ok(window) => {
                    let _ = ready.send(Ok(WindowHandle(window.hwnd)));
                    pump();
                    drop(window);
                }
                Err(e) => {
                    let _ = ready.send(Err(e));
                }
            }
            NOTIFY.with(|n| n.borrow_mut().take());
        })
        .map_err(LockWatchError::Thread)?;
    match ready_rx.recv() {
        Ok(Ok(window)) => Ok(Running { window, thread: Some(thread) }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err(LockWatchError::Thread(std::io::Error::other("the watcher thread ended during setup")))
        }
    }
}

/// The message-only window and its registrations, undone in reverse on drop.
struct Window {
    hwnd: HWND,
    session: bool,
    power: HPOWERNOTIFY,
}

impl Window {
    fn create() -> Result<Window, LockWatchError> {
        let class: Vec<u16> = "SkrankeLockWatch\0".encode_utf16().collect();
        // SAFETY: a null name asks for this executable's module, which outlives the window.
        let instance = unsafe { GetModuleHandleW(ptr::null()) };
        let class_info = WNDCLASSEXW {
            cbSize: size_of::<WNDCLASSEXW>() as u32,
            lpfnWndProc: Some(window_proc),
            hInstance: instance,
            lpszClassName: class.as_ptr(),
            ..Default::default()
        };
        // SAFETY: `class_info` and the class name it points to are valid for the call. A second
        // watcher finds the class registered, which is fine.
        if unsafe { RegisterClassExW(&class_info) } == 0 && unsafe { GetLastError() } != ERROR_CLASS_ALREADY_EXISTS {
            return Err(last_error("RegisterClassExW"));
        }
        // SAFETY: the class is registered; HWND_MESSAGE makes a message-only window.
        let hwnd = unsafe {
            CreateWindowExW(
                0,
                class.as_ptr(),
                ptr::null(),
                0,
                0,
                0,
                0,
                0,
                HWND_MESSAGE,
                ptr::null_mut(),
                instance,
                ptr::null(),
            )
        };
        if hwnd.is_null() {
            return Err(last_error("CreateWindowExW"));
        }
        let mut window = Window { hwnd, session: false, power: 0 };
        // SAFETY: `hwnd` is our live window. (Right after boot this may fail until Remote Desktop
        // Services run; the caller logs the error.)
        if unsafe { WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION) } == 0 {
            return Err(last_error("WTSRegisterSessionNotification"));
        }
        window.session = true;
        // SAFETY: `hwnd` is our live window.
        window.power = unsafe { RegisterSuspendResumeNotification(hwnd, DEVICE_NOTIFY_WINDOW_HANDLE) };
        if window.power == 0 {
            return Err(last_error("RegisterSuspendResumeNotification"));
        }
        Ok(window)
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        // SAFETY: each registration is undone once, before the window it names is destroyed.
        unsafe {
            if self.power != 0 {
                UnregisterSuspendResumeNotification(self.power);
            }
            if self.session {
                WTSUnRegisterSessionNotification(self.hwnd);
            }
            DestroyWindow(self.hwnd);
        }
    }
}

/// Runs the thread's message loop until `WM_QUIT`.
fn pump() {
    let mut message = MSG::default();
    loop {
        // SAFETY: `message` is a valid out pointer; null HWND reads every message of the thread.
        match unsafe { GetMessageW(&mut message, ptr::null_mut(), 0, 0) } {
            0 => return,
            -1 => {
                let reason = format!("the message loop failed: {}", std::io::Error::last_os_error());
                NOTIFY.with(|n| {
                    if let Some(notify) = n.borrow().as_ref() {
                        notify.stopped(reason);
                    }
                });
                return;
            }
            // SAFETY: `message` was filled by GetMessageW.
            _ => unsafe {
                DispatchMessageW(&message);
            },
        }
    }
}

/// The window procedure: reports a lock or suspend; `WM_CLOSE` (from [`Running`]'s drop) ends the
/// loop.
unsafe extern "system" fn window_proc(hwnd: HWND, message: u32, wparam: WPARAM, lparam: LPARAM) -> LRESULT {
    let reason = match message {
        WM_WTSSESSION_CHANGE if wparam == WTS_SESSION_LOCK as WPARAM => Some(LockReason::SessionLocked),
        WM_POWERBROADCAST if wparam == PBT_APMSUSPEND as WPARAM => Some(LockReason::Suspending),
        WM_CLOSE => {
            // SAFETY: called on the thread that owns the loop.
            unsafe { PostQuitMessage(0) };
            return 0;
        }
        _ => None,
    };
    if let Some(reason) = reason {
        let keep_going = NOTIFY.with(|n| n.borrow().as_ref().is_none_or(|notify| notify.report(reason)));
        if !keep_going {
            // SAFETY: called on the thread that owns the loop.
            unsafe { PostQuitMessage(0) };
        }
    }
    // SAFETY: the arguments are the ones Windows passed in.
    unsafe { DefWindowProcW(hwnd, message, wparam, lparam) }
}

fn last_error(step: &'static str) -> LockWatchError {
    LockWatchError::Windows { step, source: std::io::Error::last_os_error() }
}
