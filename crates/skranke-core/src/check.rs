//! The shape every automatic check reports in (photo and signature alike): an id, the measured
//! value, the threshold in words, pass or fail, and the catalogue key of the text for the clerk
//! (plus the text's parameters). The texts live in `assets/i18n/{da,en}.json` ([`crate::i18n`]);
//! `message` is the Danish text for the key, filled from the Danish catalogue, so bundles and the
//! CLI's `--json` keep their shape. The CLI prints it, the UI shows the key's text in its language,
//! and the bundle carries it.
use crate::i18n::{self, Lang};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One check's result.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// Stable id, e.g. `ink_present`, `eye_distance`.
    pub id: String,
    /// What was measured, when a number applies.
    pub value: Option<f64>,
    /// The rule, e.g. `>= 0.5 s`.
    pub threshold: String,
    /// Whether the rule is met.
    pub pass: bool,
    /// The key of the text for the clerk in `assets/i18n/{da,en}.json`, e.g.
    /// `signature.duration.fail` (empty in reports written before keys existed).
    #[serde(default)]
    pub key: String,
    /// Values for the text's `{name}` placeholders; absent when the text has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub params: Option<BTreeMap<String, String>>,
    /// The Danish text for `key` (from assets/i18n/da.json), kept for bundles and `--json`.
    pub message: String,
}

impl Check {
    /// A check result with the text `key`; `value` NaN becomes `None` (JSON has no NaN).
    /// `message` is the key's Danish text (the key itself when the catalogue lacks it).
    pub fn new(id: &str, value: Option<f64>, threshold: impl Into<String>, pass: bool, key: &str) -> Self {
        Self {
            id: id.to_string(),
            value: value.filter(|v| v.is_finite()),
            threshold: threshold.into(),
            pass,
            key: key.to_string(),
            params: None,
            message: i18n::text_or_key(Lang::Da, key, &BTreeMap::new()),
        }
    }

    /// A check with one text for each outcome: key `{prefix}.pass` when `pass`, else
    /// `{prefix}.fail`.
    pub fn judged(id: &str, value: Option<f64>, threshold: impl Into<String>, pass: bool, prefix: &str) -> Self {
        let outcome = if pass { "pass" } else { "fail" };
        Self::new(id, value, threshold, pass, &format!("{prefix}.{outcome}"))
    }

    /// Sets a `{name}` parameter of the text (and refills `message`).
    pub fn with_param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.get_or_insert_with(BTreeMap::new).insert(name.to_string(), value.to_string());
        self.message = self.text(Lang::Da);
        self
    }

    /// The text for the clerk in `lang`, from the catalogue; reports without a key (older
    /// bundles) give their stored `message`.
    pub fn text(&self, lang: Lang) -> String {
        if self.key.is_empty() {
            return self.message.clone();
        }
        let none = BTreeMap::new();
        i18n::text_or_key(lang, &self.key, self.params.as_ref().unwrap_or(&none))
    }
}

/// Pass when every check passes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every check passed.
    Pass,
    /// At least one failed.
    Fail,
}

/// A fixed list of checks and the verdict.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Pass or fail.
    pub verdict: Verdict,
    /// Every check, in the fixed order.
    pub checks: Vec<Check>,
}

impl CheckReport {
    /// A report from checks; the verdict follows from them.
    pub fn from_checks(checks: Vec<Check>) -> Self {
        let verdict = if checks.iter().all(|c| c.pass) { Verdict::Pass } else { Verdict::Fail };
        Self { verdict, checks }
    }

    /// The check with this id.
    pub fn get(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_carries_its_key_and_the_danish_text() {
        let c = Check::judged("sharpness", Some(1.0), ">= 2", false, "live.sharpness");
        assert_eq!(c.key, "live.sharpness.fail");
        assert_eq!(c.message, "Hold stille.");
        assert_eq!(c.text(Lang::En), "Hold still.");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": "sharpness", "value": 1.0, "threshold": ">= 2", "pass": false,
                "key": "live.sharpness.fail", "message": "Hold stille."})
        );
    }

    #[test]
    fn a_report_without_keys_still_reads() {
        let c: Check = serde_json::from_value(serde_json::json!({"id": "x", "value": null, "threshold": "-",
            "pass": true, "message": "Gammel tekst."}))
        .unwrap();
        assert_eq!(c.key, "");
        assert_eq!(c.text(Lang::En), "Gammel tekst.");
    }
}
