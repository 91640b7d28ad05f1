//! [`BundleBuilder`]: collects the header, the person snapshot, flags and parts, checks them once
//! (required parts present, content looks like its kind, overrides where checks failed, no pad
//! serial number in the strokes, hashes computed) and encodes the bundle. The same checks run
//! again when a bundle is read, except the two that only new bundles must meet (override reason
//! limits, no pad serial number), so older bundles stay readable.
use std::collections::BTreeMap;

use super::Source;
use super::container::{self, Entry};
use super::{
    Bundle, BundleError, CaptureHeader, Flags, MANIFEST_NAME, Manifest, Override, PartEntry, PartKind, PersonSnapshot,
    SCHEMA_VERSION, ScanDetails, check_override_reason, sha256_hex,
};
use crate::{CheckReport, Verdict};

/// Builds a [`Bundle`].
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use skranke_core::{BundleBuilder, CaptureHeader, CheckReport, Cpr, PartKind, PersonSnapshot, Source};
///
/// let header = CaptureHeader {
///     capture_id: uuid::Uuid::now_v7(),
///     created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
///     municipality: "0101".into(),
///     workstation: "ks-01".into(),
///     clerk: "clerk1".into(),
///     case_ref: "K-2026-0001".into(),
///     source: Source::Scan,
/// };
/// let person = PersonSnapshot::from_cpr(Cpr::parse("0707614285").unwrap(), "Test Testesen");
/// let ok = CheckReport::from_checks(vec![]);
/// let bundle = BundleBuilder::new(header, person)
///     .photo_jpeg(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0])
///     .photo_report(&ok)
///     .signature_png(b"\x89PNG\r\n\x1a\n....".to_vec())
///     .signature_report(&ok)
///     .build()
///     .unwrap();
/// let again = skranke_core::Bundle::read(bundle.as_bytes()).unwrap();
/// assert_eq!(again.part(PartKind::Photo), bundle.part(PartKind::Photo));
/// ```
#[derive(Clone)]
pub struct BundleBuilder {
    pub(super) header: CaptureHeader,
    pub(super) person: PersonSnapshot,
    pub(super) flags: Flags,
    pub(super) parts: Vec<(PartKind, Result<Vec<u8>, BundleError>)>,
    pub(super) scan: Option<ScanDetails>,
}

/// Like [`Bundle`]'s: the header, the masked person and the flags, but each part only as its
/// size, never its bytes (a portrait, a signature, pen strokes).
impl std::fmt::Debug for BundleBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<(PartKind, Result<usize, &BundleError>)> =
            self.parts.iter().map(|(kind, bytes)| (*kind, bytes.as_ref().map(Vec::len))).collect();
        f.debug_struct("BundleBuilder")
            .field("header", &self.header)
            .field("person", &self.person)
            .field("flags", &self.flags)
            .field("part_sizes", &parts)
            .finish()
    }
}

impl BundleBuilder {
    /// Starts a bundle for one capture and person.
    pub fn new(header: CaptureHeader, person: PersonSnapshot) -> Self {
        Self { header, person, flags: Flags::default(), parts: Vec::new(), scan: None }
    }

    /// The CPR lookup could not be made; the number was only validated locally.
    pub fn cpr_unverified(mut self, yes: bool) -> Self {
        self.flags.cpr_unverified = yes;
        self
    }

    /// The person has name and address protection.
    pub fn protected_address(mut self, yes: bool) -> Self {
        self.flags.protected_address = yes;
        self
    }

    /// The photo checks were overridden, with this reason.
    pub fn photo_override(mut self, reason: impl Into<String>) -> Self {
        self.flags.photo_override = Some(Override { reason: reason.into() });
        self
    }

    /// The signature checks were overridden, with this reason.
    pub fn signature_override(mut self, reason: impl Into<String>) -> Self {
        self.flags.signature_override = Some(Override { reason: reason.into() });
        self
    }

    /// How the stamkort was scanned (a `source = scan` bundle only: refused on a counter capture).
    pub fn scan(mut self, details: ScanDetails) -> Self {
        self.scan = Some(details);
        self
    }

    /// Adds a part's bytes as they are.
    pub fn part(mut self, kind: PartKind, bytes: Vec<u8>) -> Self {
        self.parts.push((kind, Ok(bytes)));
        self
    }

    /// The cropped portrait (JPEG).
    pub fn photo_jpeg(self, bytes: Vec<u8>) -> Self {
        self.part(PartKind::Photo, bytes)
    }

    /// The rendered signature (PNG).
    pub fn signature_png(self, bytes: Vec<u8>) -> Self {
        self.part(PartKind::Signature, bytes)
    }

    /// The pen strokes file (JSON, as skranke-signature writes it): the pen's timing and pressure,
    /// dynamic biometric data. Optional for every source; the caller adds it only when the
    /// installation has chosen to send pen data (`[bundle] include_pen_data`), and without the
    /// pad's serial number (`device.serial` is refused by [`BundleBuilder::build`]).
    pub fn strokes_json(self, bytes: Vec<u8>) -> Self {
        self.part(PartKind::Strokes, bytes)
    }

    /// The photo check report.
    pub fn photo_report(self, report: &CheckReport) -> Self {
        self.report(PartKind::PhotoReport, report)
    }

    /// The signature check report.
    pub fn signature_report(self, report: &CheckReport) -> Self {
        self.report(PartKind::SignatureReport, report)
    }

    fn report(mut self, kind: PartKind, report: &CheckReport) -> Self {
        let bytes = serde_json::to_vec(report)
            .map_err(|_| BundleError::InvalidPart { kind, reason: "report does not serialise" });
        self.parts.push((kind, bytes));
        self
    }

    /// Checks everything and encodes the bundle. Two rules apply to new bundles only, so a bundle
    /// written before them stays readable: an override reason must pass [`check_override_reason`]
    /// (length, control characters), and the strokes must not name the pad's serial number
    /// ([`BundleError::InvalidPart`] for `strokes`).
    pub fn build(self) -> Result<Bundle, BundleError> {
        for over in [&self.flags.photo_override, &self.flags.signature_override].into_iter().flatten() {
            check_override_reason(Some(&over.reason))?;
        }
        let mut parts = BTreeMap::new();
        for (kind, bytes) in self.parts {
            if parts.insert(kind, bytes?).is_some() {
                return Err(BundleError::DuplicatePart(kind));
            }
        }
        if let Some(strokes) = parts.get(&PartKind::Strokes) {
            check_no_device_identifier(strokes)?;
        }
        let entries = parts
            .iter()
            .map(|(kind, bytes)| PartEntry {
                kind: *kind,
                name: kind.file_name().to_string(),
                media_type: kind.media_type().to_string(),
                size: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect();
        let h = self.header;
        let manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            capture_id: h.capture_id,
            created_at: h.created_at,
            municipality: h.municipality,
            workstation: h.workstation,
            clerk: h.clerk,
            case_ref: h.case_ref,
            source: h.source,
            person: self.person,
            flags: self.flags,
            parts: entries,
            scan: self.scan,
        };
        validate(&manifest, &parts)?;
        encode(manifest, parts)
    }
}

/// Encodes a validated manifest and its parts.
fn encode(manifest: Manifest, parts: BTreeMap<PartKind, Vec<u8>>) -> Result<Bundle, BundleError> {
    let json = serde_json::to_vec(&manifest).map_err(|e| BundleError::InvalidManifest(e.to_string()))?;
    let mut entries = vec![Entry { name: MANIFEST_NAME, data: &json }];
    entries.extend(
        manifest.parts.iter().filter_map(|p| parts.get(&p.kind).map(|d| Entry { name: p.kind.file_name(), data: d })),
    );
    let bytes = container::encode(&entries)?;
    Ok(Bundle { manifest, parts, bytes })
}

/// The content rules shared by building and reading. `parts` are the bytes by kind; the manifest's
/// part entries must already describe exactly these parts.
pub(crate) fn validate(manifest: &Manifest, parts: &BTreeMap<PartKind, Vec<u8>>) -> Result<(), BundleError> {
    if manifest.capture_id.get_version_num() != 7 {
        return Err(BundleError::InvalidCaptureId);
    }
    for (name, value) in [
        ("municipality", &manifest.municipality),
        ("workstation", &manifest.workstation),
        ("clerk", &manifest.clerk),
        ("case_ref", &manifest.case_ref),
        ("card_name", &manifest.person.card_name),
    ] {
        if value.trim().is_empty() || value.chars().any(char::is_control) {
            return Err(BundleError::InvalidField(name));
        }
    }
    if manifest.scan.is_some() && manifest.source != Source::Scan {
        return Err(BundleError::InvalidManifest("scan details on a capture that was not scanned".into()));
    }
    if manifest.scan.is_some_and(|s| !(50..=2400).contains(&s.dpi)) {
        return Err(BundleError::InvalidManifest("scan resolution outside 50-2400 dpi".into()));
    }
    // Strokes are optional for every source: present only when the installation sends pen data.
    // Older counter bundles, which always had them, still read.
    for kind in [PartKind::Photo, PartKind::PhotoReport, PartKind::Signature, PartKind::SignatureReport] {
        if !parts.contains_key(&kind) {
            return Err(BundleError::MissingPart(kind));
        }
    }
    for (kind, bytes) in parts {
        check_content(*kind, bytes)?;
    }
    for (report, over) in [
        (PartKind::PhotoReport, &manifest.flags.photo_override),
        (PartKind::SignatureReport, &manifest.flags.signature_override),
    ] {
        if over.as_ref().is_some_and(|o| o.reason.trim().is_empty()) {
            return Err(BundleError::EmptyOverrideReason);
        }
        let verdict = parts
            .get(&report)
            .and_then(|b| serde_json::from_slice::<CheckReport>(b).ok())
            .map(|r| r.verdict)
            .ok_or(BundleError::InvalidPart { kind: report, reason: "not a check report" })?;
        if verdict == Verdict::Fail && over.is_none() {
            let part = if report == PartKind::PhotoReport { PartKind::Photo } else { PartKind::Signature };
            return Err(BundleError::OverrideRequired(part));
        }
    }
    Ok(())
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The fields of the strokes' `device` object (skranke-signature's `DeviceMeta`) that identify one
/// physical pad rather than a kind of pad. A new bundle never carries them.
const DEVICE_IDENTIFIERS: [&str; 1] = ["serial"];

/// Refuses strokes whose top-level `device` object names the pad's serial number (a non-null
/// value). Only the `device` object is materialised; the samples are skipped. A strokes part that
/// is not a JSON object has no such field to refuse (its JSON validity is [`check_content`]'s job).
fn check_no_device_identifier(bytes: &[u8]) -> Result<(), BundleError> {
    #[derive(serde::Deserialize)]
    struct Strokes {
        #[serde(default)]
        device: Option<serde_json::Value>,
    }
    // serde would also read a struct from an array; only an object has named fields.
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Ok(());
    }
    let device = serde_json::from_slice::<Strokes>(bytes).ok().and_then(|s| s.device);
    let identified = device
        .as_ref()
        .and_then(serde_json::Value::as_object)
        .is_some_and(|d| DEVICE_IDENTIFIERS.iter().any(|k| d.get(*k).is_some_and(|v| !v.is_null())));
    if identified {
        return Err(BundleError::InvalidPart { kind: PartKind::Strokes, reason: "names the pad's serial number" });
    }
    Ok(())
}

fn check_content(kind: PartKind, bytes: &[u8]) -> Result<(), BundleError> {
    let invalid = |reason| Err(BundleError::InvalidPart { kind, reason });
    if bytes.len() > container::MAX_ENTRY_BYTES {
        return Err(BundleError::TooLarge);
    }
    match kind {
        PartKind::Photo if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => invalid("not a JPEG"),
        PartKind::Signature if !bytes.starts_with(PNG_SIGNATURE) => invalid("not a PNG"),
        PartKind::PhotoReport | PartKind::SignatureReport if serde_json::from_slice::<CheckReport>(bytes).is_err() => {
            invalid("not a check report")
        }
        PartKind::Strokes if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_err() => invalid("not JSON"),
        _ => Ok(()),
    }
}
