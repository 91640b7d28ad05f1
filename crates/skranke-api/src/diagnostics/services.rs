//! The checks that need Skranke started (demo: the embedded simulators; production: the
//! configured services): the key store, the client certificates and their days left, the CPR
//! service and the gateway over TLS (the server's chain and its expiry), this PC's clock against
//! the gateway's, the identity provider, sign-in and the outbox. Nothing here looks a person up.
use super::check::{CheckId, CheckStatus, DiagnosticCheck};
use crate::Skranke;
use crate::services::Endpoint;
use chrono::{DateTime, Utc};
use skranke_config::Mode;
use skranke_gateway::TlsProbe;
use std::time::Duration;

/// How long a service may take to answer the probe.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// A clock off by more than this (seconds) is worth a look.
pub const CLOCK_SKEW_WARN_S: i64 = 60;
/// Off by more than this (seconds), sign-in tokens and certificates are judged against the wrong
/// time (identity providers allow about five minutes).
pub const CLOCK_SKEW_FAIL_S: i64 = 300;

/// Runs the service checks on a started Skranke.
pub async fn diagnose_services(app: &Skranke) -> Vec<DiagnosticCheck> {
    let mut checks = vec![key_store_check(app), audit_witness_check(app)];
    let now = app.clock().now();
    let production = app.config().mode == Mode::Production;
    let (cpr, gateway) = crate::services::endpoints(app.config(), app.demo_simulators());
    for (cert_id, service_id, endpoint) in
        [(CheckId::CprCertificate, CheckId::CprService, cpr), (CheckId::GatewayCertificate, CheckId::Gateway, gateway)]
    {
        let Some(endpoint) = endpoint else {
            if production {
                checks.push(DiagnosticCheck::new(cert_id, CheckStatus::Fail, "not configured"));
                checks.push(DiagnosticCheck::new(service_id, CheckStatus::Fail, "not configured"));
            }
            continue;
        };
        checks.push(client_certificate_check(cert_id, &endpoint, now));
        let probe = probe(&endpoint).await;
        if service_id == CheckId::Gateway {
            checks.push(gateway_check(app, &probe, now, endpoint.warning_days).await);
            if let Ok(p) = &probe {
                checks.push(clock_skew_check(p.server_date, now));
            }
        } else {
            checks.push(match &probe {
                Ok(p) => service_check(service_id, p, now, endpoint.warning_days, "answers over TLS".into()),
                Err(e) => DiagnosticCheck::new(service_id, CheckStatus::Fail, e.clone()),
            });
        }
    }
    checks.extend(sign_in_checks(app).await);
    checks.push(queue_check(app));
    checks
}

/// Which key store holds the master key; it was loaded, or Skranke would not have started.
fn key_store_check(app: &Skranke) -> DiagnosticCheck {
    let kind = crate::master_key::key_store_kind(app.config());
    let detail = if kind == "os" {
        "the OS key store holds the master key and it was loaded".to_string()
    } else {
        let dir = crate::master_key::key_dir(app.config(), app.data_dir());
        format!("the master key file in {} was loaded", dir.display())
    };
    DiagnosticCheck::new(CheckId::KeyStore, CheckStatus::Ok, detail)
}

/// Whether the audit witness answers and has recorded every entry; without one, an entry
/// rewritten with this installation's key goes unnoticed, which production should not accept.
fn audit_witness_check(app: &Skranke) -> DiagnosticCheck {
    let production = app.config().mode == Mode::Production;
    let status = match app.audit_witness_status() {
        Ok(s) => s,
        Err(e) => {
            return DiagnosticCheck::new(
                CheckId::AuditWitness,
                CheckStatus::Fail,
                format!("{}: {}", e.code.as_str(), e.message),
            );
        }
    };
    let Some(status) = status else {
        return if production {
            DiagnosticCheck::new(
                CheckId::AuditWitness,
                CheckStatus::Warn,
                "security.audit_witness_socket is not set: an audit entry rewritten with this installation's key would not be found",
            )
        } else {
            DiagnosticCheck::new(CheckId::AuditWitness, CheckStatus::Ok, "not used in demo mode")
        };
    };
    match &status.problem {
        None => DiagnosticCheck::new(
            CheckId::AuditWitness,
            CheckStatus::Ok,
            format!(
                "the audit witness answers and has recorded every entry{}",
                status.witnessed_through.map(|s| format!(" (through {s})")).unwrap_or_default()
            ),
        ),
        Some(p) => DiagnosticCheck::new(
            CheckId::AuditWitness,
            CheckStatus::Fail,
            format!("{} ({}); {} entries not recorded by it yet", p, p.code(), status.unwitnessed),
        ),
    }
}

fn client_certificate_check(id: CheckId, endpoint: &Endpoint, now: DateTime<Utc>) -> DiagnosticCheck {
    match endpoint
        .tls
        .as_ref()
        .map_err(ToString::to_string)
        .and_then(|t| t.client_certificate_expiry().map_err(|e| e.to_string()))
    {
        Ok(at) => certificate_check(id, at, now, endpoint.warning_days),
        Err(e) => DiagnosticCheck::new(id, CheckStatus::Fail, e),
    }
}

async fn probe(endpoint: &Endpoint) -> Result<TlsProbe, String> {
    let tls = endpoint.tls.as_ref().map_err(|e| format!("no client certificate to connect with: {e}"))?;
    tls.probe(&endpoint.url, PROBE_TIMEOUT).await.map_err(|e| e.to_string())
}

/// The gateway: the TLS probe (the server's chain) and the gateway's own status API, which also
/// proves it accepts the client certificate.
async fn gateway_check(
    app: &Skranke,
    probe: &Result<TlsProbe, String>,
    now: DateTime<Utc>,
    warn_days: u32,
) -> DiagnosticCheck {
    let probe = match probe {
        Ok(p) => p,
        Err(e) => return DiagnosticCheck::new(CheckId::Gateway, CheckStatus::Fail, e.clone()),
    };
    match app.gateway_probe().await {
        Ok(endpoint) => service_check(
            CheckId::Gateway,
            probe,
            now,
            warn_days,
            format!("{endpoint} answers and accepts the client certificate"),
        ),
        Err(e) => {
            DiagnosticCheck::new(CheckId::Gateway, CheckStatus::Fail, format!("{}: {}", e.code.as_str(), e.message))
        }
    }
}

/// A service that answered: Ok with its chain, Warn when its own certificate runs out soon.
fn service_check(id: CheckId, probe: &TlsProbe, now: DateTime<Utc>, warn_days: u32, what: String) -> DiagnosticCheck {
    let chain: Vec<String> = probe
        .chain
        .iter()
        .map(|c| format!("{} (issuer {}, until {})", c.subject, c.issuer, c.not_after.format("%Y-%m-%d")))
        .collect();
    let detail = format!("{what} (HTTP {}); server chain: {}", probe.http_status, chain.join(" <- "));
    match probe.chain.first() {
        Some(leaf) if (leaf.not_after - now).num_days() < i64::from(warn_days) => DiagnosticCheck::new(
            id,
            CheckStatus::Warn,
            format!("the server's certificate expires in {} days; {detail}", (leaf.not_after - now).num_days()),
        ),
        _ => DiagnosticCheck::new(id, CheckStatus::Ok, detail),
    }
}

/// This PC's clock against the server's `Date` header.
pub fn clock_skew_check(server: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DiagnosticCheck {
    let Some(server) = server else {
        return DiagnosticCheck::new(CheckId::ClockSkew, CheckStatus::Warn, "the gateway sent no Date header");
    };
    let skew = (now - server).num_seconds();
    let side = if skew >= 0 { "ahead of" } else { "behind" };
    let detail = format!("this PC is {} s {side} the gateway", skew.abs());
    let status = match skew.abs() {
        s if s > CLOCK_SKEW_FAIL_S => CheckStatus::Fail,
        s if s > CLOCK_SKEW_WARN_S => CheckStatus::Warn,
        _ => CheckStatus::Ok,
    };
    DiagnosticCheck::new(CheckId::ClockSkew, status, detail)
}

/// Ok, Warn inside the warning period, Fail when expired.
pub fn certificate_check(id: CheckId, expires: DateTime<Utc>, now: DateTime<Utc>, warn_days: u32) -> DiagnosticCheck {
    let days = (expires - now).num_days();
    let date = expires.format("%Y-%m-%d");
    if expires <= now {
        DiagnosticCheck::new(id, CheckStatus::Fail, format!("expired on {date}"))
    } else if days < i64::from(warn_days) {
        DiagnosticCheck::new(id, CheckStatus::Warn, format!("expires on {date}, in {days} days: renew it"))
    } else {
        DiagnosticCheck::new(id, CheckStatus::Ok, format!("valid until {date} ({days} days)"))
    }
}

/// Sign-in: is sign-in on this workstation locked out after failed attempts, does the identity
/// provider answer (production), and does the OS tell Skranke when the session locks.
async fn sign_in_checks(app: &Skranke) -> Vec<DiagnosticCheck> {
    let mut checks = Vec::new();
    checks.push(match app.session_view() {
        Ok(v) => match v.locked_out_until {
            Some(until) => DiagnosticCheck::new(
                CheckId::SignInLockout,
                CheckStatus::Warn,
                format!("sign-in is locked after failed attempts until {until}"),
            ),
            None => DiagnosticCheck::new(CheckId::SignInLockout, CheckStatus::Ok, "sign-in is open"),
        },
        Err(e) => DiagnosticCheck::new(
            CheckId::SignInLockout,
            CheckStatus::Fail,
            format!("{}: {}", e.code.as_str(), e.message),
        ),
    });
    if let (Mode::Production, Some(auth)) = (app.config().mode, app.config().auth.as_ref()) {
        let settings = crate::session::provider::settings(auth);
        checks.push(match skranke_auth::Provider::discover(&settings).await {
            Ok(_) => DiagnosticCheck::new(
                CheckId::IdentityProvider,
                CheckStatus::Ok,
                format!("{} answers (OpenID Connect discovery)", auth.issuer),
            ),
            Err(e) => DiagnosticCheck::new(CheckId::IdentityProvider, CheckStatus::Fail, e.to_string()),
        });
    }
    checks.push(match skranke_os::LockWatcher::start(|_| {}) {
        Ok(_) => DiagnosticCheck::new(CheckId::OsLock, CheckStatus::Ok, "the OS reports session locks and suspend"),
        Err(e) => DiagnosticCheck::new(
            CheckId::OsLock,
            CheckStatus::Warn,
            format!("no OS lock notifications ({e}); the idle lock still applies"),
        ),
    });
    checks
}

/// The outbox's counts; dead captures or one waiting over an hour is a warning.
fn queue_check(app: &Skranke) -> DiagnosticCheck {
    match app.queue_counts() {
        Ok(s) => {
            let stale = s.oldest_queued_age_s.is_some_and(|a| a > 3600);
            let status = if s.dead > 0 || stale { CheckStatus::Warn } else { CheckStatus::Ok };
            DiagnosticCheck::new(
                CheckId::Queue,
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
        Err(e) => {
            DiagnosticCheck::new(CheckId::Queue, CheckStatus::Fail, format!("{}: {}", e.code.as_str(), e.message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).single().expect("time")
    }

    #[test]
    fn certificates_warn_inside_the_period_and_fail_when_expired() {
        let c = |days: i64| {
            certificate_check(CheckId::GatewayCertificate, now() + chrono::Duration::days(days), now(), 30).status
        };
        assert_eq!(c(200), CheckStatus::Ok);
        assert_eq!(c(29), CheckStatus::Warn);
        assert_eq!(c(-1), CheckStatus::Fail);
    }

    #[test]
    fn the_clock_may_be_a_minute_off_and_fails_past_five() {
        let skew = |s: i64| clock_skew_check(Some(now() - chrono::Duration::seconds(s)), now());
        assert_eq!(skew(0).status, CheckStatus::Ok);
        assert_eq!(skew(-60).status, CheckStatus::Ok);
        assert_eq!(skew(61).status, CheckStatus::Warn);
        assert_eq!(skew(-301).status, CheckStatus::Fail);
        assert!(skew(-301).detail.contains("301 s behind"), "{}", skew(-301).detail);
        assert_eq!(clock_skew_check(None, now()).status, CheckStatus::Warn);
    }
}
