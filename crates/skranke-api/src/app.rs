//! [`Skranke`]: the application as one value. The Tauri shell holds one in its state and the CLI
//! makes one per command; both call the same methods.
use crate::json::{AppInfo, Connection, Role, Status, User};
use crate::{ApiError, Clock, Code, DataDir, SystemClock, session};
use skranke_config::{Config, ConfigSource, LoadedConfig, Mode};
use std::path::Path;
use std::sync::{Arc, Mutex};

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
}

impl std::fmt::Debug for Skranke {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Skranke").field("mode", &self.config.mode).field("data_dir", &self.data_dir).finish_non_exhaustive()
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
        Ok(Self { config, config_source: source, data_dir, workstation, clock, user: Mutex::new(None) })
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
        tracing::info!(user = %user.id, role = ?user.role, "signed in");
        *self.user.lock().map_err(|_| poisoned())? = Some(user.clone());
        Ok(user)
    }

    /// Signs the current user out.
    pub fn sign_out(&self) -> Result<(), ApiError> {
        let previous = self.user.lock().map_err(|_| poisoned())?.take();
        if let Some(u) = previous {
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

    /// Header status. Connection stays `unknown` until the gateway client exists; the queue is empty
    /// until the outbox exists.
    pub fn status(&self) -> Status {
        Status { connection: Connection::Unknown, queued: 0, oldest_queued_age_s: None, certificate_expires_in_days: None }
    }
}

fn poisoned() -> ApiError {
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
}
