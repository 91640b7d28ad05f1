//! `skranke review list|show|decide`: supervisor review from the command line, as the OS account
//! (IT group). The same façade calls as the app's Gennemgang; the OS account's sign-in for the
//! command is its fresh confirmation, and four eyes applies (the account never made a capture).
use super::audit::failed;
use crate::args::ReviewCommand;
use crate::{Output, exit};
use skranke_api::{ApiError, Skranke};

/// Runs one review subcommand.
pub fn run(app: &Skranke, command: &ReviewCommand, out: &mut Output<'_>) -> i32 {
    let result = match command {
        ReviewCommand::List => list(app, out),
        ReviewCommand::Show { id } => show(app, id, out),
        ReviewCommand::Decide { id, approve, return_, discard: _, reason } => {
            let decision = if *approve {
                "approve"
            } else if *return_ {
                "return"
            } else {
                "discard"
            };
            decide(app, id, decision, reason, out)
        }
    };
    result.unwrap_or_else(|e| failed(&e, out))
}

fn list(app: &Skranke, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let q = app.review_queue()?;
    if out.json {
        out.json_line(&q);
        return Ok(exit::OK);
    }
    if q.items.is_empty() {
        out.line("Ingen optagelser venter på gennemgang.");
        return Ok(exit::OK);
    }
    for c in &q.counts {
        out.line(format!("{:<18} {}", c.cause.as_str(), c.count));
    }
    out.line("");
    for i in &q.items {
        out.line(format!(
            "{}  {:<18} {}  {}  {}  {}  {}",
            i.capture_id,
            i.cause.as_str(),
            i.case_ref,
            i.cpr_masked,
            i.captured_by,
            i.since,
            i.reasons.join(",")
        ));
    }
    Ok(exit::OK)
}

fn show(app: &Skranke, id: &str, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let d = app.review_show(id)?;
    if out.json {
        // The images stay out of the command line's output: sizes only.
        let mut v = serde_json::to_value(&d).map_err(|e| ApiError::new(skranke_api::Code::Internal, e.to_string()))?;
        for key in ["photoDataUrl", "signatureDataUrl"] {
            if let Some(field) = v.get_mut(key) {
                let len = field.as_str().map(str::len);
                *field = serde_json::json!(len.map(|n| format!("<{n} characters>")));
            }
        }
        out.json_line(&v);
        return Ok(exit::OK);
    }
    let i = &d.item;
    out.line(format!("{}  {}  {}  {}", i.capture_id, i.cause.as_str(), i.case_ref, i.cpr_masked));
    out.line(format!("optaget af {} {}, venter siden {}", i.captured_by, i.enqueued_at, i.since));
    if !i.reasons.is_empty() {
        out.line(format!("begrundelser: {}", i.reasons.join(", ")));
    }
    for (what, reason) in [("foto", &d.photo_override_reason), ("underskrift", &d.signature_override_reason)] {
        if let Some(r) = reason {
            out.line(format!("{what} godkendt trods fejl: {r}"));
        }
    }
    for (what, report) in [("foto", &d.photo_report), ("underskrift", &d.signature_report)] {
        if let Some(r) = report {
            let failed: Vec<&str> = r.checks.iter().filter(|c| !c.pass).map(|c| c.id.as_str()).collect();
            out.line(format!(
                "{what}: {} kontroller, fejlet: {}",
                r.checks.len(),
                if failed.is_empty() { "ingen".into() } else { failed.join(", ") }
            ));
        }
    }
    for h in &d.history {
        out.line(format!("  {}  {:<16} {:<22} {}", h.at, h.user_id, h.action, h.outcome));
    }
    out.line(format!("mulige afgørelser: {}", i.decisions.join(", ")));
    Ok(exit::OK)
}

fn decide(app: &Skranke, id: &str, decision: &str, reason: &str, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let item = app.review_decide(id, decision, reason)?;
    if out.json {
        out.json_line(&serde_json::json!({ "capture_id": item.capture_id, "decision": decision }));
    } else {
        out.line(format!("{}: {decision}", item.capture_id));
    }
    Ok(exit::OK)
}
