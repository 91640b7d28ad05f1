// Local-time helpers for the list of today's captures and the header's queue age.
import { t } from '../i18n/index.svelte';

export function isToday(iso: string, now: Date = new Date()): boolean {
  const d = new Date(iso);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
}

export function timeOfDay(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** 45 s, 3 min, 2 t. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return t('ageSeconds', { n: Math.max(0, Math.round(seconds)) });
  if (seconds < 3600) return t('ageMinutes', { n: Math.floor(seconds / 60) });
  return t('ageHours', { n: Math.floor(seconds / 3600) });
}
