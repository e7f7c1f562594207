// A server-side web application that signs its users in through this server
// (Express + openid-client): sign in, profile, refresh, sign out.
//
//   node examples/web-app/server.mjs        (as demo-web, from `npm run -s cli -- dev seed`)
//   PORT=8080 CLIENT_ID=… CLIENT_SECRET=… node examples/web-app/server.mjs
//
// The client needs the redirect URI http://localhost:<PORT>/callback, the post-logout redirect URI
// http://localhost:<PORT>/, the grants authorization_code and refresh_token, and the scopes
// openid profile email offline_access. See examples/README.md.
import express from 'express';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';

const ISSUER = process.env.ISSUER ?? 'http://localhost:3000';
const PORT = Number(process.env.PORT ?? 3001);
const BASE = process.env.BASE_URL ?? `http://localhost:${PORT}`;
const CLIENT_ID = process.env.CLIENT_ID ?? 'demo-web';
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? 'demo-web-secret';

const insecure = new URL(ISSUER).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
const auth = oidc.ClientSecretBasic(CLIENT_SECRET);
const config = await oidc.discovery(new URL(ISSUER), CLIENT_ID, undefined, auth, insecure);

// Sessions in memory, keyed by a random cookie: enough for an example, not for production.
const sessions = new Map();
function session(req, res) {
  const id = /(?:^|;\s*)sid=([a-f0-9]{64})/.exec(req.headers.cookie ?? '')?.[1];
  if (id && sessions.has(id)) return sessions.get(id);
  const fresh = randomBytes(32).toString('hex');
  res.setHeader('Set-Cookie', `sid=${fresh}; HttpOnly; SameSite=Lax; Path=/`);
  sessions.set(fresh, {});
  return sessions.get(fresh);
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body) =>
  `<!doctype html><meta charset="utf-8"><title>Example web app</title><h1>Example web app</h1>${body}`;

const app = express();

app.get('/', (req, res) => {
  const s = session(req, res);
  if (!s.tokens) return res.send(page('<p>You are signed out.</p><p><a href="/login">Sign in</a></p>'));
  res.send(
    page(
      `<p>Signed in as <strong id="subject">${escape(s.user.preferred_username ?? s.claims.sub)}</strong>.</p>` +
        `<pre id="claims">${escape(JSON.stringify(s.claims, null, 2))}</pre>` +
        '<p><a href="/profile">Profile (userinfo)</a> · <a href="/refresh">Refresh tokens</a> · <a href="/logout">Sign out</a></p>',
    ),
  );
});

app.get('/login', async (req, res) => {
  const s = session(req, res);
  s.verifier = oidc.randomPKCECodeVerifier();
  s.state = oidc.randomState();
  s.nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${BASE}/callback`,
    scope: 'openid profile email offline_access',
    prompt: 'consent', // offline_access needs it (OIDC Core §11)
    code_challenge: await oidc.calculatePKCECodeChallenge(s.verifier),
    code_challenge_method: 'S256',
    state: s.state,
    nonce: s.nonce,
  });
  res.redirect(url.href);
});

app.get('/callback', async (req, res) => {
  const s = session(req, res);
  try {
    s.tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, BASE), {
      pkceCodeVerifier: s.verifier,
      expectedState: s.state,
      expectedNonce: s.nonce,
    });
    s.claims = s.tokens.claims();
    // This server puts the profile claims in the ID token too (unless ID_TOKEN_SCOPE_CLAIMS is
    // without_access_token, OIDC Core §5.4 to the letter); userinfo has them with any server.
    s.user = await oidc.fetchUserInfo(config, s.tokens.access_token, s.claims.sub);
    res.redirect('/');
  } catch (error) {
    res.status(400).send(page(`<p>Sign-in failed: ${escape(error.error ?? error.message)}</p><a href="/">Home</a>`));
  }
});

app.get('/profile', async (req, res) => {
  const s = session(req, res);
  if (!s.tokens) return res.redirect('/login');
  const info = await oidc.fetchUserInfo(config, s.tokens.access_token, s.claims.sub);
  res.send(page(`<pre id="userinfo">${escape(JSON.stringify(info, null, 2))}</pre><a href="/">Home</a>`));
});

app.get('/refresh', async (req, res) => {
  const s = session(req, res);
  if (!s.tokens?.refresh_token) return res.redirect('/login');
  const refreshed = await oidc.refreshTokenGrant(config, s.tokens.refresh_token);
  s.tokens = { ...refreshed, id_token: refreshed.id_token ?? s.tokens.id_token };
  s.claims = refreshed.claims() ?? s.claims;
  res.send(page(`<p id="refreshed">New access token, expires in ${refreshed.expires_in} s.</p><a href="/">Home</a>`));
});

app.get('/logout', (req, res) => {
  const s = session(req, res);
  const idToken = s.tokens?.id_token;
  delete s.tokens;
  if (!idToken) return res.redirect('/');
  res.redirect(oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${BASE}/` }).href);
});

app.listen(PORT, () => console.log(`Example web app on ${BASE} (issuer ${ISSUER}, client ${CLIENT_ID})`));
