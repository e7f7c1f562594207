import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { eventually } from './support/eventually';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** An RP run by the test: every path answers a small page (framable), and every request is recorded. */
async function startRp(): Promise<{ server: Server; base: string; requests: URL[] }> {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    requests.push(new URL(req.url!, 'http://rp'));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>RP</p>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('OpenID Connect Front-Channel Logout 1.0, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: Awaited<ReturnType<typeof startRp>>;
  let other: Awaited<ReturnType<typeof startRp>>;
  let framed: oidc.Configuration;
  let plain: oidc.Configuration;

  const makeClient = async (clientName: string, base: string, frontchannelLogoutUri: string | null) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName,
      redirectUris: [`${base}/callback`],
      postLogoutRedirectUris: [`${base}/logged-out`],
      allowedScopes: ['openid'],
      consentPolicy: 'skip',
      frontchannelLogoutUri,
      frontchannelLogoutSessionRequired: frontchannelLogoutUri !== null,
    });
    return discoverClient(t.url, client.clientId, clientSecret);
  };

  const signIn = async (page: Page, config: oidc.Configuration, base: string) => {
    const tokens = await redeem(
      config,
      await signInWithBrowser(page, config, `${base}/callback`, { params: { scope: 'openid' } }),
    );
    return { idToken: tokens.id_token!, sid: tokens.claims()!.sid as string };
  };

  beforeAll(async () => {
    [t, browser, rp, other] = await Promise.all([startTestApp(), launchBrowser(), startRp(), startRp()]);
    await t.app.get(UsersService).create({ username: 'alice', password: PASSWORD });
    framed = await makeClient('Framed RP', rp.base, `${rp.base}/frontchannel-logout?tenant=a`);
    plain = await makeClient('Plain RP', other.base, null);
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of [rp?.server, other?.server]) await new Promise((ok) => s?.close(ok));
    await t?.close();
  });

  it('is advertised in discovery, with iss and sid', () => {
    expect(framed.serverMetadata()).toMatchObject({
      frontchannel_logout_supported: true,
      frontchannel_logout_session_supported: true,
    });
  });

  it('loads the RP’s frontchannel_logout_uri with iss and sid in an iframe of the signed-out page, then goes back to the RP', async () => {
    await withBrowserContext(browser, async (page) => {
      const { sid } = await signIn(page, framed, rp.base);
      // The same session signs in to a client without a front-channel URI: no frame for it.
      const { idToken } = await signIn(page, plain, other.base);
      const signedOutPage = page.waitForResponse((r) => r.url().startsWith(`${t.url}/oauth2/logout`));
      await page.goto(
        oidc.buildEndSessionUrl(plain, {
          id_token_hint: idToken,
          post_logout_redirect_uri: `${other.base}/logged-out`,
          state: 'xyz',
        }).href,
      );
      const response = await signedOutPage;
      expect(response.status()).toBe(200);
      expect(response.headers()['content-security-policy']).toContain(`frame-src ${rp.base};script-src 'self'`);
      // Once the frame has loaded, the page goes on to the RP that asked, with its state.
      await page.waitForURL(`${other.base}/logged-out?state=xyz`);
      const request = await eventually(async () => {
        const found = rp.requests.find((u) => u.pathname === '/frontchannel-logout');
        expect(found).toBeDefined();
        return found!;
      });
      expect(Object.fromEntries(request.searchParams)).toEqual({ tenant: 'a', iss: t.url, sid });
      expect(other.requests.some((u) => u.pathname === '/frontchannel-logout')).toBe(false);
    });
  });

  it('redirects at once as before when no client of the session has a front-channel URI', async () => {
    await withBrowserContext(browser, async (page) => {
      const { idToken } = await signIn(page, plain, other.base);
      await page.goto(
        oidc.buildEndSessionUrl(plain, { id_token_hint: idToken, post_logout_redirect_uri: `${other.base}/logged-out` })
          .href,
      );
      await page.waitForURL(`${other.base}/logged-out`);
    });
  });
});
