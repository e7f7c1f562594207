import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { CreateClientInput } from '../src/clients/client-input';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import {
  discoverClient,
  PASSWORD,
  signInWithBrowser,
  withBrowserContext,
  type SignInOptions,
  type SignInRun,
} from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';
import { getUserinfo } from './support/token-requests';

// Each flow drives a real browser through several pages: seconds apiece on a loaded machine.
jest.setTimeout(30_000);

/** OIDC Core §3.1.3.6 and §3.3.2.11: base64url of the left half of the SHA-256 of the ASCII value (RS256). */
const leftHalfHash = (value: string) =>
  createHash('sha256').update(value, 'ascii').digest().subarray(0, 16).toString('base64url');

/**
 * OIDC Core §2 and §3.3.2.11, with the claims the conformance suite also allows (jti, nbf, sid),
 * and those of the scopes these tests ask for (profile, email; §5.4).
 */
const ALLOWED_ID_TOKEN_CLAIMS = [
  ...['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'azp'],
  ...['at_hash', 'c_hash', 's_hash', 'nbf', 'jti', 'sid'],
  ...['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile'],
  ...['picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'email', 'email_verified'],
];
describe('implicit and hybrid flows in a browser, checked by openid-client and jose', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let aliceId: string;
  const ids = {} as Record<'implicit' | 'hybrid' | 'publicHybrid' | 'codeOnly' | 'unregisteredGrant', string>;
  let hybridSecret: string;

  const makeClient = async (input: Partial<CreateClientInput>) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'RP',
      redirectUris: [redirectUri],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
      consentPolicy: 'skip',
      ...input,
    });
    return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
  };

  /** A plain openid-client configuration: the response type is then set per request. */
  const plainConfig = (clientId: string, secret?: string) => discoverClient(t.url, clientId, secret);

  /** Signs in through the browser; the fragment never reaches a server, so it is read from where the browser landed. */
  const signIn = async (page: Page, config: oidc.Configuration, options: SignInOptions = {}) => {
    const run = await signInWithBrowser(page, config, redirectUri, options);
    const landed = new URL(page.url());
    return { run, landed, fragment: Object.fromEntries(new URLSearchParams(landed.hash.slice(1))) };
  };

  /** What an RP must check of a front-channel ID Token, done by hand with jose. */
  const verifyIdToken = async (idToken: string, clientId: string, run: SignInRun): Promise<JWTPayload> => {
    const jwks = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: t.url, audience: clientId });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: aliceId, nonce: run.checks.expectedNonce, azp: clientId });
    return payload;
  };

  /** The code of a fragment redeemed by openid-client as an ordinary code response (the ID Token nonce checked too). */
  const redeemCode = (config: oidc.Configuration, fragment: Record<string, string>, run: SignInRun) => {
    const url = new URL(redirectUri);
    for (const name of ['code', 'state', 'iss']) url.searchParams.set(name, fragment[name]);
    return oidc.authorizationCodeGrant(config, url, run.checks);
  };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    // The response types with token return an access token from the authorization endpoint: off unless enabled.
    t = await startTestApp({ IMPLICIT_ACCESS_TOKENS: 'true' });
    browser = await launchBrowser();
    aliceId = (
      await t.app.get(UsersService).create({
        username: 'alice',
        email: 'alice@example.com',
        emailVerified: true,
        name: 'Alice Liddell',
        password: PASSWORD,
      })
    ).id;
    ids.implicit = (
      await makeClient({
        clientName: 'Implicit RP',
        tokenEndpointAuthMethod: 'none',
        grantTypes: ['implicit'],
        responseTypes: ['id_token', 'token id_token', 'token'],
      })
    ).clientId;
    const hybrid = await makeClient({
      clientName: 'Hybrid RP',
      grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
      responseTypes: ['code', 'code id_token', 'code token', 'code id_token token'],
    });
    ids.hybrid = hybrid.clientId;
    hybridSecret = hybrid.clientSecret;
    ids.publicHybrid = (
      await makeClient({
        clientName: 'Public hybrid RP',
        tokenEndpointAuthMethod: 'none',
        grantTypes: ['authorization_code', 'implicit'],
        responseTypes: ['code id_token'],
      })
    ).clientId;
    ids.codeOnly = (await makeClient({ clientName: 'Code RP' })).clientId;
    // Registered for the response type by an operator, but not for the implicit grant it needs.
    ids.unregisteredGrant = (
      await makeClient({
        clientName: 'Half-registered RP',
        grantTypes: ['authorization_code'],
        responseTypes: ['code id_token'],
      })
    ).clientId;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  describe('in the browser', () => {
    it('answers response_type=id_token in the fragment; openid-client validates it, scope claims included', async () => {
      const config = await plainConfig(ids.implicit);
      oidc.useIdTokenResponseType(config);
      await withBrowserContext(browser, async (page) => {
        const { run, landed, fragment } = await signIn(page, config);
        expect(run.pages).toEqual(['login']);
        expect(landed.search).toBe('');
        expect(Object.keys(fragment).sort()).toEqual(['id_token', 'iss', 'state']);
        const claims = await oidc.implicitAuthentication(config, landed, run.checks.expectedNonce, {
          expectedState: run.checks.expectedState,
        });
        // OIDC Core §5.4: no access token, so the scope claims are in the ID Token.
        expect(claims).toMatchObject({ iss: t.url, sub: aliceId, email: 'alice@example.com', name: 'Alice Liddell' });
        expect(claims.at_hash).toBeUndefined();
        expect(claims.c_hash).toBeUndefined();
      });
    });

    it('answers code id_token: openid-client checks c_hash and nonce, then redeems the code', async () => {
      const config = await plainConfig(ids.hybrid, hybridSecret);
      oidc.useCodeIdTokenResponseType(config);
      await withBrowserContext(browser, async (page) => {
        const { run, landed, fragment } = await signIn(page, config);
        expect(Object.keys(fragment).sort()).toEqual(['code', 'id_token', 'iss', 'state']);
        const frontChannel = decodeJwt(fragment.id_token);
        expect(frontChannel.c_hash).toBe(leftHalfHash(fragment.code));
        // An access token comes from the token endpoint: the claims are for userinfo, not the browser.
        expect(frontChannel.email).toBeUndefined();

        const tokens = await oidc.authorizationCodeGrant(config, landed, run.checks);
        expect(tokens.claims()).toMatchObject({ sub: aliceId, nonce: run.checks.expectedNonce, sid: frontChannel.sid });
        expect(tokens.refresh_token).toBeUndefined();
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, aliceId);
        expect(userinfo).toMatchObject({ email: 'alice@example.com' });
      });
    });

    it('answers code id_token token with at_hash and c_hash, and a working access token', async () => {
      const config = await plainConfig(ids.hybrid, hybridSecret);
      await withBrowserContext(browser, async (page) => {
        // RFC 6749 §3.1.1: the order of the words does not matter.
        const { run, fragment } = await signIn(page, config, { params: { response_type: 'token code id_token' } });
        expect(fragment).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email', iss: t.url });
        expect(Number(fragment.expires_in)).toBeGreaterThan(0);
        const claims = await verifyIdToken(fragment.id_token, ids.hybrid, run);
        expect(claims.at_hash).toBe(leftHalfHash(fragment.access_token));
        expect(claims.c_hash).toBe(leftHalfHash(fragment.code));
        expect(claims.email).toBeUndefined();
        expect((await getUserinfo(t, fragment.access_token)).body).toMatchObject({ sub: aliceId });

        const tokens = await redeemCode(config, fragment, run);
        expect(tokens.claims()).toMatchObject({ sub: aliceId, nonce: run.checks.expectedNonce });
        expect(tokens.access_token).not.toBe(fragment.access_token);
        // The conformance suite's EnsureIdTokenDoesNotContainNonRequestedClaims.
        for (const idToken of [claims, tokens.claims()!])
          expect(Object.keys(idToken).filter((name) => !ALLOWED_ID_TOKEN_CLAIMS.includes(name))).toEqual([]);
      });
    });

    it('answers code token without an ID Token in the fragment; the code still yields one with the nonce', async () => {
      const config = await plainConfig(ids.hybrid, hybridSecret);
      await withBrowserContext(browser, async (page) => {
        const { run, fragment } = await signIn(page, config, { params: { response_type: 'code token' } });
        expect(Object.keys(fragment).sort()).toEqual([
          'access_token',
          'code',
          'expires_in',
          'iss',
          'scope',
          'state',
          'token_type',
        ]);
        expect((await getUserinfo(t, fragment.access_token)).status).toBe(200);
        expect((await redeemCode(config, fragment, run)).claims()?.nonce).toBe(run.checks.expectedNonce);
      });
    });

    it('answers id_token token with at_hash; the access token works at userinfo', async () => {
      const config = await plainConfig(ids.implicit);
      await withBrowserContext(browser, async (page) => {
        const { run, fragment } = await signIn(page, config, { params: { response_type: 'token id_token' } });
        expect(fragment.code).toBeUndefined();
        const claims = await verifyIdToken(fragment.id_token, ids.implicit, run);
        expect(claims.at_hash).toBe(leftHalfHash(fragment.access_token));
        expect(claims.c_hash).toBeUndefined();
        expect(claims.email).toBeUndefined();
        expect((await getUserinfo(t, fragment.access_token)).body).toMatchObject({ email: 'alice@example.com' });
      });
    });

    it('answers plain OAuth token with an access token only', async () => {
      const config = await plainConfig(ids.implicit);
      await withBrowserContext(browser, async (page) => {
        const { fragment } = await signIn(page, config, { params: { response_type: 'token' } });
        expect(Object.keys(fragment).sort()).toEqual([
          'access_token',
          'expires_in',
          'iss',
          'scope',
          'state',
          'token_type',
        ]);
        expect((await getUserinfo(t, fragment.access_token)).status).toBe(200);
      });
    });

    it('never puts a refresh token in the fragment; offline_access yields one at the token endpoint only', async () => {
      const config = await plainConfig(ids.hybrid, hybridSecret);
      await withBrowserContext(browser, async (page) => {
        const { run, fragment } = await signIn(page, config, {
          params: { response_type: 'code id_token token', scope: 'openid email offline_access' },
        });
        expect(fragment.access_token).toBeDefined();
        expect(fragment.refresh_token).toBeUndefined();
        expect((await redeemCode(config, fragment, run)).refresh_token).toEqual(expect.any(String));
      });
    });

    it('posts code id_token to the RP with form_post; openid-client validates the posted response', async () => {
      const config = await plainConfig(ids.hybrid, hybridSecret);
      oidc.useCodeIdTokenResponseType(config);
      await withBrowserContext(browser, async (page) => {
        const { run, landed } = await signIn(page, config, { params: { response_mode: 'form_post' } });
        expect(run.callback.method).toBe('POST');
        expect(landed.search + landed.hash).toBe('');
        const posted = new URLSearchParams(await run.callback.clone().text());
        expect([...posted.keys()].sort()).toEqual(['code', 'id_token', 'iss', 'state']);
        const tokens = await oidc.authorizationCodeGrant(config, run.callback, run.checks);
        expect(tokens.claims()?.sub).toBe(aliceId);
      });
    });

    it('ties front-channel tokens to the grant: logging out revokes the access token', async () => {
      const config = await plainConfig(ids.implicit);
      await withBrowserContext(browser, async (page) => {
        const { fragment } = await signIn(page, config, { params: { response_type: 'id_token token' } });
        expect((await getUserinfo(t, fragment.access_token)).status).toBe(200);
        await page.goto(`${t.url}/oauth2/logout?id_token_hint=${fragment.id_token}`);
        expect((await getUserinfo(t, fragment.access_token)).status).toBe(401);
      });
    });
  });

  describe('refused requests', () => {
    const base = (clientId: string, overrides: Record<string, string>) => ({
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'st-1',
      nonce: 'n-1',
      ...overrides,
    });
    /** The RP's view of a refusal: the query and the fragment of the redirect. */
    const refusal = async (params: Record<string, string>) => {
      const res = await fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      return {
        query: Object.fromEntries(location.searchParams),
        fragment: Object.fromEntries(new URLSearchParams(location.hash.slice(1))),
      };
    };

    it.each(['id_token', 'code id_token'])(
      'requires a nonce for %s, and says so in the fragment',
      async (responseType) => {
        const clientId = responseType === 'id_token' ? ids.implicit : ids.hybrid;
        const { nonce: _, ...noNonce } = base(clientId, {
          response_type: responseType,
          code_challenge: 'x'.repeat(43),
        });
        const { query, fragment } = await refusal(noNonce);
        expect(query).toEqual({});
        expect(fragment).toMatchObject({ error: 'invalid_request', state: 'st-1', iss: t.url });
        expect(fragment.error_description).toMatch(/nonce/);
      },
    );

    it('requires the openid scope for a response type with id_token', async () => {
      const { fragment } = await refusal(base(ids.implicit, { response_type: 'id_token', scope: 'email' }));
      expect(fragment).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/openid/) });
    });

    it('refuses a response type the client is not registered for with unauthorized_client', async () => {
      for (const params of [
        base(ids.codeOnly, { response_type: 'code id_token' }),
        base(ids.implicit, { response_type: 'code id_token' }),
        base(ids.unregisteredGrant, { response_type: 'id_token code' }),
      ])
        expect((await refusal(params)).fragment).toMatchObject({ error: 'unauthorized_client', state: 'st-1' });
    });

    it('refuses response_mode=query for tokens, answering in the fragment', async () => {
      const { query, fragment } = await refusal(
        base(ids.implicit, { response_type: 'id_token token', response_mode: 'query' }),
      );
      expect(query).toEqual({});
      expect(fragment).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/query/) });
    });

    it('answers prompt=none without a session with login_required in the fragment', async () => {
      const { fragment } = await refusal(base(ids.implicit, { response_type: 'id_token', prompt: 'none' }));
      expect(fragment).toMatchObject({ error: 'login_required', state: 'st-1', iss: t.url });
    });

    it('still requires PKCE of a public client when the response type has a code', async () => {
      const { fragment } = await refusal(base(ids.publicHybrid, { response_type: 'code id_token' }));
      expect(fragment).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/PKCE/) });
    });
  });
});
