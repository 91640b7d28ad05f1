// End-to-end of supervisor review (issue 16): the real Skranke app (the test build) in production
// mode against the standalone simulators and the test identity provider, as production.test.mjs.
// Production, not demo: the demo app's embedded simulators have no admin endpoint the test can
// reach, and the test must switch the gateway simulator's producer to reject.
//
// The story, on one app:
// 1. the producer is switched to reject every capture (`POST /_sim/gateway/decision`);
// 2. anna (clerk) makes two captures for the same citizen (cases KK-2026-000042 and -000043);
//    the demo portrait fails two photo checks and is accepted with her reason. Overrides are
//    not held here (`[review] overrides = "none"`, as in the delivery tests): both are sent, and
//    the producer rejects both;
// 3. bo (supervisor) sees "2 venter" in the header and both in Gennemgang with the producer's
//    reason; in the first he sees the photo, its checks, anna's reason and the history, and
//    returns it (his sign-in is the fresh confirmation);
// 4. he discards the second: the return used the confirmation up, so the step-up dialog asks for
//    the municipality's login again, after which the decision is made by itself;
// 5. anna finds the first under Returnerede sager, writes how the citizen was told and marks
//    "Borger informeret"; a new case for the citizen shows the returned case.
//
// The browser's part of each login is played by the test in node (services.mjs logInAtProvider).
// axe-core audits Gennemgang's list and detail, the step-up dialog, Returnerede sager and the case
// with its returned-case notice (WCAG 2.1 AA). Every wait is on state the UI exposes, bounded and
// generous (harness.mjs); no sleeps. A failed run keeps its folder (configuration, the app's
// logs, provider.log, sim.log, the screenshot and page of the failure).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible } from './axe.mjs';
import { CITIZEN, OVERRIDE_REASON, captureAndSend, lookUp } from './capture.mjs';
import { orderedSteps, page, prepareRun, sel } from './harness.mjs';
import { logInAtProvider, simAdminPost, startProductionRun, stopProductionRun } from './services.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
/** The one portrait the replay camera shows (it fails two checks: accepted with a reason). */
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');
/** The test provider's clerk and supervisor (password "test"). */
const CLERK = { login: 'anna', password: 'test', role: 'Sagsbehandler' };
const SUPERVISOR = { login: 'bo', password: 'test', role: 'Supervisor' };
/** The reason code the simulated producer gives (crates/skranke-sim/src/gateway/decision.rs). */
const PRODUCER_REASON = 'producer_photo_unusable';
/** How the UI says it (ui/src/lib/i18n/strings.ts, `reason_producer_photo_unusable`). */
const PRODUCER_REASON_TEXT = 'Producenten kan ikke bruge fotoet';
const RETURNED_CASE = 'KK-2026-000042';
const DISCARDED_CASE = 'KK-2026-000043';
const RETURN_REASON = 'E2E: producenten kan ikke bruge fotoet. Tag et nyt.';
const DISCARD_REASON = 'E2E: dobbelt optagelse.';
const CITIZEN_TOLD = 'E2E: ringet til borgeren.';

/** What startProductionRun started, for stopProductionRun. */
const parts = {};
let run;
let idp;
let ui;
/** The two captures as Gennemgang first listed them, oldest first. */
let items = [];
const steps = orderedSteps(() => ({ browser: parts.session?.browser, dir: run?.root }));
const { step } = steps;
/** axe-core on the page as shown now: no WCAG 2.1 AA violation on `where` (axe.mjs). */
const audit = (where) => assertAccessible(parts.session.browser, where);

before(async () => {
  run = prepareRun({ portrait: PORTRAIT, mode: 'production' });
  console.log(`e2e: app ${app}; run folder ${run.root}`);
  try {
    await startProductionRun(parts, { app, repo, run, firstPage: 'signin-provider',
      // Every capture the producer decides on is rejected, soon after it is stored.
      configure: (sim) => simAdminPost(sim.ready, '/_sim/gateway/decision', { delay_ms: 1000, reject_share: 1.0 }),
    });
    ({ idp, ui } = parts);
  } catch (e) {
    steps.fail('starting the provider, the simulators and the app');
    throw e;
  }
});

after(() => stopProductionRun(parts, { run, failed: steps.failed }));

/**
 * A login at the provider for `user`: clicks `button`, waits for the link the app shows while
 * the browser has the login (`link`: the sign-in's or the step-up's), and plays the browser. The
 * app answers the browser's last request once it has redeemed the code.
 */
async function throughProvider(button, link, user) {
  await ui.click(button, 10000);
  let seen = null;
  await ui.until(async () => {
    seen = await ui.look((linkSel) => ({
      href: document.querySelector(linkSel)?.getAttribute('href') ?? null,
      failure: document.querySelector('[data-testid="signin-failure"], [data-testid="step-up-failure"]')?.innerText ?? null,
    }), sel(link));
    if (seen.failure) throw new Error(`the login failed before the browser: ${seen.failure}`);
    return seen.href;
  }, { timeout: 30000, what: `the link to the login page (${link})`, describe: () => JSON.stringify(seen) });
  assert.equal(new URL(seen.href).origin, idp.issuer, 'the login page is the configured provider');
  const landed = await logInAtProvider({ authorizeUrl: seen.href, issuer: idp.issuer, ca: idp.ca, login: user.login, password: user.password });
  assert.equal(landed.status, 200, landed.body);
}

/** Signs `user` in from the sign-in screen and waits for their role in the header. */
async function signIn(user) {
  await ui.waitShown('signin-provider', 30000);
  await throughProvider('signin-provider', 'auth-url', user);
  let seen = null;
  await ui.until(async () => {
    seen = await ui.texts(['header-role', 'signin-failure']);
    if (seen['signin-failure']) throw new Error(`the app refused the sign-in: ${seen['signin-failure']}`);
    return seen['header-role'] === user.role;
  }, { timeout: 30000, what: `header-role "${user.role}"`, describe: () => JSON.stringify(seen) });
}

async function signOut() {
  await ui.click('header-sign-out');
  await ui.waitShown('signin-provider', 30000);
}

/** Waits until Gennemgang lists `count` items (the list follows the queue every 5 s); returns them. */
async function waitForItems(count, timeout) {
  let seen = null;
  await ui.until(async () => {
    seen = await ui.look(() => [...document.querySelectorAll('[data-testid="review-item"]')]
      .map((r) => ({ capture: r.getAttribute('data-capture'), cause: r.getAttribute('data-cause'), text: r.innerText })));
    return seen.length === count;
  }, { timeout, what: `${count} review items`, describe: () => JSON.stringify(seen) });
  return seen;
}

/** Opens an item of the list and waits for its detail. */
async function openItem(captureId) {
  await ui.click(`review-open-${captureId}`);
  await ui.until(() => ui.look((s) => document.querySelector(s) !== null, `[data-testid="review-detail"][data-capture="${captureId}"]`),
    { timeout: 30000, what: `the detail of ${captureId}` });
}

/** The detail as the supervisor sees it, in one look. */
const detail = () => ui.look(() => {
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  return {
    cause: q('review-cause')?.innerText ?? null,
    caseRef: q('review-case-ref')?.innerText ?? null,
    cpr: q('review-cpr')?.innerText ?? null,
    capturedBy: q('review-captured-by')?.innerText ?? null,
    reasons: [...document.querySelectorAll('[data-testid="review-reason-line"]')].map((l) => l.getAttribute('data-reason')),
    photoShown: (q('review-photo-image')?.naturalWidth ?? 0) > 0,
    photoVerdict: q('review-photo-checks')?.getAttribute('data-verdict') ?? null,
    photoOverride: q('review-photo-override')?.innerText ?? null,
    signatureShown: (q('review-signature-image')?.naturalWidth ?? 0) > 0,
    signatureVerdict: q('review-signature-checks')?.getAttribute('data-verdict') ?? null,
    history: [...document.querySelectorAll('[data-testid="review-history-line"]')].map((l) => l.getAttribute('data-outcome')),
    decisions: [...document.querySelectorAll('[data-testid^="review-decide-"]')].map((b) => b.getAttribute('data-testid')),
    own: q('review-own-capture') !== null,
  };
});

/** Waits for the list to say the decision was made (back on Gennemgang, focus on its heading). */
async function waitDecided(decision) {
  await ui.waitAttr('review-decided', 'data-decision', decision, 30000);
}

step('a clerk makes two captures; the producer rejects both', { timeout: 300000 }, async () => {
  await signIn(CLERK);
  // A clerk has the case, scanning and the returned cases, no Gennemgang and no count.
  const views = await ui.look(() => [...document.querySelectorAll('[data-testid^="view-"]')].map((b) => b.getAttribute('data-testid')));
  assert.deepEqual(views, ['view-work', 'view-scan', 'view-returned']);
  assert.equal(await ui.shown('header-review-waiting'), false);
  for (const caseRef of [RETURNED_CASE, DISCARDED_CASE]) {
    const { verdict } = await captureAndSend(ui, { caseRef });
    assert.equal(verdict, 'fail', 'the demo portrait fails checks: the clerk accepts it with a reason');
    await ui.click('send-next');
    await ui.waitShown('cpr-input', 10000);
  }
  // Sent and rejected: both rows say "Afvist – til supervisor".
  let states = null;
  await ui.click('step-send');
  await ui.until(async () => {
    states = await ui.look(() => [...document.querySelectorAll('[data-testid="queue-item"]')].map((r) => r.getAttribute('data-state')));
    if (states.includes('accepted')) throw new Error(`a capture was accepted: ${JSON.stringify(states)}`);
    return states.length === 2 && states.every((x) => x === 'rejected');
  }, { timeout: 120000, what: 'both captures rejected by the producer', describe: () => JSON.stringify(states) });
  await signOut();
});

step('a supervisor sees both in Gennemgang with the producer\'s reason, and returns the first with a reason', { timeout: 180000 }, async () => {
  await signIn(SUPERVISOR);
  await ui.waitAttr('header-review-waiting', 'data-count', '2', 30000);
  assert.match(await ui.text('header-review-waiting'), /2 venter/);
  await ui.click('header-review-waiting');
  items = await waitForItems(2, 30000);
  assert.deepEqual(items.map((i) => i.cause), ['producer_rejected', 'producer_rejected']);
  assert.match(items[0].text, new RegExp(RETURNED_CASE), 'oldest first');
  assert.match(items[1].text, new RegExp(DISCARDED_CASE));
  for (const i of items) {
    assert.match(i.text, /Afvist af producenten \(tilbageløb\)/);
    assert.match(i.text, new RegExp(PRODUCER_REASON_TEXT));
    assert.match(i.text, /120385-xxxx/);
  }
  assert.match(await ui.text('review-counts'), /2 Afvist af producenten \(tilbageløb\)/);
  await audit('Gennemgang (liste)');

  await openItem(items[0].capture);
  let d = null;
  await ui.until(async () => {
    d = await detail();
    return d.photoShown && d.signatureShown;
  }, { timeout: 30000, what: 'the photo and the signature decoded', describe: () => JSON.stringify(d) });
  assert.equal(d.cause, 'Afvist af producenten (tilbageløb)');
  assert.equal(d.caseRef, RETURNED_CASE);
  assert.equal(d.cpr, '120385-xxxx');
  assert.deepEqual(d.reasons, [PRODUCER_REASON]);
  assert.equal(d.photoVerdict, 'fail');
  assert.match(d.photoOverride ?? '', new RegExp(OVERRIDE_REASON), "the clerk's reason for accepting the photo");
  assert.equal(d.signatureVerdict, 'pass');
  for (const outcome of ['queued', 'uploaded', 'rejected_by_producer']) {
    assert.ok(d.history.includes(outcome), `history has ${outcome}: ${JSON.stringify(d.history)}`);
  }
  assert.deepEqual(d.decisions, ['review-decide-return', 'review-decide-discard'], 'only an override can be approved');
  assert.equal(d.own, false, 'four eyes: the supervisor did not make the capture');
  assert.doesNotMatch(await ui.look(() => document.body.innerText), /1203851002|120385-1002/, 'only the masked number');
  await audit('Gennemgang (detalje)');
  await ui.type('review-reason', RETURN_REASON);
  // The supervisor's sign-in is the fresh confirmation: the decision goes through at once.
  await ui.click('review-decide-return');
  await waitDecided('return');
  assert.match(await ui.text('review-decided'), new RegExp(`Sag ${RETURNED_CASE} er returneret til skranken`));
  assert.equal(await ui.shown('step-up'), false);
});

step('the second decision needs a step-up at the provider; the discard is then made by itself', { timeout: 180000 }, async () => {
  const left = await waitForItems(1, 30000);
  assert.equal(left[0].capture, items[1].capture);
  await openItem(items[1].capture);
  await ui.waitShown('review-reason', 30000);
  await ui.type('review-reason', DISCARD_REASON);
  await ui.click('review-decide-discard');
  // The return used the confirmation up: the app asks for the municipality's login again.
  await ui.waitShown('step-up', 30000);
  assert.match(await ui.text('step-up'), /Bekræft, at det er dig/);
  await audit('Gennemgang (bekræft at det er dig)');
  await throughProvider('step-up-provider', 'step-up-url', SUPERVISOR);
  await waitDecided('discard');
  assert.equal(await ui.shown('step-up'), false);
  await ui.waitShown('review-empty', 30000);
  await ui.waitAttr('header-review-waiting', 'data-count', '0', 30000);
  await signOut();
});

step('the clerk finds the returned case under Returnerede sager and marks "Borger informeret"; a new case shows it', { timeout: 180000 }, async () => {
  await signIn(CLERK);
  await ui.click('view-returned');
  await ui.waitShown('returned-case', 30000);
  const cases = await ui.look(() => [...document.querySelectorAll('[data-testid="returned-case"]')].map((c) => c.getAttribute('data-capture')));
  assert.deepEqual(cases, [items[0].capture], 'the returned one, not the discarded one');
  const c = await ui.texts(['returned-case', 'returned-cpr', 'returned-cause', 'returned-reason']);
  assert.match(c['returned-case'], new RegExp(RETURNED_CASE));
  assert.equal(c['returned-cpr'], '120385-xxxx');
  assert.equal(c['returned-cause'].trim(), `Afvist af producenten (tilbageløb): ${PRODUCER_REASON_TEXT}`);
  assert.equal(c['returned-reason'], RETURN_REASON);
  await audit('Returnerede sager');
  await ui.type('returned-told', CITIZEN_TOLD);
  await ui.click('returned-inform');
  await ui.waitAttr('returned-case', 'data-informed', 'true', 30000);
  const informed = await ui.text('returned-informed');
  assert.match(informed, /Borger informeret af anna/);
  assert.match(informed, new RegExp(CITIZEN_TOLD));

  // The next capture for the citizen starts from the returned case.
  await ui.click('view-work');
  await lookUp(ui, CITIZEN.cpr, 'KK-2026-000044');
  await ui.waitShown('case-returned', 30000);
  const notice = await ui.text('case-returned');
  assert.match(notice, new RegExp(`Borgeren har en returneret sag: ${RETURNED_CASE}`));
  assert.match(notice, new RegExp(RETURN_REASON));
  await audit('Sag (borgeren har en returneret sag)');
});
