//! What the review screens and `skranke review` show: the queue, one item in detail, and the
//! returned cases. Masked numbers only; images as data URLs for display, never written to disk.
use serde::Serialize;
use skranke_core::CheckReport;
use skranke_store::ReviewCause;

/// One capture waiting for a supervisor.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReviewItemView {
    /// Capture id.
    pub capture_id: String,
    /// Why it waits.
    #[ts(type = "'gateway_rejected' | 'producer_rejected' | 'blocked' | 'override' | 'dead' | 'stuck'")]
    pub cause: ReviewCause,
    /// The reasons the gateway, the producer or the re-lookup gave (codes), or why it was given up.
    pub reasons: Vec<String>,
    /// The licence case reference.
    pub case_ref: String,
    /// The person, masked (DDMMYY-xxxx).
    pub cpr_masked: String,
    /// Who made the capture.
    pub captured_by: String,
    /// When it was saved (RFC 3339).
    pub enqueued_at: String,
    /// Since when it waits (RFC 3339).
    pub since: String,
    /// The clerk accepted the photo despite failing checks.
    pub photo_override: bool,
    /// The clerk accepted the signature despite failing checks.
    pub signature_override: bool,
    /// Which decisions are possible: `approve` (overrides only), `return`, `discard`.
    pub decisions: Vec<String>,
}

/// How many wait, per cause.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CauseCount {
    /// The cause.
    #[ts(type = "'gateway_rejected' | 'producer_rejected' | 'blocked' | 'override' | 'dead' | 'stuck'")]
    pub cause: ReviewCause,
    /// How many.
    pub count: u64,
}

/// The review queue, oldest first, with counts by cause.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReviewQueueView {
    /// The items.
    pub items: Vec<ReviewItemView>,
    /// Counts by cause (only causes with items).
    pub counts: Vec<CauseCount>,
}

/// One line of an item's history (from the audit trail: who captured, when sent, what came back).
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryLine {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub user_id: String,
    /// What (`capture`, `send`, `review_decision`, ...).
    pub action: String,
    /// How it went (`queued`, `uploaded`, `rejected_by_gateway`, ...).
    pub outcome: String,
}

/// One item in detail, for the supervisor's decision.
#[derive(ts_rs::TS, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReviewDetailView {
    /// The item.
    pub item: ReviewItemView,
    /// The portrait (35:45 crop) as a `data:image/jpeg;base64,...` URL; absent once shredded.
    pub photo_data_url: Option<String>,
    /// The photo check report (values and limits).
    pub photo_report: Option<CheckReport>,
    /// The clerk's reason for accepting a failing photo.
    pub photo_override_reason: Option<String>,
    /// The signature as a `data:image/png;base64,...` URL.
    pub signature_data_url: Option<String>,
    /// The signature check report.
    pub signature_report: Option<CheckReport>,
    /// The clerk's reason for accepting a failing signature.
    pub signature_override_reason: Option<String>,
    /// What happened to the capture, oldest first.
    pub history: Vec<HistoryLine>,
    /// The signed-in user made this capture (four eyes: they may not decide).
    pub own_capture: bool,
}

/// Sizes only: the images are personal data.
impl std::fmt::Debug for ReviewDetailView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReviewDetailView")
            .field("item", &self.item)
            .field("photo_bytes", &self.photo_data_url.as_ref().map(String::len))
            .field("signature_bytes", &self.signature_data_url.as_ref().map(String::len))
            .field("history", &self.history.len())
            .finish_non_exhaustive()
    }
}

/// A capture a supervisor returned to the counter, as clerks see it under "Returnerede sager".
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnedCaseView {
    /// The returned capture.
    pub capture_id: String,
    /// Its case reference.
    pub case_ref: String,
    /// The person, masked.
    pub cpr_masked: String,
    /// Why it was reviewed.
    #[ts(type = "'gateway_rejected' | 'producer_rejected' | 'blocked' | 'override' | 'dead' | 'stuck'")]
    pub cause: ReviewCause,
    /// The gateway's or producer's reasons (codes; the UI shows their Danish text).
    pub reasons: Vec<String>,
    /// The supervisor's reason, in their words.
    pub supervisor_reason: String,
    /// Who made the capture.
    pub captured_by: Option<String>,
    /// Who returned it.
    pub returned_by: String,
    /// When (RFC 3339).
    pub returned_at: String,
    /// How the citizen was told.
    pub citizen_told: Option<String>,
    /// Who marked "borger informeret".
    pub informed_by: Option<String>,
    /// When (RFC 3339).
    pub informed_at: Option<String>,
}

impl From<skranke_store::ReturnedCase> for ReturnedCaseView {
    fn from(c: skranke_store::ReturnedCase) -> Self {
        Self {
            capture_id: c.capture_id,
            case_ref: c.case_ref,
            cpr_masked: c.cpr_masked,
            cause: c.cause,
            reasons: c.reasons,
            supervisor_reason: c.supervisor_reason,
            captured_by: c.captured_by,
            returned_by: c.returned_by,
            returned_at: c.returned_at,
            citizen_told: c.citizen_told,
            informed_by: c.informed_by,
            informed_at: c.informed_at,
        }
    }
}
