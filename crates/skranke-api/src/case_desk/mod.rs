//! The case desk part: one open case at a time, opened from a CPR number and a case reference
//! after a lookup in the CPR register and the rules of [`skranke_core::CaseAssessment`]. The
//! capture steps work on the open case through [`CaseDesk::with_capturable`]; every lookup is in
//! the audit trail before its answer is shown.
mod card_preview;
mod json;
mod person_lookup;
mod rules;

pub use card_preview::{CardImageView, CardPreviewView, StrokeWidthView, photo_preview, signature_preview};
pub use json::{CaseView, CprValidationView, LookupReport, PersonView};
pub use person_lookup::{Answered, LookupFuture, PersonLookup, RegisterPerson, TablePersonLookup};
pub use rules::{Assessment, OpenCase, ScannedSource, assess, check_case_ref, parse_cpr};

use crate::guarded::Guarded;
use crate::json::User;
use crate::signature_capture::AcceptedSignature;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_core::Cpr;
use skranke_store::AuditAction;
use std::sync::Arc;

/// The open case and the register it is checked against.
pub struct CaseDesk {
    ref_pattern: regex::Regex,
    register: Arc<dyn PersonLookup>,
    open: Guarded<Option<OpenCase>>,
}

/// A register whose every lookup fails with `error` (services that could not be connected).
pub(crate) fn failing_register(error: ApiError) -> Arc<dyn PersonLookup> {
    Arc::new(TablePersonLookup::new(Vec::new()).failing(error))
}

impl CaseDesk {
    /// A desk checking case references against `ref_pattern` (`case.ref_pattern`), with no
    /// register connected yet: every lookup says the service cannot be reached.
    pub(crate) fn new(ref_pattern: &str) -> Result<Self, ApiError> {
        let ref_pattern = regex::Regex::new(ref_pattern)
            .map_err(|e| ApiError::new(Code::ConfigInvalid, format!("case.ref_pattern: {e}")))?;
        let not_connected = ApiError::new(Code::CprServiceUnavailable, "no CPR service is connected");
        Ok(Self { ref_pattern, register: failing_register(not_connected), open: Guarded::default() })
    }

    /// Uses this CPR register from now on.
    pub(crate) fn set_register(&mut self, register: Arc<dyn PersonLookup>) {
        self.register = register;
    }

    /// Looks `number` up on behalf of `user_id`, audited write-ahead: the `cpr_lookup` entry
    /// (outcome `requested`) is committed before the query leaves the machine, so a crash in
    /// between still leaves the query on record; the `cpr_lookup_result` entry then names that
    /// entry (`details.request`), the outcome, the attempts and the `details` made from the answer.
    /// No entry, no query: when the first entry cannot be written nothing is sent. The outer error
    /// is the audit trail's; the inner result is the register's answer.
    pub(crate) async fn audited_lookup(
        &self,
        ctx: &Context,
        user_id: &str,
        number: &Cpr,
        details: impl FnOnce(&Result<RegisterPerson, ApiError>) -> serde_json::Value,
    ) -> Result<Result<RegisterPerson, ApiError>, ApiError> {
        let request =
            ctx.audit.record_seq(user_id, AuditAction::CprLookup, Some(number), "requested", serde_json::json!({}))?;
        let answered = self.register.lookup(number, user_id).await;
        let outcome = answered.result.as_ref().map_or_else(|e| e.code.as_str(), |_| "found");
        let mut facts = details(&answered.result);
        if let Some(map) = facts.as_object_mut() {
            map.insert("request".into(), serde_json::json!(request));
            map.insert("attempts".into(), serde_json::json!(answered.attempts));
        }
        ctx.audit.record(user_id, AuditAction::CprLookupResult, Some(number), outcome, facts)?;
        Ok(answered.result)
    }

    /// Opens a case for `user` (see [`crate::Skranke::case_open`]).
    pub(crate) async fn open(
        &self,
        ctx: &Context,
        user: &User,
        cpr_text: &str,
        case_ref: &str,
        allow_unverified: bool,
    ) -> Result<CaseView, ApiError> {
        let opened = self.prepare(ctx, &user.id, cpr_text, case_ref, allow_unverified, "counter").await?;
        let view = opened.view(ctx.clock.now().date_naive());
        *self.open.lock()? = Some(opened);
        Ok(view)
    }

    /// A case as the case step makes it, not yet the open one: the number and reference checked,
    /// the person looked up (recorded in the audit trail with `via`) and the rules applied. With
    /// `allow_unverified`, an unreachable register gives a case marked "CPR ikke verificeret".
    pub(crate) async fn prepare(
        &self,
        ctx: &Context,
        user_id: &str,
        cpr_text: &str,
        case_ref: &str,
        allow_unverified: bool,
        via: &str,
    ) -> Result<OpenCase, ApiError> {
        let typed = parse_cpr(cpr_text, ctx.clock.today())?;
        let case_ref = check_case_ref(&self.ref_pattern, case_ref)?;
        let now = ctx.clock.now();
        let details = |looked_up: &Result<RegisterPerson, ApiError>| {
            serde_json::json!({
                "via": via,
                "case_ref": case_ref,
                "status": looked_up.as_ref().ok().map(|p| skranke_core::PersonStatus::from_code(p.status_code).name()),
                "continued_unverified": looked_up.is_err() && allow_unverified,
            })
        };
        let looked_up = self.audited_lookup(ctx, user_id, &typed, details).await?;
        let id = uuid::Uuid::now_v7();
        let opened = match looked_up {
            Ok(person) => rules::case_from_lookup(id, case_ref, typed, person, user_id.to_string(), now),
            Err(e) if allow_unverified && rules::may_continue_unverified(e.code) => {
                rules::case_unverified(id, case_ref, typed, user_id.to_string(), now)
            }
            Err(e) => {
                tracing::info!(cpr = %typed, code = e.code.as_str(), "CPR lookup failed");
                return Err(e);
            }
        };
        tracing::info!(cpr = %opened.number, verified = opened.cpr_verified(), blocked = ?opened.blocked.map(Code::as_str), via, "case prepared");
        Ok(opened)
    }

    /// `skranke cpr lookup`: the register's answer and what the case rules would say, no case.
    pub(crate) async fn lookup_report(
        &self,
        ctx: &Context,
        user: &User,
        cpr_text: &str,
    ) -> Result<LookupReport, ApiError> {
        let typed = parse_cpr(cpr_text, ctx.clock.today())?;
        let via = |_: &Result<RegisterPerson, ApiError>| serde_json::json!({ "via": "cli" });
        let person = self.audited_lookup(ctx, &user.id, &typed, via).await??;
        let probe = assess(typed, &person);
        tracing::info!(cpr = %typed, status = person.status_code, "CPR lookup (command line)");
        Ok(LookupReport {
            cpr: typed.digits(),
            current_cpr: person.current_number.map(|c| c.digits()),
            name: person.name.clone(),
            sex: person.sex,
            birth_date: typed.birth_date().format("%Y-%m-%d").to_string(),
            status: skranke_core::PersonStatus::from_code(person.status_code).name().to_string(),
            status_code: person.status_code,
            status_date: person.status_date.map(|d| d.format("%Y-%m-%d").to_string()),
            address: if person.address_protected { None } else { person.address.clone() },
            address_protected: person.address_protected,
            guardianship: person.guardianship,
            blocked: probe.blocked,
            notices: probe.notices,
        })
    }

    /// The open case as the UI shows it, if any.
    pub(crate) fn current_view(&self, ctx: &Context) -> Result<Option<CaseView>, ApiError> {
        let today = ctx.clock.now().date_naive();
        Ok(self.open.lock()?.as_ref().map(|c| c.view(today)))
    }

    /// Closes the open case (next citizen, sign-out, sent).
    pub(crate) fn close(&self) -> Result<(), ApiError> {
        self.open.lock()?.take();
        Ok(())
    }

    /// Closes the open case unsent, if one is open, and records who closed it and why
    /// (`closed`: next citizen; `signed_out`; `replaced`: someone else signed in over the session).
    /// The entry is written before the case is dropped: no entry, the case stays.
    pub(crate) fn close_audited(&self, ctx: &Context, user_id: &str, why: &str) -> Result<(), ApiError> {
        let mut open = self.open.lock()?;
        if let Some(case) = open.as_ref() {
            let details = serde_json::json!({ "case_id": case.id.to_string(), "case_ref": case.case_ref });
            ctx.audit.record(user_id, AuditAction::CaseClose, Some(&case.number), why, details)?;
        }
        open.take();
        Ok(())
    }

    /// Runs `f` on the open case a capture step may work on: refused with `no_open_case` when
    /// none is open and with `case_blocked` when the person may not get a licence captured.
    pub(crate) fn with_capturable<R>(
        &self,
        f: impl FnOnce(&mut OpenCase) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut guard = self.open.lock()?;
        f(rules::capturable(&mut guard)?)
    }

    /// Runs `f` on the open case, if any, whatever its state (dropping a pending photo).
    pub(crate) fn with_open<R>(&self, f: impl FnOnce(Option<&mut OpenCase>) -> R) -> Result<R, ApiError> {
        Ok(f(self.open.lock()?.as_mut()))
    }

    /// Takes the open case out when `f` succeeds on it (Send: the case closes once stored).
    pub(crate) fn finish_with<R>(&self, f: impl FnOnce(&mut OpenCase) -> Result<R, ApiError>) -> Result<R, ApiError> {
        let mut guard = self.open.lock()?;
        let result = f(rules::capturable(&mut guard)?)?;
        guard.take();
        Ok(result)
    }

    /// The signature accepted on the open case, if any.
    pub(crate) fn accepted_signature(&self) -> Result<Option<AcceptedSignature>, ApiError> {
        Ok(self.open.lock()?.as_ref().and_then(|c| c.signature.clone()))
    }
}
