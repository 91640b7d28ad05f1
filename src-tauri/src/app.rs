//! Opens the desktop app: checks the display, opens the `Skranke` façade, starts logging and runs Tauri.
use skranke_api::{OpenOptions, Skranke, logging};
use skranke_cli::{Cli, exit};
use tauri::Manager;

/// Runs the app until its window closes; returns the process exit code.
pub fn run(cli: &Cli) -> i32 {
    if let Err(message) = crate::display::check_display() {
        eprintln!("skranke: {message}");
        return exit::ENVIRONMENT;
    }
    let app = match Skranke::open(OpenOptions { config_path: cli.config.as_deref() }) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("skranke: Skranke kan ikke starte ({}): {}", e.code.as_str(), e.message);
            return exit::ENVIRONMENT;
        }
    };
    let logging_config = app.config().logging.clone();
    let _log_guard = logging::init(
        &logging_config.level,
        logging_config.keep_files,
        &app.data_dir().logs(),
        logging::LogTarget::FilesAndStderr,
    );
    tracing::info!(version = skranke_api::VERSION, mode = ?app.config().mode, "starting Skranke");
    // Demo mode starts the embedded simulators here, on Tauri's runtime, so they live as long as the app.
    let app = tauri::async_runtime::block_on(app.connect_or_degrade());
    let citizen = crate::citizen::CitizenDisplay::new(app.config().ui.citizen_display);
    let citizen_enabled = citizen.enabled();
    let main_commands = crate::commands::handler();
    let citizen_commands = crate::citizen::handler();

    let result = tauri::Builder::default()
        // The system's file dialog, for the scans a clerk opens (Scanning, "Åbn fil").
        .plugin(tauri_plugin_dialog::init())
        .manage(app)
        .manage(citizen)
        .setup(move |tauri_app| {
            if let Some(main) = tauri_app.get_webview_window("main") {
                crate::webview_memory::keep_no_dead_cache(&main);
                crate::webview_recovery::reload_after_crash(&main);
            }
            crate::sender::spawn(tauri_app.handle().clone());
            crate::retention::spawn(tauri_app.handle().clone());
            crate::session_watch::spawn(tauri_app.handle().clone());
            // The counter works without the citizen's window: a failure to open it is logged.
            if citizen_enabled && let Err(e) = crate::citizen::open(tauri_app.handle()) {
                tracing::error!(error = %e, "cannot open the citizen window");
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if window.label() == "main" && matches!(event, tauri::WindowEvent::Destroyed) {
                crate::citizen::close(window.app_handle());
            }
        })
        // Each window's commands; its capability says which it may call.
        .invoke_handler(move |invoke| {
            if crate::citizen::CITIZEN_COMMANDS.contains(&invoke.message.command()) {
                citizen_commands(invoke)
            } else {
                main_commands(invoke)
            }
        })
        .build(tauri::generate_context!());
    match result {
        Ok(tauri_app) => {
            tauri_app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    crate::retention::checkpoint(handle, "closing");
                }
            });
            exit::OK
        }
        Err(e) => {
            tracing::error!(error = %e, "the app stopped with an error");
            eprintln!("skranke: {e}");
            exit::ENVIRONMENT
        }
    }
}
