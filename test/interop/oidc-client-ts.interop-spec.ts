import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { withBrowserContext } from '../support/browser-sign-in';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_TOKEN, ALICE, createAlice } from './support/admin-api';
import { completeSignIn, completeSignOut } from './support/interaction-pages';
import { startStaticSite, StaticSite } from './support/static-site';

// oidc-client-ts, as a single-page app on its own origin uses it: the library's browser bundle
// from node_modules, code flow with PKCE as a public client, in Chromium.
jest.setTimeout(60_000);

const BUNDLE = join(__dirname, '../../node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js');

/** The app: one UserManager with the library's defaults but for what every SPA must say. */
const APP = `
window.mgr = new oidc.UserManager({
  authority: SPA.issuer,
  client_id: SPA.clientId,
  redirect_uri: location.origin + '/callback.html',
  silent_redirect_uri: location.origin + '/silent.html',
  post_logout_redirect_uri: location.origin + '/signed-out.html',
  scope: window.SPA_SCOPE || 'openid profile email offline_access',
  loadUserInfo: true,
  revokeTokensOnSignout: true,
  userStore: new oidc.WebStorageStateStore({ store: window.localStorage }),
});
if (location.pathname === '/silent.html') window.mgr.signinSilentCallback();
if (location.pathname === '/callback.html') {
  window.mgr.signinCallback().then(
    (user) => (document.getElementById('status').textContent = 'Signed in as ' + user.profile.name),
    (error) => (document.getElementById('status').textContent = 'Error: ' + error.message),
  );
}`;

const page = (title: string) => ({
  type: 'text/html; charset=utf-8',
  body: `<!DOCTYPE html><title>${title}</title><p id="status">${title}</p>
<script src="/config.js"></script><script src="/oidc-client-ts.js"></script><script src="/app.js"></script>`,
});

interface UserSeen {
  profile: Record<string, unknown>;
  access_token: string;
  refresh_token?: string;
  scope?: string;
}

/** Runs an expression in the app's page (the test's tsconfig has no DOM types, the page has). */
const inApp = <T = unknown>(p: Page, expression: string) => p.evaluate<T>(expression);

/** The signed-in user as the library holds it. */
const currentUser = (p: Page) =>
  inApp<UserSeen>(
    p,
    `mgr.getUser().then((u) => ({ profile: u.profile, access_token: u.access_token, refresh_token: u.refresh_token, scope: u.scope }))`,
  );

describe('oidc-client-ts in a single-page app', () => {
  let t: TestApp;
  let browser: Browser;
  let spa: StaticSite;
  let aliceId: string;
  let clientId: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    browser = await launchBrowser();
    aliceId = await createAlice(t);
    spa = await startStaticSite(async (url) => {
      // What a single-page app must register (RFC 7591): where to come back, and no secret.
      // No scope: the server's defaults apply.
      const res = await fetch(`${t.url}/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'oidc-client-ts SPA',
          redirect_uris: [`${url}/callback.html`, `${url}/silent.html`],
          post_logout_redirect_uris: [`${url}/signed-out.html`],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
        }),
      });
      expect(res.status).toBe(201);
      clientId = ((await res.json()) as { client_id: string }).client_id;
      return {
        '/': page('Home'),
        '/callback.html': page('Callback'),
        '/signed-out.html': page('Signed out'),
        '/silent.html': page('Silent renew'),
        '/config.js': { type: 'text/javascript', body: `window.SPA = ${JSON.stringify({ issuer: t.url, clientId })};` },
        '/oidc-client-ts.js': { type: 'text/javascript', body: readFileSync(BUNDLE) },
        '/app.js': { type: 'text/javascript', body: APP },
      };
    });
  });
  afterAll(async () => {
    await browser?.close();
    await spa?.close();
    await t?.close();
  });

  it('signs in with code and PKCE, reads userinfo, renews silently with the refresh token, and signs out', async () => {
    await withBrowserContext(browser, async (p) => {
      // Every call the app makes to the server, as "METHOD /path".
      const calls: string[] = [];
      p.on('request', (r) => {
        const u = new URL(r.url());
        if (u.origin === t.url && r.method() !== 'OPTIONS') calls.push(`${r.method()} ${u.pathname}`);
      });
      await p.goto(`${spa.url}/`);
      await inApp(p, 'void mgr.signinRedirect()');
      await p.waitForURL((u) => u.origin === t.url);
      const steps = await completeSignIn(p, (u) => u.origin === spa.url);
      expect(steps).toEqual(['login', 'consent']);
      await p.getByText(/^(Signed in as|Error)/).waitFor();
      expect(await p.locator('#status').textContent()).toBe(`Signed in as ${ALICE.name}`);

      const user = await currentUser(p);
      expect(user.profile).toMatchObject({
        iss: t.url,
        aud: clientId,
        sub: aliceId,
        email: ALICE.email,
        name: ALICE.name,
      });
      expect(user.scope!.split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'profile']);
      expect(user.refresh_token).toEqual(expect.any(String));
      expect(calls).toEqual(expect.arrayContaining(['POST /oauth2/token', 'GET /oauth2/userinfo']));

      // Silent renew: with a refresh token the library uses it rather than an iframe.
      calls.length = 0;
      await inApp(p, 'mgr.signinSilent().then(() => true)');
      const renewed = await currentUser(p);
      expect(calls).toContain('POST /oauth2/token');
      expect(calls.some((c) => c.includes('/oauth2/authorize'))).toBe(false);
      expect(renewed.access_token).not.toBe(user.access_token);
      expect(renewed.profile).toMatchObject({ sub: aliceId, email: ALICE.email });

      // Sign-out: the library revokes its tokens, then goes to the end_session_endpoint.
      calls.length = 0;
      // Not awaited in the page: the page goes away with it.
      await inApp(p, 'void mgr.signoutRedirect()');
      await completeSignOut(p, t.url, `${spa.url}/signed-out.html`);
      expect(calls).toEqual(expect.arrayContaining(['POST /oauth2/revoke', 'GET /oauth2/logout']));
      const refresh = await fetch(`${t.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: renewed.refresh_token!,
          client_id: clientId,
        }),
      });
      expect(refresh.status).toBe(400);
      expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    });
  });

  it('renews silently in a hidden iframe with prompt=none when it holds no refresh token', async () => {
    await withBrowserContext(browser, async (p, context) => {
      await context.addInitScript("window.SPA_SCOPE = 'openid profile email'");
      const calls: string[] = [];
      p.on('request', (r) => {
        const u = new URL(r.url());
        if (u.origin === t.url)
          calls.push(
            `${r.method()} ${u.pathname}${u.searchParams.has('prompt') ? `?prompt=${u.searchParams.get('prompt')}` : ''}`,
          );
      });
      await p.goto(`${spa.url}/`);
      await inApp(p, 'void mgr.signinRedirect()');
      await p.waitForURL((u) => u.origin === t.url);
      expect((await completeSignIn(p, (u) => u.origin === spa.url))[0]).toBe('login');
      await p.getByText(/^(Signed in as|Error)/).waitFor();
      const user = await currentUser(p);
      expect(user.refresh_token).toBeUndefined();

      calls.length = 0;
      await inApp(p, 'mgr.signinSilent().then(() => true)');
      const renewed = await currentUser(p);
      // The server's session answers the iframe at once: no page, a code for the new tokens.
      expect(calls).toEqual(expect.arrayContaining(['GET /oauth2/authorize?prompt=none', 'POST /oauth2/token']));
      expect(renewed.access_token).not.toBe(user.access_token);
      expect(renewed.profile).toMatchObject({ sub: aliceId, email: ALICE.email });
    });
  });
});
