//! Signatures: stroke model and file format, validation, rendering, and pad drivers.
#![deny(missing_docs)]
