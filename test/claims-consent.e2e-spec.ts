import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { CreateClientInput } from '../src/clients/client-input';
import type { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

// Each flow drives a real browser through several pages: seconds apiece on a loaded machine.
jest.setTimeout(60_000);

/** The request of issue #14 item 1: personal data asked for by name, outside the scope openid. */
const GREEDY_CLAIMS = JSON.stringify({
  userinfo: { email: null, phone_number: null, address: null, name: null },
  id_token: { email: null },
});

describe('the claims parameter releases only claims the user allowed and the client may receive (OIDC Core §5.5)', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let alice: User;

  const makeClient = async (input: Partial<CreateClientInput>) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Claims RP',
      redirectUris: [redirectUri],
      consentPolicy: 'once',
      ...input,
    });
    return discoverClient(t.url, client.clientId, clientSecret ?? undefined);
  };

  /** An authorization request answered without any page (prompt=none): the RP callback's parameters. */
  const silently = async (page: Page, config: oidc.Configuration, params: Record<string, string>) => {
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

  const consentRow = async (clientId: string) => {
    const [row] = await t.dataSource.query(
      'SELECT scopes, claims FROM consents WHERE user_id = $1 AND client_id = $2',
      [alice.id, clientId],
    );
    return { scopes: [...row.scopes].sort(), claims: [...row.claims].sort() };
  };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp();
    browser = await launchBrowser();
    alice = await t.app.get(UsersService).create({
      username: 'alice',
      password: PASSWORD,
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice Liddell',
      phoneNumber: '+44 20 7946 0000',
      address: { street_address: '1 Rabbit Hole', locality: 'Oxford', country: 'GB' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('answers prompt=none with consent_required when only openid was allowed and the claims parameter asks for more', async () => {
    const config = await makeClient({ allowedScopes: ['openid', 'email', 'phone', 'address', 'profile'] });
    await withBrowserContext(browser, async (page) => {
      // Consent remembered for openid alone.
      const first = await signInWithBrowser(page, config, redirectUri, { params: { scope: 'openid' } });
      expect(first.pages).toEqual(['login', 'consent']);
      expect(await consentRow(config.clientMetadata().client_id)).toEqual({ scopes: ['openid'], claims: [] });

      expect(await silently(page, config, { claims: GREEDY_CLAIMS })).toMatchObject({
        error: 'consent_required',
        state: 'silent',
      });
      // Without the claims parameter the remembered consent still covers the request.
      expect(await silently(page, config, {})).toMatchObject({ code: expect.any(String), state: 'silent' });
    });
  });

  it('never releases a claim outside every scope the client is allowed, even with consent (ID token, userinfo)', async () => {
    const config = await makeClient({ allowedScopes: ['openid'] });
    await withBrowserContext(browser, async (page) => {
      await signInWithBrowser(page, config, redirectUri, { params: { scope: 'openid' } });
      // Consent for openid is remembered: the claims asked for cannot be granted, so nothing is asked.
      const silent = await silently(page, config, { claims: GREEDY_CLAIMS });
      expect(silent).toMatchObject({ code: expect.any(String) });

      const run = await signInWithBrowser(page, config, redirectUri, {
        params: { scope: 'openid', claims: GREEDY_CLAIMS },
      });
      expect(run.pages).toEqual([]);
      const tokens = await redeem(config, run);
      expect(tokens.scope).toBe('openid');
      const idToken = decodeJwt(tokens.id_token!);
      for (const claim of ['email', 'phone_number', 'address', 'name']) expect(idToken[claim]).toBeUndefined();
      expect(await oidc.fetchUserInfo(config, tokens.access_token, alice.id)).toEqual({ sub: alice.id });
    });
  });

  it('never releases them to a self-registered client allowed only openid', async () => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Self-registered RP', redirect_uris: [redirectUri], scope: 'openid' }),
    });
    expect(res.status).toBe(201);
    const registered = (await res.json()) as { client_id: string; client_secret: string };
    const config = await discoverClient(t.url, registered.client_id, registered.client_secret);
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, config, redirectUri, {
        params: { scope: 'openid', claims: GREEDY_CLAIMS },
      });
      const tokens = await redeem(config, run);
      const idToken = decodeJwt(tokens.id_token!);
      for (const claim of ['email', 'phone_number', 'address', 'name']) expect(idToken[claim]).toBeUndefined();
      expect(await oidc.fetchUserInfo(config, tokens.access_token, alice.id)).toEqual({ sub: alice.id });
    });
  });

  it('shows claims asked for by name on the consent page, remembers them, and releases exactly those (also after refresh)', async () => {
    const config = await makeClient({
      allowedScopes: ['openid', 'email', 'phone', 'address', 'profile', 'offline_access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    const clientId = config.clientMetadata().client_id;
    const claims = JSON.stringify({ userinfo: { email: null, phone_number: null }, id_token: { email: null } });
    await withBrowserContext(browser, async (page) => {
      let consentPage = '';
      const run = await signInWithBrowser(page, config, redirectUri, {
        params: { scope: 'openid offline_access', claims, prompt: 'consent' },
        onConsentPage: async (consent) => {
          consentPage = await consent.locator('body').innerText();
        },
      });
      expect(run.pages).toEqual(['login', 'consent']);
      expect(consentPage).toContain('Your email address');
      expect(consentPage).toContain('(phone_number)');
      expect(consentPage).not.toContain('(address)');
      expect(await consentRow(clientId)).toEqual({
        scopes: ['offline_access', 'openid'],
        claims: ['email', 'phone_number'],
      });

      const tokens = await redeem(config, run);
      expect(decodeJwt(tokens.id_token!)).toMatchObject({ email: 'alice@example.com' });
      expect(decodeJwt(tokens.id_token!).phone_number).toBeUndefined();
      expect(await oidc.fetchUserInfo(config, tokens.access_token, alice.id)).toEqual({
        sub: alice.id,
        email: 'alice@example.com',
        phone_number: '+44 20 7946 0000',
      });
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(decodeJwt(refreshed.id_token!)).toMatchObject({ sub: alice.id, email: 'alice@example.com' });
      expect(decodeJwt(refreshed.id_token!).address).toBeUndefined();
      expect(await oidc.fetchUserInfo(config, refreshed.access_token, alice.id)).toEqual({
        sub: alice.id,
        email: 'alice@example.com',
        phone_number: '+44 20 7946 0000',
      });

      // The remembered consent covers the same claims without a page, but not one more.
      expect(await silently(page, config, { claims })).toMatchObject({ code: expect.any(String) });
      expect(
        await silently(page, config, { claims: JSON.stringify({ userinfo: { email: null, address: null } }) }),
      ).toMatchObject({ error: 'consent_required' });
    });
  });
});
