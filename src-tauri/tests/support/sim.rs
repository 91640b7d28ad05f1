//! Shared by the binary tests that run `skranke sim --write-config` (included with `#[path]`):
//! the binary with a clean environment and a running simulator that is killed on drop.
// Each test binary that includes this uses a part of it (records_cli has no use for `admin`).
#![allow(dead_code)]
use std::io::{BufRead, BufReader, Read, Write};
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

/// One answer of the binary.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// The last stdout line as JSON (Null when it is not JSON).
    pub json: serde_json::Value,
    /// stdout and stderr together (text output puts failures on stderr).
    pub text: String,
}

/// `skranke --config <the sim's config> <args>`.
pub fn run(sim: &Sim, args: &[&str]) -> Run {
    let out = skranke().arg("--config").arg(&sim.config).args(args).output().expect("run skranke");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(stdout.lines().last().unwrap_or("null")).unwrap_or(serde_json::Value::Null);
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
        text: format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)),
    }
}

/// [`run`] that must exit 0; returns the JSON line.
pub fn ok(sim: &Sim, args: &[&str]) -> serde_json::Value {
    let r = run(sim, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.text);
    r.json
}

/// A request to the simulators' admin endpoint; its JSON answer (Null when none).
pub fn admin(sim: &Sim, method: &str, path: &str, body: &str) -> serde_json::Value {
    let mut s = std::net::TcpStream::connect(&sim.admin).expect("connect admin");
    write!(s, "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
        .expect("write");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read");
    serde_json::from_str(resp.split("\r\n\r\n").nth(1).unwrap_or("")).unwrap_or(serde_json::Value::Null)
}
