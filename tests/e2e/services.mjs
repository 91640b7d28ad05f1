// The processes a production end-to-end run needs beside the app, and the browser's part of a
// sign-in:
// - the test identity provider (tools/oidc-test-provider/provider.mjs, the npm package
//   oidc-provider) over HTTPS on 127.0.0.1, with a throw-away CA made here by the openssl CLI;
// - the CPR and gateway simulators with a production configuration naming that provider
//   (`skranke sim --write-config`);
// - `logInAtProvider`: what a system browser does with the authorize URL (redirects followed and
//   the provider's cookies kept by hand, the login form posted, and the final redirect to the
//   app's loopback listener requested, so the app receives the code). It mirrors
//   crates/skranke-auth/src/test_provider.rs.
//
// Every wait here is on an event (a ready line, an exit, an HTTP answer) and bounded; every child
// is ended by `stop()`, and killed when this process exits first.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addCaptureSettings, killWhenThisEnds, page, startApp, stopApp } from './harness.mjs';

/** How long a service may take to print its ready line (node and the app start slowly on a loaded machine). */
const READY_TIMEOUT_MS = 120_000;
/** How long a service may take to end after it was asked to, before it is killed. */
const STOP_TIMEOUT_MS = 10000;
/** The limit on each request of the browser step. */
const REQUEST_TIMEOUT_MS = 60000;
/** The most redirects one browser step follows. */
const MAX_REDIRECTS = 10;

/**
 * Writes a throw-away PKI into `dir` with the openssl CLI: `ca.pem` (a CA: basicConstraints
 * CA:TRUE), `server.pem` and `server.key` (a serverAuth certificate for IP 127.0.0.1 and
 * localhost signed by it; rustls refuses a self-signed leaf as its own trust anchor).
 */
export function writeTestPki(dir) {
  const openssl = (args) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
    } catch (e) {
      const why = e.code === 'ENOENT' ? 'the openssl CLI is not installed (scripts/setup.sh installs it)' : `${e.message}\n${e.stderr ?? ''}`;
      throw new Error(`openssl ${args[0]} failed: ${why}`);
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Skranke E2E Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'server.ext'), [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = IP:127.0.0.1, DNS:localhost',
    'authorityKeyIdentifier = keyid',
    'subjectKeyIdentifier = hash',
    '',
  ].join('\n'));
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

/**
 * Starts `command args` and waits for its first stdout line, a JSON object (its ready line). The
 * rest of stdout and all of stderr go to `log`. Fails at once when the child cannot start or
 * ends before that line. `stop()` sends `stopSignal`, waits for the exit (bounded) and kills
 * what is left; a child still running when this process exits is killed too.
 */
async function startService({ name, command, args, cwd, log, stopSignal = 'SIGINT' }) {
  const out = createWriteStream(log);
  out.on('error', (e) => console.log(`e2e: cannot write ${log}: ${e.message}`));
  const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  // 'close', not 'exit': its output is all read (and logged) by then.
  const exited = new Promise((ok) => child.once('close', (code, signal) => ok(code ?? signal)));
  const forget = killWhenThisEnds(() => { try { child.kill('SIGKILL'); } catch { /* gone */ } });
  child.stderr.pipe(out, { end: false });
  const lines = createInterface({ input: child.stdout });
  let onFirst = null;
  lines.on('line', (line) => {
    if (onFirst) {
      const first = onFirst;
      onFirst = null;
      first(line);
    } else {
      out.write(`${line}\n`);
    }
  });
  const ready = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} printed no ready line within ${READY_TIMEOUT_MS / 1000} s (log: ${log})`)),
      READY_TIMEOUT_MS);
    const done = (f) => (v) => { clearTimeout(timer); f(v); };
    child.once('error', done((e) => fail(new Error(`cannot start ${name} (${command}): ${e.message}`))));
    exited.then(done((how) => fail(new Error(`${name} ended (${how}) before it was ready (log: ${log})`))));
    onFirst = done((line) => {
      try {
        ok(JSON.parse(line));
      } catch {
        fail(new Error(`${name}: unexpected first line ${JSON.stringify(line)} (log: ${log})`));
      }
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  /** The end of the child and its output, or 'late' after `ms`. */
  async function exitedWithin(ms) {
    let timer;
    const late = new Promise((ok) => { timer = setTimeout(() => ok('late'), ms); });
    try {
      return await Promise.race([exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) child.kill(stopSignal);
    if (await exitedWithin(STOP_TIMEOUT_MS) === 'late') {
      child.kill('SIGKILL');
      await exitedWithin(STOP_TIMEOUT_MS);
    }
    forget();
    out.end();
  }
  return { child, ready, stop };
}

/**
 * Starts the test identity provider in `dir` (its certificates and log go there). Returns its
 * issuer (`https://127.0.0.1:PORT`), the CA file that signed its certificate, and `stop()`.
 */
export async function startIdentityProvider({ repo, dir }) {
  const tool = join(repo, 'tools/oidc-test-provider');
  if (!existsSync(join(tool, 'node_modules/oidc-provider/package.json'))) {
    throw new Error(`the test provider's npm packages are missing: run \`npm ci\` in ${tool}`);
  }
  const pki = writeTestPki(dir);
  const service = await startService({
    name: 'the test identity provider',
    command: process.execPath,
    args: ['provider.mjs', '--cert', pki.cert, '--key', pki.key, '--port', '0', '--client-id', 'skranke'],
    cwd: tool,
    log: join(dir, 'provider.log'),
    stopSignal: 'SIGTERM',
  });
  const issuer = service.ready.issuer;
  if (typeof issuer !== 'string' || !issuer.startsWith('https://127.0.0.1:')) {
    await service.stop();
    throw new Error(`the test identity provider announced no issuer: ${JSON.stringify(service.ready)}`);
  }
  return { issuer, ca: pki.ca, stop: service.stop };
}

/**
 * Starts `app sim --write-config config --idp-issuer issuer --idp-ca ca`: the CPR and gateway
 * simulators, and a production configuration pointing at them and at that provider (its data
 * directory is `data` beside `config`, its certificates in `pki` there). Returns the ready line
 * (`cpr`, `gateway`, `admin`, `config`) and `stop()` (Ctrl-C, which the simulators wait for).
 */
export async function startSimulators({ app, config, issuer, ca, log }) {
  try {
    accessSync(app, constants.X_OK);
  } catch {
    throw new Error(`the app ${app} does not exist or is not executable (set SKRANKE_APP, or build it: cargo test -p skranke --no-run)`);
  }
  const service = await startService({
    name: '`skranke sim --write-config`',
    command: app,
    args: ['sim', '--write-config', config, '--idp-issuer', issuer, '--idp-ca', ca],
    log,
    stopSignal: 'SIGINT',
  });
  if (service.ready.config !== config || !existsSync(config)) {
    await service.stop();
    throw new Error(`\`skranke sim\` did not write ${config}: ${JSON.stringify(service.ready)}`);
  }
  return { ready: service.ready, stop: service.stop };
}

/** One HTTP(S) request without keep-alive: status, headers and the whole body as text. */
function fetchOnce(method, url, { headers = {}, body, ca }) {
  return new Promise((ok, fail) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, ca, agent: false, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', (e) => fail(new Error(`${method} ${url.origin}${url.pathname}: ${e.message}`)));
    req.end(body);
  });
}

/**
 * The browser's part of a sign-in: opens `authorizeUrl`, posts `login` and `password` to the
 * provider's login form, follows the redirects to the app's loopback listener and returns the
 * app's page there ({status, body}). The app answers that request only once it has redeemed the
 * code, so this returns after the app's side of the sign-in has finished. A fresh browser every
 * time: no provider session from an earlier sign-in is reused. `ca` is the file of the CA that
 * signed the provider's certificate.
 */
export async function logInAtProvider({ authorizeUrl, issuer, ca, login, password }) {
  const provider = new URL(issuer).origin;
  /** The one CA the provider's certificate is checked against (not the system's). */
  const trusted = [readFileSync(ca, 'utf8')];
  /** The provider's cookies (every cookie sent to every path: the provider's names do not collide). */
  const cookies = new Map();
  const keepCookies = (setCookies = []) => {
    for (const text of setCookies) {
      const [pair, ...attributes] = text.split(';');
      const at = pair.indexOf('=');
      if (at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const deleted = value === '' || attributes.map((a) => a.trim().toLowerCase())
        .some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970'));
      if (deleted) cookies.delete(name);
      else cookies.set(name, value);
    }
  };

  /** Requests `url` and follows redirects until a page: the provider's or the app's. */
  async function navigate(method, url, form) {
    for (let i = 0; i < MAX_REDIRECTS; i++) {
      const toProvider = url.origin === provider;
      if (!toProvider && url.protocol !== 'http:') throw new Error(`the browser was sent to ${url.origin}, neither the provider nor the app`);
      const headers = {};
      if (toProvider && cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetchOnce(method, url, { headers, body: form, ca: toProvider ? trusted : undefined });
      form = undefined;
      if (toProvider) keepCookies(res.headers['set-cookie']);
      if (res.status >= 300 && res.status < 400) {
        if (!res.headers.location) throw new Error(`a redirect without Location from ${url.origin}${url.pathname}`);
        url = new URL(res.headers.location, url);
        method = 'GET';
        continue;
      }
      return { atProvider: toProvider, url, status: res.status, body: res.body };
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects`);
  }

  const form = await navigate('GET', new URL(authorizeUrl));
  if (!form.atProvider) throw new Error(`the provider went to the app at once: HTTP ${form.status} ${form.body}`);
  const uid = /^\/interaction\/([^/]+)$/.exec(form.url.pathname)?.[1];
  if (!uid) throw new Error(`expected the provider's login form, got HTTP ${form.status} at ${form.url.pathname}`);
  const landed = await navigate('POST', new URL(`/interaction/${uid}/login`, form.url), new URLSearchParams({ login, password }).toString());
  if (landed.atProvider) {
    const refused = landed.body.includes('Forkert brugernavn');
    throw new Error(refused ? `the provider refused the login of ${login}` : `stayed at the provider: HTTP ${landed.status} at ${landed.url.pathname}`);
  }
  return { status: landed.status, body: landed.body };
}

/** GET on the simulators' admin endpoint (`ready.admin`, plain HTTP on 127.0.0.1): the parsed JSON. */
export async function simAdmin(ready, path) {
  const res = await fetchOnce('GET', new URL(path, ready.admin), {});
  if (res.status !== 200) throw new Error(`GET ${path} on the simulators' admin endpoint: HTTP ${res.status} ${res.body}`);
  return JSON.parse(res.body);
}

/** POST of a JSON body to the simulators' admin endpoint (e.g. `/_sim/gateway/decision`): the parsed JSON answer. */
export async function simAdminPost(ready, path, body) {
  const res = await fetchOnce('POST', new URL(path, ready.admin), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`POST ${path} on the simulators' admin endpoint: HTTP ${res.status} ${res.body}`);
  return res.body === '' ? null : JSON.parse(res.body);
}

/**
 * Starts a production-mode run in `run` (harness.mjs prepareRun with mode "production"), filling
 * `parts` as each piece comes up so that `stopProductionRun` ends whatever did: the test identity
 * provider, `skranke sim --write-config` naming it, the capture settings, then `configure(sim)`
 * (say, the producer's decision), and the app (the test build, replayed pictures allowed). Returns
 * once the app shows `firstPage`.
 */
export async function startProductionRun(parts, { app, repo, run, firstPage, configure = async () => {} }) {
  const idpDir = join(run.root, 'idp');
  mkdirSync(idpDir);
  parts.idp = await startIdentityProvider({ repo, dir: idpDir });
  parts.sim = await startSimulators({ app, config: run.config, issuer: parts.idp.issuer, ca: parts.idp.ca, log: join(run.root, 'sim.log') });
  addCaptureSettings(run);
  await configure(parts.sim);
  parts.session = await startApp({
    app,
    env: { SKRANKE_CONFIG: run.config, SKRANKE_DATA_DIR: run.dataDir, SKRANKE_TEST_CAMERA: 'replay' },
  });
  parts.ui = page(parts.session.browser);
  await parts.ui.until(() => parts.ui.shown(firstPage), {
    timeout: 30000,
    what: 'the sign-in page (the app started but did not show it; see the log above and the logs in the data directory)',
  });
}

/**
 * Ends what `startProductionRun` started; keeps the run folder when a step failed (configuration,
 * the app's logs, provider.log, sim.log, the screenshot and page of the failure), else removes it.
 */
export async function stopProductionRun(parts, { run, failed }) {
  await stopApp(parts.session);
  await parts.sim?.stop();
  await parts.idp?.stop();
  if (failed) {
    console.log(`e2e: kept ${run.root} (configuration, data directory with the app's logs, provider.log, sim.log, screenshot and page of the failure)`);
  } else if (run) {
    rmSync(run.root, { recursive: true, force: true });
  }
}
