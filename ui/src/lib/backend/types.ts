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
}
