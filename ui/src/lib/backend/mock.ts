// In-memory IBackend for tests and for opening the UI in a plain browser (footer says "Mock").
// Its CPR register is a small table of fictitious people; the real rules live in Rust.
import type { Code } from '../generated/codes';
import { CHECK_TEXT } from '../i18n/checks';
import {
  BackendError, type AppInfo, type CameraChoice, type CameraEvent, type CameraInfo, type CaseOpenArgs, type CaseView, type Check,
  type CheckReport, type CprValidation, type IBackend, type PadEvent, type PadInfo, type Person, type PhotoCheckView,
  type QueueItem, type Role, type SendView, type Status, type StrokeFile, type User,
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

export class MockBackend implements IBackend {
  readonly kind = 'mock' as const;
  info: AppInfo = {
    version: '0.0.0-mock', mode: 'demo', municipality: 'Demokommune', workstation: 'MOCK-PC',
    caseRefPattern: '^[A-Z0-9][A-Z0-9-]{3,29}$', caseRefExample: 'KK-2026-001234', idleLockMinutes: 10,
  };
  current: Status = {
    connection: 'unknown', queued: 0, oldestQueuedAgeS: null, certificateExpiresInDays: null, problem: null, rejected: 0, dead: 0,
  };
  user: User | null = null;
  register = mockRegister();
  /** Set to make every lookup fail as if the CPR service were down. */
  cprDown: Code | null = null;
  openCase: CaseView | null = null;
  lookups: CaseOpenArgs[] = [];

  async appInfo() { return this.info; }
  async signIn(role: Role, name?: string) {
    this.user = { id: `mock-${role}`, name: name?.trim() || `Mock ${role}`, role };
    return this.user;
  }
  async signOut() { this.user = null; this.openCase = null; }
  async status() { return this.current; }
  async onStatus(_handler: (s: Status) => void) { return () => {}; }

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
  async caseCurrent() { return this.openCase; }
  async caseClose() { this.openCase = null; }

  /** The pad the mock reports; a non-canvas pad plays `padEvents` when listened to. */
  pad: PadInfo = { kind: 'canvas', name: 'Skærm', width: 1200, height: 400, pressureMax: 1024 };
  padEvents: PadEvent[] = [];
  listening = 0;
  /** Every stroke file the UI asked to check or accept. */
  checked: StrokeFile[] = [];
  accepted: StrokeFile[] = [];

  async signaturePad() { return this.pad; }
  async signatureListen(handler: (e: PadEvent) => void) {
    this.listening++;
    let live = true;
    const events = [...this.padEvents];
    queueMicrotask(() => { for (const e of events) if (live) handler(e); });
    return () => { live = false; this.listening--; };
  }
  async signatureCheck(strokes: StrokeFile) {
    this.checked.push(strokes);
    return mockSignatureReport(strokes);
  }
  async signatureAccept(strokes: StrokeFile) {
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
  async cameraList() { return this.cameras.map((c) => ({ ...c })); }
  async cameraSelect(source: string) {
    this.cameras = this.cameras.map((c) => ({ ...c, selected: c.source === source }));
  }
  async cameraStart(onFrame: (jpeg: ArrayBuffer) => void, onEvent: (e: CameraEvent) => void) {
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
    if (!this.openCase) throw new BackendError('photo_capture', 'no_open_case', 'no case');
    this.captures++;
    return { report: mockPhotoReport(this.photoFailing), cropDataUrl: 'data:image/jpeg;base64,', cropBytes: 1234 };
  }
  async photoAccept(overrideReason: string | null) {
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
    if (this.openCase) this.openCase = { ...this.openCase, photoAccepted: false };
  }
  async sendCase(): Promise<SendView> {
    const c = this.openCase;
    if (!c) throw new BackendError('send_case', 'no_open_case', 'no case');
    if (c.blocked) throw new BackendError('send_case', 'case_blocked', 'blocked');
    if (!c.photoAccepted) throw new BackendError('send_case', 'photo_missing', 'no photo');
    if (!c.signatureAccepted) throw new BackendError('send_case', 'signature_missing', 'no signature');
    if (this.sendError) throw new BackendError('send_case', this.sendError, 'store');
    const captureId = `mock-capture-${this.queue.length + 1}`;
    const now = new Date().toISOString();
    this.queue.unshift({
      captureId, state: 'queued', caseRef: c.caseRef, cprMasked: c.cprMasked, source: 'counter', enqueuedAt: now,
      updatedAt: now, nextAttemptAt: now, attempts: 0, lastError: null, reasons: [], deadReason: null, receiptId: null,
      cprUnverified: !c.cprVerified, hasBundle: true,
    });
    this.current = { ...this.current, queued: this.current.queued + 1 };
    this.openCase = null;
    return { captureId, stored: true, bundleBytes: 123456, cprUnverified: !c.cprVerified };
  }
  async sendNow() {
    this.sendNowCalls++;
    return this.queue.filter((q) => q.state === 'queued').length;
  }
  async queueList(limit?: number) { return this.queue.slice(0, limit ?? 50); }
}

/** A mock photo report: `pass` or the given failing check ids. */
export function mockPhotoReport(failing: string[] = []): CheckReport {
  const ids = ['face_count', 'eye_distance', 'head_size', 'underexposure', 'sharpness'];
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
