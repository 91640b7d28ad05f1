//! Connects the façade to the national services: in demo mode the embedded simulators (started
//! here, on loopback, with their own PKI), in production the services named in the config.
use crate::case_desk::{Answered, LookupFuture, PersonLookup, RegisterPerson};
use crate::{ApiError, Code};
use chrono::{DateTime, Utc};
use skranke_config::{Config, Mode};
use skranke_core::Cpr;
use skranke_gateway::{ClientTls, CprClient, CprClientConfig, GatewayClient, GatewayClientConfig, InvocationContext};
use skranke_sim::{SimOptions, Simulators};
use std::sync::Arc;
use std::time::Duration;

/// What [`connect`] set up; the simulators stop when this is dropped with the app.
pub struct Services {
    /// The embedded simulators (demo mode only).
    pub simulators: Option<Simulators>,
    /// The CPR register.
    pub person_lookup: Arc<dyn PersonLookup>,
    /// The capture gateway, or why there is none (not configured, unreadable certificate).
    pub gateway: Result<Gateway, ApiError>,
}

/// The capture gateway's client and what `diagnose` and the header say about its certificate.
#[derive(Clone)]
pub struct Gateway {
    /// The mTLS upload client.
    pub client: Arc<GatewayClient>,
    /// The gateway's address.
    pub endpoint: String,
    /// When the client certificate expires.
    pub certificate_expires: Option<DateTime<Utc>>,
    /// Days before expiry from which the header warns.
    pub warning_days: u32,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("endpoint", &self.endpoint)
            .field("certificate_expires", &self.certificate_expires)
            .finish_non_exhaustive()
    }
}

/// Starts the simulators (demo) or reads the certificates (production) and builds the clients.
pub async fn connect(config: &Config) -> Result<Services, ApiError> {
    match config.mode {
        Mode::Demo => {
            let sims = Simulators::start(SimOptions::default())
                .await
                .map_err(|e| ApiError::new(Code::Internal, format!("cannot start the demo simulators: {e}")))?;
            let pki = sims.pki();
            let tls = ClientTls {
                client_cert_pem: pki.client.cert_pem.clone(),
                client_key_pem: pki.client.key_pem.clone(),
                ca_pem: pki.ca_pem.clone(),
            };
            let max = skranke_config::DEFAULT_MAX_RESPONSE_BYTES;
            let client = cpr_client(sims.cpr_url(), tls.clone(), demo_context(), 5000, max)?;
            let gateway = gateway(sims.gateway_url(), tls, 15_000, 30, max);
            tracing::info!(cpr = %sims.cpr_url(), gateway = %sims.gateway_url(), "demo: simulators started");
            Ok(Services { simulators: Some(sims), person_lookup: Arc::new(SoapPersonLookup(client)), gateway })
        }
        Mode::Production => {
            let cpr = config
                .cpr
                .as_ref()
                .ok_or_else(|| ApiError::new(Code::ProductionConfigIncomplete, "cpr: the [cpr] section is required"))?;
            let tls = client_tls(&cpr.tls).map_err(|e| ApiError::from(e).context("cpr.tls"))?;
            let context = InvocationContext {
                service_agreement_uuid: cpr.service_agreement_uuid.clone(),
                user_system_uuid: cpr.user_system_uuid.clone(),
                user_uuid: cpr.user_uuid.clone(),
                service_uuid: cpr.service_uuid.clone(),
                on_behalf_of_user: None,
            };
            let client = cpr_client(cpr.endpoint.clone(), tls, context, cpr.timeout_ms, cpr.max_response_bytes)?;
            let gateway = production_gateway(config);
            if let Err(e) = &gateway {
                tracing::error!(code = e.code.as_str(), error = %e.message, "the capture gateway cannot be used; captures are kept in the outbox");
            }
            Ok(Services { simulators: None, person_lookup: Arc::new(SoapPersonLookup(client)), gateway })
        }
    }
}

/// The gateway client from the `[gateway]` section; an error names the key and the reason.
fn production_gateway(config: &Config) -> Result<Gateway, ApiError> {
    let g = config
        .gateway
        .as_ref()
        .ok_or_else(|| ApiError::new(Code::GatewayNotConfigured, "gateway: the [gateway] section is missing"))?;
    let tls = client_tls(&g.tls).map_err(|e| {
        let code = if e.code() == Code::CertificateExpired {
            Code::GatewayCertificateExpired
        } else {
            Code::GatewayCertificateUnreadable
        };
        ApiError::new(code, format!("gateway.tls: {e}"))
    })?;
    gateway(g.endpoint.clone(), tls, g.timeout_ms, g.certificate_warning_days, g.max_response_bytes)
}

/// A national service as `skranke diagnose` sees it: its address, the client identity Skranke
/// uses for it (or why that cannot be read) and the certificate warning period in days.
pub(crate) struct Endpoint {
    pub(crate) url: String,
    pub(crate) tls: Result<ClientTls, skranke_gateway::TlsError>,
    pub(crate) warning_days: u32,
}

/// The CPR service's and the gateway's [`Endpoint`]s: the simulators' in demo mode, the
/// configured ones in production (`None` for a section that is missing).
pub(crate) fn endpoints(config: &Config, simulators: Option<&Simulators>) -> (Option<Endpoint>, Option<Endpoint>) {
    if let (Mode::Demo, Some(sims)) = (config.mode, simulators) {
        let pki = sims.pki();
        let tls = || {
            Ok(ClientTls {
                client_cert_pem: pki.client.cert_pem.clone(),
                client_key_pem: pki.client.key_pem.clone(),
                ca_pem: pki.ca_pem.clone(),
            })
        };
        return (
            Some(Endpoint { url: sims.cpr_url(), tls: tls(), warning_days: 30 }),
            Some(Endpoint { url: sims.gateway_url(), tls: tls(), warning_days: 30 }),
        );
    }
    let cpr =
        config.cpr.as_ref().map(|c| Endpoint { url: c.endpoint.clone(), tls: client_tls(&c.tls), warning_days: 30 });
    let gateway = config.gateway.as_ref().map(|g| Endpoint {
        url: g.endpoint.clone(),
        tls: client_tls(&g.tls),
        warning_days: g.certificate_warning_days,
    });
    (cpr, gateway)
}

/// The client side of mutual TLS from the configuration: PEM certificate and key files, or a
/// PKCS#12 file (no `client_key`) with `client_cert_password`.
fn client_tls(t: &skranke_config::TlsConfig) -> Result<ClientTls, skranke_gateway::TlsError> {
    match &t.client_key {
        Some(key) => ClientTls::from_files(&t.client_cert, key, &t.ca_cert),
        None => ClientTls::from_pkcs12(&t.client_cert, t.client_cert_password.as_deref().unwrap_or(""), &t.ca_cert),
    }
}

fn gateway(
    endpoint: String,
    tls: ClientTls,
    timeout_ms: u64,
    warning_days: u32,
    max_response_bytes: usize,
) -> Result<Gateway, ApiError> {
    let certificate_expires = tls.client_certificate_expiry().ok();
    let client = GatewayClient::new(GatewayClientConfig {
        base_url: endpoint.clone(),
        tls,
        timeout: Duration::from_millis(timeout_ms),
        max_response_bytes,
    })
    .map_err(ApiError::from)?;
    Ok(Gateway { client: Arc::new(client), endpoint, certificate_expires, warning_days })
}

fn cpr_client(
    endpoint: String,
    tls: ClientTls,
    context: InvocationContext,
    timeout_ms: u64,
    max_response_bytes: usize,
) -> Result<CprClient, ApiError> {
    let timeout = Duration::from_millis(timeout_ms);
    CprClient::new(CprClientConfig { endpoint, tls, context, timeout, max_response_bytes }).map_err(ApiError::from)
}

/// The InvocationContext of demo mode (the simulator checks presence, not values).
fn demo_context() -> InvocationContext {
    InvocationContext {
        service_agreement_uuid: "00000000-0000-4000-8000-000000000001".into(),
        user_system_uuid: "00000000-0000-4000-8000-000000000002".into(),
        user_uuid: "00000000-0000-4000-8000-000000000003".into(),
        service_uuid: "00000000-0000-4000-8000-000000000004".into(),
        on_behalf_of_user: None,
    }
}

/// The SF1520 client as the case step's [`PersonLookup`].
pub struct SoapPersonLookup(pub CprClient);

impl PersonLookup for SoapPersonLookup {
    fn lookup<'a>(&'a self, number: &'a Cpr, user_id: &'a str) -> LookupFuture<'a> {
        Box::pin(async move {
            let (record, attempts) = self.0.lookup_counted(number, Some(user_id)).await;
            let result = record.map_err(ApiError::from).and_then(register_person);
            Answered { result, attempts }
        })
    }
}

/// The facts a case needs from SF1520's answer; numbers that do not parse are a malformed answer.
fn register_person(record: skranke_gateway::PersonRecord) -> Result<RegisterPerson, ApiError> {
    let malformed =
        |what: &str| ApiError::new(Code::CprMalformedResponse, format!("the register gave an invalid {what}"));
    let answered = Cpr::parse(&record.pnr).map_err(|_| malformed("personnummer"))?;
    let current_number = match record.current_pnr.as_deref() {
        Some(p) => Some(Cpr::parse(p).map_err(|_| malformed("gaeldendePersonnummer"))?),
        None => None,
    };
    Ok(RegisterPerson {
        number: answered,
        current_number,
        name: record.display_name(),
        sex: record.sex.unwrap_or(answered.sex()),
        status_code: record.status_code,
        status_date: record.status_date,
        address: record.address.as_ref().map(|a| a.one_line()),
        address_protected: record.address_protected,
        guardianship: record.guardianship,
    })
}
