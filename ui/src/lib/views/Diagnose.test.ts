// Diagnose against the mock backend: IT has it in the navigation (clerks and supervisors do not,
// and the backend refuses them); it shows progress while the checks run, then a summary that
// counts failures and warnings and jumps to the first failure, the version and configuration
// source, and per check the Danish title, the problem and fix for a failure and the English
// detail; "Kør igen" runs it again; "Gem supportpakke" shows where the zip went, or the Danish
// error.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q, qa, mountApp, unmountApp } from '../../test/helpers';
import { MockBackend, mockDiagnosis } from '../backend/mock';
import Diagnose from './Diagnose.svelte';

afterEach(unmountApp);

async function signedIn(role: 'clerk' | 'supervisor' | 'it', backend = new MockBackend()) {
  mountApp(backend);
  await settle();
  q(`signin-${role}`)!.click();
  await settle();
  return backend;
}

/** Signs in as IT and opens Diagnose. */
async function openDiagnose(backend = new MockBackend()) {
  await signedIn('it', backend);
  q('view-diagnose')!.click();
  await settle();
  return backend;
}

const row = (id: string) => document.querySelector<HTMLElement>(`[data-testid="diagnose-check"][data-id="${id}"]`);
const within = (el: HTMLElement | null, id: string) => el?.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.textContent?.trim() ?? null;

describe('Diagnose', () => {
  it('is in the navigation for IT only; clerks and supervisors have no such view and are refused', async () => {
    await signedIn('it');
    expect(q('view-diagnose')!.textContent).toBe('Diagnose');
    unmountApp();
    for (const role of ['clerk', 'supervisor'] as const) {
      const backend = await signedIn(role);
      expect(q('views')).not.toBeNull();
      expect(q('view-diagnose')).toBeNull();
      await expect(backend.diagnose()).rejects.toMatchObject({ code: 'forbidden' });
      await expect(backend.supportBundle()).rejects.toMatchObject({ code: 'forbidden' });
      unmountApp();
    }
  });

  it('shows progress while the checks run, then the summary with the focus on it', async () => {
    const backend = new MockBackend();
    const release = backend.hold('diagnose');
    await openDiagnose(backend);
    expect(document.querySelector('main h1')!.textContent).toBe('Diagnose af denne pc');
    expect(q('diagnose-running')!.textContent).toContain('Kontrollerer denne pc …');
    expect(q('diagnose-result')!.getAttribute('aria-busy')).toBe('true');
    expect((q('diagnose-again') as HTMLButtonElement).disabled).toBe(true);
    expect(q('diagnose-summary')).toBeNull();
    release();
    await settle();
    expect(q('diagnose-running')).toBeNull();
    expect(q('diagnose-result')!.getAttribute('aria-busy')).toBe('false');
    expect(document.activeElement).toBe(q('diagnose-summary'));
    // The mock's demo PC: no pad and a certificate running out.
    expect(q('diagnose-summary')!.textContent).toContain('2 advarsler');
    expect(q('diagnose-version')!.textContent).toBe('0.0.0-mock');
    expect(q('diagnose-source')!.textContent!.trim()).toBe('Indbyggede demo-indstillinger (ingen fil i /etc/skranke/config.toml)');
    expect(qa('diagnose-check').map((r) => r.dataset.id)).toEqual(backend.diagnosis.checks.map((c) => c.id));
    expect(within(row('config'), 'diagnose-check-title')).toBe('Konfiguration');
    expect(within(row('config'), 'diagnose-check-status')).toBe('✓ OK');
    expect(within(row('config'), 'diagnose-check-ok')).toBe('Konfigurationen er læst og er gyldig.');
    expect(row('config')!.querySelector('details summary')!.textContent).toBe('Teknisk detalje');
  });

  it('counts failures and warnings, explains a failure in Danish with its fix and detail, and jumps to the first failure', async () => {
    const backend = new MockBackend();
    backend.diagnosis = mockDiagnosis({
      disk_space: ['warn', '1500 MiB free: free some space'],
      gateway_certificate: ['fail', 'expired on 2026-11-01'],
      clock_skew: ['fail', 'this PC is 412 s ahead of the gateway'],
    });
    await openDiagnose(backend);
    const summary = q('diagnose-summary')!;
    expect(summary.querySelector('.alert-heading')!.textContent).toBe('2 fejl og 1 advarsel');
    expect(summary.dataset.failures).toBe('2');
    const clock = row('clock_skew')!;
    expect(clock.dataset.status).toBe('fail');
    expect(within(clock, 'diagnose-check-title')).toBe('Ur');
    expect(within(clock, 'diagnose-check-status')).toBe('✕ Fejl');
    expect(within(clock, 'diagnose-check-problem')).toContain("Pc'ens ur går forkert i forhold til gatewayen");
    expect(within(clock, 'diagnose-check-fix')).toContain('Synkronisér uret (w32tm /resync');
    expect(within(clock, 'diagnose-check-detail')).toBe('this PC is 412 s ahead of the gateway');
    expect(within(clock, 'diagnose-check-ok')).toBeNull();
    expect(within(row('disk_space'), 'diagnose-check-status')).toBe('⚠ Advarsel');
    expect(within(row('disk_space'), 'diagnose-check-fix')).toContain('Frigør plads på drevet');
    // The rows keep the backend's order; the link goes to the first failure.
    const link = q('diagnose-first')!;
    expect(link.textContent).toBe('Gå til den første fejl');
    expect(link.getAttribute('href')).toBe('#diagnose-check-gateway_certificate');
    link.click();
    await settle();
    expect(document.activeElement).toBe(row('gateway_certificate'));
  });

  it('says all is well without a link when every check passes', async () => {
    const backend = new MockBackend();
    backend.diagnosis = mockDiagnosis();
    await openDiagnose(backend);
    expect(q('diagnose-summary')!.querySelector('.alert-heading')!.textContent).toBe('Alt er i orden');
    expect(q('diagnose-first')).toBeNull();
    expect(qa('diagnose-check-problem')).toEqual([]);
  });

  it('"Kør igen" runs the checks again and shows the new result', async () => {
    const backend = await openDiagnose();
    expect(backend.diagnoseCalls).toBe(1);
    backend.diagnosis = mockDiagnosis({ queue: ['warn', 'queued 3, sending 0, awaiting producer 0, accepted 0, rejected 0, dead 1'] });
    const release = backend.hold('diagnose');
    q('diagnose-again')!.click();
    await settle();
    expect(backend.diagnoseCalls).toBe(2);
    expect(q('diagnose-running')).not.toBeNull();
    release();
    await settle();
    expect(q('diagnose-summary')!.querySelector('.alert-heading')!.textContent).toBe('1 advarsel');
    expect(within(row('queue'), 'diagnose-check-problem')).toContain('opgivet');
    expect(document.activeElement).toBe(q('diagnose-summary'));
  });

  it('shows a refused diagnosis in Danish', async () => {
    const backend = new MockBackend();
    await backend.signIn('clerk');
    const view = mount(Diagnose, { target: document.body, props: { backend } });
    await settle();
    expect(q('diagnose-failure')!.dataset.code).toBe('forbidden');
    expect(q('diagnose-failure')!.textContent).toContain('Din rolle giver ikke adgang til dette.');
    unmount(view);
  });

  it('"Gem supportpakke" is disabled while it saves, then shows the path, size and file count', async () => {
    const backend = await openDiagnose();
    const release = backend.hold('support_bundle');
    q('bundle-save')!.click();
    await settle();
    const button = q('bundle-save') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.textContent!.trim()).toBe('Gemmer supportpakken …');
    release();
    await settle();
    expect(button.disabled).toBe(false);
    const saved = q('bundle-saved')!;
    expect(saved.dataset.path).toBe(backend.supportBundlePath);
    expect(saved.textContent!.trim()).toBe(`Supportpakken er gemt: ${backend.supportBundlePath} (48 kB, 5 filer)`);
    expect(document.activeElement).toBe(saved);
    expect(q('bundle')!.textContent).toContain('ingen borgerdata');
    expect(backend.supportBundles).toBe(1);
  });

  it('shows a support bundle that cannot be written in Danish', async () => {
    const backend = new MockBackend();
    backend.supportBundleError = 'support_bundle_unwritable';
    await openDiagnose(backend);
    q('bundle-save')!.click();
    await settle();
    expect(q('bundle-saved')).toBeNull();
    expect(q('bundle-failure')!.dataset.code).toBe('support_bundle_unwritable');
    expect(q('bundle-failure')!.textContent).toContain('Supportpakken kunne ikke gemmes.');
  });
});
