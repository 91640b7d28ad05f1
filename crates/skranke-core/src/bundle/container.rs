//! The container: one file holding `manifest.json` and the parts as length-prefixed entries.
//!
//! ```text
//! magic    8 bytes  "SKRBNDL\n"
//! version  u16 BE   1
//! count    u16 BE   number of entries (manifest + parts)
//! entry    name_len u8, name (ASCII), size u32 BE, size bytes   -- repeated `count` times
//! ```
//! Nothing may follow the last entry. Decoding reads from a byte slice and checks every length
//! against what is left, so a hostile length never allocates more than the input.
use super::BundleError;

/// The first eight bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"SKRBNDL\n";
/// The container layout version this build writes and reads.
pub const CONTAINER_VERSION: u16 = 1;
/// Largest entry accepted (a 35x45 portrait JPEG is well under 1 MiB).
pub const MAX_ENTRY_BYTES: usize = 32 * 1024 * 1024;
/// Most entries accepted (manifest + every part kind, with room for later versions).
const MAX_ENTRIES: u16 = 16;

/// One named entry of the container, borrowed from the input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
}

/// The name and size only: the data is a part of a capture (portrait, signature, strokes).
impl std::fmt::Debug for Entry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).field("size", &self.data.len()).finish()
    }
}

/// Writes entries in the given order. Names must be short ASCII and data at most
/// [`MAX_ENTRY_BYTES`]; the builder only passes fixed names and checked sizes.
pub(crate) fn encode(entries: &[Entry<'_>]) -> Result<Vec<u8>, BundleError> {
    let count = u16::try_from(entries.len()).map_err(|_| BundleError::TooLarge)?;
    if count > MAX_ENTRIES {
        return Err(BundleError::TooLarge);
    }
    let total: usize = entries.iter().map(|e| 1 + e.name.len() + 4 + e.data.len()).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&CONTAINER_VERSION.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    for e in entries {
        let name_len = u8::try_from(e.name.len()).map_err(|_| BundleError::UnexpectedEntry(e.name.to_string()))?;
        if e.data.len() > MAX_ENTRY_BYTES {
            return Err(BundleError::TooLarge);
        }
        let size = u32::try_from(e.data.len()).map_err(|_| BundleError::TooLarge)?;
        out.push(name_len);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&size.to_be_bytes());
        out.extend_from_slice(e.data);
    }
    Ok(out)
}

/// Splits a container into its entries, in file order.
pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<Entry<'_>>, BundleError> {
    let mut r = Reader { rest: bytes };
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    r.take(MAGIC.len())?;
    let version = u16::from_be_bytes(r.array()?);
    if version != CONTAINER_VERSION {
        return Err(BundleError::UnsupportedVersion(u32::from(version)));
    }
    let count = u16::from_be_bytes(r.array()?);
    if count > MAX_ENTRIES {
        return Err(BundleError::TooLarge);
    }
    let mut entries = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let [name_len] = r.array()?;
        let name = std::str::from_utf8(r.take(usize::from(name_len))?)
            .map_err(|_| BundleError::UnexpectedEntry("<not UTF-8>".to_string()))?;
        let size = u32::from_be_bytes(r.array()?) as usize;
        if size > MAX_ENTRY_BYTES {
            return Err(BundleError::TooLarge);
        }
        let data = r.take(size)?;
        entries.push(Entry { name, data });
    }
    if !r.rest.is_empty() {
        return Err(BundleError::TrailingBytes);
    }
    Ok(entries)
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        if self.rest.len() < n {
            return Err(BundleError::Truncated);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BundleError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn layout_is_as_documented() {
        let bytes = encode(&[Entry { name: "a", data: b"xyz" }]).expect("encode");
        let mut expected = b"SKRBNDL\n".to_vec();
        expected.extend_from_slice(&[0, 1, 0, 1, 1, b'a', 0, 0, 0, 3, b'x', b'y', b'z']);
        assert_eq!(bytes, expected);
    }

    #[test]
    fn every_shorter_prefix_is_truncated_or_not_a_bundle() {
        let bytes =
            encode(&[Entry { name: "m", data: b"{}" }, Entry { name: "p", data: &[1, 2, 3, 4] }]).expect("encode");
        for len in 0..bytes.len() {
            let err = decode(&bytes[..len]).expect_err("prefix must not decode");
            assert!(matches!(err, BundleError::Truncated | BundleError::NotABundle), "{len}: {err:?}");
        }
        assert_eq!(decode(&bytes).map(|e| e.len()), Ok(2));
    }

    #[test]
    fn trailing_bytes_wrong_magic_and_version_are_rejected() {
        let mut bytes = encode(&[Entry { name: "m", data: b"{}" }]).expect("encode");
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), Err(BundleError::TrailingBytes));
        bytes[9] = 2;
        assert_eq!(decode(&bytes), Err(BundleError::UnsupportedVersion(2)));
        bytes[0] = b'X';
        assert_eq!(decode(&bytes), Err(BundleError::NotABundle));
    }

    #[test]
    fn a_huge_declared_size_is_rejected_without_allocating() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[0, 1, 0, 1, 1, b'm', 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(decode(&bytes), Err(BundleError::TooLarge));
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[0, 1, 0, 1, 1, b'm', 0, 0x10, 0, 0]);
        assert_eq!(decode(&bytes), Err(BundleError::Truncated));
    }

    proptest! {
        #[test]
        fn entries_round_trip(parts in proptest::collection::vec(("[a-z.-]{1,20}", proptest::collection::vec(any::<u8>(), 0..200)), 0..6)) {
            let entries: Vec<Entry<'_>> = parts.iter().map(|(n, d)| Entry { name: n, data: d }).collect();
            let bytes = encode(&entries).expect("encode");
            prop_assert_eq!(decode(&bytes).expect("decode"), entries);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut input = MAGIC.to_vec();
            input.extend_from_slice(&bytes);
            let _ = decode(&input);
        }
    }
}
