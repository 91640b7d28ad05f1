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
}
