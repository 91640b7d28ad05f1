//! The skranke command line: headless subcommands for IT and scripting, all calling skranke-api.
#![deny(missing_docs)]
