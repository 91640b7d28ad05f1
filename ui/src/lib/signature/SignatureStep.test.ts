// The signature step in the UI: pen or mouse on the screen (the canvas path), a hardware or replay
// pad's events, pad lost, Clear, and Accept disabled while a check fails.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q } from '../../test/helpers';
import App from '../../App.svelte';
import { MockBackend, type PadEvent } from '../backend';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});
beforeAll(() => {
  // jsdom has no 2D canvas; drawing is skipped, the ink model is what is tested.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

async function type(id: string, value: string) {
  const el = q(id) as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

/** Signs in, opens a case for `cpr` and goes to the signature step. */
async function atSignatureStep(cpr = '0101901234', setup: (b: MockBackend) => void = () => {}) {
  const backend = new MockBackend();
  setup(backend);
  app = mount(App, { target: document.body, props: { backend } });
  await settle();
  q('signin-clerk')!.click();
  await settle();
  await type('cpr-input', cpr);
  await type('case-ref-input', 'KK-2026-000001');
  q('case-lookup')!.click();
  await settle();
  q('step-signature')!.click();
  await settle();
  return backend;
}

const Pointer = (typeof PointerEvent !== 'undefined' ? PointerEvent : MouseEvent) as typeof MouseEvent;

function pointer(type: string, x: number, y: number, t: number) {
  const e = new Pointer(type, { clientX: x, clientY: y, bubbles: true });
  Object.defineProperty(e, 'timeStamp', { value: t });
  Object.defineProperty(e, 'pointerType', { value: 'mouse' });
  Object.defineProperty(e, 'pressure', { value: 0.5 });
  Object.defineProperty(e, 'pointerId', { value: 1 });
  q('signature-canvas')!.dispatchEvent(e);
}

/** A stroke of `points` across the canvas (CSS pixels), one point per 20 ms. */
async function drawStroke(points: [number, number][], t0 = 1000) {
  const [first, ...rest] = points;
  pointer('pointerdown', first[0], first[1], t0);
  rest.forEach(([x, y], i) => pointer('pointermove', x, y, t0 + 20 * (i + 1)));
  const last = points[points.length - 1];
  pointer('pointerup', last[0], last[1], t0 + 20 * points.length);
  await settle();
}

const wave: [number, number][] = Array.from({ length: 40 }, (_, i) => [80 + i * 12, 120 + Math.round(60 * Math.sin(i / 3))]);

const acceptButton = () => q('signature-accept') as HTMLButtonElement;

describe('signature on the screen (canvas path)', () => {
  it('records pen-or-mouse ink in pad units, checks it, and accepts it', async () => {
    const backend = await atSignatureStep();
    expect(q('signature-pad-name')!.textContent).toContain('pen eller mus');
    expect(acceptButton().disabled).toBe(true);
    await drawStroke(wave);
    expect(backend.checked).toHaveLength(1);
    const strokes = backend.checked[0];
    expect(strokes.width).toBe(1200);
    expect(strokes.samples.length).toBe(wave.length + 1);
    // 80 CSS px of a 720 px wide field is 80 / 720 * 1200 = 133 pad units.
    expect(strokes.samples[0][1]).toBe(133);
    expect(strokes.samples.at(-1)![3]).toBe(0);
    expect(strokes.samples.slice(0, -1).every((s) => s[3] > 0)).toBe(true);
    expect(strokes.pressure_available).toBe(false);
    expect(q('signature-checks')!.dataset.verdict).toBe('pass');
    expect(acceptButton().disabled).toBe(false);
    acceptButton().click();
    await settle();
    expect(q('signature-accepted')).not.toBeNull();
    expect(backend.accepted).toHaveLength(1);
    expect(backend.openCase!.signatureAccepted).toBe(true);
  });

  it('keeps Accept disabled for a dot and shows the failing check in Danish', async () => {
    const backend = await atSignatureStep();
    await drawStroke([[300, 100], [301, 100]]);
    expect(backend.checked).toHaveLength(1);
    expect(q('signature-checks')!.dataset.verdict).toBe('fail');
    expect(q('signature-announce')!.getAttribute('role')).toBe('status');
    expect(q('signature-announce')!.textContent).toMatch(/^\d+ af \d+ kontroller er ikke bestået\.$/);
    const failing = document.querySelector<HTMLElement>('[data-testid="check"][data-pass="false"]');
    expect(failing).not.toBeNull();
    expect(acceptButton().disabled).toBe(true);
  });

  it('Clear empties the field and the report', async () => {
    const backend = await atSignatureStep();
    await drawStroke(wave);
    expect(q('signature-checks')).not.toBeNull();
    q('signature-clear')!.click();
    await settle();
    expect(q('signature-checks')).toBeNull();
    expect(acceptButton().disabled).toBe(true);
    await drawStroke(wave.slice(0, 20), 5000);
    expect(backend.checked.at(-1)!.samples.length).toBe(21);
  });
});

describe('signature on a pad', () => {
  const padEvents = (): PadEvent[] => [
    ...Array.from({ length: 60 }, (_, i): PadEvent => ({ kind: 'sample', t: i * 10, x: 1000 + i * 80, y: 1500 + (i % 10) * 120, p: 500 })),
    { kind: 'sample', t: 600, x: 5800, y: 1500, p: 0 },
    { kind: 'done' },
  ];

  it('draws the replay pad ink, checks it when the pen lifts, and accepts it', async () => {
    const backend = await atSignatureStep('0101901234', (b) => {
      b.pad = { kind: 'replay', name: 'Demo-blok', width: 9600, height: 6000, pressureMax: 1023 };
      b.padEvents = padEvents();
    });
    expect(q('signature-pad-name')!.textContent).toContain('Demo-blok');
    expect(backend.listening).toBe(1);
    expect(backend.checked.length).toBeGreaterThanOrEqual(1);
    expect(backend.checked.at(-1)!.width).toBe(9600);
    expect(backend.checked.at(-1)!.samples).toHaveLength(61);
    expect(acceptButton().disabled).toBe(false);
  });

  it('falls back to the screen when the pad is lost mid-signature', async () => {
    const backend = await atSignatureStep('0101901234', (b) => {
      b.pad = { kind: 'wacom', name: 'Wacom STU-540', width: 9600, height: 6000, pressureMax: 1023 };
      b.padEvents = [...padEvents().slice(0, 10), { kind: 'lost' }];
    });
    expect(q('signature-pad-lost')).not.toBeNull();
    expect(backend.listening).toBe(0);
    expect(q('signature-pad-name')!.textContent).toContain('pen eller mus');
    expect(acceptButton().disabled).toBe(true);
    await drawStroke(wave);
    expect(backend.checked.at(-1)!.width).toBe(1200);
    expect(acceptButton().disabled).toBe(false);
  });
});

describe('signature step rules', () => {
  it('refuses a blocked case', async () => {
    await atSignatureStep('0202801235');
    expect(q('step-blocked')).not.toBeNull();
    expect(q('signature-canvas')).toBeNull();
  });
});
