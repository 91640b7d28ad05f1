//! The header's view of the gateway: the result of the last exchange with it, kept in memory by
//! the sender (a fresh start says "unknown" until the first exchange).
use super::json::Connection;
use crate::Code;
use std::sync::Mutex;

/// The last thing the sender learnt about the gateway.
#[derive(Debug, Default)]
pub struct ConnectionTracker {
    last: Mutex<Option<Observed>>,
}

#[derive(Debug, Clone, Copy)]
struct Observed {
    connection: Connection,
    problem: Option<Code>,
}

impl ConnectionTracker {
    /// The gateway answered (any HTTP answer, including 4xx/5xx: the network works).
    pub fn answered(&self) {
        self.set(Connection::Online, None);
    }

    /// The gateway could not be reached, or refused us; `code` says why.
    pub fn failed(&self, code: Code) {
        let connection = if is_reachability(code) { Connection::Offline } else { Connection::Online };
        self.set(connection, Some(code));
    }

    /// No gateway can be used at all (not configured, unreadable certificate).
    pub fn unusable(&self, code: Code) {
        self.set(Connection::Offline, Some(code));
    }

    /// The state and the problem to show, if any.
    pub fn current(&self) -> (Connection, Option<Code>) {
        match self.last.lock().ok().and_then(|g| *g) {
            Some(o) => (o.connection, o.problem),
            None => (Connection::Unknown, None),
        }
    }

    fn set(&self, connection: Connection, problem: Option<Code>) {
        if let Ok(mut g) = self.last.lock() {
            *g = Some(Observed { connection, problem });
        }
    }
}

/// Codes that mean "no connection" rather than "connected, but refused".
fn is_reachability(code: Code) -> bool {
    matches!(
        code,
        Code::GatewayUnreachable
            | Code::GatewayServerUntrusted
            | Code::GatewayClientCertificateRejected
            | Code::GatewayCertificateExpired
            | Code::GatewayCertificateUnreadable
            | Code::GatewayNotConfigured
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_unknown_then_follows_the_last_exchange() {
        let t = ConnectionTracker::default();
        assert_eq!(t.current(), (Connection::Unknown, None));
        t.failed(Code::GatewayUnreachable);
        assert_eq!(t.current(), (Connection::Offline, Some(Code::GatewayUnreachable)));
        t.failed(Code::GatewayRetryAfter);
        assert_eq!(t.current(), (Connection::Online, Some(Code::GatewayRetryAfter)));
        t.answered();
        assert_eq!(t.current(), (Connection::Online, None));
        t.failed(Code::GatewayCertificateExpired);
        assert_eq!(t.current(), (Connection::Offline, Some(Code::GatewayCertificateExpired)));
    }
}
