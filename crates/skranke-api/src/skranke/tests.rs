//! Tests of [`Skranke`] as a whole: opening, sign-in, and the case step against a table register.
use super::*;

/// A demo Skranke with its data directory in a temp dir.
pub(crate) fn demo_app(dir: &Path) -> Skranke {
    demo_app_with_clock(dir, Arc::new(SystemClock))
}

/// A demo Skranke on a given clock.
pub(crate) fn demo_app_with_clock(dir: &Path, clock: Arc<dyn Clock>) -> Skranke {
    let mut config = Config::demo();
    config.data_dir = Some(dir.join("data"));
    let loaded = LoadedConfig { config, source: ConfigSource::File(dir.join("none.toml")) };
    Skranke::from_loaded(loaded, clock).expect("demo opens")
}

#[test]
fn demo_opens_and_reports_info() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo_app(t.path());
    let info = app.app_info();
    assert_eq!(info.mode, "demo");
    assert_eq!(info.municipality, "Demokommune");
    assert_eq!(info.idle_lock_minutes, 10);
}

#[test]
fn production_without_settings_refuses_to_open() {
    let t = tempfile::tempdir().expect("tempdir");
    let p = t.path().join("c.toml");
    std::fs::write(&p, "mode = \"production\"\n").expect("write");
    let e = Skranke::open(OpenOptions { config_path: Some(&p) }).expect_err("incomplete");
    assert_eq!(e.code, Code::ProductionConfigIncomplete);
    assert!(e.message.contains("cpr") && e.message.contains("gateway"), "{}", e.message);
}

#[test]
fn sign_in_and_out() {
    let t = tempfile::tempdir().expect("tempdir");
    let app = demo_app(t.path());
    assert_eq!(app.current_user().expect_err("nobody").code, Code::NotSignedIn);
    let u = app.sign_in(Role::Clerk, None).expect("sign in");
    assert_eq!(app.current_user().expect("signed in"), u);
    app.sign_out().expect("sign out");
    assert!(app.current_user().is_err());
}

mod access;
mod scan_desk;
mod scan_kill;
mod signature_step;

mod case_open {
    use super::*;
    use crate::case_desk::{RegisterPerson, TablePersonLookup};
    use skranke_core::{Cpr, Sex};

    fn cpr(s: &str) -> Cpr {
        Cpr::parse(s).expect("test number is valid")
    }

    fn person(number: &str, status: u16) -> RegisterPerson {
        RegisterPerson {
            number: cpr(number),
            current_number: None,
            name: "Test Person".into(),
            sex: Sex::Male,
            status_code: status,
            status_date: None,
            address: Some("Testvej 1, 9999 Testby".into()),
            address_protected: false,
            guardianship: false,
        }
    }

    fn app_with(dir: &Path, lookup: TablePersonLookup) -> Skranke {
        let app = demo_app(dir).with_person_lookup(Arc::new(lookup));
        app.sign_in(Role::Clerk, None).expect("sign in");
        app
    }

    fn register() -> TablePersonLookup {
        let mut changed = person("0101801113", 60);
        changed.current_number = Some(cpr("0101801121"));
        let mut protected = person("0101801148", 1);
        protected.address_protected = true;
        protected.address = Some("Hemmelig Allé 7".into());
        let mut ward = person("0101801156", 5);
        ward.guardianship = true;
        TablePersonLookup::new(vec![
            person("0101801105", 5),
            person("0101801164", 90),
            person("0101801172", 80),
            person("0101801180", 20),
            changed,
            protected,
            ward,
        ])
    }

    #[tokio::test]
    async fn active_person_opens_a_verified_case() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        let v = app.case_open("010180-1105", "KK-2026-000001", false).await.expect("opens");
        assert!(v.cpr_verified);
        assert_eq!(v.blocked, None);
        assert_eq!(v.cpr, "0101801105");
        assert_eq!(v.cpr_masked, "010180-xxxx");
        let p = v.person.expect("person");
        assert_eq!(p.status, "active");
        assert_eq!(p.address.as_deref(), Some("Testvej 1, 9999 Testby"));
        assert_eq!(app.case_current().expect("current").map(|c| c.case_id), Some(v.case_id));
        app.case_close().expect("close");
        assert_eq!(app.case_current().expect("current"), None);
        let closed = app.ctx.audit.recent(1).expect("audit").remove(0);
        assert_eq!((closed.action.as_str(), closed.outcome.as_str()), ("case_close", "closed"));
        assert_eq!((closed.user_id.as_str(), closed.subject_cpr.as_deref()), ("demo-clerk", Some("0101801105")));

        // Signing out with a case open closes it on record too.
        app.case_open("010180-1105", "KK-2026-000001", false).await.expect("opens");
        app.sign_out().expect("sign out");
        let entries = app.ctx.audit.recent(2).expect("audit");
        assert_eq!((entries[1].action.as_str(), entries[1].outcome.as_str()), ("case_close", "signed_out"));
        assert_eq!(entries[0].action, "sign_out");
    }

    /// Someone else signing in over an unlocked session never inherits its citizen, even when
    /// the closing of that case cannot be recorded.
    #[tokio::test]
    async fn a_replaced_session_never_hands_its_case_on() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        app.case_open("010180-1105", "KK-2026-000001", false).await.expect("opens");
        let db = rusqlite::Connection::open(app.data_dir().database()).expect("database");
        db.execute_batch(
            "CREATE TRIGGER no_case_close BEFORE INSERT ON audit_log WHEN NEW.action = 'case_close' \
             BEGIN SELECT RAISE(FAIL, 'injected'); END;",
        )
        .expect("inject");
        app.sign_in(Role::Supervisor, None).expect_err("the closing cannot be recorded");
        db.execute_batch("DROP TRIGGER no_case_close;").expect("heal");
        assert_eq!(app.current_user().expect("who").role, Role::Supervisor, "the new user is signed in");
        assert_eq!(app.case_current().expect("view"), None, "the clerk's case is gone");
    }

    #[tokio::test]
    async fn dead_and_emigrated_are_blocked() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        let dead = app.case_open("0101801164", "KK-2026-000001", false).await.expect("view");
        assert_eq!(dead.blocked, Some(Code::CprPersonDead));
        let gone = app.case_open("0101801172", "KK-2026-000001", false).await.expect("view");
        assert_eq!(gone.blocked, Some(Code::CprPersonInactive));
    }

    #[tokio::test]
    async fn number_changed_continues_with_current_number() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        let v = app.case_open("0101801113", "KK-2026-000001", false).await.expect("view");
        assert_eq!(v.cpr, "0101801121");
        assert_eq!(v.previous_cpr.as_deref(), Some("0101801113"));
        assert!(v.notices.contains(&Code::CprNumberChanged));
        assert_eq!(v.blocked, None);
    }

    #[tokio::test]
    async fn protected_address_is_never_in_the_view() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        let v = app.case_open("0101801148", "KK-2026-000001", false).await.expect("view");
        assert!(v.protected_address);
        assert!(v.notices.contains(&Code::CprProtectedAddress));
        let json = serde_json::to_string(&v).expect("json");
        assert!(!json.contains("Hemmelig"), "{json}");
    }

    #[tokio::test]
    async fn no_residence_and_guardianship_are_notices() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        let v = app.case_open("0101801180", "KK-2026-000001", false).await.expect("view");
        assert!(v.notices.contains(&Code::CprNoResidence));
        let v = app.case_open("0101801156", "KK-2026-000001", false).await.expect("view");
        assert!(v.notices.contains(&Code::CprGuardianship));
        assert_eq!(v.blocked, None);
    }

    #[tokio::test]
    async fn bad_input_gives_its_code_and_opens_nothing() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = app_with(t.path(), register());
        let e = app.case_open("3201801105", "KK-2026-000001", false).await.expect_err("bad date");
        assert_eq!(e.code, Code::CprImpossibleDate);
        let e = app.case_open("0101801105", "x", false).await.expect_err("bad ref");
        assert_eq!(e.code, Code::CaseRefInvalid);
        let e = app.case_open("0101809999", "KK-2026-000001", false).await.expect_err("unknown");
        assert_eq!(e.code, Code::CprNotFound);
        let e = app.case_open("0101809999", "KK-2026-000001", true).await.expect_err("unknown, even if allowed");
        assert_eq!(e.code, Code::CprNotFound);
        assert_eq!(app.case_current().expect("current"), None);
    }

    #[tokio::test]
    async fn a_birth_date_after_today_is_refused_before_any_lookup() {
        let t = tempfile::tempdir().expect("tempdir");
        let noon = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).and_then(|d| d.and_hms_opt(12, 0, 0)).expect("date");
        let clock = Arc::new(crate::ManualClock::at(noon.and_utc()));
        let mut born_tomorrow = person("0112264234", 5);
        born_tomorrow.name = "Ikke Født Endnu".into();
        let app = demo_app_with_clock(t.path(), clock.clone())
            .with_person_lookup(Arc::new(TablePersonLookup::new(vec![born_tomorrow])));
        app.sign_in(Role::Clerk, None).expect("sign in");
        let e = app.case_open("011226-4234", "KK-2026-000001", true).await.expect_err("born tomorrow");
        assert_eq!(e.code, Code::CprBirthDateInFuture);
        assert_eq!(app.case_current().expect("current"), None);
        clock.advance(chrono::Duration::days(1));
        app.sign_in(Role::Clerk, None).expect("a day idle locked the session; the same clerk unlocks");
        let v = app.case_open("011226-4234", "KK-2026-000001", false).await.expect("born today");
        assert_eq!(v.cpr, "0112264234");
    }

    #[tokio::test]
    async fn service_down_opens_unverified_only_when_allowed() {
        let t = tempfile::tempdir().expect("tempdir");
        let down = register().failing(ApiError::new(Code::CprServiceTimeout, "slow"));
        let app = app_with(t.path(), down);
        let e = app.case_open("0101801105", "KK-2026-000001", false).await.expect_err("down");
        assert_eq!(e.code, Code::CprServiceTimeout);
        let v = app.case_open("0101801105", "KK-2026-000001", true).await.expect("unverified");
        assert!(!v.cpr_verified);
        assert!(v.person.is_none());
        assert!(v.notices.contains(&Code::CprUnverified));
    }

    #[tokio::test]
    async fn needs_a_signed_in_user() {
        let t = tempfile::tempdir().expect("tempdir");
        let app = demo_app(t.path()).with_person_lookup(Arc::new(register()));
        let e = app.case_open("0101801105", "KK-2026-000001", false).await.expect_err("no user");
        assert_eq!(e.code, Code::NotSignedIn);
    }
}
