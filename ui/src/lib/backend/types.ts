// The UI's interface to the backend; the shapes of the IPC contract are generated from Rust into
// ../generated/ipc.ts (docs/ipc.md) and re-exported here under the names the UI uses.
import type { Code } from '../generated/codes';

import type {
  AppInfo, CameraChoice, CameraEvent, CameraInfo, CardPreviewView, CaseView, CheckReport, Commands, CprValidationView, Diagnosis, OvalView,
  PadEventView, PadInfo, PersonView, PhotoCheckView, QueueItemView, ReturnedCaseView, ReviewDetailView, ReviewItemView,
  ReviewQueueView, Role, SendView, SessionView, SignInStarted, Status, StrokeFile, SupportBundleSaved, UsageStats, User,
} from '../generated/ipc';

export type {
  AppInfo, CameraChoice, CameraEvent, CameraInfo, CaseView, Check, CheckReport, Connection, GuidanceHint, OutboxState, PadInfo,
  PadKind, PhotoCheckView, Role, SendView, SessionView, Sex, SignInStarted, Status, StrokeFile, UsageCount, UsageStats, User,
  Verdict, CauseCount, HistoryLine, ReturnedCaseView, ReviewDetailView, ReviewItemView, ReviewQueueView, CheckId, CheckStatus,
  ConfigSourceView, Diagnosis, DiagnosticCheck, SupportBundleSaved, CardPreviewView, CardImageView, StrokeWidthView,
} from '../generated/ipc';
import type { Corners, ScanInboxView, ScanPageView } from '../scan/types';

export type {
  Corners, ScanCode, ScanFailedView, ScanFileView, ScanInboxView, ScanOrigin, ScanPageSummary, ScanPageView,
} from '../scan/types';

// The UI's names for generated types (ui/src/lib/generated/ipc.ts, from the Rust types).
export type CprValidation = CprValidationView;
export type PersonStatus = PersonView['status'];
/** A person as the case shows them; `address` is null when protected (never shown). */
export type Person = PersonView;
export type CaseOpenArgs = Commands['case_open']['args'];
/** What a hardware or replay pad reports while the citizen signs. */
export type PadEvent = PadEventView;
/** The guide oval, as fractions of the frame. */
export type Oval = OvalView;
/** One capture in the outbox. */
export type QueueItem = QueueItemView;
/** Why a session locked (`SessionView.lockReason`; the contract types it as a plain string). */
export type LockReason = 'idle' | 'os_session' | 'suspend' | 'by_user';
/** How users sign in (`SessionView.signInMethod`): choose a role, or the municipality's login. */
export type SignInMethod = 'demo' | 'provider';
/** Why a capture waits for a supervisor (Gennemgang). */
export type ReviewCause = ReviewItemView['cause'];
/** A supervisor's decision on a capture in review (`ReviewItemView.decisions` says which are possible). */
export type ReviewDecision = 'approve' | 'return' | 'discard';
/** A running camera preview. */
export type Preview = { info: CameraInfo; stop: () => void };

/** A failed command: the UI shows the text for `code`, never `message`. */
export class BackendError extends Error {
  constructor(public command: string, public code: Code, message: string) {
    super(`${command}: ${code}: ${message}`);
    this.name = 'BackendError';
  }
}

/** Everything the UI may ask of the backend; the only door to Tauri. */
export interface IBackend {
  readonly kind: 'tauri' | 'mock';
  appInfo(): Promise<AppInfo>;
  /** Demo sign-in by role (production answers `demo_sign_in_refused`); while the session is
   *  locked, the same role unlocks it and another one is refused with `unlock_wrong_user`. */
  signIn(role: Role, name?: string): Promise<User>;
  /** Production sign-in, step 1: the provider's address (the shell also opens the browser). */
  signInStart(): Promise<SignInStarted>;
  /** Production sign-in, step 2: waits (up to 5 minutes) for the browser; signs in or unlocks. */
  signInFinish(): Promise<User>;
  /** Cancels the sign-in under way: a waiting `signInFinish` rejects with `sign_in_cancelled`. */
  signInCancel(): Promise<void>;
  /** Signs out and closes the open case (also "Skift bruger" on the lock screen). */
  signOut(): Promise<void>;
  /** Who is signed in, whether the session is locked and why, and the sign-in lock-out. */
  sessionView(): Promise<SessionView>;
  /** Locks the session by hand ("Lås"); the open case is kept. */
  sessionLock(): Promise<SessionView>;
  /** The clerk is using the window: counts as activity against the idle lock (throttled). */
  sessionTouch(): Promise<void>;
  /** The session as the backend reports it every few seconds and when the OS session locks. */
  onSession(handler: (s: SessionView) => void): Promise<() => void>;
  status(): Promise<Status>;
  onStatus(handler: (s: Status) => void): Promise<() => void>;
  /** Local CPR validation (no lookup). */
  cprValidate(text: string): Promise<CprValidation>;
  /** Looks the person up and opens the case; rejects with cpr_service_* when CPR cannot be reached
   *  and `allowUnverified` is false. */
  caseOpen(args: CaseOpenArgs): Promise<CaseView>;
  /** The open case, if any. */
  caseCurrent(): Promise<CaseView | null>;
  /** Closes the open case (next citizen). */
  caseClose(): Promise<void>;
  /** The Send step's card preview: the accepted photo and signature at full size and at the
   *  licence card's print size, with the stroke-width warning; `no_open_case` when none is open. */
  cardPreview(): Promise<CardPreviewView>;
  /** The configured signature pad (canvas when none is found). */
  signaturePad(): Promise<PadInfo>;
  /** Starts the hardware or replay pad; events arrive until the returned stop is called. */
  signatureListen(handler: (e: PadEvent) => void): Promise<() => void>;
  /** Runs the signature checks. */
  signatureCheck(stroke: StrokeFile): Promise<CheckReport>;
  /** Stores the signature on the open case; refused while a check fails. */
  signatureAccept(stroke: StrokeFile): Promise<CheckReport>;
  /** The cameras to choose from. */
  cameraList(): Promise<CameraChoice[]>;
  /** Chooses the camera for the next start. */
  cameraSelect(source: string): Promise<void>;
  /** Starts the camera preview: JPEG frames and guidance until the returned stop is called. */
  cameraStart(onFrame: (jpeg: ArrayBuffer) => void, onEvent: (e: CameraEvent) => void): Promise<Preview>;
  /** Checks the newest preview frame (full still check) and keeps it pending on the case. */
  photoCapture(): Promise<PhotoCheckView>;
  /** Accepts the pending photo; a failing one needs a non-blank reason. */
  photoAccept(overrideReason: string | null): Promise<CheckReport>;
  /** Drops the pending and accepted photo. */
  photoRetake(): Promise<void>;
  /** Stores the case's capture in the outbox and closes the case. */
  sendCase(): Promise<SendView>;
  /** "Prøv igen nu": every queued capture becomes due; returns how many. */
  sendNow(): Promise<number>;
  /** The newest captures in the outbox. */
  queueList(limit?: number): Promise<QueueItem[]>;
  /** The register's statistics for `month` (`YYYY-MM`): entries per user and action
   *  (supervisors and IT; every call is an audit entry). */
  auditStats(month: string): Promise<UsageStats>;
  /** Gennemgang: the captures waiting for a supervisor, oldest first, with counts by cause. */
  reviewQueue(): Promise<ReviewQueueView>;
  /** How many captures wait for review (the supervisor's header); `null` for other roles. */
  reviewWaiting(): Promise<number | null>;
  /** One waiting capture in detail: photo, signature, their checks, the clerk's reasons and its
   *  history (decrypted for display only; the view is audited). */
  reviewShow(captureId: string): Promise<ReviewDetailView>;
  /** Decides with a written reason (1-500 characters). Refused with `review_confirmation_needed`
   *  without a fresh confirmation (a sign-in or step-up at most 5 minutes old, used up by the
   *  decision), and with `review_own_capture` for the clerk who made the capture (four eyes). */
  reviewDecide(captureId: string, decision: ReviewDecision, reason: string): Promise<ReviewItemView>;
  /** Step-up in production, step 1: the provider's address (the shell also opens the browser). */
  reviewConfirmStart(): Promise<SignInStarted>;
  /** Step-up in production, step 2: waits for the browser; someone else is `step_up_wrong_user`.
   *  `signInCancel` ends the wait. */
  reviewConfirmFinish(): Promise<User>;
  /** Step-up in demo mode: the signed-in demo user confirms (refused in production). */
  reviewConfirmDemo(): Promise<User>;
  /** Returnerede sager: the captures supervisors returned to the counter, oldest first. */
  returnedCases(): Promise<ReturnedCaseView[]>;
  /** "Borger informeret" on a returned case, with how the citizen was told (1-500 characters). */
  returnedInform(captureId: string, citizenTold: string): Promise<ReturnedCaseView>;
  /** The returned cases of the open case's person (none without an open case). */
  caseReturned(): Promise<ReturnedCaseView[]>;
  /** Diagnose (IT): every check of `skranke diagnose` on this PC, in the page's order. Takes a few
   *  seconds (TLS probes of the CPR service and the gateway, 5 s timeout each). */
  diagnose(): Promise<Diagnosis>;
  /** "Gem supportpakke" (IT): a zip of versions, the diagnosis, the redacted configuration and the
   *  logs, in the Downloads folder (else the data directory's `support` folder); refused with
   *  `support_bundle_unwritable` when it cannot be written. */
  supportBundle(): Promise<SupportBundleSaved>;
  /** Scanning: the scan inbox. Looking also takes new files from the watched folder and analyses
   *  them (about a second per page), so a call may take seconds. */
  scanInbox(): Promise<ScanInboxView>;
  /** Scanning: adds a file the clerk chose (`scanChooseFiles`) to the inbox. */
  scanOpenFile(path: string): Promise<ScanInboxView>;
  /** Scanning: one page with the proposed crops over it, the cuts and their checks. */
  scanPage(fileId: string, page: number): Promise<ScanPageView>;
  /** Scanning: cuts and checks again after the clerk moved the corners (page pixels). */
  scanAdjust(fileId: string, page: number, photo: Corners, signature: Corners): Promise<ScanPageView>;
  /** Scanning: puts the page's photo and signature on the open case; a failing report needs its
   *  override reason (null when it passes). Refused with `no_open_case` when none is open. */
  scanAccept(fileId: string, page: number, photoOverride: string | null, signatureOverride: string | null): Promise<CaseView>;
  /** Scanning: sets a file aside with the clerk's reason (the watched folder's goes to `failed/`;
   *  an opened one just leaves the inbox). */
  scanReject(fileId: string, reason: string): Promise<ScanInboxView>;
  /** Scanning: the system's file dialog for scans (JPEG, PNG, TIFF, PDF) with this title; the
   *  chosen paths, none when cancelled. Not a command: the dialog plugin's open. */
  scanChooseFiles(title: string): Promise<string[]>;
}

// Compile-time check that IBackend (and so both backends) returns what the generated contract
// says each command returns. Streams (`signature_listen`, `camera_start`) and commands without a
// result return their own shapes.
type Camel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Streams = 'signature_listen' | 'camera_start';
type ResultMismatch = {
  [K in keyof Commands]: K extends Streams ? never
    : Commands[K]['result'] extends null ? never
    : Camel<K> extends keyof IBackend
      ? IBackend[Camel<K>] extends (...args: never[]) => Promise<infer R>
        ? [R] extends [Commands[K]['result']] ? ([Commands[K]['result']] extends [R] ? never : K) : K
        : K
      : K;
}[keyof Commands];
type Assert<T extends true> = T;
/** `true` when no IBackend method disagrees with its command's generated result type. */
export type BackendMatchesContract = Assert<[ResultMismatch] extends [never] ? true : false>;
