//! `skranke keys rotate`: a new master key for this PC's outbox and audit trail. Runs as the OS
//! account (IT); opens Skranke without its services, since the rotation needs the database alone.
use super::audit::failed;
use crate::{Cli, Output, exit};
use serde_json::json;
use skranke_api::{OpenOptions, Skranke};

/// Rotates the master key; exit 0 when done, 4 when not allowed, 3 when Skranke is running or
/// the key store cannot be used.
pub fn rotate(cli: &Cli, out: &mut Output<'_>) -> i32 {
    let app = match Skranke::open(OpenOptions { config_path: cli.config.as_deref() }) {
        Ok(app) => app,
        Err(e) => return failed(&e, out),
    };
    if let Err(e) = app.sign_in_os_account() {
        return failed(&e, out);
    }
    match app.rotate_master_key() {
        Ok(r) => {
            if out.json {
                out.json_line(&json!({"rotated": true, "bundle_keys": r.bundle_keys, "data_keys": r.data_keys, "key_store": r.key_store}));
            } else {
                out.line(format!(
                    "Ny hovednøgle i {}: {} optagelsers nøgler og {} datanøgle(r) er pakket om.",
                    r.key_store, r.bundle_keys, r.data_keys
                ));
            }
            exit::OK
        }
        Err(e) => failed(&e, out),
    }
}
