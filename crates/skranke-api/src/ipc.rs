//! The IPC contract between the Tauri shell and the UI, written once in Rust: [`COMMANDS`] (which
//! src-tauri/build.rs turns into permissions), each command's arguments and result
//! ([`signatures`]) and the TypeScript the UI imports, ui/src/lib/generated/ipc.ts
//! ([`typescript_ipc_module`], derived with ts-rs from the transport types and their serde
//! attributes). The tests keep src-tauri/src/commands.rs, src-tauri/capabilities/main.json and the
//! generated file in step with it; see docs/ipc.md.
use crate::diagnostics::{CheckId, CheckStatus, ConfigSourceView, Diagnosis, DiagnosticCheck};
use crate::json::{
    AppInfo, CameraChoice, CameraEvent, CameraInfo, CardImageView, CardPreviewView, CaseView, Connection,
    CprValidationView, OvalView, OverCap, OverCapReason, PadEventView, PadInfo, PersonView, PhotoCheckView,
    QueueItemView, Role, SendView, SessionView, SignInStarted, Status, StrokeWidthView, UsageCount, UsageStats, User,
};
use crate::photo_capture::GUIDANCE_HINTS;
use crate::review::{CauseCount, HistoryLine, ReturnedCaseView, ReviewDetailView, ReviewItemView, ReviewQueueView};
use crate::scan_desk::{
    Corners, ScanFailedView, ScanFileView, ScanInboxView, ScanOrigin, ScanPageSummary, ScanPageView,
};
use crate::support::SupportBundleSaved;
use skranke_core::{Check, CheckReport, Sex, Verdict};
use skranke_signature::pad::PadKind;
use skranke_signature::{DeviceMeta, StrokeFile};
use skranke_store::OutboxState;
use ts_rs::{Config, TS};

include!("ipc/commands.rs");

/// One argument of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The parameter's name in Rust (snake_case; the UI sends it in camelCase).
    pub name: &'static str,
    /// Its Rust type without module paths, e.g. `Option<String>`, `Channel<PadEventView>`.
    pub rust: String,
    /// Its TypeScript type.
    pub ts: String,
}

/// A command's arguments and result (the `Ok` value; every failure is an `ApiError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The command's name.
    pub name: &'static str,
    /// Its arguments besides the app state.
    pub args: Vec<Arg>,
    /// The result's Rust type without module paths (`()` for none).
    pub result_rust: String,
    /// The result's TypeScript type.
    pub result_ts: String,
}

/// How the TypeScript is written: 64-bit integers are JSON numbers (they stay below 2^53).
fn config() -> Config {
    Config::new().with_large_int("number")
}

/// A Rust type's name without module paths: `Option<String>`, `Vec<QueueItemView>`.
fn short_type<T: ?Sized>() -> String {
    strip_paths(std::any::type_name::<T>())
}

fn strip_paths(text: &str) -> String {
    let paths = regex::Regex::new(r"\b[A-Za-z_][A-Za-z0-9_]*::").expect("valid regex");
    paths.replace_all(&text.replace(char::is_whitespace, ""), "").into_owned()
}

fn arg<T: TS + ?Sized>(name: &'static str) -> Arg {
    Arg { name, rust: short_type::<T>(), ts: T::name(&config()) }
}

/// A `tauri::ipc::Channel<T>` argument: one JSON message per `T`.
fn channel<T: TS>(name: &'static str) -> Arg {
    Arg { name, rust: format!("Channel<{}>", short_type::<T>()), ts: format!("ChannelOf<{}>", T::name(&config())) }
}

/// A channel of raw bytes (`tauri::ipc::InvokeResponseBody::Raw`): an `ArrayBuffer` per message.
fn raw_channel(name: &'static str) -> Arg {
    Arg { name, rust: "Channel<InvokeResponseBody>".into(), ts: "ChannelOf<ArrayBuffer>".into() }
}

fn command<R: TS>(name: &'static str, args: Vec<Arg>) -> Signature {
    Signature { name, args, result_rust: short_type::<R>(), result_ts: R::name(&config()) }
}

/// Every command's arguments and result, in the order of [`COMMANDS`].
pub fn signatures() -> Vec<Signature> {
    vec![
        command::<AppInfo>("app_info", vec![]),
        command::<User>("sign_in", vec![arg::<Role>("role"), arg::<Option<String>>("name")]),
        command::<SignInStarted>("sign_in_start", vec![]),
        command::<User>("sign_in_finish", vec![]),
        command::<()>("sign_in_cancel", vec![]),
        command::<()>("sign_out", vec![]),
        command::<SessionView>("session_view", vec![]),
        command::<SessionView>("session_lock", vec![]),
        command::<()>("session_touch", vec![]),
        command::<Status>("status", vec![]),
        command::<CprValidationView>("cpr_validate", vec![arg::<String>("text")]),
        command::<CaseView>(
            "case_open",
            vec![arg::<String>("cpr"), arg::<String>("case_ref"), arg::<Option<bool>>("allow_unverified")],
        ),
        command::<Option<CaseView>>("case_current", vec![]),
        command::<()>("case_close", vec![]),
        command::<CardPreviewView>("card_preview", vec![]),
        command::<PadInfo>("signature_pad", vec![]),
        command::<PadInfo>("signature_listen", vec![channel::<PadEventView>("on_event")]),
        command::<()>("signature_stop", vec![]),
        command::<CheckReport>("signature_check", vec![arg::<StrokeFile>("strokes")]),
        command::<CheckReport>("signature_accept", vec![arg::<StrokeFile>("strokes")]),
        command::<Vec<CameraChoice>>("camera_list", vec![]),
        command::<()>("camera_select", vec![arg::<String>("source")]),
        command::<CameraInfo>("camera_start", vec![raw_channel("on_frame"), channel::<CameraEvent>("on_event")]),
        command::<()>("camera_stop", vec![]),
        command::<PhotoCheckView>("photo_capture", vec![]),
        command::<CheckReport>("photo_accept", vec![arg::<Option<String>>("override_reason")]),
        command::<()>("photo_retake", vec![]),
        command::<SendView>("send_case", vec![]),
        command::<u32>("send_now", vec![]),
        command::<Vec<QueueItemView>>("queue_list", vec![arg::<Option<u32>>("limit")]),
        command::<UsageStats>("audit_stats", vec![arg::<String>("month")]),
        command::<ReviewQueueView>("review_queue", vec![]),
        command::<Option<u64>>("review_waiting", vec![]),
        command::<ReviewDetailView>("review_show", vec![arg::<String>("capture_id")]),
        command::<ReviewItemView>(
            "review_decide",
            vec![arg::<String>("capture_id"), arg::<String>("decision"), arg::<String>("reason")],
        ),
        command::<SignInStarted>("review_confirm_start", vec![]),
        command::<User>("review_confirm_finish", vec![]),
        command::<User>("review_confirm_demo", vec![]),
        command::<Vec<ReturnedCaseView>>("returned_cases", vec![]),
        command::<ReturnedCaseView>(
            "returned_inform",
            vec![arg::<String>("capture_id"), arg::<String>("citizen_told")],
        ),
        command::<Vec<ReturnedCaseView>>("case_returned", vec![]),
        command::<Diagnosis>("diagnose", vec![]),
        command::<SupportBundleSaved>("support_bundle", vec![]),
        command::<ScanInboxView>("scan_inbox", vec![]),
        command::<ScanInboxView>("scan_open_file", vec![arg::<String>("path")]),
        command::<ScanPageView>("scan_page", vec![arg::<String>("file_id"), arg::<u32>("page")]),
        command::<ScanPageView>(
            "scan_adjust",
            vec![arg::<String>("file_id"), arg::<u32>("page"), arg::<Corners>("photo"), arg::<Corners>("signature")],
        ),
        command::<CaseView>(
            "scan_accept",
            vec![
                arg::<String>("file_id"),
                arg::<u32>("page"),
                arg::<Option<String>>("photo_override"),
                arg::<Option<String>>("signature_override"),
            ],
        ),
        command::<ScanInboxView>("scan_reject", vec![arg::<String>("file_id"), arg::<String>("reason")]),
    ]
}

/// `snake_case` to `camelCase`, as `#[tauri::command(rename_all = "camelCase")]` does.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn declare<T: TS>(out: &mut String) {
    if let Some(docs) = T::docs() {
        out.push_str(&docs);
    }
    out.push_str("export ");
    out.push_str(&T::decl(&config()));
    out.push_str("\n\n");
}

/// The text of ui/src/lib/generated/ipc.ts: every transport type and the `Commands` map.
pub fn typescript_ipc_module() -> String {
    let mut out = String::from(
        "// Generated from the Rust IPC types (skranke_api::ipc) by\n\
         // `SKRANKE_WRITE_IPC=1 cargo test -p skranke-api ipc`. Do not edit by hand; see docs/ipc.md.\n\
         import type { Code } from './codes';\n\n\
         /** A Tauri channel passed as a command argument (the Tauri backend passes a `Channel`). */\n\
         export type ChannelOf<T> = { onmessage: (message: T) => void };\n\n\
         /** The live photo guidance's hint codes. */\n",
    );
    let hints: Vec<String> = GUIDANCE_HINTS.iter().map(|h| format!("\"{h}\"")).collect();
    out.push_str(&format!("export type GuidanceHint = {};\n\n", hints.join(" | ")));
    declare::<Role>(&mut out);
    declare::<User>(&mut out);
    declare::<SessionView>(&mut out);
    declare::<SignInStarted>(&mut out);
    declare::<AppInfo>(&mut out);
    declare::<Connection>(&mut out);
    declare::<OverCapReason>(&mut out);
    declare::<OverCap>(&mut out);
    declare::<Status>(&mut out);
    declare::<Sex>(&mut out);
    declare::<CprValidationView>(&mut out);
    declare::<PersonView>(&mut out);
    declare::<CaseView>(&mut out);
    declare::<CardImageView>(&mut out);
    declare::<StrokeWidthView>(&mut out);
    declare::<CardPreviewView>(&mut out);
    declare::<ScanOrigin>(&mut out);
    declare::<ScanPageSummary>(&mut out);
    declare::<ScanFileView>(&mut out);
    declare::<ScanFailedView>(&mut out);
    declare::<ScanInboxView>(&mut out);
    declare::<Verdict>(&mut out);
    declare::<Check>(&mut out);
    declare::<CheckReport>(&mut out);
    declare::<ScanPageView>(&mut out);
    declare::<DeviceMeta>(&mut out);
    declare::<StrokeFile>(&mut out);
    declare::<PadKind>(&mut out);
    declare::<PadInfo>(&mut out);
    declare::<PadEventView>(&mut out);
    declare::<CameraChoice>(&mut out);
    declare::<CameraInfo>(&mut out);
    declare::<OvalView>(&mut out);
    declare::<CameraEvent>(&mut out);
    declare::<PhotoCheckView>(&mut out);
    declare::<SendView>(&mut out);
    declare::<OutboxState>(&mut out);
    declare::<QueueItemView>(&mut out);
    declare::<UsageCount>(&mut out);
    declare::<UsageStats>(&mut out);
    declare::<ReviewItemView>(&mut out);
    declare::<CauseCount>(&mut out);
    declare::<ReviewQueueView>(&mut out);
    declare::<HistoryLine>(&mut out);
    declare::<ReviewDetailView>(&mut out);
    declare::<ReturnedCaseView>(&mut out);
    declare::<CheckId>(&mut out);
    declare::<CheckStatus>(&mut out);
    declare::<DiagnosticCheck>(&mut out);
    declare::<ConfigSourceView>(&mut out);
    declare::<Diagnosis>(&mut out);
    declare::<SupportBundleSaved>(&mut out);
    out.push_str("/** Every command: its arguments (camelCase keys) and its result. */\nexport type Commands = {\n");
    for s in signatures() {
        let args = if s.args.is_empty() {
            "Record<string, never>".to_string()
        } else {
            let fields: Vec<String> = s.args.iter().map(|a| format!("{}: {}", camel(a.name), a.ts)).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!("  {}: {{ args: {args}; result: {} }};\n", s.name, s.result_ts));
    }
    out.push_str("};\n\n/** The command names, as the shell registers them. */\nexport const COMMANDS = [\n");
    for c in COMMANDS {
        out.push_str(&format!("  \"{c}\",\n"));
    }
    out.push_str("] as const;\n\nexport type CommandName = (typeof COMMANDS)[number];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn repo_file(path: &str) -> String {
        let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    /// The UI's ipc.ts must be what the Rust types say. Regenerate with
    /// `SKRANKE_WRITE_IPC=1 cargo test -p skranke-api ipc`.
    #[test]
    fn generated_typescript_is_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/generated/ipc.ts");
        let want = typescript_ipc_module();
        if std::env::var_os("SKRANKE_WRITE_IPC").is_some() {
            std::fs::write(&path, &want).expect("write ipc.ts");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(have, want, "ui/src/lib/generated/ipc.ts is stale: regenerate it (see doc comment)");
    }

    #[test]
    fn every_command_has_a_signature() {
        let names: Vec<&str> = signatures().iter().map(|s| s.name).collect();
        assert_eq!(names, COMMANDS);
    }

    /// One parsed `#[tauri::command]` of src-tauri/src/commands.rs.
    struct ShellCommand {
        attribute: String,
        name: String,
        args: Vec<(String, String)>,
        result: String,
    }

    /// Splits at top-level commas (not inside `<>` or `()`).
    fn split_top(text: &str) -> Vec<String> {
        let (mut parts, mut depth, mut cur) = (Vec::new(), 0i32, String::new());
        for c in text.chars() {
            match c {
                '<' | '(' => depth += 1,
                '>' | ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        parts.push(cur);
        parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
    }

    fn shell_commands(source: &str) -> Vec<ShellCommand> {
        let mut found = Vec::new();
        for (at, _) in source.match_indices("#[tauri::command") {
            let rest = &source[at..];
            let attribute = rest[..rest.find(']').expect("attribute end") + 1].to_string();
            let fn_at = rest.find("fn ").expect("fn after #[tauri::command]") + 3;
            let open = fn_at + rest[fn_at..].find('(').expect("(");
            let mut depth = 0;
            let close = rest[open..]
                .char_indices()
                .find_map(|(i, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(open + i)
                })
                .expect(")");
            let body = open + rest[open..].find('{').expect("{");
            let result = rest[close + 1..body].trim().strip_prefix("->").map(str::trim).unwrap_or("()");
            let result = strip_paths(result);
            let result = match result.strip_prefix("Result<").and_then(|r| r.strip_suffix(",ApiError>")) {
                Some(ok) => ok.to_string(),
                None => result,
            };
            let args = split_top(&rest[open + 1..close])
                .into_iter()
                .filter_map(|p| {
                    let (name, ty) = p.split_once(':')?;
                    let ty = strip_paths(ty);
                    (!ty.starts_with("State<") && ty != "AppHandle").then(|| (name.trim().to_string(), ty))
                })
                .collect();
            found.push(ShellCommand { attribute, name: rest[fn_at..open].trim().to_string(), args, result });
        }
        found
    }

    /// commands.rs registers exactly [`COMMANDS`], each with camelCase arguments and the
    /// arguments and result of its [`Signature`].
    #[test]
    fn the_shell_implements_the_signatures() {
        let source = repo_file("src-tauri/src/commands.rs");
        let marker = "generate_handler![";
        let list = &source[source.find(marker).expect("generate_handler!") + marker.len()..];
        let list = &list[..list.find(']').expect("]")];
        let handled: Vec<String> = split_top(list);
        assert_eq!(handled, COMMANDS, "generate_handler! in src-tauri/src/commands.rs");
        let shell = shell_commands(&source);
        let mut names: Vec<&str> = shell.iter().map(|c| c.name.as_str()).collect();
        let mut want = COMMANDS.to_vec();
        names.sort_unstable();
        want.sort_unstable();
        assert_eq!(names, want, "#[tauri::command] functions in src-tauri/src/commands.rs");
        for s in signatures() {
            let c = shell.iter().find(|c| c.name == s.name).expect("checked above");
            // `async`: the command runs off the main thread (scanning's page analysis takes up to
            // a second); either way the arguments are camelCase.
            let attributes = [
                r#"#[tauri::command(rename_all = "camelCase")]"#,
                r#"#[tauri::command(async, rename_all = "camelCase")]"#,
            ];
            assert!(attributes.contains(&c.attribute.as_str()), "{}: {}", s.name, c.attribute);
            let args: Vec<(String, String)> = s.args.iter().map(|a| (a.name.to_string(), a.rust.clone())).collect();
            assert_eq!(c.args, args, "arguments of {}", s.name);
            assert_eq!(c.result, s.result_rust, "result of {}", s.name);
        }
    }

    /// The main window may call exactly these commands (plus event listening).
    #[test]
    fn the_capability_allows_every_command() {
        let capability: serde_json::Value =
            serde_json::from_str(&repo_file("src-tauri/capabilities/main.json")).expect("capability JSON");
        let allowed: Vec<&str> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .collect();
        let want: Vec<String> = COMMANDS.iter().map(|c| c.replace('_', "-")).collect();
        assert_eq!(allowed, want, "src-tauri/capabilities/main.json");
    }

    /// Every hint skranke-photo's live guidance can give is in [`GUIDANCE_HINTS`] (read from its
    /// source: the literals `fn hint` returns and the `hint: Some(..)` it sets elsewhere).
    #[test]
    fn guidance_hints_cover_the_photo_engine() {
        let source = repo_file("crates/skranke-photo/src/live.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        let body = &code[code.find("fn hint(").expect("fn hint in live.rs")..];
        let body = &body[..body.find("\n}\n").expect("end of fn hint")];
        let literal = regex::Regex::new(r#"(pass\()?"([a-z_]+)""#).expect("valid regex");
        let mut found: Vec<String> =
            literal.captures_iter(body).filter(|c| c.get(1).is_none()).map(|c| c[2].to_string()).collect();
        let set = regex::Regex::new(r#"hint: Some\((.*)\)"#).expect("valid regex");
        let quoted = regex::Regex::new(r#""([a-z_]+)""#).expect("valid regex");
        for line in set.captures_iter(code) {
            found.extend(quoted.captures_iter(&line[1]).map(|c| c[1].to_string()));
        }
        assert!(found.len() >= GUIDANCE_HINTS.len(), "hints found in live.rs: {found:?}");
        for hint in found {
            assert!(GUIDANCE_HINTS.contains(&hint.as_str()), "{hint} is not in GUIDANCE_HINTS");
        }
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("override_reason"), "overrideReason");
        assert_eq!(camel("text"), "text");
    }
}
