// A working day without a restart (issue 18 point 7): a soak benchmark, run on demand (not part
// of `npm test`, not in CI). The real app in demo mode under Xvfb takes N citizens through the
// whole flow (sign-in once, then per citizen: CPR and case reference, lookup, live preview, Tag
// foto, accept, the replay pad signs, accept, Send, Næste borger), then keeps the live preview
// of one more case running for M minutes.
//
// It reports, as JSON lines on stdout, the memory of the app process and of its WebKit processes
// (each WebKitWebProcess child of the app as "web", the network process as "network"): VmRSS
// from /proc/<pid>/status and Pss from /proc/<pid>/smaps_rollup. Samples: at the start, after the
// warm-up citizens, every --citizens-every citizens, after all citizens, when the preview is
// live, every --every-min minutes of preview and at the end; each preview sample has the drawn
// (and delivered) frame rate over its interval (the preview canvas's data-drawn and data-frames
// counters, as bench-preview.mjs reads them), and every sample the load average, the page's
// element count and Tauri's registered callbacks. Progress and the app's output go to stderr.
//
// The last line is a summary: per process role, the growth after warm-up in % over the citizens
// (after all citizens against after the warm-up citizens) and over the preview (the end against
// the sample after --every-min minutes of preview; against the sample when the preview went live
// if the preview is shorter than two intervals), and the lowest drawn frame rate of an interval.
// Exit 1 when a growth exceeds --max-growth (10 %) or the frame rate falls below --min-fps (25):
// a benchmark that can fail. Exit 2 when the flow itself failed (the run folder, with the app's
// logs, a screenshot and the page, is kept then).
//
// Frame rates depend on the machine's load (the load average is in every sample): compare runs
// on an otherwise idle machine only.
//
// Run it on the debug build (`cd ui && npm run build`, then `cargo test -p skranke --no-run
// --locked`), better on a copy of it, as a rebuild during the run replaces the file:
//   cd tests/e2e && SKRANKE_APP=../../target/debug/skranke \
//     xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" node soak-day.mjs --citizens 100 --minutes 30
// Options: --citizens N (100), --minutes M (30), --every-min K (5), --warmup-citizens W (10),
// --citizens-every C (10), --max-growth PCT (10), --min-fps FPS (25), --citizen-display (the
// citizen-facing second window mirrors the preview too).
import { appendFileSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CITIZEN, captureAndSend, lookUp } from './capture.mjs';
import { prepareRun, startDemoRun, stopDemoRun } from './harness.mjs';
import { appProcesses } from './processes.mjs';

const { values: opt } = parseArgs({
  options: {
    citizens: { type: 'string', default: '100' },
    minutes: { type: 'string', default: '30' },
    'every-min': { type: 'string', default: '5' },
    'warmup-citizens': { type: 'string', default: '10' },
    'citizens-every': { type: 'string', default: '10' },
    'max-growth': { type: 'string', default: '10' },
    'min-fps': { type: 'string', default: '25' },
    'citizen-display': { type: 'boolean', default: false },
  },
});
const number = (name, min) => {
  const n = Number(opt[name]);
  if (!Number.isFinite(n) || n < min) {
    console.error(`soak-day: --${name} must be a number >= ${min}, not ${JSON.stringify(opt[name])}`);
    process.exit(2);
  }
  return n;
};
const CITIZENS = Math.floor(number('citizens', 0));
const MINUTES = number('minutes', 0);
const EVERY_MIN = number('every-min', 0.1);
const WARMUP = Math.min(Math.floor(number('warmup-citizens', 0)), CITIZENS);
const CITIZENS_EVERY = Math.floor(number('citizens-every', 1));
const MAX_GROWTH = number('max-growth', 0);
const MIN_FPS = number('min-fps', 0);

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = resolve(process.env.SKRANKE_APP ?? join(repo, 'target/debug/skranke'));
const PORTRAIT = join(repo, 'assets/demo/portraits/obama.jpg');

// stdout carries the JSON lines only: capture.mjs's progress lines (console.log) go to stderr.
console.log = (...args) => console.error(...args);
const emit = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round1 = (x) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10) / 10);


/** VmRSS (status) and Pss (smaps_rollup, when readable) of a process, in kB. */
function memory(pid) {
  const kb = (text, key) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  let rss = null;
  let pss = null;
  try { rss = kb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS'); } catch { /* gone */ }
  try { pss = kb(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss'); } catch { /* not readable */ }
  return { rss_kb: rss, pss_kb: pss };
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

// --- The run ---------------------------------------------------------------------------------------

const run = prepareRun({ portrait: PORTRAIT });
// Thirty minutes of preview without a click would lock the session; the clerk's pointer activity
// is simulated (see keepAwake), the idle lock stays as configured.
if (opt['citizen-display']) appendFileSync(run.config, '\n[ui]\ncitizen_display = true\n');
const parts = {};
const started = Date.now();
const samples = [];
let exe;

/** The preview counters now, or null when the preview canvas is not in the page. */
async function previewCounters(ui) {
  const c = await ui.look(() => {
    const e = document.querySelector('[data-testid="photo-preview"]');
    return e ? { frames: Number(e.getAttribute('data-frames')), drawn: Number(e.getAttribute('data-drawn')) } : null;
  });
  return c ? { t: Date.now(), ...c } : null;
}

/** One sample: memory per process, the load, and the frame rates since `since` (counters). */
async function sample(label, ui, since = null) {
  const procs = appProcesses(parts.session.driver.pid, exe).map((p) => ({ ...p, ...memory(p.pid) }));
  const now = since ? await previewCounters(ui) : null;
  let fps = {};
  if (since && now && now.t - since.t >= 1000) {
    const dt = (now.t - since.t) / 1000;
    fps = { fps_drawn: round1((now.drawn - since.drawn) / dt), fps_delivered: round1((now.frames - since.frames) / dt), interval_s: round1(dt) };
  }
  // What the page holds: elements, and Tauri's registered callbacks (invokes in flight and open
  // channels; one that only grows is a channel never closed).
  const page = await ui.look(() => ({
    elements: document.getElementsByTagName('*').length,
    tauri_callbacks: window.__TAURI_INTERNALS__?.callbacks?.size ?? null,
  }));
  const s = { event: 'sample', label, t_s: round1((Date.now() - started) / 1000), load: loadavg(), ...fps, page, processes: procs };
  samples.push(s);
  emit(s);
  return now;
}

/** Pointer activity as a clerk's, so that the idle lock does not end the preview (App.svelte). */
const keepAwake = (ui) => ui.look(() => { window.dispatchEvent(new PointerEvent('pointerdown')); });

/** Total kB of a role in a sample (a role may have several processes, e.g. two web views). */
function roleTotals(s, key) {
  const totals = {};
  for (const p of s.processes) {
    if (p[key] === null) continue;
    totals[p.role] = (totals[p.role] ?? 0) + p[key];
  }
  return totals;
}

/** Growth in % per role from sample `a` to sample `b`. */
function growth(a, b) {
  const out = {};
  for (const key of ['rss_kb', 'pss_kb']) {
    const ta = roleTotals(a, key);
    const tb = roleTotals(b, key);
    for (const role of Object.keys(tb)) {
      if (!ta[role]) continue;
      out[role] ??= {};
      out[role][key.replace('_kb', '_pct')] = round1(((tb[role] - ta[role]) / ta[role]) * 100);
      out[role][key.replace('_kb', '_mb')] = [round1(ta[role] / 1024), round1(tb[role] / 1024)];
    }
  }
  return out;
}

let failed = false;
let exitCode = 0;
try {
  exe = realpathSync(app);
  console.error(`soak-day: app ${app}; ${CITIZENS} citizens, then ${MINUTES} min of preview; run folder ${run.root}`);
  await startDemoRun(parts, { app, run });
  const { ui } = parts;
  await sample('start', ui);
  await ui.click('signin-clerk');
  await ui.waitShown('cpr-input', 20000);

  for (let n = 1; n <= CITIZENS; n++) {
    const t0 = Date.now();
    await captureAndSend(ui, { caseRef: `KK-2026-${String(100000 + n).padStart(6, '0')}` });
    await ui.click('send-next');
    await ui.waitShown('cpr-input', 10000);
    console.error(`soak-day: citizen ${n}/${CITIZENS} in ${round1((Date.now() - t0) / 1000)} s`);
    if (n === WARMUP && n < CITIZENS) await sample(`after ${n} citizens (warm-up)`, ui);
    else if (n % CITIZENS_EVERY === 0 && n < CITIZENS) await sample(`after ${n} citizens`, ui);
  }
  await sample(`after ${CITIZENS} citizens`, ui);

  // One more case, and its live preview left running.
  await lookUp(ui, CITIZEN.cpr, 'KK-2026-199999');
  await ui.waitShown('person-name', 10000);
  await ui.click('case-continue');
  await ui.until(async () => {
    const c = await previewCounters(ui);
    return c && c.drawn >= 30;
  }, { timeout: 30000, what: 'the live preview (30 frames drawn)' });
  let since = await sample('preview live', ui, await previewCounters(ui));
  const end = Date.now() + MINUTES * 60000;
  let next = Date.now() + EVERY_MIN * 60000;
  let minute = 1;
  while (Date.now() < end) {
    await sleep(Math.max(0, Math.min(next, end, Date.now() + 60000) - Date.now()));
    await keepAwake(ui);
    if (!(await previewCounters(ui))) throw new Error('the preview is gone (the session locked, or the step changed)');
    if (Date.now() >= next && Date.now() < end - 1000) {
      since = await sample(`preview ${round1(minute * EVERY_MIN)} min`, ui, since);
      minute++;
      next += EVERY_MIN * 60000;
    }
  }
  await sample(`end (preview ${round1(MINUTES)} min)`, ui, since);

  // Summary: growth after warm-up per role, the lowest drawn frame rate over an interval.
  const byLabel = (re) => samples.find((s) => re.test(s.label));
  const warm = byLabel(/warm-up/) ?? samples[0];
  const afterCitizens = byLabel(new RegExp(`^after ${CITIZENS} citizens$`));
  const live = byLabel(/^preview live/);
  const previewBase = MINUTES >= 2 * EVERY_MIN ? byLabel(/^preview [0-9.]+ min$/) ?? live : live;
  const last = samples[samples.length - 1];
  const citizenGrowth = growth(warm, afterCitizens);
  const previewGrowth = growth(previewBase, last);
  const fpsValues = samples.filter((s) => s.fps_drawn !== undefined && s.label !== 'preview live').map((s) => s.fps_drawn);
  const minFps = fpsValues.length ? Math.min(...fpsValues) : null;
  const over = [];
  for (const [phase, g] of [['citizens', citizenGrowth], ['preview', previewGrowth]]) {
    for (const [role, v] of Object.entries(g)) if (v.rss_pct > MAX_GROWTH) over.push(`${role} RSS +${v.rss_pct} % over the ${phase}`);
  }
  if (minFps !== null && minFps < MIN_FPS) over.push(`drawn ${minFps} fps < ${MIN_FPS}`);
  emit({
    event: 'summary',
    citizens: CITIZENS,
    preview_minutes: MINUTES,
    growth_over_citizens: { from: warm.label, to: afterCitizens.label, ...citizenGrowth },
    growth_over_preview: { from: previewBase.label, to: last.label, ...previewGrowth },
    min_fps_drawn: minFps,
    load_at_end: loadavg(),
    pass: over.length === 0,
    failures: over,
  });
  if (over.length) exitCode = 1;
} catch (e) {
  failed = true;
  exitCode = 2;
  emit({ event: 'error', message: String(e?.message ?? e).split('\n')[0], t_s: round1((Date.now() - started) / 1000) });
  if (parts.session?.browser) {
    try {
      await parts.session.browser.saveScreenshot(join(run.root, 'failure.png'));
      const html = await parts.session.browser.execute(() => document.documentElement.outerHTML);
      appendFileSync(join(run.root, 'failure.html'), html);
    } catch { /* no evidence */ }
  }
} finally {
  await stopDemoRun(parts, { run, failed });
}
process.exit(exitCode);
