//! Simulators of the national services Skranke talks to (gateway, CPR), speaking the real protocols on loopback.
#![deny(missing_docs)]
