// End-to-end: the real Skranke app (debug build, demo mode) under Xvfb, driven through
// tauri-driver + WebKitWebDriver. Walks sign-in, the step navigation, the case step against the
// embedded CPR simulator and one whole capture (photo, signature, send, delivered), asserting
// Danish texts. Last, IT's Diagnose page and its support bundle. axe-core (axe.mjs) audits every
// screen of the flow against WCAG 2.1 AA in Danish, and the case and photo steps in English.
//
// Each run is independent: a fresh temp folder (data directory, configuration, replay camera),
// a fresh app, tauri-driver on free ports. The configuration makes the photo step deterministic:
// the camera replays ONE portrait (every frame holds the same face) and auto-capture is off, so
// only the test's "Tag foto" takes the photo. The harness (harness.mjs) never holds an element
// across a re-render and waits on the state the UI exposes; see its header for the rules.
//
// The tests run in order on one app and build on each other (signed in, then a case, ...): once
// one fails, the rest are skipped instead of failing on the state it left behind (harness.mjs
// orderedSteps). The whole capture is shared with the production test (capture.mjs).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible } from './axe.mjs';
import { CITIZEN, lookUp as lookUpIn, newCase as newCaseIn, wholeCapture } from './capture.mjs';
import { demoSuite } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
/** The one portrait the replay camera shows (the still check finds its face and crops it). */
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');
/** A demo portrait made to pass every still check (assets/demo/portraits/PROVENANCE.md). */
const COMPLIANT_PORTRAIT = join(repo, 'assets/demo/portraits/biden-plain.png');

/**
 * A Downloads folder inside the run folder, named in `user-dirs.dirs` under an XDG_CONFIG_HOME
 * of the run (as a Linux desktop names it), so the app's support bundle lands where the test finds
 * it and removes it with the run, never in the user's own Downloads.
 */
function downloadsIn(root) {
  const config = join(root, 'xdg-config');
  const downloads = join(root, 'downloads');
  mkdirSync(config);
  mkdirSync(downloads);
  writeFileSync(join(config, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR=${JSON.stringify(downloads)}\n`);
  return { config, downloads };
}

let run;
let downloads;
let session;
let ui;
const { step } = demoSuite({
  label: 'e2e',
  app,
  portrait: PORTRAIT,
  set: (h) => ({ run, session, ui } = h),
  prepare: (r) => {
    const xdg = downloadsIn(r.root);
    downloads = xdg.downloads;
    return { XDG_CONFIG_HOME: xdg.config };
  },
});
/** axe-core on the page as shown now: no WCAG 2.1 AA violation on `where`. */
const audit = (where) => assertAccessible(session.browser, where);



/**
 * Waits until the photo step shows the live preview with a guidance hint and at least `minDrawn`
 * frames drawn on its canvas; a camera error fails at once.
 */
async function waitForLivePreview(minDrawn) {
  let seen = null;
  await ui.until(async () => {
    seen = await ui.look(() => ({
      phase: document.querySelector('[data-testid="photo-step"]')?.getAttribute('data-phase') ?? null,
      hint: document.querySelector('[data-testid="photo-hint"]')?.getAttribute('data-hint') ?? null,
      drawn: Number(document.querySelector('[data-testid="photo-preview"]')?.getAttribute('data-drawn') ?? 0),
    }));
    if (seen.phase === 'error') throw new Error('the camera failed');
    return seen.phase === 'live' && seen.hint && seen.drawn >= minDrawn;
  }, { timeout: 30000, what: `the live preview (${minDrawn} frames drawn) with guidance`, describe: () => JSON.stringify(seen) });
}

step('signs in as clerk and shows the Danish frame', { timeout: 60000 }, async () => {
  assert.equal(await ui.look(() => document.documentElement.lang), 'da');
  await audit('Log ind');
  await ui.click('signin-clerk');
  await ui.waitShown('header-municipality', 10000);
  await ui.waitShown('cpr-input', 10000);
  await audit('Sag (tom)');
  const header = await ui.texts(['header-municipality', 'header-connection', 'header-queue']);
  assert.match(header['header-municipality'], /Demokommune/);
  // A fresh data directory: nothing was sent yet, so the sender has not talked to the gateway.
  assert.match(header['header-connection'], /Forbindelse ukendt/);
  assert.match(header['header-queue'], /Kø: 0/);
});

step('walks the steps Sag -> Foto -> Underskrift -> Send', { timeout: 60000 }, async () => {
  for (const [id, heading] of [
    ['step-photo', 'Foto'],
    ['step-signature', 'Underskrift'],
    ['step-send', 'Send'],
    ['step-case', 'Sag'],
  ]) {
    await ui.click(id);
    let seen = null;
    await ui.until(async () => {
      seen = await ui.look(() => document.querySelector('main h1')?.innerText.trim() ?? null);
      return seen === heading;
    }, { timeout: 5000, what: `heading ${heading}`, describe: () => JSON.stringify(seen) });
    // The heading and the step's content are rendered in the same update.
    const s = await ui.look((stepId) => ({
      current: document.querySelector(`[data-testid="${stepId}"]`)?.getAttribute('aria-current') ?? null,
      queue: document.querySelector('[data-testid="queue-list"]')?.innerText ?? null,
      needsCase: document.querySelector('[data-testid="step-needs-case"]')?.innerText ?? null,
    }), id);
    assert.equal(s.current, 'step');
    if (id === 'step-send') {
      // Without a case the send step still shows today's captures.
      assert.match(s.queue ?? '', /Dagens optagelser/);
    } else if (id !== 'step-case') {
      assert.match(s.needsCase ?? '', /Åbn en sag først/);
    }
    if (id === 'step-photo') await audit('Foto (ingen sag)');
  }
});

const lookUp = (cpr, caseRef) => lookUpIn(ui, cpr, caseRef);
const newCase = () => newCaseIn(ui);

step('looks a citizen up in the CPR simulator over mutual TLS', { timeout: 60000 }, async () => {
  await ui.click('step-case');
  await lookUp(CITIZEN.cpr);
  await ui.waitShown('person-name', 10000);
  const p = await ui.texts(['person-name', 'person-cpr', 'person-address', 'person-sex']);
  assert.equal(p['person-name'], 'Anne Demo Hansen');
  assert.equal(p['person-cpr'], '120385-1002');
  assert.match(p['person-address'], /Demovej 12/);
  assert.match(p['person-sex'], /Kvinde/);
  await newCase();
});

step('a dead person is blocked; a protected address is never shown', { timeout: 60000 }, async () => {
  await lookUp('010130-1028');
  await ui.waitShown('case-blocked', 10000);
  const dead = await ui.texts(['case-blocked', 'case-continue']);
  assert.match(dead['case-blocked'], /registreret som død/);
  assert.equal(dead['case-continue'], null, 'no way on to the photo for a dead person');
  await audit('Sag (død, spærret)');
  await newCase();

  await lookUp('220788-1018');
  await ui.waitShown('person-address', 10000);
  assert.match(await ui.text('person-address'), /Beskyttet adresse/);
  assert.doesNotMatch(await ui.look(() => document.body.innerText), /Skjultvej|Aalborg/);
  await newCase();
});

step('a whole capture: replayed camera with guidance, photo checked and accepted, replay pad signs, Send, delivered', { timeout: 150000 }, async () => {
  await wholeCapture(ui, { audit });
});

step('the lock screen keeps the case and is accessible', { timeout: 60000 }, async () => {
  await ui.click('header-lock');
  await ui.waitShown('unlock', 10000);
  await audit('Låst');
  await ui.click('unlock');
  await ui.waitShown('cpr-input', 10000);
});

step('in English: the case and photo steps are accessible and <html lang> follows', { timeout: 120000 }, async () => {
  const lang = () => ui.look(() => document.documentElement.lang);
  await ui.click('header-language');
  try {
    await ui.until(async () => (await lang()) === 'en', { timeout: 5000, what: '<html lang="en">' });
    await ui.until(async () => (await ui.look(() => document.querySelector('main h1')?.innerText.trim())) === 'Case',
      { timeout: 5000, what: 'the heading Case' });
    await audit('Case (empty, English)');
    await lookUp(CITIZEN.cpr);
    await ui.waitShown('person-name', 10000);
    await audit('Case (person found, English)');
    await ui.click('case-continue');
    await waitForLivePreview(0);
    await audit('Photo (live, English)');
    await ui.click('photo-take');
    await ui.waitAttr('photo-step', 'data-phase', 'result', 30000, { failOn: ['error'] });
    assert.match(await ui.text('photo-checks'), /Photo checks/);
    assert.match(await ui.look(() => document.querySelector('[data-testid="photo-announce"]')?.textContent.trim() ?? ''),
      /^(All \d+ checks passed|\d+ of \d+ checks failed)\.$/);
    await audit('Photo (checked, English)');
    await ui.click('step-case');
    await newCase();
  } finally {
    // Back to Danish for the steps after this one, whatever happened above.
    if ((await lang()) !== 'da') await ui.click('header-language');
  }
  await ui.until(async () => (await lang()) === 'da', { timeout: 5000, what: '<html lang="da">' });
});

step('a compliant portrait through the demo camera passes every check and is accepted without a reason', { timeout: 120000 }, async () => {
  // The replay camera opens its folder each time the photo step starts: it now shows only the
  // portrait made to pass (the file keeps the run's name; the camera reads the content's format).
  const shown = join(run.cameraDir, 'portrait.jpg');
  copyFileSync(COMPLIANT_PORTRAIT, shown);
  try {
    await ui.click('step-case');
    await lookUp(CITIZEN.cpr);
    await ui.waitShown('person-name', 10000);
    await ui.click('case-continue');
    await waitForLivePreview(10);
    await ui.click('photo-take');
    await ui.waitAttr('photo-step', 'data-phase', 'result', 30000, { failOn: ['error'] });
    const result = await ui.look(() => {
      const q = (id) => document.querySelector(`[data-testid="${id}"]`);
      const checks = q('photo-checks');
      return {
        verdict: checks?.getAttribute('data-verdict') ?? null,
        count: checks?.querySelectorAll('[data-testid="check"]').length ?? 0,
        failing: [...(checks?.querySelectorAll('[data-testid="check"][data-pass="false"]') ?? [])].map((c) => c.getAttribute('data-check')),
        announced: q('photo-announce')?.textContent.trim() ?? null,
        crop: q('photo-crop') !== null,
        reasonField: q('photo-reason') !== null,
        reasonNeeded: q('photo-reason-needed') !== null,
        acceptDisabled: q('photo-accept')?.disabled ?? null,
        acceptText: q('photo-accept')?.innerText.trim() ?? null,
      };
    });
    const about = JSON.stringify(result);
    console.log(`e2e: compliant portrait: verdict ${result.verdict} of ${result.count} checks${result.failing.length ? `, failing: ${result.failing.join(', ')}` : ''}`);
    assert.equal(result.verdict, 'pass', `the compliant portrait failed: ${about}`);
    assert.deepEqual(result.failing, [], about);
    assert.ok(result.count >= 17, about);
    assert.equal(result.announced, `Alle ${result.count} kontroller er bestået.`, about);
    assert.ok(result.crop, about);
    // No override: no reason is asked for, and Godkend is enabled as it is.
    assert.equal(result.reasonField, false, `a reason was asked for: ${about}`);
    assert.equal(result.reasonNeeded, false, about);
    assert.equal(result.acceptDisabled, false, about);
    assert.equal(result.acceptText, 'Godkend foto', about);
    await ui.click('photo-accept', 5000);
    // Accepted: the flow moves on to the signature by itself.
    await ui.waitShown('signature-pad-name', 10000);
    await ui.click('step-case');
    await newCase();
  } finally {
    copyFileSync(PORTRAIT, shown);
  }
});

step('a malformed number gets a Danish message at once', { timeout: 60000 }, async () => {
  await ui.type('cpr-input', '12038x');
  await ui.waitShown('cpr-error', 5000);
  assert.match(await ui.text('cpr-error'), /kun indeholde tal/);
});

step('takes a screenshot for the README when asked', { timeout: 60000, skip: !process.env.SKRANKE_SCREENSHOT }, async () => {
  await ui.click('step-case');
  await lookUp('1203851002');
  await ui.waitShown('person-name', 10000);
  await session.browser.saveScreenshot(process.env.SKRANKE_SCREENSHOT);
});

step('IT: Diagnose explains every check in Danish; Gem supportpakke saves a zip in Downloads', { timeout: 150000 }, async () => {
  await ui.click('header-sign-out');
  await ui.click('signin-it', 20000);
  await ui.waitShown('queue-list', 20000);
  await audit('Udbakke (IT)');
  await ui.click('view-diagnose', 20000);
  // The checks probe the simulators over TLS (5 s timeout each): wait for the result.
  await ui.waitAttr('diagnose-result', 'data-state', 'done', 90000, { failOn: ['failed'] });
  const rows = await ui.look(() => [...document.querySelectorAll('[data-testid="diagnose-check"]')].map((r) => ({
    id: r.dataset.id,
    status: r.dataset.status,
    known: r.dataset.known,
    title: r.querySelector('[data-testid="diagnose-check-title"]')?.innerText.trim() ?? null,
  })));
  const seen = JSON.stringify(rows);
  const config = rows.find((r) => r.id === 'config');
  assert.ok(config, `no Konfiguration row: ${seen}`);
  assert.equal(config.title, 'Konfiguration');
  assert.equal(config.status, 'ok', seen);
  // The service checks ran (Skranke is started), and every id has its Danish words.
  assert.ok(rows.some((r) => r.id === 'gateway'), seen);
  for (const r of rows) {
    assert.equal(r.known, 'true', `check ${r.id} has no Danish text: ${seen}`);
    assert.ok(r.title && r.title !== r.id, `check ${r.id} shows no title: ${seen}`);
  }
  assert.match(await ui.text('diagnose-source'), /skranke\.toml/);
  await audit('Diagnose');

  await ui.click('bundle-save');
  let last = null;
  await ui.until(async () => {
    last = await ui.texts(['bundle-saved', 'bundle-failure']);
    if (last['bundle-failure']) throw new Error(`the support bundle was not saved: ${last['bundle-failure']}`);
    return last['bundle-saved'] !== null;
  }, { timeout: 90000, what: 'the saved support bundle', describe: () => JSON.stringify(last) });
  const path = await ui.attr('bundle-saved', 'data-path');
  assert.equal(dirname(path), downloads);
  assert.match(last['bundle-saved'], /Supportpakken er gemt: .*skranke-support-.*\.zip \(\d+(,\d)? [kM]B, \d+ filer\)/);
  assert.equal(readFileSync(path).subarray(0, 2).toString('latin1'), 'PK');
});
