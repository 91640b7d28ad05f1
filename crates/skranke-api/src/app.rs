//! [`Skranke`]: the application as one value. The Tauri shell holds one in its state and the CLI
//! makes one per command; both call the same methods.
use crate::case::{self, OpenCase};
use crate::json::{AppInfo, CaseView, Role, Status, User};
use crate::person_lookup::PersonLookup;
use crate::{ApiError, Clock, Code, DataDir, SystemClock, session};
use skranke_config::{Config, ConfigSource, LoadedConfig, Mode};
use skranke_store::{AuditAction, NewAuditEntry};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

mod bundle_files;
mod camera_step;
mod photo_step;
mod send_step;

pub use bundle_files::{BundleFiles, MadeBundle};
pub use camera_step::CameraChoice;

/// How to open Skranke.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions<'a> {
    /// A configuration file named on the command line (`--config`).
    pub config_path: Option<&'a Path>,
}

/// The running application: configuration, data directory, session and services.
pub struct Skranke {
    config: Config,
    config_source: ConfigSource,
    data_dir: DataDir,
    workstation: String,
    clock: Arc<dyn Clock>,
    user: Mutex<Option<User>>,
    case_ref_pattern: regex::Regex,
    person_lookup: Arc<dyn PersonLookup>,
    case: Mutex<Option<OpenCase>>,
    simulators: Option<skranke_sim::Simulators>,
    audit: Mutex<skranke_store::AuditLog>,
    pad_listener: Mutex<Option<Arc<AtomicBool>>>,
    outbox: Mutex<Option<skranke_store::Outbox>>,
    gateway: Result<crate::services::Gateway, ApiError>,
    connection: crate::send::connection::ConnectionTracker,
    photo_engine: crate::photo::PhotoEngine,
    send_lock: tokio::sync::Mutex<()>,
    send_wakeup: tokio::sync::Notify,
    sender_lock: Mutex<Option<std::fs::File>>,
    preview: Mutex<Option<crate::preview::Preview>>,
    camera_choice: Mutex<Option<String>>,
}

impl std::fmt::Debug for Skranke {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Skranke")
            .field("mode", &self.config.mode)
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Skranke {
    /// Loads and checks the configuration and prepares the data directory. Production mode refuses
    /// to open while required settings are missing ([`Code::ProductionConfigIncomplete`], the message
    /// lists every missing key).
    pub fn open(opts: OpenOptions<'_>) -> Result<Self, ApiError> {
        let loaded = skranke_config::load(opts.config_path)?;
        Self::from_loaded(loaded, Arc::new(SystemClock))
    }

    /// Opens from an already loaded configuration with a given clock (tests).
    pub fn from_loaded(loaded: LoadedConfig, clock: Arc<dyn Clock>) -> Result<Self, ApiError> {
        let LoadedConfig { config, source } = loaded;
        let problems = config.check_production();
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect();
            return Err(ApiError::new(Code::ProductionConfigIncomplete, list.join("; ")));
        }
        let data_dir = DataDir::choose(config.data_dir.as_deref(), config.mode == Mode::Demo);
        data_dir.ensure_writable()?;
        let workstation = crate::workstation::workstation_name(config.workstation.as_deref());
        let audit = skranke_store::AuditLog::open(&data_dir.database()).map_err(ApiError::from)?;
        let case_ref_pattern = regex::Regex::new(&config.case.ref_pattern)
            .map_err(|e| ApiError::new(Code::ConfigInvalid, format!("case.ref_pattern: {e}")))?;
        Ok(Self {
            config,
            config_source: source,
            data_dir,
            workstation,
            clock,
            user: Mutex::new(None),
            case_ref_pattern,
            person_lookup: Arc::new(NotConnected),
            case: Mutex::new(None),
            simulators: None,
            audit: Mutex::new(audit),
            pad_listener: Mutex::new(None),
            outbox: Mutex::new(None),
            gateway: Err(ApiError::new(Code::GatewayNotConfigured, "the national services are not connected")),
            connection: Default::default(),
            photo_engine: Default::default(),
            send_lock: tokio::sync::Mutex::new(()),
            send_wakeup: tokio::sync::Notify::new(),
            sender_lock: Mutex::new(None),
            preview: Mutex::new(None),
            camera_choice: Mutex::new(None),
        })
    }

    /// Opens Skranke and connects its services: in demo mode the embedded simulators start here
    /// (on loopback) and stay up as long as this value lives.
    pub async fn start(opts: OpenOptions<'_>) -> Result<Self, ApiError> {
        let app = Self::open(opts)?;
        let services = crate::services::connect(&app.config).await?;
        Ok(app.with_services(services))
    }

    /// Connects the services like [`Skranke::start`], but a failure (say an unreadable
    /// certificate) does not stop the app: it is logged, and every lookup then fails with that
    /// error's code, so the clerk sees the Danish message and IT sees the detail in the log.
    pub async fn connect_or_degrade(self) -> Self {
        match crate::services::connect(&self.config).await {
            Ok(services) => self.with_services(services),
            Err(e) => {
                tracing::error!(code = e.code.as_str(), error = %e.message, "cannot connect the national services");
                let mut app = self.with_person_lookup(Arc::new(Failing(e.clone())));
                app.gateway = Err(e);
                app
            }
        }
    }

    fn with_services(mut self, services: crate::services::Services) -> Self {
        self.person_lookup = services.person_lookup;
        self.simulators = services.simulators;
        self.gateway = services.gateway;
        self
    }

    /// The embedded simulators (demo mode, after [`Skranke::start`]); see [`crate::demo`].
    pub fn demo_simulators(&self) -> Option<&skranke_sim::Simulators> {
        self.simulators.as_ref()
    }

    /// Uses this CPR register for lookups (the SF1520 client, or a table in tests).
    pub fn with_person_lookup(mut self, lookup: Arc<dyn PersonLookup>) -> Self {
        self.person_lookup = lookup;
        self
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Where the configuration came from.
    pub fn config_source(&self) -> &ConfigSource {
        &self.config_source
    }

    /// The data directory in use.
    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    /// The clock in use.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// What the frame shows about this installation.
    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: crate::VERSION.to_string(),
            mode: match self.config.mode {
                Mode::Demo => "demo",
                Mode::Production => "production",
            }
            .to_string(),
            municipality: self.config.municipality.name.clone(),
            workstation: self.workstation.clone(),
            case_ref_pattern: self.config.case.ref_pattern.clone(),
            case_ref_example: self.config.case.ref_example.clone(),
            idle_lock_minutes: self.config.security.idle_lock_minutes,
        }
    }

    /// Signs a user in (demo: by role).
    pub fn sign_in(&self, role: Role, name: Option<&str>) -> Result<User, ApiError> {
        let user = match self.config.mode {
            Mode::Demo => session::demo_sign_in(role, name),
            Mode::Production => session::production_sign_in()?,
        };
        self.audit(&user.id, AuditAction::SignIn, None, "ok", serde_json::json!({ "role": user.role }))?;
        tracing::info!(user = %user.id, role = ?user.role, "signed in");
        *self.user.lock().map_err(|_| poisoned())? = Some(user.clone());
        Ok(user)
    }

    /// Signs the current user out.
    pub fn sign_out(&self) -> Result<(), ApiError> {
        let previous = self.user.lock().map_err(|_| poisoned())?.take();
        self.case.lock().map_err(|_| poisoned())?.take();
        if let Some(u) = previous {
            self.audit(&u.id, AuditAction::SignOut, None, "ok", serde_json::json!({}))?;
            tracing::info!(user = %u.id, "signed out");
        }
        Ok(())
    }

    /// The signed-in user, or [`Code::NotSignedIn`].
    pub fn current_user(&self) -> Result<User, ApiError> {
        self.user
            .lock()
            .map_err(|_| poisoned())?
            .clone()
            .ok_or_else(|| ApiError::new(Code::NotSignedIn, "no user is signed in"))
    }

    /// Opens a case: checks the number and the case reference, looks the person up and applies the
    /// rules. When the CPR service cannot be reached the call fails with its code, unless
    /// `allow_unverified` is set: then the case opens marked "CPR ikke verificeret". A blocked person
    /// gives a case view with `blocked` set, which the later steps refuse.
    pub async fn case_open(
        &self,
        cpr_text: &str,
        case_ref: &str,
        allow_unverified: bool,
    ) -> Result<CaseView, ApiError> {
        let user = self.current_user()?;
        let typed = case::parse_cpr(cpr_text)?;
        let case_ref = case::check_case_ref(&self.case_ref_pattern, case_ref)?;
        let now = self.clock.now();
        let id = uuid::Uuid::now_v7();
        let looked_up = self.person_lookup.lookup(&typed).await;
        let outcome = match &looked_up {
            Ok(_) => "found",
            Err(e) => e.code.as_str(),
        };
        let details = serde_json::json!({
            "case_ref": case_ref,
            "status": looked_up.as_ref().ok().map(|p| skranke_core::PersonStatus::from_code(p.status_code).name()),
            "continued_unverified": looked_up.is_err() && allow_unverified,
        });
        // The lookup is recorded before anything is shown: no audit entry, no result.
        self.audit(&user.id, AuditAction::CprLookup, Some(&typed), outcome, details)?;
        let opened = match looked_up {
            Ok(person) => case::case_from_lookup(id, case_ref, typed, person, user.id.clone(), now),
            Err(e) if allow_unverified && case::may_continue_unverified(e.code) => {
                case::case_unverified(id, case_ref, typed, user.id.clone(), now)
            }
            Err(e) => {
                tracing::info!(cpr = %typed, code = e.code.as_str(), "CPR lookup failed");
                return Err(e);
            }
        };
        tracing::info!(cpr = %opened.number, verified = opened.cpr_verified(), blocked = ?opened.blocked.map(Code::as_str), "case opened");
        let view = opened.view(now.date_naive());
        *self.case.lock().map_err(|_| poisoned())? = Some(opened);
        Ok(view)
    }

    /// Looks a number up without opening a case (`skranke cpr lookup`): the register's answer and
    /// what the case rules would say.
    pub async fn cpr_lookup(&self, cpr_text: &str) -> Result<crate::json::LookupReport, ApiError> {
        let typed = case::parse_cpr(cpr_text)?;
        let looked_up = self.person_lookup.lookup(&typed).await;
        let outcome = match &looked_up {
            Ok(_) => "found",
            Err(e) => e.code.as_str(),
        };
        let who = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "cli".into());
        self.audit(
            &format!("cli:{who}"),
            AuditAction::CprLookup,
            Some(&typed),
            outcome,
            serde_json::json!({ "via": "cli" }),
        )?;
        let person = looked_up?;
        let probe = case::assess(typed, &person);
        tracing::info!(cpr = %typed, status = person.status_code, "CPR lookup (command line)");
        Ok(crate::json::LookupReport {
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

    /// Appends one audit entry; the caller's action fails if it cannot be recorded.
    fn audit(
        &self,
        user_id: &str,
        action: AuditAction,
        subject: Option<&skranke_core::Cpr>,
        outcome: &str,
        details: serde_json::Value,
    ) -> Result<(), ApiError> {
        let entry = NewAuditEntry {
            at: self.clock.now(),
            user_id: user_id.to_string(),
            workstation: self.workstation.clone(),
            action,
            subject_cpr: subject.map(|c| c.digits()),
            outcome: outcome.to_string(),
            details,
        };
        self.audit.lock().map_err(|_| poisoned())?.append(&entry).map(|_| ()).map_err(ApiError::from)
    }

    /// The newest audit entries (supervisors, tests).
    pub fn audit_recent(&self, limit: u32) -> Result<Vec<skranke_store::AuditEntry>, ApiError> {
        self.audit.lock().map_err(|_| poisoned())?.recent(limit).map_err(ApiError::from)
    }

    /// Walks the audit chain.
    pub fn audit_verify(&self) -> Result<skranke_store::ChainReport, ApiError> {
        self.audit.lock().map_err(|_| poisoned())?.verify().map_err(ApiError::from)
    }

    /// The open case, if any.
    pub fn case_current(&self) -> Result<Option<CaseView>, ApiError> {
        let today = self.clock.now().date_naive();
        Ok(self.case.lock().map_err(|_| poisoned())?.as_ref().map(|c| c.view(today)))
    }

    /// Closes the open case (next citizen).
    pub fn case_close(&self) -> Result<(), ApiError> {
        self.case.lock().map_err(|_| poisoned())?.take();
        Ok(())
    }

    /// The signature pad the configuration gives on this PC (the screen when none is found).
    pub fn signature_pad(&self) -> Result<crate::signature::PadInfo, ApiError> {
        Ok(crate::signature::open_pad(&self.config)?.info())
    }

    /// Starts reading the signature pad on its own thread; each event goes to `sink` until the pad
    /// ends or is lost, [`Skranke::signature_stop`] is called, another listener starts, or `sink`
    /// returns `false`. The screen pad has no events (the webview records it).
    pub fn signature_listen(
        &self,
        sink: impl FnMut(crate::signature::PadEventView) -> bool + Send + 'static,
    ) -> Result<crate::signature::PadInfo, ApiError> {
        let choice = crate::signature::open_pad(&self.config)?;
        let info = choice.info();
        let crate::signature::PadChoice::Source(pad) = choice else { return Ok(info) };
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(previous) = self.pad_listener.lock().map_err(|_| poisoned())?.replace(Arc::clone(&stop)) {
            previous.store(true, Ordering::Relaxed);
        }
        std::thread::Builder::new()
            .name("signature-pad".into())
            .spawn(move || crate::signature::pump_pad(pad, &stop, sink))
            .map_err(|e| ApiError::new(Code::Internal, format!("cannot start the pad thread: {e}")))?;
        Ok(info)
    }

    /// Stops the pad listener, if one runs.
    pub fn signature_stop(&self) -> Result<(), ApiError> {
        if let Some(stop) = self.pad_listener.lock().map_err(|_| poisoned())?.take() {
            stop.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Runs the signature checks on a signature from the pad or the screen.
    pub fn signature_check(
        &self,
        strokes: &skranke_signature::StrokeFile,
    ) -> Result<skranke_core::CheckReport, ApiError> {
        self.current_user()?;
        crate::signature::check(&self.config, strokes)
    }

    /// Checks, renders and keeps the signature on the open case; refused while a check fails, with
    /// no open case, or when the case is blocked.
    pub fn signature_accept(
        &self,
        strokes: skranke_signature::StrokeFile,
    ) -> Result<skranke_core::CheckReport, ApiError> {
        let user = self.current_user()?;
        let mut guard = self.case.lock().map_err(|_| poisoned())?;
        let case = crate::case::capturable(&mut guard)?;
        let accepted = crate::signature::accept(&self.config, strokes)?;
        let report = accepted.report.clone();
        let details =
            serde_json::json!({ "part": "signature", "case_id": case.id.to_string(), "png_bytes": accepted.png.len() });
        let number = case.number;
        case.signature = Some(accepted);
        drop(guard);
        self.audit(&user.id, AuditAction::Capture, Some(&number), "signature_accepted", details)?;
        tracing::info!(cpr = %number, "signature accepted");
        Ok(report)
    }

    /// The signature accepted on the open case, if any (the send step bundles it).
    pub fn case_signature(&self) -> Result<Option<crate::signature::AcceptedSignature>, ApiError> {
        Ok(self.case.lock().map_err(|_| poisoned())?.as_ref().and_then(|c| c.signature.clone()))
    }

    /// Header status: the gateway connection as the sender last saw it, the outbox counts, and
    /// the client certificate's expiry (a warning inside the configured period).
    pub fn status(&self) -> Status {
        let (connection, mut problem) = self.connection.current();
        let counts = self.queue_status().unwrap_or_else(|e| {
            problem = problem.or(Some(e.code));
            Default::default()
        });
        if let Err(e) = &self.gateway {
            problem = problem.or(Some(e.code));
        }
        let days =
            self.gateway.as_ref().ok().and_then(|g| g.certificate_expires).map(|t| (t - self.clock.now()).num_days());
        if let (None, Some(d), Ok(g)) = (problem, days, &self.gateway)
            && d < i64::from(g.warning_days)
        {
            problem = Some(Code::CertificateExpiresSoon);
        }
        Status {
            connection,
            queued: counts.queued + counts.sending,
            oldest_queued_age_s: counts.oldest_queued_age_s,
            certificate_expires_in_days: days,
            problem,
            rejected: counts.rejected,
            dead: counts.dead,
        }
    }
}

/// The CPR register before one is connected: every lookup says the service cannot be reached.
struct NotConnected;

impl PersonLookup for NotConnected {
    fn lookup<'a>(&'a self, _number: &'a skranke_core::Cpr) -> crate::person_lookup::LookupFuture<'a> {
        Box::pin(async { Err(ApiError::new(Code::CprServiceUnavailable, "no CPR service is connected")) })
    }
}

/// A CPR register that could not be connected: every lookup gives the reason.
struct Failing(ApiError);

impl PersonLookup for Failing {
    fn lookup<'a>(&'a self, _number: &'a skranke_core::Cpr) -> crate::person_lookup::LookupFuture<'a> {
        let e = self.0.clone();
        Box::pin(async move { Err(e) })
    }
}

pub(crate) fn poisoned() -> ApiError {
    ApiError::new(Code::Internal, "session state poisoned by an earlier panic")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A demo Skranke with its data directory in a temp dir.
    pub(crate) fn demo_app(dir: &Path) -> Skranke {
        let mut config = Config::demo();
        config.data_dir = Some(dir.join("data"));
        let loaded = LoadedConfig { config, source: ConfigSource::File(dir.join("none.toml")) };
        Skranke::from_loaded(loaded, Arc::new(SystemClock)).expect("demo opens")
    }

    #[test]
    fn demo_opens_and_reports_info() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = demo_app(t.path());
        let info = app.app_info();
        assert_eq!(info.mode, "demo");
        assert_eq!(info.municipality, "Demokommune");
        assert_eq!(info.idle_lock_minutes, 10);
    }

    #[test]
    fn production_without_settings_refuses_to_open() {
        let t = tempfile::tempdir().expect("tempdir");
        let p = t.path().join("c.toml");
        std::fs::write(&p, "mode = \"production\"\n").expect("write");
        let e = Skranke::open(OpenOptions { config_path: Some(&p) }).expect_err("incomplete");
        assert_eq!(e.code, Code::ProductionConfigIncomplete);
        assert!(e.message.contains("cpr") && e.message.contains("gateway"), "{}", e.message);
    }

    #[test]
    fn sign_in_and_out() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = demo_app(t.path());
        assert_eq!(app.current_user().expect_err("nobody").code, Code::NotSignedIn);
        let u = app.sign_in(Role::Clerk, None).expect("sign in");
        assert_eq!(app.current_user().expect("signed in"), u);
        app.sign_out().expect("sign out");
        assert!(app.current_user().is_err());
    }

    mod signature_step;

    mod case_open {
        use super::*;
        use crate::person_lookup::{RegisterPerson, TablePersonLookup};
        use skranke_core::{Cpr, Sex};

        fn cpr(s: &str) -> Cpr {
            Cpr::parse(s).expect("test number is valid")
        }

        fn person(number: &str, status: u16) -> RegisterPerson {
            RegisterPerson {
                number: cpr(number),
                current_number: None,
                name: "Test Person".into(),
                sex: Sex::Male,
                status_code: status,
                status_date: None,
                address: Some("Testvej 1, 9999 Testby".into()),
                address_protected: false,
                guardianship: false,
            }
        }

        fn app_with(dir: &Path, lookup: TablePersonLookup) -> Skranke {
            let app = demo_app(dir).with_person_lookup(Arc::new(lookup));
            app.sign_in(Role::Clerk, None).expect("sign in");
            app
        }

        fn register() -> TablePersonLookup {
            let mut changed = person("0101801113", 60);
            changed.current_number = Some(cpr("0101801121"));
            let mut protected = person("0101801148", 1);
            protected.address_protected = true;
            protected.address = Some("Hemmelig Allé 7".into());
            let mut ward = person("0101801156", 5);
            ward.guardianship = true;
            TablePersonLookup::new(vec![
                person("0101801105", 5),
                person("0101801164", 90),
                person("0101801172", 80),
                person("0101801180", 20),
                changed,
                protected,
                ward,
            ])
        }

        #[tokio::test]
        async fn active_person_opens_a_verified_case() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = app_with(t.path(), register());
            let v = app.case_open("010180-1105", "KK-2026-000001", false).await.expect("opens");
            assert!(v.cpr_verified);
            assert_eq!(v.blocked, None);
            assert_eq!(v.cpr, "0101801105");
            assert_eq!(v.cpr_masked, "010180-xxxx");
            let p = v.person.expect("person");
            assert_eq!(p.status, "active");
            assert_eq!(p.address.as_deref(), Some("Testvej 1, 9999 Testby"));
            assert_eq!(app.case_current().expect("current").map(|c| c.case_id), Some(v.case_id));
            app.case_close().expect("close");
            assert_eq!(app.case_current().expect("current"), None);
        }

        #[tokio::test]
        async fn dead_and_emigrated_are_blocked() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = app_with(t.path(), register());
            let dead = app.case_open("0101801164", "KK-2026-000001", false).await.expect("view");
            assert_eq!(dead.blocked, Some(Code::CprPersonDead));
            let gone = app.case_open("0101801172", "KK-2026-000001", false).await.expect("view");
            assert_eq!(gone.blocked, Some(Code::CprPersonInactive));
        }

        #[tokio::test]
        async fn number_changed_continues_with_current_number() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = app_with(t.path(), register());
            let v = app.case_open("0101801113", "KK-2026-000001", false).await.expect("view");
            assert_eq!(v.cpr, "0101801121");
            assert_eq!(v.previous_cpr.as_deref(), Some("0101801113"));
            assert!(v.notices.contains(&Code::CprNumberChanged));
            assert_eq!(v.blocked, None);
        }

        #[tokio::test]
        async fn protected_address_is_never_in_the_view() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = app_with(t.path(), register());
            let v = app.case_open("0101801148", "KK-2026-000001", false).await.expect("view");
            assert!(v.protected_address);
            assert!(v.notices.contains(&Code::CprProtectedAddress));
            let json = serde_json::to_string(&v).expect("json");
            assert!(!json.contains("Hemmelig"), "{json}");
        }

        #[tokio::test]
        async fn no_residence_and_guardianship_are_notices() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = app_with(t.path(), register());
            let v = app.case_open("0101801180", "KK-2026-000001", false).await.expect("view");
            assert!(v.notices.contains(&Code::CprNoResidence));
            let v = app.case_open("0101801156", "KK-2026-000001", false).await.expect("view");
            assert!(v.notices.contains(&Code::CprGuardianship));
            assert_eq!(v.blocked, None);
        }

        #[tokio::test]
        async fn bad_input_gives_its_code_and_opens_nothing() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = app_with(t.path(), register());
            let e = app.case_open("3201801105", "KK-2026-000001", false).await.expect_err("bad date");
            assert_eq!(e.code, Code::CprImpossibleDate);
            let e = app.case_open("0101801105", "x", false).await.expect_err("bad ref");
            assert_eq!(e.code, Code::CaseRefInvalid);
            let e = app.case_open("0101809999", "KK-2026-000001", false).await.expect_err("unknown");
            assert_eq!(e.code, Code::CprNotFound);
            let e = app.case_open("0101809999", "KK-2026-000001", true).await.expect_err("unknown, even if allowed");
            assert_eq!(e.code, Code::CprNotFound);
            assert_eq!(app.case_current().expect("current"), None);
        }

        #[tokio::test]
        async fn service_down_opens_unverified_only_when_allowed() {
            let t = tempfile::tempdir().expect("tempdir");
            let down = register().failing(ApiError::new(Code::CprServiceTimeout, "slow"));
            let app = app_with(t.path(), down);
            let e = app.case_open("0101801105", "KK-2026-000001", false).await.expect_err("down");
            assert_eq!(e.code, Code::CprServiceTimeout);
            let v = app.case_open("0101801105", "KK-2026-000001", true).await.expect("unverified");
            assert!(!v.cpr_verified);
            assert!(v.person.is_none());
            assert!(v.notices.contains(&Code::CprUnverified));
        }

        #[tokio::test]
        async fn needs_a_signed_in_user() {
            let t = tempfile::tempdir().expect("tempdir");
            let app = demo_app(t.path()).with_person_lookup(Arc::new(register()));
            let e = app.case_open("0101801105", "KK-2026-000001", false).await.expect_err("no user");
            assert_eq!(e.code, Code::NotSignedIn);
        }
    }
}
