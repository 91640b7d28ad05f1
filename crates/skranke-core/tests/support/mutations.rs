//! What the fuzz tests (`tests/fuzz.rs` in several crates, issue 13.10) share: the case count
//! (fixed, so CI time stays bounded; `PROPTEST_CASES` runs longer) and the edits of a valid input
//! that get a fuzzer past a parser's first check. Included by path, as `largest_alloc.rs` is.
#![allow(dead_code)]
use proptest::collection::vec;
use proptest::prelude::*;

/// Cases per property, unless `PROPTEST_CASES` says otherwise.
pub fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// One edit of a valid input: how a fuzzer gets past the first check.
#[derive(Debug, Clone)]
pub enum Edit {
    /// XOR one byte.
    Flip(usize, u8),
    /// Insert random bytes.
    Insert(usize, Vec<u8>),
    /// Insert one of the parser's interesting tokens.
    Token(usize, usize),
    /// Delete a run of bytes.
    Delete(usize, usize),
    /// Cut the input short.
    Truncate(usize),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(at, x)| Edit::Flip(at, x)),
        (any::<usize>(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(at, t)| Edit::Token(at, t)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// Applies `edits` to `seed` in order; positions wrap around the current length.
pub fn apply(seed: &[u8], edits: &[Edit], tokens: &[&[u8]]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for e in edits {
        let len = b.len();
        match e {
            Edit::Flip(at, x) if len > 0 => b[at % len] ^= x,
            Edit::Flip(..) => {}
            Edit::Insert(at, bytes) => {
                let at = at % (len + 1);
                b.splice(at..at, bytes.iter().copied());
            }
            Edit::Token(at, t) => {
                let at = at % (len + 1);
                b.splice(at..at, tokens[t % tokens.len()].iter().copied());
            }
            Edit::Delete(at, n) => {
                let at = at % (len + 1);
                b.drain(at..(at + n).min(len));
            }
            Edit::Truncate(at) => b.truncate(at % (len + 1)),
        }
    }
    b
}

/// JPEG markers that steer a decoder into its less travelled paths (SOF with a huge size,
/// progressive, restart intervals, an oversized APP1), for the image and camera fuzz tests.
pub const JPEG_MARKERS: &[&[u8]] = &[
    b"\xff\xd8",
    b"\xff\xd9",
    b"\xff\xc0\x00\x11\x08\xff\xff\xff\xff\x03",
    b"\xff\xc2",
    b"\xff\xc4",
    b"\xff\xdb",
    b"\xff\xda",
    b"\xff\xdd\x00\x04\x00\x01",
    b"\xff\xe1\xff\xffExif\x00\x00",
];

/// `JPEG_MARKERS` followed by a test's own tokens, as [`apply`] takes them.
pub fn tokens<'a>(own: &[&'a [u8]]) -> Vec<&'a [u8]> {
    JPEG_MARKERS.iter().chain(own).copied().collect()
}
