// End-to-end: the citizen-facing window ([ui] citizen_display = true, issue 18 point 4). Starts the
// demo app with the second window, finds it among WebDriver's windows by its title, and walks one
// capture in the main window while checking the citizen's: the welcome, the live preview with
// plain Danish guidance during the photo step, the taken photo after it, the ink while the replay
// pad signs, the accepted signature, and the welcome after Send. In every look at the citizen
// window: no CPR number (with or without the dash), not the citizen's name, no address.
//
// The harness's rules hold (harness.mjs): atomic reads, waits on the state the page exposes. The
// citizen window exposes its stage as `data-stage` on [data-testid="citizen"]. WebDriver talks to
// one window at a time: each look at the citizen window switches to it and back to the main one.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible } from './axe.mjs';
import { CITIZEN, OVERRIDE_REASON, lookUp } from './capture.mjs';
import { demoSuite } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');
const TITLE = 'Skranke – borger';
/** The citizen's words for the live guidance (ui/src/citizen/texts.ts). */
const CITIZEN_HINT_TEXT = /Sæt dig foran kameraet|Kun du må være på billedet|lyset bliver justeret|ansigt er i ovalen|tættere på|Ryk lidt tilbage|Kig ind i kameraet|Sid helt stille|luk munden/;

let session;
let ui;
let mainHandle;
let citizenHandle;
const { step } = demoSuite({
  label: 'e2e',
  app,
  portrait: PORTRAIT,
  set: (h) => ({ session, ui } = h),
  prepare: (run) => {
    appendFileSync(run.config, '\n[ui]\ncitizen_display = true\n');
    return {};
  },
  ready: async (parts) => {
    mainHandle = await parts.session.browser.getWindowHandle();
  },
});

/**
 * One atomic look at the citizen window: its stage, hint, drawn frames, photo, ink, and the whole
 * text a person could read or the page could hold (image data left out), then back to the main window.
 */
async function citizen() {
  const b = session.browser;
  await b.switchToWindow(citizenHandle);
  try {
    return await b.execute(() => {
      const q = (id) => document.querySelector(`[data-testid="${id}"]`);
      const html = document.documentElement.outerHTML.replace(/data:image\/[a-z]+;base64,[A-Za-z0-9+/=]+/g, 'data:');
      return {
        title: document.title,
        stage: q('citizen')?.getAttribute('data-stage') ?? null,
        hint: q('citizen-hint')?.innerText ?? null,
        drawn: Number(q('citizen-preview')?.getAttribute('data-drawn') ?? 0),
        photo: q('citizen-photo')?.naturalWidth ?? 0,
        points: Number(q('citizen-signature')?.getAttribute('data-points') ?? 0),
        signed: q('citizen-signed')?.naturalWidth ?? 0,
        text: document.body.innerText,
        html,
      };
    });
  } finally {
    await b.switchToWindow(mainHandle);
  }
}

/** axe-core (WCAG 2.1 AA) on the citizen window as it is now, then back to the main window. */
async function auditCitizen(where) {
  const b = session.browser;
  await b.switchToWindow(citizenHandle);
  try {
    await assertAccessible(b, `citizen window: ${where}`);
  } finally {
    await b.switchToWindow(mainHandle);
  }
}

/** Nothing about the person in the citizen window's text or markup. */
function assertNoPersonData(look, where) {
  const digits = CITIZEN.cpr;
  for (const haystack of [look.text, look.html]) {
    assert.ok(!haystack.includes(digits), `${where}: the CPR number is in the citizen window`);
    assert.ok(!haystack.includes(`${digits.slice(0, 6)}-${digits.slice(6)}`), `${where}: the CPR number is in the citizen window`);
    for (const part of CITIZEN.name.split(' ')) {
      assert.ok(!new RegExp(`\\b${part}\\b`).test(haystack), `${where}: "${part}" of the citizen's name is in the citizen window`);
    }
  }
  assert.ok(!/\d{6}-?\d{4}/.test(look.text), `${where}: something like a CPR number is in the citizen window: ${look.text}`);
}

/** Waits until the citizen window shows what `ok(look)` wants; every look is checked for person data. */
async function waitCitizen(ok, what, timeout = 30000) {
  let seen = null;
  return ui.until(async () => {
    seen = await citizen();
    assertNoPersonData(seen, what);
    return ok(seen) ? seen : null;
  }, { timeout, what: `the citizen window: ${what}`, describe: () => JSON.stringify({ ...seen, html: undefined }) });
}


step('the citizen window opens beside the main window and welcomes', { timeout: 60000 }, async () => {
  citizenHandle = await ui.until(async () => {
    const handles = await session.browser.getWindowHandles();
    return handles.find((h) => h !== mainHandle) ?? null;
  }, { timeout: 20000, what: 'a second window' });
  const look = await waitCitizen((c) => c.stage === 'welcome', 'the welcome');
  assert.equal(look.title, TITLE);
  assert.match(look.text, /Velkommen/);
  await auditCitizen('welcome');
  // The main window is still the one WebDriver drives.
  assert.equal(await ui.look(() => document.title), 'Skranke');
});

step('the photo step: live preview with plain Danish guidance, then the taken photo', { timeout: 120000 }, async () => {
  await ui.click('signin-clerk');
  await lookUp(ui, CITIZEN.cpr);
  await ui.waitShown('person-name', 10000);
  // The main window shows the person; the citizen window still only welcomes.
  assert.equal(await ui.text('person-name'), CITIZEN.name);
  await waitCitizen((c) => c.stage === 'welcome', 'the welcome while the clerk sees the person');
  await ui.click('case-continue');
  const live = await waitCitizen((c) => c.stage === 'photoLive' && c.drawn >= 5 && c.hint, 'the live preview (5 frames drawn) with guidance');
  assert.match(live.hint, CITIZEN_HINT_TEXT);
  assert.match(live.text, /Vi tager dit foto/);
  await ui.waitAttr('photo-step', 'data-phase', 'live', 30000, { failOn: ['error'] });
  await ui.click('photo-take');
  await ui.waitAttr('photo-step', 'data-phase', 'result', 30000, { failOn: ['error'] });
  const taken = await waitCitizen((c) => c.stage === 'photoTaken' && c.photo > 0, 'the taken photo');
  assert.match(taken.text, /Dit foto er taget/);
  await auditCitizen('the taken photo');
  const verdict = await ui.attr('photo-checks', 'data-verdict');
  if (verdict === 'fail') await ui.type('photo-reason', OVERRIDE_REASON);
  await ui.click('photo-accept', 5000);
});

step('the signature step: the ink as the pad signs, then the accepted signature', { timeout: 90000 }, async () => {
  await ui.waitShown('signature-pad-name', 10000);
  const signing = await waitCitizen((c) => c.stage === 'signing' && c.points > 10, 'the ink while the replay pad signs');
  assert.match(signing.text, /Skriv din underskrift på blokken/);
  await ui.waitAttr('signature-checks', 'data-verdict', 'pass', 20000);
  await ui.click('signature-accept', 10000);
  const signed = await waitCitizen((c) => c.stage === 'signed' && c.signed > 0, 'the accepted signature');
  assert.match(signed.text, /Tak for din underskrift/);
  await auditCitizen('the accepted signature');
});

step('after Send the citizen window welcomes the next citizen', { timeout: 60000 }, async () => {
  await ui.waitShown('send-button', 10000);
  assert.match(await ui.text('send-citizen'), new RegExp(CITIZEN.name));
  await waitCitizen((c) => c.stage === 'signed', 'still the signature while the clerk sees the summary');
  await ui.click('send-button', 5000);
  await ui.waitShown('send-done', 10000);
  await waitCitizen((c) => c.stage === 'welcome', 'the welcome after Send');
});
