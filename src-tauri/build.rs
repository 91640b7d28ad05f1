//! Generates the Tauri context and one permission per app command (see capabilities/main.json).
//! The command list is skranke-api's (src/ipc/commands.rs), the one list of the IPC contract.
include!("../crates/skranke-api/src/ipc/commands.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
