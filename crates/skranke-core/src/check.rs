//! The shape every automatic check reports in (photo and signature alike): an id, the measured
//! value, the threshold in words, pass or fail, and a Danish message for the clerk. The CLI prints
//! it, the UI shows it, and the bundle carries it.
use serde::{Deserialize, Serialize};

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
    /// What the clerk reads (Danish): what is wrong and what to do, or that it is fine.
    pub message: String,
}

impl Check {
    /// A check result; `value` NaN becomes `None` (JSON has no NaN).
    pub fn new(
        id: &str,
        value: Option<f64>,
        threshold: impl Into<String>,
        pass: bool,
        message: impl Into<String>,
    ) -> Self {
        Self {
            id: id.to_string(),
            value: value.filter(|v| v.is_finite()),
            threshold: threshold.into(),
            pass,
            message: message.into(),
        }
    }

    /// A check with one message for each outcome: `good` when `pass`, else `bad`.
    pub fn judged(
        id: &str,
        value: Option<f64>,
        threshold: impl Into<String>,
        pass: bool,
        good: &str,
        bad: &str,
    ) -> Self {
        Self::new(id, value, threshold, pass, if pass { good } else { bad })
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
