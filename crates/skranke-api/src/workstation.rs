//! The name of this counter PC, for audit entries and bundles.

/// The configured name, else the host name, else `unknown`.
pub fn workstation_name(configured: Option<&str>) -> String {
    if let Some(name) = configured.map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_string();
    }
    #[cfg(windows)]
    let host = std::env::var("COMPUTERNAME").ok();
    #[cfg(not(windows))]
    let host = std::fs::read_to_string("/etc/hostname").ok().or_else(|| std::env::var("HOSTNAME").ok());
    host.map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn configured_name_wins_and_blank_falls_back() {
        assert_eq!(super::workstation_name(Some(" SKRANKE-07 ")), "SKRANKE-07");
        assert!(!super::workstation_name(Some("  ")).is_empty());
    }
}
