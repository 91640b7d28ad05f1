//! Tauri commands: a few lines each, calling the `Skranke` façade. Errors reach the UI as
//! `{code, message}` (see docs/ipc.md); personal data is skipped in traces.
use skranke_api::json::{
    AppInfo, CardPreviewView, CaseView, PhotoCheckView, Role, SendView, SessionView, SignInStarted, Status, UsageStats,
    User,
};
use skranke_api::photo_capture::preview::{CameraEvent, CameraInfo};
use skranke_api::review::{ReturnedCaseView, ReviewDetailView, ReviewItemView, ReviewQueueView};
use skranke_api::scan_desk::{ScanInboxView, ScanPageView};
use skranke_api::sender::views::QueueItemView;
use skranke_api::session::LockReason;
use skranke_api::signature_capture::{CheckReport, PadEventView, PadInfo, StrokeFile};
use skranke_api::support::SupportBundleSaved;
use skranke_api::{ApiError, Devices, Diagnosis, Skranke};
// The citizen window (if configured) hears what happens here: only hints, frames and images.
use crate::citizen::CitizenDisplay;
use tauri::State;
use tauri::ipc::Channel;

/// The handler for every command: exactly `skranke_api::ipc::COMMANDS` (build.rs makes their
/// permissions from it); the `skranke_api::ipc` tests check this list, each command's arguments
/// and result, and capabilities/main.json against it. Every command takes camelCase arguments.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        sign_in,
        sign_in_start,
        sign_in_finish,
        sign_in_cancel,
        sign_out,
        session_view,
        session_lock,
        session_touch,
        status,
        cpr_validate,
        case_open,
        case_current,
        case_close,
        card_preview,
        signature_pad,
        signature_listen,
        signature_stop,
        signature_check,
        signature_accept,
        camera_list,
        camera_select,
        camera_start,
        camera_stop,
        photo_capture,
        photo_accept,
        photo_retake,
        send_case,
        send_now,
        queue_list,
        audit_stats,
        review_queue,
        review_waiting,
        review_show,
        review_decide,
        review_confirm_start,
        review_confirm_finish,
        review_confirm_demo,
        returned_cases,
        returned_inform,
        case_returned,
        diagnose,
        support_bundle,
        scan_inbox,
        scan_open_file,
        scan_page,
        scan_adjust,
        scan_accept,
        scan_reject
    ]
}

#[tauri::command(rename_all = "camelCase")]
fn app_info(app: State<'_, Skranke>) -> AppInfo {
    // The counter page asks once when it starts: the log shows every start, a reload after a
    // crashed web process included (webview_recovery.rs; the recovery e2e test waits for it).
    tracing::info!("the counter page started");
    app.app_info()
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(app, name), err(Debug))]
fn sign_in(app: State<'_, Skranke>, role: Role, name: Option<String>) -> Result<User, ApiError> {
    app.sign_in(role, name.as_deref())
}

/// Production sign-in, step 1: the provider's address, opened in the system browser here (the UI
/// also shows it as a link, in case no browser opens).
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(app), err(Debug))]
async fn sign_in_start(app: State<'_, Skranke>) -> Result<SignInStarted, ApiError> {
    let started = app.sign_in_start().await?;
    if let Err(e) = skranke_api::open_in_browser(&started.authorize_url) {
        tracing::warn!(error = %e, "the system browser did not open; the UI shows the link");
    }
    Ok(started)
}

/// Production sign-in, step 2: waits for the browser's answer.
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(app), err(Debug))]
async fn sign_in_finish(app: State<'_, Skranke>) -> Result<User, ApiError> {
    app.sign_in_finish().await
}

#[tauri::command(rename_all = "camelCase")]
fn sign_in_cancel(app: State<'_, Skranke>) -> Result<(), ApiError> {
    app.sign_in_cancel()
}

#[tauri::command(rename_all = "camelCase")]
fn sign_out(app: State<'_, Skranke>, citizen: State<'_, CitizenDisplay>) -> Result<(), ApiError> {
    citizen.welcome();
    app.sign_out()
}

#[tauri::command(rename_all = "camelCase")]
fn session_view(app: State<'_, Skranke>) -> Result<SessionView, ApiError> {
    app.session_view()
}

/// The clerk is using the window (throttled by the UI): keeps the session from the idle lock.
#[tauri::command(rename_all = "camelCase")]
fn session_touch(app: State<'_, Skranke>) -> Result<(), ApiError> {
    app.session_touch()
}

/// The "Lås" button.
#[tauri::command(rename_all = "camelCase")]
fn session_lock(app: State<'_, Skranke>, citizen: State<'_, CitizenDisplay>) -> Result<SessionView, ApiError> {
    citizen.welcome();
    app.session_lock(LockReason::ByUser)
}

#[tauri::command(rename_all = "camelCase")]
fn status(app: State<'_, Skranke>) -> Status {
    app.status()
}

#[tauri::command(rename_all = "camelCase")]
fn cpr_validate(text: String) -> skranke_api::CprValidationView {
    skranke_api::CprValidationView::from(skranke_api::validate_cpr(&text))
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
async fn case_open(
    app: State<'_, Skranke>,
    citizen: State<'_, CitizenDisplay>,
    cpr: String,
    case_ref: String,
    allow_unverified: Option<bool>,
) -> Result<CaseView, ApiError> {
    citizen.welcome();
    app.case_open(&cpr, &case_ref, allow_unverified.unwrap_or(false)).await
}

#[tauri::command(rename_all = "camelCase")]
fn case_current(app: State<'_, Skranke>) -> Result<Option<CaseView>, ApiError> {
    app.case_current()
}

#[tauri::command(rename_all = "camelCase")]
fn card_preview(app: State<'_, Skranke>) -> Result<CardPreviewView, ApiError> {
    app.card_preview()
}

#[tauri::command(rename_all = "camelCase")]
fn case_close(app: State<'_, Skranke>, citizen: State<'_, CitizenDisplay>) -> Result<(), ApiError> {
    citizen.welcome();
    app.case_close()
}

#[tauri::command(rename_all = "camelCase")]
fn signature_pad(app: State<'_, Skranke>, citizen: State<'_, CitizenDisplay>) -> Result<PadInfo, ApiError> {
    let pad = app.signature_pad()?;
    citizen.signing(pad.width, pad.height);
    Ok(pad)
}

/// Pad events go over `on_event`, one message per event, until the pad ends or the UI stops it.
#[tauri::command(rename_all = "camelCase")]
fn signature_listen(
    app: State<'_, Skranke>,
    citizen: State<'_, CitizenDisplay>,
    on_event: Channel<PadEventView>,
) -> Result<PadInfo, ApiError> {
    let citizen = CitizenDisplay::clone(&citizen);
    app.signature_listen(move |event| {
        if let PadEventView::Sample { x, y, p, .. } = &event {
            citizen.ink(vec![[*x, *y, if *p > 0.0 { 1.0 } else { 0.0 }]]);
        }
        on_event.send(event).is_ok()
    })
}

#[tauri::command(rename_all = "camelCase")]
fn signature_stop(app: State<'_, Skranke>) -> Result<(), ApiError> {
    app.signature_stop()
}

#[tauri::command(rename_all = "camelCase")]
fn signature_check(
    app: State<'_, Skranke>,
    citizen: State<'_, CitizenDisplay>,
    strokes: StrokeFile,
) -> Result<CheckReport, ApiError> {
    // The screen pad's ink reaches the shell only here: the citizen sees it at each pen-up.
    citizen.ink_replaced(strokes.width, strokes.height, ink_points(&strokes));
    app.signature_check(&strokes)
}

/// A stroke file's samples as the citizen window's ink points.
fn ink_points(strokes: &StrokeFile) -> Vec<[f64; 3]> {
    strokes.samples.iter().map(|s| [s.x, s.y, if s.pen_down() { 1.0 } else { 0.0 }]).collect()
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
fn signature_accept(
    app: State<'_, Skranke>,
    citizen: State<'_, CitizenDisplay>,
    strokes: StrokeFile,
) -> Result<CheckReport, ApiError> {
    let report = app.signature_accept(strokes)?;
    if citizen.enabled() {
        let image = app.card_preview().ok().and_then(|c| c.signature).map(|s| s.full);
        citizen.signed(image);
    }
    Ok(report)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
fn photo_accept(app: State<'_, Skranke>, override_reason: Option<String>) -> Result<CheckReport, ApiError> {
    app.photo_accept(override_reason.as_deref())
}

#[tauri::command(rename_all = "camelCase")]
fn photo_retake(app: State<'_, Skranke>) -> Result<(), ApiError> {
    app.photo_retake()
}

/// Send: the capture is saved encrypted in the outbox and the case closes; the sender delivers it.
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
fn send_case(
    handle: tauri::AppHandle,
    app: State<'_, Skranke>,
    citizen: State<'_, CitizenDisplay>,
) -> Result<SendView, ApiError> {
    use tauri::Emitter;
    let sent = app.send_case()?;
    citizen.welcome();
    let _ = handle.emit("status-changed", app.status());
    Ok(sent)
}

/// "Prøv igen nu": every queued capture becomes due and the sender wakes.
#[tauri::command(rename_all = "camelCase")]
fn send_now(app: State<'_, Skranke>) -> Result<u32, ApiError> {
    app.queue_retry(None)
}

/// The newest captures in the outbox (the list of today's captures).
#[tauri::command(rename_all = "camelCase")]
fn queue_list(app: State<'_, Skranke>, limit: Option<u32>) -> Result<Vec<QueueItemView>, ApiError> {
    app.queue_list(Vec::new(), Some(limit.unwrap_or(50)))
}

/// Starts the preview: each frame goes to `on_frame` as raw JPEG bytes (an `ArrayBuffer` in the
/// webview, not JSON), guidance and loss to `on_event`.
#[tauri::command(rename_all = "camelCase")]
fn camera_start(
    app: State<'_, Skranke>,
    citizen: State<'_, CitizenDisplay>,
    on_frame: Channel<tauri::ipc::InvokeResponseBody>,
    on_event: Channel<CameraEvent>,
) -> Result<CameraInfo, ApiError> {
    citizen.camera_started();
    let (frames_to_citizen, events_to_citizen) = (CitizenDisplay::clone(&citizen), CitizenDisplay::clone(&citizen));
    app.camera_start(
        move |jpeg| {
            frames_to_citizen.frame(&jpeg);
            on_frame.send(tauri::ipc::InvokeResponseBody::Raw(jpeg)).is_ok()
        },
        move |event| {
            match &event {
                CameraEvent::Guidance { hint, oval, all_pass, .. } => {
                    events_to_citizen.guidance(*hint, *oval, *all_pass)
                }
                CameraEvent::Lost { .. } => events_to_citizen.camera_stopped(),
            }
            on_event.send(event).is_ok()
        },
    )
}

#[tauri::command(rename_all = "camelCase")]
fn camera_stop(app: State<'_, Skranke>, citizen: State<'_, CitizenDisplay>) -> Result<(), ApiError> {
    citizen.camera_stopped();
    app.camera_stop()
}

/// "Tag foto": the full still check of the newest preview frame (kept pending on the case).
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
fn photo_capture(app: State<'_, Skranke>, citizen: State<'_, CitizenDisplay>) -> Result<PhotoCheckView, ApiError> {
    let checked = app.photo_capture()?;
    citizen.photo_taken(checked.crop_data_url.clone());
    Ok(checked)
}

/// The cameras the clerk can choose from.
#[tauri::command(rename_all = "camelCase")]
fn camera_list(app: State<'_, Skranke>) -> Result<Vec<skranke_api::CameraChoice>, ApiError> {
    app.camera_list()
}

/// Chooses the camera for the next `camera_start`.
#[tauri::command(rename_all = "camelCase")]
fn camera_select(app: State<'_, Skranke>, source: String) -> Result<(), ApiError> {
    app.camera_select(&source)
}

/// The register's monthly statistics per user (the supervisor's "Statistik"); `month` is `YYYY-MM`.
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(app), err(Debug))]
fn audit_stats(app: State<'_, Skranke>, month: String) -> Result<UsageStats, ApiError> {
    app.audit_stats(&month)
}

/// The review queue (supervisors).
#[tauri::command(rename_all = "camelCase")]
fn review_queue(app: State<'_, Skranke>) -> Result<ReviewQueueView, ApiError> {
    app.review_queue()
}

/// How many captures wait for review (the supervisor's header; `null` for other roles).
#[tauri::command(rename_all = "camelCase")]
fn review_waiting(app: State<'_, Skranke>) -> Result<Option<u64>, ApiError> {
    app.review_waiting()
}

/// One capture in review, with its images decrypted for display.
#[tauri::command(rename_all = "camelCase")]
fn review_show(app: State<'_, Skranke>, capture_id: String) -> Result<ReviewDetailView, ApiError> {
    app.review_show(&capture_id)
}

/// A supervisor's decision: approve, return or discard, with a reason.
#[tauri::command(rename_all = "camelCase")]
fn review_decide(
    app: State<'_, Skranke>,
    capture_id: String,
    decision: String,
    reason: String,
) -> Result<ReviewItemView, ApiError> {
    app.review_decide(&capture_id, &decision, &reason)
}

/// Step-up before a decision (production): opens the system browser for a fresh sign-in.
#[tauri::command(rename_all = "camelCase")]
async fn review_confirm_start(app: State<'_, Skranke>) -> Result<SignInStarted, ApiError> {
    let started = app.review_confirm_start().await?;
    if let Err(e) = skranke_api::open_in_browser(&started.authorize_url) {
        tracing::warn!(error = %e, "the system browser did not open; the UI shows the link");
    }
    Ok(started)
}

/// Step-up, production: waits for the browser's answer.
#[tauri::command(rename_all = "camelCase")]
async fn review_confirm_finish(app: State<'_, Skranke>) -> Result<User, ApiError> {
    app.review_confirm_finish().await
}

/// Step-up in demo mode.
#[tauri::command(rename_all = "camelCase")]
fn review_confirm_demo(app: State<'_, Skranke>) -> Result<User, ApiError> {
    app.review_confirm_demo()
}

/// The open returned cases ("Returnerede sager").
#[tauri::command(rename_all = "camelCase")]
fn returned_cases(app: State<'_, Skranke>) -> Result<Vec<ReturnedCaseView>, ApiError> {
    app.returned_cases()
}

/// "Borger informeret" with how the citizen was told.
#[tauri::command(rename_all = "camelCase")]
fn returned_inform(
    app: State<'_, Skranke>,
    capture_id: String,
    citizen_told: String,
) -> Result<ReturnedCaseView, ApiError> {
    app.returned_inform(&capture_id, &citizen_told)
}

/// The returned cases of the open case's person.
#[tauri::command(rename_all = "camelCase")]
fn case_returned(app: State<'_, Skranke>) -> Result<Vec<ReturnedCaseView>, ApiError> {
    app.case_returned()
}

/// The Diagnose page (IT): every check of `skranke diagnose` on this PC.
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(app), err(Debug))]
async fn diagnose(app: State<'_, Skranke>) -> Result<Diagnosis, ApiError> {
    app.diagnose(Devices::connected()).await
}

/// The Diagnose page's button (IT): a support bundle in the Downloads folder.
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(app), err(Debug))]
async fn support_bundle(app: State<'_, Skranke>) -> Result<SupportBundleSaved, ApiError> {
    app.support_bundle(None, Devices::connected()).await
}

// --- scanning (async: analysing a page takes up to a second, off the UI's main thread) ---------

/// The scan inbox; also takes new files from the watched folder.
#[tauri::command(async, rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
fn scan_inbox(app: State<'_, Skranke>) -> Result<ScanInboxView, ApiError> {
    app.scan_inbox()
}

/// Adds a scanner's file the clerk chose ("Åbn fil").
#[tauri::command(async, rename_all = "camelCase")]
#[tracing::instrument(skip_all, err(Debug))]
fn scan_open_file(app: State<'_, Skranke>, path: String) -> Result<ScanInboxView, ApiError> {
    app.scan_open_file(std::path::Path::new(&path))
}

/// One page with its crops, cuts and checks.
#[tauri::command(async, rename_all = "camelCase")]
#[tracing::instrument(skip(app), err(Debug))]
fn scan_page(app: State<'_, Skranke>, file_id: String, page: u32) -> Result<ScanPageView, ApiError> {
    app.scan_page(&file_id, page)
}

/// The page cut and checked again after the clerk moved a crop's handles.
#[tauri::command(async, rename_all = "camelCase")]
#[tracing::instrument(skip(app, photo, signature), err(Debug))]
fn scan_adjust(
    app: State<'_, Skranke>,
    file_id: String,
    page: u32,
    photo: [[f64; 2]; 4],
    signature: [[f64; 2]; 4],
) -> Result<ScanPageView, ApiError> {
    app.scan_adjust(&file_id, page, photo, signature)
}

/// Puts the page's photo and signature on the open case (failing ones with their reasons).
#[tauri::command(async, rename_all = "camelCase")]
#[tracing::instrument(skip(app, photo_override, signature_override), err(Debug))]
fn scan_accept(
    app: State<'_, Skranke>,
    file_id: String,
    page: u32,
    photo_override: Option<String>,
    signature_override: Option<String>,
) -> Result<CaseView, ApiError> {
    app.scan_accept(&file_id, page, photo_override.as_deref(), signature_override.as_deref())
}

/// Sets a file aside with the clerk's reason.
#[tauri::command(async, rename_all = "camelCase")]
#[tracing::instrument(skip(app, reason), err(Debug))]
fn scan_reject(app: State<'_, Skranke>, file_id: String, reason: String) -> Result<ScanInboxView, ApiError> {
    app.scan_reject(&file_id, &reason)
}
