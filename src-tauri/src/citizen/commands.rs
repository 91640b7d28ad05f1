//! The citizen window's one command. Registered beside the main window's (crate::commands) but
//! not in skranke-api's COMMANDS: only capabilities/citizen.json allows it.
use super::display::CitizenDisplay;
use super::view::CitizenView;
use super::window::CITIZEN_LABEL;
use skranke_api::{ApiError, Code};
use tauri::State;
use tauri::ipc::{Channel, InvokeResponseBody};

include!("command_list.rs");

/// The handler of [`CITIZEN_COMMANDS`].
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![citizen_listen]
}

/// The citizen window listens: views go over `on_view` (the current one at once), preview frames
/// (capture time header and JPEG, as `camera_start` sends them) over `on_frame`. Only the citizen
/// window may call it (its capability, and this check of the caller).
#[tauri::command(rename_all = "camelCase")]
pub fn citizen_listen(
    window: tauri::Window,
    citizen: State<'_, CitizenDisplay>,
    on_view: Channel<CitizenView>,
    on_frame: Channel<InvokeResponseBody>,
) -> Result<(), ApiError> {
    if window.label() != CITIZEN_LABEL {
        return Err(ApiError::new(Code::Forbidden, "citizen_listen is for the citizen window only"));
    }
    if !citizen.enabled() {
        return Err(ApiError::new(Code::Forbidden, "the citizen window is not configured"));
    }
    citizen.connect(
        move |view| on_view.send(view).is_ok(),
        move |frame| on_frame.send(InvokeResponseBody::Raw(frame)).is_ok(),
    );
    Ok(())
}
