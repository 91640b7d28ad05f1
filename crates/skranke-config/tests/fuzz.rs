//! Fuzzing of the configuration parser (issue 13.10): [`Config::from_toml_str`] and [`load_file`]
//! on random text and on edits of valid configurations (the demo defaults written out in full, a
//! production file as `skranke sim --write-config` writes it): huge numbers, wrong types, deep
//! nesting, broken syntax. Each must end in `Ok` or a `ConfigError` naming a line or a key, never a
//! panic.
//!
//! The case counts are fixed so CI time stays bounded (docs/ARCHITECTURE.md, "Fuzzing"); run longer
//! with `PROPTEST_CASES=100000 cargo test -p skranke-config --test fuzz`.
use proptest::collection::vec;
use proptest::prelude::*;
use skranke_config::{Config, ConfigError, load_file};
use skranke_core::Code;

#[path = "../../skranke-core/tests/support/mutations.rs"]
mod mutations;
use mutations::{apply, cases, edit};

/// Every setting with its default, as TOML: reaches every section's parser.
fn demo_seed() -> String {
    toml::to_string(&Config::demo()).expect("the demo configuration serialises")
}

/// A production file in the shape `skranke sim --write-config` writes.
const PRODUCTION_SEED: &str = r#"mode = "production"
data_dir = "/var/lib/skranke"

[municipality]
code = "0101"
name = "Simulatorkommune"

[security]
keystore = "file"

[cpr]
endpoint = "https://127.0.0.1:40001"
service_agreement_uuid = "00000000-0000-4000-8000-000000000001"
user_system_uuid = "00000000-0000-4000-8000-000000000002"
user_uuid = "00000000-0000-4000-8000-000000000003"
service_uuid = "00000000-0000-4000-8000-000000000004"

[cpr.tls]
client_cert = "C:\\pki\\client.pem"
client_key = "/pki/client.key"
ca_cert = "/pki/ca.pem"

[gateway]
endpoint = "https://127.0.0.1:40002"

[gateway.tls]
client_cert = "/pki/client.pem"
client_key = "/pki/client.key"
ca_cert = "/pki/ca.pem"
"#;

const TOML_TOKENS: &[&[u8]] = &[
    b"=",
    b"\n",
    b"[",
    b"]",
    b"[[",
    b"{",
    b"}",
    b"\"",
    b"'''",
    b"\"\"\"",
    b".",
    b",",
    b"99999999999999999999999",
    b"-9223372036854775808",
    b"-1",
    b"0",
    b"1e999",
    b"nan",
    b"-inf",
    b"true",
    b"1979-05-27T07:32:00Z",
    b"\\u0000",
    b"\xc3\xa6",
    b"\r\n",
    b"[photo.checks]\n",
    b"[x]\n",
    b"a.b.c = 1\n",
];

/// The property every parse must keep: `Ok`, or a `config_invalid` error that names a line inside
/// the text or a key.
fn check_config(text: &str) -> Result<(), TestCaseError> {
    match Config::from_toml_str(text) {
        Ok(_) => {}
        Err(e) => check_error(&e, text)?,
    }
    Ok(())
}

fn check_error(e: &ConfigError, text: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(e.code(), Code::ConfigInvalid, "{}", e);
    prop_assert!(e.line().is_some() || e.key().is_some(), "{e} names neither line nor key");
    if let Some(line) = e.line() {
        prop_assert!(line >= 1 && line <= text.split('\n').count(), "line {line} of {e}");
    }
    prop_assert!(!e.to_string().is_empty());
    Ok(())
}

/// A TOML value a hostile file might hold in place of a setting.
fn hostile_value() -> impl Strategy<Value = toml::Value> {
    use toml::Value;
    prop_oneof![
        Just(Value::Integer(i64::MAX)),
        Just(Value::Integer(i64::MIN)),
        Just(Value::Integer(-1)),
        Just(Value::Integer(0)),
        Just(Value::Integer(u32::MAX as i64 + 1)),
        Just(Value::Float(f64::NAN)),
        Just(Value::Float(f64::INFINITY)),
        Just(Value::Float(-0.0)),
        Just(Value::Float(1e300)),
        Just(Value::Boolean(true)),
        Just(Value::String(String::new())),
        Just(Value::String("x".repeat(10_000))),
        Just(Value::String("([".into())),
        Just(Value::Array(vec![])),
        Just(Value::Table(toml::Table::new())),
        ".{0,20}".prop_map(Value::String),
        any::<i64>().prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Float),
    ]
}

/// Every key path of a table (tables included), as lists of keys.
fn paths(t: &toml::Table, at: &[String], out: &mut Vec<Vec<String>>) {
    for (k, v) in t {
        let mut here = at.to_vec();
        here.push(k.clone());
        out.push(here.clone());
        if let toml::Value::Table(inner) = v {
            paths(inner, &here, out);
        }
    }
}

fn slot<'a>(t: &'a mut toml::Table, path: &[String]) -> Option<&'a mut toml::Value> {
    let (first, rest) = path.split_first()?;
    let v = t.get_mut(first)?;
    match (rest.is_empty(), v) {
        (true, v) => Some(v),
        (false, toml::Value::Table(inner)) => slot(inner, rest),
        _ => None,
    }
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn config_arbitrary_text_is_a_typed_error(text in ".{0,200}") {
        check_config(&text)?;
    }

    #[test]
    fn config_toml_shaped_text_is_a_typed_error(text in "([a-z_.]{1,12} ?= ?[0-9a-z\"\\[\\]{}.,-]{0,12}\n|\\[[a-z_.]{0,12}\\]\n){0,12}") {
        check_config(&text)?;
    }

    #[test]
    fn config_edited_files_are_a_typed_error(production in any::<bool>(), edits in vec(edit(), 1..6)) {
        let seed = if production { PRODUCTION_SEED.to_string() } else { demo_seed() };
        let bytes = apply(seed.as_bytes(), &edits, TOML_TOKENS);
        check_config(&String::from_utf8_lossy(&bytes))?;
    }

    /// Structure-aware: one setting of a valid file replaced by a hostile value, or removed, or
    /// an unknown key added beside it.
    #[test]
    fn config_hostile_values_are_a_typed_error(
        production in any::<bool>(),
        target in any::<usize>(),
        value in hostile_value(),
        action in 0u8..3,
    ) {
        let seed = if production { PRODUCTION_SEED.to_string() } else { demo_seed() };
        let mut table: toml::Table = toml::from_str(&seed).expect("the seed is TOML");
        let mut all = Vec::new();
        paths(&table, &[], &mut all);
        let path = &all[target % all.len()];
        match action {
            0 => if let Some(v) = slot(&mut table, path) { *v = value; },
            1 => {
                let (last, parent) = path.split_last().expect("a path has a key");
                let parent = if parent.is_empty() { Some(&mut table) } else {
                    match slot(&mut table, parent) { Some(toml::Value::Table(t)) => Some(t), _ => None }
                };
                if let Some(p) = parent { p.remove(last); }
            }
            _ => {
                let (_, parent) = path.split_last().expect("a path has a key");
                let parent = if parent.is_empty() { Some(&mut table) } else {
                    match slot(&mut table, parent) { Some(toml::Value::Table(t)) => Some(t), _ => None }
                };
                if let Some(p) = parent { p.insert("unknown_setting".into(), value); }
            }
        }
        // NaN and infinity serialise as `nan`/`inf`, which TOML allows.
        let Ok(text) = toml::to_string(&table) else { return Ok(()) };
        check_config(&text)?;
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// From disk, any bytes (not UTF-8 included): `config_unreadable` or the parse's own result.
    #[test]
    fn config_files_of_any_bytes_are_a_typed_error(bytes in vec(any::<u8>(), 0..200), production in any::<bool>(), edits in vec(edit(), 0..4)) {
        let seed = if production { PRODUCTION_SEED.to_string() } else { demo_seed() };
        let bytes = if edits.is_empty() { bytes } else { apply(seed.as_bytes(), &edits, TOML_TOKENS) };
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("skranke.toml");
        std::fs::write(&path, &bytes).expect("write");
        match (load_file(&path), std::str::from_utf8(&bytes)) {
            (Ok(_), Ok(_)) => {}
            (Err(e), Ok(text)) => check_error(&e, text)?,
            (Err(e), Err(_)) => prop_assert_eq!(e.code(), Code::ConfigUnreadable),
            (Ok(_), Err(_)) => prop_assert!(false, "bytes that are not UTF-8 were read"),
        }
    }
}

#[test]
fn the_seeds_are_valid() {
    Config::from_toml_str(&demo_seed()).expect("the demo defaults parse");
    Config::from_toml_str(PRODUCTION_SEED).expect("the production seed parses");
}

#[test]
fn deep_nesting_is_a_typed_error_not_a_stack_overflow() {
    let depth = 100_000;
    let texts = [
        format!("mode = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        format!("mode = {}1{}\n", "{a = ".repeat(depth), "}".repeat(depth)),
        format!("[{}]\nx = 1\n", vec!["a"; depth].join(".")),
        format!("{} = 1\n", vec!["a"; depth].join(".")),
        format!("[camera]\nsource = {}\"x\"{}\n", "[".repeat(200), "]".repeat(200)),
    ];
    for text in &texts {
        let e = Config::from_toml_str(text).expect_err("not a configuration");
        check_error(&e, text).expect("a typed error with a line or key");
    }
}

#[test]
fn huge_numbers_name_their_key() {
    for (text, key) in [
        ("[camera]\nwidth = 99999999999999999999999\n", "camera.width"),
        ("[camera]\nwidth = -1\n", "camera.width"),
        ("[camera]\nfps = 4294967296\n", "camera.fps"),
        ("[security]\nidle_lock_minutes = 1e999\n", "security.idle_lock_minutes"),
        // Parses as a u32, but the demo and replay cameras would allocate a frame that size.
        ("[camera]\nwidth = 100000\nheight = 100000\n", "camera"),
        ("[camera]\nheight = 4097\n", "camera"),
    ] {
        let e = Config::from_toml_str(text).expect_err("out of range");
        assert_eq!(e.key(), Some(key), "{text}: {e}");
    }
}
