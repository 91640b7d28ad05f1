//! Generates the Tauri context and one permission per app command (see capabilities/main.json).
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(skranke_commands())),
    )
    .expect("tauri build script failed");
}

/// Every command the UI may call; keep in step with `src/commands.rs` and docs/ipc.md.
fn skranke_commands() -> &'static [&'static str] {
    &[
        "app_info",
        "sign_in",
        "sign_out",
        "status",
        "cpr_validate",
        "case_open",
        "case_current",
        "case_close",
        "signature_pad",
        "signature_listen",
        "signature_stop",
        "signature_check",
        "signature_accept",
        "camera_list",
        "camera_select",
        "camera_start",
        "camera_stop",
        "photo_capture",
        "photo_accept",
        "photo_retake",
        "send_case",
        "send_now",
        "queue_list",
    ]
}
