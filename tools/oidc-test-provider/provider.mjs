// A real OpenID Connect provider for Skranke's tests: the npm package oidc-provider over HTTPS
// on 127.0.0.1, one public native client (PKCE, no secret, loopback redirect on any port as
// RFC 8252 § 7.3 allows), test users in groups, and a plain login form.
//
//   node provider.mjs --cert server.pem --key server.key [--port 0] [--client-id skranke]
//                     [--users users.json] [--groups-claim groups] [--id-token-ttl 3600]
//
// Prints one JSON line on stdout when listening: {"issuer":"https://127.0.0.1:PORT"}. Exits when
// stdin closes (the test harness went away) or on SIGTERM/SIGINT. Started by skranke-auth's
// test harness (crates/skranke-auth/src/test_provider.rs); `npm ci` here first.
//
// The login form: GET /interaction/:uid shows it; POST /interaction/:uid/login checks login and
// password (a wrong one shows the form again with an error); POST /interaction/:uid/abort
// answers the client with error=access_denied (the user cancelled). Consent is granted
// automatically (a first-party client).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    cert: { type: 'string' },
    key: { type: 'string' },
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string', default: 'skranke' },
    users: { type: 'string' },
    'groups-claim': { type: 'string', default: 'groups' },
    'id-token-ttl': { type: 'string', default: '3600' },
  },
});
if (!args.cert || !args.key) {
  console.error('usage: node provider.mjs --cert server.pem --key server.key [--port 0] [--client-id skranke] '
    + '[--users users.json] [--groups-claim groups] [--id-token-ttl 3600]');
  process.exit(2);
}

// The built-in users, all with password "test": a clerk, a supervisor, IT, and one in no group
// Skranke maps.
const BUILT_IN_USERS = [
  { login: 'anna', password: 'test', name: 'Anna Andersen', email: 'anna@test.skranke.dk', groups: ['skranke-sagsbehandlere'] },
  { login: 'bo', password: 'test', name: 'Bo Bertelsen', email: 'bo@test.skranke.dk', groups: ['skranke-supervisorer'] },
  { login: 'it-ida', password: 'test', name: 'Ida Iversen', email: 'ida@test.skranke.dk', groups: ['skranke-it'] },
  { login: 'nils', password: 'test', name: 'Nils Nielsen', email: 'nils@test.skranke.dk', groups: ['andet'] },
];
const users = args.users ? JSON.parse(readFileSync(args.users, 'utf8')) : BUILT_IN_USERS;
const subjectOf = (user) => `sub-${user.login}`;
const groupsClaim = args['groups-claim'];
const idTokenTtl = Number.parseInt(args['id-token-ttl'], 10);

const server = createServer({ cert: readFileSync(args.cert), key: readFileSync(args.key) });
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number.parseInt(args.port, 10), '127.0.0.1', resolve);
});
const issuer = `https://127.0.0.1:${server.address().port}`;

// A fresh RS256 signing key per run (Entra signs with RS256 too).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: args['client-id'],
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // Native clients may use any port on a loopback redirect (oidc-provider compares without it).
    redirect_uris: ['http://127.0.0.1/callback'],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  responseTypes: ['code'],
  // The groups in every ID token, as Entra does when configured to; names with `profile`.
  claims: {
    openid: ['sub', groupsClaim],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },
  // Put the scopes' claims in the ID token (not only at the userinfo endpoint).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    IdToken: idTokenTtl,
    AccessToken: 600,
    AuthorizationCode: 60,
    Interaction: 600,
    Session: 600,
    Grant: 600,
  },
  async findAccount(_ctx, sub) {
    const user = users.find((u) => subjectOf(u) === sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          name: user.name,
          preferred_username: user.login,
          email: user.email,
          email_verified: true,
          [groupsClaim]: user.groups,
        };
      },
    };
  },
  // Consent granted automatically: everything the client asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Fejl', `<p>${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`);
  },
});

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
function page(title, body) {
  return `<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><h1>${escape(title)}</h1>${body}</body></html>`;
}
function loginForm(uid, message) {
  return page('Log ind (testudbyder)', `${message ? `<p class="error">${escape(message)}</p>` : ''}
    <form method="post" action="/interaction/${uid}/login">
      <label>Brugernavn <input name="login" autofocus></label>
      <label>Adgangskode <input name="password" type="password"></label>
      <button type="submit">Log ind</button>
    </form>
    <form method="post" action="/interaction/${uid}/abort"><button type="submit">Annuller</button></form>`);
}
async function formBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

// The interaction pages: the login form, its check, the abort; anything else is oidc-provider's.
async function interaction(req, res, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    // Consent is automatic (loadExistingGrant); any other prompt is answered as granted.
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope ?? 'openid');
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (action === undefined && req.method === 'GET') return send(res, 200, loginForm(details.uid));
  if (action === 'abort' && req.method === 'POST') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false });
  }
  if (action === 'login' && req.method === 'POST') {
    const form = await formBody(req);
    const user = users.find((u) => u.login === form.get('login') && u.password === form.get('password'));
    if (!user) return send(res, 200, loginForm(details.uid, 'Forkert brugernavn eller adgangskode.'));
    return provider.interactionFinished(req, res, { login: { accountId: subjectOf(user) } }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, page('Fejl', '<p>Metoden er ikke tilladt.</p>'));
}

const handle = provider.callback();
server.on('request', async (req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login|abort))?(?:\?.*)?$/.exec(req.url ?? '');
  if (!match) return handle(req, res);
  try {
    await interaction(req, res, match[2]);
  } catch (err) {
    console.error('interaction failed:', err);
    if (!res.headersSent) send(res, 400, page('Fejl', `<p>${escape(err.message)}</p>`));
  }
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
