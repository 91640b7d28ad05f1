//! Who may do what, in one place: every guarded façade method names its [`Operation`], and
//! [`Operation::allowed`] lists the roles that may do it. The Tauri shell and the CLI both go
//! through the façade, so this table is the guard; the UI only hides what a role cannot do.
//! docs/roles.md is generated from this table (see the test `roles_doc_is_current`).
use super::json::Role;

/// Something a user does through the façade that needs a signed-in user with a given role.
/// Operations that touch no personal data and need no one signed in (app info, status, CPR
/// arithmetic, sign-in itself, releasing the camera or pad) are not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Open a case: looks the person up in the CPR register.
    CaseOpen,
    /// See the open case.
    CaseView,
    /// Close the open case.
    CaseClose,
    /// List, choose and start the counter camera.
    CameraUse,
    /// Take, check, accept or retake the photo.
    PhotoCapture,
    /// Read and check the signature pad, accept the signature.
    SignatureCapture,
    /// Store the open case's bundle in the outbox.
    SendCase,
    /// See the outbox's captures (counts, the list).
    QueueView,
    /// Ask the sender to try waiting captures again now ("Prøv igen nu", `skranke queue retry`).
    QueueRetry,
    /// Send everything waiting and wait for it (`skranke queue drain`).
    QueueDrain,
    /// Put a bundle file in the outbox (`skranke queue add`).
    QueueAdd,
    /// Build a bundle from files (`skranke bundle make`): looks the person up.
    BundleMake,
    /// Look a CPR number up without a case (`skranke cpr lookup`).
    CprLookup,
    /// Read the audit trail.
    AuditRead,
    /// Verify the audit trail's hash chain.
    AuditVerify,
    /// See the register's monthly statistics per user (`skranke audit stats`, "Statistik").
    AuditStats,
    /// Answer a citizen's access request: their lookups and captures (`skranke audit person`).
    AccessRequest,
    /// The same with the clerks' identities (`skranke audit person --with-users`).
    AccessRequestUsers,
    /// Delete what is past its retention period (`skranke retention run`).
    RetentionRun,
    /// Re-wrap everything under a new master key (`skranke keys rotate`).
    KeysRotate,
    /// See the review queue and a capture in it (Gennemgang, `skranke review list|show`).
    ReviewRead,
    /// Decide on a capture in review (`skranke review decide`).
    ReviewDecide,
    /// See the returned cases and mark "borger informeret" (Returnerede sager).
    ReturnedCases,
    /// Run the checks of this PC (the Diagnose page).
    Diagnose,
    /// Write a support bundle (the Diagnose page's button).
    SupportBundle,
    /// Work on scanned paper stamkort: the scan inbox, the crops and their checks, accepting a
    /// scanned photo and signature on the open case, setting a scan aside.
    ScanWork,
}

impl Operation {
    /// Every operation, in the order of the roles table.
    pub const ALL: &'static [Operation] = &[
        Self::CaseOpen,
        Self::CaseView,
        Self::CaseClose,
        Self::CameraUse,
        Self::PhotoCapture,
        Self::SignatureCapture,
        Self::SendCase,
        Self::QueueView,
        Self::QueueRetry,
        Self::QueueDrain,
        Self::QueueAdd,
        Self::BundleMake,
        Self::CprLookup,
        Self::AuditRead,
        Self::AuditVerify,
        Self::AuditStats,
        Self::AccessRequest,
        Self::AccessRequestUsers,
        Self::RetentionRun,
        Self::KeysRotate,
        Self::ReviewRead,
        Self::ReviewDecide,
        Self::ReturnedCases,
        Self::Diagnose,
        Self::SupportBundle,
        Self::ScanWork,
    ];

    /// The roles that may do it. Supervisors can do everything a clerk can (they serve at the
    /// counter too); IT sets up and runs the outbox and the command line but captures nothing.
    pub fn allowed(self) -> &'static [Role] {
        use Role::{Clerk, It, Supervisor};
        match self {
            Self::CaseOpen
            | Self::CaseView
            | Self::CaseClose
            | Self::PhotoCapture
            | Self::SignatureCapture
            | Self::SendCase
            | Self::ScanWork => &[Clerk, Supervisor],
            Self::CameraUse => &[Clerk, Supervisor, It],
            Self::QueueView | Self::QueueRetry => &[Clerk, Supervisor, It],
            Self::QueueDrain
            | Self::QueueAdd
            | Self::BundleMake
            | Self::CprLookup
            | Self::AuditVerify
            | Self::AccessRequestUsers
            | Self::RetentionRun
            | Self::KeysRotate => &[It],
            Self::AuditRead | Self::AuditStats | Self::AccessRequest => &[Supervisor, It],
            // Supervisors in the app; IT through `skranke review` on the command line.
            Self::ReviewRead | Self::ReviewDecide => &[Supervisor, It],
            Self::ReturnedCases => &[Clerk, Supervisor],
            // `skranke diagnose` and `skranke support-bundle` need no sign-in on the command line.
            Self::Diagnose | Self::SupportBundle => &[It],
        }
    }

    /// Whether `role` may do it.
    pub fn allows(self, role: Role) -> bool {
        self.allowed().contains(&role)
    }

    /// The stable name in audit entries (`details.operation`) and in docs/roles.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CaseOpen => "case_open",
            Self::CaseView => "case_view",
            Self::CaseClose => "case_close",
            Self::CameraUse => "camera_use",
            Self::PhotoCapture => "photo_capture",
            Self::SignatureCapture => "signature_capture",
            Self::SendCase => "send_case",
            Self::QueueView => "queue_view",
            Self::QueueRetry => "queue_retry",
            Self::QueueDrain => "queue_drain",
            Self::QueueAdd => "queue_add",
            Self::BundleMake => "bundle_make",
            Self::CprLookup => "cpr_lookup",
            Self::AuditRead => "audit_read",
            Self::AuditVerify => "audit_verify",
            Self::AuditStats => "audit_stats",
            Self::AccessRequest => "access_request",
            Self::AccessRequestUsers => "access_request_users",
            Self::RetentionRun => "retention_run",
            Self::KeysRotate => "keys_rotate",
            Self::ReviewRead => "review_read",
            Self::ReviewDecide => "review_decide",
            Self::ReturnedCases => "returned_cases",
            Self::Diagnose => "diagnose",
            Self::SupportBundle => "support_bundle",
            Self::ScanWork => "scan_work",
        }
    }

    /// One line of the roles table in Danish, for docs/roles.md.
    pub fn description_da(self) -> &'static str {
        match self {
            Self::CaseOpen => "Åbne en sag (slår borgeren op i CPR)",
            Self::CaseView => "Se den åbne sag",
            Self::CaseClose => "Lukke sagen (næste borger)",
            Self::CameraUse => "Vælge og starte kameraet",
            Self::PhotoCapture => "Tage, kontrollere og godkende foto",
            Self::SignatureCapture => "Læse og godkende underskrift",
            Self::SendCase => "Sende sagen (lægge den i udbakken)",
            Self::QueueView => "Se udbakken",
            Self::QueueRetry => "Prøv igen nu / `skranke queue retry`",
            Self::QueueDrain => "`skranke queue drain`",
            Self::QueueAdd => "`skranke queue add` (slår personen op igen før afsendelse)",
            Self::BundleMake => "`skranke bundle make` (slår personen op)",
            Self::CprLookup => "`skranke cpr lookup`",
            Self::AuditRead => "Læse revisionssporet",
            Self::AuditVerify => "Kontrollere revisionssporets kæde (`skranke audit verify`)",
            Self::AuditStats => "Se månedsstatistik pr. bruger (Statistik, `skranke audit stats`)",
            Self::AccessRequest => "Indsigt: en borgers opslag og optagelser (`skranke audit person`)",
            Self::AccessRequestUsers => "Indsigt med sagsbehandlernes identitet (`skranke audit person --with-users`)",
            Self::RetentionRun => "`skranke retention run` (sletter det, hvis opbevaringsfrist er udløbet)",
            Self::KeysRotate => "`skranke keys rotate` (ny hovednøgle; Skranke skal være lukket)",
            Self::ReviewRead => "Gennemgang: se optagelser, der venter, og én i detaljer (`skranke review list|show`)",
            Self::ReviewDecide => {
                "Gennemgang: godkende, returnere eller kassere (fire øjne, bekræftelse; `skranke review decide`)"
            }
            Self::ReturnedCases => "Returnerede sager: se dem og markere \"borger informeret\"",
            Self::Diagnose => "Diagnose: kontrollere denne pc (`skranke diagnose`)",
            Self::SupportBundle => "Gemme en supportpakke uden borgerdata (`skranke support-bundle`)",
            Self::ScanWork => "Behandle scannede stamkort: indbakken, beskæringer, godkende og afvise",
        }
    }
}

/// The roles table as Markdown (docs/roles.md): one row per operation, one column per role.
pub fn roles_markdown() -> String {
    let mut out = String::from(
        "# Roller og rettigheder\n\n\
         Genereret fra `skranke_api::session::Operation` (testen `roles_doc_is_current` fejler, når filen\n\
         er forældet; skriv den igen med `SKRANKE_WRITE_ROLES=1 cargo test -p skranke-api roles_doc`).\n\
         Alle andre kommandoer (app-info, status, CPR-kontrol uden opslag, login, log ud, at slippe\n\
         kamera og blok) kræver ikke login og rører ingen persondata. Hver afvisning skrives i\n\
         revisionssporet (`access_refused`, med koden `not_signed_in`, `forbidden` eller `session_locked`).\n\n\
         | Handling | Kode | Sagsbehandler | Supervisor | IT |\n|---|---|---|---|---|\n",
    );
    for op in Operation::ALL {
        let mark = |r| if op.allows(r) { "ja" } else { "–" };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            op.description_da(),
            op.as_str(),
            mark(Role::Clerk),
            mark(Role::Supervisor),
            mark(Role::It)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_listed_once_with_a_distinct_name() {
        let names: std::collections::BTreeSet<_> = Operation::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(names.len(), Operation::ALL.len());
        assert!(Operation::ALL.iter().all(|o| !o.allowed().is_empty()));
    }

    #[test]
    fn roles_doc_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/roles.md");
        let want = roles_markdown();
        if std::env::var_os("SKRANKE_WRITE_ROLES").is_some() {
            std::fs::write(&path, &want).expect("write docs/roles.md");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(have, want, "docs/roles.md is stale: SKRANKE_WRITE_ROLES=1 cargo test -p skranke-api roles_doc");
    }
}
