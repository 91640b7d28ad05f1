//! The support bundle (`skranke support-bundle OUT.zip`, the Diagnose page's button): one zip IT
//! can send to a supplier without sending a citizen's data: the configuration with secrets and
//! paths to keys redacted, the diagnosis as JSON, the versions, and the newest logs. The database,
//! the keys and anything captured are never included.
mod logs;
mod redact;

pub use logs::MAX_LOG_BYTES;
pub use redact::{REDACTED, redact_toml, redacted_config_file};

use crate::diagnostics::{Devices, Diagnosis};
use crate::{ApiError, Code, DataDir};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What was written.
#[derive(ts_rs::TS, Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SupportBundleSaved {
    /// The zip file.
    pub path: String,
    /// Its size.
    pub bytes: u64,
    /// The files in it.
    pub files: Vec<String>,
}

/// Where the configuration came from, for the bundle.
pub enum ConfigFile<'a> {
    /// This file (included redacted).
    File(&'a Path),
    /// No file: the built-in demo settings.
    BuiltInDemo,
    /// The named file could not be loaded (the diagnosis says why).
    Unloadable(&'a Path),
}

/// Everything a bundle is made of.
pub struct SupportContents<'a> {
    /// The diagnosis, as `skranke diagnose --json` prints it.
    pub diagnosis: &'a Diagnosis,
    /// The configuration's origin.
    pub config: ConfigFile<'a>,
    /// The folder of the log files (`<data dir>/logs`), if known.
    pub log_dir: Option<&'a Path>,
    /// When the bundle is made.
    pub made_at: DateTime<Utc>,
}

/// The versions file: what a supplier asks first.
#[derive(Serialize)]
struct Versions<'a> {
    skranke: &'a str,
    os: &'a str,
    arch: &'a str,
    made_at: String,
}

/// Writes the bundle to `out` (a new file; an existing one is replaced).
pub fn write(out: &Path, contents: &SupportContents<'_>) -> Result<SupportBundleSaved, ApiError> {
    let fail = |e: &dyn std::fmt::Display| {
        ApiError::new(Code::SupportBundleUnwritable, format!("support bundle {}: {e}", out.display()))
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push(("README.txt".into(), readme(contents.made_at).into_bytes()));
    let versions = Versions {
        skranke: crate::VERSION,
        os: std::env::consts::OS,
        arch: std::env::consts::ARCH,
        made_at: contents.made_at.to_rfc3339(),
    };
    files.push(("versions.json".into(), to_json(&versions)?));
    files.push(("diagnose.json".into(), to_json(contents.diagnosis)?));
    files.push((
        "config.toml".into(),
        match contents.config {
            ConfigFile::File(p) => redacted_config_file(p),
            ConfigFile::BuiltInDemo => "# No configuration file: the built-in demo settings.\n".into(),
            ConfigFile::Unloadable(p) => {
                format!("# {}: could not be loaded; see diagnose.json (check config)\n", p.display())
            }
        }
        .into_bytes(),
    ));
    for part in contents.log_dir.map(logs::collect).unwrap_or_default() {
        files.push((format!("logs/{}", part.name), part.bytes));
    }
    let file = std::fs::File::create(out).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let file = zip.finish().map_err(|e| fail(&e))?;
    file.sync_all().map_err(|e| fail(&e))?;
    let bytes = file.metadata().map_err(|e| fail(&e))?.len();
    tracing::info!(bytes, files = files.len(), "support bundle written");
    Ok(SupportBundleSaved {
        path: out.display().to_string(),
        bytes,
        files: files.into_iter().map(|(name, _)| name).collect(),
    })
}

/// `skranke support-bundle OUT.zip`: diagnoses this PC (starting Skranke when it can) and writes
/// the bundle, also when Skranke cannot start, which is when IT needs it most.
pub async fn build(config_path: Option<&Path>, devices: Devices, out: &Path) -> Result<SupportBundleSaved, ApiError> {
    let diagnosis = crate::diagnostics::diagnose(config_path, devices).await;
    let loaded = skranke_config::load(config_path);
    let (config, log_dir) = match &loaded {
        Ok(l) => {
            let demo = l.config.mode == skranke_config::Mode::Demo;
            let logs = DataDir::choose(l.config.data_dir.as_deref(), demo).logs();
            let config = match &l.source {
                skranke_config::ConfigSource::File(p) => ConfigFile::File(p),
                skranke_config::ConfigSource::BuiltInDemo { .. } => ConfigFile::BuiltInDemo,
            };
            (config, Some(logs))
        }
        Err(e) => (ConfigFile::Unloadable(&e.path), None),
    };
    write(out, &SupportContents { diagnosis: &diagnosis, config, log_dir: log_dir.as_deref(), made_at: Utc::now() })
}

/// Where the Diagnose page saves a bundle: the user's Downloads folder (else the data
/// directory's `support` folder), named after the workstation and the time.
pub fn default_output(data_dir: &DataDir, workstation: &str, now: DateTime<Utc>) -> PathBuf {
    let safe: String =
        workstation.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let name = format!("skranke-support-{safe}-{}.zip", now.format("%Y%m%d-%H%M%S"));
    let downloads = dirs::download_dir().filter(|d| d.is_dir());
    downloads.unwrap_or_else(|| data_dir.root.join("support")).join(name)
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec_pretty(value).map_err(|e| ApiError::new(Code::Internal, format!("support bundle JSON: {e}")))
}

fn readme(made_at: DateTime<Utc>) -> String {
    format!(
        "Skranke supportpakke / support bundle, {}\n\n\
         Indhold: versions.json (versioner), diagnose.json (samme kontroller som `skranke diagnose`),\n\
         config.toml (konfigurationen uden hemmeligheder og stier til nøgler) og logs/ (de nyeste\n\
         logfiler). Ingen borgerdata: databasen, nøglerne og optagelser er aldrig med.\n\n\
         Contents: versions, the diagnosis, the configuration with secrets and key paths redacted,\n\
         and the newest logs. No citizen data: the database, the keys and captures are never included.\n",
        made_at.to_rfc3339()
    )
}
