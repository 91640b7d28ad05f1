// Shapes of the IPC contract (docs/ipc.md) for the commands the shell has today.
import type { Code } from '../generated/codes';

export type Role = 'clerk' | 'supervisor' | 'it';
export type AppInfo = {
  version: string; mode: 'demo' | 'production'; municipality: string; workstation: string;
  caseRefPattern: string; caseRefExample: string; idleLockMinutes: number;
};
export type User = { id: string; name: string; role: Role };
export type Status = {
  connection: 'online' | 'offline' | 'unknown'; queued: number;
  oldestQueuedAgeS: number | null; certificateExpiresInDays: number | null;
  /** What stands in the way of sending (gateway_unreachable, certificate_expires_soon, …), or null. */
  problem: Code | null; rejected: number; dead: number;
};

export type Sex = 'M' | 'F';
export type CprValidation = {
  valid: boolean; normalized: string | null; birthDate: string | null;
  sex: Sex | null; mod11: boolean | null; error: Code | null;
};
export type PersonStatus =
  | 'active' | 'no_residence' | 'annulled' | 'deleted' | 'number_changed'
  | 'disappeared' | 'emigrated' | 'dead' | 'unknown';
/** A person as the case shows them; `address` is null when protected (never shown). */
export type Person = {
  name: string; sex: Sex; birthDate: string; age: number;
  address: string | null; status: PersonStatus; statusDate: string | null;
};
/** The open case (docs/ipc.md). */
export type CaseView = {
  caseId: string; caseRef: string;
  cpr: string; cprMasked: string; previousCpr: string | null;
  cprVerified: boolean; person: Person | null;
  protectedAddress: boolean; guardianship: boolean;
  notices: Code[]; blocked: Code | null;
  /** A signature is accepted on the case. */
  signatureAccepted: boolean;
  /** A photo is accepted on the case. */
  photoAccepted: boolean;
};
export type CaseOpenArgs = { cpr: string; caseRef: string; allowUnverified: boolean };

/** One check of a photo or signature report (the message is Danish, from the Rust check). */
export type Check = { id: string; value: number | null; threshold: string; pass: boolean; message: string };
export type CheckReport = { verdict: 'pass' | 'fail'; checks: Check[] };
/** A signature as the stroke file format (docs/signature.md): device units, pressure 0 = pen up. */
export type StrokeFile = {
  width: number; height: number; pressure_max: number;
  samples: [number, number, number, number][];
  pressure_available?: boolean;
};
/** The signature pad in use. `canvas` means pen or mouse on the screen. */
export type PadInfo = {
  kind: 'canvas' | 'replay' | 'wacom'; name: string; width: number; height: number; pressureMax: number;
};
/** What a hardware or replay pad reports while the citizen signs. */
export type PadEvent =
  | { kind: 'sample'; t: number; x: number; y: number; p: number }
  | { kind: 'lost' }
  | { kind: 'done' };

/** The camera in use for the photo step. */
export type CameraInfo = { name: string; kind: 'device' | 'replay'; width: number; height: number; fps: number };
/** The guide oval, as fractions of the frame (field names as Rust sends them). */
export type Oval = { cx: number; cy: number; head_height: number; tolerance: number };
export type GuidanceHint =
  | 'no_face' | 'one_face_only' | 'too_dark' | 'too_bright' | 'center_face'
  | 'move_closer' | 'move_back' | 'look_straight' | 'hold_still' | 'ok';
/** Live guidance per analysed frame, or the camera lost mid-preview. */
export type CameraEvent =
  | { kind: 'guidance'; seq: number; hint: GuidanceHint | null; checks: Check[]; allPass: boolean; autoCapture: boolean; oval: Oval; fps: number }
  | { kind: 'lost'; code: Code };
/** A captured photo's check and its 35:45 crop. */
export type PhotoCheckView = { report: CheckReport; cropDataUrl: string | null; cropBytes: number | null };
/** What Send did. */
export type SendView = { captureId: string; stored: boolean; bundleBytes: number; cprUnverified: boolean };
export type OutboxState = 'queued' | 'sending' | 'awaiting_producer' | 'accepted' | 'rejected' | 'dead';
/** One capture in the outbox. */
export type QueueItem = {
  captureId: string; state: OutboxState; caseRef: string | null; cprMasked: string | null; source: string | null;
  enqueuedAt: string; updatedAt: string; nextAttemptAt: string | null; attempts: number; lastError: string | null;
  reasons: string[]; deadReason: string | null; receiptId: string | null; cprUnverified: boolean; hasBundle: boolean;
};
/** A camera the clerk can choose. */
export type CameraChoice = { source: string; name: string; selected: boolean };
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
  signIn(role: Role, name?: string): Promise<User>;
  signOut(): Promise<void>;
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
}
