//! The app process's heap over a working day (issue 18.7): at most two malloc arenas.
//!
//! glibc gives threads that allocate at the same time arenas of their own, up to eight per core.
//! Each photo step starts a capture and a guidance thread that allocate frames of a few MB, and
//! each arena kept about 7.5 MB it did not give back, so the app grew by up to 180 MB over a day
//! of citizens (15 arenas on 2 cores; the limit grows with the cores), as tests/e2e/soak-day.mjs
//! measured. With two arenas it stays flat. The threads sharing an arena allocate a few frames a
//! second each, so they seldom wait for its lock.

/// Limits the process to two malloc arenas (glibc on Linux; a no-op elsewhere). Call it first in
/// `main`: glibc fixes the limit when a thread first needs an arena of its own.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of glibc's allocator, and M_ARENA_MAX takes any
    // positive value; it runs first in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
