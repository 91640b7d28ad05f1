//! The façade's IT part (issue 17): the Diagnose page's checks and its support bundle, both for
//! the IT role only. The command line runs the same through [`crate::diagnose`] and
//! [`crate::support::build`], which need no running app.
use super::Skranke;
use crate::ApiError;
use crate::diagnostics::{Devices, Diagnosis, diagnose_services, local_checks};
use crate::session::Operation;
use crate::support::{ConfigFile, SupportBundleSaved, SupportContents};
use skranke_config::ConfigSource;
use std::path::Path;

impl Skranke {
    /// Every check of `skranke diagnose` on this running Skranke, with the configuration re-read
    /// from where it was loaded (so IT sees an edit before restarting the app).
    pub async fn diagnose(&self, devices: Devices) -> Result<Diagnosis, ApiError> {
        self.session.require(&self.ctx, Operation::Diagnose)?;
        Ok(self.diagnosis(devices).await)
    }

    /// Writes a support bundle to `out`, or when `None` to the user's Downloads folder
    /// ([`crate::support::default_output`]).
    pub async fn support_bundle(&self, out: Option<&Path>, devices: Devices) -> Result<SupportBundleSaved, ApiError> {
        self.session.require(&self.ctx, Operation::SupportBundle)?;
        let now = self.ctx.clock.now();
        let out = match out {
            Some(p) => p.to_path_buf(),
            None => crate::support::default_output(&self.ctx.data_dir, &self.ctx.workstation, now),
        };
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                ApiError::new(crate::Code::SupportBundleUnwritable, format!("{}: {e}", parent.display()))
            })?;
        }
        let diagnosis = self.diagnosis(devices).await;
        let config = match &self.ctx.config_source {
            ConfigSource::File(p) => ConfigFile::File(p),
            ConfigSource::BuiltInDemo { .. } => ConfigFile::BuiltInDemo,
        };
        let logs = self.ctx.data_dir.logs();
        crate::support::write(
            &out,
            &SupportContents { diagnosis: &diagnosis, config, log_dir: Some(&logs), made_at: now },
        )
    }

    async fn diagnosis(&self, devices: Devices) -> Diagnosis {
        let path = match &self.ctx.config_source {
            ConfigSource::File(p) => Some(p.as_path()),
            ConfigSource::BuiltInDemo { .. } => None,
        };
        let (source, mut checks) = local_checks(path, devices);
        checks.extend(diagnose_services(self).await);
        Diagnosis::new(source, checks)
    }
}
