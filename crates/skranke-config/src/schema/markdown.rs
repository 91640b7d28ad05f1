//! docs/config.md, written from the JSON Schema: one table per TOML table, one row per key with
//! its type, default and doc comment. Keys are sorted by name so the page does not depend on the
//! order in which the schema's maps iterate.
use serde_json::Value;

const HEADER: &str = "\
# Configuration reference (config.toml)

<!-- GENERATED FILE: do not edit by hand. -->
This page is generated from the configuration model (`crates/skranke-config/src/model.rs`, the doc
comment of each key) through its JSON Schema, by
`SKRANKE_WRITE_CONFIG_DOC=1 cargo test -p skranke-config config_doc`; a test fails while it is
stale. The schema itself, for editors and scripts: `skranke config schema`.

The file is TOML, read from `/etc/skranke/config.toml` (Linux), `%ProgramData%\\Skranke\\config.toml`
(Windows), `$SKRANKE_CONFIG` or `--config FILE`; with no file Skranke runs in demo mode. A key
left out takes its default; an unknown key or value is an error naming the key and the line.
`[cpr]`, `[gateway]` and `[auth]` may be left out in demo mode and are required in production.
`skranke config check [FILE]` validates a file, lists what production mode still lacks, and warns
about settings that are valid but risky (for example `security.keystore = \"file\"` in production,
`bundle.include_pen_data = true`, a retention shorter than the rules ask).
";

/// The text of docs/config.md, generated from [`super::json_schema`].
pub fn config_reference() -> String {
    let schema = super::json_schema();
    let mut tables = Vec::new();
    collect(&schema, &schema, "", None, &mut tables);
    let mut out = String::from(HEADER);
    for table in tables {
        out.push('\n');
        if table.path.is_empty() {
            out.push_str("## Top level\n\nKeys written before the first `[table]` header.\n");
        } else {
            out.push_str(&format!("## `[{}]`\n\n{}\n", table.path, one_line(&table.description)));
        }
        out.push_str("\n| Key | Type | Default | Description |\n|---|---|---|---|\n");
        for row in table.rows {
            out.push_str(&format!("| `{}` | {} | {} | {} |\n", row.key, row.kind, row.default, row.description));
        }
    }
    out
}

/// One TOML table of the file and its keys.
struct Table {
    path: String,
    description: String,
    rows: Vec<Row>,
}

/// One key of a table, as the page shows it.
struct Row {
    key: String,
    kind: String,
    default: String,
    description: String,
}

/// Adds the table at `path` (described by `schema`) and then its sub-tables, depth first.
/// `fallback` is the default of the whole table when it is left out, if it has one.
fn collect(root: &Value, schema: &Value, path: &str, fallback: Option<&Value>, out: &mut Vec<Table>) {
    let (object, _) = unwrap_optional(root, schema);
    let Some(props) = object.get("properties").and_then(Value::as_object) else { return };
    let required: Vec<&str> =
        object.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut names: Vec<&String> = props.keys().collect();
    names.sort();
    let description = schema.get("description").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut table = Table { path: path.to_string(), description, rows: Vec::new() };
    let mut sub_tables = Vec::new();
    for name in names {
        let prop = &props[name.as_str()];
        let dotted = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        let own_default = prop.get("default").or_else(|| resolve(root, prop).get("default"));
        let inherited = fallback.and_then(|f| f.get(name.as_str()));
        if is_table(root, prop) {
            sub_tables.push((dotted, prop, own_default.or(inherited)));
            continue;
        }
        table.rows.push(Row {
            key: dotted,
            kind: kind(root, prop),
            default: default_text(own_default, inherited, required.contains(&name.as_str())),
            description: describe(root, prop),
        });
    }
    if !table.rows.is_empty() {
        out.push(table);
    }
    for (dotted, prop, default) in sub_tables {
        collect(root, prop, &dotted, default.filter(|d| d.is_object()), out);
    }
}

/// Follows a `$ref` to its definition (`#/$defs/Name`).
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => &root["$defs"][name],
        None => schema,
    }
}

/// The schema of the value itself, and whether the key may be absent (`Option`: `anyOf` with
/// `null`, or a `type` list with `"null"`).
fn unwrap_optional<'a>(root: &'a Value, schema: &'a Value) -> (&'a Value, bool) {
    if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = alternatives.iter().filter(|a| a.get("type") != Some(&"null".into())).collect();
        if let [only] = non_null.as_slice() {
            return (resolve(root, only), non_null.len() < alternatives.len());
        }
    }
    let optional = schema.get("type").and_then(Value::as_array).is_some_and(|types| types.iter().any(|t| t == "null"));
    (resolve(root, schema), optional)
}

fn is_table(root: &Value, schema: &Value) -> bool {
    unwrap_optional(root, schema).0.get("properties").is_some()
}

/// The type column: the TOML type, its range or pattern, its allowed values.
fn kind(root: &Value, schema: &Value) -> String {
    let (schema, optional) = unwrap_optional(root, schema);
    let mut text = if let Some(values) = allowed_values(schema) {
        let values: Vec<String> = values.iter().map(|(v, _)| format!("`{v}`")).collect();
        format!("one of {}", values.join(", "))
    } else {
        match primary_type(schema) {
            "integer" => format!("integer{}", range(schema)),
            "number" => format!("number{}", range(schema)),
            "string" => match schema.get("pattern").and_then(Value::as_str) {
                Some(p) => format!("string matching `{}`", escape(p)),
                None => "string".into(),
            },
            "boolean" => "boolean".into(),
            "array" => {
                let items = kind(root, schema.get("items").unwrap_or(&Value::Null));
                match (schema.get("minItems"), schema.get("maxItems")) {
                    (Some(min), Some(max)) if min == max => format!("array of {min}: {items}"),
                    _ => format!("array of {items}"),
                }
            }
            "object" => {
                let values = kind(root, schema.get("additionalProperties").unwrap_or(&Value::Null));
                format!("table of string keys to {values}")
            }
            other => other.to_string(),
        }
    };
    if optional {
        text.push_str(" (optional)");
    }
    text
}

fn primary_type(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("any"),
        _ => "any",
    }
}

/// ` ≥ 1`, ` 1 to 4096`, or nothing (the unsigned types' implied minimum of 0 is not shown).
fn range(schema: &Value) -> String {
    let min = schema.get("minimum").filter(|m| m.as_f64().is_some_and(|m| m > 0.0));
    match (min, schema.get("maximum")) {
        (Some(min), Some(max)) => format!(", {min} to {max}"),
        (Some(min), None) => format!(", at least {min}"),
        (None, Some(max)) => format!(", at most {max}"),
        (None, None) => String::new(),
    }
}

/// The values of an enumeration with each one's doc comment (`oneOf` of constants, or `enum`).
fn allowed_values(schema: &Value) -> Option<Vec<(String, String)>> {
    if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
        let values = variants
            .iter()
            .map(|v| {
                let value = v.get("const").or_else(|| v.get("enum").and_then(|e| e.get(0)))?.as_str()?;
                Some((value.to_string(), v.get("description").and_then(Value::as_str).unwrap_or("").to_string()))
            })
            .collect::<Option<Vec<_>>>()?;
        return Some(values);
    }
    let values = schema.get("enum").and_then(Value::as_array)?;
    Some(values.iter().filter_map(Value::as_str).map(|v| (v.to_string(), String::new())).collect())
}

/// The default column: the key's default, else the table's default when the whole table is left
/// out, else whether it must be written.
fn default_text(own: Option<&Value>, inherited: Option<&Value>, required: bool) -> String {
    match (own, inherited, required) {
        (Some(Value::Null), ..) => "absent".into(),
        (Some(value), ..) => format!("`{}`", toml_value(value)),
        (None, Some(value), _) => format!("`{}` (table left out); required in the table", toml_value(value)),
        (None, None, true) => "required".into(),
        (None, None, false) => "absent".into(),
    }
}

/// A default as it would be written in the file (scalars and arrays: JSON and TOML agree but for
/// the spacing of arrays).
fn toml_value(value: &Value) -> String {
    match value {
        Value::Array(items) => format!("[{}]", items.iter().map(toml_value).collect::<Vec<_>>().join(", ")),
        other => escape(&other.to_string()),
    }
}

/// The doc comment on one line, then each allowed value's doc comment.
fn describe(root: &Value, schema: &Value) -> String {
    let mut text = one_line(schema.get("description").and_then(Value::as_str).unwrap_or_default());
    let (inner, _) = unwrap_optional(root, schema);
    let values = allowed_values(inner).or_else(|| {
        let map_values = inner.get("additionalProperties").filter(|v| v.is_object())?;
        allowed_values(resolve(root, map_values))
    });
    for (value, doc) in values.into_iter().flatten().filter(|(_, doc)| !doc.is_empty()) {
        text.push_str(&format!("<br>`{value}`: {}", one_line(&doc)));
    }
    text
}

/// Doc comment lines joined into one table cell.
fn one_line(text: &str) -> String {
    escape(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Escapes what would break a Markdown table cell.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// docs/config.md must be what the model says. Regenerate with
    /// `SKRANKE_WRITE_CONFIG_DOC=1 cargo test -p skranke-config config_doc`.
    #[test]
    fn config_doc_is_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/config.md");
        let want = config_reference();
        if std::env::var_os("SKRANKE_WRITE_CONFIG_DOC").is_some() {
            std::fs::write(&path, &want).expect("write docs/config.md");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "docs/config.md is stale: regenerate it (see this test's doc comment)");
    }

    #[test]
    fn config_doc_lists_every_key_with_type_default_and_description() {
        let doc = config_reference();
        for row in [
            "| `mode` | one of `demo`, `production` | `\"demo\"` | `demo` or `production`.<br>`demo`: Embedded",
            "| `outbox.max_unsent` | integer, at least 1 | `200` | Over the cap when more than this many captures are unsent. |",
            "| `municipality.code` | string matching `^[0-9]{4}$` | `\"0999\"` (table left out); required in the table |",
            "| `cpr.endpoint` | string | required | Service endpoint URL (https). |",
            "| `auth.ca_cert` | string (optional) | absent |",
            "| `photo.checks.colour_a_range` | array of 2: number | `[2.0, 30.0]` |",
            "| `auth.groups` | table of string keys to one of `clerk`, `supervisor`, `it` | required |",
            "| `logging.level` | one of `error`, `warn`, `info`, `debug`, `trace` | `\"info\"` |",
        ] {
            assert!(doc.contains(row), "missing row start {row}\n{doc}");
        }
        for table in ["## `[cpr.tls]`", "## `[photo.checks]`", "## `[signature.image]`", "## `[review]`"] {
            assert!(doc.contains(table), "{table}");
        }
    }
}
