//! `skranke bundle make`: a capture bundle from files, through the counter's lookup and checks
//! (`--source counter`: a portrait and a stroke file) or the scan desk's (`--source scan --dpi N`:
//! the photo and signature cuts of a scanned card).
use crate::args::BundleMakeArgs;
use crate::{Output, exit};
use serde_json::json;
use skranke_api::{ApiError, BundleFiles, Code, Skranke};

/// Builds and writes the bundle; prints its capture id, size and both verdicts (with `--json` also
/// its source and a scan's dpi). Exit 0 written, 1 refused (number, person, a scan's missing or
/// impossible dpi, checks without override), 3 environment (config, service, disk, face models).
pub async fn make(app: &Skranke, args: &BundleMakeArgs, out: &mut Output<'_>) -> i32 {
    let source =
        if args.source == "scan" { skranke_api::bundle::Source::Scan } else { skranke_api::bundle::Source::Counter };
    let req = BundleFiles {
        cpr: &args.cpr,
        case_ref: &args.case_ref,
        photo: &args.photo,
        signature: &args.signature,
        override_reason: args.override_reason.as_deref(),
        source,
        scan_dpi: args.dpi,
        allow_unverified: args.allow_unverified,
    };
    let made = match app.bundle_from_files(&req).await {
        Ok(m) => m,
        Err(e) => return fail(&e, out),
    };
    if let Err(e) = write_atomically(&args.out, made.bundle.as_bytes()) {
        return fail(&ApiError::new(Code::DataDirUnwritable, format!("{}: {e}", args.out.display())), out);
    }
    let m = made.bundle.manifest();
    if out.json {
        out.json_line(&json!({
            "capture_id": m.capture_id.to_string(),
            "out": args.out.display().to_string(),
            "bytes": made.bundle.as_bytes().len(),
            "photo_verdict": made.photo_report.verdict,
            "signature_verdict": made.signature_report.verdict,
            "cpr_unverified": m.flags.cpr_unverified,
            "source": m.source,
            "dpi": m.scan.map(|s| s.dpi),
            "error": null,
        }));
    } else {
        out.line(format!("{} ({} bytes) -> {}", m.capture_id, made.bundle.as_bytes().len(), args.out.display()));
    }
    exit::OK
}

fn fail(e: &ApiError, out: &mut Output<'_>) -> i32 {
    if out.json {
        out.json_line(&json!({"capture_id": null, "error": e.code, "message": e.message}));
    } else {
        out.error(format!("{}: {}", e.code.as_str(), e.message));
    }
    refused_or_environment(e.code)
}

/// 1 when the input is the problem, 3 when the PC or a service is.
pub fn refused_or_environment(code: Code) -> i32 {
    use Code as C;
    match code {
        C::CprServiceUnavailable
        | C::CprServiceTimeout
        | C::CprSoapFault
        | C::CprMalformedResponse
        | C::CprClientCertificateRejected
        | C::CprServerUntrusted
        | C::CertificateExpired
        | C::CertificateUnreadable
        | C::ConfigInvalid
        | C::ConfigUnreadable
        | C::ProductionConfigIncomplete
        | C::DataDirUnwritable
        | C::PhotoModelMissing
        | C::PhotoModelError
        | C::StoreDiskFull
        | C::StoreUnavailable
        | C::StoreCorrupt
        | C::StoreKeyUnavailable
        | C::StoreKeyMismatch
        | C::StoreInUse
        | C::Internal => exit::ENVIRONMENT,
        _ => exit::FAILED,
    }
}

/// Writes to a temporary file beside `path` and renames it: a crash never leaves half a bundle.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(".{}.partial", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}
