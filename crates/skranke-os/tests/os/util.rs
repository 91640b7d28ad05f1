//! A private D-Bus bus (`dbus-daemon`, Debian package `dbus-daemon`) and a fake systemd-logind on
//! it, answering the calls the watcher makes and emitting the signals a test asks for.
use dbus::arg::Variant;
use dbus::blocking::Proxy;
use dbus::channel::Channel;
use dbus::message::MessageType;
use dbus::{Message, Path};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

pub const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
const USER: &str = "org.freedesktop.login1.User";
/// Ample for any one step on a loaded machine; the tests never wait this long when they pass.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A `dbus-daemon` of the test's own, killed on drop.
pub struct PrivateBus {
    pub address: String,
    child: Child,
    _stdout: BufReader<ChildStdout>,
    _dir: tempfile::TempDir,
}

impl PrivateBus {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!("--address=unix:dir={}", dir.path().display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It complains about fd limits it may not raise; kept for when it does not start.
            .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap())
            .spawn()
            .expect("dbus-daemon must be installed (Debian package dbus-daemon)");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut address = String::new();
        stdout.read_line(&mut address).unwrap();
        let address = address.trim().to_owned();
        if address.is_empty() {
            let why = std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default();
            panic!("dbus-daemon printed no address: {why}");
        }
        PrivateBus { address, child, _stdout: stdout, _dir: dir }
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the fake logind says this process's session is.
#[derive(Clone)]
pub enum Sessions {
    /// `GetSessionByPID(our pid)` returns this path.
    OfProcess(&'static str),
    /// The process is in no session; its user's graphical session (`User.Display`) is this path.
    UserDisplay(&'static str),
    /// The process is in no session and its user has no graphical session.
    None,
}

/// A fake `org.freedesktop.login1` on a private bus, served by a thread of its own.
pub struct FakeLogind {
    signals: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeLogind {
    /// Owns the name `org.freedesktop.login1` on the bus at `address` before returning.
    pub fn start(address: &str, sessions: Sessions) -> Self {
        let mut channel = Channel::open_private(address).unwrap();
        channel.register().unwrap();
        let (reply,): (u32,) = Proxy::new("org.freedesktop.DBus", "/org/freedesktop/DBus", PATIENCE, &channel)
            .method_call("org.freedesktop.DBus", "RequestName", ("org.freedesktop.login1", 4u32))
            .unwrap();
        assert_eq!(reply, 1, "the fake logind is not the name's primary owner");
        let uid = current_uid();
        let (signals, to_emit) = mpsc::channel::<Message>();
        let thread = std::thread::spawn(move || {
            loop {
                // A short wait, so that signals the test queues go out promptly.
                if channel.read_write(Some(Duration::from_millis(10))).is_err() {
                    return; // the bus went away
                }
                while let Some(call) = channel.pop_message() {
                    if let Some(reply) = answer(&call, &sessions, uid) {
                        let _ = channel.send(reply);
                    }
                }
                loop {
                    match to_emit.try_recv() {
                        Ok(signal) => {
                            let _ = channel.send(signal);
                        }
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => return,
                    }
                }
                channel.flush();
            }
        });
        FakeLogind { signals: Some(signals), thread: Some(thread) }
    }

    /// Emits `Session.Lock` on the session at `path`.
    pub fn lock(&self, path: &str) {
        self.emit(Message::signal(&Path::from(path.to_owned()), &SESSION.into(), &"Lock".into()));
    }

    /// Emits `Manager.PrepareForSleep(start)`.
    pub fn prepare_for_sleep(&self, start: bool) {
        self.emit(Message::signal(&MANAGER_PATH.into(), &MANAGER.into(), &"PrepareForSleep".into()).append1(start));
    }

    fn emit(&self, signal: Message) {
        self.signals.as_ref().unwrap().send(signal).expect("the fake logind's thread ended");
    }
}

impl Drop for FakeLogind {
    fn drop(&mut self) {
        drop(self.signals.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The fake's answer to a method call.
fn answer(call: &Message, sessions: &Sessions, uid: u32) -> Option<Message> {
    if call.msg_type() != MessageType::MethodCall {
        return None;
    }
    let interface = call.interface().map(|i| i.to_string()).unwrap_or_default();
    let member = call.member().map(|m| m.to_string()).unwrap_or_default();
    Some(match (interface.as_str(), member.as_str(), sessions) {
        (MANAGER, "GetSessionByPID", Sessions::OfProcess(path)) if call.read1::<u32>() == Ok(std::process::id()) => {
            call.method_return().append1(Path::from(*path))
        }
        (MANAGER, "GetSessionByPID", _) => {
            error(call, "org.freedesktop.login1.NoSessionForPID", "PID does not belong to any known session")
        }
        (MANAGER, "GetUser", _) if call.read1::<u32>() == Ok(uid) => {
            call.method_return().append1(Path::from(format!("/org/freedesktop/login1/user/_{uid}")))
        }
        (MANAGER, "GetUser", _) => error(call, "org.freedesktop.login1.NoSuchUser", "User not known or not logged in"),
        ("org.freedesktop.DBus.Properties", "Get", _) if call.read2::<&str, &str>() == Ok((USER, "Display")) => {
            let display = match sessions {
                Sessions::UserDisplay(path) => ("c2".to_owned(), Path::from(*path)),
                _ => (String::new(), Path::from("/")),
            };
            call.method_return().append1(Variant(display))
        }
        _ => return dbus::channel::default_reply(call),
    })
}

fn error(call: &Message, name: &str, text: &str) -> Message {
    call.error(&name.into(), &std::ffi::CString::new(text).unwrap())
}

fn current_uid() -> u32 {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}
