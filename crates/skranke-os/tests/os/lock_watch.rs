//! `LockWatcher` against a fake systemd-logind on a private D-Bus bus. Every wait is on a channel
//! with a generous timeout; ordering on the bus (one sender, one receiver) proves what was left
//! out: an ignored signal emitted before a reported one would have arrived first.
use crate::util::{FakeLogind, PATIENCE, PrivateBus, Sessions};
use skranke_os::{LockReason, LockWatchError, LockWatcher, WatchStatus};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};

const OURS: &str = "/org/freedesktop/login1/session/_31";
const OTHER: &str = "/org/freedesktop/login1/session/_32";

/// A watcher on `bus` whose callback forwards each reason to the returned receiver.
fn watch(bus: &PrivateBus) -> (LockWatcher, Receiver<LockReason>) {
    let (tx, rx) = mpsc::channel();
    let watcher = LockWatcher::start_on(&bus.address, move |reason| {
        let _ = tx.send(reason);
    })
    .unwrap();
    (watcher, rx)
}

fn next(rx: &Receiver<LockReason>) -> LockReason {
    rx.recv_timeout(PATIENCE).expect("no lock reported in time")
}

#[test]
fn our_session_locking_and_the_pc_going_to_sleep_are_reported_and_nothing_else() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus.address, Sessions::OfProcess(OURS));
    let (watcher, rx) = watch(&bus);

    // Each ignored signal is followed by one of the other kind, which must come first.
    logind.lock(OTHER);
    logind.prepare_for_sleep(true);
    assert_eq!(next(&rx), LockReason::Suspending, "another session's lock was reported");

    logind.prepare_for_sleep(false);
    logind.lock(OURS);
    assert_eq!(next(&rx), LockReason::SessionLocked, "waking up was reported");

    logind.prepare_for_sleep(true);
    assert_eq!(next(&rx), LockReason::Suspending);
    assert_eq!(watcher.status(), WatchStatus::Watching);
}

#[test]
fn a_process_outside_any_session_follows_its_users_graphical_session() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus.address, Sessions::UserDisplay(OTHER));
    let (_watcher, rx) = watch(&bus);

    logind.lock(OURS); // the process's own pid has no session here: this path is not ours
    logind.prepare_for_sleep(true);
    assert_eq!(next(&rx), LockReason::Suspending, "a session other than the display session was followed");
    logind.lock(OTHER);
    assert_eq!(next(&rx), LockReason::SessionLocked);
}

#[test]
fn no_session_and_no_graphical_session_is_unavailable() {
    let bus = PrivateBus::start();
    let _logind = FakeLogind::start(&bus.address, Sessions::None);
    let err = LockWatcher::start_on(&bus.address, |_| {}).unwrap_err();
    assert!(matches!(err, LockWatchError::NoSession(_)), "{err:?}");
    assert!(err.is_unavailable());
}

#[test]
fn a_bus_without_logind_is_unavailable() {
    let bus = PrivateBus::start();
    let err = LockWatcher::start_on(&bus.address, |_| {}).unwrap_err();
    assert!(matches!(err, LockWatchError::LogindUnavailable(_)), "{err:?}");
    assert!(err.is_unavailable());
}

#[test]
fn an_address_with_nothing_listening_is_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let address = format!("unix:path={}", dir.path().join("no-bus-here").display());
    let err = LockWatcher::start_on(&address, |_| {}).unwrap_err();
    assert!(matches!(err, LockWatchError::BusUnavailable(_)), "{err:?}");
    assert!(err.is_unavailable());
    assert!(err.to_string().starts_with("no D-Bus bus"), "{err}");
}

#[test]
fn dropping_the_watcher_ends_its_thread() {
    let bus = PrivateBus::start();
    let _logind = FakeLogind::start(&bus.address, Sessions::OfProcess(OURS));
    let (watcher, rx) = watch(&bus);
    drop(watcher);
    // The thread owned the callback and its sender: both are gone once drop has returned.
    assert_eq!(rx.try_recv(), Err(mpsc::TryRecvError::Disconnected));
}

#[test]
fn losing_the_bus_stops_the_watcher_and_says_so() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus.address, Sessions::OfProcess(OURS));
    let (watcher, rx) = watch(&bus);
    drop(logind);
    drop(bus);
    // The thread ends (dropping the callback's sender) once it sees the bus gone.
    assert_eq!(rx.recv_timeout(PATIENCE), Err(RecvTimeoutError::Disconnected));
    assert!(matches!(watcher.status(), WatchStatus::Stopped { reason } if reason.contains("lost")));
}

#[test]
fn a_panicking_callback_stops_the_watcher_and_says_so() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus.address, Sessions::OfProcess(OURS));
    let (tx, rx) = mpsc::channel();
    let watcher = LockWatcher::start_on(&bus.address, move |reason| {
        let _ = tx.send(reason);
        panic!("a callback that panics");
    })
    .unwrap();
    logind.lock(OURS);
    assert_eq!(next(&rx), LockReason::SessionLocked);
    assert_eq!(rx.recv_timeout(PATIENCE), Err(RecvTimeoutError::Disconnected));
    assert!(matches!(watcher.status(), WatchStatus::Stopped { reason } if reason.contains("panicked")));
}

#[test]
fn the_watcher_can_live_in_shared_state() {
    fn shareable<T: Send + Sync>() {}
    shareable::<LockWatcher>();
}
