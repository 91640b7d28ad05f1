//! Why a scanner's file or a page of it cannot be used; each variant has a stable `scan_*` code
//! that the edge turns into one Danish message.

/// A scan that cannot be used, and why.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The configured card layout is impossible (a field outside the card, a zero size).
    #[error("card layout: {0}")]
    Layout(String),
    /// No card of the layout's size with clear edges on the page (a blank page, a card cut off
    /// by the glass's edge, a resolution far from the file's stated dpi).
    #[error("no card found on the page")]
    NoCard,
    /// The face detector could not run (its models missing or broken).
    #[error("face detector: {0}")]
    FaceModel(String),
    /// The scanner's file cannot be read: corrupt, truncated, or a part of it a decoder rejects.
    #[error("unreadable scan: {0}")]
    Unreadable(String),
    /// The file is not JPEG, PNG, TIFF or PDF, or uses a feature of one that Skranke does not read
    /// (a colour type, a PDF page without a scanned image).
    #[error("unsupported scan: {0}")]
    Unsupported(String),
    /// A PDF page's image is encoded in a way Skranke does not decode (CCITT fax, JBIG2, JPEG
    /// 2000, ...): the scanner should be set to JPEG or lossless colour/grey.
    #[error("unsupported PDF image encoding {encoding} on page {page}")]
    UnsupportedPdfImage {
        /// The 1-based page number in the PDF.
        page: u32,
        /// The filter, e.g. `CCITTFaxDecode`.
        encoding: String,
    },
    /// The file or a page is larger than a scanner would produce for a stamkort (the limits in
    /// `pages`), refused before decoding so it cannot exhaust memory.
    #[error("scan too large: {0}")]
    TooLarge(String),
    /// The file holds no page.
    #[error("the scan holds no page")]
    Empty,
    /// The scan's resolution is not a positive number of dots per inch, so nothing on it can be
    /// measured in millimetres.
    #[error("invalid scan resolution: {0} dpi")]
    InvalidDpi(f64),
    /// The photo checks could not run on the scanned photo (the face models missing or failing).
    #[error("photo check: {0}")]
    PhotoCheck(#[source] skranke_photo::PhotoError),
    /// A crop the clerk gave cannot be cut (corners too close together or not numbers).
    #[error("bad crop: {0}")]
    BadCrop(String),
}

impl skranke_core::HasCode for ScanError {
    /// The typed code the façade and the UI's message table use. The face models failing is the
    /// photo engine's own code (IT's fix is the same as at the counter).
    fn code(&self) -> skranke_core::Code {
        use skranke_core::Code;
        match self {
            Self::Layout(_) => Code::ScanLayoutInvalid,
            Self::NoCard => Code::ScanNoCard,
            Self::FaceModel(_) => Code::PhotoModelError,
            Self::PhotoCheck(e) => skranke_core::HasCode::code(e),
            Self::Unreadable(_) => Code::ScanUnreadable,
            Self::Unsupported(_) | Self::UnsupportedPdfImage { .. } => Code::ScanUnsupported,
            Self::TooLarge(_) => Code::ScanTooLarge,
            Self::Empty => Code::ScanEmpty,
            Self::InvalidDpi(_) => Code::ScanInvalidDpi,
            Self::BadCrop(_) => Code::ScanBadCrop,
        }
    }
}

impl ScanError {
    /// The stable code for the message table (`scan_*`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Layout(_) => "scan_layout_invalid",
            Self::NoCard => "scan_no_card",
            Self::FaceModel(_) => "scan_face_model",
            Self::Unreadable(_) => "scan_unreadable",
            Self::Unsupported(_) | Self::UnsupportedPdfImage { .. } => "scan_unsupported",
            Self::TooLarge(_) => "scan_too_large",
            Self::Empty => "scan_empty",
            Self::InvalidDpi(_) => "scan_invalid_dpi",
            Self::PhotoCheck(_) => "scan_photo_check",
            Self::BadCrop(_) => "scan_bad_crop",
        }
    }
}
