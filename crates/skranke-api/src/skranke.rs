//! [`Skranke`]: the application as one value, composed of one part per concern. The Tauri shell
//! holds one in its state and the CLI makes one per command; both call the same methods, which
//! are one-line delegations to the parts:
//!
//! - [`Session`](crate::session::Session): who is signed in;
//! - [`CaseDesk`](crate::case_desk::CaseDesk): the open case and the CPR register;
//! - [`PhotoCapture`](crate::photo_capture::PhotoCapture): camera, preview, still check, photo;
//! - [`SignatureCapture`](crate::signature_capture::SignatureCapture): the pad and the signature;
//! - [`Sender`](crate::sender::Sender): the outbox, the gateway and the background sender;
//! - [`Context`]: what every part reads (configuration, data directory, clock, audit trail).
//!
//! Each part owns its state and its locks; a use case that spans parts (accept a signature on the
//! open case, send the case) is a method of the part that does the work, given the others.
use crate::audit_trail::AuditTrail;
use crate::case_desk::{CaseDesk, PersonLookup};
use crate::json::{AppInfo, CaseView, LookupReport, PhotoCheckView, Role, SendPassReport, SendView, Status, User};
use crate::photo_capture::{CameraChoice, CameraEvent, CameraInfo, PhotoCapture};
use crate::sender::{BundleFiles, MadeBundle, QueueItemView, Sender};
use crate::session::{LockReason, Operation, Session, SessionView, SignInStarted, SignedIn, Verified};
use crate::signature_capture::{AcceptedSignature, PadEventView, PadInfo, SignatureCapture};
use crate::{ApiError, Clock, Code, DataDir, SystemClock};
use skranke_config::{Config, ConfigSource, LoadedConfig, Mode};
use skranke_core::CheckReport;
use skranke_signature::StrokeFile;
use skranke_store::{AuditEntry, ChainReport, OutboxState, OutboxStatus};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

mod it_api;
mod review_api;
mod scan_api;
#[cfg(test)]
pub(crate) mod tests;

/// How to open Skranke.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions<'a> {
    /// A configuration file named on the command line (`--config`).
    pub config_path: Option<&'a Path>,
}

/// What every part of the façade reads: the configuration and where it came from, the data
/// directory, this PC's name, the clock, the master key (loaded once, after an interrupted key
/// rotation was finished), and the audit trail they all write to.
pub(crate) struct Context {
    pub(crate) config: Config,
    pub(crate) config_source: ConfigSource,
    pub(crate) data_dir: DataDir,
    pub(crate) workstation: String,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) master_key: skranke_store::MasterKey,
    pub(crate) audit: AuditTrail,
}

/// The running application: its context and one part per concern.
pub struct Skranke {
    ctx: Context,
    session: Session,
    desk: CaseDesk,
    photo: PhotoCapture,
    signature: SignatureCapture,
    sender: Sender,
    scan: crate::scan_desk::ScanDesk,
    simulators: Option<skranke_sim::Simulators>,
}

impl std::fmt::Debug for Skranke {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Skranke")
            .field("mode", &self.ctx.config.mode)
            .field("data_dir", &self.ctx.data_dir)
            .finish_non_exhaustive()
    }
}

impl Skranke {
    /// Loads and checks the configuration and prepares the data directory. Production mode refuses
    /// to open while required settings are missing ([`Code::ProductionConfigIncomplete`], the message
    /// lists every missing key).
    pub fn open(opts: OpenOptions<'_>) -> Result<Self, ApiError> {
        Self::open_with_clock(opts, Arc::new(SystemClock))
    }

    /// [`Skranke::open`] on a given clock (tests of dates and of a clock set back).
    pub fn open_with_clock(opts: OpenOptions<'_>, clock: Arc<dyn Clock>) -> Result<Self, ApiError> {
        let loaded = skranke_config::load(opts.config_path)?;
        Self::from_loaded(loaded, clock)
    }

    /// Opens from an already loaded configuration with a given clock (tests).
    pub fn from_loaded(loaded: LoadedConfig, clock: Arc<dyn Clock>) -> Result<Self, ApiError> {
        let LoadedConfig { config, source } = loaded;
        let problems = config.check_production();
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.key, p.message)).collect();
            return Err(ApiError::new(Code::ProductionConfigIncomplete, list.join("; ")));
        }
        let data_dir = DataDir::choose(config.data_dir.as_deref(), config.mode == Mode::Demo);
        data_dir.ensure_writable()?;
        let workstation = crate::workstation::workstation_name(config.workstation.as_deref());
        let master_key = crate::master_key::load(&config, &data_dir)?;
        let log = crate::audit_trail::open_log(&config, &data_dir, &master_key)?;
        let checkpoints = crate::master_key::checkpoint_file(&config, &data_dir);
        let audit = AuditTrail::new(log, workstation.clone(), Arc::clone(&clock), checkpoints);
        let desk = CaseDesk::new(&config.case.ref_pattern)?;
        let ctx = Context { config, config_source: source, data_dir, workstation, clock, master_key, audit };
        Ok(Self {
            ctx,
            session: Session::default(),
            desk,
            photo: PhotoCapture::default(),
            signature: SignatureCapture::default(),
            sender: Sender::not_connected(),
            scan: crate::scan_desk::ScanDesk::default(),
            simulators: None,
        })
    }

    /// Opens Skranke and connects its services: in demo mode the embedded simulators start here
    /// (on loopback) and stay up as long as this value lives.
    pub async fn start(opts: OpenOptions<'_>) -> Result<Self, ApiError> {
        Self::start_with_clock(opts, Arc::new(SystemClock)).await
    }

    /// [`Skranke::start`] on a given clock (tests).
    pub async fn start_with_clock(opts: OpenOptions<'_>, clock: Arc<dyn Clock>) -> Result<Self, ApiError> {
        let app = Self::open_with_clock(opts, clock)?;
        let services = crate::services::connect(&app.ctx.config).await?;
        Ok(app.with_services(services))
    }

    /// Connects the services like [`Skranke::start`], but a failure (say an unreadable
    /// certificate) does not stop the app: it is logged, and every lookup then fails with that
    /// error's code, so the clerk sees the Danish message and IT sees the detail in the log.
    pub async fn connect_or_degrade(self) -> Self {
        match crate::services::connect(&self.ctx.config).await {
            Ok(services) => self.with_services(services),
            Err(e) => {
                tracing::error!(code = e.code.as_str(), error = %e.message, "cannot connect the national services");
                let mut app = self.with_person_lookup(crate::case_desk::failing_register(e.clone()));
                app.sender = Sender::new(Err(e));
                app
            }
        }
    }

    fn with_services(mut self, services: crate::services::Services) -> Self {
        self.desk.set_register(services.person_lookup);
        self.simulators = services.simulators;
        self.sender = Sender::new(services.gateway);
        self
    }

    /// The embedded simulators (demo mode, after [`Skranke::start`]); see [`crate::demo`].
    pub fn demo_simulators(&self) -> Option<&skranke_sim::Simulators> {
        self.simulators.as_ref()
    }

    /// Uses this CPR register for lookups (the SF1520 client, or a table in tests).
    pub fn with_person_lookup(mut self, lookup: Arc<dyn PersonLookup>) -> Self {
        self.desk.set_register(lookup);
        self
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.ctx.config
    }

    /// Where the configuration came from.
    pub fn config_source(&self) -> &ConfigSource {
        &self.ctx.config_source
    }

    /// The data directory in use.
    pub fn data_dir(&self) -> &DataDir {
        &self.ctx.data_dir
    }

    /// The clock in use.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.ctx.clock
    }

    /// What the frame shows about this installation.
    pub fn app_info(&self) -> AppInfo {
        crate::diagnostics::app_info(&self.ctx)
    }

    /// Header status: the gateway connection as the sender last saw it, the outbox counts, and
    /// the client certificate's expiry (a warning inside the configured period).
    pub fn status(&self) -> Status {
        self.sender.status(&self.ctx)
    }

    // --- session -------------------------------------------------------------------------------

    /// Demo sign-in: by role (refused in production: [`Code::DemoSignInRefused`]). While the
    /// session is locked it unlocks for the same role only; an unlocked session is replaced (its
    /// case closes, camera and pad are released).
    pub fn sign_in(&self, role: Role, name: Option<&str>) -> Result<User, ApiError> {
        if self.ctx.config.mode == Mode::Production {
            let details = serde_json::json!({ "operation": "demo_sign_in" });
            let code = Code::DemoSignInRefused;
            self.ctx.audit.record("-", skranke_store::AuditAction::AccessRefused, None, code.as_str(), details)?;
            return Err(ApiError::new(
                code,
                "demo sign-in is refused in production; sign in through the identity provider",
            ));
        }
        self.complete_sign_in(crate::session::demo_sign_in(role, name))
    }

    /// Production sign-in, step 1: returns the identity provider's address for the system browser
    /// (the shell opens it; the UI also shows it as a link). Refused while sign-in is locked out.
    pub async fn sign_in_start(&self) -> Result<SignInStarted, ApiError> {
        let authorize_url = self.session.provider.start(&self.ctx).await?;
        Ok(SignInStarted { authorize_url })
    }

    /// Production sign-in, step 2: waits for the browser's answer, validates it, maps the groups
    /// to a role and signs the user in (or unlocks the session for the same user).
    pub async fn sign_in_finish(&self) -> Result<User, ApiError> {
        let verified = self.session.provider.finish(&self.ctx).await?;
        self.complete_sign_in(verified)
    }

    /// Cancels a production sign-in under way ("Annuller").
    pub fn sign_in_cancel(&self) -> Result<(), ApiError> {
        self.session.provider.cancel()
    }

    /// The command line's sign-in: the operating-system account running it (from the OS), with the
    /// IT role; in production only members of `security.it_os_group`
    /// ([`Code::OsAccountNotInItGroup`]).
    pub fn sign_in_os_account(&self) -> Result<User, ApiError> {
        let verified = crate::session::os_account::verify(&self.ctx, skranke_os::current_account())?;
        self.complete_sign_in(verified)
    }

    /// Makes a vouched-for user the signed-in one (see [`Session::complete_sign_in`]); a replaced
    /// session's case closes and its devices are released.
    fn complete_sign_in(&self, who: Verified) -> Result<User, ApiError> {
        match self.session.complete_sign_in(&self.ctx, who)? {
            SignedIn::Unlocked(user) => Ok(user),
            SignedIn::Fresh { user, replaced } => {
                if let Some(old) = replaced {
                    self.release_devices();
                    if let Err(e) = self.desk.close_audited(&self.ctx, &old.id, "replaced") {
                        // The new user must never inherit the previous user's citizen: the case
                        // goes even though its closing could not be recorded.
                        tracing::error!(
                            code = e.code.as_str(),
                            "the replaced session's case closed without its audit entry"
                        );
                        self.desk.close()?;
                        return Err(e);
                    }
                }
                Ok(user)
            }
        }
    }

    /// Signs the current user out: the open case closes, camera and pad are released. Also the
    /// lock screen's "Skift bruger".
    pub fn sign_out(&self) -> Result<(), ApiError> {
        self.release_devices();
        if let Ok(user) = self.session.current() {
            self.desk.close_audited(&self.ctx, &user.id, "signed_out")?;
        }
        self.desk.close()?;
        self.session.sign_out(&self.ctx).map(|_| ())
    }

    /// Locks the session (the "Lås" button, the OS session locking, the PC suspending): the case
    /// stays open, the camera and pad are released, and guarded commands answer
    /// [`Code::SessionLocked`] until the same user signs in again.
    pub fn session_lock(&self, reason: LockReason) -> Result<SessionView, ApiError> {
        if self.session.lock(&self.ctx, reason)? {
            self.release_devices();
        }
        self.session.view(&self.ctx)
    }

    /// The session: who, locked or not, the sign-in lock-out (locks an idle session first).
    pub fn session_view(&self) -> Result<SessionView, ApiError> {
        if self.session.lock_if_idle(&self.ctx)? {
            self.release_devices();
        }
        self.session.view(&self.ctx)
    }

    /// The clerk is using the window: keeps an unlocked session from the idle lock (see
    /// [`Session::touch`]).
    pub fn session_touch(&self) -> Result<(), ApiError> {
        self.session.touch(&self.ctx)
    }

    /// Stops the camera preview and the pad listener; a failure is logged (the device may be gone).
    fn release_devices(&self) {
        if let Err(e) = self.photo.camera_stop() {
            tracing::warn!(code = e.code.as_str(), "camera not released");
        }
        if let Err(e) = self.signature.stop() {
            tracing::warn!(code = e.code.as_str(), "signature pad not released");
        }
    }

    /// The signed-in user, or [`Code::NotSignedIn`].
    pub fn current_user(&self) -> Result<User, ApiError> {
        self.session.current()
    }

    /// The newest audit entries (supervisors, tests).
    pub fn audit_recent(&self, limit: u32) -> Result<Vec<AuditEntry>, ApiError> {
        self.session.require(&self.ctx, Operation::AuditRead)?;
        self.ctx.audit.recent(limit)
    }

    /// Walks the audit chain and holds it against the signed checkpoints: the first altered,
    /// missing or cut-off entry, or a forged or missing checkpoint (`skranke audit verify`).
    pub fn audit_verify(&self) -> Result<ChainReport, ApiError> {
        self.session.require(&self.ctx, Operation::AuditVerify)?;
        self.ctx.audit.verify()
    }

    /// Sends the audit witness the entries it lacks and says where it stands (`None` when
    /// `security.audit_witness_socket` is unset). For the diagnosis: no sign-in needed, and it
    /// shows positions and counts only.
    pub fn audit_witness_status(&self) -> Result<Option<skranke_store::WitnessStatus>, ApiError> {
        self.ctx.audit.witness_status()
    }

    /// Writes a signed checkpoint of the audit chain's head into the log and the checkpoint file
    /// (daily, when the app closes, and `skranke audit checkpoint`). Skranke's own act: no
    /// sign-in needed, so closing a locked app still writes it.
    pub fn audit_checkpoint(&self) -> Result<skranke_store::Checkpoint, ApiError> {
        self.ctx.audit.write_checkpoint()
    }

    /// Re-wraps every stored bundle key and the audit trail's key under a new master key
    /// (`skranke keys rotate`, IT). The database must be Skranke's alone, so this consumes the
    /// app, closing its own connections; it is refused ([`Code::StoreInUse`]) while Skranke runs
    /// elsewhere on this PC. Audited before (`started`) and after (the outcome and counts).
    pub fn rotate_master_key(self) -> Result<skranke_store::Rotation, ApiError> {
        self.session.require(&self.ctx, Operation::KeysRotate)?;
        let user = self.session.current()?.id;
        self.ctx.audit.record(
            &user,
            skranke_store::AuditAction::KeyRotation,
            None,
            "started",
            serde_json::json!({}),
        )?;
        let (config, data_dir, workstation, clock) = (
            self.ctx.config.clone(),
            self.ctx.data_dir.clone(),
            self.ctx.workstation.clone(),
            Arc::clone(&self.ctx.clock),
        );
        drop(self);
        crate::master_key::rotate(&config, &data_dir, &user, &workstation, clock.now())
    }

    // --- case ----------------------------------------------------------------------------------

    /// Opens a case: checks the number and the case reference, looks the person up and applies the
    /// rules. When the CPR service cannot be reached the call fails with its code, unless
    /// `allow_unverified` is set: then the case opens marked "CPR ikke verificeret". A blocked person
    /// gives a case view with `blocked` set, which the later steps refuse. While the outbox is over
    /// its cap and `[outbox] block_new_when_over` is set, no case opens ([`Code::OutboxOverCap`]).
    pub async fn case_open(
        &self,
        cpr_text: &str,
        case_ref: &str,
        allow_unverified: bool,
    ) -> Result<CaseView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::CaseOpen)?;
        self.sender.refuse_new_case_over_cap(&self.ctx)?;
        self.desk.open(&self.ctx, &user, cpr_text, case_ref, allow_unverified).await
    }

    /// Looks a number up without opening a case (`skranke cpr lookup`): the register's answer and
    /// what the case rules would say.
    pub async fn cpr_lookup(&self, cpr_text: &str) -> Result<LookupReport, ApiError> {
        let user = self.session.require(&self.ctx, Operation::CprLookup)?;
        self.desk.lookup_report(&self.ctx, &user, cpr_text).await
    }

    /// The open case, if any.
    pub fn case_current(&self) -> Result<Option<CaseView>, ApiError> {
        self.session.require(&self.ctx, Operation::CaseView)?;
        self.desk.current_view(&self.ctx)
    }

    /// The Send step's card preview: the accepted photo and signature at full size and as the
    /// licence card prints them, with the stroke-width warning (`no_open_case` when none is open).
    pub fn card_preview(&self) -> Result<crate::json::CardPreviewView, ApiError> {
        self.session.require(&self.ctx, Operation::CaseView)?;
        self.desk.card_preview(&self.ctx.config)
    }

    /// Closes the open case (next citizen).
    pub fn case_close(&self) -> Result<(), ApiError> {
        let user = self.session.require(&self.ctx, Operation::CaseClose)?;
        self.desk.close_audited(&self.ctx, &user.id, "closed")
    }

    // --- photo ---------------------------------------------------------------------------------

    /// The cameras to choose from (see [`PhotoCapture::camera_list`]).
    pub fn camera_list(&self) -> Result<Vec<CameraChoice>, ApiError> {
        self.session.require(&self.ctx, Operation::CameraUse)?;
        self.photo.camera_list(&self.ctx)
    }

    /// Chooses the camera for this session; the next [`Skranke::camera_start`] uses it.
    pub fn camera_select(&self, source: &str) -> Result<(), ApiError> {
        self.session.require(&self.ctx, Operation::CameraUse)?;
        self.photo.camera_select(&self.ctx, source)
    }

    /// Opens the chosen camera and starts the preview (see [`PhotoCapture::camera_start`]).
    pub fn camera_start(
        &self,
        on_frame: impl FnMut(Vec<u8>) -> bool + Send + 'static,
        on_event: impl FnMut(CameraEvent) -> bool + Send + 'static,
    ) -> Result<CameraInfo, ApiError> {
        self.session.require(&self.ctx, Operation::CameraUse)?;
        self.photo.camera_start(&self.ctx, on_frame, on_event)
    }

    /// Stops the preview, if one runs (the camera is released).
    pub fn camera_stop(&self) -> Result<(), ApiError> {
        self.photo.camera_stop()
    }

    /// "Tag foto": checks the newest preview frame and keeps it pending on the open case.
    pub fn photo_capture(&self) -> Result<PhotoCheckView, ApiError> {
        self.session.require(&self.ctx, Operation::PhotoCapture)?;
        self.photo.capture(&self.ctx, &self.desk)
    }

    /// Checks a captured frame (upright RGB) and keeps it pending on the open case.
    pub fn photo_check_frame(&self, img: &image::RgbImage) -> Result<PhotoCheckView, ApiError> {
        self.session.require(&self.ctx, Operation::PhotoCapture)?;
        self.photo.check_frame(&self.ctx, &self.desk, img)
    }

    /// Checks an image file's bytes (a scanned stamkort photo, or a still the webview took) and
    /// keeps it pending on the open case.
    pub fn photo_check_bytes(&self, bytes: &[u8]) -> Result<PhotoCheckView, ApiError> {
        self.session.require(&self.ctx, Operation::PhotoCapture)?;
        self.photo.check_bytes(&self.ctx, &self.desk, bytes)
    }

    /// Accepts the pending photo; a failing one needs `override_reason`.
    pub fn photo_accept(&self, override_reason: Option<&str>) -> Result<CheckReport, ApiError> {
        let user = self.session.require(&self.ctx, Operation::PhotoCapture)?;
        self.photo.accept(&self.ctx, &self.desk, &user, override_reason)
    }

    /// Drops the pending photo (and an accepted one): the clerk takes a new one.
    pub fn photo_retake(&self) -> Result<(), ApiError> {
        self.session.require(&self.ctx, Operation::PhotoCapture)?;
        self.photo.retake(&self.desk)
    }

    /// The face models (loaded on first use): the preview's live analysis shares them.
    pub fn photo_models(&self) -> Result<Arc<skranke_photo::Models>, ApiError> {
        self.photo.models()
    }

    // --- signature -----------------------------------------------------------------------------

    /// The signature pad the configuration gives on this PC (the screen when none is found).
    pub fn signature_pad(&self) -> Result<PadInfo, ApiError> {
        self.session.require(&self.ctx, Operation::SignatureCapture)?;
        self.signature.pad(&self.ctx)
    }

    /// Starts reading the signature pad (see [`SignatureCapture::listen`]).
    pub fn signature_listen(
        &self,
        sink: impl FnMut(PadEventView) -> bool + Send + 'static,
    ) -> Result<PadInfo, ApiError> {
        self.session.require(&self.ctx, Operation::SignatureCapture)?;
        self.signature.listen(&self.ctx, sink)
    }

    /// Stops the pad listener, if one runs.
    pub fn signature_stop(&self) -> Result<(), ApiError> {
        self.signature.stop()
    }

    /// Runs the signature checks on a signature from the pad or the screen.
    pub fn signature_check(&self, strokes: &StrokeFile) -> Result<CheckReport, ApiError> {
        self.session.require(&self.ctx, Operation::SignatureCapture)?;
        self.signature.check(&self.ctx, strokes)
    }

    /// Checks, renders and keeps the signature on the open case; refused while a check fails, with
    /// no open case, or when the case is blocked.
    pub fn signature_accept(&self, strokes: StrokeFile) -> Result<CheckReport, ApiError> {
        let user = self.session.require(&self.ctx, Operation::SignatureCapture)?;
        self.signature.accept(&self.ctx, &self.desk, &user, strokes)
    }

    /// The signature accepted on the open case, if any (the send step bundles it).
    pub fn case_signature(&self) -> Result<Option<AcceptedSignature>, ApiError> {
        self.session.require(&self.ctx, Operation::CaseView)?;
        self.desk.accepted_signature()
    }

    // --- send ----------------------------------------------------------------------------------

    /// Send: stores the open case's bundle in the outbox and closes the case (see
    /// [`Sender::send_case`]).
    pub fn send_case(&self) -> Result<SendView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::SendCase)?;
        let scanned = self.desk.with_open(|case| case.and_then(|c| c.scan.clone()))?;
        let view = self.sender.send_case(&self.ctx, &self.desk, &user)?;
        if let Some(s) = scanned {
            // The page is durably queued: only now may its file leave the watched folder.
            self.scan.queued(&s.file_id, s.page)?;
        }
        Ok(view)
    }

    /// `skranke queue add`: stores a bundle file's bytes (checked: it must read and verify).
    pub fn queue_add(&self, bytes: &[u8]) -> Result<SendView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::QueueAdd)?;
        self.sender.queue_add(&self.ctx, &user, bytes)
    }

    /// `skranke bundle make`: a capture bundle from files (see [`crate::sender::bundle_from_files`]).
    pub async fn bundle_from_files(&self, req: &BundleFiles<'_>) -> Result<MadeBundle, ApiError> {
        let user = self.session.require(&self.ctx, Operation::BundleMake)?;
        crate::sender::bundle_from_files(&self.ctx, &user, &self.desk, &self.photo, req).await
    }

    /// Waits until something may be due, or `max` has passed (the background task's tick).
    pub async fn send_wait(&self, max: Duration) {
        self.sender.wait(max).await
    }

    /// One pass of the sender (see [`Sender::pass`]).
    pub async fn send_pass(&self) -> Result<SendPassReport, ApiError> {
        self.sender.pass(&self.ctx, &self.desk).await
    }

    /// Asks the gateway about a capture it cannot know (`skranke diagnose`). Returns the endpoint.
    pub async fn gateway_probe(&self) -> Result<String, ApiError> {
        self.sender.gateway_probe().await
    }

    /// Counts per state and the age of the oldest queued capture (`skranke queue status`).
    pub fn queue_status(&self) -> Result<OutboxStatus, ApiError> {
        self.session.require(&self.ctx, Operation::QueueView)?;
        self.sender.queue_status(&self.ctx)
    }

    /// The outbox's counts without a signed-in user, for `skranke diagnose` (counts only, nothing
    /// personal).
    pub(crate) fn queue_counts(&self) -> Result<OutboxStatus, ApiError> {
        self.sender.queue_status(&self.ctx)
    }

    /// The newest captures in the outbox, optionally only some states.
    pub fn queue_list(&self, states: Vec<OutboxState>, limit: Option<u32>) -> Result<Vec<QueueItemView>, ApiError> {
        self.session.require(&self.ctx, Operation::QueueView)?;
        self.sender.queue_list(&self.ctx, states, limit)
    }

    /// "Prøv igen nu" (see [`Sender::queue_retry`]).
    pub fn queue_retry(&self, capture_id: Option<&str>) -> Result<u32, ApiError> {
        self.session.require(&self.ctx, Operation::QueueRetry)?;
        self.sender.queue_retry(&self.ctx, capture_id)
    }

    /// `skranke queue drain` (see [`Sender::queue_drain`]).
    pub async fn queue_drain(&self, timeout: Duration) -> Result<OutboxStatus, ApiError> {
        self.session.require(&self.ctx, Operation::QueueDrain)?;
        self.sender.queue_drain(&self.ctx, &self.desk, timeout).await
    }

    // --- records -------------------------------------------------------------------------------

    /// `skranke retention run`: deletes (or with [`DryRun::Yes`](crate::records::DryRun) only
    /// counts) what is past its retention period (see [`crate::records`]).
    pub fn retention_run(&self, dry_run: crate::records::DryRun) -> Result<crate::records::RetentionReport, ApiError> {
        let user = self.session.require(&self.ctx, Operation::RetentionRun)?;
        crate::records::run_retention(&self.ctx, &self.sender, &user.id, dry_run)
    }

    /// The app's daily retention run: no user is signed in for it, so it is recorded under
    /// [`crate::records::SCHEDULED_USER`]. Not a command: only the app's background job calls it.
    pub fn retention_scheduled(&self) -> Result<crate::records::RetentionReport, ApiError> {
        let who = crate::records::SCHEDULED_USER;
        crate::records::run_retention(&self.ctx, &self.sender, who, crate::records::DryRun::No)
    }

    /// The register's statistics per user and action for `month` (`YYYY-MM`, local month
    /// boundaries): `skranke audit stats` and the supervisor's "Statistik".
    pub fn audit_stats(&self, month: &str) -> Result<crate::records::UsageStats, ApiError> {
        let user = self.session.require(&self.ctx, Operation::AuditStats)?;
        crate::records::usage(&self.ctx, &user.id, month.parse()?)
    }

    /// A citizen's access request (`skranke audit person`): their lookups and captures; the
    /// clerks' identities only with [`WithUsers::Yes`](crate::records::WithUsers) (IT).
    pub fn audit_person(
        &self,
        cpr: &str,
        with_users: crate::records::WithUsers,
    ) -> Result<crate::records::PersonRecords, ApiError> {
        let operation = match with_users {
            crate::records::WithUsers::Yes => Operation::AccessRequestUsers,
            crate::records::WithUsers::No => Operation::AccessRequest,
        };
        let user = self.session.require(&self.ctx, operation)?;
        crate::records::person(&self.ctx, &user.id, cpr, with_users)
    }
}
