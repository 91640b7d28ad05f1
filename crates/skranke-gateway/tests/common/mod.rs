//! What the upload tests share: a small valid capture bundle, a client for the gateway simulator,
//! and how often the simulator stored a capture.
#![allow(dead_code)]
use chrono::{TimeZone, Utc};
use skranke_core::{BundleBuilder, CaptureHeader, Check, CheckReport, Cpr, PersonSnapshot, Source};
use skranke_gateway::{ClientTls, GatewayClient, GatewayClientConfig};
use skranke_sim::{CertAndKey, GatewaySimulator};
use std::time::Duration;
use uuid::Uuid;

/// A complete bundle for `id` (tiny stand-in photo and signature, passing reports).
pub fn bundle(id: Uuid, case_ref: &str) -> Vec<u8> {
    let header = CaptureHeader {
        capture_id: id,
        created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 30, 0).single().expect("time"),
        municipality: "0101".into(),
        workstation: "ks-01".into(),
        clerk: "clerk1".into(),
        case_ref: case_ref.into(),
        source: Source::Counter,
    };
    let person = PersonSnapshot::from_cpr(Cpr::parse("0707614285").expect("number"), "Testperson Hansen");
    let ok = CheckReport::from_checks(vec![Check::new("ink_present", Some(1.0), ">= 1", true, "ok")]);
    BundleBuilder::new(header, person)
        .photo_jpeg(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0xFF, 0xD9])
        .photo_report(&ok)
        .signature_png(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-signature".to_vec())
        .signature_report(&ok)
        .strokes_json(br#"{"version":1,"strokes":[[{"x":1,"y":2,"p":0.5,"t":0}]]}"#.to_vec())
        .build()
        .expect("bundle builds")
        .into_bytes()
}

/// An upload client for `url` presenting `cert`, trusting only `ca_pem`.
pub fn client_with(url: &str, cert: &CertAndKey, ca_pem: &str, timeout_ms: u64) -> GatewayClient {
    let tls = ClientTls {
        client_cert_pem: cert.cert_pem.clone(),
        client_key_pem: cert.key_pem.clone(),
        ca_pem: ca_pem.into(),
    };
    let (timeout, max_response_bytes) =
        (Duration::from_millis(timeout_ms), skranke_gateway::DEFAULT_MAX_RESPONSE_BYTES);
    GatewayClient::new(GatewayClientConfig { base_url: url.into(), tls, timeout, max_response_bytes })
        .expect("client builds")
}

/// How many times the simulator stored capture `id` (0: never).
pub fn stored(sim: &GatewaySimulator, id: Uuid) -> u32 {
    sim.control().capture(id).map_or(0, |c| c.stored)
}
