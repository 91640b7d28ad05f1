// End-to-end layout check (issue 18 point 1): at 1366x768, a common counter screen, every step of a
// case fits on one screen. The real app (debug build, demo mode) is started as in app.test.mjs,
// its window set to 1366x768 (the inner viewport is checked, not assumed), and one capture is
// walked Sag -> Foto -> Underskrift -> Send. On each step the primary action (Slå op, Tag foto,
// Godkend, Godkend underskrift, Send) must lie wholly inside the viewport while the page is not
// scrolled and cannot scroll: nothing of the step is below the fold. The same holds at 1920x1080;
// at the window's minimum, 1024x700, the primary action is still on screen without scrolling.
//
// With SKRANKE_SCREENSHOTS=1 each step is saved as docs/screenshots/step-<name>-1366x768.png.
// The harness's rules hold (harness.mjs): atomic reads, waits on the state the UI exposes.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITIZEN, OVERRIDE_REASON, lookUp } from './capture.mjs';
import { demoSuite, sel } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');
const WIDTH = 1366;
const HEIGHT = 768;
const SHOTS = process.env.SKRANKE_SCREENSHOTS === '1' ? join(repo, 'docs/screenshots') : null;

let session;
let ui;
const { step } = demoSuite({ label: 'e2e layout', app, portrait: PORTRAIT, set: (h) => ({ session, ui } = h) });

/** The page's scroll state and the primary action's box, in one look. */
const measure = (id) => ui.look((s) => {
  const e = document.querySelector(s);
  const r = e?.getBoundingClientRect();
  const doc = document.scrollingElement;
  return {
    found: e !== null,
    rect: r ? { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right) } : null,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    scrollTop: doc.scrollTop,
    scrollHeight: doc.scrollHeight,
  };
}, sel(id));

/** Sets the window to `width`x`height` and waits until the page's viewport has that size. */
async function resize(width, height) {
  await session.browser.setWindowSize(width, height);
  let seen = null;
  await ui.until(async () => {
    seen = await ui.look(() => [window.innerWidth, window.innerHeight]);
    return seen[0] === width && seen[1] === height;
  }, { timeout: 10000, what: `an inner viewport of ${width}x${height}`, describe: () => JSON.stringify(seen) });
}

/**
 * At `size`, the primary action `id` is wholly inside the viewport with the page at its top, and
 * (when `whole`) the page has nothing below the fold.
 */
async function assertAt(name, id, [width, height], whole) {
  await resize(width, height);
  const m = await measure(id);
  const seen = `${name} at ${width}x${height}: ${JSON.stringify(m)}`;
  console.log(`e2e layout: ${seen}`);
  assert.ok(m.found, `${id} is on the page (${seen})`);
  assert.equal(m.scrollTop, 0, `the page is not scrolled (${seen})`);
  assert.ok(m.rect.top >= 0 && m.rect.left >= 0, `${id} starts inside the viewport (${seen})`);
  assert.ok(m.rect.bottom <= m.innerHeight && m.rect.right <= m.innerWidth, `${id} ends inside the viewport (${seen})`);
  if (whole) assert.ok(m.scrollHeight <= m.innerHeight, `the step needs no scrolling (${seen})`);
}

/**
 * The step fits on one screen at 1366x768 and at 1920x1080, and its primary action `id` is on
 * screen at 1024x700; it ends at 1366x768, where the screenshot of step `name` is saved when asked.
 */
async function assertOnOneScreen(name, id) {
  await assertAt(name, id, [1920, 1080], true);
  await assertAt(name, id, [1024, 700], false);
  await assertAt(name, id, [WIDTH, HEIGHT], true);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await session.browser.saveScreenshot(join(SHOTS, `step-${name}-${WIDTH}x${HEIGHT}.png`));
  }
}

step('the window is 1366x768 inside', { timeout: 30000 }, async () => {
  await resize(WIDTH, HEIGHT);
  await ui.click('signin-clerk');
  await ui.waitShown('cpr-input', 10000);
});

step('Sag: Slå op on one screen', { timeout: 60000 }, async () => {
  await ui.type('cpr-input', CITIZEN.cpr);
  await ui.type('case-ref-input', 'KK-2026-000042');
  await ui.until(() => ui.look((s) => document.querySelector(s)?.disabled === false, sel('case-lookup')),
    { timeout: 10000, what: 'Slå op enabled' });
  await assertOnOneScreen('case', 'case-lookup');
});

step('Sag: the found citizen and Fortsæt on one screen', { timeout: 60000 }, async () => {
  await ui.click('case-lookup');
  await ui.waitShown('person-name', 10000);
  await assertOnOneScreen('case-found', 'case-continue');
  await ui.click('case-continue');
});

step('Foto: the live preview and Tag foto on one screen', { timeout: 60000 }, async () => {
  await ui.waitAttr('photo-step', 'data-phase', 'live', 30000, { failOn: ['error'] });
  await ui.until(() => ui.look((s) => Number(document.querySelector(s)?.getAttribute('data-drawn') ?? 0) >= 3, sel('photo-preview')),
    { timeout: 30000, what: 'preview frames drawn' });
  await assertOnOneScreen('photo-live', 'photo-take');
});

step('Foto: the crop, every check and Godkend on one screen', { timeout: 60000 }, async () => {
  await ui.click('photo-take');
  await ui.waitAttr('photo-step', 'data-phase', 'result', 30000, { failOn: ['error'] });
  const verdict = await ui.attr('photo-checks', 'data-verdict');
  if (verdict === 'fail') await ui.type('photo-reason', OVERRIDE_REASON);
  await ui.until(() => ui.look((s) => document.querySelector(s)?.disabled === false, sel('photo-accept')),
    { timeout: 10000, what: 'Godkend enabled' });
  await assertOnOneScreen('photo-result', 'photo-accept');
  await ui.click('photo-accept');
});

step('Underskrift: the pad, its checks and Godkend underskrift on one screen', { timeout: 60000 }, async () => {
  await ui.waitAttr('signature-checks', 'data-verdict', 'pass', 30000);
  await ui.until(() => ui.look((s) => document.querySelector(s)?.disabled === false, sel('signature-accept')),
    { timeout: 10000, what: 'Godkend underskrift enabled' });
  await assertOnOneScreen('signature', 'signature-accept');
  await ui.click('signature-accept');
});

step('Send: the whole capture, the card preview and Send on one screen', { timeout: 60000 }, async () => {
  await ui.waitShown('send-button', 10000);
  await ui.waitShown('card-preview', 10000);
  await ui.until(() => ui.look(() => [...document.querySelectorAll('[data-testid="card-preview"] img')].every((i) => i.complete && i.naturalWidth > 0)),
    { timeout: 10000, what: 'the card preview images loaded' });
  await assertOnOneScreen('send', 'send-button');
});
