// End-to-end keyboard test (issue 18 point 2): one whole capture in the real app (demo mode)
// without a mouse. Sign-in by Enter on the focused role, the CPR field focused on a new case,
// Enter looks up, then the documented Alt shortcuts (shortcuts.ts): Alt+N continue, Alt+T take
// photo, Alt+G accept photo and signature, Alt+S send; `?` opens the help panel and Esc closes it.
// Tab reaches the override reason when the demo portrait needs one. Only keys are sent: no click.
// Text goes to the field that has the focus through WebDriver's element send-keys (key events for
// each character, as `ui.type`): actions typed fast drop a repeated key in WebKitWebDriver.
// The harness's rules hold (harness.mjs): atomic reads, waits on the state the UI exposes.
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITIZEN, OVERRIDE_REASON } from './capture.mjs';
import { demoSuite } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');

let session;
let ui;
const { step } = demoSuite({ label: 'e2e keyboard', app, portrait: PORTRAIT, set: (h) => ({ session, ui } = h) });

/** The focused element's test id (or its tag), read in one call. */
const focused = () => ui.look(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

async function waitFocus(id, what) {
  let seen = null;
  await ui.until(async () => (seen = await focused()) === id, { timeout: 15000, what, describe: () => `focus on ${seen}` });
}

/** Keys as WebDriver actions: modifiers in the list are held for the keys after them. */
const press = (...keys) => session.browser.keys(keys);

step('signs in with Enter on the focused role; the CPR field has the focus', { timeout: 60000 }, async () => {
  await waitFocus('signin-clerk', 'the first role button to have the focus');
  await press('Enter');
  await waitFocus('cpr-input', 'the CPR field to have the focus on a new case');
});

step('types the number and the case reference, Enter looks up', { timeout: 60000 }, async () => {
  await ui.type('cpr-input', CITIZEN.cpr);
  await press('Tab');
  await waitFocus('case-ref-input', 'Tab to the case reference');
  await ui.type('case-ref-input', 'KK-2026-000077');
  await waitFocus('case-ref-input', 'the focus to stay in the case reference');
  await press('Enter');
  await ui.waitShown('person-name', 15000);
  assert.equal(await ui.text('person-name'), CITIZEN.name);
});

step('Alt+N goes on to the photo; ? opens the shortcuts and Esc closes them', { timeout: 60000 }, async () => {
  await press('Alt', 'n');
  await ui.waitAttr('photo-step', 'data-phase', 'live', 30000, { failOn: ['error'] });
  await waitFocus('H1', 'the step heading to have the focus after the step change');
  await press('?');
  await ui.until(() => ui.look(() => document.querySelector('[data-testid="shortcuts"]')?.open === true), { timeout: 10000, what: 'the shortcuts panel' });
  assert.match(await ui.text('shortcuts'), /Alt \+ T/);
  await press('Escape');
  await ui.until(() => ui.look(() => document.querySelector('[data-testid="shortcuts"]')?.open === false), { timeout: 10000, what: 'the panel to close' });
});

step('Alt+T takes the photo; Tab reaches the reason when needed; Alt+G accepts', { timeout: 90000 }, async () => {
  await press('Alt', 't');
  await ui.waitAttr('photo-step', 'data-phase', 'result', 30000, { failOn: ['error'] });
  if ((await ui.attr('photo-checks', 'data-verdict')) === 'fail') {
    for (let i = 0; i < 60 && (await focused()) !== 'photo-reason'; i++) await press('Tab');
    assert.equal(await focused(), 'photo-reason', 'Tab reaches the override reason');
    await ui.type('photo-reason', OVERRIDE_REASON);
  }
  await press('Alt', 'g');
  await ui.waitShown('signature-pad-name', 15000);
});

step('Alt+G accepts the signature once its checks pass, Alt+S sends', { timeout: 90000 }, async () => {
  await ui.waitAttr('signature-checks', 'data-verdict', 'pass', 30000);
  await press('Alt', 'g');
  await ui.waitShown('send-button', 15000);
  await ui.until(() => ui.look(() => !document.querySelector('[data-testid="send-button"]')?.disabled), { timeout: 10000, what: 'Send to be enabled' });
  await press('Alt', 's');
  await ui.waitShown('send-done', 15000);
});
