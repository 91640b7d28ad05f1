//! Shared by the binary tests that run `skranke sim --write-config` (included with `#[path]`):
//! the binary with a clean environment and a running simulator that is killed on drop.
// Each test binary that includes this uses a part of it (records_cli has no use for `admin`).
#![allow(dead_code)]
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The `skranke` binary of this build, without the environment's configuration or data folder.
pub fn skranke() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_skranke"));
    c.env_remove("SKRANKE_CONFIG").env_remove("SKRANKE_DATA_DIR");
    c
}

/// A running `skranke sim --write-config`; killed on drop.
pub struct Sim {
    child: Child,
    /// The admin endpoint, `host:port`.
    pub admin: String,
    /// The configuration file it wrote.
    pub config: PathBuf,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `skranke sim --write-config <dir>/skranke.toml` with more arguments (`--idp-issuer`, ...),
/// once it has printed its ready line.
pub fn sim_with(dir: &Path, more: &[&str]) -> Sim {
    let config = dir.join("skranke.toml");
    let mut child = skranke()
        .args(["sim", "--write-config"])
        .arg(&config)
        .args(more)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn sim");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("ready line");
    let ready: serde_json::Value = serde_json::from_str(line.trim()).expect("ready JSON");
    let admin = ready["admin"].as_str().expect("admin").trim_start_matches("http://").to_string();
    assert!(ready["gateway"].as_str().is_some_and(|g| g.starts_with("https://127.0.0.1:")), "{ready}");
    assert!(config.exists(), "the config was written");
    Sim { child, admin, config }
}
