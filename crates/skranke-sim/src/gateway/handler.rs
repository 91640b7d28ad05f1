//! One request to the gateway simulator, from the parsed request to the reply: the fault in force,
//! the routes (`POST /v1/captures`, `GET /v1/captures/{id}`), the checks of an upload (media type,
//! key, digest, bundle, key = manifest id), the dedupe, and the log line.
use super::control::{GatewayControl, LoggedRequest};
use super::digest;
use super::fault::GatewayFault;
use super::store::Begin;
use super::wire::{BUNDLE_MEDIA_TYPE, JSON, PROBLEM_JSON, problem};
use crate::http::Request;
use std::time::Duration;
use uuid::Uuid;

/// The route of uploads.
pub const CAPTURES_PATH: &str = "/v1/captures";

/// An HTTP response to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What the connection does with the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reply {
    /// Send the response.
    Respond(Response),
    /// Send the start of the response, then reset the connection.
    ResetMidResponse(Response),
    /// Reset the connection without answering.
    Reset,
    /// Answer with this status and a body of `len` filler bytes (no `Content-Length`).
    Oversized {
        /// The status the request earned.
        status: u16,
        /// Body length in bytes.
        len: u64,
    },
}

/// The log facts gathered while handling.
#[derive(Debug, Default)]
struct Facts {
    capture_id: Option<String>,
    outcome: &'static str,
    reasons: Vec<String>,
}

/// Handles one request under `fault` and logs it.
pub(super) async fn handle(req: &Request, fault: GatewayFault, control: &GatewayControl) -> Reply {
    let mut facts = Facts::default();
    let path = req.path.split('?').next().unwrap_or("");
    let (route, response) = match fault {
        GatewayFault::Unavailable { retry_after_s } => ("*", busy(503, retry_after_s, &mut facts)),
        GatewayFault::TooManyRequests { retry_after_s } => ("*", busy(429, retry_after_s, &mut facts)),
        GatewayFault::RedirectToPlainHttp => ("*", redirect_to_plain_http(path, &mut facts)),
        _ => match (req.method.as_str(), path, path.strip_prefix("/v1/captures/")) {
            ("POST", CAPTURES_PATH, _) => (CAPTURES_PATH, upload(req, fault, control, &mut facts).await),
            ("GET", _, Some(id)) => ("/v1/captures/{id}", status(id, fault, control, &mut facts).await),
            (_, CAPTURES_PATH, _) | (_, _, Some(_)) => {
                ("?", fail(405, "Method Not Allowed", "method_not_allowed", &mut facts))
            }
            _ => ("?", fail(404, "Not Found", "not_found", &mut facts)),
        },
    };
    let reply = match fault {
        GatewayFault::CommitThenReset => Reply::Reset,
        GatewayFault::ResetMidResponse => Reply::ResetMidResponse(response),
        GatewayFault::HugeBody { mb } => Reply::Oversized { status: response.status, len: u64::from(mb) << 20 },
        _ => Reply::Respond(response),
    };
    control.record(LoggedRequest {
        method: req.method.clone(),
        route: route.into(),
        capture_id: facts.capture_id,
        status: match &reply {
            Reply::Respond(r) => Some(r.status),
            Reply::Oversized { status, .. } => Some(*status),
            Reply::ResetMidResponse(_) | Reply::Reset => None,
        },
        outcome: facts.outcome.into(),
        reasons: facts.reasons,
        fault: fault.name().into(),
    });
    reply
}

async fn upload(req: &Request, fault: GatewayFault, control: &GatewayControl, facts: &mut Facts) -> Response {
    let media_type = req.header("content-type").and_then(|v| v.split(';').next()).map(str::trim).unwrap_or("");
    if !media_type.eq_ignore_ascii_case(BUNDLE_MEDIA_TYPE) {
        return fail(415, "Unsupported Media Type", "unsupported_media_type", facts);
    }
    let Some(key) = req.header("idempotency-key").map(str::trim) else {
        return reject("The Idempotency-Key header is missing", "idempotency_key_missing", facts);
    };
    let Some(id) = Uuid::parse_str(key).ok().filter(|u| u.get_version_num() == 7) else {
        return reject("The Idempotency-Key is not a UUIDv7", "idempotency_key_invalid", facts);
    };
    facts.capture_id = Some(id.hyphenated().to_string());
    let sha256 = match digest::verify(req.header("content-digest"), &req.body) {
        Ok(sha) => sha,
        Err(e) => return reject(&e.to_string(), e.code(), facts),
    };
    let bundle = match skranke_core::Bundle::read(&req.body) {
        Ok(b) => b,
        Err(e) => return reject(&e.to_string(), e.code().as_str(), facts),
    };
    if bundle.manifest().capture_id != id {
        return reject("The Idempotency-Key differs from the bundle's capture id", "idempotency_key_mismatch", facts);
    }
    let begin = control.begin(id, sha256);
    // Slow: the capture stays in flight while the gateway "works", then is stored.
    if let GatewayFault::Slow { ms } = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    match begin {
        Begin::New => {
            let receipt = control.commit(id, req.body.clone());
            facts.outcome = "created";
            let mut r = json(201, serde_json::to_vec(&receipt).unwrap_or_default());
            r.headers.push(("Location", format!("{CAPTURES_PATH}/{id}")));
            r
        }
        Begin::Replay(receipt) => {
            facts.outcome = "replayed";
            json(200, serde_json::to_vec(&receipt).unwrap_or_default())
        }
        Begin::InFlight => fail(409, "Conflict", "in_flight", facts),
        Begin::Conflict => reject("The Idempotency-Key was used for other content", "idempotency_key_reused", facts),
    }
}

async fn status(id: &str, fault: GatewayFault, control: &GatewayControl, facts: &mut Facts) -> Response {
    if let GatewayFault::Slow { ms } = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let Some(id) = Uuid::parse_str(id).ok() else { return fail(404, "Not Found", "capture_unknown", facts) };
    facts.capture_id = Some(id.hyphenated().to_string());
    match control.status(id) {
        Some(status) => {
            facts.outcome = "status";
            json(200, serde_json::to_vec(&status).unwrap_or_default())
        }
        None => fail(404, "Not Found", "capture_unknown", facts),
    }
}

/// `307` to the same path over plain http (which a client must never follow).
fn redirect_to_plain_http(path: &str, facts: &mut Facts) -> Response {
    facts.outcome = "redirected";
    Response {
        status: 307,
        content_type: "text/plain",
        headers: vec![("Location", format!("http://127.0.0.1{path}"))],
        body: b"moved".to_vec(),
    }
}

fn json(status: u16, body: Vec<u8>) -> Response {
    Response { status, content_type: JSON, headers: Vec::new(), body }
}

/// A 422: the upload is refused for good; the client must not retry it.
fn reject(detail: &str, reason: &'static str, facts: &mut Facts) -> Response {
    facts.outcome = "rejected";
    facts.reasons = vec![reason.to_string()];
    Response {
        status: 422,
        content_type: PROBLEM_JSON,
        headers: Vec::new(),
        body: problem(422, "Capture rejected", detail, &[reason]),
    }
}

/// Any other problem answer; `outcome` doubles as the reason code.
fn fail(status: u16, title: &str, outcome: &'static str, facts: &mut Facts) -> Response {
    facts.outcome = outcome;
    Response {
        status,
        content_type: PROBLEM_JSON,
        headers: Vec::new(),
        body: problem(status, title, title, &[outcome]),
    }
}

fn busy(status: u16, retry_after_s: u64, facts: &mut Facts) -> Response {
    let mut r = fail(status, if status == 429 { "Too Many Requests" } else { "Service Unavailable" }, "busy", facts);
    r.headers.push(("Retry-After", retry_after_s.to_string()));
    r
}

#[cfg(test)]
mod tests {
    use super::super::decision::DecisionSettings;
    use super::*;
    use chrono::{TimeZone, Utc};
    use skranke_core::{BundleBuilder, CaptureHeader, Check, CheckReport, Cpr, PersonSnapshot, Source};

    fn bundle(id: Uuid, case_ref: &str) -> Vec<u8> {
        let header = CaptureHeader {
            capture_id: id,
            created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 30, 0).single().expect("time"),
            municipality: "0101".into(),
            workstation: "ks-01".into(),
            clerk: "clerk1".into(),
            case_ref: case_ref.into(),
            source: Source::Scan,
        };
        let person = PersonSnapshot::from_cpr(Cpr::parse("0707614285").expect("number"), "Testperson Hansen");
        let ok = CheckReport::from_checks(vec![Check::new("ok", None, "-", true, "ok")]);
        BundleBuilder::new(header, person)
            .photo_jpeg(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0])
            .photo_report(&ok)
            .signature_png(b"\x89PNG\r\n\x1a\n....".to_vec())
            .signature_report(&ok)
            .build()
            .expect("bundle")
            .into_bytes()
    }

    fn post(id: &str, body: Vec<u8>, digest: Option<String>) -> Request {
        let mut headers = vec![
            ("content-type".to_string(), BUNDLE_MEDIA_TYPE.to_string()),
            ("idempotency-key".to_string(), id.to_string()),
        ];
        if let Some(d) = digest {
            headers.push(("content-digest".into(), d));
        }
        Request { method: "POST".into(), path: CAPTURES_PATH.into(), headers, body }
    }

    fn upload_of(id: Uuid, body: Vec<u8>) -> Request {
        let digest = digest::header_value(&body);
        post(&id.to_string(), body, Some(digest))
    }

    async fn answer(req: &Request, control: &GatewayControl) -> Response {
        match handle(req, GatewayFault::None, control).await {
            Reply::Respond(r) => r,
            other => panic!("no answer: {other:?}"),
        }
    }

    fn reasons(r: &Response) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("problem json");
        serde_json::from_value(v["reasons"].clone()).expect("reasons")
    }

    #[tokio::test]
    async fn first_upload_is_created_and_a_replay_gets_the_same_receipt() {
        let control = GatewayControl::default();
        let id = Uuid::now_v7();
        let first = answer(&upload_of(id, bundle(id, "K-1")), &control).await;
        assert_eq!(first.status, 201);
        assert_eq!(first.headers, vec![("Location", format!("/v1/captures/{id}"))]);
        let again = answer(&upload_of(id, bundle(id, "K-1")), &control).await;
        assert_eq!(again.status, 200);
        assert_eq!(again.body, first.body);
        assert_eq!(control.captures().len(), 1);
        assert_eq!(control.captures()[0].stored, 1);
        let outcomes: Vec<String> = control.log().into_iter().map(|l| l.outcome).collect();
        assert_eq!(outcomes, ["created", "replayed"]);
    }

    /// Issue 15: a counter bundle carries strokes only when the installation sends pen data; the
    /// gateway takes both, and an older counter bundle with strokes too.
    #[tokio::test]
    async fn counter_bundles_with_and_without_strokes_are_both_accepted() {
        let control = GatewayControl::default();
        for strokes in [None, Some(br#"{"width":1,"height":1,"pressure_max":1,"samples":[]}"#.to_vec())] {
            let id = Uuid::now_v7();
            let header = CaptureHeader {
                capture_id: id,
                created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 30, 0).single().expect("time"),
                municipality: "0101".into(),
                workstation: "ks-01".into(),
                clerk: "clerk1".into(),
                case_ref: "K-1".into(),
                source: Source::Counter,
            };
            let person = PersonSnapshot::from_cpr(Cpr::parse("0707614285").expect("number"), "Testperson Hansen");
            let ok = CheckReport::from_checks(vec![Check::new("ok", None, "-", true, "ok")]);
            let mut b = BundleBuilder::new(header, person)
                .photo_jpeg(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0])
                .photo_report(&ok)
                .signature_png(b"\x89PNG\r\n\x1a\n....".to_vec())
                .signature_report(&ok);
            if let Some(json) = strokes.clone() {
                b = b.strokes_json(json);
            }
            let body = b.build().expect("bundle").into_bytes();
            let r = answer(&upload_of(id, body), &control).await;
            assert_eq!(r.status, 201, "strokes: {}", strokes.is_some());
            let stored = control.capture(id).expect("stored");
            let read = skranke_core::Bundle::read(&stored.bytes).expect("reads");
            assert_eq!(read.manifest().includes_pen_data(), strokes.is_some());
        }
        assert_eq!(control.captures().len(), 2);
    }

    #[tokio::test]
    async fn the_same_key_with_other_content_is_rejected() {
        let control = GatewayControl::default();
        let id = Uuid::now_v7();
        assert_eq!(answer(&upload_of(id, bundle(id, "K-1")), &control).await.status, 201);
        let other = answer(&upload_of(id, bundle(id, "K-2")), &control).await;
        assert_eq!((other.status, other.content_type), (422, PROBLEM_JSON));
        assert_eq!(reasons(&other), ["idempotency_key_reused"]);
        assert_eq!(control.captures()[0].stored, 1);
    }

    #[tokio::test]
    async fn digest_and_bundle_problems_are_422_with_their_reason() {
        let control = GatewayControl::default();
        let id = Uuid::now_v7();
        let body = bundle(id, "K-1");
        let cases = [
            (post(&id.to_string(), body.clone(), None), "content_digest_missing"),
            (post(&id.to_string(), body.clone(), Some("sha-512=:AAAA:".into())), "content_digest_unsupported"),
            (post(&id.to_string(), body.clone(), Some(digest::header_value(b"other"))), "content_digest_mismatch"),
            (upload_of(id, b"not a bundle".to_vec()), "bundle_not_a_bundle"),
            (upload_of(id, body[..body.len() - 1].to_vec()), "bundle_truncated"),
            (upload_of(Uuid::now_v7(), body.clone()), "idempotency_key_mismatch"),
            (post("not-a-uuid", body.clone(), Some(digest::header_value(&body))), "idempotency_key_invalid"),
            (
                post("6f1c1e0a-3b7d-4c2e-9a51-0d6b2f3e4a5b", body.clone(), Some(digest::header_value(&body))),
                "idempotency_key_invalid",
            ),
        ];
        for (req, reason) in cases {
            let r = answer(&req, &control).await;
            assert_eq!(r.status, 422, "{reason}");
            assert_eq!(reasons(&r), [reason]);
        }
        assert!(control.captures().is_empty());
    }

    #[tokio::test]
    async fn wrong_media_type_method_and_path() {
        let control = GatewayControl::default();
        let id = Uuid::now_v7();
        let mut req = upload_of(id, bundle(id, "K-1"));
        req.headers[0].1 = "application/octet-stream".into();
        assert_eq!(answer(&req, &control).await.status, 415);
        req.method = "PUT".into();
        assert_eq!(answer(&req, &control).await.status, 405);
        req.path = "/v2/elsewhere".into();
        assert_eq!(answer(&req, &control).await.status, 404);
    }

    #[tokio::test]
    async fn status_is_404_until_stored_then_follows_the_decision() {
        let control = GatewayControl::default();
        control.set_decisions(DecisionSettings { delay_ms: 0, reject_share: 1.0, ..Default::default() });
        let id = Uuid::now_v7();
        let get =
            Request { method: "GET".into(), path: format!("/v1/captures/{id}"), headers: Vec::new(), body: Vec::new() };
        assert_eq!(answer(&get, &control).await.status, 404);
        answer(&upload_of(id, bundle(id, "K-1")), &control).await;
        let r = answer(&get, &control).await;
        assert_eq!(r.status, 200);
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
        assert_eq!(v["state"], "rejected");
        assert_eq!(v["reasons"][0], "producer_photo_unusable");
    }

    #[tokio::test]
    async fn busy_faults_store_nothing_and_reset_faults_store_once() {
        let control = GatewayControl::default();
        let id = Uuid::now_v7();
        let req = upload_of(id, bundle(id, "K-1"));
        let Reply::Respond(r) = handle(&req, GatewayFault::Unavailable { retry_after_s: 7 }, &control).await else {
            panic!("answer")
        };
        assert_eq!((r.status, r.headers.clone()), (503, vec![("Retry-After", "7".to_string())]));
        let Reply::Respond(r) = handle(&req, GatewayFault::TooManyRequests { retry_after_s: 1 }, &control).await else {
            panic!("answer")
        };
        assert_eq!(r.status, 429);
        assert!(control.captures().is_empty());
        assert_eq!(handle(&req, GatewayFault::CommitThenReset, &control).await, Reply::Reset);
        assert!(
            matches!(handle(&req, GatewayFault::ResetMidResponse, &control).await, Reply::ResetMidResponse(r) if r.status == 200)
        );
        assert_eq!(control.captures()[0].stored, 1);
        let log = control.log();
        assert_eq!(log[2].status, None);
        assert_eq!((log[2].outcome.as_str(), log[2].fault.as_str()), ("created", "commit_then_reset"));
    }
}
