//! Stroke files for a capture bundle. The pen's timing and pressure go to the card producer only
//! when the installation sends pen data; what identifies the one physical pad (its serial number)
//! never does. The kind of pad (vendor, model, report rate) stays: it says how to read the units,
//! the pressure scale and the timing of the samples. docs/bundle-format.md has the rule.
use std::borrow::Cow;

use crate::SignatureError;
use crate::model::{DeviceMeta, StrokeFile};

/// The `device` fields that identify one physical pad rather than a kind of pad. skranke-core's
/// bundle builder refuses strokes that carry any of them (non-null).
pub const DEVICE_IDENTIFIER_FIELDS: &[&str] = &["serial"];

impl DeviceMeta {
    /// The same description without what identifies the one physical pad (the serial number).
    pub fn without_identifiers(&self) -> DeviceMeta {
        DeviceMeta { serial: None, ..self.clone() }
    }
}

impl StrokeFile {
    /// A copy for a capture bundle: field and samples as recorded, the device without its
    /// identifiers ([`DeviceMeta::without_identifiers`]).
    pub fn without_device_identifiers(&self) -> StrokeFile {
        StrokeFile { device: self.device.as_ref().map(DeviceMeta::without_identifiers), ..self.clone() }
    }
}

/// Stroke JSON from any writer (e.g. a part of a bundle written before the rule) with the
/// [`DEVICE_IDENTIFIER_FIELDS`] removed from its top-level `device` object. The bytes are returned
/// unchanged when there is nothing to remove (also when the JSON is not an object), so a copy of
/// a clean bundle is byte for byte the same; otherwise the JSON is written again without them.
pub fn strip_device_identifiers(json: &[u8]) -> Result<Cow<'_, [u8]>, SignatureError> {
    /// Only the device object is read here; the samples are skipped.
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default)]
        device: Option<serde_json::Value>,
    }
    let identified = |device: &serde_json::Value| {
        device
            .as_object()
            .is_some_and(|d| DEVICE_IDENTIFIER_FIELDS.iter().any(|k| d.get(*k).is_some_and(|v| !v.is_null())))
    };
    // serde would also read a struct from an array; only an object has named fields.
    if json.trim_ascii_start().first() != Some(&b'{') {
        return Ok(Cow::Borrowed(json));
    }
    let probe: Probe = serde_json::from_slice(json).map_err(|e| SignatureError::Malformed(e.to_string()))?;
    if !probe.device.as_ref().is_some_and(identified) {
        return Ok(Cow::Borrowed(json));
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(json).map_err(|e| SignatureError::Malformed(e.to_string()))?;
    if let Some(device) = value.get_mut("device").and_then(serde_json::Value::as_object_mut) {
        for field in DEVICE_IDENTIFIER_FIELDS {
            device.remove(*field);
        }
    }
    serde_json::to_vec(&value).map(Cow::Owned).map_err(|e| SignatureError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_stroke_file;

    const WITH_SERIAL: &str = r#"{"width":100,"height":50,"pressure_max":1023,"samples":[[0,1,2,0],[5,3,4,512]],"device":{"vendor":"Wacom","model":"STU-540","serial":"SN-4711","report_rate":200.0}}"#;

    #[test]
    fn a_stroke_file_for_a_bundle_keeps_samples_and_pad_kind_but_not_the_serial() {
        let file = parse_stroke_file(WITH_SERIAL.as_bytes()).expect("valid");
        let clean = file.without_device_identifiers();
        assert_eq!(clean.samples, file.samples);
        assert_eq!((clean.width, clean.height, clean.pressure_max), (100.0, 50.0, 1023.0));
        let device = clean.device.clone().expect("device kept");
        assert_eq!((device.vendor.as_deref(), device.model.as_deref()), (Some("Wacom"), Some("STU-540")));
        assert_eq!((device.serial, device.report_rate), (None, Some(200.0)));
        let json = serde_json::to_string(&clean).expect("json");
        assert!(!json.contains("SN-4711") && !json.contains("serial"), "{json}");
        assert!(json.contains("STU-540"), "{json}");
        // A file without a device stays without one.
        let bare = StrokeFile { device: None, ..file };
        assert_eq!(bare.without_device_identifiers().device, None);
    }

    #[test]
    fn stripping_json_removes_the_serial_and_keeps_everything_else() {
        let out = strip_device_identifiers(WITH_SERIAL.as_bytes()).expect("strips");
        assert!(matches!(out, Cow::Owned(_)));
        let text = std::str::from_utf8(&out).expect("utf-8");
        assert!(!text.contains("SN-4711") && !text.contains("serial"), "{text}");
        let back = parse_stroke_file(&out).expect("still a valid stroke file");
        let original = parse_stroke_file(WITH_SERIAL.as_bytes()).expect("valid");
        assert_eq!(back, original.without_device_identifiers());
    }

    #[test]
    fn stripping_json_without_identifiers_returns_the_same_bytes() {
        for json in [
            r#"{"width":1,"height":1,"pressure_max":1,"samples":[],"device":{"model":"STU-540"}}"#,
            r#"{"width":1,"height":1,"pressure_max":1,"samples":[],"device":{"serial":null}}"#,
            r#"{"version":1,"strokes":[[{"x":1,"y":2,"p":0.5,"t":0}]]}"#,
            r#"[{"device":{"serial":"SN-4711"}}]"#,
        ] {
            let out = strip_device_identifiers(json.as_bytes()).expect("fine");
            assert!(matches!(out, Cow::Borrowed(b) if b == json.as_bytes()), "{json}");
        }
        assert!(matches!(strip_device_identifiers(b"{not json"), Err(SignatureError::Malformed(_))));
    }
}
