//! The manifest of a capture bundle: who captured what, for whom, and the SHA-256 and size of
//! every part. It carries only what the card producer needs about the person (number, name for
//! the card, birth date, sex). There is no address field anywhere, and unknown fields are
//! rejected when a manifest is read, so an address cannot be smuggled in either.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::BundleError;
use crate::{Cpr, Sex};

/// The manifest schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the capture came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Taken at the counter (camera and signature pad).
    Counter,
    /// A scanned paper stamkort (no pen strokes).
    Scan,
}

/// The kinds of part a bundle carries; each has a fixed file name and media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The cropped portrait, JPEG.
    Photo,
    /// The photo check report, JSON ([`crate::CheckReport`]).
    PhotoReport,
    /// The rendered signature, PNG.
    Signature,
    /// The signature check report, JSON ([`crate::CheckReport`]).
    SignatureReport,
    /// The pen strokes (time series with timing and pressure: dynamic biometric data), JSON.
    /// Optional: present only when the installation sends pen data (`[bundle] include_pen_data`),
    /// never with the pad's serial number.
    Strokes,
}

impl PartKind {
    /// Every kind, in the order parts appear in a bundle.
    pub const ALL: [PartKind; 5] =
        [Self::Photo, Self::PhotoReport, Self::Signature, Self::SignatureReport, Self::Strokes];

    /// The entry name inside the container.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Photo => "photo.jpg",
            Self::PhotoReport => "photo-report.json",
            Self::Signature => "signature.png",
            Self::SignatureReport => "signature-report.json",
            Self::Strokes => "strokes.json",
        }
    }

    /// The media type of the content.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Photo => "image/jpeg",
            Self::Signature => "image/png",
            Self::PhotoReport | Self::SignatureReport | Self::Strokes => "application/json",
        }
    }

    /// The snake_case name used in the manifest and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::PhotoReport => "photo_report",
            Self::Signature => "signature",
            Self::SignatureReport => "signature_report",
            Self::Strokes => "strokes",
        }
    }
}

impl std::fmt::Display for PartKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The person data the card producer needs, and nothing more (never an address).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonSnapshot {
    /// The CPR number the case went on with (after a number change, the current one).
    pub number: Cpr,
    /// The name as printed on the card (`personadresseringsnavn`).
    pub card_name: String,
    /// The birth date.
    pub birth_date: NaiveDate,
    /// The sex.
    pub sex: Sex,
}

impl PersonSnapshot {
    /// A snapshot whose birth date and sex come from the number itself (use the register's values
    /// through the fields when they differ).
    pub fn from_cpr(number: Cpr, card_name: impl Into<String>) -> Self {
        Self { number, card_name: card_name.into(), birth_date: number.birth_date(), sex: number.sex() }
    }
}

/// Masked: a stray `{:?}` in a log shows neither the full number nor the name.
impl std::fmt::Debug for PersonSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonSnapshot")
            .field("number", &self.number)
            .field("card_name", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// An override of failed automatic checks, by a clerk or supervisor, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Why the capture is sent although a check failed (free text, required; at most
    /// [`MAX_OVERRIDE_REASON_CHARS`] characters, no control characters but line breaks).
    pub reason: String,
}

/// The longest override reason, in characters (Unicode scalar values, not bytes) after trimming.
/// A reason is a sentence or two for a supervisor; the UI's text field holds the same limit.
pub const MAX_OVERRIDE_REASON_CHARS: usize = 500;

/// Checks a typed override reason: surrounding white space trimmed; `None` or a blank text is no
/// reason (`Ok(None)`). Refused ([`BundleError::InvalidOverrideReason`]): more than
/// [`MAX_OVERRIDE_REASON_CHARS`] characters, or a control character other than a line break
/// (`\n`, what a multi-line text field gives).
///
/// ```
/// use skranke_core::{BundleError, check_override_reason};
/// assert_eq!(check_override_reason(Some("  Briller godkendt \n")), Ok(Some("Briller godkendt")));
/// assert_eq!(check_override_reason(Some("   ")), Ok(None));
/// assert!(matches!(check_override_reason(Some("a\tb")), Err(BundleError::InvalidOverrideReason(_))));
/// ```
pub fn check_override_reason(reason: Option<&str>) -> Result<Option<&str>, BundleError> {
    let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if reason.chars().count() > MAX_OVERRIDE_REASON_CHARS {
        return Err(BundleError::InvalidOverrideReason("longer than 500 characters"));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(BundleError::InvalidOverrideReason("contains a control character"));
    }
    Ok(Some(reason))
}

/// Flags the producer and the review queue act on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flags {
    /// The CPR lookup could not be made (offline); the number was only validated locally.
    pub cpr_unverified: bool,
    /// The person has name and address protection (the address itself is never in a bundle).
    pub protected_address: bool,
    /// The photo checks were overridden.
    pub photo_override: Option<Override>,
    /// The signature checks were overridden.
    pub signature_override: Option<Override>,
}

/// One part as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartEntry {
    /// What the part is.
    pub kind: PartKind,
    /// Its entry name in the container ([`PartKind::file_name`]).
    pub name: String,
    /// Its media type ([`PartKind::media_type`]).
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
}

/// Who, where and when: the capture's header fields, given to the builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureHeader {
    /// The capture id, a UUIDv7 (the gateway's idempotency key). Make one with [`Uuid::now_v7`].
    pub capture_id: Uuid,
    /// When the capture was made (passed in, not read from a clock here).
    pub created_at: DateTime<Utc>,
    /// The municipality (code or name as configured).
    pub municipality: String,
    /// The workstation id.
    pub workstation: String,
    /// The clerk's user id (not a CPR number).
    pub clerk: String,
    /// The licence case reference.
    pub case_ref: String,
    /// Counter or scan.
    pub source: Source,
}

/// The manifest of a bundle (`manifest.json`, the first entry of the container).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// UUIDv7.
    pub capture_id: Uuid,
    /// UTC, RFC 3339.
    pub created_at: DateTime<Utc>,
    /// The municipality.
    pub municipality: String,
    /// The workstation id.
    pub workstation: String,
    /// The clerk's user id.
    pub clerk: String,
    /// The licence case reference.
    pub case_ref: String,
    /// Counter or scan.
    pub source: Source,
    /// The person, as the producer needs it.
    pub person: PersonSnapshot,
    /// Flags.
    pub flags: Flags,
    /// The parts, in [`PartKind::ALL`] order.
    pub parts: Vec<PartEntry>,
    /// How a scanned stamkort was scanned (only with `source = scan`; absent in bundles written
    /// before scanning existed and in `skranke bundle make` files that do not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<ScanDetails>,
}

/// How a paper stamkort was scanned: what the producer needs to judge the photo's print quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanDetails {
    /// The scan's resolution in dots per inch (the photo's pixels are `dpi * 35 / 25.4` across).
    pub dpi: u32,
}

impl Manifest {
    /// The entry for a part kind.
    pub fn part(&self, kind: PartKind) -> Option<&PartEntry> {
        self.parts.iter().find(|p| p.kind == kind)
    }

    /// Whether the bundle carries pen data (timing and pressure): exactly when `parts` lists
    /// `strokes`. The part list is the record; there is no separate flag that could disagree.
    pub fn includes_pen_data(&self) -> bool {
        self.part(PartKind::Strokes).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_names_and_types_that_match_their_extension() {
        let mut names: Vec<&str> = PartKind::ALL.iter().map(|k| k.file_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PartKind::ALL.len());
        for k in PartKind::ALL {
            let ext = k.file_name().rsplit('.').next().unwrap_or_default();
            let expected = match ext {
                "jpg" => "image/jpeg",
                "png" => "image/png",
                "json" => "application/json",
                other => panic!("unexpected extension {other}"),
            };
            assert_eq!(k.media_type(), expected, "{k}");
            assert_eq!(serde_json::to_value(k).ok(), Some(serde_json::Value::from(k.name())));
        }
    }

    #[test]
    fn person_debug_hides_number_and_name() {
        let cpr = Cpr::parse("0707614285").expect("valid test number");
        let p = PersonSnapshot::from_cpr(cpr, "Testperson Hansen");
        let shown = format!("{p:?}");
        assert!(!shown.contains("4285") && !shown.contains("Hansen"), "{shown}");
        assert_eq!(p.sex, Sex::Male);
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1961, 7, 7).expect("date"));
    }
}
