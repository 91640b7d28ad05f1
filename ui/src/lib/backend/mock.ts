// In-memory IBackend for tests and for opening the UI in a plain browser (footer says "Mock").
// Its CPR register is a small table of fictitious people; the real rules live in Rust. Its session
// behaves like the backend's (crates/skranke-api/src/session): demo or provider sign-in, the lock
// (guarded calls answer `session_locked`, only the same user unlocks) and the sign-in lock-out.
// Its review queue (Gennemgang) and returned cases follow crates/skranke-api/src/review: four
// eyes, a written reason, and a fresh confirmation (sign-in or step-up) used up per decision.
// Its Diagnose (IT) answers a demo PC's checks, which tests change per check id. Its scan inbox
// (Scanning) holds a made-up scanned stamkort (../scan/mockInbox.ts) and follows
// crates/skranke-api/src/scan_desk: accept needs an open case and a reason for a failing report,
// Send queues the page once, and a file leaves the inbox when every usable page is queued.
import { CODES, type Code } from '../generated/codes';
import { CHECK_TEXT } from '../i18n/checks';
import { CHECK_IDS } from '../i18n/diagnose';
import {
  mockScanFileView, mockScanFiles, mockScanPage, mockScanPageView, type MockScanFile, type MockScanPage,
} from '../scan/mockInbox';
import {
  BackendError, type AppInfo, type CameraChoice, type CameraEvent, type CameraInfo, type CardPreviewView, type CaseOpenArgs, type CaseView, type Check,
  type CheckId, type CheckReport, type CheckStatus, type CprValidation, type Diagnosis, type IBackend, type LockReason, type PadEvent, type PadInfo, type Person,
  type PhotoCheckView, type QueueItem, type ReturnedCaseView, type ReviewDecision, type ReviewDetailView, type ReviewItemView,
  type ReviewQueueView, type Role, type SendView, type SessionView, type SignInMethod, type SignInStarted, type Status,
  type StrokeFile, type SupportBundleSaved, type UsageCount, type UsageStats, type User, type Corners, type ScanFailedView,
  type ScanInboxView, type ScanPageView,
} from './types';

/** What the mock CPR register holds for one number. */
export type MockPerson = {
  person: Person; currentCpr?: string; protectedAddress?: boolean; guardianship?: boolean;
  notices?: Code[]; blocked?: Code | null;
};

const active = (name: string, sex: 'M' | 'F', birthDate: string, age: number): Person => ({
  name, sex, birthDate, age, address: 'Demovej 1, 1234 Demoby', status: 'active', statusDate: null,
});

/** Fictitious people, one per rule the case screen shows. */
export function mockRegister(): Record<string, MockPerson> {
  return {
    '0101901234': { person: active('Anne Demo Hansen', 'F', '1990-01-01', 36) },
    '0202801235': { person: { ...active('Bent Død', 'M', '1980-02-02', 46), status: 'dead' }, blocked: 'cpr_person_dead' },
    '0303701236': { person: { ...active('Carl Udrejst', 'M', '1970-03-03', 56), status: 'emigrated' }, blocked: 'cpr_person_inactive' },
    '0404601237': { person: { ...active('Dorte Ny', 'F', '1960-04-04', 66), status: 'number_changed' }, currentCpr: '0404601238', notices: ['cpr_number_changed'] },
    '0505501239': { person: { ...active('Erik Uden Bopæl', 'M', '1950-05-05', 76), status: 'no_residence', address: null }, notices: ['cpr_no_residence'] },
    '0606401240': { person: { ...active('Fie Beskyttet', 'F', '1940-06-06', 86), address: null }, protectedAddress: true, notices: ['cpr_protected_address'] },
    '0707301241': { person: active('Gert Værge', 'M', '1930-07-07', 96), guardianship: true, notices: ['cpr_guardianship'] },
  };
}

const mask = (d: string) => `${d.slice(0, 6)}-xxxx`;

/** Who may do what (docs/roles.md): the counter flow is for clerks and supervisors; IT may see
 *  the outbox and use the cameras. */
const CAPTURE: readonly Role[] = ['clerk', 'supervisor'];
/** A 1x1 white PNG: the mock's stand-in for every preview image. */
const MOCK_PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWlcWzAAAAABJRU5ErkJggg==';
const EVERYONE: readonly Role[] = ['clerk', 'supervisor', 'it'];
/** Reading the audit trail: supervisors and IT. */
const AUDIT: readonly Role[] = ['supervisor', 'it'];
/** Gennemgang: supervisors (IT only on the command line, but the backend allows it). */
const REVIEW: readonly Role[] = ['supervisor', 'it'];
/** Returnerede sager: the counter. */
const RETURNED: readonly Role[] = ['clerk', 'supervisor'];
/** Diagnose and the support bundle: IT only. */
const IT: readonly Role[] = ['it'];
/** How long a sign-in or step-up counts as a fresh confirmation for one decision. */
const CONFIRMATION_MINUTES = 5;
/** The longest written reason (a decision, how the citizen was told). */
const MAX_REASON_CHARS = 500;

/** A capture waiting in the mock's review queue: its view, what its detail shows, and the
 *  person's number (to find its returned case when the person comes back). */
export type MockReviewEntry = {
  item: ReviewItemView;
  detail: Omit<ReviewDetailView, 'item' | 'ownCapture'>;
  personCpr: string;
};

/** A returned case in the mock, with the person's number (the backend keeps a keyed hash). */
export type MockReturnedCase = { view: ReturnedCaseView; personCpr: string };

/** The calls a test can hold (`MockBackend.hold`) to see the page while they run. */
type HeldCommand = 'diagnose' | 'support_bundle' | 'scan_inbox' | 'scan_adjust';

/** A code as the backend would send it: one the UI knows, else `internal` (as TauriBackend maps). */
const knownCode = (code: string): Code => ((CODES as readonly string[]).includes(code) ? (code as Code) : 'internal');

/** A provider sign-in waiting for the (simulated) browser. */
type WaitingSignIn = { resolve: (u: User) => void; reject: (e: BackendError) => void };

export class MockBackend implements IBackend {
  readonly kind = 'mock' as const;
  info: AppInfo = {
    version: '0.0.0-mock', mode: 'demo', municipality: 'Demokommune', workstation: 'MOCK-PC',
    caseRefPattern: '^[A-Z0-9][A-Z0-9-]{3,29}$', caseRefExample: 'KK-2026-001234', idleLockMinutes: 10,
  };
  current: Status = {
    connection: 'unknown', queued: 0, oldestQueuedAgeS: null, certificateExpiresInDays: null, problem: null, rejected: 0, dead: 0,
  };
  /** `provider` behaves like production: `signIn` is refused, sign-in goes through
   *  signInStart/signInFinish, and the test plays the browser (`browserSignsIn`, `browserFails`). */
  signInMethod: SignInMethod = 'demo';
  user: User | null = null;
  /** Why the session is locked; null while it is not. */
  lockReason: LockReason | null = null;
  /** Sign-in on this "workstation" is locked until then (RFC 3339): set it, or fail sign-ins. */
  lockedOutUntil: string | null = null;
  maxFailedSignIns = 3;
  lockoutMinutes = 15;
  failedSignIns = 0;
  /** Every guarded call refused, with its code. */
  refusals: { command: string; code: Code }[] = [];
  /** Sign-ins started with signInStart (each gives its own fake address). */
  signInsStarted = 0;
  signInCancels = 0;
  private started = false;
  private stepUpStarted = false;
  private waiting: WaitingSignIn | null = null;
  private sessionHandlers = new Set<(s: SessionView) => void>();
  register = mockRegister();
  /** Set to make every lookup fail as if the CPR service were down. */
  cprDown: Code | null = null;
  openCase: CaseView | null = null;
  /** What `cardPreview` answers for an open case; `null`: a small preview of what is accepted. */
  cardPreviewView: CardPreviewView | null = null;
  lookups: CaseOpenArgs[] = [];

  async appInfo() { return this.info; }
  async signIn(role: Role, name?: string) {
    if (this.signInMethod !== 'demo') throw new BackendError('sign_in', 'demo_sign_in_refused', 'production');
    return this.completeSignIn('sign_in', { id: `mock-${role}`, name: name?.trim() || `Mock ${role}`, role });
  }
  async signInStart(): Promise<SignInStarted> {
    if (this.signInMethod !== 'provider') throw new BackendError('sign_in_start', 'not_available', 'demo mode');
    this.checkLockout('sign_in_start');
    // A sign-in already under way is abandoned.
    this.waiting?.reject(new BackendError('sign_in_finish', 'sign_in_cancelled', 'abandoned'));
    this.waiting = null;
    this.started = true;
    this.signInsStarted++;
    return { authorizeUrl: `https://login.mock.invalid/authorize?client_id=skranke&state=mock-${this.signInsStarted}` };
  }
  async signInFinish(): Promise<User> {
    if (!this.started) throw new BackendError('sign_in_finish', 'sign_in_not_started', 'no sign-in under way');
    this.started = false;
    const who = await new Promise<User>((resolve, reject) => (this.waiting = { resolve, reject }));
    return this.completeSignIn('sign_in_finish', who);
  }
  async signInCancel() {
    this.signInCancels++;
    this.started = false;
    this.stepUpStarted = false;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(new BackendError('sign_in_finish', 'sign_in_cancelled', 'cancelled'));
  }
  /** A provider sign-in is waiting for the browser. */
  get waitingForBrowser() { return this.waiting !== null; }
  /** Test helper: the browser sign-in succeeds as `who` (signInFinish then signs in or unlocks;
   *  reviewConfirmFinish confirms). */
  browserSignsIn(who: User) {
    const w = this.waiting;
    if (!w) throw new Error('no sign-in is waiting for the browser');
    this.waiting = null;
    w.resolve(who);
  }
  /** Test helper: the browser sign-in fails with `code` (e.g. identity_provider_unreachable). */
  browserFails(code: Code) {
    const w = this.waiting;
    if (!w) throw new Error('no sign-in is waiting for the browser');
    this.waiting = null;
    w.reject(new BackendError('sign_in_finish', code, 'browser'));
  }
  async signOut() {
    this.scanOnCase = null;
    this.user = null;
    this.confirmedAt = null;
    this.lockReason = null;
    this.openCase = null;
  }
  async sessionView() { return this.view(); }
  async sessionLock() {
    if (this.user && !this.lockReason) this.lockReason = 'by_user';
    return this.view();
  }
  /** How often the UI said the clerk is using the window (tests of the throttle). */
  touches = 0;
  async sessionTouch() {
    this.touches++;
  }
  async onSession(handler: (s: SessionView) => void) {
    this.sessionHandlers.add(handler);
    return () => { this.sessionHandlers.delete(handler); };
  }
  /** Test helper: the session locks as the backend locks it (idle, OS session, suspend). With
   *  `announce` the `session-changed` event follows at once; without, the UI only finds out when a
   *  guarded call is refused with `session_locked`. */
  lockSession(reason: LockReason = 'idle', announce = true) {
    if (this.user && !this.lockReason) this.lockReason = reason;
    if (announce) this.announceSession();
  }
  /** Test helper: the `session-changed` event with the current session, as the backend's tick. */
  announceSession() {
    const v = this.view();
    for (const h of this.sessionHandlers) h({ ...v });
  }
  async status() { return this.current; }
  async onStatus(_handler: (s: Status) => void) { return () => {}; }

  private view(): SessionView {
    this.expireLockout();
    return {
      user: this.user, locked: this.lockReason !== null, lockReason: this.lockReason, lockedOutUntil: this.lockedOutUntil,
      signInMethod: this.signInMethod, idleLockMinutes: this.info.idleLockMinutes,
    };
  }
  private expireLockout() {
    if (this.lockedOutUntil !== null && Date.parse(this.lockedOutUntil) <= Date.now()) this.lockedOutUntil = null;
  }
  private checkLockout(command: string) {
    this.expireLockout();
    if (this.lockedOutUntil !== null) throw new BackendError(command, 'sign_in_locked_out', 'locked out');
  }
  /** Makes `who` the user, as Session::complete_sign_in: while locked only the same user unlocks
   *  (the case stays); anyone else is a failed sign-in. An unlocked session is replaced (its case
   *  closes). */
  private completeSignIn(command: string, who: User): User {
    this.checkLockout(command);
    if (this.user && this.lockReason) {
      if (who.id !== this.user.id) {
        this.failedSignIns++;
        if (this.failedSignIns >= this.maxFailedSignIns) {
          this.failedSignIns = 0;
          this.lockedOutUntil = new Date(Date.now() + this.lockoutMinutes * 60_000).toISOString();
          throw new BackendError(command, 'sign_in_locked_out', 'too many failures');
        }
        throw new BackendError(command, 'unlock_wrong_user', 'another user');
      }
      this.lockReason = null;
      this.failedSignIns = 0;
      return this.user;
    }
    if (this.user) this.openCase = null;
    this.user = who;
    this.failedSignIns = 0;
    this.confirmedAt = Date.now();
    return who;
  }
  /** Refuses a guarded call as Session::require does. */
  private guard(command: string, roles: readonly Role[]) {
    const code: Code | null = !this.user ? 'not_signed_in' : this.lockReason ? 'session_locked'
      : roles.includes(this.user.role) ? null : 'forbidden';
    if (code) {
      this.refusals.push({ command, code });
      throw new BackendError(command, code, 'refused');
    }
  }

  async cprValidate(text: string): Promise<CprValidation> {
    const none = { valid: false, normalized: null, birthDate: null, sex: null, mod11: null };
    const trimmed = text.trim();
    if (trimmed === '') return { ...none, error: 'cpr_empty' };
    if (!/^[0-9 -]*$/.test(trimmed)) return { ...none, error: 'cpr_invalid_characters' };
    const d = trimmed.replace(/[ -]/g, '');
    if (d.length !== 10) return { ...none, error: 'cpr_wrong_length' };
    const day = Number(d.slice(0, 2)), month = Number(d.slice(2, 4));
    if (day < 1 || day > 31 || month < 1 || month > 12) return { ...none, error: 'cpr_impossible_date' };
    const yy = d.slice(4, 6);
    return {
      valid: true, normalized: d, birthDate: `19${yy}-${d.slice(2, 4)}-${d.slice(0, 2)}`,
      sex: Number(d[9]) % 2 === 1 ? 'M' : 'F', mod11: true, error: null,
    };
  }

  async caseOpen(args: CaseOpenArgs): Promise<CaseView> {
    this.guard('case_open', CAPTURE);
    this.lookups.push(args);
    const v = await this.cprValidate(args.cpr);
    if (!v.valid || v.normalized === null) throw new BackendError('case_open', v.error ?? 'internal', 'invalid cpr');
    if (!new RegExp(this.info.caseRefPattern).test(args.caseRef)) {
      throw new BackendError('case_open', 'case_ref_invalid', 'bad case ref');
    }
    const base = {
      caseId: `mock-case-${this.lookups.length}`, caseRef: args.caseRef, previousCpr: null,
      protectedAddress: false, guardianship: false, signatureAccepted: false, photoAccepted: false,
    };
    if (this.cprDown) {
      if (!args.allowUnverified) throw new BackendError('case_open', this.cprDown, 'cpr down');
      this.openCase = {
        ...base, cpr: v.normalized, cprMasked: mask(v.normalized), cprVerified: false, person: null,
        notices: ['cpr_unverified'], blocked: null,
      };
      return this.openCase;
    }
    const found = this.register[v.normalized];
    if (!found) throw new BackendError('case_open', 'cpr_not_found', 'unknown');
    const cpr = found.currentCpr ?? v.normalized;
    this.openCase = {
      ...base, cpr, cprMasked: mask(cpr), previousCpr: found.currentCpr ? v.normalized : null,
      cprVerified: true, person: found.person, protectedAddress: found.protectedAddress ?? false,
      guardianship: found.guardianship ?? false, notices: found.notices ?? [], blocked: found.blocked ?? null,
    };
    return this.openCase;
  }
  async caseCurrent() {
    this.guard('case_current', CAPTURE);
    return this.openCase;
  }
  async caseClose() {
    this.guard('case_close', CAPTURE);
    this.openCase = null;
    this.scanOnCase = null;
  }
  async cardPreview(): Promise<CardPreviewView> {
    this.guard('card_preview', CAPTURE);
    const open = this.openCase;
    if (!open) throw new BackendError('card_preview', 'no_open_case', 'no case is open');
    if (this.cardPreviewView) return this.cardPreviewView;
    const image = (w: number, h: number, fw: number, fh: number) =>
      ({ full: MOCK_PIXEL, card: MOCK_PIXEL, cardWidthPx: w, cardHeightPx: h, fieldWidthMm: fw, fieldHeightMm: fh });
    return {
      dpi: 300,
      photo: open.photoAccepted ? image(294, 378, 25, 32) : null,
      signature: open.signatureAccepted ? image(354, 118, 35, 10) : null,
      strokeWidth: open.signatureAccepted ? { typicalMm: 0.22, minMm: 0.2, thinShare: 0.2, tooThin: false } : null,
    };
  }

  /** The pad the mock reports; a non-canvas pad plays `padEvents` when listened to. */
  pad: PadInfo = { kind: 'canvas', name: 'Skærm', width: 1200, height: 400, pressureMax: 1024 };
  padEvents: PadEvent[] = [];
  listening = 0;
  /** Every stroke file the UI asked to check or accept. */
  checked: StrokeFile[] = [];
  accepted: StrokeFile[] = [];

  async signaturePad() {
    this.guard('signature_pad', CAPTURE);
    return this.pad;
  }
  async signatureListen(handler: (e: PadEvent) => void) {
    this.guard('signature_listen', CAPTURE);
    this.listening++;
    let live = true;
    const events = [...this.padEvents];
    queueMicrotask(() => { for (const e of events) if (live) handler(e); });
    return () => { live = false; this.listening--; };
  }
  async signatureCheck(strokes: StrokeFile) {
    this.guard('signature_check', CAPTURE);
    this.checked.push(strokes);
    return mockSignatureReport(strokes);
  }
  async signatureAccept(strokes: StrokeFile) {
    this.guard('signature_accept', CAPTURE);
    if (!this.openCase) throw new BackendError('signature_accept', 'no_open_case', 'no case');
    const report = mockSignatureReport(strokes);
    if (report.verdict !== 'pass') throw new BackendError('signature_accept', 'signature_checks_failed', 'fails');
    this.accepted.push(strokes);
    this.openCase = { ...this.openCase, signatureAccepted: true };
    return report;
  }

  /** The mock camera; `cameraError` makes cameraStart fail with that code. */
  camera: CameraInfo = { name: 'Mock-kamera', kind: 'replay', width: 640, height: 360, fps: 30 };
  cameraError: Code | null = null;
  /** Events played (in order, after the start resolves) to the preview's handler. */
  cameraEvents: CameraEvent[] = [];
  cameraRunning = 0;
  /** Ids of photo checks that fail on the next capture. */
  photoFailing: string[] = [];
  captures = 0;
  photoAccepts: (string | null)[] = [];
  /** Makes Send fail with this code (the case stays open). */
  sendError: Code | null = null;
  queue: QueueItem[] = [];
  sendNowCalls = 0;

  cameras: CameraChoice[] = [
    { source: 'auto', name: 'Automatisk', selected: true },
    { source: 'replay:demo', name: 'Demokamera', selected: false },
  ];
  async cameraList() {
    this.guard('camera_list', EVERYONE);
    return this.cameras.map((c) => ({ ...c }));
  }
  async cameraSelect(source: string) {
    this.guard('camera_select', EVERYONE);
    this.cameras = this.cameras.map((c) => ({ ...c, selected: c.source === source }));
  }
  async cameraStart(onFrame: (jpeg: ArrayBuffer) => void, onEvent: (e: CameraEvent) => void) {
    this.guard('camera_start', EVERYONE);
    if (this.cameraError) throw new BackendError('camera_start', this.cameraError, 'camera');
    this.cameraRunning++;
    let live = true;
    const events = [...this.cameraEvents];
    queueMicrotask(() => {
      if (live) onFrame(new ArrayBuffer(0));
      for (const e of events) if (live) onEvent(e);
    });
    return { info: this.camera, stop: () => { if (live) this.cameraRunning--; live = false; } };
  }
  async photoCapture(): Promise<PhotoCheckView> {
    this.guard('photo_capture', CAPTURE);
    if (!this.openCase) throw new BackendError('photo_capture', 'no_open_case', 'no case');
    this.captures++;
    return { report: mockPhotoReport(this.photoFailing), cropDataUrl: 'data:image/jpeg;base64,', cropBytes: 1234 };
  }
  async photoAccept(overrideReason: string | null) {
    this.guard('photo_accept', CAPTURE);
    if (!this.openCase) throw new BackendError('photo_accept', 'no_open_case', 'no case');
    const report = mockPhotoReport(this.photoFailing);
    if (report.verdict !== 'pass' && !(overrideReason ?? '').trim()) {
      throw new BackendError('photo_accept', 'photo_checks_failed', 'reason needed');
    }
    this.photoAccepts.push(overrideReason);
    this.openCase = { ...this.openCase, photoAccepted: true };
    return report;
  }
  async photoRetake() {
    this.guard('photo_retake', CAPTURE);
    if (this.openCase) this.openCase = { ...this.openCase, photoAccepted: false };
  }
  async sendCase(): Promise<SendView> {
    this.guard('send_case', CAPTURE);
    const c = this.openCase;
    if (!c) throw new BackendError('send_case', 'no_open_case', 'no case');
    if (c.blocked) throw new BackendError('send_case', 'case_blocked', 'blocked');
    if (!c.photoAccepted) throw new BackendError('send_case', 'photo_missing', 'no photo');
    if (!c.signatureAccepted) throw new BackendError('send_case', 'signature_missing', 'no signature');
    if (this.sendError) throw new BackendError('send_case', this.sendError, 'store');
    const captureId = `mock-capture-${this.queue.length + 1}`;
    const now = new Date().toISOString();
    const scanned = this.scanOnCase;
    this.scanOnCase = null;
    if (scanned) this.scanQueued(scanned.fileId, scanned.page);
    this.queue.unshift({
      captureId, state: 'queued', caseRef: c.caseRef, cprMasked: c.cprMasked, source: scanned ? 'scan' : 'counter', enqueuedAt: now,
      updatedAt: now, nextAttemptAt: now, attempts: 0, lastError: null, reasons: [], deadReason: null, receiptId: null,
      cprUnverified: !c.cprVerified, hasBundle: true,
    });
    this.current = { ...this.current, queued: this.current.queued + 1 };
    // The person's returned cases are answered by this capture.
    this.returned = this.returned.filter((r) => r.personCpr !== c.cpr);
    this.openCase = null;
    return { captureId, stored: true, bundleBytes: 123456, cprUnverified: !c.cprVerified };
  }
  async sendNow() {
    this.guard('send_now', EVERYONE);
    this.sendNowCalls++;
    return this.queue.filter((q) => q.state === 'queued').length;
  }
  async queueList(limit?: number) {
    this.guard('queue_list', EVERYONE);
    return this.queue.slice(0, limit ?? 50);
  }
  /** The month's counts `auditStats` answers with, per month (`YYYY-MM`); none for others. */
  usage: Record<string, UsageCount[]> = {
    '2026-11': [
      { userId: 'mock-clerk', action: 'cpr_lookup', count: 12 },
      { userId: 'mock-clerk', action: 'capture', count: 30 },
      { userId: 'mock-supervisor', action: 'cpr_lookup', count: 2 },
    ],
  };
  /** The months asked for, in order. */
  statsAsked: string[] = [];
  async auditStats(month: string): Promise<UsageStats> {
    this.guard('audit_stats', AUDIT);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BackendError('audit_stats', 'internal', 'not a month');
    this.statsAsked.push(month);
    return { month, from: `${month}-01T00:00:00Z`, to: `${month}-28T00:00:00Z`, rows: this.usage[month] ?? [] };
  }

  /** The captures waiting for a supervisor (oldest first); a few made-up ones for the mock demo. */
  review: MockReviewEntry[] = mockReviewQueue();
  /** The cases supervisors returned to the counter. */
  returned: MockReturnedCase[] = [];
  /** When the user last signed in or confirmed (ms); a decision needs it at most 5 minutes old
   *  and uses it up. Set it to null to make the next decision ask for a step-up. */
  confirmedAt: number | null = null;
  /** Every step-up confirmation, by method. */
  confirmations: ('demo' | 'provider')[] = [];
  /** Every decision made, in order. */
  decisions: { captureId: string; decision: ReviewDecision; reason: string; by: string }[] = [];
  /** The captures opened in detail, in order (the backend audits each). */
  shown: string[] = [];

  private reviewEntry(command: string, captureId: string): MockReviewEntry {
    const entry = this.review.find((e) => e.item.captureId === captureId);
    if (!entry) throw new BackendError(command, 'review_not_found', `${captureId} does not wait for review`);
    return entry;
  }
  private checkedReason(command: string, reason: string): string {
    const r = reason.trim();
    if (r === '' || [...r].length > MAX_REASON_CHARS) throw new BackendError(command, 'review_reason_invalid', 'reason');
    return r;
  }
  async reviewQueue(): Promise<ReviewQueueView> {
    this.guard('review_queue', REVIEW);
    const counts = new Map<ReviewItemView['cause'], number>();
    for (const e of this.review) counts.set(e.item.cause, (counts.get(e.item.cause) ?? 0) + 1);
    return {
      items: this.review.map((e) => ({ ...e.item })),
      counts: [...counts].map(([cause, count]) => ({ cause, count })),
    };
  }
  async reviewWaiting(): Promise<number | null> {
    if (!this.user || this.lockReason || !REVIEW.includes(this.user.role)) return null;
    return this.review.length;
  }
  async reviewShow(captureId: string): Promise<ReviewDetailView> {
    this.guard('review_show', REVIEW);
    const e = this.reviewEntry('review_show', captureId);
    this.shown.push(captureId);
    return { ...e.detail, item: { ...e.item }, ownCapture: e.item.capturedBy === this.user?.id };
  }
  async reviewDecide(captureId: string, decision: ReviewDecision, reason: string): Promise<ReviewItemView> {
    const command = 'review_decide';
    this.guard(command, REVIEW);
    const user = this.user as User;
    const e = this.reviewEntry(command, captureId);
    if (e.item.capturedBy === user.id) throw new BackendError(command, 'review_own_capture', 'four eyes');
    if (!e.item.decisions.includes(decision)) throw new BackendError(command, 'review_decision_not_allowed', decision);
    const r = this.checkedReason(command, reason);
    const fresh = this.confirmedAt !== null && Date.now() - this.confirmedAt <= CONFIRMATION_MINUTES * 60_000;
    if (!fresh) throw new BackendError(command, 'review_confirmation_needed', 'confirm first');
    this.confirmedAt = null;
    this.review = this.review.filter((x) => x !== e);
    this.decisions.push({ captureId, decision, reason: r, by: user.id });
    if (decision === 'return') {
      const i = e.item;
      this.returned.push({
        personCpr: e.personCpr,
        view: {
          captureId, caseRef: i.caseRef, cprMasked: i.cprMasked, cause: i.cause, reasons: [...i.reasons], supervisorReason: r,
          capturedBy: i.capturedBy, returnedBy: user.id, returnedAt: new Date().toISOString(), citizenTold: null,
          informedBy: null, informedAt: null,
        },
      });
    }
    return { ...e.item };
  }
  async reviewConfirmStart(): Promise<SignInStarted> {
    this.guard('review_confirm_start', REVIEW);
    if (this.signInMethod !== 'provider') throw new BackendError('review_confirm_start', 'not_available', 'demo mode');
    this.waiting?.reject(new BackendError('review_confirm_finish', 'sign_in_cancelled', 'abandoned'));
    this.waiting = null;
    this.stepUpStarted = true;
    this.signInsStarted++;
    return { authorizeUrl: `https://login.mock.invalid/authorize?client_id=skranke&state=mock-step-up-${this.signInsStarted}` };
  }
  async reviewConfirmFinish(): Promise<User> {
    if (!this.stepUpStarted) throw new BackendError('review_confirm_finish', 'sign_in_not_started', 'no step-up under way');
    this.stepUpStarted = false;
    const who = await new Promise<User>((resolve, reject) => (this.waiting = { resolve, reject }));
    return this.confirm('review_confirm_finish', who, 'provider');
  }
  async reviewConfirmDemo(): Promise<User> {
    this.guard('review_confirm_demo', REVIEW);
    if (this.signInMethod !== 'demo') throw new BackendError('review_confirm_demo', 'demo_sign_in_refused', 'production');
    return this.confirm('review_confirm_demo', this.user as User, 'demo');
  }
  /** A step-up: only the signed-in user confirms (anyone else is `step_up_wrong_user`). */
  private confirm(command: string, who: User, method: 'demo' | 'provider'): User {
    if (!this.user || this.lockReason) throw new BackendError(command, 'not_signed_in', 'no session to confirm');
    if (who.id !== this.user.id) throw new BackendError(command, 'step_up_wrong_user', 'someone else');
    this.confirmedAt = Date.now();
    this.confirmations.push(method);
    return this.user;
  }
  async returnedCases(): Promise<ReturnedCaseView[]> {
    this.guard('returned_cases', RETURNED);
    return this.returned.map((c) => ({ ...c.view }));
  }
  async returnedInform(captureId: string, citizenTold: string): Promise<ReturnedCaseView> {
    this.guard('returned_inform', RETURNED);
    const told = this.checkedReason('returned_inform', citizenTold);
    const c = this.returned.find((x) => x.view.captureId === captureId);
    if (!c) throw new BackendError('returned_inform', 'review_not_found', 'no such returned case');
    c.view = { ...c.view, citizenTold: told, informedBy: (this.user as User).id, informedAt: new Date().toISOString() };
    return { ...c.view };
  }
  async caseReturned(): Promise<ReturnedCaseView[]> {
    this.guard('case_returned', CAPTURE);
    const cpr = this.openCase?.cpr;
    if (!cpr) return [];
    return this.returned.filter((c) => c.personCpr === cpr).map((c) => ({ ...c.view }));
  }

  /** What `diagnose` answers (a demo PC with a warning or two); tests replace it, e.g. with
   *  `mockDiagnosis({ clock_skew: ['fail', '...'] })`. */
  diagnosis: Diagnosis = mockDiagnosis({
    signature_pads: ['warn', 'no signature pad found; configured: auto (clerks sign on the screen)'],
    gateway_certificate: ['warn', 'expires on 2026-12-15, in 20 days: renew it'],
  });
  /** Set to make `diagnose` fail with this code. */
  diagnoseError: Code | null = null;
  diagnoseCalls = 0;
  /** Where `supportBundle` says it saved the bundle. */
  supportBundlePath = '/home/it/Downloads/skranke-support-MOCK-PC-20261125-120000.zip';
  /** Set to make `supportBundle` fail with this code (e.g. `support_bundle_unwritable`). */
  supportBundleError: Code | null = null;
  supportBundles = 0;
  /** Calls held by `hold` until released. */
  private held = new Map<HeldCommand, Promise<void>>();

  /** Test helper: `command` waits until the returned function is called, so a test sees the page
   *  while the call is under way (the real ones take seconds). */
  hold(command: HeldCommand): () => void {
    let release = () => {};
    this.held.set(command, new Promise<void>((r) => (release = r)));
    return () => {
      this.held.delete(command);
      release();
    };
  }
  async diagnose(): Promise<Diagnosis> {
    this.guard('diagnose', IT);
    this.diagnoseCalls++;
    await this.held.get('diagnose');
    if (this.diagnoseError) throw new BackendError('diagnose', this.diagnoseError, 'diagnose');
    return { ...this.diagnosis, checks: this.diagnosis.checks.map((c) => ({ ...c })) };
  }
  async supportBundle(): Promise<SupportBundleSaved> {
    this.guard('support_bundle', IT);
    this.supportBundles++;
    await this.held.get('support_bundle');
    if (this.supportBundleError) throw new BackendError('support_bundle', this.supportBundleError, 'support bundle');
    return {
      path: this.supportBundlePath, bytes: 48_213,
      files: ['README.txt', 'versions.json', 'diagnose.json', 'config.toml', 'logs/skranke.log'],
    };
  }

  /** The watched scan folder the inbox names (null: none configured). */
  scanWatchDir: string | null = '/srv/scanner/skranke';
  /** The files in the scan inbox, in order. */
  scanFiles: MockScanFile[] = mockScanFiles();
  /** Files that arrive in the watched folder before the next look (each look takes them all). */
  scanArriving: MockScanFile[] = [];
  /** Files the watched folder sets aside at the next look (told once). */
  scanFailing: ScanFailedView[] = [];
  /** What the file dialog answers (the paths chosen; empty: cancelled). */
  scanChosen: string[] = ['/home/clerk/Scanninger/brev-0042.pdf'];
  /** The dialog's titles, and every call of the scan commands with their arguments. */
  scanDialogs: string[] = [];
  scanInboxCalls = 0;
  scanOpened: string[] = [];
  scanAdjusts: { fileId: string; page: number; photo: Corners; signature: Corners }[] = [];
  scanAccepts: { fileId: string; page: number; photoOverride: string | null; signatureOverride: string | null }[] = [];
  scanRejects: { fileId: string; reason: string }[] = [];
  /** The page whose photo and signature are on the open case (Send queues it). */
  scanOnCase: { fileId: string; page: number } | null = null;

  private scanView(): ScanInboxView {
    const failed = this.scanFailing;
    this.scanFailing = [];
    return { watchDir: this.scanWatchDir, files: this.scanFiles.map(mockScanFileView), failed };
  }
  private scanFind(command: string, fileId: string, page?: number): { file: MockScanFile; page: MockScanPage } {
    const file = this.scanFiles.find((f) => f.id === fileId);
    const p = file?.pages.find((x) => x.page === (page ?? x.page));
    if (!file || !p) throw new BackendError(command, knownCode('scan_not_found'), `${fileId} page ${page} is not in the inbox`);
    return { file, page: p };
  }
  /** The page is in the outbox; its file leaves the inbox once every usable page is. */
  private scanQueued(fileId: string, page: number) {
    const file = this.scanFiles.find((f) => f.id === fileId);
    const p = file?.pages.find((x) => x.page === page);
    if (!file || !p) return;
    p.queued = true;
    if (file.pages.every((x) => x.queued || x.error !== null)) this.scanFiles = this.scanFiles.filter((f) => f !== file);
  }
  async scanInbox(): Promise<ScanInboxView> {
    this.guard('scan_inbox', CAPTURE);
    this.scanInboxCalls++;
    await this.held.get('scan_inbox');
    this.scanFiles = [...this.scanFiles, ...this.scanArriving];
    this.scanArriving = [];
    return this.scanView();
  }
  async scanOpenFile(path: string): Promise<ScanInboxView> {
    this.guard('scan_open_file', CAPTURE);
    this.scanOpened.push(path);
    const name = path.split(/[\\/]/).pop() ?? path;
    if (!/\.(jpe?g|png|tiff?|pdf)$/i.test(name)) throw new BackendError('scan_open_file', knownCode('scan_unsupported'), name);
    const id = `opened-${this.scanOpened.length}`;
    this.scanFiles = [...this.scanFiles, { id, name, origin: 'opened', pages: [mockScanPage(1)] }];
    return this.scanView();
  }
  async scanPage(fileId: string, page: number): Promise<ScanPageView> {
    this.guard('scan_page', CAPTURE);
    const found = this.scanFind('scan_page', fileId, page);
    if (found.page.error) throw new BackendError('scan_page', knownCode(found.page.error), 'no card on the page');
    return mockScanPageView(found.file, found.page);
  }
  async scanAdjust(fileId: string, page: number, photo: Corners, signature: Corners): Promise<ScanPageView> {
    this.guard('scan_adjust', CAPTURE);
    this.scanAdjusts.push({ fileId, page, photo, signature });
    await this.held.get('scan_adjust');
    const found = this.scanFind('scan_adjust', fileId, page);
    found.page.photo = photo;
    found.page.signature = signature;
    return mockScanPageView(found.file, found.page);
  }
  async scanAccept(fileId: string, page: number, photoOverride: string | null, signatureOverride: string | null): Promise<CaseView> {
    const command = 'scan_accept';
    this.guard(command, CAPTURE);
    const found = this.scanFind(command, fileId, page);
    if (!this.openCase) throw new BackendError(command, 'no_open_case', 'no case');
    if (this.openCase.blocked) throw new BackendError(command, 'case_blocked', 'blocked');
    if (found.page.queued) throw new BackendError(command, knownCode('scan_already_queued'), 'queued');
    const view = mockScanPageView(found.file, found.page);
    if (view.photoReport.verdict !== 'pass' && !(photoOverride ?? '').trim()) {
      throw new BackendError(command, 'photo_checks_failed', 'reason needed');
    }
    if (view.signatureReport.verdict !== 'pass' && !(signatureOverride ?? '').trim()) {
      throw new BackendError(command, knownCode('scan_signature_checks_failed'), 'reason needed');
    }
    this.scanAccepts.push({ fileId, page, photoOverride, signatureOverride });
    this.scanOnCase = { fileId, page };
    this.openCase = { ...this.openCase, photoAccepted: true, signatureAccepted: true };
    return this.openCase;
  }
  async scanReject(fileId: string, reason: string): Promise<ScanInboxView> {
    this.guard('scan_reject', CAPTURE);
    const found = this.scanFind('scan_reject', fileId);
    const r = reason.trim();
    if (r === '' || [...r].length > MAX_REASON_CHARS) throw new BackendError('scan_reject', 'review_reason_invalid', 'reason');
    this.scanRejects.push({ fileId, reason: r });
    this.scanFiles = this.scanFiles.filter((f) => f !== found.file);
    return this.scanView();
  }
  async scanChooseFiles(title: string): Promise<string[]> {
    this.scanDialogs.push(title);
    return [...this.scanChosen];
  }
}

/** The checks a demo PC reports (demo mode runs no identity provider check, and Skranke started,
 *  so no `services` line): all fine, with `over` replacing the status and detail of some. */
export function mockDiagnosis(over: Partial<Record<CheckId, [CheckStatus, string]>> = {}): Diagnosis {
  const fine: [CheckId, string][] = [
    ['config', 'no file at /etc/skranke/config.toml; built-in demo settings (mode demo)'],
    ['production', 'nothing required is missing'],
    ['config_warnings', 'no risky settings'],
    ['data_dir', '/home/it/.local/share/skranke-demo is writable'],
    ['disk_space', '51200 MiB free'],
    ['cameras', '1 found: Integrated Camera (/dev/video0); configured: auto at 1280x720 30 fps'],
    ['signature_pads', '1 found: Wacom STU-540; configured: auto'],
    ['key_store', 'the master key file in /home/it/.config/skranke/keys was loaded'],
    ['audit_witness', 'not used in demo mode'],
    ['cpr_certificate', 'valid until 2027-11-25 (365 days)'],
    ['cpr_service', 'answers over TLS (HTTP 405); server chain: CN=cpr.demo (issuer CN=Skranke Demo CA, until 2027-11-25)'],
    ['gateway_certificate', 'valid until 2027-11-25 (365 days)'],
    ['gateway', 'https://127.0.0.1/ answers and accepts the client certificate (HTTP 200); server chain: CN=gateway.demo (issuer CN=Skranke Demo CA, until 2027-11-25)'],
    ['clock_skew', 'this PC is 0 s ahead of the gateway'],
    ['sign_in_lockout', 'sign-in is open'],
    ['os_lock', 'the OS reports session locks and suspend'],
    ['queue', 'queued 0, sending 0, awaiting producer 0, accepted 12, rejected 0, dead 0'],
  ];
  const detail = new Map(fine);
  // In the page's order, as Diagnosis::new sorts them.
  const checks = CHECK_IDS.filter((id) => detail.has(id) || id in over).map((id) => {
    const [status, text] = over[id] ?? ['ok', detail.get(id) ?? ''];
    return { id, status, detail: text };
  });
  return {
    ok: checks.every((c) => c.status !== 'fail'), version: '0.0.0-mock',
    config_source: { kind: 'built_in_demo', looked_at: '/etc/skranke/config.toml' }, checks,
  };
}


/** A mock photo report: `pass` or the given failing check ids. */
export function mockPhotoReport(failing: string[] = []): CheckReport {
  const base = ['face_count', 'eye_distance', 'head_size', 'underexposure', 'sharpness'];
  // A failing check outside the five (head_covering, say) is added to the list.
  const ids = [...base, ...failing.filter((id) => !base.includes(id))];
  const checks: Check[] = ids.map((id) => {
    const pass = !failing.includes(id);
    const key = id === 'face_count' ? `photo.face_count.${pass ? 'one' : 'many'}` : `photo.${id}.${pass ? 'pass' : 'fail'}`;
    return { id, value: 1, threshold: '>= 1', pass, key, message: CHECK_TEXT.da[key] };
  });
  return { verdict: checks.every((c) => c.pass) ? 'pass' : 'fail', checks };
}

/** A few of the Rust signature checks, enough for UI tests: ink present, size and duration. */
export function mockSignatureReport(s: StrokeFile): CheckReport {
  const inked = s.samples.filter((x) => x[3] > 0);
  const xs = inked.map((x) => x[1]);
  const ys = inked.map((x) => x[2]);
  const width = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  const height = ys.length ? Math.max(...ys) - Math.min(...ys) : 0;
  const duration = s.samples.length ? s.samples[s.samples.length - 1][0] - s.samples[0][0] : 0;
  const checks: Check[] = (
    [
      ['ink_present', inked.length, '>= 1', inked.length > 0],
      ['duration', duration / 1000, '>= 0.3 s', duration >= 300],
      ['bbox_width', width / s.width, '>= 0.15', width / s.width >= 0.15],
      ['bbox_height', height / s.height, '>= 0.1', height / s.height >= 0.1],
    ] as const
  ).map(([id, value, threshold, pass]) => {
    const key = `signature.${id}.${pass ? 'pass' : 'fail'}`;
    return { id, value, threshold, pass, key, message: CHECK_TEXT.da[key] };
  });
  return { verdict: checks.every((c) => c.pass) ? 'pass' : 'fail', checks };
}

/** A grey 35:45 placeholder portrait and a scribble, as data URLs (the mock has no images). */
const MOCK_PHOTO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="350" height="450"><rect width="350" height="450" fill="#ccc"/>'
    + '<ellipse cx="175" cy="200" rx="90" ry="120" fill="#999"/></svg>',
)}`;
const MOCK_SIGNATURE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><path d="M20 150 C 120 20, 180 180, 300 60 S 480 160, 580 40"'
    + ' stroke="#000" stroke-width="4" fill="none"/></svg>',
)}`;

/** A signature report that passes (the mock's review details). */
function passingSignatureReport(): CheckReport {
  return mockSignatureReport({
    width: 1000, height: 300, pressure_max: 1024, pressure_available: true, samples: [[0, 100, 100, 500], [400, 400, 200, 500]],
  });
}

/** One made-up item waiting for review, captured by `mock-clerk`. */
export function mockReviewEntry(
  captureId: string, cause: ReviewItemView['cause'], over: Partial<ReviewItemView> = {}, detail: Partial<MockReviewEntry['detail']> = {},
): MockReviewEntry {
  const item: ReviewItemView = {
    captureId, cause, reasons: [], caseRef: 'KK-2026-000101', cprMasked: '010190-xxxx', capturedBy: 'mock-clerk',
    enqueuedAt: '2026-11-02T08:30:00Z', since: '2026-11-02T08:45:00Z', photoOverride: false, signatureOverride: false,
    decisions: cause === 'override' ? ['approve', 'return', 'discard'] : ['return', 'discard'],
    ...over,
  };
  return {
    item,
    personCpr: '0101901234',
    detail: {
      photoDataUrl: MOCK_PHOTO, photoReport: mockPhotoReport(item.photoOverride ? ['eye_distance'] : []),
      photoOverrideReason: item.photoOverride ? 'Borgeren kan ikke tage brillerne af.' : null,
      signatureDataUrl: MOCK_SIGNATURE, signatureReport: passingSignatureReport(),
      signatureOverrideReason: item.signatureOverride ? 'Borgeren har rystende hænder.' : null,
      history: [
        { at: item.enqueuedAt, userId: item.capturedBy, action: 'capture', outcome: 'queued' },
        ...(cause === 'override' ? [] : [{ at: item.since, userId: 'sender', action: 'send', outcome: 'rejected_by_gateway' }]),
      ],
      ...detail,
    },
  };
}

/** The mock demo's review queue: a rejection by the gateway and an override, oldest first. */
export function mockReviewQueue(): MockReviewEntry[] {
  const override = mockReviewEntry('mock-review-2', 'override', {
    caseRef: 'KK-2026-000102', cprMasked: '070730-xxxx', enqueuedAt: '2026-11-02T09:10:00Z', since: '2026-11-02T09:10:00Z',
    photoOverride: true,
  });
  return [
    mockReviewEntry('mock-review-1', 'gateway_rejected', { reasons: ['content_digest_mismatch'] }),
    { ...override, personCpr: '0707301241' },
  ];
}
