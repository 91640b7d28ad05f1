//! Opens the outbox in the Skranke database with the master-key store the configuration names:
//! the OS key store in production by default, a 0600 key file beside the database in demo mode
//! (a demo must run on machines without a key store, and its data is fictitious).
use crate::{ApiError, DataDir};
use chrono::{DateTime, Utc};
use skranke_config::{Config, KeyStoreKind, Mode};
use skranke_store::Outbox;

/// The key store kind actually used: `file` in demo mode, else the configured one.
pub fn key_store_kind(config: &Config) -> &'static str {
    match (config.mode, config.security.keystore) {
        (Mode::Demo, _) | (_, KeyStoreKind::File) => "file",
        (Mode::Production, KeyStoreKind::Os) => "os",
    }
}

/// Opens (creating and migrating when needed) the outbox; expired leases go back to the queue.
pub fn open(config: &Config, data_dir: &DataDir, now: DateTime<Utc>) -> Result<Outbox, ApiError> {
    let keys =
        skranke_store::master_key_store(key_store_kind(config), &data_dir.root.join("keys")).map_err(ApiError::from)?;
    Outbox::open(&data_dir.database(), keys.as_ref(), now).map_err(ApiError::from)
}
