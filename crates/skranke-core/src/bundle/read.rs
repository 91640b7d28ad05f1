//! [`Bundle::read`]: decodes a bundle file and checks it completely: container layout, manifest
//! schema (unknown fields rejected), entry names and order against the manifest, every part's
//! size and SHA-256, then the same content rules the builder applies.
use std::collections::BTreeMap;

use super::builder::validate;
use super::container;
use super::{Bundle, BundleError, MANIFEST_NAME, Manifest, PartKind, SCHEMA_VERSION, sha256_hex};

impl Bundle {
    /// Reads and verifies a bundle file. A changed or damaged part gives
    /// [`BundleError::HashMismatch`]; nothing is returned that the builder would not have built.
    pub fn read(bytes: &[u8]) -> Result<Bundle, BundleError> {
        let entries = container::decode(bytes)?;
        let (first, rest) = entries.split_first().ok_or(BundleError::MissingPart(PartKind::Photo))?;
        if first.name != MANIFEST_NAME {
            return Err(BundleError::UnexpectedEntry(first.name.to_string()));
        }
        let version = serde_json::from_slice::<VersionOnly>(first.data)
            .map_err(|e| BundleError::InvalidManifest(without_input(&e)))?
            .schema_version;
        if version != SCHEMA_VERSION {
            return Err(BundleError::UnsupportedVersion(version));
        }
        let manifest: Manifest =
            serde_json::from_slice(first.data).map_err(|e| BundleError::InvalidManifest(without_input(&e)))?;
        if rest.len() != manifest.parts.len() {
            return Err(BundleError::UnexpectedEntry(format!(
                "{} parts in the file, {} in the manifest",
                rest.len(),
                manifest.parts.len()
            )));
        }
        let mut parts = BTreeMap::new();
        let mut previous: Option<PartKind> = None;
        for (entry, listed) in rest.iter().zip(&manifest.parts) {
            let kind = listed.kind;
            if previous.is_some_and(|p| p >= kind) {
                // Order is fixed (PartKind::ALL), which also rules out duplicates.
                return Err(if previous == Some(kind) {
                    BundleError::DuplicatePart(kind)
                } else {
                    BundleError::UnexpectedEntry(listed.name.clone())
                });
            }
            previous = Some(kind);
            if listed.name != kind.file_name() || listed.media_type != kind.media_type() || entry.name != listed.name {
                return Err(BundleError::UnexpectedEntry(entry.name.to_string()));
            }
            if entry.data.len() as u64 != listed.size {
                return Err(BundleError::SizeMismatch(kind));
            }
            if sha256_hex(entry.data) != listed.sha256 {
                return Err(BundleError::HashMismatch(kind));
            }
            parts.insert(kind, entry.data.to_vec());
        }
        validate(&manifest, &parts)?;
        Ok(Bundle { manifest, parts, bytes: bytes.to_vec() })
    }
}

/// Just the version, read first so a newer manifest says "unsupported version" rather than
/// "unknown field".
#[derive(serde::Deserialize)]
struct VersionOnly {
    schema_version: u32,
}

/// serde_json messages can quote a value (a name, a number); keep only field names (unknown or
/// missing field) and the position, so no personal data ends up in an error or a log.
fn without_input(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let kind = if text.starts_with("unknown field") || text.starts_with("missing field") {
        text.split(',').next().unwrap_or_default().split(" at line").next().unwrap_or_default().to_string()
    } else {
        format!("{:?} error", e.classify())
    };
    format!("{kind} at line {} column {}", e.line(), e.column())
}
