//! The second half of `skranke diagnose`: with Skranke started (demo: the embedded simulators;
//! production: the configured services), are the client certificates valid and not about to
//! expire, does the gateway answer and accept our certificate, can the CPR service be reached,
//! and how is the outbox.
use super::config_checks::{CheckStatus, DiagnosticCheck};
use crate::Skranke;
use chrono::{DateTime, Utc};
use skranke_config::Mode;
use std::time::Duration;

/// Runs the service checks on a started Skranke.
pub async fn diagnose_services(app: &Skranke) -> Vec<DiagnosticCheck> {
    let mut checks = Vec::new();
    let now = app.clock().now();
    let config = app.config();
    for (id, tls, warn_days) in [
        ("cpr_certificate", config.cpr.as_ref().map(|c| &c.tls), 30),
        (
            "gateway_certificate",
            config.gateway.as_ref().map(|g| &g.tls),
            config.gateway.as_ref().map(|g| g.certificate_warning_days).unwrap_or(30),
        ),
    ] {
        let Some(tls) = tls else {
            if config.mode == Mode::Production {
                checks.push(check(id, CheckStatus::Fail, "not configured".into()));
            }
            continue;
        };
        let expiry = std::fs::read_to_string(&tls.client_cert)
            .map_err(|e| format!("{}: {e}", tls.client_cert.display()))
            .and_then(|pem| skranke_gateway::certificate_expiry(&pem).map_err(|e| e.to_string()));
        checks.push(match expiry {
            Ok(at) => certificate_check(id, at, now, warn_days),
            Err(e) => check(id, CheckStatus::Fail, e),
        });
    }
    checks.push(match app.gateway_probe().await {
        Ok(endpoint) => {
            check("gateway", CheckStatus::Ok, format!("{endpoint} answers and accepts the client certificate"))
        }
        Err(e) => check("gateway", CheckStatus::Fail, format!("{}: {}", e.code.as_str(), e.message)),
    });
    checks.push(cpr_reachable(app).await);
    checks.extend(sign_in_checks(app).await);
    checks.push(match app.queue_counts() {
        Ok(s) => {
            let stale = s.oldest_queued_age_s.is_some_and(|a| a > 3600);
            let status = if s.dead > 0 || stale { CheckStatus::Warn } else { CheckStatus::Ok };
            check(
                "queue",
                status,
                format!(
                    "queued {}, sending {}, awaiting producer {}, accepted {}, rejected {}, dead {}{}",
                    s.queued,
                    s.sending,
                    s.awaiting_producer,
                    s.accepted,
                    s.rejected,
                    s.dead,
                    s.oldest_queued_age_s.map(|a| format!(", oldest queued {a} s")).unwrap_or_default()
                ),
            )
        }
        Err(e) => check("queue", CheckStatus::Fail, format!("{}: {}", e.code.as_str(), e.message)),
    });
    checks
}

/// Ok, Warn inside the warning period, Fail when expired.
pub fn certificate_check(
    id: &'static str,
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
    warn_days: u32,
) -> DiagnosticCheck {
    let days = (expires - now).num_days();
    let date = expires.format("%Y-%m-%d");
    if expires <= now {
        check(id, CheckStatus::Fail, format!("expired on {date}"))
    } else if days < i64::from(warn_days) {
        check(id, CheckStatus::Warn, format!("expires on {date}, in {days} days: renew it"))
    } else {
        check(id, CheckStatus::Ok, format!("valid until {date} ({days} days)"))
    }
}

/// A TCP connection to the CPR endpoint (a lookup would be a real register query about a person).
/// Sign-in: is sign-in on this workstation locked out after failed attempts, does the identity
/// provider answer (production), and does the OS tell Skranke when the session locks.
async fn sign_in_checks(app: &Skranke) -> Vec<DiagnosticCheck> {
    let mut checks = Vec::new();
    checks.push(match app.session_view() {
        Ok(v) => match v.locked_out_until {
            Some(until) => check(
                "sign_in_lockout",
                CheckStatus::Warn,
                format!("sign-in is locked after failed attempts until {until}"),
            ),
            None => check("sign_in_lockout", CheckStatus::Ok, "sign-in is open".into()),
        },
        Err(e) => check("sign_in_lockout", CheckStatus::Fail, format!("{}: {}", e.code.as_str(), e.message)),
    });
    if let (Mode::Production, Some(auth)) = (app.config().mode, app.config().auth.as_ref()) {
        let settings = crate::session::provider::settings(auth);
        checks.push(match skranke_auth::Provider::discover(&settings).await {
            Ok(_) => check(
                "identity_provider",
                CheckStatus::Ok,
                format!("{} answers (OpenID Connect discovery)", auth.issuer),
            ),
            Err(e) => check("identity_provider", CheckStatus::Fail, e.to_string()),
        });
    }
    checks.push(match skranke_os::LockWatcher::start(|_| {}) {
        Ok(_) => check("os_lock", CheckStatus::Ok, "the OS reports session locks and suspend".into()),
        Err(e) => {
            check("os_lock", CheckStatus::Warn, format!("no OS lock notifications ({e}); the idle lock still applies"))
        }
    });
    checks
}

async fn cpr_reachable(app: &Skranke) -> DiagnosticCheck {
    let endpoint = match (app.config().mode, app.config().cpr.as_ref(), app.demo_simulators()) {
        (Mode::Demo, _, Some(s)) => s.cpr_url(),
        (_, Some(c), _) => c.endpoint.clone(),
        _ => return check("cpr_service", CheckStatus::Fail, "not configured".into()),
    };
    let Some(addr) = host_port(&endpoint) else {
        return check("cpr_service", CheckStatus::Fail, format!("{endpoint}: not an https URL with a host"));
    };
    match tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(&addr)).await {
        Ok(Ok(_)) => check("cpr_service", CheckStatus::Ok, format!("{addr} accepts connections")),
        Ok(Err(e)) => check("cpr_service", CheckStatus::Fail, format!("{addr}: {e}")),
        Err(_) => check("cpr_service", CheckStatus::Fail, format!("{addr}: no answer within 3 s")),
    }
}

/// `host:port` of an https URL (port 443 when absent).
fn host_port(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let authority = rest.split('/').next().filter(|a| !a.is_empty())?;
    Some(if authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
        authority.to_string()
    } else {
        format!("{authority}:443")
    })
}

fn check(id: &'static str, status: CheckStatus, detail: String) -> DiagnosticCheck {
    DiagnosticCheck { id, status, detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn certificates_warn_inside_the_period_and_fail_when_expired() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).single().expect("time");
        let c =
            |days: i64| certificate_check("gateway_certificate", now + chrono::Duration::days(days), now, 30).status;
        assert_eq!(c(200), CheckStatus::Ok);
        assert_eq!(c(29), CheckStatus::Warn);
        assert_eq!(c(-1), CheckStatus::Fail);
    }

    #[test]
    fn host_port_reads_https_urls_only() {
        assert_eq!(host_port("https://cpr.example/service/x").as_deref(), Some("cpr.example:443"));
        assert_eq!(host_port("https://127.0.0.1:8443/a").as_deref(), Some("127.0.0.1:8443"));
        assert_eq!(host_port("http://x/"), None);
        assert_eq!(host_port("https:///x"), None);
    }
}
