//! Settings that are valid but risky: `skranke config check` and `skranke diagnose` warn about
//! them without refusing the file. Each threshold says where its number comes from.
use crate::{Config, KeyStoreKind, Mode, Problem, ReviewOverrides};

/// Fewest days audit entries may be kept without a warning: the licence register's rules keep the
/// log of lookups, captures, sends, corrections, decisions and sign-ins one year, then purge
/// (DESIGN.md "Audit", docs/audit.md).
pub const MIN_AUDIT_DAYS: u32 = 365;

/// Most days audit entries may be kept without a warning: one year (a leap year's 366 days), after
/// which the same rules ask for the purge; keeping the entries longer keeps personal data (who
/// was looked up) past its purpose.
pub const MAX_AUDIT_DAYS: u32 = 366;

/// Fewest days a returned, rejected or dead capture may be kept without a warning. A returned case
/// must outlive the clerks' handling of it (inform the citizen, start the next capture from it,
/// docs/review.md) over a long weekend or a holiday; DESIGN.md's comparison point, German
/// counters, keeps unused captures 8 to 14 days, so below 8 is short.
pub const MIN_REVIEW_DAYS: u32 = 8;

/// Most idle minutes before the app locks without a warning: the common screen-lock guidance (the
/// CIS benchmarks' machine inactivity limit) is 15 minutes at most; Skranke's default is 10. A
/// counter left unlocked longer shows a citizen's case to whoever walks up.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 15;

/// Most failed sign-ins before the lock-out without a warning: twice the default of 5. Beyond it
/// the lock-out (DESIGN.md: lock a user after repeated failed sign-ins) slows guessing little.
pub const MAX_FAILED_SIGN_INS: u32 = 10;

impl Config {
    /// Settings that are valid but weaken data protection or the audit rules, as warnings (the
    /// file is not refused, the app still starts): a file key store in production, the pen data in
    /// bundles, an audit retention other than the year the rules ask ([`MIN_AUDIT_DAYS`],
    /// [`MAX_AUDIT_DAYS`]), a short review retention ([`MIN_REVIEW_DAYS`]), a long idle lock
    /// ([`MAX_IDLE_LOCK_MINUTES`]), a lax lock-out ([`MAX_FAILED_SIGN_INS`]), overrides sent without
    /// review, and recorded camera or pad input in production. Empty for the defaults.
    pub fn risky_settings(&self) -> Vec<Problem> {
        let mut warnings = Vec::new();
        let mut warn = |key: &str, message: String| warnings.push(Problem { key: key.into(), message });
        let production = self.mode == Mode::Production;
        if production && self.security.keystore == KeyStoreKind::File {
            warn(
                "security.keystore",
                "the outbox master key is kept in a file, not the OS key store: whoever can read that file \
                 (or a backup of it) can decrypt the outbox; use \"os\" where the PC has a key store"
                    .into(),
            );
        }
        if self.bundle.include_pen_data {
            warn(
                "bundle.include_pen_data",
                "bundles carry the pen's timing and pressure, biometric data the licence card does not need \
                 (data minimisation)"
                    .into(),
            );
        }
        let audit_days = self.retention.audit_days;
        if audit_days < MIN_AUDIT_DAYS {
            warn(
                "retention.audit_days",
                format!(
                    "{audit_days} days: audit entries are deleted before the one year the register's rules ask \
                     ({MIN_AUDIT_DAYS})"
                ),
            );
        } else if audit_days > MAX_AUDIT_DAYS {
            warn(
                "retention.audit_days",
                format!(
                    "{audit_days} days: audit entries (who was looked up) are kept beyond the one year the \
                     register's rules ask before the purge ({MIN_AUDIT_DAYS})"
                ),
            );
        }
        let review_days = self.retention.review_days;
        if review_days < MIN_REVIEW_DAYS {
            warn(
                "retention.review_days",
                format!(
                    "{review_days} days: a returned capture may be shredded before the clerks have informed the \
                     citizen (at least {MIN_REVIEW_DAYS})"
                ),
            );
        }
        let idle = self.security.idle_lock_minutes;
        if idle > MAX_IDLE_LOCK_MINUTES {
            warn(
                "security.idle_lock_minutes",
                format!("{idle} minutes: an unattended counter stays unlocked longer than {MAX_IDLE_LOCK_MINUTES}"),
            );
        }
        let failures = self.security.max_failed_sign_ins;
        if failures > MAX_FAILED_SIGN_INS {
            warn(
                "security.max_failed_sign_ins",
                format!(
                    "{failures} failed sign-ins before the lock-out: more than {MAX_FAILED_SIGN_INS} lets guessing go on"
                ),
            );
        }
        if self.review.overrides == ReviewOverrides::None {
            warn(
                "review.overrides",
                "captures accepted despite failing checks are sent without a supervisor's review (no four eyes)".into(),
            );
        }
        if production && self.camera.source.starts_with("replay:") {
            warn(
                "camera.source",
                "recorded portraits stand in for the camera: photos are not of the person at the counter".into(),
            );
        }
        if production && self.signature.pad.starts_with("replay:") {
            warn(
                "signature.pad",
                "recorded strokes stand in for the pad: signatures are not the person's at the counter".into(),
            );
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        Config::from_toml_str(text).expect("valid").risky_settings().into_iter().map(|p| p.key).collect()
    }

    #[test]
    fn defaults_are_not_risky() {
        assert!(keys("").is_empty());
        assert!(keys("mode = \"production\"\n").is_empty());
        assert!(Config::demo().risky_settings().is_empty());
    }

    #[test]
    fn a_file_key_store_is_risky_in_production_only() {
        assert_eq!(keys("mode = \"production\"\n[security]\nkeystore = \"file\"\n"), ["security.keystore"]);
        assert!(keys("[security]\nkeystore = \"file\"\n").is_empty(), "demo data is fictitious");
    }

    #[test]
    fn pen_data_in_bundles_is_risky() {
        let c = Config::from_toml_str("[bundle]\ninclude_pen_data = true\n").expect("valid");
        let warnings = c.risky_settings();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].key, "bundle.include_pen_data");
        assert!(warnings[0].message.contains("biometric"), "{}", warnings[0].message);
    }

    #[test]
    fn audit_retention_other_than_a_year_is_risky_at_its_edges() {
        for (days, risky) in [(1, true), (364, true), (365, false), (366, false), (367, true), (3650, true)] {
            let found = keys(&format!("[retention]\naudit_days = {days}\n"));
            assert_eq!(found == ["retention.audit_days"], risky, "{days}: {found:?}");
            assert_eq!(found.is_empty(), !risky, "{days}: {found:?}");
        }
    }

    #[test]
    fn short_review_retention_and_long_locks_are_risky_at_their_edges() {
        assert_eq!(keys("[retention]\nreview_days = 7\n"), ["retention.review_days"]);
        assert!(keys("[retention]\nreview_days = 8\n").is_empty());
        assert_eq!(keys("[security]\nidle_lock_minutes = 16\n"), ["security.idle_lock_minutes"]);
        assert!(keys("[security]\nidle_lock_minutes = 15\n").is_empty());
        assert_eq!(keys("[security]\nmax_failed_sign_ins = 11\n"), ["security.max_failed_sign_ins"]);
        assert!(keys("[security]\nmax_failed_sign_ins = 10\n").is_empty());
    }

    #[test]
    fn unreviewed_overrides_and_recorded_input_in_production_are_risky() {
        assert_eq!(keys("[review]\noverrides = \"none\"\n"), ["review.overrides"]);
        let replay = "[camera]\nsource = \"replay:/tmp/p\"\n[signature]\npad = \"replay:/tmp/s\"\n";
        assert!(keys(replay).is_empty(), "demo mode replays by design");
        assert_eq!(keys(&format!("mode = \"production\"\n{replay}")), ["camera.source", "signature.pad"]);
    }

    #[test]
    fn several_risks_are_listed_in_a_fixed_order() {
        let text = "mode = \"production\"\n[security]\nkeystore = \"file\"\n[bundle]\ninclude_pen_data = true\n\
                    [retention]\naudit_days = 30\nreview_days = 1\n";
        assert_eq!(
            keys(text),
            ["security.keystore", "bundle.include_pen_data", "retention.audit_days", "retention.review_days"]
        );
    }
}
