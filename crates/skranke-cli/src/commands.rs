//! One function per subcommand; each calls skranke-api and maps the result to output and an exit code.
mod audit;
mod bundle;
mod config;
mod diagnose;
mod keys;
mod photo;
mod queue;
mod retention;
mod review;
mod scan;

use crate::args::{
    BundleCommand, Cli, Command, CprCommand, KeysCommand, PhotoCommand, ScanCommand, SignatureCommand, SimArgs,
};
use crate::{Output, exit};
use serde_json::json;

/// Runs a parsed command and returns the exit code.
pub fn run_command(cli: &Cli, command: Command, out: &mut Output<'_>) -> i32 {
    match command {
        Command::Config(c) => config::run(cli, c, out),
        Command::Diagnose => diagnose::run(cli, out),
        Command::SupportBundle { file } => diagnose::support_bundle(cli, &file, out),
        Command::Sim(args) => run_sim(&args, out),
        Command::Cpr(CprCommand::Validate { numbers }) => cpr_validate(&numbers, out),
        Command::Cpr(CprCommand::Lookup { number }) => cpr_lookup(cli, &number, out),
        Command::Signature(SignatureCommand::Check { files }) => signature_check(cli, &files, out),
        Command::Signature(SignatureCommand::Render { file, out: png }) => signature_render(cli, &file, &png, out),
        Command::Photo(PhotoCommand::Check { files, crop }) => match load_config(cli, out) {
            Some(config) => photo::check(&config, &files, crop.as_deref(), out),
            None => exit::ENVIRONMENT,
        },
        Command::Scan(ScanCommand::Import { files, crops }) => match load_config(cli, out) {
            Some(config) => scan::import(&config, &files, crops.as_deref(), out),
            None => exit::ENVIRONMENT,
        },
        Command::Bundle(BundleCommand::Make(args)) => {
            with_app(cli, out, |app, out| Box::pin(async move { bundle::make(app, &args, out).await }))
        }
        Command::Queue(q) => with_app(cli, out, |app, out| Box::pin(async move { queue::run(app, &q, out).await })),
        Command::Audit(a) => with_app(cli, out, |app, out| Box::pin(async move { audit::run(app, &a, out) })),
        Command::Retention(r) => with_app(cli, out, |app, out| Box::pin(async move { retention::run(app, &r, out) })),
        Command::Keys(KeysCommand::Rotate) => keys::rotate(cli, out),
        Command::Review(r) => with_app(cli, out, |app, out| Box::pin(async move { review::run(app, &r, out) })),
    }
}

/// Starts Skranke with its services (demo: the embedded simulators) and runs `f` on it.
fn with_app<F>(cli: &Cli, out: &mut Output<'_>, f: F) -> i32
where
    F: for<'a, 'o> FnOnce(
        &'a skranke_api::Skranke,
        &'a mut Output<'o>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = i32> + 'a>>,
{
    let Some(rt) = runtime(out) else { return exit::ENVIRONMENT };
    rt.block_on(async {
        let app =
            match skranke_api::Skranke::start(skranke_api::OpenOptions { config_path: cli.config.as_deref() }).await {
                Ok(app) => app,
                Err(e) => {
                    if out.json {
                        out.json_line(&json!({"error": e.code, "message": e.message}));
                    } else {
                        out.error(format!("{}: {}", e.code.as_str(), e.message));
                    }
                    return exit::ENVIRONMENT;
                }
            };
        // Every personal-data command acts as the OS account running it (from the OS), with the
        // IT role; in production only members of security.it_os_group.
        if let Err(e) = app.sign_in_os_account() {
            if out.json {
                out.json_line(&json!({"error": e.code, "message": e.message}));
            } else {
                out.error(format!("{}: {}", e.code.as_str(), e.message));
            }
            return exit::FORBIDDEN;
        }
        f(&app, out).await
    })
}

fn cpr_validate(numbers: &[String], out: &mut Output<'_>) -> i32 {
    let mut all_valid = true;
    for n in numbers {
        let v = skranke_api::validate_cpr(n);
        all_valid &= v.valid;
        if out.json {
            out.json_line(&v);
        } else if v.valid {
            let note = if v.mod11 == Some(false) { " (fails modulus 11: allowed since 2007)" } else { "" };
            out.line(format!(
                "valid: born {}, sex {}{note}",
                v.birth_date.as_deref().unwrap_or("?"),
                v.sex.map(|s| format!("{s:?}")).unwrap_or_default()
            ));
        } else {
            out.line(format!("invalid: {}", v.error.map_or("unknown", |c| c.as_str())));
        }
    }
    if all_valid { exit::OK } else { exit::FAILED }
}

fn runtime(out: &mut Output<'_>) -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => Some(rt),
        Err(e) => {
            out.error(format!("cannot start the async runtime: {e}"));
            None
        }
    }
}

/// Exit code for a failed lookup: the person or the number is the problem (1), or the service or
/// this PC's setup is (3).
fn lookup_exit(code: skranke_api::Code) -> i32 {
    use skranke_api::Code as C;
    match code {
        C::CprNotFound
        | C::CprEmpty
        | C::CprInvalidCharacters
        | C::CprWrongLength
        | C::CprImpossibleDate
        | C::CprNotYetIssued
        | C::CprBirthDateInFuture => exit::FAILED,
        _ => exit::ENVIRONMENT,
    }
}

fn cpr_lookup(cli: &Cli, number: &str, out: &mut Output<'_>) -> i32 {
    let number = number.to_string();
    with_app(cli, out, |app, out| Box::pin(async move { print_lookup(app, &number, out).await }))
}

/// `skranke cpr lookup` on a started, signed-in Skranke.
async fn print_lookup(app: &skranke_api::Skranke, number: &str, out: &mut Output<'_>) -> i32 {
    {
        match app.cpr_lookup(number).await {
            Ok(report) => {
                if out.json {
                    let mut v = serde_json::to_value(&report).unwrap_or_default();
                    if let Some(map) = v.as_object_mut() {
                        map.insert("found".into(), json!(true));
                        map.insert("error".into(), json!(null));
                    }
                    out.json_line(&v);
                } else {
                    out.line(format!(
                        "{} ({}), status {} ({})",
                        report.name, report.birth_date, report.status, report.status_code
                    ));
                    if let Some(current) = &report.current_cpr {
                        out.line(format!("current number: {current}"));
                    }
                    match (&report.address, report.address_protected) {
                        (_, true) => out.line("address: protected (not shown)"),
                        (Some(a), false) => out.line(format!("address: {a}")),
                        (None, false) => out.line("address: none registered"),
                    }
                    if let Some(b) = report.blocked {
                        out.line(format!("blocked: {}", b.as_str()));
                    }
                    for n in &report.notices {
                        out.line(format!("notice: {}", n.as_str()));
                    }
                }
                exit::OK
            }
            Err(e) => {
                if out.json {
                    out.json_line(&json!({"found": false, "error": e.code, "message": e.message}));
                } else {
                    out.error(format!("{}: {}", e.code.as_str(), e.message));
                }
                lookup_exit(e.code)
            }
        }
    }
}

fn run_sim(args: &SimArgs, out: &mut Output<'_>) -> i32 {
    let Some(runtime) = runtime(out) else { return exit::ENVIRONMENT };
    runtime.block_on(async {
        let pki_dir = args.pki_dir.clone().or_else(|| {
            args.write_config.as_ref().map(|f| {
                f.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")).join("pki")
            })
        });
        let opts = skranke_api::demo::SimOptions {
            pki_dir: pki_dir.clone(),
            cpr_port: args.cpr_port,
            gateway_port: args.gateway_port,
            admin_port: args.admin_port,
        };
        let sims = match skranke_api::demo::Simulators::start(opts).await {
            Ok(s) => s,
            Err(e) => {
                out.error(format!("cannot start the simulators: {e}"));
                return exit::ENVIRONMENT;
            }
        };
        if let (Some(file), Some(pki)) = (&args.write_config, &pki_dir) {
            let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            let pki = std::path::absolute(pki).unwrap_or_else(|_| pki.clone());
            let data = std::path::absolute(dir.join("data")).unwrap_or_else(|_| dir.join("data"));
            let idp = skranke_api::demo::SimIdentityProvider {
                issuer: args.idp_issuer.clone(),
                ca_cert: args.idp_ca.as_ref().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())),
            };
            let group = match skranke_api::demo::own_os_group() {
                Ok(g) => g,
                Err(e) => {
                    out.error(format!("{}: {}", e.code.as_str(), e.message));
                    sims.shutdown();
                    return exit::ENVIRONMENT;
                }
            };
            let text = skranke_api::demo::production_config(&sims, &pki, &data, &idp, &group);
            if let Err(e) = std::fs::write(file, text) {
                out.error(format!("cannot write {}: {e}", file.display()));
                sims.shutdown();
                return exit::ENVIRONMENT;
            }
        }
        let mut ready = sims.ready_json();
        if let (Some(map), Some(file)) = (ready.as_object_mut(), &args.write_config) {
            map.insert(
                "config".into(),
                json!(std::path::absolute(file).unwrap_or_else(|_| file.clone()).display().to_string()),
            );
        }
        out.json_line(&ready);
        let _ = out.out.flush();
        let _ = tokio::signal::ctrl_c().await;
        sims.shutdown();
        exit::OK
    })
}

/// The configuration for offline tools (checks, rendering); a broken file is an environment error.
fn load_config(cli: &Cli, out: &mut Output<'_>) -> Option<skranke_api::config::Config> {
    match skranke_api::config::load(cli.config.as_deref()) {
        Ok(loaded) => Some(loaded.config),
        Err(e) => {
            out.error(&e);
            None
        }
    }
}

fn signature_check(cli: &Cli, files: &[std::path::PathBuf], out: &mut Output<'_>) -> i32 {
    let Some(config) = load_config(cli, out) else { return exit::ENVIRONMENT };
    let reports = skranke_api::signature_capture::check_files(&config, files);
    crate::output::print_checked_files(out, &reports, |r| crate::output::CheckedFile {
        file: &r.file,
        verdict: &r.verdict,
        elapsed_ms: None,
        error: r.error.as_deref(),
        checks: &r.checks,
    })
}

fn signature_render(cli: &Cli, file: &std::path::Path, png: &std::path::Path, out: &mut Output<'_>) -> i32 {
    let Some(config) = load_config(cli, out) else { return exit::ENVIRONMENT };
    match skranke_api::signature_capture::render_file(&config, file, png) {
        Ok(()) => {
            if out.json {
                out.json_line(
                    &json!({"file": file.display().to_string(), "out": png.display().to_string(), "error": null}),
                );
            }
            exit::OK
        }
        Err(e) => {
            if out.json {
                out.json_line(&json!({"file": file.display().to_string(), "out": null, "error": e.message}));
            } else {
                out.error(&e.message);
            }
            exit::FAILED
        }
    }
}
