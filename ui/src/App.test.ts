import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q } from './test/helpers';
import App from './App.svelte';
import { MockBackend } from './lib/backend';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

async function startSignedIn() {
  const backend = new MockBackend();
  app = mount(App, { target: document.body, props: { backend } });
  await settle();
  q('signin-clerk')!.click();
  await settle();
  return backend;
}

describe('App frame', () => {
  it('signs in and shows the Danish header and the Sag step', async () => {
    const backend = await startSignedIn();
    expect(backend.user?.role).toBe('clerk');
    expect(q('header-municipality')!.textContent).toContain('Demokommune');
    expect(q('header-connection')!.textContent).toBe('Forbindelse ukendt');
    expect(q('header-queue')!.textContent).toBe('Kø: 0');
    expect(document.querySelector('main h1')!.textContent).toBe('Sag');
    expect(q('step-case')!.getAttribute('aria-current')).toBe('step');
  });

  it('typing counts as activity against the idle lock, at most once in 30 s, and not while signed out', async () => {
    const backend = await startSignedIn();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b' }));
    window.dispatchEvent(new MouseEvent('pointerdown'));
    await settle();
    expect(backend.touches).toBe(1);
    q('header-sign-out')!.click();
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'c' }));
    await settle();
    expect(backend.touches).toBe(1);
  });

  it('moves between steps; a later step asks for a case first', async () => {
    await startSignedIn();
    q('step-photo')!.click();
    await settle();
    expect(document.querySelector('main h1')!.textContent).toBe('Foto');
    expect(q('step-photo')!.getAttribute('aria-current')).toBe('step');
    expect(q('step-case')!.getAttribute('aria-current')).toBeNull();
    expect(q('step-needs-case')!.textContent).toContain('Åbn en sag først');
  });

  it('steps are real buttons, reachable by keyboard', async () => {
    await startSignedIn();
    for (const id of ['step-case', 'step-photo', 'step-signature', 'step-send']) {
      const el = q(id)!;
      expect(el.tagName).toBe('BUTTON');
      expect(el.getAttribute('type')).toBe('button');
      expect(el.tabIndex).toBe(0);
    }
  });

  it('IT sees the outbox and a note, no case flow', async () => {
    const backend = new MockBackend();
    backend.queue = [{
      captureId: 'c1', state: 'queued', caseRef: 'KK-1', cprMasked: '010190-xxxx', source: 'counter', enqueuedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(), nextAttemptAt: null, attempts: 1, lastError: null, reasons: [], deadReason: null,
      receiptId: null, cprUnverified: false, hasBundle: true,
    }];
    app = mount(App, { target: document.body, props: { backend } });
    await settle();
    q('signin-it')!.click();
    await settle();
    expect(q('header-role')!.textContent).toBe('IT');
    expect(q('outbox-view')).not.toBeNull();
    expect(document.querySelector('main h1')!.textContent).toBe('Udbakke');
    expect(document.activeElement).toBe(document.querySelector('main h1'));
    expect(q('it-note')!.textContent).toContain('ikke lave optagelser');
    expect(q('queue-item')!.dataset.capture).toBe('c1');
    for (const id of ['step-case', 'step-photo', 'step-signature', 'step-send', 'cpr-input']) expect(q(id)).toBeNull();
    // The outbox's own action works for IT.
    q('queue-retry')!.click();
    await settle();
    expect(backend.sendNowCalls).toBe(1);
    expect(backend.refusals).toEqual([]);
  });

  it('clerk and supervisor see the case flow with their role in Danish', async () => {
    for (const [role, text] of [['clerk', 'Sagsbehandler'], ['supervisor', 'Supervisor']] as const) {
      app = mount(App, { target: document.body, props: { backend: new MockBackend() } });
      await settle();
      q(`signin-${role}`)!.click();
      await settle();
      expect(q('header-role')!.textContent).toBe(text);
      expect(q('step-case')).not.toBeNull();
      expect(q('outbox-view')).toBeNull();
      // A new case: the keyboard starts in the CPR field (issue 18 point 2).
      expect(document.activeElement).toBe(q('cpr-input'));
      unmount(app);
      app = null;
      document.body.innerHTML = '';
    }
  });

  it('starts on the screen the backend says: a session already locked shows the lock screen', async () => {
    const backend = new MockBackend();
    await backend.signIn('clerk');
    backend.lockSession('idle', false);
    app = mount(App, { target: document.body, props: { backend } });
    await settle();
    expect(q('lock-screen')).not.toBeNull();
    expect(q('signin-clerk')).toBeNull();
  });

  it('Log ud signs out and closes the case', async () => {
    const backend = await startSignedIn();
    await backend.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: false });
    q('header-sign-out')!.click();
    await settle();
    expect(backend.user).toBeNull();
    expect(backend.openCase).toBeNull();
    expect(q('signin-clerk')).not.toBeNull();
  });
});
