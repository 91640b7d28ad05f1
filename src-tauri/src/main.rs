//! The `skranke` binary: with no subcommand it opens the app, otherwise it runs a headless command
//! of `skranke-cli`. All logic lives in the crates; this crate only adapts them to Tauri.
#![cfg_attr(all(not(debug_assertions), windows), windows_subsystem = "windows")]

mod app;
mod citizen;
mod commands;
mod display;
mod heap;
mod retention;
mod sender;
mod session_watch;
mod webview_memory;
mod webview_recovery;
mod webview_renderer;

use std::process::ExitCode;

fn main() -> ExitCode {
    heap::limit_malloc_arenas();
    webview_renderer::without_gpu_use_the_plain_renderer();
    // A headless command from cmd or PowerShell shows its output (the Windows release build is a
    // GUI program); opening the app (no arguments) leaves the console alone.
    if std::env::args_os().len() > 1 {
        skranke_api::attach_parent_console();
    }
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let code = match skranke_cli::run(std::env::args_os(), &mut stdout, &mut stderr) {
        skranke_cli::Outcome::Exit(code) => code,
        skranke_cli::Outcome::OpenApp(cli) => app::run(&cli),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
