//! The one façade of Skranke use cases (case, capture, send, review, diagnose) that the Tauri shell and the CLI both call.
#![deny(missing_docs)]
