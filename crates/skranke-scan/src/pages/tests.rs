//! The entry points across formats: recognition by content, the limits, and corrupt input
//! (truncated, garbled, random) giving a typed error and never a panic.

use proptest::prelude::*;

use super::*;

/// One sample of each format and kind.
fn samples_by_format() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("jpeg", samples::jpeg(64, 48, Some((1, 300)))),
        ("jpeg-exif", samples::jpeg_with_exif(40, 20, 6, (600, 1), 2)),
        ("png", samples::png(48, 30, Some(11_811))),
        ("tiff", samples::two_page_tiff()),
        ("tiff-bilevel", samples::bilevel_tiff(13, 3, true)),
        ("tiff-jpeg", samples::jpeg_in_tiff(32, 24)),
        ("pdf", samples::two_page_pdf()),
    ]
}

const CODES: [&str; 4] = ["scan_unreadable", "scan_unsupported", "scan_too_large", "scan_empty"];

/// The format's decoder directly, without `decode_pages`' panic guard, so a panic fails the test.
fn decode_unguarded(bytes: &[u8]) -> Result<Vec<ScannedPage>, ScanError> {
    match sniff(bytes) {
        Some(Format::Jpeg) => jpeg::decode(bytes).map(|page| vec![page]),
        Some(Format::Png) => png::decode(bytes).map(|page| vec![page]),
        Some(Format::Tiff) => tiff::decode(bytes),
        Some(Format::Pdf) => pdf::decode(bytes),
        None => Err(unknown_format("")),
    }
}

#[test]
fn the_format_comes_from_the_bytes_not_the_name() {
    let pages = decode_pages(&samples::png(8, 8, None), "scan.pdf").unwrap();
    assert_eq!(pages.len(), 1);
    let pages = decode_pages(&samples::two_page_pdf(), "scan.jpg").unwrap();
    assert_eq!(pages.len(), 2);
    // A PDF header after some leading bytes is still a PDF.
    let mut prefixed = b"\r\n".to_vec();
    prefixed.extend(samples::two_page_pdf());
    assert_eq!(sniff(&prefixed), Some(Format::Pdf));
}

#[test]
fn a_page_debugs_as_its_size_not_its_pixels() {
    let page = &decode_pages(&samples::png(48, 30, None), "scan.png").unwrap()[0];
    let shown = format!("{page:?}");
    assert_eq!(shown, "ScannedPage { page: 1, size: (48, 30), dpi: 300.0, dpi_assumed: true }");
}

#[test]
fn an_unknown_format_names_only_the_extension() {
    let error = decode_pages(b"PK\x03\x04 not a scan", "0101901234 kort.DOCX").unwrap_err();
    assert_eq!(error.code(), "scan_unsupported");
    let message = error.to_string();
    assert!(message.contains("(.docx)"), "{message}");
    assert!(!message.contains("0101901234"), "{message}");
    let error = decode_pages(b"", "").unwrap_err();
    assert_eq!(error.code(), "scan_unsupported");
}

#[test]
fn a_file_with_no_pages_is_empty() {
    let error = decode_pages(&samples::pdf(vec![]), "empty.pdf").unwrap_err();
    assert_eq!(error.code(), "scan_empty");
}

#[test]
fn read_pages_reads_a_file_and_refuses_one_over_the_size_limit_unread() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("scan.tif");
    std::fs::write(&path, samples::two_page_tiff()).unwrap();
    let pages = read_pages(&path).unwrap();
    assert_eq!(pages.iter().map(|page| page.page).collect::<Vec<_>>(), [1, 2]);

    let huge = directory.path().join("huge.pdf");
    std::fs::File::create(&huge).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse
    assert_eq!(read_pages(&huge).unwrap_err().code(), "scan_too_large");
    let missing = read_pages(&directory.path().join("missing.jpg")).unwrap_err();
    assert_eq!(missing.code(), "scan_unreadable");
}

#[test]
fn bytes_over_the_size_limit_are_refused() {
    let bytes = vec![0u8; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    assert_eq!(decode_pages(&bytes, "big.pdf").unwrap_err().code(), "scan_too_large");
}

#[test]
fn a_tiff_page_over_the_side_limit_is_refused_before_decoding() {
    let error = decode_pages(&samples::bilevel_tiff(12_001, 2, false), "wide.tif").unwrap_err();
    assert_eq!(error.code(), "scan_too_large", "{error}");
}

#[test]
fn truncated_files_give_a_typed_error_or_what_could_be_read() {
    for (name, bytes) in samples_by_format() {
        let step = (bytes.len() / 60).max(1);
        let lengths = (0..bytes.len()).step_by(step).chain(bytes.len().saturating_sub(16)..bytes.len());
        for length in lengths {
            if let Err(error) = decode_unguarded(&bytes[..length]) {
                assert!(CODES.contains(&error.code()), "{name} cut at {length}: {error}");
            }
        }
    }
}

#[test]
fn garbled_files_give_a_typed_error_or_pages() {
    // A fixed xorshift sequence: the same garbling on every run.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (name, bytes) in samples_by_format() {
        for round in 0..60 {
            let mut garbled = bytes.clone();
            for _ in 0..1 + round % 8 {
                let position = (next() % garbled.len() as u64) as usize;
                garbled[position] = next() as u8;
            }
            match decode_unguarded(&garbled) {
                Ok(pages) => assert!(pages.iter().all(|page| page.image.width() > 0)),
                Err(error) => assert!(CODES.contains(&error.code()), "{name} round {round}: {error}"),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random bytes behind each format's magic: a typed error (or, by chance, pages), no panic.
    #[test]
    fn random_bytes_behind_a_magic_never_panic(
        magic in prop::sample::select(vec![
            b"\xFF\xD8\xFF".to_vec(),
            b"\x89PNG\r\n\x1a\n".to_vec(),
            b"II*\0".to_vec(),
            b"MM\0*".to_vec(),
            b"%PDF-1.4\n".to_vec(),
        ]),
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = magic;
        bytes.extend(tail);
        if let Err(error) = decode_unguarded(&bytes) {
            prop_assert!(CODES.contains(&error.code()), "{}", error);
        }
    }
}
