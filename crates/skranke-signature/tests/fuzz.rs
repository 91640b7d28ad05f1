//! Fuzzing of skranke-signature's parsers of outside input (issue 13.10): stroke files
//! ([`parse_stroke_file`], from disk, the webview or a bundle) and the Wacom STU pen reports
//! ([`parse_pen_report`], raw HID bytes). Random input and edits of valid input (the committed
//! demo stroke files, recorded reports) must end in `Ok` or the typed error, never a panic; a file
//! with too many samples is refused without holding more than the limit in memory.
//!
//! The case counts are fixed so CI time stays bounded (docs/ARCHITECTURE.md, "Fuzzing"); run longer
//! with `PROPTEST_CASES=100000 cargo test -p skranke-signature --test fuzz`.
use proptest::collection::vec;
use proptest::prelude::*;
use skranke_core::{Code, SignatureThresholds};
use skranke_signature::pad::wacom::{PadRange, ReportError, STU_540, parse_pen_report};
use skranke_signature::{
    MAX_FILE_BYTES, MAX_SAMPLES, RenderOptions, SignatureError, check_signature, parse_stroke_file, render, validate,
};

#[path = "../../skranke-core/tests/support/largest_alloc.rs"]
mod largest_alloc;
use largest_alloc::largest_allocation;

#[global_allocator]
static ALLOCATOR: largest_alloc::Tracking = largest_alloc::Tracking;

#[path = "../../skranke-core/tests/support/mutations.rs"]
mod mutations;
use mutations::{apply, cases, edit};

// ---------------------------------------------------------------------------------------------
// Stroke files

/// The smaller committed demo stroke files: valid seeds in the real format.
fn seeds() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/signatures");
    ["fast.json", "dot.json", "empty.json"]
        .iter()
        .map(|name| std::fs::read(dir.join(name)).expect("committed demo stroke file"))
        .collect()
}

const STROKE_TOKENS: &[&[u8]] = &[
    b"-1",
    b"1e999",
    b"-1e999",
    b"1e308",
    b"0",
    b"NaN",
    b"null",
    b"[",
    b"]",
    b",",
    b"\"",
    b"{",
    b"}",
    b"[0,1,1,1],",
    b"[1e308,1e308,1e308,1e308],",
    b"\"samples\":[],",
    b"\"width\":",
    b"\"device\":{\"vendor\":\"x\"},",
    b"\"pressure_available\":false,",
    b"18446744073709551616",
];

/// The property every stroke file parse must keep: a `signature_file_invalid` error, or a file
/// that passes `validate` and that the checks and the renderer take without panicking.
fn check_strokes(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_stroke_file(bytes) {
        Ok(f) => {
            prop_assert!(validate(&f).is_ok());
            prop_assert!(f.samples.len() <= MAX_SAMPLES);
            let _ = check_signature(&f, &SignatureThresholds::default());
            let small = RenderOptions { dpi: 50.0, ..RenderOptions::default() };
            prop_assert!(render(&f, &small).is_ok());
        }
        Err(e) => {
            prop_assert!(
                matches!(e, SignatureError::Malformed(_) | SignatureError::Invalid(_) | SignatureError::TooLarge(_)),
                "{e:?}"
            );
            prop_assert_eq!(e.code(), Code::SignatureFileInvalid);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn stroke_arbitrary_bytes_are_a_typed_error(bytes in vec(any::<u8>(), 0..300)) {
        check_strokes(&bytes)?;
    }

    #[test]
    fn stroke_edited_files_are_a_typed_error(seed in 0usize..3, edits in vec(edit(), 1..6)) {
        check_strokes(&apply(&seeds()[seed], &edits, STROKE_TOKENS))?;
    }

    /// Structured files with hostile values: any float JSON can write, in any position.
    #[test]
    fn stroke_hostile_values_are_a_typed_error(
        head in proptest::array::uniform3(hostile_number()),
        samples in vec(proptest::array::uniform4(hostile_number()), 0..20),
    ) {
        let samples: Vec<String> = samples.iter().map(|s| format!("[{}]", s.join(","))).collect();
        let json = format!(
            r#"{{"width":{},"height":{},"pressure_max":{},"samples":[{}]}}"#,
            head[0], head[1], head[2], samples.join(",")
        );
        check_strokes(json.as_bytes())?;
    }
}

fn hostile_number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("1e999".to_string()),
        Just("-1e999".to_string()),
        Just("1e308".to_string()),
        Just("5e-324".to_string()),
        Just("18446744073709551616".to_string()),
        (0u32..2000).prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
    ]
}

#[test]
fn a_file_of_too_many_samples_is_refused_without_holding_them_all() {
    // The smallest sample is `[0,0,0,0]`: a file at the byte limit holds seven times MAX_SAMPLES.
    let head = r#"{"width":1,"height":1,"pressure_max":1,"samples":["#;
    let n = (MAX_FILE_BYTES as usize - head.len() - 2) / 10;
    assert!(n > 6 * MAX_SAMPLES);
    let mut json = String::with_capacity(MAX_FILE_BYTES as usize);
    json.push_str(head);
    for i in 0..n {
        json.push_str(if i == 0 { "[0,0,0,0]" } else { ",[0,0,0,0]" });
    }
    json.push_str("]}");
    assert!(json.len() as u64 <= MAX_FILE_BYTES);
    let (result, largest) = largest_allocation(|| parse_stroke_file(json.as_bytes()));
    assert!(matches!(result, Err(SignatureError::TooLarge(_))), "{result:?}");
    // MAX_SAMPLES samples of four f64 are 3.8 MB; a Vec of them may round up to 4 MiB.
    let limit = (MAX_SAMPLES * 32).next_power_of_two();
    assert!(largest <= limit, "allocated {largest} bytes while refusing; the sample limit is {limit}");
}

#[test]
fn a_file_over_the_byte_limit_is_refused_before_parsing() {
    let json = vec![b' '; MAX_FILE_BYTES as usize + 1];
    let (result, largest) = largest_allocation(|| parse_stroke_file(&json));
    assert!(matches!(result, Err(SignatureError::TooLarge(_))), "{result:?}");
    assert!(largest < 64 * 1024, "allocated {largest} bytes");
}

#[test]
fn deep_nesting_is_a_typed_error_not_a_stack_overflow() {
    for depth in [200, 100_000] {
        let json = format!(
            r#"{{"width":1,"height":1,"pressure_max":1,"samples":[],"device":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(matches!(parse_stroke_file(json.as_bytes()), Err(SignatureError::Malformed(_))), "{depth}");
    }
}

// ---------------------------------------------------------------------------------------------
// Pad HID reports

/// Recorded STU-540 pen reports (touching, hovering with a trailing byte, away).
const RECORDED: [&[u8]; 3] = [
    &[0x01, 0x92, 0x00, 0x12, 0xC0, 0x0B, 0xB8],
    &[0x01, 0x80, 0x00, 0x00, 0x64, 0x00, 0x32, 0xFF],
    &[0x01, 0x00, 0, 0, 0, 0, 0],
];

/// The report parser's whole contract: which error for which bytes, and on success the fields
/// exactly as the bytes give them, inside the pad's range.
fn check_report(bytes: &[u8], range: PadRange) -> Result<(), TestCaseError> {
    match parse_pen_report(bytes, range) {
        Ok(r) => {
            prop_assert!(bytes.len() >= 7 && bytes[0] == 0x01);
            prop_assert_eq!(r.x, u16::from_be_bytes([bytes[3], bytes[4]]));
            prop_assert_eq!(r.y, u16::from_be_bytes([bytes[5], bytes[6]]));
            prop_assert_eq!(r.pressure, (u16::from(bytes[1] & 0x0F) << 8) | u16::from(bytes[2]));
            prop_assert_eq!((r.in_range, r.tip), (bytes[1] & 0x80 != 0, bytes[1] & 0x10 != 0));
            prop_assert!(r.x <= range.max_x && r.y <= range.max_y && r.pressure <= range.max_pressure);
        }
        Err(ReportError::Short(n)) => prop_assert!(n == bytes.len() && (n == 0 || (bytes[0] == 0x01 && n < 7))),
        Err(ReportError::OtherReport(id)) => prop_assert!(bytes.first() == Some(&id) && id != 0x01),
        Err(ReportError::OutOfRange) => prop_assert!(bytes.len() >= 7 && bytes[0] == 0x01),
        Err(other) => prop_assert!(false, "unexpected error {other:?}"),
    }
    Ok(())
}

fn any_range() -> impl Strategy<Value = PadRange> {
    prop_oneof![
        Just(STU_540),
        (any::<u16>(), any::<u16>(), any::<u16>()).prop_map(|(max_x, max_y, max_pressure)| PadRange {
            max_x,
            max_y,
            max_pressure
        }),
    ]
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn report_arbitrary_bytes_keep_the_contract(bytes in vec(any::<u8>(), 0..72), range in any_range()) {
        check_report(&bytes, range)?;
    }

    #[test]
    fn report_pen_shaped_bytes_keep_the_contract(body in vec(any::<u8>(), 0..12), range in any_range()) {
        let mut bytes = vec![0x01];
        bytes.extend_from_slice(&body);
        check_report(&bytes, range)?;
    }

    #[test]
    fn report_edited_recordings_keep_the_contract(seed in 0usize..3, edits in vec(edit(), 1..4), range in any_range()) {
        check_report(&apply(RECORDED[seed], &edits, &[&[0x01], &[0xFF, 0xFF], &[0x00]]), range)?;
    }
}
