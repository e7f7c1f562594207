import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { ConsentPolicy } from '../src/clients/client.entity';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

// Each flow drives a real browser through several pages: seconds apiece on a loaded machine.
jest.setTimeout(30_000);

const PASSWORD = 'correct horse battery staple';
const INTERACTION_PAGE = /\/interaction\/[^/]+\/(login|consent)$/;

type Step = 'login' | 'consent';

interface SignInRun {
  /** The interaction pages the browser went through, in order. */
  pages: Step[];
  /** The RP's callback request, as the browser sent it. */
  callback: Request;
  checks: { pkceCodeVerifier: string; expectedState: string; expectedNonce: string };
}

describe('sign-in in a browser, with openid-client as the RP', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: Server;
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
    const auth = isPublic ? oidc.None() : oidc.ClientSecretBasic(clientSecret!);
    return oidc.discovery(new URL(t.url), client.clientId, undefined, auth, {
      execute: [oidc.allowInsecureRequests],
    });
  };

  /**
   * Drives one authorization request through the browser: signs in on the login page and
   * answers the consent page whenever they appear, until the browser reaches the RP.
   */
  const signIn = async (
    page: Page,
    config: oidc.Configuration,
    options: { params?: Record<string, string>; consent?: 'allow' | 'deny'; login?: string } = {},
  ): Promise<SignInRun> => {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
      ...options.params,
    });
    const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
    const pages: Step[] = [];
    const reached = () => page.waitForURL((u) => u.href.startsWith(redirectUri) || INTERACTION_PAGE.test(u.pathname));
    await page.goto(url.href);
    await reached();
    for (let step = INTERACTION_PAGE.exec(new URL(page.url()).pathname)?.[1]; step;) {
      pages.push(step as Step);
      const here = page.url();
      const leave = page.waitForURL((u) => u.href !== here);
      if (step === 'login') {
        await page.getByLabel('Username or email').fill(options.login ?? 'alice');
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
      } else {
        await page.getByRole('button', { name: options.consent === 'deny' ? 'Deny' : 'Allow' }).click();
      }
      await leave;
      await reached();
      step = INTERACTION_PAGE.exec(new URL(page.url()).pathname)?.[1];
    }
    const request = await callback;
    const headers = await request.allHeaders();
    return {
      pages,
      checks,
      callback: new Request(request.url(), {
        method: request.method(),
        headers: { 'content-type': headers['content-type'] ?? 'text/plain' },
        body: request.method() === 'POST' ? request.postData() : undefined,
      }),
    };
  };

  const redeem = (config: oidc.Configuration, run: SignInRun) =>
    oidc.authorizationCodeGrant(config, run.callback, run.checks);

  const withBrowser = async (test: (page: Page, context: BrowserContext) => Promise<void>) => {
    const context = await browser.newContext();
    try {
      await test(await context.newPage(), context);
    } finally {
      await context.close();
    }
  };

  beforeAll(async () => {
    rp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Signed in</p>'));
    await new Promise<void>((ok) => rp.listen(0, '127.0.0.1', ok));
    redirectUri = `http://127.0.0.1:${(rp.address() as AddressInfo).port}/callback`;
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
    await new Promise((ok) => rp?.close(ok));
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
