//! Supervisor review (issue 16): every rejected, blocked, dead, stuck or overridden capture is
//! seen and decided. The outbox keeps the queue and the decisions (`skranke_store::Outbox::
//! review_queue`, `decide`); this module adds the rules: four eyes (never the clerk who made the
//! capture), a written reason, a fresh confirmation of the supervisor (the caller's `confirm`),
//! an audit entry per view and decision, and the returned cases clerks see.
mod json;

pub use json::{CauseCount, HistoryLine, ReturnedCaseView, ReviewDetailView, ReviewItemView, ReviewQueueView};
pub use skranke_store::ReviewCause;

use crate::sender::Sender;
use crate::session::User;
use crate::skranke::Context;
use crate::{ApiError, Code};
use base64::Engine;
use skranke_config::ReviewOverrides;
use skranke_core::{Bundle, CheckReport, Cpr, PartKind};
use skranke_store::{AuditAction, Decision, ReviewItem, StuckRule};

/// Errors the gateway client gives when it refuses our certificate: a capture that keeps failing
/// with one of these for `[review] stuck_hours` goes to review.
const CERTIFICATE_REFUSED: [Code; 3] =
    [Code::GatewayClientCertificateRejected, Code::CertificateExpired, Code::CertificateUnreadable];

fn stuck_rule(ctx: &Context) -> StuckRule {
    StuckRule {
        codes: CERTIFICATE_REFUSED.iter().map(|c| c.as_str().to_string()).collect(),
        enqueued_before: ctx.clock.now() - chrono::Duration::hours(i64::from(ctx.config.review.stuck_hours)),
    }
}

/// Whether a capture with an override waits for a supervisor before it is sent.
pub(crate) fn holds_overrides(ctx: &Context) -> bool {
    ctx.config.review.overrides == ReviewOverrides::All
}

fn text(meta: &serde_json::Value, key: &str) -> String {
    meta.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

fn flag(meta: &serde_json::Value, key: &str) -> bool {
    meta.get(key).and_then(serde_json::Value::as_bool).unwrap_or(false)
}

fn decisions(cause: ReviewCause) -> Vec<String> {
    let mut d = Vec::new();
    if cause == ReviewCause::Override {
        d.push("approve".to_string());
    }
    d.extend(["return".to_string(), "discard".to_string()]);
    d
}

fn view(item: &ReviewItem) -> ReviewItemView {
    ReviewItemView {
        capture_id: item.capture_id.clone(),
        cause: item.cause,
        reasons: item.reasons.clone(),
        case_ref: text(&item.meta, "case_ref"),
        cpr_masked: text(&item.meta, "cpr_masked"),
        captured_by: text(&item.meta, "clerk"),
        enqueued_at: item.enqueued_at.clone(),
        since: item.since.clone(),
        photo_override: flag(&item.meta, "photo_override"),
        signature_override: flag(&item.meta, "signature_override"),
        decisions: decisions(item.cause),
    }
}

fn waiting(ctx: &Context, sender: &Sender) -> Result<Vec<ReviewItem>, ApiError> {
    let rule = stuck_rule(ctx);
    sender.with_outbox(ctx, |o| o.review_queue(&rule))
}

fn find(ctx: &Context, sender: &Sender, capture_id: &str) -> Result<ReviewItem, ApiError> {
    waiting(ctx, sender)?
        .into_iter()
        .find(|i| i.capture_id == capture_id)
        .ok_or_else(|| ApiError::new(Code::ReviewNotFound, format!("{capture_id} does not wait for review")))
}

/// The queue, oldest first, with counts by cause.
pub(crate) fn queue(ctx: &Context, sender: &Sender) -> Result<ReviewQueueView, ApiError> {
    let items = waiting(ctx, sender)?;
    let mut counts = std::collections::BTreeMap::<ReviewCause, u64>::new();
    for i in &items {
        *counts.entry(i.cause).or_default() += 1;
    }
    Ok(ReviewQueueView {
        items: items.iter().map(view).collect(),
        counts: counts.into_iter().map(|(cause, count)| CauseCount { cause, count }).collect(),
    })
}

/// How many wait (the supervisor's header).
pub(crate) fn waiting_count(ctx: &Context, sender: &Sender) -> Result<u64, ApiError> {
    Ok(waiting(ctx, sender)?.len() as u64)
}

/// The stored bundle of a waiting capture, decrypted in memory (never written anywhere).
fn stored_bundle(ctx: &Context, sender: &Sender, item: &ReviewItem) -> Result<Option<Bundle>, ApiError> {
    if !item.has_bundle {
        return Ok(None);
    }
    let bytes = sender.with_outbox(ctx, |o| o.bundle(&item.capture_id))?;
    Ok(Some(Bundle::read(&bytes)?))
}

fn report(bundle: &Bundle, kind: PartKind) -> Option<CheckReport> {
    bundle.part(kind).and_then(|b| serde_json::from_slice(b).ok())
}

fn data_url(media: &str, bytes: Option<&[u8]>) -> Option<String> {
    bytes.map(|b| format!("data:{media};base64,{}", base64::engine::general_purpose::STANDARD.encode(b)))
}

/// One item in detail for `user`: photo, signature, their checks and the clerk's reasons,
/// decrypted for display only; the view is audited with the person as subject.
pub(crate) fn show(
    ctx: &Context,
    sender: &Sender,
    user: &User,
    capture_id: &str,
) -> Result<ReviewDetailView, ApiError> {
    let item = find(ctx, sender, capture_id)?;
    let bundle = stored_bundle(ctx, sender, &item)?;
    let person = bundle.as_ref().map(|b| b.manifest().person.number);
    let history = ctx
        .audit
        .capture_history(capture_id, person.as_ref())?
        .into_iter()
        .map(|e| HistoryLine { at: e.at, user_id: e.user_id, action: e.action, outcome: e.outcome })
        .collect();
    let details = serde_json::json!({ "capture_id": capture_id, "cause": item.cause.as_str() });
    ctx.audit.record(&user.id, AuditAction::ReviewView, person.as_ref(), "shown", details)?;
    let flags = bundle.as_ref().map(|b| b.manifest().flags.clone());
    Ok(ReviewDetailView {
        own_capture: text(&item.meta, "clerk") == user.id,
        item: view(&item),
        photo_data_url: data_url("image/jpeg", bundle.as_ref().and_then(|b| b.part(PartKind::Photo))),
        photo_report: bundle.as_ref().and_then(|b| report(b, PartKind::PhotoReport)),
        photo_override_reason: flags.as_ref().and_then(|f| f.photo_override.as_ref()).map(|o| o.reason.clone()),
        signature_data_url: data_url("image/png", bundle.as_ref().and_then(|b| b.part(PartKind::Signature))),
        signature_report: bundle.as_ref().and_then(|b| report(b, PartKind::SignatureReport)),
        signature_override_reason: flags.as_ref().and_then(|f| f.signature_override.as_ref()).map(|o| o.reason.clone()),
        history,
    })
}

/// A written reason, by the same rule as a clerk's override reason
/// ([`skranke_core::check_override_reason`]: trimmed, at most
/// [`skranke_core::MAX_OVERRIDE_REASON_CHARS`] characters, no control characters but line
/// breaks), and required: a blank one is refused too.
fn checked_reason(reason: &str) -> Result<String, ApiError> {
    match skranke_core::check_override_reason(Some(reason)) {
        Ok(Some(r)) => Ok(r.to_string()),
        Ok(None) | Err(_) => {
            Err(ApiError::new(Code::ReviewReasonInvalid, "a decision needs a reason of 1 to 500 characters"))
        }
    }
}

/// Parses `approve`, `return` or `discard`.
pub fn parse_decision(s: &str) -> Result<Decision, ApiError> {
    match s {
        "approve" => Ok(Decision::Approve),
        "return" => Ok(Decision::Return),
        "discard" => Ok(Decision::Discard),
        other => Err(ApiError::new(Code::ReviewDecisionNotAllowed, format!("unknown decision {other:?}"))),
    }
}

/// `user` decides on a waiting capture. The rules are checked first (it waits, four eyes, the
/// decision fits the cause, a reason), then `confirm` uses up the user's fresh confirmation, then
/// the outbox records the decision in one transaction and the audit trail gets a
/// `review_decision` entry with the person as subject.
pub(crate) fn decide(
    ctx: &Context,
    sender: &Sender,
    user: &User,
    capture_id: &str,
    decision: Decision,
    reason: &str,
    confirm: impl FnOnce() -> Result<(), ApiError>,
) -> Result<ReviewItemView, ApiError> {
    let item = find(ctx, sender, capture_id)?;
    if text(&item.meta, "clerk") == user.id {
        return Err(ApiError::new(
            Code::ReviewOwnCapture,
            "four eyes: the clerk who made a capture does not decide on it",
        ));
    }
    if decision == Decision::Approve && item.cause != ReviewCause::Override {
        return Err(ApiError::new(
            Code::ReviewDecisionNotAllowed,
            "only an override can be approved and sent as it is",
        ));
    }
    let reason = checked_reason(reason)?;
    let person: Option<Cpr> = stored_bundle(ctx, sender, &item)?.map(|b| b.manifest().person.number);
    if decision == Decision::Return && person.is_none() {
        return Err(ApiError::new(Code::ReviewDecisionNotAllowed, "the capture is shredded; it can only be discarded"));
    }
    confirm()?;
    let now = ctx.clock.now();
    let digits = person.as_ref().map(Cpr::digits);
    sender.with_outbox(ctx, |o| o.decide(&item, decision, &user.id, &reason, digits.as_deref(), now)).map_err(|e| {
        match e.code {
            Code::StoreInvalidState => ApiError::new(Code::ReviewDecisionNotAllowed, e.message),
            _ => e,
        }
    })?;
    let details = serde_json::json!({
        "capture_id": capture_id,
        "cause": item.cause.as_str(),
        "reason": reason,
        "captured_by": text(&item.meta, "clerk"),
    });
    ctx.audit.record(&user.id, AuditAction::ReviewDecision, person.as_ref(), decision.as_str(), details)?;
    tracing::info!(capture_id, cause = item.cause.as_str(), decision = decision.as_str(), "review decision");
    if decision == Decision::Approve {
        sender.wake();
    }
    Ok(view(&item))
}

/// The open returned cases (clerks' "Returnerede sager"), oldest first.
pub(crate) fn returned(ctx: &Context, sender: &Sender) -> Result<Vec<ReturnedCaseView>, ApiError> {
    Ok(sender.with_outbox(ctx, |o| o.returned_cases(false))?.into_iter().map(Into::into).collect())
}

/// The open returned cases of one person (a new case for them shows these).
pub(crate) fn returned_for(ctx: &Context, sender: &Sender, person: &Cpr) -> Result<Vec<ReturnedCaseView>, ApiError> {
    let digits = person.digits();
    Ok(sender.with_outbox(ctx, |o| o.returned_for_person(&digits))?.into_iter().map(Into::into).collect())
}

/// "Borger informeret": how the citizen was told (a sentence), by `user`; audited.
pub(crate) fn inform(
    ctx: &Context,
    sender: &Sender,
    user: &User,
    capture_id: &str,
    citizen_told: &str,
) -> Result<ReturnedCaseView, ApiError> {
    let told = checked_reason(citizen_told)?;
    let now = ctx.clock.now();
    let case = sender
        .with_outbox(ctx, |o| o.mark_informed(capture_id, &told, &user.id, now))
        .map_err(|e| if e.code == Code::StoreNotFound { ApiError::new(Code::ReviewNotFound, e.message) } else { e })?;
    let details = serde_json::json!({ "capture_id": capture_id, "citizen_told": told });
    ctx.audit.record(&user.id, AuditAction::Correction, None, "citizen_informed", details)?;
    Ok(case.into())
}

/// A new capture for `person` was sent: their returned cases are resolved by it.
pub(crate) fn resolve_for(ctx: &Context, sender: &Sender, person: &Cpr, capture_id: &str) -> Result<(), ApiError> {
    let digits = person.digits();
    let now = ctx.clock.now();
    let n = sender.with_outbox(ctx, |o| o.resolve_returned(&digits, capture_id, now))?;
    if n > 0 {
        tracing::info!(capture_id, resolved = n, "returned cases resolved by a new capture");
    }
    Ok(())
}
