// The commands of the citizen window, included (not a module) by `commands` and by
// src-tauri/build.rs, which makes an `allow-<command>` permission of each for
// capabilities/citizen.json. Not in skranke-api's COMMANDS: the main window may not call them.
/// Every Tauri command of the citizen window.
pub const CITIZEN_COMMANDS: &[&str] = &["citizen_listen"];
