//! Fuzzing of what the national services send back (issue 13.10):
//! - the SF1520 answer ([`parse_response`]): random text, edits of the simulator's real answers
//!   (every simulated person, not found, a fault), hostile element texts, deep nesting, huge
//!   attributes and entity tricks;
//! - the gateway's documents ([`Receipt`], [`ProducerStatus`]) as JSON, edited and hostile;
//! - whole gateway answers through the public client ([`GatewayClient::upload`] and `status`): a
//!   scripted server behind mutual TLS answers with any status, any `Retry-After` and an edited
//!   body, so the private classification and `Retry-After` parsing are fuzzed where they run.
//!
//! Each must end in `Ok` or the typed error with a deliberate code, never a panic or a hang.
//! The case counts are fixed so CI time stays bounded (docs/ARCHITECTURE.md, "Fuzzing"); run longer
//! with `PROPTEST_CASES=100000 cargo test -p skranke-gateway --test fuzz`.
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use proptest::collection::vec;
use proptest::prelude::*;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use skranke_core::Code;
use skranke_gateway::cpr::parse_response;
use skranke_gateway::upload::{DEFAULT_RETRY_AFTER, MAX_RETRY_AFTER};
use skranke_gateway::{
    ClientTls, CprLookupError, GatewayClient, GatewayClientConfig, ProducerStatus, Receipt, UploadError,
};
use skranke_sim::cpr::people::PEOPLE;
use skranke_sim::cpr::soap;
use skranke_sim::{TestPki, http};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

#[path = "../../skranke-core/tests/support/mutations.rs"]
mod mutations;
use mutations::{apply, cases, edit};

// ---------------------------------------------------------------------------------------------
// SF1520 answers

/// The simulator's answers: every person, not found, and a fault.
fn soap_seeds() -> Vec<String> {
    let mut seeds: Vec<String> = PEOPLE.iter().map(|p| soap::response(Some(p), Some(40), false)).collect();
    seeds.push(soap::response(None, None, false));
    seeds.push(soap::response(PEOPLE.first(), None, true));
    seeds.push(soap::fault("PNR_NOT_FOUND", "Personen 1203851002 findes ikke"));
    seeds
}

const XML_TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&unknown;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?xml version=\"1.0\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>",
    b"&b;",
    b" xmlns=\"\"",
    b" xmlns:soap=\"urn:other\"",
    b"\"",
    b"=",
    b"<status>",
    b"</status>",
    b"<koen>X</koen>",
    b"<persondata>",
    b"99999",
    b"2026-02-30",
    b"\xc3\xa6",
];

/// The property every SF1520 parse keeps: a person, not found, a fault with a plain code, or
/// malformed.
fn check_soap(xml: &str) -> Result<(), TestCaseError> {
    match parse_response(xml) {
        Ok(record) => prop_assert!(!record.addressing_name.trim().is_empty() && !record.pnr.trim().is_empty()),
        Err(CprLookupError::SoapFault { code }) => prop_assert!(
            code == "unknown"
                || ((1..=64).contains(&code.len())
                    && code.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))),
            "{code:?}"
        ),
        Err(e) => prop_assert!(matches!(e.code(), Code::CprMalformedResponse | Code::CprNotFound), "{e:?}"),
    }
    Ok(())
}

/// Where the texts of a seed's elements lie: byte ranges between a `>` and the next `<`.
fn text_ranges(xml: &str) -> Vec<std::ops::Range<usize>> {
    let b = xml.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'>' => start = Some(i + 1),
            b'<' => {
                if let Some(s) = start.take()
                    && s < i
                {
                    out.push(s..i);
                }
            }
            _ => {}
        }
    }
    out
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        Just("-1".to_string()),
        Just("65536".to_string()),
        Just("99999999999999999999".to_string()),
        Just("2026-02-30".to_string()),
        Just("2026-11-3".to_string()),
        Just("æøå-01-01".to_string()),
        Just("false".to_string()),
        Just("Q".to_string()),
        Just("x".repeat(70)),
        Just("&lt;script&gt;".to_string()),
        "[ -~]{0,30}",
        ".{0,10}",
    ]
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn soap_arbitrary_text_is_a_typed_error(text in ".{0,300}") {
        check_soap(&text)?;
    }

    #[test]
    fn soap_edited_answers_are_a_typed_error(seed in any::<usize>(), edits in vec(edit(), 1..6)) {
        let seeds = soap_seeds();
        let bytes = apply(seeds[seed % seeds.len()].as_bytes(), &edits, XML_TOKENS);
        check_soap(&String::from_utf8_lossy(&bytes))?;
    }

    /// Structure-aware: one element's text (a status, a date, a sex, a name, a fault code)
    /// replaced by a hostile one, the document still well-formed.
    #[test]
    fn soap_hostile_element_texts_are_a_typed_error(seed in any::<usize>(), target in any::<usize>(), text in hostile_text()) {
        let seeds = soap_seeds();
        let xml = &seeds[seed % seeds.len()];
        let ranges = text_ranges(xml);
        let r = ranges[target % ranges.len()].clone();
        let changed = format!("{}{}{}", &xml[..r.start], soap::esc(&text), &xml[r.end..]);
        check_soap(&changed)?;
    }
}

/// An envelope whose body holds `inner`.
fn envelope(inner: &str) -> String {
    format!("<soap:Envelope xmlns:soap=\"{}\"><soap:Body>{inner}</soap:Body></soap:Envelope>", soap::SOAP_NS)
}

#[test]
fn soap_seeds_parse() {
    let seeds = soap_seeds();
    let without_name = PEOPLE.len() + 1;
    for (i, xml) in seeds.iter().enumerate() {
        let result = parse_response(xml);
        if i == without_name {
            assert!(matches!(result, Err(CprLookupError::Malformed(_))), "seed {i}: {result:?}");
        } else {
            assert!(
                result.is_ok() || matches!(result, Err(CprLookupError::NotFound | CprLookupError::SoapFault { .. })),
                "seed {i}: {result:?}"
            );
        }
    }
}

/// Nesting half a million elements deep (under the 4 MiB answer cap) is parsed without recursion:
/// a typed error, not a stack overflow. A huge attribute and a couple of thousand are just data; a
/// DTD (the way to an entity expansion bomb) is refused.
#[test]
fn deep_nesting_huge_attributes_and_entities_are_typed_errors() {
    let depth = 500_000;
    let deep = envelope(&format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth)));
    assert!(deep.len() < skranke_gateway::DEFAULT_MAX_RESPONSE_BYTES);
    assert!(matches!(parse_response(&deep), Err(CprLookupError::Malformed(_))));
    let unclosed = envelope(&"<a>".repeat(depth));
    assert!(matches!(parse_response(&unclosed), Err(CprLookupError::Malformed(_))));
    let huge_attribute = envelope(&format!("<a b=\"{}\"/>", "x".repeat(3 << 20)));
    assert!(matches!(parse_response(&huge_attribute), Err(CprLookupError::Malformed(_))));
    // Few: roxmltree checks each attribute against the element's earlier ones (quadratic; see
    // docs/ARCHITECTURE.md, "Fuzzing", for what that costs at the answer cap).
    let many: String = (0..2_000).map(|i| format!(" a{i}=\"\"")).collect();
    assert!(matches!(parse_response(&envelope(&format!("<a{many}/>"))), Err(CprLookupError::Malformed(_))));
    let bomb = format!(
        "<!DOCTYPE e [<!ENTITY a \"{}\"><!ENTITY b \"{}\">]>{}",
        "x".repeat(100),
        "&a;".repeat(100),
        envelope("&b;")
    );
    assert!(matches!(parse_response(&bomb), Err(CprLookupError::Malformed(_))));
}

// ---------------------------------------------------------------------------------------------
// Gateway documents

const ID: &str = "019a0000-0000-7000-8000-000000000000";
const SHA: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn receipt_json(id: &str, sha: &str) -> String {
    format!(
        r#"{{"capture_id":"{id}","receipt_id":"r-1","received_at":"2026-11-22T10:30:00Z","content_sha256":"{sha}"}}"#
    )
}

fn status_json(id: &str) -> String {
    format!(
        r#"{{"capture_id":"{id}","state":"rejected","reasons":["photo_blurred"],"decided_at":"2026-11-22T10:30:00Z"}}"#
    )
}

const PROBLEM_JSON: &str =
    r#"{"type":"urn:skranke:rejected","title":"t","status":422,"reasons":["bundle_hash_mismatch","x"]}"#;

const JSON_TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"1e999",
    b"-1",
    b"18446744073709551616",
    b"\\u0000",
    b"\\ud800",
    b"\"accepted\"",
    b"\"2026-13-45T99:99:99Z\"",
    b"\"extra\":1,",
];

proptest! {
    #![proptest_config(cases(1000))]

    /// The documents are plain serde: any edit is `Ok` or a serde error, never a panic.
    #[test]
    fn gateway_documents_edited_are_ok_or_a_serde_error(which in 0u8..3, edits in vec(edit(), 1..6)) {
        let seed = match which { 0 => receipt_json(ID, SHA), 1 => status_json(ID), _ => PROBLEM_JSON.to_string() };
        let bytes = apply(seed.as_bytes(), &edits, JSON_TOKENS);
        if let Ok(r) = serde_json::from_slice::<Receipt>(&bytes) {
            prop_assert_eq!(serde_json::from_slice::<Receipt>(&serde_json::to_vec(&r).expect("json")).ok(), Some(r));
        }
        if let Ok(s) = serde_json::from_slice::<ProducerStatus>(&bytes) {
            prop_assert_eq!(serde_json::from_slice::<ProducerStatus>(&serde_json::to_vec(&s).expect("json")).ok(), Some(s));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole gateway answers through the client

/// What the scripted server sends after the TLS handshake and the request: any bytes.
type Script = Arc<Mutex<Vec<u8>>>;

/// A runtime, a server that answers every request with the current script over mutual-TLS-capable
/// TLS (it presents the simulator PKI's server certificate), and a client trusting it.
struct Harness {
    runtime: tokio::runtime::Runtime,
    script: Script,
    client: GatewayClient,
    /// Held for one request and its answer: the tests run in parallel and share the server.
    turn: Mutex<()>,
}

impl Harness {
    /// Sends `request` while the server answers with `answer`.
    fn exchange<T>(&self, answer: &Answer, request: impl std::future::Future<Output = T>) -> T {
        let _turn = self.turn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *self.script.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = answer.bytes();
        self.runtime.block_on(request)
    }
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
        let pki = TestPki::generate().expect("test PKI");
        let script: Script = Arc::new(Mutex::new(Vec::new()));
        let url = runtime.block_on(serve(&pki, script.clone()));
        let tls = ClientTls {
            client_cert_pem: pki.client.cert_pem.clone(),
            client_key_pem: pki.client.key_pem.clone(),
            ca_pem: pki.ca_pem.clone(),
        };
        let config =
            GatewayClientConfig { base_url: url, tls, timeout: Duration::from_secs(10), max_response_bytes: 64 * 1024 };
        let client = GatewayClient::new(config).expect("client builds");
        Harness { runtime, script, client, turn: Mutex::new(()) }
    })
}

/// Starts the scripted server on a loopback port; returns its base URL.
async fn serve(pki: &TestPki, script: Script) -> String {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pki.server.cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .expect("server certificate");
    let key = PrivateKeyDer::from_pem_slice(pki.server.key_pem.as_bytes()).expect("server key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, script) = (acceptor.clone(), script.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                if let Ok(Some(_request)) = http::read_request(&mut tls, 1 << 20).await {
                    let answer = script.lock().map(|s| s.clone()).unwrap_or_default();
                    let _ = tls.write_all(&answer).await;
                    let _ = tls.shutdown().await;
                }
            });
        }
    });
    format!("https://{addr}")
}

/// One scripted answer: a status, an optional `Retry-After`, and a body (the raw bytes when
/// `raw` is set, no HTTP at all).
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: Vec<u8>,
    raw: Option<Vec<u8>>,
}

fn retry_after() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<u64>().prop_map(|s| Some(s.to_string())),
        (0u64..100_000).prop_map(|s| Some(format!(" {s} "))),
        Just(Some("Sun, 22 Nov 2026 10:30:05 GMT".to_string())),
        Just(Some("Fri, 31 Dec 9999 23:59:59 GMT".to_string())),
        Just(Some("Thu, 01 Jan 1970 00:00:00 GMT".to_string())),
        Just(Some("-1".to_string())),
        Just(Some("1.5".to_string())),
        Just(Some(String::new())),
        "[ -~]{0,40}".prop_map(Some),
    ]
}

fn status_code() -> impl Strategy<Value = u16> {
    prop_oneof![Just(200u16), Just(201), Just(404), Just(409), Just(422), Just(429), Just(503), Just(307), 200u16..=599,]
}

fn answer(seed: impl Strategy<Value = String>) -> impl Strategy<Value = Answer> {
    (status_code(), retry_after(), seed, vec(edit(), 0..4), prop::option::weighted(0.05, vec(any::<u8>(), 0..200)))
        .prop_map(|(status, retry_after, seed, edits, raw)| Answer {
            status,
            retry_after,
            body: apply(seed.as_bytes(), &edits, JSON_TOKENS),
            raw,
        })
}

impl Answer {
    fn bytes(&self) -> Vec<u8> {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let headers: Vec<(&str, &str)> = self.retry_after.iter().map(|v| ("Retry-After", v.as_str())).collect();
        http::encode_response(self.status, "application/json", &headers, &self.body)
    }
}

/// What any gateway answer may become: never a panic, and each class of error only from the
/// statuses that mean it; a `Retry-After` of plain seconds is honoured up to the cap.
fn check_upload_error(e: &UploadError, a: &Answer) -> Result<(), TestCaseError> {
    prop_assert_ne!(e.code(), Code::Internal);
    let well_formed = a.raw.is_none();
    match e {
        UploadError::RetryAfter(d) => {
            prop_assert!(well_formed && matches!(a.status, 429 | 503), "{e:?} from {a:?}");
            prop_assert!(*d <= MAX_RETRY_AFTER);
            match a.retry_after.as_deref().map(str::trim) {
                None => prop_assert_eq!(*d, DEFAULT_RETRY_AFTER),
                Some(v) => {
                    if let Ok(secs) = v.parse::<u64>() {
                        prop_assert_eq!(*d, Duration::from_secs(secs).min(MAX_RETRY_AFTER));
                    }
                }
            }
        }
        UploadError::Rejected { .. } => prop_assert!(well_formed && a.status == 422, "{e:?} from {a:?}"),
        UploadError::Redirected { status, .. } => {
            prop_assert!(well_formed && *status == a.status && (300..400).contains(status))
        }
        UploadError::Server(s) => prop_assert!(well_formed && *s == a.status && (500..600).contains(s)),
        UploadError::InFlight => prop_assert!(well_formed && a.status == 409),
        UploadError::ClientCertificateRejected => prop_assert!(well_formed && matches!(a.status, 401 | 403)),
        _ => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(200))]

    #[test]
    fn gateway_upload_answers_are_a_typed_result(
        a in answer(prop_oneof![Just(receipt_json(ID, "")), Just(PROBLEM_JSON.to_string()), ".{0,40}"]),
    ) {
        let h = harness();
        let bundle = b"any bytes: the scripted server does not look";
        let id = Uuid::parse_str(ID).expect("uuid");
        let sha = {
            use sha2::Digest;
            let d: [u8; 32] = sha2::Sha256::digest(bundle).into();
            d.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        let mut a = a;
        // The unedited receipt names this bundle, so a whole valid answer can also succeed.
        a.body = String::from_utf8_lossy(&a.body).replace(r#""content_sha256":"""#, &format!(r#""content_sha256":"{sha}""#)).into_bytes();
        match h.exchange(&a, h.client.upload(id, bundle)) {
            Ok(receipt) => {
                prop_assert!(a.raw.is_none() && matches!(a.status, 200 | 201), "{a:?}");
                prop_assert_eq!(receipt.capture_id, id);
                prop_assert!(receipt.content_sha256.eq_ignore_ascii_case(&sha));
            }
            Err(e) => check_upload_error(&e, &a)?,
        }
    }

    #[test]
    fn gateway_status_answers_are_a_typed_result(a in answer(prop_oneof![Just(status_json(ID)), Just(PROBLEM_JSON.to_string()), ".{0,40}"])) {
        let h = harness();
        let id = Uuid::parse_str(ID).expect("uuid");
        match h.exchange(&a, h.client.status(id)) {
            Ok(status) => {
                prop_assert!(a.raw.is_none() && a.status == 200, "{a:?}");
                prop_assert_eq!(status.capture_id, id);
            }
            Err(UploadError::UnknownCapture) => prop_assert!(a.raw.is_none() && a.status == 404),
            Err(e) => check_upload_error(&e, &a)?,
        }
    }
}

#[test]
fn a_valid_scripted_receipt_is_accepted() {
    // The harness itself works: without this, every case above could be a network error.
    let h = harness();
    let bundle = b"x";
    let id = Uuid::parse_str(ID).expect("uuid");
    let sha = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
    let answer = Answer { status: 201, retry_after: None, body: receipt_json(ID, sha).into_bytes(), raw: None };
    let receipt = h.exchange(&answer, h.client.upload(id, bundle)).expect("the scripted receipt is accepted");
    assert_eq!(receipt.capture_id, id);
    let answer = Answer { status: 503, retry_after: Some("7".into()), body: Vec::new(), raw: None };
    let e = h.exchange(&answer, h.client.upload(id, bundle)).expect_err("busy");
    assert_eq!(e, UploadError::RetryAfter(Duration::from_secs(7)));
}
