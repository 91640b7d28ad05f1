//! Linux: systemd-logind over D-Bus. Finds this process's session (`GetSessionByPID`, or, for an
//! app that a desktop started outside its session scope, the user's graphical session), subscribes
//! to that session's `Lock` signal and to `PrepareForSleep`, and waits on the bus socket and a
//! wake-up socket with `poll`, so the thread sleeps until something happens and ends as soon as
//! the watcher is dropped.
//!
//! Signals are subscribed with `sender='org.freedesktop.login1'`, so the bus delivers only
//! logind's broadcasts; a signal another local process sends straight to us could at most lock
//! Skranke, which is harmless.
use super::{LockReason, LockWatchError, Notify};
use dbus::arg::Variant;
use dbus::blocking::Proxy;
use dbus::channel::{BusType, Channel};
use dbus::message::{MatchRule, MessageType};
use dbus::{Message, Path};
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::thread::JoinHandle;
use std::time::Duration;

const LOGIND: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
const USER: &str = "org.freedesktop.login1.User";
/// Bound on each setup call, so a hung bus cannot hang the app's start.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The running watcher thread; dropping it wakes the thread, which ends, and joins it.
pub(super) struct Running {
    wake: Option<UnixStream>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // Closing our end makes the thread's end readable (hung up): the thread returns.
        drop(self.wake.take());
        if let Some(thread) = self.thread.take() {
            // Dropped from inside the callback: the thread ends once the callback returns.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

/// Connects to the system bus (or `address`), finds our session, subscribes, and starts the
/// thread.
pub(super) fn start(address: Option<&str>, notify: Notify) -> Result<Running, LockWatchError> {
    let mut channel = connect(address)?;
    let session = own_session(&channel)?;
    for rule in match_rules(&session) {
        Proxy::new("org.freedesktop.DBus", "/org/freedesktop/DBus", CALL_TIMEOUT, &channel)
            .method_call::<(), _, _, _>("org.freedesktop.DBus", "AddMatch", (rule,))
            .map_err(|e| call_error("AddMatch", &e))?;
    }
    let bus_fd = bus_fd(&mut channel)?;
    let (wake, woken) = UnixStream::pair().map_err(LockWatchError::Thread)?;
    let thread = std::thread::Builder::new()
        .name("skranke-lock-watch".to_owned())
        .spawn(move || {
            if let Err(reason) = watch(&channel, bus_fd, &session, &woken, &notify) {
                notify.stopped(reason);
            }
        })
        .map_err(LockWatchError::Thread)?;
    Ok(Running { wake: Some(wake), thread: Some(thread) })
}

fn connect(address: Option<&str>) -> Result<Channel, LockWatchError> {
    let channel = match address {
        None => Channel::get_private(BusType::System),
        Some(address) => Channel::open_private(address).and_then(|mut channel| channel.register().map(|()| channel)),
    };
    channel.map_err(|e| LockWatchError::BusUnavailable(describe(&e)))
}

/// The object path of this process's logind session.
fn own_session(channel: &Channel) -> Result<Path<'static>, LockWatchError> {
    let manager = Proxy::new(LOGIND, MANAGER_PATH, CALL_TIMEOUT, channel);
    match manager.method_call::<(Path<'static>,), _, _, _>(MANAGER, "GetSessionByPID", (std::process::id(),)) {
        Ok((path,)) => Ok(path),
        // Desktops start apps in scopes of the user's service manager, outside the session.
        Err(e) if e.name() == Some("org.freedesktop.login1.NoSessionForPID") => display_session(&manager, &e),
        Err(e) => Err(call_error("GetSessionByPID", &e)),
    }
}

/// The graphical session of this process's user (`User.Display`), for a process outside any
/// session; `no_session` is the error that sent us here.
fn display_session(manager: &Proxy<'_, &Channel>, no_session: &dbus::Error) -> Result<Path<'static>, LockWatchError> {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    let (user,): (Path<'static>,) = manager.method_call(MANAGER, "GetUser", (uid,)).map_err(|e| {
        if e.name() == Some("org.freedesktop.login1.NoSuchUser") {
            LockWatchError::NoSession(describe(no_session))
        } else {
            call_error("GetUser", &e)
        }
    })?;
    let user = Proxy::new(LOGIND, user, CALL_TIMEOUT, manager.connection);
    let (display,): (Variant<(String, Path<'static>)>,) = user
        .method_call("org.freedesktop.DBus.Properties", "Get", (USER, "Display"))
        .map_err(|e| call_error("User.Display", &e))?;
    let (_, path) = display.0;
    if &*path == "/" {
        return Err(LockWatchError::NoSession(format!("{}; the user has no graphical session", describe(no_session))));
    }
    Ok(path)
}

/// The two subscriptions: suspend, and the lock of our session only.
fn match_rules(session: &Path<'static>) -> [String; 2] {
    let sleep = MatchRule::new_signal(MANAGER, "PrepareForSleep").with_sender(LOGIND).with_path(MANAGER_PATH);
    let lock = MatchRule::new_signal(SESSION, "Lock").with_sender(LOGIND).with_path(session.clone());
    [sleep.match_str(), lock.match_str()]
}

/// The socket libdbus reads and writes.
fn bus_fd(channel: &mut Channel) -> Result<RawFd, LockWatchError> {
    // Deprecated in favour of `watch`, which panics where this returns an empty list.
    #[allow(deprecated)]
    let watches = channel.watch_fds().unwrap_or_default();
    watches
        .first()
        .map(|w| w.fd)
        .ok_or_else(|| LockWatchError::Bus { step: "watch", message: "libdbus offers no socket to wait on".to_owned() })
}

/// The watcher's loop: hands logind's signals to `notify` until `woken` hangs up (Ok) or the bus
/// is lost (Err, why).
fn watch(
    channel: &Channel,
    bus_fd: RawFd,
    session: &Path<'static>,
    woken: &UnixStream,
    notify: &Notify,
) -> Result<(), String> {
    let mut hung_up = false;
    loop {
        // Read what the socket has and send what is queued, without blocking.
        let io = channel.read_write(Some(Duration::ZERO));
        while let Some(message) = channel.pop_message() {
            if let Some(reason) = lock_reason(&message, session) {
                if !notify.report(reason) {
                    return Ok(()); // `report` recorded why
                }
            } else if let Some(reply) = dbus::channel::default_reply(&message) {
                let _ = channel.send(reply);
            }
        }
        if io.is_err() || hung_up || !channel.is_connected() {
            return Err("the D-Bus connection to logind was lost".to_owned());
        }
        match wait(bus_fd, channel.has_messages_to_send(), woken.as_raw_fd()) {
            Ok(Woken::Stop) => return Ok(()),
            Ok(Woken::Bus { hung_up: h }) => hung_up = h,
            Err(e) => return Err(format!("waiting on the D-Bus socket failed: {e}")),
        }
    }
}

/// What a message from the bus means for Skranke, if anything.
fn lock_reason(message: &Message, session: &Path<'static>) -> Option<LockReason> {
    if message.msg_type() != MessageType::Signal {
        return None;
    }
    let (interface, member, path) = (message.interface()?, message.member()?, message.path()?);
    match (&*interface, &*member) {
        (MANAGER, "PrepareForSleep") if &*path == MANAGER_PATH => {
            // true: about to sleep; false: just woke up.
            message.read1::<bool>().ok().filter(|&start| start).map(|_| LockReason::Suspending)
        }
        (SESSION, "Lock") if path == *session => Some(LockReason::SessionLocked),
        _ => None,
    }
}

enum Woken {
    /// The watcher was dropped.
    Stop,
    /// The bus socket is ready; `hung_up` if the other side closed it.
    Bus { hung_up: bool },
}

/// Sleeps until the bus socket is readable (or writable while `write`) or `stop_fd` is readable.
fn wait(bus_fd: RawFd, write: bool, stop_fd: RawFd) -> io::Result<Woken> {
    let bus_events = if write { libc::POLLIN | libc::POLLOUT } else { libc::POLLIN };
    let mut fds = [
        libc::pollfd { fd: bus_fd, events: bus_events, revents: 0 },
        libc::pollfd { fd: stop_fd, events: libc::POLLIN, revents: 0 },
    ];
    loop {
        // SAFETY: `fds` is an array of two initialised pollfd, alive for the call.
        if unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) } >= 0 {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    if fds[1].revents != 0 {
        return Ok(Woken::Stop);
    }
    Ok(Woken::Bus { hung_up: fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 })
}

/// A failed call, told apart: logind absent from the bus, or another failure.
fn call_error(step: &'static str, e: &dbus::Error) -> LockWatchError {
    match e.name() {
        Some(name)
            if name == "org.freedesktop.DBus.Error.ServiceUnknown"
                || name == "org.freedesktop.DBus.Error.NameHasNoOwner"
                || name.starts_with("org.freedesktop.DBus.Error.Spawn") =>
        {
            LockWatchError::LogindUnavailable(describe(e))
        }
        _ => LockWatchError::Bus { step, message: describe(e) },
    }
}

fn describe(e: &dbus::Error) -> String {
    match (e.name(), e.message()) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (Some(text), None) | (None, Some(text)) => text.to_owned(),
        (None, None) => "unknown D-Bus error".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Path<'static> {
        Path::from("/org/freedesktop/login1/session/_31")
    }

    fn signal(path: &str, interface: &str, member: &str) -> Message {
        Message::signal(&Path::from(path.to_owned()), &interface.into(), &member.into())
    }

    #[test]
    fn lock_of_our_session_and_start_of_sleep_lock_skranke() {
        let lock = signal("/org/freedesktop/login1/session/_31", SESSION, "Lock");
        assert_eq!(lock_reason(&lock, &session()), Some(LockReason::SessionLocked));
        let sleep = signal(MANAGER_PATH, MANAGER, "PrepareForSleep").append1(true);
        assert_eq!(lock_reason(&sleep, &session()), Some(LockReason::Suspending));
    }

    #[test]
    fn other_sessions_waking_up_and_other_signals_do_not() {
        let other = signal("/org/freedesktop/login1/session/_32", SESSION, "Lock");
        assert_eq!(lock_reason(&other, &session()), None);
        let wake = signal(MANAGER_PATH, MANAGER, "PrepareForSleep").append1(false);
        assert_eq!(lock_reason(&wake, &session()), None);
        let unlock = signal("/org/freedesktop/login1/session/_31", SESSION, "Unlock");
        assert_eq!(lock_reason(&unlock, &session()), None);
        let no_argument = signal(MANAGER_PATH, MANAGER, "PrepareForSleep");
        assert_eq!(lock_reason(&no_argument, &session()), None);
        let call = Message::new_method_call(LOGIND, "/org/freedesktop/login1/session/_31", SESSION, "Lock").unwrap();
        assert_eq!(lock_reason(&call, &session()), None);
    }
}
