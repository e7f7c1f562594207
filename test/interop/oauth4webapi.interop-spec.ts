import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { withBrowserContext } from '../support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from '../support/relying-party';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_TOKEN, ALICE, createAlice } from './support/admin-api';
import { completeSignIn } from './support/interaction-pages';

// oauth4webapi (panva), used the way its documentation shows, against a server over plain HTTP
// on the loopback: discovery, its own dynamic registration, every call it makes checked by it.
jest.setTimeout(60_000);

const INSECURE = { [oauth.allowInsecureRequests]: true };

describe('oauth4webapi', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let aliceId: string;
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let clientAuth: oauth.ClientAuth;
  let redirectUri: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    browser = await launchBrowser();
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    aliceId = await createAlice(t);
    const issuer = new URL(t.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, INSECURE));
    // A confidential web client that also calls APIs on its own behalf; no scope: the server's defaults.
    const registered = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(
        as,
        {
          client_name: 'oauth4webapi RP',
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        },
        INSECURE,
      ),
    );
    client = { client_id: registered.client_id };
    clientAuth = oauth.ClientSecretBasic(registered.client_secret as string);
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await t?.close();
  });

  it('gets a token with client credentials, introspects it and revokes it', async () => {
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, clientAuth, new URLSearchParams(), INSECURE),
    );
    expect(tokens).toMatchObject({ token_type: 'bearer', access_token: expect.any(String) });
    expect(tokens.refresh_token).toBeUndefined();

    const introspect = async () =>
      oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, clientAuth, tokens.access_token, INSECURE),
      );
    expect(await introspect()).toMatchObject({ active: true, client_id: client.client_id });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, tokens.access_token, INSECURE),
    );
    expect(await introspect()).toEqual({ active: false });
  });

  it('signs in with code and PKCE in Chromium, reads userinfo, refreshes, introspects and revokes the refresh token', async () => {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).toString();

    let callback = new URL(redirectUri);
    await withBrowserContext(browser, async (page) => {
      await page.goto(authorizationUrl.href);
      expect(await completeSignIn(page, (u) => u.href.startsWith(redirectUri))).toEqual(['login', 'consent']);
      callback = new URL(page.url());
    });

    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, codeVerifier, INSECURE),
      { expectedNonce: nonce, requireIdToken: true },
    );
    expect(tokens.scope!.split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'profile']);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const idToken = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(idToken).toMatchObject({ iss: t.url, aud: client.client_id, sub: aliceId, nonce });

    const userinfo = await oauth.processUserInfoResponse(
      as,
      client,
      idToken.sub,
      await oauth.userInfoRequest(as, client, tokens.access_token, INSECURE),
    );
    expect(userinfo).toMatchObject({ sub: aliceId, email: ALICE.email, email_verified: true, name: ALICE.name });

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, INSECURE),
    );
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const refreshToken = refreshed.refresh_token ?? tokens.refresh_token!;

    const introspect = async (token: string) =>
      oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, clientAuth, token, INSECURE),
      );
    expect(await introspect(refreshed.access_token)).toMatchObject({
      active: true,
      sub: aliceId,
      client_id: client.client_id,
      username: ALICE.username,
    });

    // Revoking the refresh token ends the grant (RFC 7009 §2.1): its access tokens stop too.
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, refreshToken, INSECURE),
    );
    expect(await introspect(refreshed.access_token)).toEqual({ active: false });
    await expect(
      oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, INSECURE),
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  /** Sends a request with a DPoP proof; a use_dpop_nonce answer is retried once with the nonce the handle kept. */
  async function withNonceRetry<T>(send: () => Promise<Response>, process: (r: Response) => Promise<T>): Promise<T> {
    try {
      return await process(await send());
    } catch (error) {
      if (!oauth.isDPoPNonceError(error)) throw error;
      return process(await send());
    }
  }

  it('pushes the request (PAR, advertised), signs in, and holds DPoP-bound tokens at token, userinfo and refresh', async () => {
    expect(as.pushed_authorization_request_endpoint).toBe(`${t.url}/oauth2/par`);
    expect(as.dpop_signing_alg_values_supported).toContain('ES256');
    const dpop = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const parameters = {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    const pushed = await withNonceRetry(
      () => oauth.pushedAuthorizationRequest(as, client, clientAuth, parameters, { DPoP: dpop, ...INSECURE }),
      (r) => oauth.processPushedAuthorizationResponse(as, client, r),
    );
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);

    // RFC 9126 §4: the authorization request carries only client_id and request_uri.
    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      client_id: client.client_id,
      request_uri: pushed.request_uri,
    }).toString();
    let callback = new URL(redirectUri);
    await withBrowserContext(browser, async (page) => {
      await page.goto(authorizationUrl.href);
      await completeSignIn(page, (u) => u.href.startsWith(redirectUri));
      callback = new URL(page.url());
    });

    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await withNonceRetry(
      () =>
        oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, codeVerifier, {
          DPoP: dpop,
          ...INSECURE,
        }),
      (r) => oauth.processAuthorizationCodeResponse(as, client, r, { expectedNonce: nonce, requireIdToken: true }),
    );
    expect(tokens.token_type).toBe('dpop');
    const sub = oauth.getValidatedIdTokenClaims(tokens)!.sub;
    expect(sub).toBe(aliceId);

    // Userinfo takes the bound token only with a proof of the same key.
    const userinfo = await withNonceRetry(
      () => oauth.userInfoRequest(as, client, tokens.access_token, { DPoP: dpop, ...INSECURE }),
      (r) => oauth.processUserInfoResponse(as, client, sub, r),
    );
    expect(userinfo).toMatchObject({ sub: aliceId, name: ALICE.name });
    const withoutProof = await fetch(as.userinfo_endpoint!, {
      headers: { authorization: `DPoP ${tokens.access_token}` },
    });
    expect(withoutProof.status).toBe(401);

    const refreshed = await withNonceRetry(
      () => oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, { DPoP: dpop, ...INSECURE }),
      (r) => oauth.processRefreshTokenResponse(as, client, r),
    );
    expect(refreshed.token_type).toBe('dpop');
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    // The request_uri was used once: a second authorization request with it is refused.
    const again = await fetch(authorizationUrl.href, { redirect: 'manual' });
    const location = again.headers.get('location');
    const refused = location ? new URL(location).searchParams.get('error') : await again.text();
    expect(refused).toMatch(/invalid_request/);
  });
});
