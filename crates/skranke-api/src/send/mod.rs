//! The send step (issue 6): a finished case becomes a capture bundle in the encrypted outbox the
//! moment the clerk presses Send, and the sender delivers it to the gateway exactly once.
//!
//! - [`case_bundle`]: the bundle of an open case (photo, signature, reports, CPR snapshot, flags).
//! - [`outbox_open`]: the outbox in the data directory with the configured master-key store.
//! - [`outcome`]: what one upload or producer-status answer means for the outbox row.
//! - [`connection`]: the header's view of the gateway (online, offline, certificate problem).
//! - [`views`]: what the UI and `skranke queue` show of the outbox.
//!
//! The sending itself (leasing, re-lookup of unverified cases, upload, producer polling) is
//! [`crate::Skranke::send_pass`], so the Tauri shell's background task and `skranke queue drain`
//! run the same code.
pub mod case_bundle;
pub mod connection;
pub mod outbox_open;
pub mod outcome;
pub mod views;
