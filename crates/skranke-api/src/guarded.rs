//! [`Guarded`]: a mutex whose poisoning (a panic while it was held) is an [`ApiError`], so each
//! part of the façade locks its own state in one call instead of repeating the error mapping.
use crate::{ApiError, Code};
use std::sync::{Mutex, MutexGuard};

/// State of one façade part behind a lock.
#[derive(Debug, Default)]
pub(crate) struct Guarded<T>(Mutex<T>);

impl<T> Guarded<T> {
    /// Wraps `value`.
    pub(crate) fn new(value: T) -> Self {
        Self(Mutex::new(value))
    }

    /// Locks; an earlier panic while the lock was held is [`Code::Internal`].
    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, T>, ApiError> {
        self.0.lock().map_err(|_| ApiError::new(Code::Internal, "state poisoned by an earlier panic"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_locked_is_an_internal_error_not_a_second_panic() {
        let g = std::sync::Arc::new(Guarded::new(1));
        let g2 = std::sync::Arc::clone(&g);
        let _ = std::thread::spawn(move || {
            let _held = g2.lock().expect("lock");
            panic!("boom");
        })
        .join();
        assert_eq!(g.lock().err().map(|e| e.code), Some(Code::Internal));
    }
}
