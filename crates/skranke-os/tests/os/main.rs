//! One integration binary for skranke-os: the OS account against `id`, and the session lock
//! watcher against a fake logind on a private D-Bus bus.
mod account;
#[cfg(target_os = "linux")]
mod lock_watch;
#[cfg(target_os = "linux")]
mod util;
