//! The JSON Schema of the configuration file, generated from the model (`skranke config schema`),
//! and the reference page docs/config.md generated from that schema.
mod markdown;

pub use markdown::config_reference;

/// The JSON Schema (draft 2020-12) of the configuration file: every key with its type, its
/// default, its allowed values and its doc comment as `description`. Editors can validate a
/// config.toml against it; docs/config.md is generated from it ([`config_reference`]).
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::Config).to_value();
    if let Some(map) = schema.as_object_mut() {
        map.insert("title".into(), "Skranke configuration (config.toml)".into());
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Follows a `$ref` to its definition (`#/$defs/Name`).
    fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
            Some(name) => &root["$defs"][name],
            None => schema,
        }
    }

    /// Every property (at any depth, through `$ref`, `anyOf` and maps) with its dotted key.
    fn walk<'a>(root: &'a Value, schema: &'a Value, prefix: &str, out: &mut Vec<(String, &'a Value)>) {
        let schema = resolve(root, schema);
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                out.push((key.clone(), prop));
                walk(root, prop, &key, out);
            }
        }
        for alternative in schema.get("anyOf").and_then(Value::as_array).into_iter().flatten() {
            walk(root, alternative, prefix, out);
        }
    }

    fn properties(root: &Value) -> Vec<(String, &Value)> {
        let mut out = Vec::new();
        walk(root, root, "", &mut out);
        out
    }

    #[test]
    fn every_key_has_a_description() {
        let schema = json_schema();
        let props = properties(&schema);
        assert!(props.len() > 80, "only {} keys found: the walk misses some", props.len());
        let missing: Vec<&str> = props
            .iter()
            .filter(|(_, p)| p.get("description").and_then(Value::as_str).is_none_or(|d| d.trim().is_empty()))
            .map(|(k, _)| k.as_str())
            .collect();
        assert!(missing.is_empty(), "keys without a doc comment: {missing:?}");
    }

    #[test]
    fn every_enum_value_has_a_description() {
        let schema = json_schema();
        let defs = schema["$defs"].as_object().expect("$defs");
        let mut values = 0;
        for (name, def) in defs {
            for variant in def.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
                values += 1;
                let described = variant.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty());
                assert!(described, "{name}: value {} has no doc comment", variant["const"]);
            }
        }
        assert!(values >= 9, "mode, keystore, role and review values: {values}");
    }

    #[test]
    fn defaults_types_and_values_are_in_the_schema() {
        let schema = json_schema();
        let props = properties(&schema);
        let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, p)| *p).expect(key);
        assert_eq!(get("outbox.max_unsent")["default"], 200);
        assert_eq!(get("outbox.max_unsent")["minimum"], 1);
        assert_eq!(get("retention.audit_days")["default"], 365);
        assert_eq!(get("security.keystore")["default"], "os");
        assert_eq!(get("gateway.timeout_ms")["default"], 15_000);
        assert_eq!(get("photo.checks.max_roll_deg")["default"], 8.0);
        assert_eq!(get("photo.scan.min_dpi")["default"], 300.0);
        assert_eq!(get("signature.image.dpi")["default"], 600.0);
        assert_eq!(get("signature.scan.min_width_mm")["default"], 10.0);
        assert_eq!(get("camera.width")["maximum"], crate::MAX_CAMERA_SIDE);
        assert_eq!(get("logging.level")["enum"], serde_json::json!(crate::LOG_LEVELS));
        let modes: Vec<&Value> =
            resolve(&schema, get("mode"))["oneOf"].as_array().expect("oneOf").iter().map(|v| &v["const"]).collect();
        assert_eq!(modes, ["demo", "production"]);
        assert_eq!(schema["additionalProperties"], false, "unknown keys are refused");
        assert!(schema["properties"]["cpr"]["description"].as_str().is_some_and(|d| d.contains("production")));
    }

    /// The defaults in the schema are the ones the parser applies (an empty file).
    #[test]
    fn schema_defaults_match_the_parsed_defaults() {
        let schema = json_schema();
        let parsed = serde_json::to_value(crate::Config::from_toml_str("").expect("empty is valid")).expect("json");
        for (key, prop) in properties(&schema) {
            let Some(default) = resolve(&schema, prop).get("default").or(prop.get("default")) else { continue };
            let mut here = Some(&parsed);
            for part in key.split('.') {
                here = here.and_then(|v| v.get(part));
            }
            if let Some(value) = here {
                assert_eq!(value, default, "{key}");
            }
        }
    }
}
