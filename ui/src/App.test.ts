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
});
