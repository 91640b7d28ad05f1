// In-memory IBackend for tests and for opening the UI in a plain browser (footer says "Mock").
import type { AppInfo, IBackend, Role, Status, User } from './types';

export class MockBackend implements IBackend {
  readonly kind = 'mock' as const;
  info: AppInfo = {
    version: '0.0.0-mock', mode: 'demo', municipality: 'Demokommune', workstation: 'MOCK-PC',
    caseRefPattern: '^[A-Z0-9][A-Z0-9-]{3,29}$', caseRefExample: 'KK-2026-001234', idleLockMinutes: 10,
  };
  current: Status = { connection: 'unknown', queued: 0, oldestQueuedAgeS: null, certificateExpiresInDays: null };
  user: User | null = null;
  async appInfo() { return this.info; }
  async signIn(role: Role, name?: string) {
    this.user = { id: `mock-${role}`, name: name?.trim() || `Mock ${role}`, role };
    return this.user;
  }
  async signOut() { this.user = null; }
  async status() { return this.current; }
  async onStatus(_handler: (s: Status) => void) { return () => {}; }
}
