// oidc-provider (the reference OIDC server for Node) configured like our server for the
// benchmark comparison: its default in-memory adapter, an RS256 key, the same clients, one user
// whose password is checked with argon2id at the same cost as ours, and first-party consent
// skipped (our consent_policy "skip"). Started by bench/run.ts; configuration in BENCH_OP_CONFIG.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import argon2 from 'argon2';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const { clients, user, jwtClientId } = JSON.parse(process.env.BENCH_OP_CONFIG);
const issuer = process.env.ISSUER;
const port = Number(process.env.PORT);
const API = 'urn:bench:api';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };
// Our src/users/password-hasher.ts: argon2id, 19 MiB, 2 iterations, 1 lane (OWASP).
const passwordHash = await argon2.hash(user.password, {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});
const account = {
  accountId: user.id,
  claims: async () => ({
    sub: user.id,
    preferred_username: user.username,
    name: user.name,
    email: user.email,
    email_verified: true,
  }),
};

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'offline_access', 'api'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    userinfo: { enabled: true },
    // RFC 9449, for the DPoP scenarios (without server nonces: oidc-provider asks for none by default).
    dPoP: { enabled: true },
    // RFC 9126, for par-sign-in (on by default in oidc-provider 9; said here, as the scenario needs it).
    pushedAuthorizationRequests: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The JWT client's tokens are for the API (as RFC 9068 JWTs); others get opaque tokens.
      defaultResource: (_ctx, client, oneOf) => oneOf ?? (client.clientId === jwtClientId ? API : undefined),
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: API,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
      useGrantedResource: () => false,
    },
  },
  pkce: { required: () => true },
  findAccount: (_ctx, id) => (id === user.id ? account : undefined),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // Like our clients, a refresh token whenever the client may use the grant, rotated on every use.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  // First-party clients: consent is implied (our consent_policy "skip").
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
});

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function page(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><head><title>Sign in</title></head><body>${html}</body></html>`);
}

const loginForm = (uid, error = '') =>
  `<h1>Sign in</h1>${error && `<p role="alert">${error}</p>`}<form method="post" action="/interaction/${uid}/login">` +
  '<label>Username <input name="login"></label><label>Password <input type="password" name="password"></label>' +
  '<button type="submit">Sign in</button></form>';

// The login page of oidc-provider's interaction API, the way its examples build one.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') return page(res, 200, loginForm(details.uid));
  const form = await readForm(req);
  const ok = form.get('login') === user.username && (await argon2.verify(passwordHash, form.get('password') ?? ''));
  if (!ok) return page(res, 400, loginForm(details.uid, 'Invalid username or password'));
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.id, amr: ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
createServer((req, res) => {
  if (!req.url.startsWith('/interaction/')) return callback(req, res);
  interaction(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) page(res, 500, 'error');
  });
}).listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
