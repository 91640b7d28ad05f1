//! Tests of the whole bundle: round trip, determinism, tamper detection, missing parts, overrides,
//! and that no address can be written or read.
use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::container::{self, Entry};
use super::*;
use crate::{Check, Cpr};

fn header(source: Source) -> CaptureHeader {
    CaptureHeader {
        capture_id: Uuid::now_v7(),
        created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 30, 0).single().expect("valid time"),
        municipality: "0101".into(),
        workstation: "ks-01".into(),
        clerk: "clerk1".into(),
        case_ref: "K-2026-000123".into(),
        source,
    }
}

fn person() -> PersonSnapshot {
    PersonSnapshot::from_cpr(Cpr::parse("070761-4285").expect("valid test number"), "Testperson Hansen")
}

fn report(pass: bool) -> CheckReport {
    CheckReport::from_checks(vec![Check::new("ink_present", Some(1.0), ">= 1", pass, "ok")])
}

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0xAA, 0xFF, 0xD9];
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-signature-bytes";
const STROKES: &[u8] = br#"{"version":1,"strokes":[[{"x":1,"y":2,"p":0.5,"t":0}]]}"#;

fn full(source: Source) -> BundleBuilder {
    BundleBuilder::new(header(source), person())
        .photo_jpeg(JPEG.to_vec())
        .photo_report(&report(true))
        .signature_png(PNG.to_vec())
        .signature_report(&report(true))
        .strokes_json(STROKES.to_vec())
}

fn built() -> Bundle {
    full(Source::Counter).build().expect("a complete bundle builds")
}

/// Re-encodes a bundle with a changed manifest (parts as they are).
fn with_manifest(bundle: &Bundle, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut value = serde_json::to_value(bundle.manifest()).expect("manifest serialises");
    edit(&mut value);
    let json = serde_json::to_vec(&value).expect("json");
    let mut entries = vec![Entry { name: MANIFEST_NAME, data: &json }];
    for p in &bundle.manifest().parts {
        entries.push(Entry { name: p.kind.file_name(), data: bundle.part(p.kind).expect("listed part exists") });
    }
    container::encode(&entries).expect("encode")
}

#[test]
fn round_trip_keeps_everything() {
    let b = built();
    let back = Bundle::read(b.as_bytes()).expect("reads");
    assert_eq!(back, b);
    assert_eq!(back.part(PartKind::Photo), Some(JPEG));
    assert_eq!(back.part(PartKind::Signature), Some(PNG));
    assert_eq!(back.part(PartKind::Strokes), Some(STROKES));
    assert_eq!(back.photo_report(), Ok(report(true)));
    assert_eq!(back.manifest().person.number.digits(), "0707614285");
    assert_eq!(back.manifest().schema_version, SCHEMA_VERSION);
    let kinds: Vec<PartKind> = back.manifest().parts.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, PartKind::ALL.to_vec());
    let photo = back.manifest().part(PartKind::Photo).expect("photo listed");
    assert_eq!(photo.size, JPEG.len() as u64);
    assert_eq!(photo.sha256, sha256_hex(JPEG));
    assert_eq!(photo.media_type, "image/jpeg");
}

#[test]
fn sha256_hex_matches_a_known_vector() {
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

#[test]
fn building_is_deterministic() {
    let h = header(Source::Counter);
    let make = || {
        BundleBuilder::new(h.clone(), person())
            .strokes_json(STROKES.to_vec()) // order of calls does not matter
            .signature_report(&report(true))
            .signature_png(PNG.to_vec())
            .photo_report(&report(true))
            .photo_jpeg(JPEG.to_vec())
            .build()
            .expect("builds")
    };
    assert_eq!(make().as_bytes(), make().as_bytes());
    assert_eq!(make().content_sha256(), make().content_sha256());
}

#[test]
fn a_changed_byte_in_any_part_is_a_hash_mismatch() {
    let b = built();
    let mut from = 0; // parts are in ALL order; identical parts (the two reports) are found in turn
    for kind in PartKind::ALL {
        let part = b.part(kind).expect("part present");
        let at = from + b.as_bytes()[from..].windows(part.len()).position(|w| w == part).expect("part is in the file");
        from = at + part.len();
        let mut bytes = b.as_bytes().to_vec();
        bytes[at + part.len() - 1] ^= 0x01;
        assert_eq!(Bundle::read(&bytes), Err(BundleError::HashMismatch(kind)), "{kind}");
    }
}

#[test]
fn a_changed_hash_or_size_in_the_manifest_is_detected() {
    let b = built();
    let bytes = with_manifest(&b, |m| m["parts"][0]["sha256"] = sha256_hex(b"other").into());
    assert_eq!(Bundle::read(&bytes), Err(BundleError::HashMismatch(PartKind::Photo)));
    let bytes = with_manifest(&b, |m| m["parts"][2]["size"] = 1.into());
    assert_eq!(Bundle::read(&bytes), Err(BundleError::SizeMismatch(PartKind::Signature)));
}

#[test]
fn a_manifest_edit_without_touching_parts_still_reads_when_consistent() {
    // Sanity check for the helper above: an unchanged manifest reads back.
    let b = built();
    assert_eq!(Bundle::read(&with_manifest(&b, |_| {})).map(|r| r.manifest().clone()), Ok(b.manifest().clone()));
}

#[test]
fn every_required_part_is_checked_when_building() {
    for (source, missing) in [
        (Source::Counter, PartKind::Photo),
        (Source::Counter, PartKind::PhotoReport),
        (Source::Counter, PartKind::Signature),
        (Source::Counter, PartKind::SignatureReport),
        (Source::Scan, PartKind::Photo),
        (Source::Scan, PartKind::SignatureReport),
    ] {
        let mut b = BundleBuilder::new(header(source), person());
        for kind in PartKind::ALL.into_iter().filter(|k| *k != missing) {
            b = match kind {
                PartKind::Photo => b.photo_jpeg(JPEG.to_vec()),
                PartKind::PhotoReport => b.photo_report(&report(true)),
                PartKind::Signature => b.signature_png(PNG.to_vec()),
                PartKind::SignatureReport => b.signature_report(&report(true)),
                PartKind::Strokes => b.strokes_json(STROKES.to_vec()),
            };
        }
        assert_eq!(b.build().map(|_| ()), Err(BundleError::MissingPart(missing)), "{source:?} without {missing}");
    }
}

#[test]
fn a_scan_needs_no_strokes() {
    let b = BundleBuilder::new(header(Source::Scan), person())
        .photo_jpeg(JPEG.to_vec())
        .photo_report(&report(true))
        .signature_png(PNG.to_vec())
        .signature_report(&report(true))
        .build()
        .expect("a scan without strokes builds");
    assert_eq!(b.part(PartKind::Strokes), None);
    assert_eq!(Bundle::read(b.as_bytes()).map(|r| r.manifest().source), Ok(Source::Scan));
}

#[test]
fn a_scan_carries_its_resolution_and_a_counter_capture_cannot() {
    let b = full(Source::Scan).scan(ScanDetails { dpi: 300 }).build().expect("a scan with its dpi builds");
    let read = Bundle::read(b.as_bytes()).expect("reads");
    assert_eq!(read.manifest().scan, Some(ScanDetails { dpi: 300 }));
    // An older bundle without the field still reads, and says nothing about a scan.
    assert_eq!(
        Bundle::read(full(Source::Scan).build().expect("builds").as_bytes()).expect("reads").manifest().scan,
        None
    );
    let wrong = full(Source::Counter).scan(ScanDetails { dpi: 300 }).build().expect_err("refused");
    assert!(matches!(wrong, BundleError::InvalidManifest(_)), "{wrong:?}");
    let silly = full(Source::Scan).scan(ScanDetails { dpi: 3 }).build().expect_err("refused");
    assert!(matches!(silly, BundleError::InvalidManifest(_)), "{silly:?}");
}

#[test]
fn a_part_missing_from_the_file_is_detected_when_reading() {
    let b = built();
    // Drop the signature report from both the manifest and the container: consistent, but every
    // bundle needs it.
    let mut value = serde_json::to_value(b.manifest()).expect("json");
    value["parts"].as_array_mut().expect("parts array").remove(3);
    let json = serde_json::to_vec(&value).expect("json");
    let mut entries = vec![Entry { name: MANIFEST_NAME, data: &json }];
    for kind in [PartKind::Photo, PartKind::PhotoReport, PartKind::Signature, PartKind::Strokes] {
        entries.push(Entry { name: kind.file_name(), data: b.part(kind).expect("part") });
    }
    let bytes = container::encode(&entries).expect("encode");
    assert_eq!(Bundle::read(&bytes), Err(BundleError::MissingPart(PartKind::SignatureReport)));
    // Drop strokes from the container only.
    let full_json = serde_json::to_vec(b.manifest()).expect("json");
    let mut entries = vec![Entry { name: MANIFEST_NAME, data: &full_json }];
    for kind in &PartKind::ALL[..4] {
        entries.push(Entry { name: kind.file_name(), data: b.part(*kind).expect("part") });
    }
    let bytes = container::encode(&entries).expect("encode");
    assert!(matches!(Bundle::read(&bytes), Err(BundleError::UnexpectedEntry(_))));
}

/// The four parts every bundle has, without strokes (pen data off, the default).
fn without_pen_data(source: Source) -> BundleBuilder {
    BundleBuilder::new(header(source), person())
        .photo_jpeg(JPEG.to_vec())
        .photo_report(&report(true))
        .signature_png(PNG.to_vec())
        .signature_report(&report(true))
}

#[test]
fn a_counter_bundle_without_pen_data_builds_and_reads() {
    let b = without_pen_data(Source::Counter).build().expect("a counter bundle without strokes builds");
    assert_eq!(b.part(PartKind::Strokes), None);
    assert!(!b.manifest().includes_pen_data());
    let back = Bundle::read(b.as_bytes()).expect("reads");
    assert_eq!(back, b);
    assert_eq!(back.manifest().source, Source::Counter);
    let kinds: Vec<PartKind> = back.manifest().parts.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, PartKind::ALL[..4].to_vec(), "image and both reports stay; no strokes entry");
    assert!(!b.as_bytes().windows(b"strokes".len()).any(|w| w == b"strokes"), "no strokes entry or listing");
    // With pen data the manifest says so by listing the part.
    assert!(built().manifest().includes_pen_data());
}

/// Stroke JSON as skranke-signature writes it, with a device description.
fn strokes_with_device(device: &str) -> Vec<u8> {
    format!(r#"{{"width":100,"height":50,"pressure_max":1023,"samples":[[0,1,2,0],[5,3,4,512]],"device":{device}}}"#)
        .into_bytes()
}

#[test]
fn strokes_naming_the_pad_serial_number_are_refused_when_building() {
    let serial = strokes_with_device(r#"{"vendor":"Wacom","model":"STU-540","serial":"SN-4711","report_rate":200}"#);
    let err = without_pen_data(Source::Counter).strokes_json(serial.clone()).build().map(|_| ());
    assert_eq!(err, Err(BundleError::InvalidPart { kind: PartKind::Strokes, reason: "names the pad's serial number" }));
    assert_eq!(err.map_err(|e| e.code()), Err(crate::Code::BundleInvalidPart));
    let message = without_pen_data(Source::Scan).strokes_json(serial).build().expect_err("refused").to_string();
    assert!(!message.contains("SN-4711"), "the error never echoes the serial: {message}");

    // The kind of pad may stay (it says how to read the units and the timing); so may a null serial.
    for device in [r#"{"vendor":"Wacom","model":"STU-540","report_rate":200}"#, r#"{"model":"STU-540","serial":null}"#]
    {
        let strokes = strokes_with_device(device);
        let b = without_pen_data(Source::Counter).strokes_json(strokes.clone()).build().expect("builds");
        let back = Bundle::read(b.as_bytes()).expect("reads");
        assert_eq!(back.part(PartKind::Strokes), Some(strokes.as_slice()));
        assert!(!back.as_bytes().windows(7).any(|w| w == b"SN-4711"));
    }
}

/// A bundle written before this rule, whose strokes carry a serial number, still reads (the rule
/// binds new bundles only, like the override reason limit): an outbox may hold one.
#[test]
fn an_older_bundle_whose_strokes_name_a_serial_still_reads() {
    let b = built();
    let serial = strokes_with_device(r#"{"model":"STU-540","serial":"SN-4711"}"#);
    let mut value = serde_json::to_value(b.manifest()).expect("json");
    value["parts"][4]["size"] = (serial.len() as u64).into();
    value["parts"][4]["sha256"] = sha256_hex(&serial).into();
    let json = serde_json::to_vec(&value).expect("json");
    let mut entries = vec![Entry { name: MANIFEST_NAME, data: &json }];
    for kind in &PartKind::ALL[..4] {
        entries.push(Entry { name: kind.file_name(), data: b.part(*kind).expect("part") });
    }
    entries.push(Entry { name: PartKind::Strokes.file_name(), data: &serial });
    let bytes = container::encode(&entries).expect("encode");
    let read = Bundle::read(&bytes).expect("an older bundle reads");
    assert_eq!(read.part(PartKind::Strokes), Some(serial.as_slice()));
    assert!(read.manifest().includes_pen_data());
}

#[test]
fn duplicate_and_wrong_content_are_rejected() {
    assert_eq!(
        full(Source::Counter).photo_jpeg(JPEG.to_vec()).build().map(|_| ()),
        Err(BundleError::DuplicatePart(PartKind::Photo))
    );
    let not_jpeg = BundleBuilder::new(header(Source::Counter), person())
        .photo_jpeg(PNG.to_vec())
        .photo_report(&report(true))
        .signature_png(PNG.to_vec())
        .signature_report(&report(true))
        .strokes_json(STROKES.to_vec())
        .build();
    assert_eq!(not_jpeg.map(|_| ()), Err(BundleError::InvalidPart { kind: PartKind::Photo, reason: "not a JPEG" }));
    let mut b = full(Source::Scan);
    b.parts.retain(|(k, _)| *k != PartKind::Strokes);
    let b = b.strokes_json(b"{not json".to_vec());
    assert_eq!(b.build().map(|_| ()), Err(BundleError::InvalidPart { kind: PartKind::Strokes, reason: "not JSON" }));
}

#[test]
fn header_fields_and_capture_id_are_checked() {
    let mut h = header(Source::Counter);
    h.clerk = "  ".into();
    let b = BundleBuilder { header: h, ..full(Source::Counter) };
    assert_eq!(b.build().map(|_| ()), Err(BundleError::InvalidField("clerk")));
    let mut h = header(Source::Counter);
    h.capture_id = uuid::Builder::from_random_bytes([7; 16]).into_uuid(); // v4
    let b = BundleBuilder { header: h, ..full(Source::Counter) };
    assert_eq!(b.build().map(|_| ()), Err(BundleError::InvalidCaptureId));
    let b = BundleBuilder { person: PersonSnapshot { card_name: "A\nB".into(), ..person() }, ..full(Source::Counter) };
    assert_eq!(b.build().map(|_| ()), Err(BundleError::InvalidField("card_name")));
}

#[test]
fn failed_checks_need_an_override_with_a_reason() {
    let failing_photo = || {
        BundleBuilder::new(header(Source::Counter), person())
            .photo_jpeg(JPEG.to_vec())
            .photo_report(&report(false))
            .signature_png(PNG.to_vec())
            .signature_report(&report(true))
            .strokes_json(STROKES.to_vec())
    };
    assert_eq!(failing_photo().build().map(|_| ()), Err(BundleError::OverrideRequired(PartKind::Photo)));
    assert_eq!(failing_photo().photo_override(" ").build().map(|_| ()), Err(BundleError::EmptyOverrideReason));
    assert_eq!(
        failing_photo().signature_override("wrong one").build().map(|_| ()),
        Err(BundleError::OverrideRequired(PartKind::Photo))
    );
    let ok = failing_photo().photo_override("Briller godkendt af supervisor").build().expect("overridden builds");
    let back = Bundle::read(ok.as_bytes()).expect("reads");
    assert_eq!(
        back.manifest().flags.photo_override.as_ref().map(|o| o.reason.as_str()),
        Some("Briller godkendt af supervisor")
    );
    assert_eq!(back.photo_report().map(|r| r.passed()), Ok(false));

    let mut sig = full(Source::Counter);
    sig.parts.retain(|(k, _)| *k != PartKind::SignatureReport);
    let sig = sig.signature_report(&report(false));
    assert_eq!(sig.build().map(|_| ()), Err(BundleError::OverrideRequired(PartKind::Signature)));
}

#[test]
fn flags_round_trip() {
    let b = full(Source::Counter).cpr_unverified(true).protected_address(true).build().expect("builds");
    let f = Bundle::read(b.as_bytes()).expect("reads").manifest().flags.clone();
    assert!(f.cpr_unverified && f.protected_address);
    assert_eq!(f.photo_override, None);
}

/// Every key anywhere in a JSON value.
fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn the_manifest_has_exactly_the_documented_fields_and_no_address() {
    let b = full(Source::Counter).photo_override("x").build().expect("builds");
    let value = serde_json::to_value(b.manifest()).expect("json");
    let mut all = Vec::new();
    keys(&value, &mut all);
    // Every key anywhere is one of these (`protected_address` is a flag, never an address).
    let allowed = [
        "schema_version",
        "capture_id",
        "created_at",
        "municipality",
        "workstation",
        "clerk",
        "case_ref",
        "source",
        "person",
        "number",
        "card_name",
        "birth_date",
        "sex",
        "flags",
        "cpr_unverified",
        "protected_address",
        "photo_override",
        "signature_override",
        "reason",
        "parts",
        "kind",
        "name",
        "media_type",
        "size",
        "sha256",
    ];
    assert!(all.iter().all(|k| allowed.contains(&k.as_str())), "{all:?}");
    let mut top: Vec<&str> = value.as_object().expect("object").keys().map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "capture_id",
            "case_ref",
            "clerk",
            "created_at",
            "flags",
            "municipality",
            "parts",
            "person",
            "schema_version",
            "source",
            "workstation"
        ]
    );
    assert_eq!(
        value["person"],
        serde_json::json!({"number": "0707614285", "card_name": "Testperson Hansen", "birth_date": "1961-07-07", "sex": "M"})
    );
    assert_eq!(
        value["flags"],
        serde_json::json!({"cpr_unverified": false, "protected_address": false, "photo_override": {"reason": "x"}, "signature_override": null})
    );
    assert_eq!(value["source"], "counter");
    assert_eq!(value["created_at"], "2026-11-22T10:30:00Z");
}

#[test]
fn an_address_smuggled_into_a_manifest_is_rejected() {
    let b = built();
    for place in ["top", "person", "flags"] {
        let bytes = with_manifest(&b, |m| {
            let target = if place == "top" { m } else { &mut m[place] };
            target["address"] = "Testvej 1, 9999 Testby".into();
        });
        match Bundle::read(&bytes) {
            Err(BundleError::InvalidManifest(msg)) => {
                assert!(msg.contains("unknown field `address`"), "{msg}");
                assert!(!msg.contains("Testvej"), "{msg}");
            }
            other => panic!("{place}: {other:?}"),
        }
    }
}

#[test]
fn a_newer_schema_version_is_unsupported() {
    let bytes = with_manifest(&built(), |m| {
        m["schema_version"] = 2.into();
        m["new_field"] = true.into();
    });
    assert_eq!(Bundle::read(&bytes), Err(BundleError::UnsupportedVersion(2)));
}

#[test]
fn invalid_values_in_the_manifest_are_not_echoed() {
    let bytes = with_manifest(&built(), |m| m["person"]["number"] = "3113619999".into());
    match Bundle::read(&bytes) {
        Err(BundleError::InvalidManifest(msg)) => assert!(!msg.contains("3113619999"), "{msg}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn debug_shows_neither_number_nor_name_nor_bytes() {
    let shown = format!("{:?}", built());
    assert!(!shown.contains("0707614285") && !shown.contains("4285") && !shown.contains("Hansen"), "{shown}");
    assert!(shown.contains("070761-xxxx"));
}

/// The builder and a container entry hold the parts' bytes; their `Debug` shows sizes only. The
/// photo's bytes `0xAA, 0xFF` would print as `170, 255` in a derived `Debug`.
#[test]
fn debug_of_the_builder_and_an_entry_shows_sizes_not_bytes() {
    let builder = format!("{:?}", full(Source::Counter));
    assert!(
        !builder.contains("170, 255") && !builder.contains("Hansen") && !builder.contains("0707614285"),
        "{builder}"
    );
    assert!(builder.contains(&format!("Ok({})", JPEG.len())), "{builder}");
    let entry = format!("{:?}", Entry { name: "photo.jpg", data: JPEG });
    assert!(!entry.contains("170, 255") && entry.contains("photo.jpg") && entry.contains("13"), "{entry}");
}

#[test]
fn override_reasons_are_bounded_in_characters_and_refuse_control_characters() {
    let failing_photo = || {
        BundleBuilder::new(header(Source::Counter), person())
            .photo_jpeg(JPEG.to_vec())
            .photo_report(&report(false))
            .signature_png(PNG.to_vec())
            .signature_report(&report(true))
            .strokes_json(STROKES.to_vec())
    };
    // 500 characters of two bytes each (1000 bytes) is within the limit: it counts characters.
    let longest = "æ".repeat(MAX_OVERRIDE_REASON_CHARS);
    let ok = failing_photo().photo_override(format!("  {longest}\n")).build().expect("500 characters build");
    let reason = ok.manifest().flags.photo_override.as_ref().map(|o| o.reason.chars().count());
    assert_eq!(reason, Some(MAX_OVERRIDE_REASON_CHARS + 3), "the builder keeps the text as given");
    let too_long = format!("{longest}a");
    assert!(matches!(
        failing_photo().photo_override(too_long.clone()).build(),
        Err(BundleError::InvalidOverrideReason(_))
    ));
    assert!(matches!(
        full(Source::Counter).signature_override(too_long.clone()).build(),
        Err(BundleError::InvalidOverrideReason(_))
    ));
    for bad in ["Briller\tgodkendt", "a\rb", "a\u{1b}[31mb", "a\u{0}b"] {
        let err = failing_photo().photo_override(bad).build().map(|_| ());
        assert_eq!(err.map_err(|e| e.code()), Err(crate::Code::BundleInvalidOverrideReason), "{bad:?}");
    }
    assert_eq!(check_override_reason(Some("Linje et\nlinje to")), Ok(Some("Linje et\nlinje to")));
    assert_eq!(check_override_reason(Some(" \n ")), Ok(None));
    assert_eq!(check_override_reason(None), Ok(None));
    assert!(matches!(check_override_reason(Some(&too_long)), Err(BundleError::InvalidOverrideReason(_))));
    let message = check_override_reason(Some("hemmeligt\u{7}")).expect_err("bell").to_string();
    assert!(!message.contains("hemmeligt"), "the error never echoes the text: {message}");
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any truncation or single changed byte is handled without a panic, and a result that
        /// still reads is exactly what its (changed) manifest and parts say.
        #[test]
        fn damaged_bundles_never_panic(cut in 0usize..2000, at in 0usize..2000, xor in 1u8..=255) {
            let b = built();
            let mut bytes = b.as_bytes().to_vec();
            let at = at % bytes.len();
            bytes[at] ^= xor;
            if let Ok(read) = Bundle::read(&bytes) {
                // Only a change inside a manifest text value can still read; the parts are intact.
                for kind in PartKind::ALL {
                    prop_assert_eq!(read.part(kind), b.part(kind));
                }
            }
            let cut = cut % b.as_bytes().len();
            prop_assert!(Bundle::read(&b.as_bytes()[..cut]).is_err());
        }
    }
}

/// The committed sample bundle: it pins format version 1 byte for byte. Regenerate it only when
/// the format changes on purpose (and bump the version): `SKRANKE_BLESS=1 cargo test -p skranke-core`.
#[test]
fn the_committed_v1_sample_still_reads_and_is_reproduced_byte_for_byte() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/capture-v1.bundle");
    let header = CaptureHeader {
        capture_id: uuid::Builder::from_unix_timestamp_millis(1_795_343_400_000, &[0x5a; 10]).into_uuid(),
        created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 30, 0).single().expect("valid time"),
        ..header(Source::Counter)
    };
    let failing = CheckReport::from_checks(vec![Check::new(
        "eye_distance",
        Some(84.0),
        ">= 90 px",
        false,
        "photo.eye_distance.fail",
    )]);
    let made = BundleBuilder::new(header, person())
        .photo_jpeg(JPEG.to_vec())
        .photo_report(&failing)
        .photo_override("Godkendt af supervisor")
        .signature_png(PNG.to_vec())
        .signature_report(&report(true))
        .strokes_json(STROKES.to_vec())
        .protected_address(true)
        .build()
        .expect("sample builds");
    if std::env::var_os("SKRANKE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dir");
        std::fs::write(&path, made.as_bytes()).expect("write sample");
    }
    let committed = std::fs::read(&path).expect("tests/data/capture-v1.bundle is committed");
    let read = Bundle::read(&committed).expect("the v1 sample reads");
    assert_eq!(read.manifest().capture_id.get_version_num(), 7);
    assert_eq!(read.manifest().person.number.digits(), "0707614285");
    assert!(read.manifest().flags.protected_address);
    assert_eq!(read.photo_report().map(|r| r.passed()), Ok(false));
    // Written when counter bundles always had strokes: it still reads, with them.
    assert_eq!(read.manifest().source, Source::Counter);
    assert_eq!(read.part(PartKind::Strokes), Some(STROKES));
    assert!(read.manifest().includes_pen_data());
    assert_eq!(committed, made.as_bytes(), "the encoder no longer reproduces format v1");
}
