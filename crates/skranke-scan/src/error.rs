//! Why a scanner's file or a page of it cannot be used; each variant has a stable `scan_*` code
//! that the edge turns into one Danish message.

/// A scan that cannot be used, and why.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The configured card layout is impossible (a field outside the card, a zero size).
    #[error("card layout: {0}")]
    Layout(String),
}

impl ScanError {
    /// The stable code for the message table (`scan_*`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Layout(_) => "scan_layout_invalid",
        }
    }
}
