//! `skranke queue add|status|list|retry|drain`: the outbox for IT and scripts.
use super::bundle::refused_or_environment;
use crate::args::QueueCommand;
use crate::{Output, exit};
use serde_json::json;
use skranke_api::{ApiError, Skranke};
use std::time::Duration;

/// Runs one queue subcommand.
pub async fn run(app: &Skranke, command: &QueueCommand, out: &mut Output<'_>) -> i32 {
    let result = match command {
        QueueCommand::Add { path } => add(app, path, out),
        QueueCommand::Status => status(app, out),
        QueueCommand::List { state, limit } => list(app, state, *limit, out),
        QueueCommand::Retry { id } => retry(app, id, out),
        QueueCommand::Drain { timeout } => drain(app, *timeout, out).await,
    };
    result.unwrap_or_else(|e| {
        if out.json {
            out.json_line(&json!({"error": e.code, "message": e.message}));
        } else {
            out.error(format!("{}: {}", e.code.as_str(), e.message));
        }
        refused_or_environment(e.code)
    })
}

fn add(app: &Skranke, path: &std::path::Path, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::new(skranke_api::Code::BundleNotABundle, format!("{}: {e}", path.display())))?;
    let v = app.queue_add(&bytes)?;
    if out.json {
        out.json_line(&json!({"capture_id": v.capture_id, "stored": v.stored, "error": null}));
    } else {
        out.line(&v.capture_id);
    }
    Ok(exit::OK)
}

fn status(app: &Skranke, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let s = app.queue_status()?;
    if out.json {
        out.json_line(&s);
    } else {
        out.line(format!(
            "queued {}  sending {}  awaiting producer {}  accepted {}  rejected {}  dead {}",
            s.queued, s.sending, s.awaiting_producer, s.accepted, s.rejected, s.dead
        ));
        if let Some(age) = s.oldest_queued_age_s {
            out.line(format!("oldest queued: {age} s"));
        }
    }
    Ok(exit::OK)
}

fn list(app: &Skranke, states: &[String], limit: u32, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let mut parsed = Vec::new();
    for s in states {
        match serde_json::from_value::<skranke_api::outbox::OutboxState>(json!(s)) {
            Ok(state) => parsed.push(state),
            Err(_) => {
                out.error(format!(
                    "unknown state {s:?}: queued, sending, awaiting_producer, accepted, rejected or dead"
                ));
                return Ok(exit::USAGE);
            }
        }
    }
    let states = parsed;
    let items = app.queue_list(states, Some(limit))?;
    for i in &items {
        if out.json {
            out.json_line(i);
        } else {
            out.line(format!(
                "{}  {:<17} {}  {}  attempts {}",
                i.capture_id,
                i.state.as_str(),
                i.cpr_masked.as_deref().unwrap_or("?"),
                i.case_ref.as_deref().unwrap_or("?"),
                i.attempts
            ));
        }
    }
    Ok(exit::OK)
}

fn retry(app: &Skranke, id: &str, out: &mut Output<'_>) -> Result<i32, ApiError> {
    app.queue_retry(Some(id))?;
    if out.json {
        out.json_line(&json!({"capture_id": id, "error": null}));
    } else {
        out.line(format!("{id}: due now"));
    }
    Ok(exit::OK)
}

async fn drain(app: &Skranke, timeout_s: u64, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let s = app.queue_drain(Duration::from_secs(timeout_s)).await?;
    let empty = s.queued == 0 && s.sending == 0;
    let problem = app.status().problem;
    if out.json {
        let mut v = serde_json::to_value(&s).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.insert("empty".into(), json!(empty));
            m.insert("problem".into(), json!(problem));
        }
        out.json_line(&v);
    } else if empty {
        out.line("nothing left to send");
    } else {
        out.line(format!(
            "{} still queued{}",
            s.queued + s.sending,
            problem.map(|p| format!(" ({})", p.as_str())).unwrap_or_default()
        ));
    }
    Ok(if empty { exit::OK } else { exit::FAILED })
}
