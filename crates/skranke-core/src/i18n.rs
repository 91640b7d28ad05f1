//! The check texts for people, one catalogue per language: `assets/i18n/da.json` and
//! `assets/i18n/en.json` (flat key -> text, `{name}` placeholders). The UI imports the same files
//! (ui/src/lib/i18n/checks.ts), the CLI prints from them, and [`Check::message`](crate::Check)
//! is filled from the Danish one.
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// The Danish catalogue as stored (the UI imports the same file).
pub const DA_JSON: &str = include_str!("../../../assets/i18n/da.json");
/// The English catalogue as stored.
pub const EN_JSON: &str = include_str!("../../../assets/i18n/en.json");

static DA: LazyLock<HashMap<String, String>> = LazyLock::new(|| parse(DA_JSON));
static EN: LazyLock<HashMap<String, String>> = LazyLock::new(|| parse(EN_JSON));

fn parse(json: &str) -> HashMap<String, String> {
    serde_json::from_str(json).expect("assets/i18n catalogue is a flat JSON object of strings")
}

/// A language of the texts: Danish first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Danish (the default).
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// `da` or `en` (also `en_GB.UTF-8`, `da-DK` and the like); anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        if s == "da" || s.starts_with("da_") || s.starts_with("da-") || s.starts_with("da.") {
            Some(Self::Da)
        } else if s == "en" || s.starts_with("en_") || s.starts_with("en-") || s.starts_with("en.") {
            Some(Self::En)
        } else {
            None
        }
    }

    /// Every language, Danish first.
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    fn catalogue(self) -> &'static HashMap<String, String> {
        match self {
            Self::Da => &DA,
            Self::En => &EN,
        }
    }
}

/// Every key of `lang`'s catalogue, sorted.
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut keys: Vec<&str> = lang.catalogue().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// Whether `lang`'s catalogue has `key`.
pub fn has_key(lang: Lang, key: &str) -> bool {
    lang.catalogue().contains_key(key)
}

/// The text for `key` in `lang` with `{name}` replaced by `params[name]`; `None` when the key is
/// missing.
pub fn text(lang: Lang, key: &str, params: &BTreeMap<String, String>) -> Option<String> {
    let mut s = lang.catalogue().get(key)?.clone();
    for (name, value) in params {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    Some(s)
}

/// The text for `key` in `lang`, else in Danish, else the key itself (never empty for a key).
pub fn text_or_key(lang: Lang, key: &str, params: &BTreeMap<String, String>) -> String {
    text(lang, key, params).or_else(|| text(Lang::Da, key, params)).unwrap_or_else(|| key.to_string())
}

/// Fails (listing them) when a key is missing in any catalogue: for the check crates' tests of
/// every key their checks can produce.
pub fn assert_keys_in_every_catalogue(keys: &[&str]) {
    let missing: Vec<String> = Lang::ALL
        .iter()
        .flat_map(|&lang| keys.iter().filter(move |k| !has_key(lang, k)).map(move |k| format!("{lang:?}: {k}")))
        .collect();
    assert!(missing.is_empty(), "keys missing in assets/i18n: {missing:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a text, sorted.
    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> =
            s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string())).collect();
        out.sort();
        out
    }

    #[test]
    fn both_catalogues_have_the_same_keys_and_placeholders_and_no_empty_text() {
        assert_eq!(keys(Lang::Da), keys(Lang::En), "da.json and en.json must have the same keys");
        for key in keys(Lang::Da) {
            let (da, en) = (&DA[key], &EN[key]);
            assert!(!da.trim().is_empty() && !en.trim().is_empty(), "{key} is empty");
            assert_eq!(placeholders(da), placeholders(en), "{key}: placeholders differ");
        }
    }

    #[test]
    fn text_fills_placeholders_and_falls_back() {
        assert_eq!(text(Lang::Da, "live.sharpness.fail", &BTreeMap::new()).as_deref(), Some("Hold stille."));
        assert_eq!(text(Lang::En, "live.sharpness.fail", &BTreeMap::new()).as_deref(), Some("Hold still."));
        assert_eq!(text(Lang::En, "no.such.key", &BTreeMap::new()), None);
        assert_eq!(text_or_key(Lang::En, "no.such.key", &BTreeMap::new()), "no.such.key");
        assert_eq!(Lang::parse("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("da_DK.UTF-8"), Some(Lang::Da));
        assert_eq!(Lang::parse("C"), None);
    }
}
