// The lock screen against the mock backend: it appears on the session-changed event and on a
// session_locked refusal, keeps the open case, unlocks only for the same user, and Skift bruger
// closes the case; the header's Lås locks.
import { afterEach, describe, expect, it } from 'vitest';
import { settle, q, hanne, mountApp, unmountApp } from '../../test/helpers';
import { MockBackend } from '../backend';
import { CODE_TEXT } from '../i18n/index.svelte';
import { timeOfDay } from '../send/time';

afterEach(unmountApp);

async function type(id: string, value: string) {
  const el = q(id) as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

/** Signs in (demo clerk, or Hanne through the provider) and opens a case for Anne Demo Hansen. */
async function startWithCase(method: 'demo' | 'provider' = 'demo') {
  const backend = new MockBackend();
  backend.signInMethod = method;
  mountApp(backend);
  await settle();
  if (method === 'demo') {
    q('signin-clerk')!.click();
  } else {
    q('signin-provider')!.click();
    await settle();
    backend.browserSignsIn(hanne);
  }
  await settle();
  await type('cpr-input', '0101901234');
  await type('case-ref-input', 'KK-2026-000001');
  q('case-lookup')!.click();
  await settle();
  expect(q('person-name')!.textContent).toBe('Anne Demo Hansen');
  return backend;
}

/** The lock screen is shown and nothing of the case or the citizen is on the page. */
function expectLockScreen() {
  expect(q('lock-screen')).not.toBeNull();
  expect(document.querySelector('h1')!.textContent).toBe('Skranke er låst');
  expect(q('step-case')).toBeNull();
  expect(q('header-user')).toBeNull();
  expect(document.body.textContent).not.toContain('Anne Demo Hansen');
  expect(document.activeElement).toBe(q('unlock'));
}

describe('lock screen', () => {
  it('appears on session-changed when the OS session locks; says who and why', async () => {
    const backend = await startWithCase();
    backend.lockSession('os_session');
    await settle();
    expectLockScreen();
    expect(q('lock-screen')!.dataset.reason).toBe('os_session');
    expect(q('lock-reason')!.textContent).toBe('Låst, fordi Windows blev låst.');
    expect(q('lock-user')!.textContent).toBe('Logget ind: Mock clerk (Sagsbehandler)');
    expect(q('unlock')!.textContent).toBe('Lås op');
    expect(backend.openCase).not.toBeNull();
  });

  it('says why for each reason in Danish', async () => {
    const texts = {
      idle: 'Låst på grund af inaktivitet (10 minutter uden aktivitet).',
      suspend: "Låst, fordi pc'en gik i dvale.",
      by_user: 'Låst af dig.',
    } as const;
    const backend = await startWithCase();
    for (const [reason, text] of Object.entries(texts)) {
      backend.lockReason = null;
      backend.lockSession(reason as keyof typeof texts);
      await settle();
      expect(q('lock-reason')!.textContent).toBe(text);
    }
  });

  it('appears when a guarded call is refused with session_locked (no event needed)', async () => {
    const backend = await startWithCase();
    backend.lockSession('idle', false);
    // The screen does not know yet; going to the photo step starts the camera, which is refused.
    q('case-continue')!.click();
    await settle();
    expect(backend.refusals.some((r) => r.code === 'session_locked')).toBe(true);
    expectLockScreen();
    expect(q('lock-reason')!.textContent).toBe('Låst på grund af inaktivitet (10 minutter uden aktivitet).');
  });

  it('Lås op as the same role returns to the step it was on, with the case intact', async () => {
    const backend = await startWithCase();
    const caseId = backend.openCase!.caseId;
    q('case-continue')!.click();
    await settle();
    expect(document.querySelector('main h1')!.textContent).toBe('Foto');
    backend.lockSession('idle');
    await settle();
    expectLockScreen();
    q('unlock')!.click();
    await settle();
    expect(q('lock-screen')).toBeNull();
    expect(backend.lockReason).toBeNull();
    expect(backend.openCase?.caseId).toBe(caseId);
    expect(document.querySelector('main h1')!.textContent).toBe('Foto');
    expect(q('step-photo')!.getAttribute('aria-current')).toBe('step');
    expect(q('photo-step')).not.toBeNull();
    expect(q('step-needs-case')).toBeNull();
    q('step-case')!.click();
    await settle();
    expect(q('person-name')!.textContent).toBe('Anne Demo Hansen');
  });

  it('provider: Lås op goes through the browser; another user is refused in Danish, the same user unlocks', async () => {
    const backend = await startWithCase('provider');
    backend.lockSession('suspend');
    await settle();
    expect(q('lock-user')!.textContent).toBe('Logget ind: Hanne Hansen (Sagsbehandler)');
    q('unlock')!.click();
    await settle();
    expect(q('signin-progress')!.textContent).toContain('Login er åbnet i din browser');
    expect(q('auth-url')!.getAttribute('href')).toContain('https://login.mock.invalid/authorize');
    expect(q('unlock')).toBeNull();

    backend.browserSignsIn({ id: 'bo@kommune.dk', name: 'Bo', role: 'clerk' });
    await settle();
    expect(q('lock-screen')).not.toBeNull();
    expect(q('unlock-failure')!.dataset.code).toBe('unlock_wrong_user');
    expect(q('unlock-failure')!.textContent!.trim()).toBe(CODE_TEXT.unlock_wrong_user.da);
    expect(backend.user).toEqual(hanne);

    q('unlock')!.click();
    await settle();
    expect(q('unlock-failure')).toBeNull();
    backend.browserSignsIn(hanne);
    await settle();
    expect(q('lock-screen')).toBeNull();
    expect(q('header-user')!.textContent).toBe('Hanne Hansen');
    expect(q('person-name')!.textContent).toBe('Anne Demo Hansen');
  });

  it('provider: Annuller on the lock screen returns to Lås op', async () => {
    const backend = await startWithCase('provider');
    backend.lockSession('idle');
    await settle();
    q('unlock')!.click();
    await settle();
    q('signin-cancel')!.click();
    await settle();
    expect(backend.signInCancels).toBe(1);
    expect(q('unlock')).not.toBeNull();
    expect(q('unlock-failure')).toBeNull();
    expect(q('lock-screen')).not.toBeNull();
  });

  it('repeated wrong users lock sign-in out: shown with the time, Lås op disabled', async () => {
    const backend = await startWithCase('provider');
    backend.lockSession('idle');
    await settle();
    for (let i = 0; i < backend.maxFailedSignIns; i++) {
      q('unlock')!.click();
      await settle();
      backend.browserSignsIn({ id: `other-${i}`, name: 'Anden', role: 'clerk' });
      await settle();
    }
    expect(q('unlock-failure')!.dataset.code).toBe('sign_in_locked_out');
    expect(backend.lockedOutUntil).not.toBeNull();
    expect(q('signin-locked-out')!.textContent).toContain(`Login er spærret til kl. ${timeOfDay(backend.lockedOutUntil!)}.`);
    expect((q('unlock') as HTMLButtonElement).disabled).toBe(true);
    // Skift bruger is still possible.
    expect((q('switch-user') as HTMLButtonElement).disabled).toBe(false);
  });

  it('Skift bruger says the case will be closed, signs out and goes to sign-in', async () => {
    const backend = await startWithCase();
    backend.lockSession('idle');
    await settle();
    expect(q('switch-user')!.textContent).toBe('Skift bruger');
    expect(q('switch-user')!.getAttribute('aria-describedby')).toBe('switch-user-text');
    expect(q('switch-user-text')!.textContent).toContain('Den åbne sag bliver lukket');
    q('switch-user')!.click();
    await settle();
    expect(backend.user).toBeNull();
    expect(backend.openCase).toBeNull();
    expect(q('lock-screen')).toBeNull();
    expect(q('signin-clerk')).not.toBeNull();
    // The next user starts on a fresh case.
    q('signin-supervisor')!.click();
    await settle();
    expect(document.querySelector('main h1')!.textContent).toBe('Sag');
    expect(q('cpr-input')).not.toBeNull();
  });
});

describe('header', () => {
  it('Lås locks at once, keeping the case', async () => {
    const backend = await startWithCase();
    const lock = q('header-lock')!;
    expect(lock.textContent).toBe('Lås');
    expect(lock.getAttribute('aria-label')).toBe('Lås Skranke (sagen bevares)');
    lock.click();
    await settle();
    expect(backend.lockReason).toBe('by_user');
    expectLockScreen();
    expect(q('lock-reason')!.textContent).toBe('Låst af dig.');
    expect(backend.openCase).not.toBeNull();
  });

  it('shows a sign-in lock-out as a warning badge', async () => {
    const backend = await startWithCase();
    const until = new Date(Date.now() + 5 * 60_000).toISOString();
    backend.lockedOutUntil = until;
    backend.announceSession();
    await settle();
    expect(q('header-locked-out')!.textContent!.trim()).toBe(`Login spærret til kl. ${timeOfDay(until)}`);
    expect(q('header-locked-out')!.className).toContain('skranke-warning-badge');
  });
});
