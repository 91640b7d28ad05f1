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
  driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', [], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, SKRANKE_DATA_DIR: dataDir, SKRANKE_CONFIG: '' },
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
  if (driver) driver.kill();
});

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
    if (id !== 'step-case') {
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

test('the replay pad signs, the ink shows live, the checks pass and the signature is accepted', async () => {
  await lookUp('1203851002');
  await (await byTestId('person-name')).waitForDisplayed({ timeout: 10000 });
  await (await byTestId('step-signature')).click();
  const lead = await byTestId('signature-pad-name');
  await lead.waitForDisplayed({ timeout: 10000 });
  assert.match(await lead.getText(), /underskriftsblokken \(Demo-blok/);
  const accept = await byTestId('signature-accept');
  assert.equal(await accept.isEnabled(), false);
  // The demo signature takes about 3 s to replay; ink appears on the canvas while it plays.
  const checks = await byTestId('signature-checks');
  await checks.waitForDisplayed({ timeout: 20000 });
  await browser.waitUntil(async () => (await checks.getAttribute('data-verdict')) === 'pass', { timeout: 20000, timeoutMsg: 'signature checks pass' });
  const inked = await browser.execute(() => {
    const c = document.querySelector('[data-testid="signature-canvas"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(inked > 500, `ink pixels on the canvas: ${inked}`);
  assert.match(await checks.getText(), /Kontrol af underskriften/);
  await browser.waitUntil(async () => accept.isEnabled(), { timeout: 5000, timeoutMsg: 'accept enabled' });
  await accept.click();
  const accepted = await byTestId('signature-accepted');
  await accepted.waitForDisplayed({ timeout: 10000 });
  assert.match(await accepted.getText(), /Underskriften er godkendt/);
  await (await byTestId('step-case')).click();
  await newCase();
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
