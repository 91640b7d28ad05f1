//! The capture bundle (issue 6.1): one versioned file with a JSON manifest and the parts of a
//! capture (photo JPEG, signature PNG, both check reports, and pen strokes only when the
//! installation sends pen data), each part named in the manifest with its size and SHA-256. Built once by [`BundleBuilder`] (which checks everything),
//! read back by [`Bundle::read`] (which checks everything again, hashes first). The layout is in
//! docs/bundle-format.md.
use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::CheckReport;

mod builder;
mod container;
mod error;
mod manifest;
mod read;

pub use builder::BundleBuilder;
pub use error::BundleError;
pub use manifest::{
    CaptureHeader, Flags, MAX_OVERRIDE_REASON_CHARS, Manifest, Override, PartEntry, PartKind, PersonSnapshot,
    SCHEMA_VERSION, ScanDetails, Source, check_override_reason,
};

/// The name of the first entry of every bundle.
pub const MANIFEST_NAME: &str = "manifest.json";

/// A checked capture bundle: the manifest, the parts, and the encoded file. Only
/// [`BundleBuilder::build`] and [`Bundle::read`] make one, so every `Bundle` has passed the checks.
#[derive(Clone, PartialEq, Eq)]
pub struct Bundle {
    manifest: Manifest,
    parts: BTreeMap<PartKind, Vec<u8>>,
    bytes: Vec<u8>,
}

impl Bundle {
    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A part's bytes, when the bundle has it.
    pub fn part(&self, kind: PartKind) -> Option<&[u8]> {
        self.parts.get(&kind).map(Vec::as_slice)
    }

    /// The encoded file (what goes into the outbox and onto the wire).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The encoded file, taken.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// SHA-256 of the encoded file (for the upload's `Content-Digest: sha-256=:<base64>:`).
    pub fn content_sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.bytes).into()
    }

    /// The photo check report.
    pub fn photo_report(&self) -> Result<CheckReport, BundleError> {
        self.report(PartKind::PhotoReport)
    }

    /// The signature check report.
    pub fn signature_report(&self) -> Result<CheckReport, BundleError> {
        self.report(PartKind::SignatureReport)
    }

    fn report(&self, kind: PartKind) -> Result<CheckReport, BundleError> {
        let bytes = self.part(kind).ok_or(BundleError::MissingPart(kind))?;
        serde_json::from_slice(bytes).map_err(|_| BundleError::InvalidPart { kind, reason: "not a check report" })
    }
}

/// Shows the manifest (masked person) and part sizes, never part bytes.
impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sizes: BTreeMap<PartKind, usize> = self.parts.iter().map(|(k, v)| (*k, v.len())).collect();
        f.debug_struct("Bundle")
            .field("manifest", &self.manifest)
            .field("part_sizes", &sizes)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// Lower-case hex SHA-256 of some bytes (the form the manifest uses).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests;
