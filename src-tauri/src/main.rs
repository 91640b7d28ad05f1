//! The `skranke` binary: with no subcommand it opens the app, otherwise it runs a headless CLI command.
fn main() {}
