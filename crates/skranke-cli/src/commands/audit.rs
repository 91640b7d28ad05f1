//! `skranke audit stats|person|verify|checkpoint`: the register's monthly statistics per user, a
//! citizen's access request (both read as the OS account, IT, and audited as exports), the
//! tamper check of the trail, and a signed checkpoint of its head.
use super::bundle::refused_or_environment;
use crate::args::AuditCommand;
use crate::{Output, exit};
use serde_json::json;
use skranke_api::audit::ProblemKind;
use skranke_api::records::{UsageStats, WithUsers};
use skranke_api::{ApiError, Code, Skranke};

/// Runs one audit subcommand.
pub fn run(app: &Skranke, command: &AuditCommand, out: &mut Output<'_>) -> i32 {
    let result = match command {
        AuditCommand::Stats { month, csv } => stats(app, month, *csv, out),
        AuditCommand::Person { cpr, with_users } => person(app, cpr, *with_users, out),
        AuditCommand::Verify => verify(app, out),
        AuditCommand::Checkpoint => checkpoint(app, out),
    };
    result.unwrap_or_else(|e| failed(&e, out))
}

/// Prints a failure and returns its exit code: 4 when the user may not, else 1 or 3.
pub fn failed(e: &ApiError, out: &mut Output<'_>) -> i32 {
    if out.json {
        out.json_line(&json!({"error": e.code, "message": e.message}));
    } else {
        out.error(format!("{}: {}", e.code.as_str(), e.message));
    }
    match e.code {
        Code::Forbidden | Code::NotSignedIn | Code::SessionLocked => exit::FORBIDDEN,
        code => refused_or_environment(code),
    }
}

/// What each kind of problem is called in the Danish text output.
fn problem_da(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Altered => "en post er ændret",
        ProblemKind::Missing => "en post mangler",
        ProblemKind::CutOff => "de nyeste poster er skåret af",
        ProblemKind::CheckpointForged => "et kontrolpunkt er ikke signeret af denne installation",
        ProblemKind::CheckpointMissing => "kontrolpunktsfilen mangler kontrolpunkter",
        ProblemKind::WitnessUnreachable => "revisionsvidnet kan ikke nås, så posterne kunne ikke holdes op mod det",
        ProblemKind::WitnessBroken => "revisionsvidnets egen journal er beskadiget eller svarer forkert",
    }
}

/// What the text output says about the audit witness (nothing when none is configured).
fn witness_da(witnessed: Option<u64>, unwitnessed: u64) -> String {
    match (witnessed, unwitnessed) {
        (None, _) => String::new(),
        (Some(n), 0) => format!(", {n} bekræftet af revisionsvidnet"),
        (Some(n), u) => format!(", {n} bekræftet af revisionsvidnet, {u} endnu ikke sendt til det"),
    }
}

fn verify(app: &Skranke, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let r = app.audit_verify()?;
    if out.json {
        out.json_line(&r);
    } else {
        match &r.problem {
            None => out.line(format!(
                "Revisionssporet er intakt: {} poster (til nr. {}), {} signerede kontrolpunkter{}.",
                r.entries,
                r.last_seq.map_or_else(|| "-".to_string(), |s| s.to_string()),
                r.checkpoints,
                witness_da(r.witnessed, r.unwitnessed)
            )),
            Some(p) => out.error(format!(
                "Revisionssporet er brudt: {}{}. {}",
                problem_da(p.kind),
                p.seq.map(|s| format!(" (post nr. {s})")).unwrap_or_default(),
                p.detail
            )),
        }
    }
    Ok(if r.is_intact() { exit::OK } else { exit::FAILED })
}

fn checkpoint(app: &Skranke, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let cp = app.audit_checkpoint()?;
    if out.json {
        out.json_line(&cp);
    } else {
        out.line(format!("Kontrolpunkt skrevet: post nr. {} ({}).", cp.seq, cp.at));
    }
    Ok(exit::OK)
}

/// One CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn stats(app: &Skranke, month: &str, csv: bool, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let s: UsageStats = app.audit_stats(month)?;
    if out.json {
        out.json_line(&s);
    } else if csv {
        out.line("month,user_id,action,count");
        for r in &s.rows {
            out.line(format!("{},{},{},{}", s.month, csv_field(&r.user_id), csv_field(&r.action), r.count));
        }
    } else {
        out.line(format!("{} ({} to {})", s.month, s.from, s.to));
        let width = s.rows.iter().map(|r| r.user_id.chars().count()).max().unwrap_or(4).max(4);
        out.line(format!("{:<width$}  {:<20} {:>7}", "user", "action", "count"));
        for r in &s.rows {
            out.line(format!("{:<width$}  {:<20} {:>7}", r.user_id, r.action, r.count));
        }
    }
    Ok(exit::OK)
}

fn person(app: &Skranke, cpr: &str, with_users: bool, out: &mut Output<'_>) -> Result<i32, ApiError> {
    let p = app.audit_person(cpr, if with_users { WithUsers::Yes } else { WithUsers::No })?;
    if out.json {
        out.json_line(&p);
        return Ok(exit::OK);
    }
    out.line(format!("{}: {} entries", p.cpr_masked, p.records.len()));
    for r in &p.records {
        let mut line = format!(
            "{}  {}  {}  {}  {}  {}",
            r.at,
            r.municipality,
            r.workstation,
            r.action,
            r.outcome,
            r.purpose.as_deref().unwrap_or("-")
        );
        if let Some(id) = &r.capture_id {
            line.push_str(&format!("  capture {id}"));
        }
        if let Some(user) = &r.user_id {
            line.push_str(&format!("  by {user}"));
        }
        out.line(line);
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("demo-clerk"), "demo-clerk");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
