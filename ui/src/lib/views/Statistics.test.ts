// "Statistik" against the mock backend: supervisors (and IT) switch to it and see the month's
// counts per user and action in Danish; another month is asked for when picked; clerks have no
// such view and the backend refuses them; a refusal shows the Danish text.
import { afterEach, describe, expect, it } from 'vitest';
import { settle, q, qa, mountApp, unmountApp } from '../../test/helpers';
import { MockBackend } from '../backend';
import { mount, unmount } from 'svelte';
import Statistics from './Statistics.svelte';

afterEach(unmountApp);

async function signedIn(role: 'clerk' | 'supervisor' | 'it') {
  const backend = new MockBackend();
  mountApp(backend);
  await settle();
  q(`signin-${role}`)!.click();
  await settle();
  return backend;
}

async function pick(month: string) {
  const input = q('stats-month') as HTMLInputElement;
  input.value = month;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

describe('Statistik', () => {
  it('shows a supervisor the month per user and action, in Danish, and asks again for another month', async () => {
    const backend = await signedIn('supervisor');
    expect(q('step-case')).not.toBeNull();
    q('view-stats')!.click();
    await settle();
    expect(document.querySelector('h1')!.textContent).toBe('Statistik pr. bruger');
    expect(q('step-case')).toBeNull();
    await pick('2026-11');
    const rows = qa('stats-row').map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['mock-clerk', 'CPR-opslag', '12'],
      ['mock-clerk', 'Optagelse', '30'],
      ['mock-supervisor', 'CPR-opslag', '2'],
    ]);
    await pick('2026-10');
    expect(q('stats-table')).toBeNull();
    expect(q('stats-empty')!.textContent).toBe('Ingen registreringer i måneden.');
    expect(backend.statsAsked.slice(-2)).toEqual(['2026-11', '2026-10']);
    q('view-work')!.click();
    await settle();
    expect(q('step-case')).not.toBeNull();
  });

  it('is there for IT beside the outbox, and not for clerks (who have their cases and the returned ones)', async () => {
    await signedIn('it');
    expect(q('view-work')!.textContent).toBe('Udbakke');
    q('view-stats')!.click();
    await settle();
    expect(q('stats-view')).not.toBeNull();
    unmountApp();
    await signedIn('clerk');
    expect(qa('views').length).toBe(1);
    expect(q('view-stats')).toBeNull();
    expect(q('view-returned')).not.toBeNull();
  });

  it('shows the refusal in Danish when the backend refuses', async () => {
    const backend = new MockBackend();
    await backend.signIn('clerk');
    const view = mount(Statistics, { target: document.body, props: { backend, month: '2026-11' } });
    await settle();
    expect(q('stats-failure')!.dataset.code).toBe('forbidden');
    expect(backend.refusals).toEqual([{ command: 'audit_stats', code: 'forbidden' }]);
    unmount(view);
  });
});
