//! Frame sources: the project's own camera trait, a nokhwa source for real cameras and a replay source for tests and demo.
#![deny(missing_docs)]
