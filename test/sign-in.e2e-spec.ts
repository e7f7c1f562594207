import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { ConsentPolicy } from '../src/clients/client.entity';
import { COOKIE_NAMES } from '../src/common/http/cookie-names';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { CookieJar } from './support/cookie-jar';
import {
  discoverClient,
  PASSWORD,
  redeem,
  signInWithBrowser,
  withBrowserContext,
  type SignInOptions,
} from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, TestApp } from './support/test-app';

// Each flow drives a real browser through several pages: seconds apiece on a loaded machine.
jest.setTimeout(30_000);

describe('sign-in in a browser, with openid-client as the RP', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let aliceId: string;
  const configs: Record<'web' | 'spa' | 'firstParty' | 'asksAlways' | 'asksOnce', oidc.Configuration> = {} as never;

  const makeClient = async (clientName: string, consentPolicy: ConsentPolicy, isPublic = false) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName,
      redirectUris: [redirectUri],
      allowedScopes: ['openid', 'profile', 'email'],
      consentPolicy,
      tokenEndpointAuthMethod: isPublic ? 'none' : 'client_secret_basic',
    });
    return discoverClient(t.url, client.clientId, clientSecret);
  };

  const signIn = (page: Page, config: oidc.Configuration, options?: SignInOptions) =>
    signInWithBrowser(page, config, redirectUri, options);

  const withBrowser = (test: (page: Page, context: BrowserContext) => Promise<void>) =>
    withBrowserContext(browser, test);

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp();
    browser = await launchBrowser();
    const alice = await t.app.get(UsersService).create({
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice Liddell',
      password: PASSWORD,
    });
    aliceId = alice.id;
    configs.web = await makeClient('Web RP', 'once');
    configs.spa = await makeClient('Single-page RP', 'once', true);
    configs.firstParty = await makeClient('First-party RP', 'skip');
    configs.asksAlways = await makeClient('Careful RP', 'always');
    configs.asksOnce = await makeClient('Trusting RP', 'once');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('signs in a confidential client with code and PKCE; the library validates the ID token and reads userinfo', async () => {
    await withBrowser(async (page) => {
      const run = await signIn(page, configs.web);
      expect(run.pages).toEqual(['login', 'consent']);
      const tokens = await redeem(configs.web, run);
      const claims = tokens.claims()!;
      const [session] = await t.dataSource.query('SELECT id, auth_time FROM sessions WHERE user_id = $1', [aliceId]);
      expect(claims).toMatchObject({
        iss: t.url,
        sub: aliceId,
        aud: configs.web.clientMetadata().client_id,
        nonce: run.checks.expectedNonce,
        sid: session.id,
        auth_time: Math.floor(new Date(session.auth_time).getTime() / 1000),
      });
      const userinfo = await oidc.fetchUserInfo(configs.web, tokens.access_token, aliceId);
      expect(userinfo).toMatchObject({ sub: aliceId, email: 'alice@example.com', name: 'Alice Liddell' });
    });
  });

  it('signs in a public client with code and PKCE and no secret', async () => {
    await withBrowser(async (page) => {
      const run = await signIn(page, configs.spa);
      expect(run.pages).toEqual(['login', 'consent']);
      expect((await redeem(configs.spa, run)).claims()?.sub).toBe(aliceId);
    });
  });

  it('remembers consent for a client with policy once, and asks again for a new scope', async () => {
    await withBrowser(async (page) => {
      expect((await signIn(page, configs.asksOnce, { params: { scope: 'openid email' } })).pages).toEqual([
        'login',
        'consent',
      ]);
      const again = await signIn(page, configs.asksOnce, { params: { scope: 'openid email' } });
      expect(again.pages).toEqual([]);
      expect((await redeem(configs.asksOnce, again)).claims()?.sub).toBe(aliceId);
      expect((await signIn(page, configs.asksOnce, { params: { scope: 'openid profile' } })).pages).toEqual([
        'consent',
      ]);
    });
  });

  it('asks for consent every time for a client with policy always, and never for one with skip', async () => {
    await withBrowser(async (page) => {
      expect((await signIn(page, configs.asksAlways)).pages).toEqual(['login', 'consent']);
      expect((await signIn(page, configs.asksAlways)).pages).toEqual(['consent']);
      expect((await signIn(page, configs.firstParty)).pages).toEqual([]);
    });
    await withBrowser(async (page) => {
      const run = await signIn(page, configs.firstParty);
      expect(run.pages).toEqual(['login']);
      expect((await redeem(configs.firstParty, run)).claims()?.sub).toBe(aliceId);
    });
  });

  it('answers prompt=none silently with a session, and with login_required without one', async () => {
    await withBrowser(async (page) => {
      await signIn(page, configs.firstParty);
      const silent = await signIn(page, configs.firstParty, { params: { prompt: 'none' } });
      expect(silent.pages).toEqual([]);
      expect((await redeem(configs.firstParty, silent)).claims()?.sub).toBe(aliceId);
    });
    await withBrowser(async (page) => {
      const run = await signIn(page, configs.firstParty, { params: { prompt: 'none' } });
      expect(run.pages).toEqual([]);
      await expect(redeem(configs.firstParty, run)).rejects.toMatchObject({ error: 'login_required' });
    });
  });

  it('sends access_denied to the RP when the user denies', async () => {
    await withBrowser(async (page) => {
      const run = await signIn(page, configs.asksAlways, { consent: 'deny' });
      expect(run.pages).toEqual(['login', 'consent']);
      const params = new URL(run.callback.url).searchParams;
      expect(params.get('iss')).toBe(t.url);
      expect(params.get('state')).toBe(run.checks.expectedState);
      await expect(redeem(configs.asksAlways, run)).rejects.toMatchObject({ error: 'access_denied' });
    });
  });

  it('answers with a self-submitting form for response_mode=form_post', async () => {
    await withBrowser(async (page) => {
      const run = await signIn(page, configs.firstParty, { params: { response_mode: 'form_post' } });
      expect(run.callback.method).toBe('POST');
      expect(new URL(run.callback.url).search).toBe('');
      expect((await redeem(configs.firstParty, run)).claims()?.sub).toBe(aliceId);
    });
  });

  it('lets a browser that signed in before back in while a guesser at its own address has that address locked out', async () => {
    // A guesser's browser (fetch) at the same address as the user's (127.0.0.1: a shared NAT).
    const guess = async (password: string) => {
      const jar = new CookieJar();
      const query = {
        redirect_uri: redirectUri,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      };
      const login = (await jar.fetch(oidc.buildAuthorizationUrl(configs.firstParty, query).href)).headers.get(
        'location',
      )!;
      const csrf = /name="csrf" value="([^"]+)"/.exec(await (await jar.fetch(login)).text())![1];
      return (await jar.post(login, { csrf, login: 'alice', password })).status;
    };
    try {
      await withBrowser(async (page, context) => {
        await redeem(configs.firstParty, await signIn(page, configs.firstParty));
        const known = (await context.cookies()).find((c) => c.name === COOKIE_NAMES.knownBrowser);
        expect(known).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
        expect(known!.expires * 1000).toBeGreaterThan(Date.now() + 150 * 86400 * 1000);

        for (let i = 0; i < 5; i++) expect(await guess(`wrong ${i}`)).toBe(401);
        // That address is now refused for alice, even with her password, in any other browser...
        expect(await guess(PASSWORD)).toBe(429);
        // ...but not in hers, which signed in to her account before.
        const run = await signIn(page, configs.firstParty, { params: { prompt: 'login' } });
        expect(run.pages).toEqual(['login']);
        expect((await redeem(configs.firstParty, run)).claims()?.sub).toBe(aliceId);
      });
    } finally {
      await t.dataSource.query('DELETE FROM login_attempts');
    }
  });

  it('shows the login page again for prompt=login, and records the new sign-in time', async () => {
    await withBrowser(async (page) => {
      const first = await redeem(configs.firstParty, await signIn(page, configs.firstParty));
      await new Promise((ok) => setTimeout(ok, 1100));
      const run = await signIn(page, configs.firstParty, { params: { prompt: 'login' } });
      expect(run.pages).toEqual(['login']);
      const second = (await redeem(configs.firstParty, run)).claims()!;
      expect(second.auth_time).toBeGreaterThan(first.claims()!.auth_time!);
      expect(second.sid).toBe(first.claims()!.sid);
    });
  });
});
