//! [`GatewayControl`]: the handle tests, the demo and the admin endpoint use while the gateway
//! simulator runs: switch faults, set how the producer decides, read the request log and the
//! stored captures. It also owns the simulator's shared state.
use super::decision::DecisionSettings;
use super::fault::GatewayFault;
use super::store::{Begin, Store, StoredCapture};
use super::wire::{ProducerStatus, Receipt};
use chrono::Utc;
use serde::Serialize;
use std::sync::{Arc, Mutex, MutexGuard};
use uuid::Uuid;

/// One line of the request log: no bundle content, only ids and outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoggedRequest {
    /// `POST`, `GET`, or empty when the connection was refused before a request.
    pub method: String,
    /// The route, e.g. `/v1/captures` or `/v1/captures/{id}`.
    pub route: String,
    /// The capture id concerned, when there is one.
    pub capture_id: Option<String>,
    /// The HTTP status answered; `None` when no answer was sent (refused, reset).
    pub status: Option<u16>,
    /// What happened: `created`, `replayed`, `in_flight`, `rejected`, `status`, `not_found`, or a
    /// fault's name.
    pub outcome: String,
    /// Reason codes of a rejection.
    pub reasons: Vec<String>,
    /// The fault in force for this connection (`none` normally).
    pub fault: String,
}

#[derive(Debug, Default)]
struct State {
    fault: GatewayFault,
    /// Connections left before the fault switches back to `None`; `None` = until changed.
    fault_left: Option<u32>,
    decisions: DecisionSettings,
    store: Store,
    log: Vec<LoggedRequest>,
}

/// A handle to switch faults and decisions and read the log and captures while the simulator runs.
#[derive(Debug, Clone, Default)]
pub struct GatewayControl {
    state: Arc<Mutex<State>>,
}

impl GatewayControl {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Switches the fault for every following connection, until changed.
    pub fn set_fault(&self, fault: GatewayFault) {
        let mut s = self.state();
        s.fault = fault;
        s.fault_left = None;
    }

    /// Switches the fault for the next `times` connections only, then back to answering normally.
    pub fn set_fault_times(&self, fault: GatewayFault, times: u32) {
        let mut s = self.state();
        s.fault = if times == 0 { GatewayFault::None } else { fault };
        s.fault_left = Some(times);
    }

    /// The current fault.
    pub fn fault(&self) -> GatewayFault {
        self.state().fault
    }

    /// Sets how the simulated producer decides captures stored from now on.
    pub fn set_decisions(&self, settings: DecisionSettings) {
        self.state().decisions = settings;
    }

    /// The current decision settings.
    pub fn decisions(&self) -> DecisionSettings {
        self.state().decisions.clone()
    }

    /// The request log so far.
    pub fn log(&self) -> Vec<LoggedRequest> {
        self.state().log.clone()
    }

    /// Every stored capture, oldest first, with the producer's decision as of now.
    pub fn captures(&self) -> Vec<StoredCapture> {
        self.state().store.captures(Utc::now())
    }

    /// One stored capture.
    pub fn capture(&self, id: Uuid) -> Option<StoredCapture> {
        self.captures().into_iter().find(|c| c.capture_id == id)
    }

    /// The fault for a new connection (counting down a limited one).
    pub(crate) fn next_fault(&self) -> GatewayFault {
        let mut s = self.state();
        let fault = s.fault;
        if let Some(left) = s.fault_left.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                s.fault = GatewayFault::None;
                s.fault_left = None;
            }
        }
        fault
    }

    pub(super) fn begin(&self, id: Uuid, sha256: [u8; 32]) -> Begin {
        self.state().store.begin(id, sha256)
    }

    pub(super) fn commit(&self, id: Uuid, bytes: Vec<u8>) -> Receipt {
        let mut s = self.state();
        let settings = s.decisions.clone();
        s.store.commit(id, bytes, Utc::now(), &settings)
    }

    pub(super) fn status(&self, id: Uuid) -> Option<ProducerStatus> {
        self.state().store.status(id, Utc::now())
    }

    pub(super) fn record(&self, line: LoggedRequest) {
        tracing::debug!(route = %line.route, capture_id = ?line.capture_id, status = ?line.status, outcome = %line.outcome, "gateway simulator answered");
        self.state().log.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limited_fault_switches_itself_off() {
        let c = GatewayControl::default();
        c.set_fault_times(GatewayFault::Refuse, 2);
        assert_eq!(c.next_fault(), GatewayFault::Refuse);
        assert_eq!(c.next_fault(), GatewayFault::Refuse);
        assert_eq!(c.next_fault(), GatewayFault::None);
        c.set_fault(GatewayFault::ResetMidResponse);
        for _ in 0..5 {
            assert_eq!(c.next_fault(), GatewayFault::ResetMidResponse);
        }
        c.set_fault_times(GatewayFault::Refuse, 0);
        assert_eq!(c.next_fault(), GatewayFault::None);
    }
}
