import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q } from '../test/helpers';
import Citizen from './Citizen.svelte';
import { FakeCitizenBackend } from './backend/fake';
import { CITIZEN_HINTS, citizenHint } from './texts';
import type { Oval } from '../lib/backend';

let comp: ReturnType<typeof mount> | null = null;
/** Lines drawn on any canvas (jsdom has no 2D context: a recording one stands in). */
let lines: number[][] = [];
const realGetContext = HTMLCanvasElement.prototype.getContext;
beforeEach(() => {
  lines = [];
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    let from: number[] = [];
    const noop = () => {};
    return {
      canvas: this, save: noop, restore: noop, beginPath: noop, stroke: noop, clearRect: noop, drawImage: noop,
      ellipse: noop, setLineDash: noop,
      moveTo: (x: number, y: number) => { from = [x, y]; },
      lineTo: (x: number, y: number) => { lines.push([...from, x, y]); },
    };
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
});
afterEach(() => {
  HTMLCanvasElement.prototype.getContext = realGetContext;
  if (comp) unmount(comp);
  comp = null;
  document.body.innerHTML = '';
});

const oval: Oval = { cx: 0.5, cy: 0.45, headHeight: 0.55, tolerance: 0.06 };

async function start() {
  const backend = new FakeCitizenBackend();
  comp = mount(Citizen, { target: document.body, props: { backend } });
  await settle();
  return backend;
}

describe('Citizen window', () => {
  it('welcomes between citizens', async () => {
    await start();
    expect(q('citizen')!.dataset.stage).toBe('welcome');
    expect(q('citizen-welcome')!.textContent).toContain('Velkommen');
  });

  it('shows the live guidance in the citizen\'s words, large', async () => {
    const b = await start();
    b.view({ kind: 'photoLive', hint: null, oval: null, allPass: false });
    await settle();
    expect(q('citizen')!.dataset.stage).toBe('photoLive');
    expect(q('citizen-hint')!.textContent).toBe('Kig ind i kameraet');
    expect(q('citizen-preview')).not.toBeNull();
    b.view({ kind: 'photoLive', hint: 'move_closer', oval, allPass: false });
    await settle();
    expect(q('citizen-hint')!.textContent).toBe('Kom lidt tættere på');
    expect(q('citizen-hint')!.dataset.hint).toBe('move_closer');
    b.view({ kind: 'photoLive', hint: 'look_straight', oval, allPass: false });
    await settle();
    expect(q('citizen-hint')!.textContent).toBe('Kig ind i kameraet');
  });

  it('has citizen wording for every guidance code, none the clerk\'s', () => {
    for (const [code, text] of Object.entries(CITIZEN_HINTS)) {
      expect(text.length, code).toBeGreaterThan(5);
      expect(citizenHint(code as keyof typeof CITIZEN_HINTS)).toBe(text);
    }
    expect(CITIZEN_HINTS.ok).toMatch(/luk munden/);
  });

  it('shows the taken photo, then the signature field and the accepted signature', async () => {
    const b = await start();
    b.view({ kind: 'photoTaken', image: 'data:image/jpeg;base64,AA==' });
    await settle();
    expect(q('citizen')!.dataset.stage).toBe('photoTaken');
    expect(q('citizen-photo')!.getAttribute('src')).toBe('data:image/jpeg;base64,AA==');
    expect(q('citizen')!.textContent).toContain('Dit foto er taget');

    b.view({ kind: 'signing', width: 1200, height: 400, points: [] });
    await settle();
    expect(q('citizen')!.textContent).toContain('Skriv din underskrift på blokken');
    const pad = q('citizen-signature') as HTMLCanvasElement;
    expect([pad.width, pad.height]).toEqual([1200, 400]);
    b.view({ kind: 'ink', points: [[10, 10, 1], [20, 15, 1]] });
    b.view({ kind: 'ink', points: [[30, 20, 0]] });
    await settle();
    expect(q('citizen-signature')!.dataset.points).toBe('3');
    // A line between the two pen-down points, none to the pen-up point.
    expect(lines).toEqual([[10, 10, 20, 15]]);

    b.view({ kind: 'signed', image: 'data:image/png;base64,AA==' });
    await settle();
    expect(q('citizen')!.textContent).toContain('Tak for din underskrift');
    expect(q('citizen-signed')!.getAttribute('src')).toBe('data:image/png;base64,AA==');

    b.view({ kind: 'welcome' });
    await settle();
    expect(q('citizen-welcome')).not.toBeNull();
    expect(q('citizen-signed')).toBeNull();
  });
});
