//! Generates the Tauri context and one permission per app command (see capabilities/main.json).
//! The command list is skranke-api's (src/ipc/commands.rs), the one list of the IPC contract, and
//! the citizen window's (src/citizen/command_list.rs, see capabilities/citizen.json).
include!("../crates/skranke-api/src/ipc/commands.rs");
include!("src/citizen/command_list.rs");

fn main() {
    // Every command of both windows needs a permission; a capability grants each to its window.
    let all: &'static [&'static str] = Vec::leak(COMMANDS.iter().chain(CITIZEN_COMMANDS).copied().collect());
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(all)))
        .expect("tauri build script failed");
}
