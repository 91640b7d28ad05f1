//! Tauri commands: a few lines each, calling the `Skranke` façade. Errors reach the UI as
//! `{code, message}` (see docs/ipc.md); personal data is skipped in traces.
use skranke_api::json::{AppInfo, Role, Status, User};
use skranke_api::{ApiError, Skranke};
use tauri::State;

/// The handler for every command; the list must match `build.rs` and capabilities/main.json.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![app_info, sign_in, sign_out, status]
}

#[tauri::command]
fn app_info(app: State<'_, Skranke>) -> AppInfo {
    app.app_info()
}

#[tauri::command]
#[tracing::instrument(skip(app, name), err(Debug))]
fn sign_in(app: State<'_, Skranke>, role: Role, name: Option<String>) -> Result<User, ApiError> {
    app.sign_in(role, name.as_deref())
}

#[tauri::command]
fn sign_out(app: State<'_, Skranke>) -> Result<(), ApiError> {
    app.sign_out()
}

#[tauri::command]
fn status(app: State<'_, Skranke>) -> Status {
    app.status()
}
