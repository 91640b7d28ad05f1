// The header over the outbox cap: red with an icon and "Køen er for lang" for everyone, and for
// supervisors and IT the reason with its numbers (too many unsent, or the oldest too old); and
// the accessible names of the review count and the language button.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q } from '../../test/helpers';
import Header from './Header.svelte';
import type { OverCap } from '../generated/ipc';
import type { Role, Status } from '../backend';
import { setLang } from '../i18n/index.svelte';

let comp: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (comp) unmount(comp);
  comp = null;
  document.body.innerHTML = '';
  setLang('da');
});

const info = {
  version: '0', mode: 'demo' as const, municipality: 'Demokommune', workstation: 'PC', caseRefPattern: '.*', caseRefExample: 'X', idleLockMinutes: 10,
};
const byCount: OverCap = { reason: 'count', unsent: 201, maxUnsent: 200, oldestHours: 3, maxHours: 24 };
const byAge: OverCap = { reason: 'age', unsent: 4, maxUnsent: 200, oldestHours: 30, maxHours: 24 };

async function mountHeader(role: Role, overCap: OverCap | null | undefined, waiting: number | null = null) {
  const status: Status = {
    connection: 'offline', queued: overCap?.unsent ?? 0, oldestQueuedAgeS: null, certificateExpiresInDays: null,
    problem: null, rejected: 0, dead: 0, overCap,
  };
  comp = mount(Header, {
    target: document.body,
    props: { info, user: { id: 'u', name: 'Test', role }, status, waiting, onLock: () => {}, onSignOut: () => {} },
  });
  await settle();
}

describe('Header over the outbox cap', () => {
  it('within the cap: no red header and no badge (absent or null)', async () => {
    await mountHeader('supervisor', undefined);
    expect(q('header')!.classList.contains('skranke-header-over-cap')).toBe(false);
    expect(q('header-over-cap')).toBeNull();
    unmount(comp!);
    comp = null;
    await mountHeader('supervisor', null);
    expect(q('header-over-cap')).toBeNull();
  });

  it('a clerk sees the red header with an icon and the text, not the numbers', async () => {
    await mountHeader('clerk', byCount);
    expect(q('header')!.classList.contains('skranke-header-over-cap')).toBe(true);
    const badge = q('header-over-cap')!;
    expect(badge.getAttribute('role')).toBe('status');
    expect(badge.textContent).toContain('Køen er for lang');
    expect(badge.querySelector('[aria-hidden="true"]')!.textContent).toBe('⚠');
    expect(q('header-over-cap-why')).toBeNull();
  });

  it('a supervisor sees why: too many unsent, with the limit', async () => {
    await mountHeader('supervisor', byCount);
    expect(q('header-over-cap')!.dataset.reason).toBe('count');
    expect(q('header-over-cap-why')!.textContent!.trim()).toBe('201 optagelser venter på at blive sendt; grænsen er 200.');
  });

  it('IT sees why: the oldest has waited too long, in English too', async () => {
    await mountHeader('it', byAge);
    expect(q('header-over-cap')!.dataset.reason).toBe('age');
    expect(q('header-over-cap-why')!.textContent!.trim()).toBe('Den ældste optagelse har ventet mere end 24 timer.');
    setLang('en');
    await settle();
    expect(q('header-over-cap')!.textContent).toContain('Queue over limit');
    expect(q('header-over-cap-why')!.textContent!.trim()).toBe('The oldest capture has waited more than 24 hours.');
  });
});

describe('Header accessibility', () => {
  it('the review count is named with its visible text first (WCAG 2.5.3), in both languages', async () => {
    await mountHeader('supervisor', null, 2);
    const button = q('header-review-waiting')!;
    expect(button.textContent!.trim()).toBe('2 venter');
    expect(button.getAttribute('aria-label')).toBe('2 venter på gennemgang hos en supervisor');
    setLang('en');
    await settle();
    expect(button.getAttribute('aria-label')!.startsWith(button.textContent!.trim())).toBe(true);
  });

  it('the language button is marked with the language it names', async () => {
    await mountHeader('clerk', null);
    expect(q('header-language')!.getAttribute('lang')).toBe('en');
    expect(q('header-language')!.textContent).toBe('English');
    setLang('en');
    await settle();
    expect(q('header-language')!.getAttribute('lang')).toBe('da');
    expect(q('header-language')!.textContent).toBe('Dansk');
    expect(document.documentElement.lang).toBe('en');
  });
});
