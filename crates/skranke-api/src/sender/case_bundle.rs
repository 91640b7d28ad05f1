//! The capture bundle of a case: who (the CPR snapshot the producer needs, never an address),
//! what (photo, signature image, both reports; pen strokes only when `[bundle] include_pen_data`,
//! and never with the pad's serial number), and the flags (unverified CPR, protected address,
//! overrides). Also the verified copy that replaces an unverified bundle before its
//! first upload, and the plaintext-free metadata the outbox row keeps for lists.
use crate::case_desk::{OpenCase, RegisterPerson};
use crate::photo_capture::AcceptedPhoto;
use crate::signature_capture::AcceptedSignature;
use crate::{ApiError, Code};
use chrono::{DateTime, Utc};
use skranke_core::Cpr;
use skranke_core::{Bundle, BundleBuilder, CaptureHeader, Manifest, PartKind, PersonSnapshot, Source};

/// The card name of a bundle built while the CPR service could not be reached. Such a bundle is
/// never uploaded: the sender looks the number up first and rebuilds it ([`verified_copy`]).
pub const UNVERIFIED_CARD_NAME: &str = "CPR ikke verificeret";

/// Who built the bundle and where.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Municipality code (`municipality.code`).
    pub municipality: String,
    /// Workstation name.
    pub workstation: String,
    /// The clerk's user id.
    pub clerk: String,
    /// Counter or scan.
    pub source: Source,
    /// Whether the pen strokes go into the bundle (`[bundle] include_pen_data`).
    pub pen_data: PenData,
    /// A scan's resolution (dpi), carried in the manifest; `None` at the counter.
    pub scan_dpi: Option<u32>,
}

/// Whether a new bundle carries the pen strokes: the pen's timing and pressure, dynamic biometric
/// data (GDPR art. 9). The card needs only the signature image, so the default leaves them out;
/// an installation that must keep them for later verification turns `[bundle] include_pen_data`
/// on. Either way the pad's serial number is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PenData {
    /// No strokes part (the default).
    #[default]
    Omit,
    /// A strokes part, without the pad's identifiers.
    Include,
}

impl PenData {
    /// The installation's choice.
    pub fn from_config(bundle: &skranke_config::BundleConfig) -> Self {
        if bundle.include_pen_data { Self::Include } else { Self::Omit }
    }
}

/// The producer's view of a person from a register answer: the number the case goes on with,
/// the card name, birth date and sex.
pub fn snapshot(number: Cpr, person: &RegisterPerson) -> PersonSnapshot {
    PersonSnapshot { number, card_name: person.name.clone(), birth_date: number.birth_date(), sex: person.sex }
}

/// Builds the bundle of an open case with its accepted photo and signature, each with the reason
/// it is used though failing, if it carries one. The strokes go in only when `origin.pen_data` says so, and then without the pad's serial
/// number ([`skranke_signature::StrokeFile::without_device_identifiers`]).
pub fn bundle_case(
    case: &OpenCase,
    photo: &AcceptedPhoto,
    signature: &AcceptedSignature,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<Bundle, ApiError> {
    let person = match &case.person {
        Some(p) => snapshot(case.number, p),
        None => PersonSnapshot::from_cpr(case.number, UNVERIFIED_CARD_NAME),
    };
    let header = CaptureHeader {
        capture_id: case.id,
        created_at: now,
        municipality: origin.municipality.clone(),
        workstation: origin.workstation.clone(),
        clerk: origin.clerk.clone(),
        case_ref: case.case_ref.clone(),
        source: origin.source,
    };
    let mut b = BundleBuilder::new(header, person)
        .cpr_unverified(!case.cpr_verified())
        .protected_address(case.protected_address())
        .photo_jpeg(photo.jpeg.clone())
        .photo_report(&photo.report)
        .signature_png(signature.png.clone())
        .signature_report(&signature.report);
    if let (PenData::Include, Some(strokes)) = (origin.pen_data, &signature.strokes) {
        let strokes = serde_json::to_vec(&strokes.without_device_identifiers())
            .map_err(|e| ApiError::new(Code::Internal, format!("strokes: {e}")))?;
        b = b.strokes_json(strokes);
    }
    if let Some(reason) = &photo.override_reason {
        b = b.photo_override(reason.clone());
    }
    if let Some(reason) = &signature.override_reason {
        b = b.signature_override(reason.clone());
    }
    if let Some(dpi) = origin.scan_dpi {
        b = b.scan(skranke_core::ScanDetails { dpi });
    }
    b.build().map_err(ApiError::from)
}

/// The same capture rebuilt with the register's answer: same id, time, parts and overrides; the
/// person from the register; `cpr_unverified` cleared; `protected_address` from the register.
/// Whatever parts the bundle has are copied (with or without strokes); strokes lose a pad serial
/// number that an older bundle may carry.
pub fn verified_copy(bundle: &Bundle, number: Cpr, person: &RegisterPerson) -> Result<Bundle, ApiError> {
    copy_with(bundle, snapshot(number, person), false, person.address_protected, PenData::Include)
}

/// The same capture marked `cpr_unverified`, so the sender looks the person up again (and rebuilds
/// it with the register's answer) before it is ever sent: for bundles from files (`skranke queue
/// add`), whose lookup this installation did not make. With `pen` [`PenData::Omit`] (this
/// installation's `[bundle] include_pen_data = false`) the pen strokes a file carries are dropped.
pub fn unverified_copy(bundle: &Bundle, pen: PenData) -> Result<Bundle, ApiError> {
    let m = bundle.manifest();
    copy_with(bundle, m.person.clone(), true, m.flags.protected_address, pen)
}

fn copy_with(
    bundle: &Bundle,
    person: PersonSnapshot,
    cpr_unverified: bool,
    protected: bool,
    pen: PenData,
) -> Result<Bundle, ApiError> {
    let m = bundle.manifest();
    let header = CaptureHeader {
        capture_id: m.capture_id,
        created_at: m.created_at,
        municipality: m.municipality.clone(),
        workstation: m.workstation.clone(),
        clerk: m.clerk.clone(),
        case_ref: m.case_ref.clone(),
        source: m.source,
    };
    let mut b = BundleBuilder::new(header, person).cpr_unverified(cpr_unverified).protected_address(protected);
    if let Some(o) = &m.flags.photo_override {
        b = b.photo_override(o.reason.clone());
    }
    if let Some(o) = &m.flags.signature_override {
        b = b.signature_override(o.reason.clone());
    }
    if let Some(scan) = m.scan {
        b = b.scan(scan);
    }
    for entry in m.parts.iter().filter(|e| pen == PenData::Include || e.kind != PartKind::Strokes) {
        let bytes = bundle
            .part(entry.kind)
            .ok_or(ApiError::new(Code::BundleMissingPart, format!("part {}", entry.kind.name())))?;
        // Strokes of a bundle written before the serial-number rule lose it here (the builder
        // refuses it); every other part, and clean strokes, are copied byte for byte.
        let bytes = match entry.kind {
            PartKind::Strokes => skranke_signature::strip_device_identifiers(bytes)?.into_owned(),
            _ => bytes.to_vec(),
        };
        b = b.part(entry.kind, bytes);
    }
    b.build().map_err(ApiError::from)
}

/// What the outbox row keeps in plain text for lists: no name, no full number, no address.
pub fn outbox_meta(m: &Manifest) -> serde_json::Value {
    serde_json::json!({
        "case_ref": m.case_ref,
        "cpr_masked": m.person.number.masked(),
        "clerk": m.clerk,
        "source": m.source,
        "created_at": m.created_at,
        "cpr_unverified": m.flags.cpr_unverified,
        "photo_override": m.flags.photo_override.is_some(),
        "signature_override": m.flags.signature_override.is_some(),
        "parts": m.parts.iter().map(|p| p.kind.name()).collect::<Vec<_>>(),
    })
}
