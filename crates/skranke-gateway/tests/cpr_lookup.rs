//! The SF1520 client against the CPR simulator over real mutual TLS on loopback: every person,
//! every fault, refused certificates, and both sides' XML validated against the public XSD.
use chrono::Timelike;
use skranke_core::{Cpr, Sex};
use skranke_gateway::cpr::request::request_payload;
use skranke_gateway::{ClientTls, CprClient, CprClientConfig, CprLookupError, InvocationContext};
use skranke_sim::cpr::people::PEOPLE;
use skranke_sim::cpr::soap;
use skranke_sim::{CertAndKey, CprFault, CprSimulator, TestPki};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn context() -> InvocationContext {
    InvocationContext {
        service_agreement_uuid: "11111111-2222-4333-8444-555555555555".into(),
        user_system_uuid: "22222222-3333-4444-8555-666666666666".into(),
        user_uuid: "33333333-4444-4555-8666-777777777777".into(),
        service_uuid: "44444444-5555-4666-8777-888888888888".into(),
        on_behalf_of_user: None,
    }
}

fn client(url: &str, client: &CertAndKey, ca_pem: &str, timeout_ms: u64) -> CprClient {
    let tls = ClientTls {
        client_cert_pem: client.cert_pem.clone(),
        client_key_pem: client.key_pem.clone(),
        ca_pem: ca_pem.into(),
    };
    CprClient::new(CprClientConfig {
        endpoint: url.into(),
        tls,
        context: context(),
        timeout: Duration::from_millis(timeout_ms),
        max_response_bytes: skranke_gateway::DEFAULT_MAX_RESPONSE_BYTES,
    })
    .expect("client builds")
}

async fn sim() -> (TestPki, CprSimulator) {
    let pki = TestPki::generate().expect("pki");
    let sim = CprSimulator::start(&pki, 0).await.expect("sim starts");
    (pki, sim)
}

fn cpr(s: &str) -> Cpr {
    Cpr::parse(s).expect("valid number")
}

#[tokio::test]
async fn every_simulated_person_comes_back_typed() {
    let (pki, sim) = sim().await;
    let c = client(&sim.url(), &pki.client, &pki.ca_pem, 5000);
    for person in PEOPLE {
        let r = c.lookup(&cpr(person.pnr), Some("demo-clerk")).await.unwrap_or_else(|e| panic!("{}: {e}", person.pnr));
        assert_eq!(r.pnr, person.pnr);
        assert_eq!(r.status_code, person.status, "{}", person.pnr);
        assert_eq!(r.current_pnr.as_deref(), person.current_pnr);
        assert_eq!(r.first_names.as_deref(), Some(person.first));
        assert_eq!(r.last_name.as_deref(), Some(person.last));
        assert_eq!(r.sex, Some(if person.sex == 'M' { Sex::Male } else { Sex::Female }));
        assert_eq!(r.address_protected, person.protected, "{}", person.pnr);
        assert_eq!(r.guardianship, person.guardianship, "{}", person.pnr);
        assert_eq!(r.address.is_some(), person.address.is_some(), "{}", person.pnr);
        assert!(r.status_date.is_some());
        let debug = format!("{r:?}");
        assert!(
            !debug.contains(&person.pnr[6..]) || person.pnr[6..] == person.pnr[..4],
            "Debug leaks the number: {debug}"
        );
        assert!(!debug.contains("vej") && !debug.contains("gade"), "Debug leaks the address: {debug}");
    }
    let anne = c.lookup(&cpr("1203851002"), None).await.expect("anne");
    assert_eq!(anne.display_name(), "Anne Demo Hansen");
    assert_eq!(anne.address.expect("address").one_line(), "Demovej 12, 2. th, 8000 Aarhus C");
    let log = sim.control().log();
    assert_eq!(log.len(), PEOPLE.len() + 1);
    assert!(log.iter().all(|l| l.pnr.ends_with("-xxxx")), "log is masked: {log:?}");
}

#[tokio::test]
async fn unknown_number_is_not_found() {
    let (pki, sim) = sim().await;
    let c = client(&sim.url(), &pki.client, &pki.ca_pem, 5000);
    let e = c.lookup(&cpr("0101901234"), None).await.expect_err("unknown");
    assert!(matches!(e, CprLookupError::NotFound), "{e:?}");
    assert_eq!(e.code(), skranke_core::Code::CprNotFound);
}

#[tokio::test]
async fn a_client_certificate_from_another_ca_is_refused() {
    let (pki, sim) = sim().await;
    let stranger = TestPki::untrusted_client().expect("cert");
    let e =
        client(&sim.url(), &stranger, &pki.ca_pem, 5000).lookup(&cpr("1203851002"), None).await.expect_err("refused");
    assert_eq!(e.code(), skranke_core::Code::CprClientCertificateRejected, "{e:?}");
}

#[tokio::test]
async fn an_expired_client_certificate_is_stopped_before_sending() {
    let (pki, sim) = sim().await;
    let expired = pki.expired_client().expect("cert");
    let e =
        client(&sim.url(), &expired, &pki.ca_pem, 5000).lookup(&cpr("1203851002"), None).await.expect_err("expired");
    assert_eq!(e.code(), skranke_core::Code::CertificateExpired, "{e:?}");
    assert!(sim.control().log().is_empty(), "nothing reached the service");
}

#[tokio::test]
async fn a_server_not_signed_by_the_pinned_ca_is_refused() {
    let (pki, sim) = sim().await;
    let other_ca = TestPki::other_ca_pem().expect("ca");
    let e =
        client(&sim.url(), &pki.client, &other_ca, 5000).lookup(&cpr("1203851002"), None).await.expect_err("untrusted");
    assert_eq!(e.code(), skranke_core::Code::CprServerUntrusted, "{e:?}");
}

#[tokio::test]
async fn nothing_listening_is_unavailable() {
    let pki = TestPki::generate().expect("pki");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let url = format!("https://127.0.0.1:{port}/service/CPR/PersonBaseDataExtended/4");
    let e = client(&url, &pki.client, &pki.ca_pem, 2000).lookup(&cpr("1203851002"), None).await.expect_err("refused");
    assert_eq!(e.code(), skranke_core::Code::CprServiceUnavailable, "{e:?}");
}

#[tokio::test]
async fn each_fault_gives_its_typed_error() {
    let (pki, sim) = sim().await;
    let c = client(&sim.url(), &pki.client, &pki.ca_pem, 700);
    let cases = [
        (CprFault::Delay { ms: 2000 }, skranke_core::Code::CprServiceTimeout),
        (CprFault::SoapFault, skranke_core::Code::CprSoapFault),
        (CprFault::MalformedXml, skranke_core::Code::CprMalformedResponse),
        (CprFault::MissingFields, skranke_core::Code::CprMalformedResponse),
        (CprFault::Http500, skranke_core::Code::CprServiceUnavailable),
    ];
    for (fault, code) in cases {
        sim.control().set_fault(fault);
        let e = c.lookup(&cpr("1203851002"), None).await.expect_err("fault");
        assert_eq!(e.code(), code, "{fault:?}: {e:?}");
    }
    sim.control().set_fault(CprFault::None);
    c.lookup(&cpr("1203851002"), None).await.expect("recovers");
}

/// A fault's text names the person (as real ones may): it reaches neither the error's message
/// nor its debug form, which are logged and shown; the fault's code does.
#[tokio::test]
async fn a_soap_fault_keeps_its_code_and_not_the_servers_text() {
    let (pki, sim) = sim().await;
    let c = client(&sim.url(), &pki.client, &pki.ca_pem, 5000);
    sim.control().set_fault(CprFault::SoapFault);
    let e = c.lookup(&cpr("1203851002"), None).await.expect_err("fault");
    assert_eq!(e.code(), skranke_core::Code::CprSoapFault);
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(shown.contains("CPR_SERVICE_ERROR"), "{shown}");
        assert!(!shown.contains("1203851002") && !shown.contains("Intern fejl"), "{shown}");
    }
}

/// A 100 MiB answer is refused after at most the cap (4 MiB), not read into memory; the client
/// keeps working afterwards.
#[tokio::test]
async fn a_huge_answer_is_refused_unread() {
    let (pki, sim) = sim().await;
    let c = client(&sim.url(), &pki.client, &pki.ca_pem, 20_000);
    sim.control().set_fault(CprFault::HugeBody { mb: 100 });
    let e = c.lookup(&cpr("1203851002"), None).await.expect_err("too large");
    assert_eq!(e.code(), skranke_core::Code::CprResponseTooLarge, "{e:?}");
    sim.control().set_fault(CprFault::None);
    c.lookup(&cpr("1203851002"), None).await.expect("recovers");
}

/// A redirect to plain http is not followed: it is an error naming where it pointed, and nothing
/// is sent there.
#[tokio::test]
async fn a_redirect_to_plain_http_is_not_followed() {
    let (pki, sim) = sim().await;
    let c = client(&sim.url(), &pki.client, &pki.ca_pem, 5000);
    sim.control().set_fault(CprFault::RedirectToPlainHttp);
    let e = c.lookup(&cpr("1203851002"), None).await.expect_err("redirect");
    assert_eq!(e.code(), skranke_core::Code::CprServiceRedirected, "{e:?}");
    assert!(e.to_string().contains("http://127.0.0.1"), "{e}");
    assert_eq!(sim.control().log().len(), 1, "asked once, not again at the redirect's target");
}

/// A plain http address is never called, so no number travels unencrypted.
#[tokio::test]
async fn a_plain_http_address_is_never_called() {
    let pki = TestPki::generate().expect("pki");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let url = format!("http://{}/service/CPR/PersonBaseDataExtended/4", listener.local_addr().expect("addr"));
    let e = client(&url, &pki.client, &pki.ca_pem, 2000).lookup(&cpr("1203851002"), None).await.expect_err("http");
    assert_eq!(e.code(), skranke_core::Code::CprServiceUnavailable, "{e:?}");
    assert!(listener.accept().is_err(), "nothing connected to the plain http port");
}

/// The public XSD from ../shared/reference/sf1520 and xmllint. CI must have both; elsewhere the
/// test says clearly that it skipped.
fn schema_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/sf1520");
    let have_xmllint = std::process::Command::new("xmllint").arg("--version").output().is_ok();
    if dir.is_dir() && have_xmllint {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must validate against the XSD: need {} and xmllint", dir.display());
    eprintln!("SKIPPED: XSD validation needs {} and xmllint", dir.display());
    None
}

/// A copy of the reference schemas that libxml2 accepts: the types file refers to the PNR namespace
/// without importing it (other validators accept that through the importing message schema;
/// libxml2 is stricter), so the copy adds that one import and changes nothing else.
fn strict_schema_copy(dir: &Path, into: &Path) -> PathBuf {
    for sub in ["", "xsd", "sp"] {
        std::fs::create_dir_all(into.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(dir.join(sub)).expect("read schema dir").flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "xsd") {
                let mut text = std::fs::read_to_string(&p).expect("read xsd");
                if p.file_name().is_some_and(|n| n == "PersonBaseDataExtendedServiceTypes.xsd")
                    && !text.contains("PNR_1.xsd")
                {
                    let import = "<xsd:import namespace=\"http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/\" schemaLocation=\"../sp/PNR_1.xsd\"/>";
                    let at = text.find("<xsd:complexType").expect("types");
                    text.insert_str(at, &format!("{import}\n    "));
                }
                std::fs::write(into.join(sub).join(entry.file_name()), text).expect("write xsd");
            }
        }
    }
    into.join("PersonBaseDataExtendedServiceMsg.xsd")
}

fn validate(schema: &Path, xml: &str, name: &str) {
    let t = tempfile::tempdir().expect("tempdir");
    let file = t.path().join(format!("{name}.xml"));
    std::fs::write(&file, format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{xml}")).expect("write");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint");
    assert!(out.status.success(), "{name} does not validate: {}\n{xml}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn request_and_every_response_validate_against_the_xsd() {
    let Some(dir) = schema_dir() else { return };
    let copy = tempfile::tempdir().expect("tempdir");
    let msg = strict_schema_copy(&dir, copy.path());
    let mut ctx = context();
    validate(&msg, &request_payload("1203851002", &ctx), "request");
    ctx.on_behalf_of_user = Some("demo-clerk".into());
    validate(&msg, &request_payload("1203851002", &ctx), "request-on-behalf");
    for person in PEOPLE {
        validate(&msg, &soap::response_payload(Some(person), Some(40), false), person.pnr);
    }
    validate(&msg, &soap::response_payload(None, None, false), "not-found");
    validate(&dir.join("sp/ServiceplatformFault_1.xsd"), &soap::fault_detail("X", "tekst"), "fault");
}

#[test]
fn the_xsd_check_itself_rejects_a_broken_message() {
    let Some(dir) = schema_dir() else { return };
    let copy = tempfile::tempdir().expect("tempdir");
    let msg = strict_schema_copy(&dir, copy.path());
    let broken = soap::response_payload(PEOPLE.first(), Some(40), false)
        .replace("<ns:antalBoernUnder18>0</ns:antalBoernUnder18>", "");
    let t = tempfile::tempdir().expect("tempdir");
    let file = t.path().join("broken.xml");
    std::fs::write(&file, broken).expect("write");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&msg)
        .arg(&file)
        .output()
        .expect("xmllint");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("fails to validate") && !err.contains("parser error"), "{err}");
}

#[tokio::test]
async fn the_probe_reports_the_chain_a_status_and_the_server_clock_without_a_query() {
    let (pki, sim) = sim().await;
    let tls = ClientTls {
        client_cert_pem: pki.client.cert_pem.clone(),
        client_key_pem: pki.client.key_pem.clone(),
        ca_pem: pki.ca_pem.clone(),
    };
    let before = chrono::Utc::now() - chrono::Duration::seconds(2);
    let probe = tls.probe(&sim.url(), Duration::from_secs(10)).await.expect("probe");
    assert!(!probe.chain.is_empty(), "{probe:?}");
    assert!(probe.chain[0].not_after > before, "{probe:?}");
    let date = probe.server_date.expect("the simulator sends Date");
    assert!(
        date >= before.with_nanosecond(0).expect("time") && date <= chrono::Utc::now() + chrono::Duration::seconds(2),
        "{date}"
    );
    assert!(sim.control().log().is_empty(), "a probe is not a lookup");
}

#[tokio::test]
async fn the_probe_names_an_untrusted_server_and_a_refused_client() {
    let (pki, sim) = sim().await;
    let other_ca = TestPki::other_ca_pem().expect("ca");
    let tls = ClientTls {
        client_cert_pem: pki.client.cert_pem.clone(),
        client_key_pem: pki.client.key_pem.clone(),
        ca_pem: other_ca,
    };
    let e = tls.probe(&sim.url(), Duration::from_secs(10)).await.expect_err("untrusted");
    assert!(matches!(e, skranke_gateway::ProbeError::Handshake { .. }), "{e:?}");
    let stranger = TestPki::untrusted_client().expect("cert");
    let tls =
        ClientTls { client_cert_pem: stranger.cert_pem, client_key_pem: stranger.key_pem, ca_pem: pki.ca_pem.clone() };
    let e = tls.probe(&sim.url(), Duration::from_secs(10)).await.expect_err("refused");
    assert!(matches!(e, skranke_gateway::ProbeError::Handshake { .. }), "{e:?}");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let e = ClientTls {
        client_cert_pem: pki.client.cert_pem.clone(),
        client_key_pem: pki.client.key_pem.clone(),
        ca_pem: pki.ca_pem.clone(),
    }
    .probe(&format!("https://127.0.0.1:{port}/x"), Duration::from_secs(10))
    .await
    .expect_err("nothing listens");
    assert!(matches!(e, skranke_gateway::ProbeError::Connect { .. }), "{e:?}");
}
