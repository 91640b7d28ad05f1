//! [`ScanDesk`]: the façade's part for scanned paper stamkort (issue 19). It keeps the scan inbox
//! (files from the watched folder, [`watch_folder`], and files opened in the app), the analysis of
//! each page (card, proposed crops, checks: skranke-scan), and puts an accepted page's photo and
//! signature on the open case, marked with the page's [`source_key`], so Send builds a
//! `source = scan` bundle that the outbox queues once. A folder file moves to `done/` once every
//! page with a card is queued.
use crate::case_desk::{CaseDesk, ScannedSource};
use crate::guarded::Guarded;
use crate::sender::Sender;
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_photo::Models;
use skranke_scan::{CardAnalysis, Quad, ScanSettings, ScannedPage};
use skranke_store::AuditAction;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod crops;
mod images;
pub mod import;
pub mod json;
pub mod watch_folder;

pub(crate) use crops::{CheckedCut, accepted_parts, check_cuts, read_cut};
pub use import::{FieldReport, ImportedPage, import_files};
pub use json::{Corners, ScanFailedView, ScanFileView, ScanInboxView, ScanOrigin, ScanPageSummary, ScanPageView};
pub use watch_folder::{WatchFolder, source_key};

/// How long one look at the inbox may spend analysing new files; the rest wait for the next look
/// (a page takes up to about a second).
const LOOK_BUDGET: Duration = Duration::from_secs(2);

/// A page's analysis without its images (they are cut again from the file when shown).
#[derive(Debug, Clone)]
struct PageEntry {
    page: u32,
    dpi: f64,
    dpi_assumed: bool,
    width: u32,
    height: u32,
    /// The card and crops, or why there is no card on the page.
    proposal: Result<Proposal, Code>,
    queued: bool,
}

#[derive(Debug, Clone)]
struct Proposal {
    located: skranke_scan::LocatedCard,
    photo: Quad,
    signature: Quad,
    passes: bool,
}

/// A scanner's file in the inbox.
#[derive(Debug, Clone)]
struct InboxFile {
    id: String,
    sha256: String,
    path: PathBuf,
    name: String,
    origin: ScanOrigin,
    pages: Vec<PageEntry>,
}

impl InboxFile {
    /// Every page with a card is queued (pages without one, e.g. a blank back, do not count).
    fn finished(&self) -> bool {
        let cards: Vec<&PageEntry> = self.pages.iter().filter(|p| p.proposal.is_ok()).collect();
        !cards.is_empty() && cards.iter().all(|p| p.queued)
    }

    fn view(&self) -> ScanFileView {
        ScanFileView {
            id: self.id.clone(),
            name: self.name.clone(),
            origin: self.origin,
            pages: self
                .pages
                .iter()
                .map(|p| ScanPageSummary {
                    page: p.page,
                    passes: p.proposal.as_ref().is_ok_and(|x| x.passes),
                    queued: p.queued,
                    error: p.proposal.as_ref().err().copied(),
                })
                .collect(),
        }
    }
}

#[derive(Default)]
struct ScanState {
    folder: Option<WatchFolder>,
    files: Vec<InboxFile>,
    /// Paths of folder files already handled this session that could not be moved (kept out of
    /// the inbox so a failing move is not analysed again on every look).
    set_aside: Vec<PathBuf>,
    /// The pages of the file shown last, decoded (re-cutting after a handle moves is fast).
    decoded: Option<(String, Arc<Vec<ScannedPage>>)>,
}

/// The scan inbox and the pages' analyses.
#[derive(Default)]
pub struct ScanDesk {
    state: Guarded<ScanState>,
}

impl std::fmt::Debug for ScanDesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanDesk").finish_non_exhaustive()
    }
}

/// What an analysis needs from the configuration and the models.
struct Analyser<'a> {
    ctx: &'a Context,
    models: Arc<Models>,
}

impl Analyser<'_> {
    fn settings(&self) -> ScanSettings<'_> {
        let c = &self.ctx.config;
        ScanSettings {
            layout: &c.scan.layout,
            models: &self.models,
            photo: &c.photo.checks,
            photo_scan: &c.photo.scan,
            signature: &c.signature.scan,
        }
    }

    /// Reads and analyses every page of a file.
    fn analyse_file(&self, bytes: &[u8], name: &str) -> Result<Vec<PageEntry>, ApiError> {
        let pages = skranke_scan::decode_pages(bytes, name)?;
        let settings = self.settings();
        let mut out = Vec::with_capacity(pages.len());
        for p in &pages {
            let proposal = match skranke_scan::analyse_page(p, &settings) {
                Ok(a) => Ok(proposal(&a)),
                Err(e) if is_page_problem(&e) => Err(skranke_core::HasCode::code(&e)),
                Err(e) => return Err(e.into()),
            };
            out.push(PageEntry {
                page: p.page,
                dpi: p.dpi,
                dpi_assumed: p.dpi_assumed,
                width: p.image.width(),
                height: p.image.height(),
                proposal,
                queued: false,
            });
        }
        Ok(out)
    }
}

/// A page without a card is the page's problem (shown on the page); anything else (the face
/// models missing) stops the analysis.
fn is_page_problem(e: &skranke_scan::ScanError) -> bool {
    !matches!(e, skranke_scan::ScanError::FaceModel(_) | skranke_scan::ScanError::PhotoCheck(_))
}

fn proposal(a: &CardAnalysis) -> Proposal {
    Proposal { located: a.located.clone(), photo: a.photo, signature: a.signature, passes: a.passes() }
}

fn sha256_hex(bytes: &[u8]) -> String {
    skranke_core::sha256_hex(bytes)
}

impl ScanDesk {
    /// Looks at the watched folder (when configured): takes files that have stopped changing,
    /// moves finished ones to `done/` (also those whose pages were queued before a crash) and
    /// unusable ones to `failed/`, analyses new ones within [`LOOK_BUDGET`], and returns the inbox.
    pub(crate) fn inbox(&self, ctx: &Context, sender: &Sender, models: Arc<Models>) -> Result<ScanInboxView, ApiError> {
        let mut state = self.state.lock()?;
        let mut failed = Vec::new();
        if let Some(dir) = ctx.config.scan.watch_dir.as_deref() {
            if state.folder.as_ref().is_none_or(|f| f.dir() != dir) {
                state.folder = Some(WatchFolder::open(dir).map_err(watch_error)?);
            }
            let analyser = Analyser { ctx, models };
            look_at_folder(&mut state, &analyser, sender, &mut failed)?;
        }
        Ok(ScanInboxView {
            watch_dir: ctx.config.scan.watch_dir.as_ref().map(|d| d.display().to_string()),
            files: state.files.iter().map(InboxFile::view).collect(),
            failed,
        })
    }

    /// Adds a file chosen in the app (left where it is) and returns the inbox.
    pub(crate) fn open_file(
        &self,
        ctx: &Context,
        sender: &Sender,
        models: Arc<Models>,
        path: &Path,
    ) -> Result<ScanInboxView, ApiError> {
        let bytes = read_scan_file(path)?;
        let sha256 = sha256_hex(&bytes);
        let analyser = Analyser { ctx, models: Arc::clone(&models) };
        {
            let mut state = self.state.lock()?;
            if !state.files.iter().any(|f| f.sha256 == sha256) {
                let name = file_name(path);
                let mut pages = analyser.analyse_file(&bytes, &name)?;
                mark_queued(sender, ctx, &sha256, &mut pages)?;
                state.files.push(InboxFile {
                    id: sha256[..16].to_string(),
                    sha256,
                    path: path.to_path_buf(),
                    name,
                    origin: ScanOrigin::Opened,
                    pages,
                });
            }
        }
        self.inbox(ctx, sender, models)
    }

    /// One page as the clerk works on it: the page picture, the crops, the cuts and their checks.
    pub(crate) fn page(
        &self,
        ctx: &Context,
        models: Arc<Models>,
        file_id: &str,
        page: u32,
    ) -> Result<ScanPageView, ApiError> {
        let (file, entry) = self.entry(file_id, page)?;
        let proposal = entry.proposal.clone().map_err(|code| ApiError::new(code, "no card on this page"))?;
        self.view(ctx, models, &file, &entry, proposal.located, proposal.photo, proposal.signature)
    }

    /// The page again after the clerk moved the crops' handles: cut and checked anew; the new
    /// crops are kept for Accept.
    pub(crate) fn adjust(
        &self,
        ctx: &Context,
        models: Arc<Models>,
        file_id: &str,
        page: u32,
        photo: Corners,
        signature: Corners,
    ) -> Result<ScanPageView, ApiError> {
        let (file, entry) = self.entry(file_id, page)?;
        let proposal = entry.proposal.clone().map_err(|code| ApiError::new(code, "no card on this page"))?;
        let view = self.view(ctx, models, &file, &entry, proposal.located, Quad(photo), Quad(signature))?;
        let passes = view.photo_report.passed() && view.signature_report.passed();
        self.update_entry(file_id, page, |e| {
            if let Ok(p) = e.proposal.as_mut() {
                p.photo = Quad(photo);
                p.signature = Quad(signature);
                p.passes = passes;
            }
        })?;
        Ok(view)
    }

    /// Puts the page's photo and signature (as now cropped) on the open case, marked with the page
    /// it came from. A failing report needs its written reason (held for a supervisor like a
    /// counter override); a page already queued is refused.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn accept(
        &self,
        ctx: &Context,
        models: Arc<Models>,
        desk: &CaseDesk,
        user_id: &str,
        file_id: &str,
        page: u32,
        photo_override: Option<&str>,
        signature_override: Option<&str>,
    ) -> Result<(), ApiError> {
        // The case first: nothing is cut or checked for a case that cannot take it.
        desk.with_capturable(|_| Ok(()))?;
        let (file, entry) = self.entry(file_id, page)?;
        if entry.queued {
            return Err(ApiError::new(Code::ScanAlreadyQueued, "this page is already queued"));
        }
        let proposal = entry.proposal.clone().map_err(|code| ApiError::new(code, "no card on this page"))?;
        let pages = self.decoded(&file)?;
        let scanned = pages_page(&pages, page)?;
        let analyser = Analyser { ctx, models };
        let a = skranke_scan::analyse_with(
            scanned,
            &analyser.settings(),
            proposal.located,
            proposal.photo,
            proposal.signature,
        )?;
        let photo_reason = skranke_core::check_override_reason(photo_override)?;
        let signature_reason = skranke_core::check_override_reason(signature_override)?;
        if !a.photo_report.passed() && photo_reason.is_none() {
            return Err(ApiError::new(
                Code::PhotoChecksFailed,
                "a photo check fails; accepting it needs a written reason",
            ));
        }
        if !a.signature_report.passed() && signature_reason.is_none() {
            return Err(ApiError::new(
                Code::ScanSignatureChecksFailed,
                "a signature check fails; using it needs a written reason",
            ));
        }
        let (photo, signature) = accepted_parts(
            &ctx.config,
            CheckedCut { image: &a.photo_cut, report: a.photo_report, reason: photo_reason },
            CheckedCut { image: &a.signature_cut, report: a.signature_report, reason: signature_reason },
        )?;
        let source = ScannedSource {
            source_key: source_key(&file.sha256, page),
            file_id: file.id.clone(),
            page,
            dpi: entry.dpi.round().clamp(1.0, 100_000.0) as u32,
        };
        let details = serde_json::json!({
            "part": "scan",
            "file_id": file.id,
            "page": page,
            "dpi": source.dpi,
            "photo_verdict": photo.report.verdict,
            "signature_verdict": signature.report.verdict,
            "photo_override": photo.override_reason,
            "signature_override": signature.override_reason,
        });
        let number = desk.with_capturable(|case| {
            case.pending_photo = None;
            case.photo = Some(photo);
            case.signature = Some(signature);
            case.scan = Some(source);
            Ok(case.number)
        })?;
        ctx.audit.record(user_id, AuditAction::Capture, Some(&number), "scan_accepted", details)?;
        tracing::info!(cpr = %number, file_id, page, "scanned card accepted on the case");
        Ok(())
    }

    /// After Send queued a scanned page: marks it, and moves a folder file whose card pages are
    /// all queued to `done/` (an opened file just leaves the inbox).
    pub(crate) fn queued(&self, file_id: &str, page: u32) -> Result<(), ApiError> {
        let mut state = self.state.lock()?;
        let Some(i) = state.files.iter().position(|f| f.id == file_id) else { return Ok(()) };
        if let Some(e) = state.files[i].pages.iter_mut().find(|p| p.page == page) {
            e.queued = true;
        }
        if state.files[i].finished() {
            let file = state.files.remove(i);
            if file.origin == ScanOrigin::Folder
                && let Some(folder) = state.folder.as_mut()
            {
                folder.move_to_done(&file.path).map_err(watch_error)?;
            }
        }
        Ok(())
    }

    /// Sets a file aside with the clerk's reason: a folder file goes to `failed/` with the reason
    /// beside it; an opened file leaves the inbox.
    pub(crate) fn reject(&self, ctx: &Context, user_id: &str, file_id: &str, reason: &str) -> Result<(), ApiError> {
        let reason = skranke_core::check_override_reason(Some(reason))?
            .ok_or_else(|| ApiError::new(Code::BundleEmptyOverrideReason, "a reason is needed"))?;
        let mut state = self.state.lock()?;
        let i = state
            .files
            .iter()
            .position(|f| f.id == file_id)
            .ok_or_else(|| ApiError::new(Code::ScanNotFound, "no such file in the scan inbox"))?;
        let file = state.files.remove(i);
        if file.origin == ScanOrigin::Folder
            && let Some(folder) = state.folder.as_mut()
        {
            folder.move_to_failed(&file.path, &format!("Afvist af sagsbehandler: {reason}")).map_err(watch_error)?;
        }
        let details = serde_json::json!({ "file_id": file.id, "pages": file.pages.len(), "origin": file.origin });
        ctx.audit.record(user_id, AuditAction::Capture, None, "scan_rejected", details)?;
        Ok(())
    }

    fn entry(&self, file_id: &str, page: u32) -> Result<(InboxFile, PageEntry), ApiError> {
        let state = self.state.lock()?;
        let file = state
            .files
            .iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| ApiError::new(Code::ScanNotFound, "no such file in the scan inbox"))?;
        let entry = file
            .pages
            .iter()
            .find(|p| p.page == page)
            .ok_or_else(|| ApiError::new(Code::ScanNotFound, "no such page"))?
            .clone();
        Ok((file.clone(), entry))
    }

    fn update_entry(&self, file_id: &str, page: u32, f: impl FnOnce(&mut PageEntry)) -> Result<(), ApiError> {
        let mut state = self.state.lock()?;
        if let Some(e) =
            state.files.iter_mut().find(|x| x.id == file_id).and_then(|x| x.pages.iter_mut().find(|p| p.page == page))
        {
            f(e);
        }
        Ok(())
    }

    /// The file's pages, decoded once and kept while the clerk works on that file.
    fn decoded(&self, file: &InboxFile) -> Result<Arc<Vec<ScannedPage>>, ApiError> {
        if let Some((id, pages)) = self.state.lock()?.decoded.as_ref()
            && *id == file.id
        {
            return Ok(Arc::clone(pages));
        }
        let bytes = read_scan_file(&file.path)?;
        if sha256_hex(&bytes) != file.sha256 {
            return Err(ApiError::new(Code::ScanNotFound, "the file changed since it was analysed"));
        }
        let pages = Arc::new(skranke_scan::decode_pages(&bytes, &file.name)?);
        self.state.lock()?.decoded = Some((file.id.clone(), Arc::clone(&pages)));
        Ok(pages)
    }

    #[allow(clippy::too_many_arguments)]
    fn view(
        &self,
        ctx: &Context,
        models: Arc<Models>,
        file: &InboxFile,
        entry: &PageEntry,
        located: skranke_scan::LocatedCard,
        photo: Quad,
        signature: Quad,
    ) -> Result<ScanPageView, ApiError> {
        let pages = self.decoded(file)?;
        let scanned = pages_page(&pages, entry.page)?;
        let analyser = Analyser { ctx, models };
        let a = skranke_scan::analyse_with(scanned, &analyser.settings(), located, photo, signature)?;
        Ok(ScanPageView {
            file_id: file.id.clone(),
            page: entry.page,
            dpi: entry.dpi,
            dpi_assumed: entry.dpi_assumed,
            width: entry.width,
            height: entry.height,
            page_image: images::page_data_url(&scanned.image)?,
            card: a.located.card.0,
            photo: a.photo.0,
            photo_found: a.located.photo_edges_found,
            signature: a.signature.0,
            photo_crop: images::jpeg_data_url(&a.photo_cut)?,
            signature_crop: images::png_data_url(&a.signature_cut)?,
            photo_report: a.photo_report,
            signature_report: a.signature_report,
            queued: entry.queued,
        })
    }
}

fn pages_page(pages: &[ScannedPage], page: u32) -> Result<&ScannedPage, ApiError> {
    pages.iter().find(|p| p.page == page).ok_or_else(|| ApiError::new(Code::ScanNotFound, "no such page"))
}

/// One look at the watched folder (see [`ScanDesk::inbox`]).
fn look_at_folder(
    state: &mut ScanState,
    analyser: &Analyser<'_>,
    sender: &Sender,
    failed: &mut Vec<ScanFailedView>,
) -> Result<(), ApiError> {
    let Some(folder) = state.folder.as_mut() else { return Ok(()) };
    let ready = folder.look().map_err(watch_error)?;
    // Files gone from the folder (moved by someone else) leave the inbox.
    state.files.retain(|f| f.origin == ScanOrigin::Opened || ready.iter().any(|r| r.path == f.path));
    let started = Instant::now();
    for r in ready {
        if state.files.iter().any(|f| f.path == r.path) || state.set_aside.contains(&r.path) {
            continue;
        }
        if started.elapsed() > LOOK_BUDGET {
            break;
        }
        let outcome = read_scan_file(&r.path).and_then(|bytes| {
            let sha256 = sha256_hex(&bytes);
            let mut pages = analyser.analyse_file(&bytes, &r.name)?;
            mark_queued(sender, analyser.ctx, &sha256, &mut pages)?;
            Ok((sha256, pages))
        });
        let Some(folder) = state.folder.as_mut() else { return Ok(()) };
        match outcome {
            Ok((sha256, pages)) => {
                let file = InboxFile {
                    id: sha256[..16].to_string(),
                    sha256,
                    path: r.path.clone(),
                    name: r.name.clone(),
                    origin: ScanOrigin::Folder,
                    pages,
                };
                if file.finished() {
                    // Queued before the app stopped: finish the move it did not get to.
                    tracing::info!(file_id = %file.id, "scan already queued; moved to done");
                    if folder.move_to_done(&r.path).is_err() {
                        state.set_aside.push(r.path.clone());
                    }
                } else if file.pages.iter().all(|p| p.proposal.is_err()) {
                    let code =
                        file.pages.first().and_then(|p| p.proposal.as_ref().err().copied()).unwrap_or(Code::ScanNoCard);
                    set_aside(folder, &mut state.set_aside, &r.path, code, failed, &r.name);
                } else {
                    state.files.push(file);
                }
            }
            Err(e) if e.code.as_str().starts_with("scan_") => {
                set_aside(folder, &mut state.set_aside, &r.path, e.code, failed, &r.name);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Moves an unusable folder file to `failed/` with the reason in Danish (for the scanner's
/// operator) and its code.
fn set_aside(
    folder: &mut WatchFolder,
    kept: &mut Vec<PathBuf>,
    path: &Path,
    code: Code,
    failed: &mut Vec<ScanFailedView>,
    name: &str,
) {
    let reason = format!("{} ({})", failure_text(code), code.as_str());
    if let Err(e) = folder.move_to_failed(path, &reason) {
        tracing::warn!(error = %e, "cannot move an unusable scan to failed/");
        kept.push(path.to_path_buf());
    }
    failed.push(ScanFailedView { name: name.to_string(), code });
}

/// Why a file was set aside, in Danish, for the `.txt` beside it in `failed/`.
fn failure_text(code: Code) -> &'static str {
    match code {
        Code::ScanUnreadable => "Filen kan ikke læses (ødelagt eller ikke skrevet færdig)",
        Code::ScanUnsupported => "Filtypen kan ikke bruges; scan til JPEG, PNG, TIFF eller PDF",
        Code::ScanTooLarge => "Filen er for stor til et scannet stamkort",
        Code::ScanEmpty => "Filen indeholder ingen sider",
        Code::ScanInvalidDpi => "Scanningens opløsning er ugyldig",
        _ => "Der blev ikke fundet noget stamkort på nogen side",
    }
}

/// Marks the pages the outbox already holds (queued before a crash or on another look).
fn mark_queued(sender: &Sender, ctx: &Context, sha256: &str, pages: &mut [PageEntry]) -> Result<(), ApiError> {
    for p in pages.iter_mut() {
        let key = source_key(sha256, p.page);
        p.queued = sender.with_outbox(ctx, |o| o.scan_source_capture(&key))?.is_some();
    }
    Ok(())
}

fn read_scan_file(path: &Path) -> Result<Vec<u8>, ApiError> {
    let len = std::fs::metadata(path)
        .map_err(|e| ApiError::new(Code::ScanNotFound, format!("{}: {e}", path.display())))?
        .len();
    if len > watch_folder::MAX_FILE_BYTES {
        return Err(ApiError::new(Code::ScanTooLarge, format!("{len} bytes")));
    }
    std::fs::read(path).map_err(|e| ApiError::new(Code::ScanUnreadable, format!("{}: {e}", path.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "scan".into())
}

fn watch_error(e: watch_folder::WatchFolderError) -> ApiError {
    ApiError::new(Code::ScanWatchDirUnavailable, e.to_string())
}
