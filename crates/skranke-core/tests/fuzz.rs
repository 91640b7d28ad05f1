//! Fuzzing of the two parsers of outside input in skranke-core (issue 13.10): typed CPR numbers
//! ([`Cpr::parse`], [`Cpr::parse_on`], [`mask_cpr_numbers`]) and the bundle container
//! ([`Bundle::read`]). Random input and structure-aware edits of a valid one (the committed v1
//! sample bundle, valid numbers) must end in `Ok` or the parser's typed error, never a panic, and a
//! header claiming huge sizes is refused before anything is allocated for it.
//!
//! The case counts are fixed so CI time stays bounded (docs/ARCHITECTURE.md, "Fuzzing"); run longer
//! with `PROPTEST_CASES=100000 cargo test -p skranke-core --test fuzz`.
use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::prelude::*;
use skranke_core::{Bundle, BundleError, Code, Cpr, CprError, mask_cpr_numbers};

#[path = "support/largest_alloc.rs"]
mod largest_alloc;
use largest_alloc::largest_allocation;

#[global_allocator]
static ALLOCATOR: largest_alloc::Tracking = largest_alloc::Tracking;

/// What reading a refused header may allocate at most: nothing near the size it claims.
const SMALL: usize = 64 * 1024;

#[path = "support/mutations.rs"]
mod mutations;
use mutations::{apply, cases, edit};

// ---------------------------------------------------------------------------------------------
// CPR numbers

const CPR_CODES: [Code; 6] = [
    Code::CprEmpty,
    Code::CprInvalidCharacters,
    Code::CprWrongLength,
    Code::CprImpossibleDate,
    Code::CprNotYetIssued,
    Code::CprBirthDateInFuture,
];

const VALID_NUMBERS: [&str; 5] = ["0707614285", "070761-4285", "2902004234", "0101995234", " 311299 4001 "];
const CPR_TOKENS: &[&[u8]] = &[b"-", b" ", b"0", b"9", b"\xc2\xa0", b"\xef\xbc\x91", b"\t", b"--", b"\xd9\xa3"];

/// The property every CPR parse must keep: a typed error from the CPR set, or a number whose own
/// digits parse back to it.
fn check_cpr(text: &str, today: NaiveDate) -> Result<(), TestCaseError> {
    match Cpr::parse(text) {
        Ok(cpr) => {
            let digits = cpr.digits();
            prop_assert_eq!(digits.len(), 10);
            prop_assert_eq!(Cpr::parse(&digits), Ok(cpr));
            prop_assert!(cpr.masked().ends_with("-xxxx") && cpr.masked().starts_with(&digits[..6]));
        }
        Err(e) => prop_assert!(CPR_CODES.contains(&e.code()), "{e:?} has code {:?}", e.code()),
    }
    match Cpr::parse_on(text, today) {
        Ok(cpr) => prop_assert!(cpr.birth_date() <= today),
        Err(e) => prop_assert!(CPR_CODES.contains(&e.code())),
    }
    Ok(())
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (1850i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("day <= 28"))
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn cpr_arbitrary_text_is_a_number_or_a_typed_error(text in ".{0,40}", today in any_day()) {
        check_cpr(&text, today)?;
    }

    #[test]
    fn cpr_digit_shaped_text_is_a_number_or_a_typed_error(text in "[0-9 -]{0,16}", today in any_day()) {
        check_cpr(&text, today)?;
    }

    #[test]
    fn cpr_edited_valid_numbers_are_a_number_or_a_typed_error(
        seed in 0usize..VALID_NUMBERS.len(),
        edits in vec(edit(), 1..4),
        today in any_day(),
    ) {
        let bytes = apply(VALID_NUMBERS[seed].as_bytes(), &edits, CPR_TOKENS);
        check_cpr(&String::from_utf8_lossy(&bytes), today)?;
    }

    /// Free text from a server goes through `mask_cpr_numbers` before a log: whatever it holds,
    /// no run of ten digits survives, and a valid number written in it is gone.
    #[test]
    fn masking_leaves_no_ten_digit_run(
        before in "[a-zæøå .,:0-9-]{0,20}",
        seed in 0usize..2,
        after in "[a-zæøå .,:-]{0,20}",
        noise in ".{0,30}",
    ) {
        let number = VALID_NUMBERS[seed];
        let text = format!("{before} {number} {after}{noise}");
        let masked = mask_cpr_numbers(&text);
        let mut run = 0;
        for c in masked.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            prop_assert!(run < 10, "{masked:?}");
        }
        prop_assert!(!masked.contains(number), "{masked:?}");
        let _ = mask_cpr_numbers(&noise);
    }
}

#[test]
fn non_ascii_digits_and_stray_hyphens_are_typed_errors() {
    // Non-ASCII digits and separators are not digits; a lone hyphen is not a number.
    for (text, error) in [
        ("０７０７６１４２８５", CprError::InvalidCharacters),
        ("070761\u{a0}4285", CprError::InvalidCharacters),
        ("-", CprError::WrongLength),
        ("0707614285-", CprError::InvalidCharacters),
    ] {
        assert_eq!(Cpr::parse(text), Err(error), "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The bundle container

/// The committed v1 sample: a complete, valid bundle to mutate.
fn sample() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/capture-v1.bundle");
    std::fs::read(path).expect("tests/data/capture-v1.bundle is committed")
}

/// Where each entry's header fields sit in a well-formed container.
#[derive(Debug, Clone, Copy)]
struct EntryAt {
    name_len: usize,
    size: usize,
    data: usize,
    len: usize,
}

/// Walks a well-formed container (the sample) and returns where its entries are.
fn layout(bytes: &[u8]) -> Vec<EntryAt> {
    let count = u16::from_be_bytes([bytes[10], bytes[11]]);
    let mut at = 12;
    let mut out = Vec::new();
    for _ in 0..count {
        let name_len = usize::from(bytes[at]);
        let size = at + 1 + name_len;
        let len = u32::from_be_bytes(bytes[size..size + 4].try_into().expect("four bytes")) as usize;
        out.push(EntryAt { name_len: at, size, data: size + 4, len });
        at = size + 4 + len;
    }
    assert_eq!(at, bytes.len(), "the sample is one well-formed container");
    out
}

/// An edit that knows the container layout: a header field set to any value.
#[derive(Debug, Clone)]
enum Patch {
    Version(u16),
    Count(u16),
    NameLen(usize, u8),
    Size(usize, u32),
}

fn patch() -> impl Strategy<Value = Patch> {
    let size =
        prop_oneof![any::<u32>(), Just(u32::MAX), Just(32 * 1024 * 1024), Just(32 * 1024 * 1024 + 1), 0u32..4096];
    prop_oneof![
        any::<u16>().prop_map(Patch::Version),
        prop_oneof![any::<u16>(), 0u16..20].prop_map(Patch::Count),
        (any::<usize>(), any::<u8>()).prop_map(|(e, v)| Patch::NameLen(e, v)),
        (any::<usize>(), size).prop_map(|(e, v)| Patch::Size(e, v)),
    ]
}

fn apply_patch(bytes: &mut [u8], layout: &[EntryAt], p: &Patch) {
    match *p {
        Patch::Version(v) => bytes[8..10].copy_from_slice(&v.to_be_bytes()),
        Patch::Count(c) => bytes[10..12].copy_from_slice(&c.to_be_bytes()),
        Patch::NameLen(e, v) => bytes[layout[e % layout.len()].name_len] = v,
        Patch::Size(e, v) => {
            let at = layout[e % layout.len()].size;
            bytes[at..at + 4].copy_from_slice(&v.to_be_bytes());
        }
    }
}

/// Re-encodes the container with `manifest` as its first entry and the sample's parts unchanged,
/// so a manifest edit reaches the manifest checks (sizes and hashes of the parts still match).
fn with_manifest(sample: &[u8], layout: &[EntryAt], manifest: &[u8]) -> Vec<u8> {
    let mut out = sample[..12].to_vec();
    let mut entries = vec![(&b"manifest.json"[..], manifest)];
    for e in &layout[1..] {
        entries.push((&sample[e.name_len + 1..e.size], &sample[e.data..e.data + e.len]));
    }
    for (name, data) in entries {
        out.push(u8::try_from(name.len()).expect("short name"));
        out.extend_from_slice(name);
        out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_be_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// A JSON value a hostile manifest might hold in place of a field.
fn hostile_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        Just(json!(null)),
        Just(json!(-1)),
        Just(json!(1e308)),
        Just(serde_json::from_str::<serde_json::Value>("18446744073709551616").expect("json")),
        Just(json!("")),
        Just(json!("a\u{0}b")),
        Just(json!("x".repeat(5000))),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
        Just(json!({"street": "Vej 1", "city": "By"})),
        ".{0,20}".prop_map(|s| json!(s)),
        any::<i64>().prop_map(|n| json!(n)),
    ]
}

/// Every leaf and object of a JSON value, as JSON pointers.
fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, child) in m {
                let here = format!("{at}/{k}");
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        _ => {}
    }
}

/// The property every bundle read must keep: a typed `bundle_*` error, or a bundle that reads
/// back to itself.
fn check_bundle(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Bundle::read(bytes) {
        Ok(bundle) => {
            prop_assert_eq!(bundle.as_bytes(), bytes);
            for p in &bundle.manifest().parts {
                prop_assert_eq!(bundle.part(p.kind).map(|b| b.len() as u64), Some(p.size));
            }
            let again = Bundle::read(bundle.as_bytes());
            prop_assert_eq!(again.as_ref(), Ok(&bundle));
        }
        Err(e) => {
            let code = e.code();
            prop_assert!(code != Code::Internal && code.as_str().starts_with("bundle_"), "{e:?}");
        }
    }
    Ok(())
}

const BUNDLE_TOKENS: &[&[u8]] = &[
    b"SKRBNDL\n",
    b"\x00\x01",
    b"\xff\xff\xff\xff",
    b"\rmanifest.json",
    b"\x05photo",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"\\u0000",
    b"1e999",
];

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn bundle_arbitrary_bytes_are_a_typed_error(tail in vec(any::<u8>(), 0..600), magic in any::<bool>()) {
        let mut bytes = if magic { b"SKRBNDL\n\x00\x01".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&tail);
        check_bundle(&bytes)?;
    }

    #[test]
    fn bundle_edited_bytes_are_a_typed_error(edits in vec(edit(), 1..6)) {
        check_bundle(&apply(&sample(), &edits, BUNDLE_TOKENS))?;
    }

    #[test]
    fn bundle_patched_headers_are_a_typed_error(patches in vec(patch(), 1..4), cut in any::<Option<usize>>()) {
        let mut bytes = sample();
        let layout = layout(&bytes);
        for p in &patches {
            apply_patch(&mut bytes, &layout, p);
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        check_bundle(&bytes)?;
    }

    #[test]
    fn bundle_hostile_manifests_are_a_typed_error(
        target in any::<usize>(),
        value in hostile_json(),
        remove in any::<bool>(),
        text_edits in vec(edit(), 0..3),
    ) {
        let sample = sample();
        let layout = layout(&sample);
        let m = layout[0];
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&sample[m.data..m.data + m.len]).expect("the sample's manifest is JSON");
        let mut all = Vec::new();
        pointers(&manifest, String::new(), &mut all);
        let pointer = &all[target % all.len()];
        if remove {
            let (parent, key) = pointer.rsplit_once('/').expect("a pointer has a slash");
            match manifest.pointer_mut(parent) {
                Some(serde_json::Value::Object(o)) => { o.remove(key); }
                Some(serde_json::Value::Array(a)) => { a.pop(); }
                _ => {}
            }
        } else if let Some(slot) = manifest.pointer_mut(pointer) {
            *slot = value;
        }
        let json = serde_json::to_vec(&manifest).expect("json");
        let json = apply(&json, &text_edits, BUNDLE_TOKENS);
        check_bundle(&with_manifest(&sample, &layout, &json))?;
    }
}

#[test]
fn the_sample_itself_reads() {
    let bytes = sample();
    Bundle::read(&bytes).expect("the committed sample reads");
    let layout = layout(&bytes);
    let m = layout[0];
    let unchanged = with_manifest(&bytes, &layout, &bytes[m.data..m.data + m.len]);
    assert_eq!(unchanged, bytes, "re-encoding the sample unchanged gives the same bytes");
}

#[test]
fn huge_declared_sizes_and_counts_are_refused_before_allocating() {
    let bytes = sample();
    let layout = layout(&bytes);
    // An entry claiming 4 GiB, or just over the 32 MiB limit: too large, whatever follows.
    for size in [u32::MAX, 32 * 1024 * 1024 + 1] {
        for entry in 0..layout.len() {
            let mut b = bytes.clone();
            apply_patch(&mut b, &layout, &Patch::Size(entry, size));
            let (result, largest) = largest_allocation(|| Bundle::read(&b));
            assert_eq!(result.expect_err("huge entry"), BundleError::TooLarge, "entry {entry}, {size}");
            assert!(largest < SMALL, "entry {entry}, {size}: allocated {largest} bytes");
        }
    }
    // 65535 entries: refused from the header, before a Vec of that many is made.
    let mut b = bytes.clone();
    apply_patch(&mut b, &layout, &Patch::Count(u16::MAX));
    let (result, largest) = largest_allocation(|| Bundle::read(&b));
    assert_eq!(result.expect_err("too many entries"), BundleError::TooLarge);
    assert!(largest < SMALL, "allocated {largest} bytes");
    // At the limit but with nothing behind it: truncated, not an allocation of 32 MiB.
    let mut b = bytes[..layout[0].data].to_vec();
    b[layout[0].size..layout[0].size + 4].copy_from_slice(&(32u32 * 1024 * 1024).to_be_bytes());
    let (result, largest) = largest_allocation(|| Bundle::read(&b));
    assert_eq!(result.expect_err("truncated"), BundleError::Truncated);
    assert!(largest < SMALL, "allocated {largest} bytes");
}

#[test]
fn a_deeply_nested_manifest_is_a_typed_error_not_a_stack_overflow() {
    let bytes = sample();
    let layout = layout(&bytes);
    for depth in [200, 100_000] {
        let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let err = Bundle::read(&with_manifest(&bytes, &layout, json.as_bytes())).expect_err("not a manifest");
        assert!(matches!(err, BundleError::InvalidManifest(_)), "{depth}: {err:?}");
    }
    // Nested inside a real field, after the version was read.
    let m = layout[0];
    let text = String::from_utf8(bytes[m.data..m.data + m.len].to_vec()).expect("utf-8");
    let deep = format!("{}1{}", "[".repeat(50_000), "]".repeat(50_000));
    let json = text.replacen("\"municipality\":\"0101\"", &format!("\"municipality\":{deep}"), 1);
    assert_ne!(json, text, "the sample has that field");
    let err = Bundle::read(&with_manifest(&bytes, &layout, json.as_bytes())).expect_err("not a manifest");
    assert!(matches!(err, BundleError::InvalidManifest(_)), "{err:?}");
}

/// The tracker behind the allocation bounds above sees a large allocation (else those bounds
/// would hold for any parser).
#[test]
fn the_allocation_tracker_sees_a_large_allocation() {
    let (v, largest) = largest_allocation(|| vec![1u8; 3 << 20]);
    assert_eq!(v.len(), 3 << 20);
    assert!(largest >= 3 << 20, "{largest}");
}
