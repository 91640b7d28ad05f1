// Preview benchmark in the real app: the debug build in demo mode under Xvfb, the replayed demo
// camera at the configured 1280x720, 30 fps. Opens a case, goes to the photo step and samples for
// SECONDS (auto-capture off) how many frames reached the webview and were drawn, and the capture-to-screen latency
// the UI measures from each frame's capture-time header. Prints one JSON line.
// Run: SKRANKE_APP=target/debug/skranke xvfb-run -a node bench-preview.mjs [SECONDS]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

const seconds = Number(process.argv[2] ?? 10);
const app = process.env.SKRANKE_APP ?? resolve('../../target/debug/skranke');
const dataDir = mkdtempSync(join(tmpdir(), 'skranke-bench-'));
// Demo mode with auto-capture off: the framed demo citizen passes the live checks, and the photo
// taken by itself would end the preview before the sampling does.
const config = join(dataDir, 'bench.toml');
writeFileSync(config, 'mode = "demo"\n[photo]\nauto_capture = false\n');
const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', [], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, SKRANKE_DATA_DIR: dataDir, SKRANKE_CONFIG: config, RUST_LOG: 'warn' },
  detached: true, // its own process group, so the app ends with it (see app.test.mjs)
});
const { connect } = await import('node:net');
for (let i = 0; i < 150; i++) {
  const ok = await new Promise((r) => { const s = connect(4444, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}
const browser = await remote({
  hostname: '127.0.0.1', port: 4444, logLevel: 'error',
  capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: app } },
});
const $ = (id) => browser.$(`[data-testid="${id}"]`);
try {
  await (await $('signin-clerk')).waitForDisplayed({ timeout: 20000 });
  await (await $('signin-clerk')).click();
  await (await $('cpr-input')).waitForDisplayed({ timeout: 10000 });
  await (await $('cpr-input')).setValue('1203851002');
  await (await $('case-ref-input')).setValue('KK-2026-000099');
  await browser.waitUntil(async () => (await $('case-lookup')).isEnabled(), { timeout: 5000 });
  await (await $('case-lookup')).click();
  await (await $('case-continue')).waitForDisplayed({ timeout: 10000 });
  await (await $('case-continue')).click();
  const preview = await $('photo-preview');
  await browser.waitUntil(async () => Number(await preview.getAttribute('data-drawn')) > 30, { timeout: 30000 });
  const read = async () => ({
    t: Date.now(),
    frames: Number(await preview.getAttribute('data-frames')),
    drawn: Number(await preview.getAttribute('data-drawn')),
    latency: Number(await preview.getAttribute('data-latency')),
  });
  const a = await read();
  const latencies = [];
  while (Date.now() - a.t < seconds * 1000) {
    await browser.pause(500);
    const l = Number(await preview.getAttribute('data-latency'));
    if (Number.isFinite(l) && l > 0) latencies.push(l);
  }
  const b = await read();
  const dt = (b.t - a.t) / 1000;
  latencies.sort((x, y) => x - y);
  const size = await browser.execute(() => {
    const c = document.querySelector('[data-testid="photo-preview"]');
    return [c.width, c.height];
  });
  console.log(JSON.stringify({
    width: size[0], height: size[1], seconds: Math.round(dt * 10) / 10,
    fps_delivered: Math.round(((b.frames - a.frames) / dt) * 10) / 10,
    fps_drawn: Math.round(((b.drawn - a.drawn) / dt) * 10) / 10,
    latency_ms_median: latencies.length ? Math.round(latencies[Math.floor(latencies.length / 2)] * 10) / 10 : null,
    latency_ms_max: latencies.length ? Math.round(latencies[latencies.length - 1] * 10) / 10 : null,
  }));
} finally {
  await browser.deleteSession().catch(() => {});
  for (const sig of ['SIGTERM', 'SIGKILL']) {
    try { process.kill(-driver.pid, sig); } catch { /* already gone */ }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
