// End-to-end in production mode (issue 14): the real Skranke app (the test build, see below)
// under Xvfb, driven through tauri-driver + WebKitWebDriver, signs a clerk in through a real
// OpenID Connect provider and makes one whole capture against the standalone simulators.
//
// Beside the app the run starts (services.mjs), in a fresh temp folder:
// - the test identity provider (tools/oidc-test-provider, oidc-provider over HTTPS on 127.0.0.1
//   with a CA made here); its users all have the password "test", anna is a clerk;
// - `skranke sim --write-config`: the CPR and gateway simulators over mutual TLS and a production
//   configuration naming that provider, to which the test adds the capture devices (the replay
//   camera with one portrait, auto-capture off, the demo pad: harness.mjs captureSettings).
// Production refuses replayed pictures; only the app built by `cargo test` (feature test-camera)
// and started with SKRANKE_TEST_CAMERA=replay accepts them, so SKRANKE_APP must be that build.
//
// The system browser's part of a sign-in is played by the test in node (logInAtProvider): it
// opens the authorize URL the app shows as its "open the login page again" link, posts the login
// form and follows the redirect to the app's loopback listener. No browser opens on the machine
// (none is installed on CI; the app's attempt to open one is harmless).
//
// The tests run in order on one app and build on each other; once one fails, the rest are
// skipped (harness.mjs orderedSteps). A failed run keeps its folder: configuration, the app's
// logs in the data directory, provider.log, sim.log, the screenshot and page of the failure.
import { before, after } from 'node:test';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITIZEN, lookUp, wholeCapture } from './capture.mjs';
import { orderedSteps, page, prepareRun } from './harness.mjs';
import { logInAtProvider, simAdmin, startProductionRun, stopProductionRun } from './services.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
/** The one portrait the replay camera shows (the still check finds its face and crops it). */
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');
/**
 * A scanned paper stamkort made by the repository's generator (crates/skranke-scan-samples, no
 * real citizen: a demo portrait glued in, a demo signature written in, laid 2.7° askew on the
 * glass and scanned in grey at 200 dpi as JPEG): `make-scan-samples --out DIR --count 6
 * --bad-each 0 --dpi 200`, its scan-003.jpg.
 */
const SCAN = join(repo, 'tests/e2e/fixtures/stamkort-scan.jpg');
/** The clerk of the test provider (group skranke-sagsbehandlere, mapped to clerk). */
const CLERK = { login: 'anna', password: 'test', name: 'Anna Andersen' };

/** What startProductionRun started, for stopProductionRun. */
const parts = {};
let run;
let idp;
let sim;
let ui;
const steps = orderedSteps(() => ({ browser: parts.session?.browser, dir: run?.root }));
const { step } = steps;

before(async () => {
  run = prepareRun({ portrait: PORTRAIT, mode: 'production' });
  console.log(`e2e: app ${app}; run folder ${run.root}`);
  try {
    // Scanning's watched folder, where the test drops the scan as a multifunction printer would.
    run.scans = join(run.root, 'scans');
    mkdirSync(run.scans);
    const configure = async () => appendFileSync(run.config, `\n[scan]\nwatch_dir = ${JSON.stringify(run.scans)}\npoll_seconds = 1\n`);
    await startProductionRun(parts, { app, repo, run, firstPage: 'signin-screen', configure });
    ({ idp, sim, ui } = parts);
  } catch (e) {
    steps.fail('starting the provider, the simulators and the app');
    throw e;
  }
});

after(() => stopProductionRun(parts, { run, failed: steps.failed }));

/**
 * Signs in (or unlocks) through the provider: clicks `button`, reads the authorize URL from the
 * link the app shows while it waits for the browser, and plays the browser logging in as the
 * clerk. The app's page at the end of the redirect says the sign-in went through.
 */
async function signInThroughProvider(button) {
  await ui.click(button);
  let href = null;
  await ui.until(async () => {
    const s = await ui.look(() => ({
      href: document.querySelector('[data-testid="auth-url"]')?.getAttribute('href') ?? null,
      progress: document.querySelector('[data-testid="signin-progress"]')?.innerText ?? null,
      failure: document.querySelector('[data-testid="signin-failure"], [data-testid="unlock-failure"]')?.innerText ?? null,
    }));
    if (s.failure) throw new Error(`the sign-in failed before the browser: ${s.failure}`);
    href = s.href;
    return s.href && s.progress;
  }, { timeout: 30000, what: 'the link to the login page and the progress', describe: () => JSON.stringify(href) });
  const url = new URL(href);
  assert.equal(url.origin, idp.issuer, 'the login page is the configured provider');
  assert.equal(url.searchParams.get('client_id'), 'skranke');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256', 'PKCE');
  assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\//, 'a loopback redirect');
  const landed = await logInAtProvider({ authorizeUrl: href, issuer: idp.issuer, ca: idp.ca, login: CLERK.login, password: CLERK.password });
  assert.equal(landed.status, 200, landed.body);
  assert.match(landed.body, /Du er logget ind/);
}

/** Waits for the main screen with the clerk in the header, and returns the header's texts. */
async function waitForClerkHeader() {
  let seen = null;
  await ui.until(async () => {
    seen = await ui.texts(['header-role', 'header-user', 'header-municipality', 'signin-failure', 'unlock-failure']);
    if (seen['signin-failure'] || seen['unlock-failure']) {
      throw new Error(`the app refused the sign-in: ${seen['signin-failure'] ?? seen['unlock-failure']}`);
    }
    return seen['header-role'] === 'Sagsbehandler';
  }, { timeout: 30000, what: 'header-role "Sagsbehandler"', describe: () => JSON.stringify(seen) });
  return seen;
}

step('the sign-in screen offers the municipality\'s login only', { timeout: 30000 }, async () => {
  const s = await ui.look(() => ({
    lang: document.documentElement.lang,
    method: document.querySelector('[data-testid="signin-screen"]')?.getAttribute('data-method') ?? null,
    roles: ['clerk', 'supervisor', 'it'].filter((r) => document.querySelector(`[data-testid="signin-${r}"]`) !== null),
    text: document.body.innerText,
    demoBadge: document.querySelector('.demo-badge') !== null,
  }));
  assert.equal(s.lang, 'da');
  assert.equal(s.method, 'provider');
  assert.deepEqual(s.roles, [], 'no demo role buttons in production');
  assert.match(s.text, /Simulatorkommune/);
  assert.equal(s.demoBadge, false, 'no demo badge');
  await ui.waitShown('signin-provider', 5000);
});

step('signs in as a clerk through the identity provider', { timeout: 90000 }, async () => {
  await signInThroughProvider('signin-provider');
  const header = await waitForClerkHeader();
  assert.equal(header['header-user'], CLERK.name);
  assert.match(header['header-municipality'], /Simulatorkommune/);
  await ui.waitShown('cpr-input', 10000);
});

step('a whole capture in production: CPR and gateway simulators over mutual TLS, delivered', { timeout: 150000 }, async () => {
  await wholeCapture(ui).catch((e) => {
    if (/demo-tilstand/.test(e.message)) {
      e.message += ` (production refuses the replay camera: is ${app} the build of \`cargo test -p skranke --no-run\`, feature test-camera?)`;
    }
    throw e;
  });
  // The simulators saw the clerk: SF1520 carried her as OnBehalfOfUser, and the gateway holds the
  // one capture, accepted.
  const lookups = await simAdmin(sim.ready, '/_sim/cpr/requests');
  assert.ok(lookups.length >= 1, 'the CPR simulator was asked');
  assert.deepEqual([...new Set(lookups.map((l) => l.on_behalf_of))], [CLERK.login], JSON.stringify(lookups));
  const captures = await simAdmin(sim.ready, '/_sim/captures');
  assert.deepEqual(captures.map((c) => c.decision), ['accepted'], JSON.stringify(captures));
});

step('a scanned stamkort through the watched folder: crops as proposed, accepted, sent as source=scan, moved to done', { timeout: 150000 }, async () => {
  copyFileSync(SCAN, join(run.scans, 'stamkort-scan.jpg'));
  await ui.click('view-scan');
  await ui.waitShown('scan-view', 10000);
  // The inbox takes the file once it has stopped changing (two looks), then analyses it.
  await ui.until(() => ui.shown('scan-file-0'), { timeout: 60000, what: 'the scan in the inbox' });
  await ui.click('scan-page-1', 30000); // the only file's first page
  await ui.waitShown('scan-page-image', 30000);
  const page = await ui.look(() => ({
    handles: document.querySelectorAll('[data-testid^="scan-handle-"]').length,
    photoChecks: document.querySelector('[data-testid="scan-photo-checks"]')?.innerText ?? '',
    signatureChecks: document.querySelector('[data-testid="scan-signature-checks"]')?.innerText ?? '',
  }));
  assert.equal(page.handles, 8, 'four handles on each crop');
  assert.match(page.photoChecks, /opløsning/i, 'the photo\'s checks include the scan\'s resolution');
  assert.ok(page.signatureChecks.length > 0, 'the signature has its checks');
  // The CPR number and case reference as printed on the card, typed by the clerk.
  await lookUp(ui, CITIZEN.cpr, 'KK-2026-000077');
  await ui.waitShown('person-name', 15000);
  // The scan is 200 dpi and the portrait a press photo: accepting needs the clerk's reason.
  if (await ui.shown('scan-override-reason')) await ui.type('scan-override-reason', 'E2E: generated test scan');
  await ui.click('scan-accept', 20000);
  await ui.waitShown('scan-accepted', 20000);
  await ui.click('scan-send', 20000);
  await ui.waitShown('scan-sent', 20000);
  // Durably queued, so the file left the folder for done/.
  assert.ok(existsSync(join(run.scans, 'done', 'stamkort-scan.jpg')), `done/: ${readdirSync(run.scans).join(', ')}`);
  assert.ok(!existsSync(join(run.scans, 'stamkort-scan.jpg')));
  // The gateway simulator holds it as a scan, with its resolution, accepted by the producer.
  let captures = [];
  await ui.until(async () => {
    captures = await simAdmin(sim.ready, '/_sim/captures');
    return captures.some((c) => c.source === 'scan' && c.decision === 'accepted');
  }, { timeout: 90000, what: 'a capture with source "scan" accepted at the gateway simulator', describe: () => JSON.stringify(captures) });
  const scanned = captures.filter((c) => c.source === 'scan');
  assert.equal(scanned.length, 1, JSON.stringify(captures));
  assert.equal(scanned[0].scan_dpi, 200);
  assert.equal(scanned[0].stored, 1, 'stored once');
  await ui.click('view-work');
  await ui.waitShown('cpr-input', 10000);
});

step('locks, and unlocks as the same clerk through the provider with the open case kept', { timeout: 120000 }, async () => {
  // An open case, which the lock must keep.
  await lookUp(ui, CITIZEN.cpr, 'KK-2026-000043');
  await ui.waitShown('person-name', 10000);

  await ui.click('header-lock');
  await ui.waitShown('lock-screen', 10000);
  const locked = await ui.look(() => ({
    user: document.querySelector('[data-testid="lock-user"]')?.innerText ?? null,
    header: document.querySelector('[data-testid="header-role"]') !== null,
    person: document.querySelector('[data-testid="person-name"]') !== null,
  }));
  assert.match(locked.user ?? '', new RegExp(CLERK.name));
  assert.equal(locked.header, false, 'the header is gone while locked');
  assert.equal(locked.person, false, 'the citizen is not shown while locked');
  await ui.waitShown('switch-user', 5000);

  await signInThroughProvider('unlock');
  const header = await waitForClerkHeader();
  assert.equal(header['header-user'], CLERK.name);
  await ui.waitShown('person-name', 10000);
  assert.equal(await ui.text('person-name'), CITIZEN.name, 'the open case is still there');
  assert.equal(await ui.shown('lock-screen'), false);
});
