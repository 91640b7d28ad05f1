//! Skranke configuration: the TOML file municipal IT writes, its defaults, and its validation.
//!
//! The file is looked up at the machine-wide path ([`default_path`]: `/etc/skranke/config.toml` on
//! Linux, `%ProgramData%\Skranke\config.toml` on Windows) unless a path is given. With no file at
//! all Skranke runs in demo mode ([`Config::demo`]). Unknown keys are errors, so a typo is never
//! silently ignored, and every error names the key and the line ([`ConfigError`]).
//! [`Config::check_production`] lists what production mode still lacks before the app may start;
//! [`Config::risky_settings`] lists valid settings that weaken data protection (warnings).
//! [`json_schema`] is the file's JSON Schema, generated from the model; docs/config.md is
//! generated from it ([`config_reference`]).
//!
//! ```
//! let cfg = skranke_config::Config::from_toml_str("mode = \"demo\"\n[municipality]\nname = \"Aarhus\"\ncode = \"0751\"\n").unwrap();
//! assert_eq!(cfg.municipality.name, "Aarhus");
//! ```
#![deny(missing_docs)]

mod error;
mod load;
mod model;
mod paths;
mod production;
mod risky;
mod scan;
mod schema;

pub use error::{ConfigError, ConfigErrorKind};
pub use load::{ConfigSource, LoadedConfig, load, load_file};
pub use model::*;
pub use paths::{default_data_dir, default_key_dir, default_path};
pub use production::{MAX_CAMERA_SIDE, Problem};
pub use risky::{MAX_AUDIT_DAYS, MAX_FAILED_SIGN_INS, MAX_IDLE_LOCK_MINUTES, MIN_AUDIT_DAYS, MIN_REVIEW_DAYS};
pub use scan::ScanConfig;
pub use schema::{config_reference, json_schema};
