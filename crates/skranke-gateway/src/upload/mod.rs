//! The capture upload client (docs/gateway-api.yaml): `POST /v1/captures` with the bundle,
//! `Idempotency-Key` = capture id and `Content-Digest`, over mutual TLS with the municipality's
//! certificate and the gateway CA pinned; and `GET /v1/captures/{id}` for the producer's status.
//! It makes one attempt per call and sorts failures into [`UploadError`]; retrying (with the same
//! key, so a lost answer cannot store a capture twice) is the outbox's job.
mod classify;
mod error;
mod wire;

pub use classify::{DEFAULT_RETRY_AFTER, MAX_RETRY_AFTER};
pub use error::UploadError;
pub use wire::{BUNDLE_MEDIA_TYPE, ProducerState, ProducerStatus, Receipt, content_digest};

use crate::limits::{self, BodyError};
use crate::tls::ClientTls;
use reqwest::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use std::time::Duration;
use uuid::Uuid;

/// Everything the client needs.
#[derive(Debug, Clone)]
pub struct GatewayClientConfig {
    /// The gateway's base URL, e.g. `https://gateway.example` (the API is under `/v1`).
    pub base_url: String,
    /// Client certificate and pinned CA.
    pub tls: ClientTls,
    /// Time allowed for one call, connection and body included.
    pub timeout: Duration,
    /// The largest answer body read ([`crate::DEFAULT_MAX_RESPONSE_BYTES`] unless configured).
    pub max_response_bytes: usize,
}

/// The capture gateway client; cheap to clone.
#[derive(Debug, Clone)]
pub struct GatewayClient {
    http: reqwest::Client,
    base_url: String,
    tls: ClientTls,
    max_response_bytes: usize,
}

/// An HTTP answer, read completely.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: Vec<u8>,
}

impl GatewayClient {
    /// Builds the client; fails when the certificates cannot be read.
    pub fn new(config: GatewayClientConfig) -> Result<Self, UploadError> {
        let http = config.tls.http_client(config.timeout)?;
        Ok(Self {
            http,
            base_url: config.base_url.trim_end_matches('/').to_string(),
            tls: config.tls,
            max_response_bytes: config.max_response_bytes,
        })
    }

    /// Uploads one capture bundle. `Ok` means the gateway has stored exactly these bytes under
    /// `capture_id` (first time or replay: the receipt is the same).
    pub async fn upload(&self, capture_id: Uuid, bundle: &[u8]) -> Result<Receipt, UploadError> {
        self.tls.check_not_expired(chrono::Utc::now())?;
        let sha256 = wire::sha256(bundle);
        let request = self
            .http
            .post(format!("{}/v1/captures", self.base_url))
            .header(CONTENT_TYPE, BUNDLE_MEDIA_TYPE)
            .header("Idempotency-Key", capture_id.hyphenated().to_string())
            .header("Content-Digest", content_digest(&sha256))
            .body(bundle.to_vec());
        let answer = self.send(request).await?;
        if !matches!(answer.status, 200 | 201) {
            return Err(classify::response(answer.status, answer.retry_after.as_deref(), &answer.body));
        }
        let receipt: Receipt =
            serde_json::from_slice(&answer.body).map_err(|e| UploadError::Protocol(format!("receipt: {e}")))?;
        if receipt.capture_id != capture_id {
            return Err(UploadError::Protocol("the receipt is for another capture".into()));
        }
        if !receipt.content_sha256.eq_ignore_ascii_case(&wire::hex(&sha256)) {
            return Err(UploadError::Protocol("the receipt is for other content".into()));
        }
        tracing::debug!(capture_id = %capture_id, status = answer.status, "gateway stored the capture");
        Ok(receipt)
    }

    /// The producer's status of a capture.
    pub async fn status(&self, capture_id: Uuid) -> Result<ProducerStatus, UploadError> {
        self.tls.check_not_expired(chrono::Utc::now())?;
        let request = self.http.get(format!("{}/v1/captures/{}", self.base_url, capture_id.hyphenated()));
        let answer = self.send(request).await?;
        match answer.status {
            200 => {
                let status: ProducerStatus =
                    serde_json::from_slice(&answer.body).map_err(|e| UploadError::Protocol(format!("status: {e}")))?;
                if status.capture_id != capture_id {
                    return Err(UploadError::Protocol("the status is for another capture".into()));
                }
                Ok(status)
            }
            404 => Err(UploadError::UnknownCapture),
            other => Err(classify::response(other, answer.retry_after.as_deref(), &answer.body)),
        }
    }

    /// Sends one request and reads its answer within the limits: a redirect is an error (never
    /// followed), and a body over the cap is not read.
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Answer, UploadError> {
        let response = request.send().await.map_err(|e| classify::transport(&e))?;
        let status = response.status().as_u16();
        let header = |name| response.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok());
        if response.status().is_redirection() {
            let location = header(LOCATION).unwrap_or("").chars().take(200).collect();
            return Err(UploadError::Redirected { status, location });
        }
        let retry_after = header(RETRY_AFTER).map(str::to_string);
        let body = limits::read_body(response, self.max_response_bytes).await.map_err(|e| match e {
            BodyError::TooLarge => UploadError::ResponseTooLarge { limit: self.max_response_bytes },
            BodyError::Transport(e) => classify::transport(&e),
        })?;
        Ok(Answer { status, retry_after, body })
    }
}
