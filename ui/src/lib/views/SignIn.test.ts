// The sign-in screen against the mock backend: the municipality's login in the browser (progress,
// the link, Annuller, failures in Danish), demo sign-in by role, and the lock-out.
import { afterEach, describe, expect, it } from 'vitest';
import { settle, q, qa, hanne, mountApp, unmountApp } from '../../test/helpers';
import { MockBackend } from '../backend';
import { CODE_TEXT } from '../i18n/index.svelte';
import { timeOfDay } from '../send/time';

afterEach(unmountApp);

async function start(setup: (b: MockBackend) => void = () => {}) {
  const backend = new MockBackend();
  setup(backend);
  mountApp(backend);
  await settle();
  return backend;
}

const provider = (b: MockBackend) => (b.signInMethod = 'provider');

/** Presses "Log ind med kommunens login" and lets the mock start the sign-in. */
async function pressSignIn() {
  q('signin-provider')!.click();
  await settle();
}

describe('provider sign-in', () => {
  it('shows one button, focused, and no role buttons', async () => {
    await start(provider);
    expect(q('signin-provider')!.textContent).toBe('Log ind med kommunens login');
    expect(document.activeElement).toBe(q('signin-provider'));
    expect(q('signin-clerk')).toBeNull();
    expect(q('signin-progress')).toBeNull();
  });

  it('shows the progress and the link while the browser has it, and signs in on finish', async () => {
    const backend = await start(provider);
    await pressSignIn();
    expect(backend.signInsStarted).toBe(1);
    expect(backend.waitingForBrowser).toBe(true);
    // The progress is in a live region; the link is the provider's address, for a new tab.
    expect(q('signin-live')!.getAttribute('aria-live')).toBe('polite');
    expect(q('signin-live')!.contains(q('signin-progress'))).toBe(true);
    expect(q('signin-progress')!.textContent).toBe('Login er åbnet i din browser. Gennemfør login der …');
    const link = q('auth-url') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://login.mock.invalid/authorize?client_id=skranke&state=mock-1');
    expect(link.target).toBe('_blank');
    expect(link.textContent).toBe('Åbn login-siden igen');
    expect(document.activeElement).toBe(link);
    expect(q('signin-cancel')!.textContent).toBe('Annuller');
    expect(q('signin-provider')).toBeNull();

    backend.browserSignsIn(hanne);
    await settle();
    expect(backend.user).toEqual(hanne);
    expect(backend.signInCancels).toBe(0);
    expect(q('signin-screen')).toBeNull();
    expect(q('header-user')!.textContent).toBe('Hanne Hansen');
    expect(q('header-role')!.textContent).toBe('Sagsbehandler');
    expect(document.querySelector('main h1')!.textContent).toBe('Sag');
  });

  it('Annuller cancels the sign-in and returns to the button, with no error', async () => {
    const backend = await start(provider);
    await pressSignIn();
    q('signin-cancel')!.click();
    await settle();
    expect(backend.signInCancels).toBe(1);
    expect(backend.waitingForBrowser).toBe(false);
    expect(q('signin-progress')).toBeNull();
    expect(q('auth-url')).toBeNull();
    expect(q('signin-failure')).toBeNull();
    expect(document.activeElement).toBe(q('signin-provider'));
    // And it can be started again.
    await pressSignIn();
    expect(backend.signInsStarted).toBe(2);
    expect(q('auth-url')!.getAttribute('href')).toContain('state=mock-2');
  });

  for (const code of ['identity_provider_unreachable', 'sign_in_no_role', 'sign_in_timed_out', 'sign_in_cancelled'] as const) {
    it(`shows ${code} in Danish and offers the button again`, async () => {
      const backend = await start(provider);
      await pressSignIn();
      backend.browserFails(code);
      await settle();
      const failure = q('signin-failure')!;
      expect(failure.dataset.code).toBe(code);
      expect(failure.getAttribute('role')).toBe('alert');
      expect(failure.textContent!.trim()).toBe(CODE_TEXT[code].da);
      expect(q('signin-progress')).toBeNull();
      expect((q('signin-provider') as HTMLButtonElement).disabled).toBe(false);
      expect(backend.user).toBeNull();
    });
  }

  it('a failure to start shows its text', async () => {
    const backend = await start(provider);
    backend.lockedOutUntil = new Date(Date.now() + 10 * 60_000).toISOString();
    await pressSignIn();
    expect(q('signin-failure')!.dataset.code).toBe('sign_in_locked_out');
    expect(backend.signInsStarted).toBe(0);
    // The failure re-reads the session: the lock-out is shown and sign-in disabled.
    expect(q('signin-locked-out')).not.toBeNull();
    expect((q('signin-provider') as HTMLButtonElement).disabled).toBe(true);
  });

  it('leaving the screen while the browser has the sign-in cancels it', async () => {
    const backend = await start(provider);
    await pressSignIn();
    unmountApp();
    await settle();
    expect(backend.signInCancels).toBe(1);
    expect(backend.waitingForBrowser).toBe(false);
  });
});

describe('lock-out', () => {
  it('shows until when (HH:MM) and disables sign-in, provider and demo', async () => {
    const until = new Date(Date.now() + 15 * 60_000).toISOString();
    for (const method of ['provider', 'demo'] as const) {
      await start((b) => {
        b.signInMethod = method;
        b.lockedOutUntil = until;
      });
      const alert = q('signin-locked-out')!;
      expect(alert.textContent).toContain(CODE_TEXT.sign_in_locked_out.da);
      expect(alert.textContent).toContain(`Login er spærret til kl. ${timeOfDay(until)}.`);
      const buttons = method === 'provider' ? [q('signin-provider')!] : ['clerk', 'supervisor', 'it'].map((r) => q(`signin-${r}`)!);
      for (const b of buttons) expect((b as HTMLButtonElement).disabled).toBe(true);
      unmountApp();
    }
  });

  it('sign-in opens again when the backend says the lock-out is over', async () => {
    const backend = await start((b) => (b.lockedOutUntil = new Date(Date.now() + 15 * 60_000).toISOString()));
    expect((q('signin-clerk') as HTMLButtonElement).disabled).toBe(true);
    backend.lockedOutUntil = null;
    backend.announceSession();
    await settle();
    expect(q('signin-locked-out')).toBeNull();
    expect((q('signin-clerk') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('demo sign-in', () => {
  it('offers the three roles in Danish, the first focused, and signs in with the name given', async () => {
    const backend = await start();
    expect(qa('signin-clerk').length + qa('signin-supervisor').length + qa('signin-it').length).toBe(3);
    expect(['clerk', 'supervisor', 'it'].map((r) => q(`signin-${r}`)!.textContent)).toEqual(['Sagsbehandler', 'Supervisor', 'IT']);
    expect(document.activeElement).toBe(q('signin-clerk'));
    expect(q('signin-provider')).toBeNull();
    const input = document.getElementById('signin-name') as HTMLInputElement;
    input.value = 'Søren';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    q('signin-supervisor')!.click();
    await settle();
    expect(backend.user).toEqual({ id: 'mock-supervisor', name: 'Søren', role: 'supervisor' });
    expect(q('header-role')!.textContent).toBe('Supervisor');
  });
});
