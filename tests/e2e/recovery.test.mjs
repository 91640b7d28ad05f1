// End-to-end: the counter survives a crash of WebKit's web process (issue 18.7,
// src-tauri/src/webview_recovery.rs). The real app in demo mode: sign in, look the citizen up, go
// on to the live photo preview; then the page's process is killed, as the two crashes seen in the
// working-day soak ended it. The app must notice (WebKit reports the process crashed), load the
// page again in a new web process, and the page must start again and talk to the app (its start
// is logged by the app: "the counter page started"). The clerk's session and the open case live
// in the app process, which goes on.
//
// WebKitWebDriver ends the WebDriver session with the page's process ("invalid session id"), so
// after the kill the test watches the app's processes and its log (in the run's data directory)
// instead of the page. Until the kill, the harness's rules hold (harness.mjs).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITIZEN, lookUp } from './capture.mjs';
import { demoSuite } from './harness.mjs';
import { appProcesses } from './processes.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');

let run;
let session;
let ui;
const { step } = demoSuite({ label: 'e2e recovery', app, portrait: PORTRAIT, set: (h) => ({ run, session, ui } = h) });

/** The pids of the app's WebKit web processes (processes.mjs). */
function webProcesses() {
  const procs = appProcesses(session.driver.pid, realpathSync(app));
  assert.ok(procs.length > 0, 'the app process was not found in tauri-driver\'s process group');
  return procs.filter((p) => p.role === 'web').map((p) => p.pid);
}

/** The photo step's phase, hint and drawn frames in one look. */
const photo = () => ui.look(() => ({
  phase: document.querySelector('[data-testid="photo-step"]')?.getAttribute('data-phase') ?? null,
  hint: document.querySelector('[data-testid="photo-hint"]')?.getAttribute('data-hint') ?? null,
  drawn: Number(document.querySelector('[data-testid="photo-preview"]')?.getAttribute('data-drawn') ?? 0),
}));

async function waitForLivePreview() {
  let seen = null;
  await ui.until(async () => {
    seen = await photo();
    if (seen.phase === 'error') throw new Error('the camera failed');
    return seen.phase === 'live' && seen.hint && seen.drawn >= 5;
  }, { timeout: 30000, what: 'the live preview (5 frames drawn) with guidance', describe: () => JSON.stringify(seen) });
}

let before_ = [];

step('signs in, looks the citizen up and shows the live preview', { timeout: 90000 }, async () => {
  await ui.click('signin-clerk');
  await lookUp(ui, CITIZEN.cpr);
  await ui.waitShown('person-name', 10000);
  assert.equal(await ui.text('person-name'), CITIZEN.name);
  await ui.click('case-continue');
  await waitForLivePreview();
  before_ = webProcesses();
  assert.ok(before_.length >= 1, 'no WebKit web process found for the app');
});

/** The app's log so far (every file in the run's `logs` folder). */
function appLog() {
  const dir = join(run.dataDir, 'logs');
  if (!existsSync(dir)) return '';
  return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8')).join('');
}

const count = (text, needle) => text.split(needle).length - 1;
const PAGE_STARTED = 'the counter page started';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

step('the web process dies: the app reloads the page in a new web process and the page starts again', { timeout: 90000 }, async () => {
  let log = '';
  // The first start is in the log (written by a background writer: wait for it).
  for (let i = 0; i < 100 && count(log = appLog(), PAGE_STARTED) < 1; i++) await sleep(100);
  assert.equal(count(log, PAGE_STARTED), 1, 'the page started once before the crash');
  for (const pid of before_) process.kill(pid, 'SIGKILL');
  let seen = null;
  const deadline = Date.now() + 60000;
  for (;;) {
    log = appLog();
    const now = webProcesses();
    seen = {
      reloaded: log.includes("the webview's process failed: reloading the page"),
      crashed: log.includes('reason="crashed"'),
      pageStarts: count(log, PAGE_STARTED),
      web: now,
      newWeb: now.length >= 1 && now.every((pid) => !before_.includes(pid)),
    };
    if (seen.reloaded && seen.pageStarts >= 2 && seen.newWeb) break;
    assert.ok(Date.now() < deadline, `timed out waiting for the page to come back: ${JSON.stringify(seen)}`);
    await sleep(200);
  }
  assert.ok(seen.crashed, 'the app logged the web process as crashed');
  assert.equal(seen.pageStarts, 2, 'the page started once more, not over and over');
  assert.ok(!log.includes('keeps failing'), 'one reload was enough');
  // The page's process stays up (a page that died again at once would show here).
  await sleep(3000);
  const later = webProcesses();
  assert.deepEqual(later, seen.web, `the new web process lives on (${seen.web} -> ${later})`);
});
