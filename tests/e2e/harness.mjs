// The end-to-end harness: starts one fresh app (its own data directory, configuration and
// tauri-driver on free ports) and drives it without ever holding an element across a re-render.
//
// Rules that keep the suite deterministic:
// - Text and attributes are read with one `browser.execute` per read: a fresh querySelector in the
//   page, so a Svelte re-render between two reads cannot leave the test with a dead reference.
// - Waiting is waiting on state the UI exposes (data-phase, data-verdict, data-state, enabled
//   buttons) with `browser.waitUntil`; an error inside a wait ends it at once (it is not swallowed
//   and retried until the timeout, as waitUntil alone would do).
// - A click finds its element fresh, checks in the same script that it is shown and enabled, and
//   then clicks it through WebDriver. A click counts only when the element received it: if the
//   element was replaced in between (stale element / no such element) or was disabled when the
//   click arrived, nothing happened in the app and the click is made again inside the same bounded
//   wait. Assertions are never retried.
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

/** The W3C key of an element reference in a WebDriver answer. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
/** How often waits look at the page. */
const POLL_MS = 100;

/** CSS selector of a test id. */
export const sel = (id) => `[data-testid="${id}"]`;

/** A port nobody listens on right now (the OS picks it). */
function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `port` accepts connections; fails at once when `child` ends first. */
async function waitForPort(port, child, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`tauri-driver ended (${child.exitCode ?? child.signalCode}) before it listened on port ${port}`);
    }
    const ok = await new Promise((r) => {
      const s = connect(port, '127.0.0.1', () => { s.end(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on port ${port} within ${ms / 1000} s`);
}

/** Whether a live process of process group `pgid` runs the program `exe` (Linux /proc). */
function groupRuns(pgid, exe) {
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After "pid (comm) ": state, ppid, pgrp, ...
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z') continue;
      const running = readlinkSync(`/proc/${pid}/exe`);
      if (running === exe || running === `${exe} (deleted)`) return true;
    } catch { /* gone meanwhile, or not ours to read */ }
  }
  return false;
}

/**
 * Fails as soon as the app is known not to be starting: it ran in the driver's process group and
 * ended, or it never ran within `graceMs` of the session request. (WebKitWebDriver itself waits
 * for an app that has died until the HTTP request times out.) Resolves when `done()` says so.
 */
async function watchAppStart(pgid, exe, graceMs, done) {
  if (!existsSync('/proc')) return;
  const started = Date.now();
  let seen = false;
  while (!done()) {
    if (groupRuns(pgid, exe)) seen = true;
    else if (seen) throw new Error('the app ended while starting (its output is above)');
    else if (Date.now() - started > graceMs) throw new Error(`the app was not running ${graceMs / 1000} s after the session was requested (its output is above)`);
    await sleep(200);
  }
}

/** Ends a detached child's whole process group: TERM, then KILL what is left after 2 s. */
async function endGroup(child) {
  const signal = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
  signal('SIGTERM');
  await sleep(2000);
  signal('SIGKILL');
}

/**
 * The capture devices of every run, as TOML sections: the replay camera showing the portrait in
 * `cameraDir`, auto-capture off, the built-in demo pad. Production accepts the replay camera only
 * from the test build of the app started with SKRANKE_TEST_CAMERA=replay.
 */
export function captureSettings(cameraDir) {
  // JSON string literals are valid TOML basic strings for these plain paths.
  return [
    '[review]',
    '# The demo portrait fails two checks (mouth_closed, background) and is accepted with a reason.',
    '# Every suite here sends such an override at once (review.test.mjs lets the producer reject',
    '# it); holding overrides for a supervisor (the default, "all") is tested through the façade.',
    'overrides = "none"',
    '',
    '[camera]',
    `source = ${JSON.stringify(`replay:${cameraDir}`)}`,
    '',
    '[photo]',
    '# Only "Tag foto" takes the photo: the test decides when, nothing races it.',
    'auto_capture = false',
    '',
    '[signature]',
    '# The built-in demo signature, never a pad that happens to be plugged in.',
    'pad = "replay:demo"',
    '',
  ].join('\n');
}

/** Whether SIGTERM, SIGINT and SIGHUP already end this process through process.exit. */
let exitOnSignals = false;

/**
 * Runs `kill` when this process ends, however it ends: normally, on an uncaught error, or on a
 * signal (from `timeout`, Ctrl-C), which would otherwise end it without running exit handlers.
 * For children that must not outlive the test (the app's process group, the simulators).
 * Returns a function that cancels it, for a child already ended.
 */
export function killWhenThisEnds(kill) {
  process.on('exit', kill);
  if (!exitOnSignals) {
    exitOnSignals = true;
    for (const [sig, n] of [['SIGHUP', 1], ['SIGINT', 2], ['SIGTERM', 15]]) {
      process.once(sig, () => process.exit(128 + n));
    }
  }
  return () => process.off('exit', kill);
}

/**
 * Prepares a fresh run: a temp folder holding the data directory (`data`), a replay camera folder
 * with one portrait, and `skranke.toml`. Demo: the configuration is written here (demo mode and
 * the capture settings). Production: `skranke sim --write-config` writes it (its data directory
 * is the same `data`); then `addCaptureSettings(run)`.
 */
export function prepareRun({ portrait, mode = 'demo' }) {
  const root = mkdtempSync(join(tmpdir(), `skranke-e2e-${mode}-`));
  const dataDir = join(root, 'data');
  // The folder's name is part of the camera name the app shows: "Afspillet kamera (portraet)".
  const cameraDir = join(root, 'portraet');
  mkdirSync(dataDir);
  mkdirSync(cameraDir);
  copyFileSync(portrait, join(cameraDir, 'portrait.jpg'));
  const config = join(root, 'skranke.toml');
  if (mode === 'demo') {
    writeFileSync(config, ['mode = "demo"', `data_dir = ${JSON.stringify(dataDir)}`, '', captureSettings(cameraDir)].join('\n'));
  }
  return { root, dataDir, cameraDir, config };
}

/**
 * Appends the capture settings to a configuration written by someone else (`skranke sim
 * --write-config`). TOML forbids a section twice, so a file that already has one is an error
 * here rather than a confusing refusal by the app.
 */
export function addCaptureSettings(run) {
  const text = readFileSync(run.config, 'utf8');
  for (const section of ['camera', 'photo', 'signature', 'review']) {
    if (new RegExp(`^\\s*\\[${section}\\]`, 'm').test(text)) {
      throw new Error(`${run.config} already has a [${section}] section; the test cannot add its own`);
    }
  }
  writeFileSync(run.config, `${text.trimEnd()}\n\n# Added by the end-to-end test.\n${captureSettings(run.cameraDir)}`);
}

/**
 * Starts tauri-driver on free ports (its own process group) and opens a session on the app: the
 * app starts with `env` added to this process's environment. Fails with a clear message when the
 * app does not start or does not show its first page.
 */
export async function startApp({ app, env }) {
  try {
    accessSync(app, constants.X_OK);
  } catch {
    throw new Error(`the app ${app} does not exist or is not executable (set SKRANKE_APP, or build it: cargo build -p skranke --locked)`);
  }
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
    // Its own process group: tauri-driver, WebKitWebDriver and the app all end together in
    // stopApp(), even when the session cannot be deleted cleanly (a leftover app would keep this
    // test process, and CI, waiting).
    detached: true,
  });
  // Whatever ends this process (a signal from `timeout`, an uncaught error) ends the group too:
  // being detached, it would otherwise outlive us with the app still open.
  killWhenThisEnds(() => { try { process.kill(-driver.pid, 'SIGKILL'); } catch { /* gone */ } });
  const spawnError = new Promise((_, fail) => driver.on('error', (e) => fail(new Error(`cannot start tauri-driver: ${e.message}`))));
  spawnError.catch(() => {});
  const session = { driver, browser: null, port, nativePort };
  try {
    await Promise.race([waitForPort(port, driver, 30000), spawnError]);
    let sessionDone = false;
    const appGone = watchAppStart(driver.pid, realpathSync(app), 15000, () => sessionDone);
    appGone.catch(() => {});
    session.browser = await Promise.race([
      appGone.then(() => new Promise(() => {})),
      remote({
        hostname: '127.0.0.1',
        port,
        logLevel: 'warn',
        // One attempt: a new session that fails must not start a second app.
        connectionRetryCount: 0,
        connectionRetryTimeout: 90000,
        capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: resolve(app) } },
      }),
      spawnError,
    ]).catch((e) => {
      throw new Error(`the app did not start under tauri-driver (port ${port}, native port ${nativePort}): ${e.message}`);
    }).finally(() => {
      sessionDone = true;
    });
  } catch (e) {
    await endGroup(driver);
    throw e;
  }
  return session;
}

/** Ends the session and the whole tauri-driver process group (app included). */
export async function stopApp(session) {
  if (!session) return;
  if (session.browser) await session.browser.deleteSession().catch(() => {});
  await endGroup(session.driver);
}

/**
 * The set-up of a demo-mode suite whose steps run in order on one app (orderedSteps): before the
 * steps a fresh run (prepareRun with `portrait`), `prepare(run)` (what the suite adds to the run;
 * returns extra environment for the app), the app started on it (startDemoRun) and `ready(parts)`
 * (set-up once the sign-in page shows); after them the app ended and the run folder removed
 * unless something failed. `set({ run, session, ui })` hands the suite its handles: the run as
 * soon as it exists, the session and page once the app is up (also when starting failed, so the
 * failure's evidence can be kept). Returns the suite's `step` and `steps`.
 */
export function demoSuite({ label, app, portrait, set, prepare = () => ({}), ready = async () => {} }) {
  const parts = {};
  let run;
  const steps = orderedSteps(() => ({ browser: parts.session?.browser, dir: run?.root }));
  before(async () => {
    run = prepareRun({ portrait });
    set({ run });
    console.log(`${label}: app ${app}; run folder ${run.root}`);
    try {
      await startDemoRun(parts, { app, run, env: prepare(run) });
      await ready(parts);
    } catch (e) {
      steps.fail('starting the app');
      throw e;
    } finally {
      set({ run, session: parts.session, ui: parts.ui });
    }
  });
  after(() => stopDemoRun(parts, { run, failed: steps.failed }));
  return { step: steps.step, steps };
}

/** Page helpers bound to one browser session. */
/**
 * Starts the demo app on a suite's run (prepareRun): the run's data directory and configuration,
 * the webview's own storage (the UI language it keeps in localStorage) inside the run folder, so
 * that no run leaves a language behind for a later or a parallel one, and `env` on top. Sets
 * `parts.session` as soon as the app is up (so that stopDemoRun ends it even when the sign-in page
 * never shows) and `parts.ui`, and returns once the sign-in page shows.
 */
export async function startDemoRun(parts, { app, run, env = {} }) {
  const webData = join(run.root, 'xdg-data');
  mkdirSync(webData, { recursive: true });
  parts.session = await startApp({
    app,
    env: { SKRANKE_DATA_DIR: run.dataDir, SKRANKE_CONFIG: run.config, XDG_DATA_HOME: webData, ...env },
  });
  parts.ui = page(parts.session.browser);
  await parts.ui.until(() => parts.ui.shown('signin-clerk'), {
    timeout: 30000,
    what: 'the sign-in page (the app started but did not show it; see the log above and the logs in the data directory)',
  });
}

/**
 * Ends what startDemoRun started; keeps the run folder when a step failed (configuration, the
 * data directory with the app's logs, the screenshot and page of the failure), else removes it.
 */
export async function stopDemoRun(parts, { run, failed }) {
  await stopApp(parts.session);
  if (failed) {
    console.log(`e2e: kept ${run.root} (configuration, data directory with the app's logs, screenshot and page of the failure)`);
  } else if (run) {
    rmSync(run.root, { recursive: true, force: true });
  }
}

export function page(browser) {
  /**
   * Waits until `probe()` returns a truthy value and returns it. `probe` may throw to end the
   * wait at once (a state that can never turn good). `describe()` tells what was last seen, for
   * the timeout message.
   */
  async function until(probe, { timeout, what, describe }) {
    let failure = null;
    let value;
    await browser.waitUntil(async () => {
      try {
        value = await probe();
        return value ? true : false;
      } catch (e) {
        failure = e;
        return true;
      }
    }, {
      timeout,
      interval: POLL_MS,
      timeoutMsg: () => `timed out after ${timeout / 1000} s waiting for ${what}` + (describe ? `; last seen: ${describe()}` : ''),
    });
    if (failure) throw failure;
    return value;
  }

  /** One atomic look at the page: `fn` runs in the page with `args`. */
  const look = (fn, ...args) => browser.execute(fn, ...args);

  /** The element's innerText, or null when it is not in the page. */
  const text = (id) => look((s) => document.querySelector(s)?.innerText ?? null, sel(id));

  /** An attribute of the element, or null when the element (or the attribute) is missing. */
  const attr = (id, name) => look((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, sel(id), name);

  /** innerText of several elements in one look (null for those not in the page). */
  const texts = (ids) => look((ss) => Object.fromEntries(ss.map(([id, s]) => [id, document.querySelector(s)?.innerText ?? null])),
    ids.map((id) => [id, sel(id)]));

  /** Whether the element is in the page and rendered (has a box). */
  const shown = (id) => look((s) => {
    const e = document.querySelector(s);
    return e !== null && e.getClientRects().length > 0;
  }, sel(id));

  /** Waits until the element is in the page and rendered. */
  const waitShown = (id, timeout, what = `${id} shown`) => until(() => shown(id), { timeout, what });

  /**
   * Waits until the element's attribute has `value`; a value in `failOn` is a state that cannot
   * turn into the awaited one and ends the wait at once.
   */
  async function waitAttr(id, name, value, timeout, { failOn = [] } = {}) {
    let seen = null;
    await until(async () => {
      seen = await attr(id, name);
      if (failOn.includes(seen)) throw new Error(`${id} ${name}="${seen}" while waiting for "${value}"`);
      return seen === value;
    }, { timeout, what: `${id} ${name}="${value}"`, describe: () => JSON.stringify(seen) });
  }

  const transient = (e) => /stale element|no such element|not interactable|click intercepted|detached/i.test(`${e?.name} ${e?.message}`);

  /**
   * Clicks the element as soon as it is shown and enabled. The element is found fresh right
   * before each click, and the click counts only when the element received the click event; if it
   * was replaced (stale / no such element) or disabled in between, nothing happened in the app and
   * the click is made again, inside the same bounded wait.
   */
  async function click(id, timeout = 10000) {
    let lastMiss = 'not shown or not enabled';
    let pending = false;
    await until(async () => {
      if (pending) {
        // The previous click: did its event reach the element?
        if (await look(() => window.__skrankeE2eClick?.landed === true)) return true;
        pending = false;
      }
      const ref = await look((s) => {
        const e = document.querySelector(s);
        if (e === null || e.getClientRects().length === 0 || e.disabled) return null;
        const mark = { landed: false };
        window.__skrankeE2eClick = mark;
        // Capture phase, once: set only if this very element gets the click (a disabled button
        // gets none; a replaced element is no longer in the page).
        e.addEventListener('click', () => { mark.landed = true; }, { once: true, capture: true });
        return e;
      }, sel(id));
      if (!ref) return false;
      try {
        await browser.elementClick(ref[ELEMENT_KEY]);
      } catch (e) {
        if (!transient(e)) throw e;
        lastMiss = e.message.split('\n')[0];
        return false;
      }
      pending = true;
      if (await look(() => window.__skrankeE2eClick?.landed === true)) return true;
      lastMiss = 'the element did not receive the click (disabled or replaced when it arrived)';
      return false;
    }, { timeout, what: `a click on ${id}`, describe: () => lastMiss });
  }

  /** Replaces the text of an input: found fresh, cleared and typed; again if it was replaced meanwhile. */
  async function type(id, value, timeout = 10000) {
    let lastMiss = 'not shown or not enabled';
    await until(async () => {
      const ref = await look((s) => {
        const e = document.querySelector(s);
        return e === null || e.getClientRects().length === 0 || e.disabled ? null : e;
      }, sel(id));
      if (!ref) return false;
      try {
        await browser.elementClear(ref[ELEMENT_KEY]);
        await browser.elementSendKeys(ref[ELEMENT_KEY], value);
      } catch (e) {
        if (!transient(e)) throw e;
        lastMiss = e.message.split('\n')[0];
        return false;
      }
      return true;
    }, { timeout, what: `typing into ${id}`, describe: () => lastMiss });
  }

  return { until, look, text, texts, attr, shown, waitShown, waitAttr, click, type };
}

/**
 * Tests that run in order on one app and build on each other (signed in, then a case, ...): once
 * one fails, the rest are skipped instead of failing on the state it left behind. `evidence()`
 * returns the current `{ browser, dir }`: a failing step saves the screen and the page there.
 */
export function orderedSteps(evidence) {
  /** The first test (or set-up) that failed. */
  let failed = null;

  /** The screen and the page at the moment of a failure, in the run folder. */
  async function keepEvidence() {
    const { browser, dir } = evidence();
    if (!browser || !dir) return;
    try {
      await browser.saveScreenshot(join(dir, 'failure.png'));
      writeFileSync(join(dir, 'failure.html'), await browser.execute(() => document.documentElement.outerHTML));
      console.log(`e2e: failure screenshot and page in ${dir}`);
    } catch (e) {
      console.log(`e2e: no screenshot of the failure (${e.message.split('\n')[0]})`);
    }
  }

  /**
   * A test that runs only while all before it passed, fails after `timeout` ms at the latest (its
   * own waits end sooner, with a precise message), and keeps evidence when it fails.
   */
  function step(name, { timeout, skip = false }, fn) {
    test(name, { skip }, async (t) => {
      if (failed) {
        t.skip(`not run: "${failed}" failed before it`);
        return;
      }
      let timer;
      const overdue = new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`the test took longer than ${timeout / 1000} s`)), timeout);
      });
      try {
        await Promise.race([fn(t), overdue]);
      } catch (e) {
        failed = name;
        await keepEvidence();
        throw e;
      } finally {
        clearTimeout(timer);
      }
    });
  }

  return {
    step,
    /** Marks a set-up (outside any step) as failed: the steps are skipped. */
    fail(name) { failed = name; },
    /** The name of the first failure, or null. */
    get failed() { return failed; },
  };
}
