//! Opens the outbox in the Skranke database with the installation's master key store
//! ([`crate::master_key`]); expired leases go back to the queue. An interrupted key rotation was
//! finished when Skranke opened (`master_key::load`), before anything opens the outbox.
use crate::master_key::{key_store, key_store_kind, with_fix};
use crate::{ApiError, DataDir};
use chrono::{DateTime, Utc};
use skranke_config::Config;
use skranke_store::Outbox;

/// Opens (creating and migrating when needed) the outbox; expired leases go back to the queue.
pub fn open(config: &Config, data_dir: &DataDir, now: DateTime<Utc>) -> Result<Outbox, ApiError> {
    let kind = key_store_kind(config);
    let keys = key_store(config, data_dir)?;
    Outbox::open(&data_dir.database(), keys.as_ref(), now).map_err(|e| with_fix(ApiError::from(e), kind))
}
