// The session in words: a role's name and why the session locked, in the current language.
import type { LockReason, Role } from '../backend';
import { t, type StringKey } from '../i18n/index.svelte';

const ROLE_KEY: Record<Role, StringKey> = { clerk: 'roleClerk', supervisor: 'roleSupervisor', it: 'roleIt' };
const REASONS: readonly LockReason[] = ['idle', 'os_session', 'suspend', 'by_user'];

/** Sagsbehandler / Supervisor / IT. */
export function roleName(role: Role): string {
  return t(ROLE_KEY[role]);
}

/** The contract types the reason as a string; anything but the four known ones is `null`. */
export function lockReasonOf(reason: string | null): LockReason | null {
  return REASONS.find((r) => r === reason) ?? null;
}

/** Why the session locked: inactivity (with the minutes), Windows locked, asleep, by the user. */
export function lockReasonText(reason: string | null, idleMinutes: number): string {
  const known = lockReasonOf(reason);
  return known ? t(`lockReason_${known}` as const, { minutes: idleMinutes }) : t('lockReason_unknown');
}
