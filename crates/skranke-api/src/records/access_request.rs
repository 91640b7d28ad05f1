//! A citizen's access request (GDPR art. 15): every lookup and capture of one person in the audit
//! trail, with what became of the captures (the sender's entries name the capture, not the
//! person), and the clerks' identities only when asked for (IT). The request is itself an audit
//! entry (`export`, the person as subject).
use super::json::{PersonRecord, PersonRecords};
use crate::ApiError;
use crate::case_desk::parse_cpr;
use crate::skranke::Context;
use chrono::SecondsFormat;
use skranke_store::{AuditAction, AuditEntry};

/// Whether an access request names the users who did each thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithUsers {
    /// Name them (IT only).
    Yes,
    /// Leave them out.
    No,
}

fn details(e: &AuditEntry) -> serde_json::Value {
    serde_json::from_str(&e.details).unwrap_or_default()
}

fn text(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_str()).map(str::to_string)
}

/// Why: the case reference, else how the lookup was made.
fn purpose(d: &serde_json::Value) -> Option<String> {
    text(d, "case_ref")
        .or_else(|| text(d, "via"))
        .or_else(|| d.get("before_send").and_then(|b| b.as_bool()).filter(|b| *b).map(|_| "before_send".into()))
}

/// The request for the person numbered `cpr_text`, made by `user_id`.
pub(crate) fn person(
    ctx: &Context,
    user_id: &str,
    cpr_text: &str,
    with_users: WithUsers,
) -> Result<PersonRecords, ApiError> {
    let cpr = parse_cpr(cpr_text, ctx.clock.today())?;
    let log = super::audit_log(ctx)?;
    let mut entries = log.for_person(&cpr.digits())?;
    let mut captures: Vec<String> = entries.iter().filter_map(|e| text(&details(e), "capture_id")).collect();
    captures.sort();
    captures.dedup();
    entries.extend(log.about_captures(&captures)?);
    entries.sort_by_key(|e| e.seq);
    let municipality = format!("{} {}", ctx.config.municipality.code, ctx.config.municipality.name);
    let records: Vec<PersonRecord> = entries
        .iter()
        .map(|e| {
            let d = details(e);
            PersonRecord {
                at: chrono::DateTime::parse_from_rfc3339(&e.at)
                    .map(|t| t.with_timezone(&chrono::Local).to_rfc3339_opts(SecondsFormat::Secs, false))
                    .unwrap_or_else(|_| e.at.clone()),
                municipality: municipality.clone(),
                workstation: e.workstation.clone(),
                action: e.action.clone(),
                outcome: e.outcome.clone(),
                purpose: purpose(&d),
                capture_id: text(&d, "capture_id"),
                user_id: (with_users == WithUsers::Yes).then(|| e.user_id.clone()),
            }
        })
        .collect();
    let facts = serde_json::json!({
        "kind": "access_request",
        "records": records.len(),
        "with_users": with_users == WithUsers::Yes,
    });
    ctx.audit.record(user_id, AuditAction::Export, Some(&cpr), "access_request", facts)?;
    Ok(PersonRecords { cpr_masked: cpr.masked(), with_users: with_users == WithUsers::Yes, records })
}
