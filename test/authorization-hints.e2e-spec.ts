import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import type { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import {
  discoverClient,
  PASSWORD,
  redeem,
  signInWithBrowser,
  withBrowserContext,
  type SignInRun,
} from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

// Each flow drives a real browser through several pages: seconds apiece on a loaded machine.
jest.setTimeout(60_000);

describe('requests that name the user or the authentication wanted are honoured, not ignored', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let config: oidc.Configuration;
  let alice: User;
  let bob: User;
  let bobIdToken: string;

  /** The parameters the RP's callback received. */
  const callbackParams = (run: SignInRun) => Object.fromEntries(new URL(run.callback.url).searchParams);

  /** An authorization request answered without any page (prompt=none): the RP callback's parameters. */
  const silently = async (page: Page, params: Record<string, string>) => {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'silent',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'none',
      ...params,
    });
    const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
    await page.goto(url.href);
    return Object.fromEntries(new URL((await callback).url()).searchParams);
  };

  /** A browser signed in as alice. */
  const asAlice = async (page: Page) => {
    const run = await signInWithBrowser(page, config, redirectUri, { login: 'alice' });
    expect(callbackParams(run)).toMatchObject({ code: expect.any(String) });
  };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp();
    browser = await launchBrowser();
    const users = t.app.get(UsersService);
    alice = await users.create({ username: 'alice', password: PASSWORD });
    bob = await users.create({ username: 'bob', password: PASSWORD });
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Hinting RP',
      redirectUris: [redirectUri],
      allowedScopes: ['openid', 'profile', 'email'],
      consentPolicy: 'skip',
    });
    config = await discoverClient(t.url, client.clientId, clientSecret ?? undefined);
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, config, redirectUri, { login: 'bob' });
      bobIdToken = (await redeem(config, run)).id_token!;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  describe('id_token_hint (OIDC Core §3.1.2.1)', () => {
    it('answers prompt=none with login_required when the hint names another user than the one signed in', async () => {
      await withBrowserContext(browser, async (page) => {
        await asAlice(page);
        expect(await silently(page, { id_token_hint: bobIdToken })).toMatchObject({
          error: 'login_required',
          state: 'silent',
        });
        expect((await silently(page, { id_token_hint: bobIdToken })).code).toBeUndefined();
      });
    });

    it('answers prompt=none positively when the hint names the user signed in', async () => {
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, config, redirectUri, { login: 'bob' });
        expect(callbackParams(run).code).toBeDefined();
        expect(await silently(page, { id_token_hint: bobIdToken })).toMatchObject({ code: expect.any(String) });
      });
    });

    it('asks the user to sign in as the hinted user instead of answering for the one signed in', async () => {
      await withBrowserContext(browser, async (page) => {
        await asAlice(page);
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid',
          id_token_hint: bobIdToken,
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        });
        await page.goto(url.href);
        expect(new URL(page.url()).pathname).toMatch(/\/interaction\/[^/]+\/login$/);
        expect(await page.locator('body').innerText()).toContain('asks for a particular account');

        const run = await signInWithBrowser(page, config, redirectUri, {
          login: 'bob',
          params: { id_token_hint: bobIdToken },
        });
        expect(run.pages).toEqual(['login']);
        expect((await redeem(config, run)).claims()?.sub).toBe(bob.id);
      });
    });

    it('answers login_required when someone else than the hinted user signs in', async () => {
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, config, redirectUri, {
          login: 'alice',
          params: { id_token_hint: bobIdToken },
        });
        expect(run.pages).toEqual(['login']);
        expect(callbackParams(run)).toMatchObject({ error: 'login_required' });
        expect(callbackParams(run).code).toBeUndefined();
      });
    });

    it('refuses a hint this server did not sign with invalid_request', async () => {
      await withBrowserContext(browser, async (page) => {
        const [header, payload] = bobIdToken.split('.');
        const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
        expect(await silently(page, { id_token_hint: forged })).toMatchObject({ error: 'invalid_request' });
      });
    });
  });

  describe('a value asked of the sub claim (OIDC Core §5.5.1)', () => {
    const subClaim = (sub: string) => JSON.stringify({ id_token: { sub: { value: sub } } });

    it('answers prompt=none with login_required when sub names another user, and positively when it names the user', async () => {
      await withBrowserContext(browser, async (page) => {
        await asAlice(page);
        expect(await silently(page, { claims: subClaim(bob.id) })).toMatchObject({ error: 'login_required' });
        expect(await silently(page, { claims: subClaim(alice.id) })).toMatchObject({ code: expect.any(String) });
      });
    });

    it('asks to sign in again without prompt=none, and refuses a sign-in as anyone else', async () => {
      await withBrowserContext(browser, async (page) => {
        await asAlice(page);
        const run = await signInWithBrowser(page, config, redirectUri, {
          login: 'alice',
          params: { claims: subClaim(bob.id) },
        });
        expect(run.pages).toEqual(['login']);
        expect(callbackParams(run)).toMatchObject({ error: 'login_required' });
      });
    });
  });

  describe('acr (OIDC Core §5.5.1.1)', () => {
    const acrClaim = (request: object) => JSON.stringify({ id_token: { acr: request } });

    it('announces the acr values it can reach in discovery', async () => {
      const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as ProviderMetadata;
      expect(doc.acr_values_supported).toEqual(['1', '2', '3']);
    });

    it('fails an essential acr it cannot reach with unmet_authentication_requirements, signed in or not', async () => {
      const unreachable = acrClaim({ essential: true, values: ['urn:example:mfa'] });
      await withBrowserContext(browser, async (page) => {
        expect(await silently(page, { claims: unreachable })).toMatchObject({
          error: 'unmet_authentication_requirements',
          state: 'silent',
        });
        await asAlice(page);
        const answer = await silently(page, { claims: unreachable });
        expect(answer).toMatchObject({ error: 'unmet_authentication_requirements' });
        expect(answer.code).toBeUndefined();
        expect(await silently(page, { claims: acrClaim({ essential: true, value: 'urn:example:mfa' }) })).toMatchObject(
          { error: 'unmet_authentication_requirements' },
        );
      });
    });

    it('puts the acr reached and the amr into every ID token, asked for (essential, voluntary, acr_values) or not', async () => {
      await withBrowserContext(browser, async (page) => {
        const claimsOf = async (params: Record<string, string>) => {
          const run = await signInWithBrowser(page, config, redirectUri, { login: 'alice', params });
          return (await redeem(config, run)).claims();
        };
        // A value this server does not know is never met: the one it does, which the sign-in reached.
        const essential = await claimsOf({ claims: acrClaim({ essential: true, values: ['urn:example:mfa', '1'] }) });
        expect(essential).toMatchObject({ acr: '1', amr: ['pwd'] });
        expect((await claimsOf({ claims: acrClaim({ values: ['urn:example:mfa'] }) }))?.acr).toBe('1');
        expect((await claimsOf({ acr_values: 'urn:example:mfa 1' }))?.acr).toBe('1');
        // Not asked for at all: still there, so an RP can always tell how the user signed in.
        expect(await claimsOf({})).toMatchObject({ acr: '1', amr: ['pwd'] });
      });
    });
  });
});
