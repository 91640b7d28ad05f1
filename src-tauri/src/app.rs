//! Opens the desktop app: checks the display, opens the `Skranke` façade, starts logging and runs Tauri.
use skranke_api::{OpenOptions, Skranke, logging};
use skranke_cli::{Cli, exit};

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

    let result = tauri::Builder::default()
        .manage(app)
        .setup(|tauri_app| {
            crate::sender::spawn(tauri_app.handle().clone());
            crate::retention::spawn(tauri_app.handle().clone());
            crate::session_watch::spawn(tauri_app.handle().clone());
            Ok(())
        })
        .invoke_handler(crate::commands::handler())
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
