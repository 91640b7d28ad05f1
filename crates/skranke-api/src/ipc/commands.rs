// The one list of the commands the UI may call. Included (not a module) by `super` (crate::ipc)
// and by src-tauri/build.rs, which makes one `allow-<command>` permission of each; the
// `crate::ipc` tests check src-tauri/src/commands.rs and capabilities/main.json against it.
/// Every Tauri command of the app, in the order of docs/ipc.md.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "sign_in",
    "sign_in_start",
    "sign_in_finish",
    "sign_in_cancel",
    "sign_out",
    "session_view",
    "session_lock",
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
];
