//! Domain types shared by every Skranke crate: CPR number, case, capture bundle.
#![deny(missing_docs)]
