//! The capture upload client against the gateway simulator over real mutual TLS on loopback:
//! receipts and replays, rejections, every fault sorted into the right error class, a lost answer
//! retried without storing twice, refused and untrusted certificates, and the producer's status.
mod common;

use chrono::Utc;
use common::{bundle, client_with, stored};
use skranke_gateway::{ClientTls, GatewayClient, GatewayClientConfig, ProducerState, UploadError};
use skranke_sim::gateway::DecisionState;
use skranke_sim::{CertAndKey, DecisionSettings, GatewayFault, GatewaySimulator, SimOptions, Simulators, TestPki};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

async fn sim() -> (TestPki, GatewaySimulator, GatewayClient) {
    let pki = TestPki::generate().expect("pki");
    let sim = GatewaySimulator::start(&pki, 0).await.expect("sim starts");
    let client = client_with(&sim.url(), &pki.client, &pki.ca_pem, 5000);
    (pki, sim, client)
}

#[tokio::test]
async fn first_upload_gets_a_201_receipt() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-2026-000123");
    let receipt = client.upload(id, &bytes).await.expect("stored");
    assert_eq!(receipt.capture_id, id);
    assert_eq!(receipt.content_sha256, skranke_core::sha256_hex(&bytes));
    assert!(!receipt.receipt_id.is_empty());
    assert!((Utc::now() - receipt.received_at).num_seconds().abs() < 60);
    let log = sim.control().log();
    assert_eq!((log[0].status, log[0].outcome.as_str()), (Some(201), "created"));
    let capture = sim.control().capture(id).expect("stored");
    assert_eq!((capture.stored, capture.bytes == bytes), (1, true));
    assert_eq!(capture.receipt.receipt_id, receipt.receipt_id);
}

#[tokio::test]
async fn a_replay_gets_the_same_receipt_and_is_stored_once() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    let first = client.upload(id, &bytes).await.expect("stored");
    let again = client.upload(id, &bytes).await.expect("replayed");
    assert_eq!(again, first);
    assert_eq!(stored(&sim, id), 1);
    let statuses: Vec<Option<u16>> = sim.control().log().iter().map(|l| l.status).collect();
    assert_eq!(statuses, [Some(201), Some(200)]);
}

#[tokio::test]
async fn the_same_key_with_other_content_is_rejected_for_good() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    client.upload(id, &bundle(id, "K-1")).await.expect("stored");
    let e = client.upload(id, &bundle(id, "K-2")).await.expect_err("other content");
    assert_eq!(e, UploadError::Rejected { reasons: vec!["idempotency_key_reused".into()] });
    assert!(!e.is_transient());
    assert_eq!(e.code(), skranke_core::Code::GatewayRejected);
    assert_eq!(stored(&sim, id), 1);
}

#[tokio::test]
async fn what_is_not_a_bundle_of_this_capture_is_rejected() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let e = client.upload(id, b"not a bundle").await.expect_err("garbage");
    assert_eq!(e, UploadError::Rejected { reasons: vec!["bundle_not_a_bundle".into()] });
    let other = Uuid::now_v7();
    let e = client.upload(id, &bundle(other, "K-1")).await.expect_err("key differs from the manifest");
    assert_eq!(e, UploadError::Rejected { reasons: vec!["idempotency_key_mismatch".into()] });
    assert!(sim.control().captures().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transient_network_error() {
    let (_pki, sim, client) = sim().await;
    sim.control().set_fault(GatewayFault::Refuse);
    let id = Uuid::now_v7();
    let e = client.upload(id, &bundle(id, "K-1")).await.expect_err("refused");
    assert!(matches!(e, UploadError::Network(_)), "{e:?}");
    assert!(e.is_transient());
    assert_eq!(e.code(), skranke_core::Code::GatewayUnreachable);
    assert_eq!(stored(&sim, id), 0);
    assert_eq!(sim.control().log()[0].outcome, "refused");
}

#[tokio::test]
async fn unavailable_and_too_many_requests_ask_to_retry_after() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    sim.control().set_fault(GatewayFault::Unavailable { retry_after_s: 7 });
    let e = client.upload(id, &bytes).await.expect_err("503");
    assert_eq!(e, UploadError::RetryAfter(Duration::from_secs(7)));
    assert!(e.is_transient());
    sim.control().set_fault(GatewayFault::TooManyRequests { retry_after_s: 2 });
    assert_eq!(client.upload(id, &bytes).await, Err(UploadError::RetryAfter(Duration::from_secs(2))));
    assert_eq!(client.status(id).await, Err(UploadError::RetryAfter(Duration::from_secs(2))));
    assert_eq!(stored(&sim, id), 0);
    sim.control().set_fault(GatewayFault::None);
    client.upload(id, &bytes).await.expect("stored once the gateway is back");
}

/// A Retry-After of a year is read as the longest wait (an hour), so a capture is never parked
/// for a year by one answer.
#[tokio::test]
async fn a_retry_after_of_a_year_is_capped_at_an_hour() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    sim.control().set_fault(GatewayFault::Unavailable { retry_after_s: 365 * 24 * 3600 });
    let e = client.upload(id, &bundle(id, "K-1")).await.expect_err("503");
    assert_eq!(e, UploadError::RetryAfter(skranke_gateway::upload::MAX_RETRY_AFTER));
    assert_eq!(skranke_gateway::upload::MAX_RETRY_AFTER, Duration::from_secs(3600));
}

/// A 100 MiB answer (to an upload the gateway stored, and to a status query) is refused after at
/// most the cap, not read into memory; a transient error, so the same key is sent again and
/// gets the receipt.
#[tokio::test]
async fn a_huge_answer_is_refused_unread_and_the_retry_gets_the_receipt() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    sim.control().set_fault(GatewayFault::HugeBody { mb: 100 });
    let e = client.upload(id, &bytes).await.expect_err("too large");
    assert_eq!(e, UploadError::ResponseTooLarge { limit: skranke_gateway::DEFAULT_MAX_RESPONSE_BYTES });
    assert!(e.is_transient());
    assert_eq!(client.status(id).await.map(|_| ()), Err(e));
    sim.control().set_fault(GatewayFault::None);
    client.upload(id, &bytes).await.expect("the replay gets the receipt");
    assert_eq!(stored(&sim, id), 1);
}

/// A redirect to plain http is not followed: the capture is sent nowhere else, and the error
/// says where it pointed so IT can correct `gateway.endpoint`.
#[tokio::test]
async fn a_redirect_to_plain_http_is_not_followed() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    sim.control().set_fault(GatewayFault::RedirectToPlainHttp);
    let e = client.upload(id, &bundle(id, "K-1")).await.expect_err("redirect");
    assert!(
        matches!(&e, UploadError::Redirected { status: 307, location } if location.starts_with("http://127.0.0.1/v1/captures")),
        "{e:?}"
    );
    assert_eq!(e.code(), skranke_core::Code::GatewayRedirected);
    assert!(!e.is_transient(), "needs IT, not time");
    assert_eq!(sim.control().log().len(), 1);
    assert_eq!(stored(&sim, id), 0);
}

#[tokio::test]
async fn a_slow_gateway_times_out_and_the_retry_meets_the_capture_in_flight_then_stored() {
    let (pki, sim, _) = sim().await;
    let impatient = client_with(&sim.url(), &pki.client, &pki.ca_pem, 1000);
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    sim.control().set_fault_times(GatewayFault::Slow { ms: 3000 }, 1);
    let e = impatient.upload(id, &bytes).await.expect_err("timeout");
    assert_eq!(e, UploadError::Network("timeout".into()));
    assert!(e.is_transient());
    let e = impatient.upload(id, &bytes).await.expect_err("still in flight");
    assert_eq!(e, UploadError::InFlight);
    assert!(e.is_transient());
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let receipt = impatient.upload(id, &bytes).await.expect("replay after it was stored");
    assert_eq!(receipt.receipt_id, sim.control().capture(id).expect("stored").receipt.receipt_id);
    assert_eq!(stored(&sim, id), 1);
}

#[tokio::test]
async fn a_concurrent_upload_of_the_same_capture_gets_in_flight() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    sim.control().set_fault(GatewayFault::Slow { ms: 600 });
    let first = client.upload(id, &bytes);
    let second = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        client.upload(id, &bytes).await
    };
    let (first, second) = tokio::join!(first, second);
    // Normally the first wins; on a loaded machine the second may reach the gateway first.
    let (won, lost) = if first.is_ok() { (first, second) } else { (second, first) };
    assert!(won.is_ok(), "{won:?}");
    assert_eq!(lost, Err(UploadError::InFlight));
    assert_eq!(stored(&sim, id), 1);
}

#[tokio::test]
async fn a_reset_mid_response_is_a_network_error_and_the_retry_gets_the_receipt() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    sim.control().set_fault_times(GatewayFault::ResetMidResponse, 1);
    let e = client.upload(id, &bytes).await.expect_err("reset");
    assert!(matches!(e, UploadError::Network(_)), "{e:?}");
    let receipt = client.upload(id, &bytes).await.expect("replay");
    assert_eq!(receipt.receipt_id, sim.control().capture(id).expect("stored").receipt.receipt_id);
    assert_eq!(stored(&sim, id), 1);
}

#[tokio::test]
async fn commit_then_reset_then_retry_gives_the_same_receipt_stored_once() {
    let (_pki, sim, client) = sim().await;
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    sim.control().set_fault(GatewayFault::CommitThenReset);
    let e = client.upload(id, &bytes).await.expect_err("answer lost");
    assert!(matches!(e, UploadError::Network(_)), "{e:?}");
    assert!(e.is_transient());
    let kept = sim.control().capture(id).expect("the gateway stored it anyway");
    assert_eq!(kept.stored, 1);
    sim.control().set_fault(GatewayFault::None);
    let receipt = client.upload(id, &bytes).await.expect("replay");
    assert_eq!(receipt.receipt_id, kept.receipt.receipt_id);
    assert_eq!(receipt.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), kept.receipt.received_at);
    assert_eq!(stored(&sim, id), 1);
    let log: Vec<(Option<u16>, String)> = sim.control().log().into_iter().map(|l| (l.status, l.outcome)).collect();
    assert_eq!(log, [(None, "created".to_string()), (Some(200), "replayed".to_string())]);
}

#[tokio::test]
async fn a_client_certificate_from_another_ca_is_refused() {
    let (pki, sim, _) = sim().await;
    let stranger = TestPki::untrusted_client().expect("cert");
    let id = Uuid::now_v7();
    let e = client_with(&sim.url(), &stranger, &pki.ca_pem, 5000)
        .upload(id, &bundle(id, "K-1"))
        .await
        .expect_err("refused");
    assert_eq!(e, UploadError::ClientCertificateRejected);
    assert!(!e.is_transient());
    assert_eq!(e.code(), skranke_core::Code::GatewayClientCertificateRejected);
    assert!(sim.control().captures().is_empty());
    assert!(sim.control().log().is_empty(), "no request got through");
}

#[tokio::test]
async fn a_gateway_the_pinned_ca_did_not_sign_is_untrusted() {
    let (pki, sim, _) = sim().await;
    let other_ca = TestPki::other_ca_pem().expect("ca");
    let id = Uuid::now_v7();
    let e = client_with(&sim.url(), &pki.client, &other_ca, 5000)
        .upload(id, &bundle(id, "K-1"))
        .await
        .expect_err("untrusted");
    assert_eq!(e, UploadError::ServerUntrusted);
    assert!(!e.is_transient());
    assert!(sim.control().captures().is_empty());
}

#[tokio::test]
async fn an_expired_client_certificate_is_caught_before_sending() {
    let (pki, sim, _) = sim().await;
    let expired = pki.expired_client().expect("cert");
    let id = Uuid::now_v7();
    let c = client_with(&sim.url(), &expired, &pki.ca_pem, 5000);
    assert_eq!(c.upload(id, &bundle(id, "K-1")).await, Err(UploadError::CertificateExpired));
    assert_eq!(c.status(id).await, Err(UploadError::CertificateExpired));
    assert!(sim.control().log().is_empty());
}

#[tokio::test]
async fn producer_status_moves_to_accepted_after_the_delay() {
    let (_pki, sim, client) = sim().await;
    sim.control().set_decisions(DecisionSettings { delay_ms: 1200, reject_share: 0.0, ..Default::default() });
    let id = Uuid::now_v7();
    client.upload(id, &bundle(id, "K-1")).await.expect("stored");
    let early = client.status(id).await.expect("status");
    assert_eq!((early.capture_id, early.state, early.decided_at), (id, ProducerState::Received, None));
    assert_eq!(sim.control().capture(id).map(|c| c.decision), Some(DecisionState::Pending));
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let late = client.status(id).await.expect("status");
    assert_eq!(late.state, ProducerState::Accepted);
    assert!(late.reasons.is_empty());
    assert!(late.decided_at.is_some());
    assert_eq!(sim.control().capture(id).map(|c| c.decision), Some(DecisionState::Accepted));
}

#[tokio::test]
async fn producer_status_moves_to_rejected_with_reasons_after_the_delay() {
    let (_pki, sim, client) = sim().await;
    let reasons = vec!["producer_photo_unusable".to_string(), "producer_signature_unusable".to_string()];
    sim.control().set_decisions(DecisionSettings { delay_ms: 1200, reject_share: 1.0, reasons: reasons.clone() });
    let id = Uuid::now_v7();
    client.upload(id, &bundle(id, "K-1")).await.expect("stored");
    assert_eq!(client.status(id).await.expect("status").state, ProducerState::Received);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let late = client.status(id).await.expect("status");
    assert_eq!((late.state, late.reasons), (ProducerState::Rejected, reasons));
    assert_eq!(sim.control().capture(id).map(|c| c.decision), Some(DecisionState::Rejected));
}

#[tokio::test]
async fn the_status_of_an_unknown_capture_is_unknown_capture() {
    let (_pki, _sim, client) = sim().await;
    let e = client.status(Uuid::now_v7()).await.expect_err("unknown");
    assert_eq!(e, UploadError::UnknownCapture);
    assert_eq!(e.code(), skranke_core::Code::GatewayUnknownCapture);
}

async fn admin_get(admin_url: &str, path: &str) -> serde_json::Value {
    let addr = admin_url.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("admin connects");
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b).expect("a body");
    serde_json::from_str(body).expect("json")
}

#[tokio::test]
async fn the_simulators_start_the_gateway_and_list_its_captures() {
    let sims = Simulators::start(SimOptions::default()).await.expect("simulators start");
    let ready = sims.ready_json();
    assert_eq!(ready["gateway"], sims.gateway_url());
    assert_eq!(ready["simulators"]["gateway"], sims.gateway_url());
    let pki = sims.pki();
    let client = client_with(&sims.gateway_url(), &pki.client, &pki.ca_pem, 5000);
    let id = Uuid::now_v7();
    let bytes = bundle(id, "K-1");
    client.upload(id, &bytes).await.expect("stored");
    client.upload(id, &bytes).await.expect("replayed");
    assert_eq!(sims.gateway_control().captures().len(), 1);
    let listed = admin_get(&sims.admin_url(), "/_sim/captures").await;
    assert_eq!(
        listed,
        serde_json::json!([{ "id": id.to_string(), "stored": 1, "decision": "pending", "source": "counter", "scan_dpi": null }])
    );
    let health = admin_get(&sims.admin_url(), "/_sim/health").await;
    assert_eq!(health["simulators"]["gateway"], sims.gateway_url());
    sims.shutdown();
}

/// A PKCS#12 file of the simulator's client certificate, written with `p12-keystore` (AES-256 or
/// legacy 3DES, as municipal certificates come).
fn pkcs12_of(cert: &CertAndKey, password: &str, legacy: bool) -> Vec<u8> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let der = CertificateDer::from_pem_slice(cert.cert_pem.as_bytes()).expect("cert der");
    let key = PrivateKeyDer::from_pem_slice(cert.key_pem.as_bytes()).expect("key der");
    let chain = p12_keystore::PrivateKeyChain::new(
        b"skranke-test".to_vec(),
        p12_keystore::PrivateKey::from_der(key.secret_der()).expect("pkcs8"),
        [p12_keystore::Certificate::from_der(der.as_ref()).expect("x509")],
    );
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry("client", p12_keystore::KeyStoreEntry::PrivateKeyChain(chain));
    let mut w = store.writer(password);
    if legacy {
        w = w
            .encryption_algorithm(p12_keystore::EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(p12_keystore::MacAlgorithm::HmacSha1);
    }
    w.write().expect("p12 written")
}

#[tokio::test]
async fn a_pkcs12_client_certificate_works_and_a_wrong_password_is_a_clear_error() {
    let (pki, sim, _) = sim().await;
    let t = tempfile::tempdir().expect("tempdir");
    let ca = t.path().join("ca.pem");
    std::fs::write(&ca, &pki.ca_pem).expect("ca");
    for legacy in [false, true] {
        let p12 = t.path().join(format!("client-{legacy}.p12"));
        std::fs::write(&p12, pkcs12_of(&pki.client, "hemmeligt", legacy)).expect("p12");
        let tls = ClientTls::from_pkcs12(&p12, "hemmeligt", &ca).expect("the PKCS#12 file reads");
        let client = GatewayClient::new(GatewayClientConfig {
            base_url: sim.url(),
            tls,
            timeout: Duration::from_secs(5),
            max_response_bytes: skranke_gateway::DEFAULT_MAX_RESPONSE_BYTES,
        })
        .expect("client");
        let id = Uuid::now_v7();
        client.upload(id, &bundle(id, "K-1")).await.expect("stored with the PKCS#12 certificate");
        assert_eq!(stored(&sim, id), 1);
        let e = ClientTls::from_pkcs12(&p12, "forkert", &ca).expect_err("wrong password");
        assert_eq!(e.code(), skranke_core::Code::CertificateUnreadable);
        assert!(e.to_string().contains("PKCS#12"), "{e}");
    }
    std::fs::write(t.path().join("junk.p12"), b"not a pkcs12 file").expect("junk");
    assert_eq!(
        ClientTls::from_pkcs12(&t.path().join("junk.p12"), "x", &ca).expect_err("junk").code(),
        skranke_core::Code::CertificateUnreadable
    );
}
