//! The citizen window's capability (capabilities/citizen.json) grants its one command and nothing
//! else: none of the main window's commands, so none that returns person data.
use super::commands::CITIZEN_COMMANDS;
use skranke_api::ipc::COMMANDS;

/// Commands whose answer names or shows a person (CPR number, name, address, case) or their
/// captures: the citizen window must never be able to call them.
const PERSON_DATA_COMMANDS: &[&str] = &[
    "case_open",
    "case_current",
    "card_preview",
    "case_returned",
    "returned_cases",
    "returned_inform",
    "review_queue",
    "review_show",
    "review_decide",
    "queue_list",
    "send_case",
    "audit_stats",
    "photo_capture",
    "signature_accept",
    "support_bundle",
    "diagnose",
    "session_view",
    "sign_in",
];

fn capability(name: &str) -> serde_json::Value {
    let path = format!("{}/capabilities/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn permissions(c: &serde_json::Value) -> Vec<String> {
    c["permissions"].as_array().expect("permissions").iter().map(|p| p.as_str().expect("a name").to_string()).collect()
}

#[test]
fn the_citizen_window_may_call_only_its_own_command() {
    let c = capability("citizen.json");
    assert_eq!(c["windows"], serde_json::json!([super::window::CITIZEN_LABEL]));
    let want: Vec<String> = CITIZEN_COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    assert_eq!(permissions(&c), want, "capabilities/citizen.json");
}

#[test]
fn no_person_data_command_is_allowed_to_the_citizen_window() {
    let allowed = permissions(&capability("citizen.json"));
    for command in PERSON_DATA_COMMANDS {
        assert!(COMMANDS.contains(command), "{command} is not a command any more: update the list");
        let permission = format!("allow-{}", command.replace('_', "-"));
        assert!(!allowed.contains(&permission), "capabilities/citizen.json allows {command}");
    }
    for command in COMMANDS {
        assert!(!CITIZEN_COMMANDS.contains(command), "{command} is the main window's");
    }
    // Nor events (the main window's `status-changed`, `session-changed`) nor any core or plugin API.
    assert!(allowed.iter().all(|p| p.starts_with("allow-citizen-")), "{allowed:?}");
}

#[test]
fn the_main_window_may_not_listen_as_the_citizen() {
    let main = permissions(&capability("main.json"));
    for command in CITIZEN_COMMANDS {
        let permission = format!("allow-{}", command.replace('_', "-"));
        assert!(!main.contains(&permission), "capabilities/main.json allows {command}");
    }
}
