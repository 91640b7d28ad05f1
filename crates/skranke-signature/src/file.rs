//! Reading stroke files safely: size and sample caps, and every value checked (finite,
//! non-negative, inside the field, time never running backwards) before anything uses it.
use crate::SignatureError;
use crate::model::{StrokeFile, bounded_samples};
use std::path::Path;

/// Largest stroke file accepted, bytes (a minute of 200 Hz samples is about 0.5 MB).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Most samples accepted (ten minutes at 200 Hz).
pub const MAX_SAMPLES: usize = 120_000;

/// Reads and validates a stroke file from disk.
pub fn read_stroke_file(path: &Path) -> Result<StrokeFile, SignatureError> {
    let meta = std::fs::metadata(path).map_err(|e| SignatureError::Read(format!("{}: {e}", path.display())))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(SignatureError::TooLarge(format!("{} bytes, at most {MAX_FILE_BYTES}", meta.len())));
    }
    let bytes = std::fs::read(path).map_err(|e| SignatureError::Read(format!("{}: {e}", path.display())))?;
    parse_stroke_file(&bytes)
}

/// Parses and validates stroke file JSON.
pub fn parse_stroke_file(bytes: &[u8]) -> Result<StrokeFile, SignatureError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SignatureError::TooLarge(format!("{} bytes, at most {MAX_FILE_BYTES}", bytes.len())));
    }
    let file: StrokeFile = serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        if text.starts_with(bounded_samples::TOO_MANY) {
            SignatureError::TooLarge(format!("more than {MAX_SAMPLES} samples"))
        } else {
            SignatureError::Malformed(text)
        }
    })?;
    validate(&file)?;
    Ok(file)
}

/// Checks every value of a stroke file (also for files built in memory, e.g. from the screen pad).
pub fn validate(f: &StrokeFile) -> Result<(), SignatureError> {
    let bad = |m: String| Err(SignatureError::Invalid(m));
    for (name, v) in [("width", f.width), ("height", f.height), ("pressure_max", f.pressure_max)] {
        if !v.is_finite() || v <= 0.0 || v > 1.0e6 {
            return bad(format!("{name} must be a positive number, got {v}"));
        }
    }
    if f.samples.len() > MAX_SAMPLES {
        return Err(SignatureError::TooLarge(format!("{} samples, at most {MAX_SAMPLES}", f.samples.len())));
    }
    let mut last_t = f64::NEG_INFINITY;
    for (i, s) in f.samples.iter().enumerate() {
        if ![s.t_ms, s.x, s.y, s.pressure].iter().all(|v| v.is_finite()) {
            return bad(format!("sample {i} has a value that is not a number"));
        }
        if s.t_ms < 0.0 || s.x < 0.0 || s.y < 0.0 || s.pressure < 0.0 {
            return bad(format!("sample {i} has a negative value"));
        }
        if s.x > f.width || s.y > f.height || s.pressure > f.pressure_max {
            return bad(format!("sample {i} lies outside the field or above pressure_max"));
        }
        if s.t_ms < last_t {
            return bad(format!("sample {i} is earlier than the sample before it"));
        }
        last_t = s.t_ms;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(json: &str) -> StrokeFile {
        parse_stroke_file(json.as_bytes()).expect("valid")
    }

    fn err(json: &str) -> SignatureError {
        parse_stroke_file(json.as_bytes()).expect_err("invalid")
    }

    #[test]
    fn reads_the_format_and_allows_extra_fields() {
        let f = ok(
            r#"{"width": 100, "height": 50, "pressure_max": 1023, "samples": [[0, 1, 2, 0], [5, 3, 4, 512]], "note": "extra"}"#,
        );
        assert_eq!(f.samples.len(), 2);
        assert!(f.pressure_available);
        assert!(f.samples[1].pen_down());
    }

    #[test]
    fn rejects_bad_values_with_clear_errors() {
        let head = r#""width": 100, "height": 50, "pressure_max": 1023"#;
        assert!(matches!(err("not json"), SignatureError::Malformed(_)));
        assert!(matches!(err(r#"{"width": 100}"#), SignatureError::Malformed(_)));
        let e = err(&format!(r#"{{{head}, "samples": [[0, -1, 2, 0]]}}"#));
        assert!(e.to_string().contains("negative"), "{e}");
        let e = err(&format!(r#"{{{head}, "samples": [[10, 1, 2, 0], [5, 1, 2, 0]]}}"#));
        assert!(e.to_string().contains("earlier"), "{e}");
        let e = err(&format!(r#"{{{head}, "samples": [[0, 101, 2, 0]]}}"#));
        assert!(e.to_string().contains("outside"), "{e}");
        let e = err(r#"{"width": 0, "height": 50, "pressure_max": 1, "samples": []}"#);
        assert!(e.to_string().contains("width"), "{e}");
        // JSON has no NaN literal; a huge number overflowing to infinity must still be refused.
        let e = err(&format!(r#"{{{head}, "samples": [[0, 1e999, 2, 0]]}}"#));
        assert!(matches!(e, SignatureError::Malformed(_) | SignatureError::Invalid(_)), "{e}");
        assert_eq!(e.code(), skranke_core::Code::SignatureFileInvalid);
    }

    #[test]
    fn enormous_files_are_refused_before_parsing() {
        let many: Vec<String> = (0..MAX_SAMPLES + 1).map(|i| format!("[{i},1,1,0]")).collect();
        let json = format!(r#"{{"width": 10, "height": 10, "pressure_max": 1, "samples": [{}]}}"#, many.join(","));
        assert!(matches!(err(&json), SignatureError::TooLarge(_)));
    }
}
