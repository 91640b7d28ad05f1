//! Where the configuration and the data live on each platform.
use std::path::PathBuf;

/// The machine-wide configuration file: `%ProgramData%\Skranke\config.toml` on Windows,
/// `/etc/skranke/config.toml` elsewhere. Municipal IT deploys it centrally.
pub fn default_path() -> PathBuf {
    #[cfg(windows)]
    {
        let base =
            std::env::var_os("ProgramData").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        base.join("Skranke").join("config.toml")
    }
    #[cfg(not(windows))]
    {
        PathBuf::from("/etc/skranke/config.toml")
    }
}

/// The data directory used when the configuration names none: machine-wide on Windows (the outbox
/// belongs to the counter PC, not to one clerk), per user elsewhere. Demo mode uses a directory of
/// its own so a demo never touches production data.
pub fn default_data_dir(demo: bool) -> PathBuf {
    #[cfg(windows)]
    {
        let base =
            std::env::var_os("ProgramData").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        base.join("Skranke").join(if demo { "demo-data" } else { "data" })
    }
    #[cfg(not(windows))]
    {
        let leaf = if demo { "skranke-demo" } else { "skranke" };
        dirs::data_local_dir().unwrap_or_else(std::env::temp_dir).join(leaf)
    }
}

/// The folder of the outbox master key file when the configuration names none: beside, never
/// inside, the data directory (`%ProgramData%\Skranke\keys` on Windows, the user's configuration
/// folder elsewhere).
pub fn default_key_dir() -> PathBuf {
    #[cfg(windows)]
    {
        let base =
            std::env::var_os("ProgramData").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        base.join("Skranke").join("keys")
    }
    #[cfg(not(windows))]
    {
        dirs::config_dir().unwrap_or_else(std::env::temp_dir).join("skranke").join("keys")
    }
}
