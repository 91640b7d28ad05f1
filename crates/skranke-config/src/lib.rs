//! Skranke configuration: the TOML file IT writes, its defaults, and its validation.
#![deny(missing_docs)]
