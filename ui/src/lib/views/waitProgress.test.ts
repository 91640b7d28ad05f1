// Progress on every wait of the case flow (issue 18 point 6): the CPR lookup, the still check and
// Send show a spinner and a Danish text in the same update as the click (no timer involved, so
// well within 100 ms), mark their part aria-busy, and say so plainly when the wait runs long.
// The backend call is held open by the test; fake timers move the clock past the thresholds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { settle, q } from '../../test/helpers';
import App from '../../App.svelte';
import PhotoStep from '../photo/PhotoStep.svelte';
import SendStep from '../send/SendStep.svelte';
import { MockBackend, type CameraEvent, type Status } from '../backend';

let comp: ReturnType<typeof mount> | null = null;
afterEach(() => {
  vi.useRealTimers();
  if (comp) unmount(comp);
  comp = null;
  document.body.innerHTML = '';
});

/** Wraps `call` so each call waits until the returned `release()` lets it through. */
function hold<A extends unknown[], R>(call: (...a: A) => Promise<R>) {
  const waiting: (() => void)[] = [];
  const held = (...a: A) => new Promise<R>((ok, fail) => waiting.push(() => call(...a).then(ok, fail)));
  return { held, release: () => waiting.splice(0).forEach((go) => go()), count: () => waiting.length };
}

/** Only the timers the components set for their slow messages are faked; promises stay real. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

const busyText = (id: string) => q(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

/** The app signed in as a clerk, with a valid CPR number and case reference typed in. */
async function caseForm(backend: MockBackend) {
  comp = mount(App, { target: document.body, props: { backend } });
  await settle();
  q('signin-clerk')!.click();
  await settle();
  for (const [id, value] of [['cpr-input', '0101901234'], ['case-ref-input', 'KK-2026-000001']]) {
    const el = q(id) as HTMLInputElement;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    el.dispatchEvent(new Event('blur'));
    await settle();
  }
}

describe('CPR lookup', () => {
  it('shows "Slår op i CPR-registret" at once, and after 3 s that the register is slow', async () => {
    const backend = new MockBackend();
    const open = hold(backend.caseOpen.bind(backend));
    backend.caseOpen = open.held;
    await caseForm(backend);
    expect(q('case-busy')).toBeNull();
    fakeClock();
    q('case-lookup')!.click();
    flushSync();
    expect(busyText('case-busy')).toBe('Slår op i CPR-registret …');
    expect(q('case-busy')!.dataset.slow).toBe('false');
    expect(q('case-busy-status')!.getAttribute('role')).toBe('status');
    expect(document.querySelector('form')!.getAttribute('aria-busy')).toBe('true');
    expect((q('case-lookup') as HTMLButtonElement).disabled).toBe(true);

    vi.advanceTimersByTime(2999);
    flushSync();
    expect(q('case-busy')!.dataset.slow).toBe('false');
    vi.advanceTimersByTime(1);
    flushSync();
    expect(q('case-busy')!.dataset.slow).toBe('true');
    expect(busyText('case-busy')).toBe('CPR-registret svarer langsomt … Vent et øjeblik, eller prøv igen senere.');

    vi.useRealTimers();
    open.release();
    await settle();
    expect(q('case-busy')).toBeNull();
    expect(q('person-name')).not.toBeNull();
  });

  it('a quick answer never shows the slow message', async () => {
    const backend = new MockBackend();
    const open = hold(backend.caseOpen.bind(backend));
    backend.caseOpen = open.held;
    await caseForm(backend);
    fakeClock();
    q('case-lookup')!.click();
    flushSync();
    vi.advanceTimersByTime(1000);
    open.release();
    await settle();
    // The slow timer was cleared with the answer: moving past 3 s changes nothing.
    vi.advanceTimersByTime(5000);
    flushSync();
    expect(q('case-busy')).toBeNull();
    expect(document.body.textContent).not.toContain('svarer langsomt');
  });
});

describe('still check', () => {
  it('shows the check running at once, and after 5 s that it takes longer than usual', async () => {
    const backend = new MockBackend();
    await backend.signIn('clerk');
    await backend.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: false });
    const guidance: CameraEvent = {
      kind: 'guidance', seq: 1, hint: 'hold_still', checks: [], allPass: false, autoCapture: false,
      oval: { cx: 0.5, cy: 0.45, headHeight: 0.55, tolerance: 0.06 }, fps: 30,
    };
    backend.cameraEvents = [guidance];
    const capture = hold(backend.photoCapture.bind(backend));
    backend.photoCapture = capture.held;
    comp = mount(PhotoStep, { target: document.body, props: { backend, photoAccepted: false, onAccepted: () => {} } });
    await settle();
    expect(q('photo-step')!.dataset.phase).toBe('live');
    fakeClock();
    q('photo-take')!.click();
    flushSync();
    expect(busyText('photo-busy')).toBe('Kontrollerer foto …');
    expect(q('photo-announce')!.textContent!.trim()).toBe('Kontrollerer foto …');
    expect(document.querySelector('.skranke-photo-live')!.getAttribute('aria-busy')).toBe('true');

    vi.advanceTimersByTime(4999);
    flushSync();
    expect(q('photo-busy')!.dataset.slow).toBe('false');
    vi.advanceTimersByTime(1);
    flushSync();
    expect(busyText('photo-busy')).toBe('Kontrollen af fotoet tager længere tid end normalt …');
    expect(q('photo-announce')!.textContent!.trim()).toBe('Kontrollen af fotoet tager længere tid end normalt …');

    vi.useRealTimers();
    capture.release();
    await settle();
    expect(q('photo-step')!.dataset.phase).toBe('result');
    expect(q('photo-busy')).toBeNull();
  });
});

describe('Send', () => {
  it('shows saving at once, and after 5 s that it takes longer than usual', async () => {
    const backend = new MockBackend();
    await backend.signIn('clerk');
    await backend.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: false });
    backend.openCase = { ...backend.openCase!, photoAccepted: true, signatureAccepted: true };
    const send = hold(backend.sendCase.bind(backend));
    backend.sendCase = send.held;
    const status: Status = {
      connection: 'online', queued: 0, oldestQueuedAgeS: null, certificateExpiresInDays: 200, problem: null, rejected: 0, dead: 0,
    };
    comp = mount(SendStep, {
      target: document.body,
      props: { backend, view: backend.openCase, status, onGo: () => {}, onNextCitizen: () => {} },
    });
    await settle();
    fakeClock();
    q('send-button')!.click();
    flushSync();
    expect(busyText('send-busy')).toBe('Gemmer optagelsen …');
    expect(q('send-busy-status')!.getAttribute('role')).toBe('status');
    expect((q('send-button') as HTMLButtonElement).disabled).toBe(true);

    vi.advanceTimersByTime(4999);
    flushSync();
    expect(q('send-busy')!.dataset.slow).toBe('false');
    vi.advanceTimersByTime(1);
    flushSync();
    expect(busyText('send-busy')).toBe('Det tager længere tid end normalt at gemme optagelsen …');

    vi.useRealTimers();
    send.release();
    await settle();
    expect(q('send-busy')).toBeNull();
    expect(q('send-done')).not.toBeNull();
  });
});
