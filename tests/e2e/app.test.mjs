// End-to-end: the real Skranke app (debug build, demo mode) under Xvfb, driven through
// tauri-driver + WebKitWebDriver. Walks sign-in, the step navigation and the case step against the
// embedded CPR simulator, asserting Danish texts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

const app = process.env.SKRANKE_APP ?? resolve('../../target/debug/skranke');
let driver;
let browser;

async function waitForPort(port, ms) {
  const { connect } = await import('node:net');
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((r) => {
      const s = connect(port, '127.0.0.1', () => { s.end(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skranke-e2e-'));
  // Its own process group: tauri-driver, WebKitWebDriver and the app are all ended together in
  // after(), even when the session cannot be deleted cleanly (a leftover app would keep this
  // test process, and CI, waiting).
  driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', [], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, SKRANKE_DATA_DIR: dataDir, SKRANKE_CONFIG: '' },
    detached: true,
  });
  await waitForPort(4444, 30000);
  browser = await remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'warn',
    capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: app } },
  });
});

after(async () => {
  if (browser) await browser.deleteSession().catch(() => {});
  if (driver) await endGroup(driver);
});

/** Ends a detached child's whole process group: TERM, then KILL what is left after 2 s. */
async function endGroup(child) {
  const signal = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
  signal('SIGTERM');
  await new Promise((r) => setTimeout(r, 2000));
  signal('SIGKILL');
}

const byTestId = (id) => browser.$(`[data-testid="${id}"]`);

test('signs in as clerk and shows the Danish frame', async () => {
  const clerk = await byTestId('signin-clerk');
  await clerk.waitForDisplayed({ timeout: 20000 });
  assert.equal(await browser.execute(() => document.documentElement.lang), 'da');
  await clerk.click();
  const municipality = await byTestId('header-municipality');
  await municipality.waitForDisplayed({ timeout: 10000 });
  assert.match(await municipality.getText(), /Demokommune/);
  assert.match(await (await byTestId('header-connection')).getText(), /Forbindelse ukendt/);
  assert.match(await (await byTestId('header-queue')).getText(), /Kø: 0/);
});

test('walks the steps Sag -> Foto -> Underskrift -> Send', async () => {
  for (const [id, heading] of [
    ['step-photo', 'Foto'],
    ['step-signature', 'Underskrift'],
    ['step-send', 'Send'],
    ['step-case', 'Sag'],
  ]) {
    await (await byTestId(id)).click();
    const h1 = await browser.$('main h1');
    await browser.waitUntil(async () => (await h1.getText()).trim() === heading, { timeout: 5000, timeoutMsg: `heading ${heading}` });
    assert.equal(await (await byTestId(id)).getAttribute('aria-current'), 'step');
    if (id === 'step-send') {
      // Without a case the send step still shows today's captures.
      assert.match(await (await byTestId('queue-list')).getText(), /Dagens optagelser/);
    } else if (id !== 'step-case') {
      assert.match(await (await byTestId('step-needs-case')).getText(), /Åbn en sag først/);
    }
  }
});

async function lookUp(cpr, caseRef = 'KK-2026-000042') {
  const input = await byTestId('cpr-input');
  await input.waitForDisplayed({ timeout: 5000 });
  await input.setValue(cpr);
  await (await byTestId('case-ref-input')).setValue(caseRef);
  const button = await byTestId('case-lookup');
  await browser.waitUntil(async () => button.isEnabled(), { timeout: 5000, timeoutMsg: 'lookup button enabled' });
  await button.click();
}

async function newCase() {
  await (await byTestId('case-new')).click();
  await (await byTestId('cpr-input')).waitForDisplayed({ timeout: 5000 });
}

test('looks a citizen up in the CPR simulator over mutual TLS', async () => {
  await (await byTestId('step-case')).click();
  await lookUp('1203851002');
  const name = await byTestId('person-name');
  await name.waitForDisplayed({ timeout: 10000 });
  assert.equal(await name.getText(), 'Anne Demo Hansen');
  assert.equal(await (await byTestId('person-cpr')).getText(), '120385-1002');
  assert.match(await (await byTestId('person-address')).getText(), /Demovej 12/);
  assert.match(await (await byTestId('person-sex')).getText(), /Kvinde/);
  await newCase();
});

test('a dead person is blocked; a protected address is never shown', async () => {
  await lookUp('010130-1028');
  const blocked = await byTestId('case-blocked');
  await blocked.waitForDisplayed({ timeout: 10000 });
  assert.match(await blocked.getText(), /registreret som død/);
  assert.equal(await (await byTestId('case-continue')).isExisting(), false);
  await newCase();

  await lookUp('220788-1018');
  const address = await byTestId('person-address');
  await address.waitForDisplayed({ timeout: 10000 });
  assert.match(await address.getText(), /Beskyttet adresse/);
  const page = await browser.execute(() => document.body.innerText);
  assert.doesNotMatch(page, /Skjultvej|Aalborg/);
  await newCase();
});

test('a whole capture: replayed camera with guidance, photo checked and accepted, replay pad signs, Send, delivered', async () => {
  await lookUp('1203851002');
  await (await byTestId('person-name')).waitForDisplayed({ timeout: 10000 });
  await (await byTestId('case-continue')).click();

  // Foto: the demo camera streams JPEG frames over the channel; they are drawn with the oval.
  const preview = await byTestId('photo-preview');
  await preview.waitForDisplayed({ timeout: 15000 });
  await browser.waitUntil(async () => Number(await preview.getAttribute('data-drawn')) >= 10, { timeout: 20000, timeoutMsg: 'preview frames drawn' });
  const hint = await byTestId('photo-hint');
  await browser.waitUntil(async () => (await hint.getAttribute('data-hint')) !== '', { timeout: 20000, timeoutMsg: 'live guidance' });
  assert.match(await (await byTestId('photo-camera')).getText(), /Demokamera/);
  // Take the photo (auto-capture may be first); the replay shows several portraits, so a frame
  // between two of them may hold no usable face: then retake, as a clerk would.
  const step = await byTestId('photo-step');
  const checks = await byTestId('photo-checks');
  for (let attempt = 0; attempt < 4; attempt++) {
    if ((await step.getAttribute('data-phase')) === 'live') {
      const take = await byTestId('photo-take');
      if (await take.isEnabled()) await take.click().catch(() => {});
    }
    await checks.waitForDisplayed({ timeout: 20000 });
    if (await (await byTestId('photo-crop')).isExisting()) break;
    await (await byTestId('photo-retake')).click();
    await browser.waitUntil(async () => (await step.getAttribute('data-phase')) === 'live', { timeout: 10000, timeoutMsg: 'preview again' });
    await browser.pause(700);
  }
  assert.equal((await browser.$$('[data-testid="photo-checks"] [data-testid="check"]')).length, 17);
  assert.match(await checks.getText(), /Kontrol af fotoet/);
  assert.ok(await (await byTestId('photo-crop')).isExisting(), 'the 35:45 crop is shown');
  if ((await checks.getAttribute('data-verdict')) === 'fail') {
    const accept = await byTestId('photo-accept');
    assert.equal(await accept.isEnabled(), false, 'a failing photo needs a reason first');
    await (await byTestId('photo-reason')).setValue('E2E: demo-portræt');
  }
  const acceptPhoto = await byTestId('photo-accept');
  await browser.waitUntil(async () => acceptPhoto.isEnabled(), { timeout: 5000, timeoutMsg: 'photo accept enabled' });
  await acceptPhoto.click();

  // Underskrift: the flow moves on by itself; the replay pad signs.
  const lead = await byTestId('signature-pad-name');
  await lead.waitForDisplayed({ timeout: 10000 });
  assert.match(await lead.getText(), /underskriftsblokken \(Demo-blok/);
  const accept = await byTestId('signature-accept');
  const sigChecks = await byTestId('signature-checks');
  await sigChecks.waitForDisplayed({ timeout: 20000 });
  await browser.waitUntil(async () => (await sigChecks.getAttribute('data-verdict')) === 'pass', { timeout: 20000, timeoutMsg: 'signature checks pass' });
  const inked = await browser.execute(() => {
    const c = document.querySelector('[data-testid="signature-canvas"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(inked > 500, `ink pixels on the canvas: ${inked}`);
  await browser.waitUntil(async () => accept.isEnabled(), { timeout: 5000, timeoutMsg: 'accept enabled' });
  await accept.click();

  // Send: both parts accepted, the capture is saved and the background sender delivers it to the
  // gateway simulator over mutual TLS; the producer (3 s) accepts it.
  const sendButton = await byTestId('send-button');
  await sendButton.waitForDisplayed({ timeout: 10000 });
  assert.match(await (await byTestId('send-citizen')).getText(), /Anne Demo Hansen/);
  await browser.waitUntil(async () => sendButton.isEnabled(), { timeout: 5000, timeoutMsg: 'send enabled' });
  await sendButton.click();
  const done = await byTestId('send-done');
  await done.waitForDisplayed({ timeout: 10000 });
  assert.match(await done.getText(), /Optagelsen er gemt og bliver sendt/);
  const row = await byTestId('queue-item');
  await row.waitForDisplayed({ timeout: 10000 });
  await browser.waitUntil(async () => (await (await byTestId('queue-item')).getAttribute('data-state')) === 'accepted', {
    timeout: 40000, timeoutMsg: 'the capture reaches accepted',
  });
  assert.match(await (await byTestId('queue-item')).getText(), /Modtaget/);
  assert.match(await (await byTestId('header-connection')).getText(), /Online/);
  assert.match(await (await byTestId('header-queue')).getText(), /Kø: 0/);
  await (await byTestId('send-next')).click();
  await (await byTestId('cpr-input')).waitForDisplayed({ timeout: 5000 });
});

test('a malformed number gets a Danish message at once', async () => {
  const input = await byTestId('cpr-input');
  await input.setValue('12038x');
  const error = await byTestId('cpr-error');
  await error.waitForDisplayed({ timeout: 5000 });
  assert.match(await error.getText(), /kun indeholde tal/);
  await input.clearValue();
});

test('takes a screenshot for the README when asked', { skip: !process.env.SKRANKE_SCREENSHOT }, async () => {
  await (await byTestId('step-case')).click();
  await lookUp('1203851002');
  await (await byTestId('person-name')).waitForDisplayed({ timeout: 10000 });
  await browser.saveScreenshot(process.env.SKRANKE_SCREENSHOT);
});
