//! Whether a window can be opened at all: without a display GTK would abort, so say so clearly.

/// `Err` with a clear message when no display is available (Linux/BSD without X11 or Wayland).
pub fn check_display() -> Result<(), String> {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let has = |v: &str| std::env::var_os(v).is_some_and(|s| !s.is_empty());
        if !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
            return Err("Skranke kan ikke åbne sit vindue: der er ingen skærm (hverken DISPLAY eller WAYLAND_DISPLAY er sat). \
                        No display available: set DISPLAY or WAYLAND_DISPLAY, or use a headless subcommand (see `skranke --help`)."
                .into());
        }
    }
    Ok(())
}
