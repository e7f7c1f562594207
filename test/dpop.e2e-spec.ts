import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { CreateClientInput } from '../src/clients/client-input';
import { DpopNonces, NONCE_WINDOW_S } from '../src/token/dpop/dpop-nonce';
import { accessTokenHash } from '../src/token/dpop/dpop-proof';
import { hashToken } from '../src/token/opaque-token';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';
import { basicAuth, issueCode } from './support/token-requests';

// DPoP (RFC 9449) with the clients that implement it: oauth4webapi's DPoP handle, openid-client's
// getDPoPHandle; hand-made proofs (jose) for what a library would never send.
jest.setTimeout(60_000);

const INSECURE = { [oauth.allowInsecureRequests]: true };

interface ProofKey {
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
}

async function proofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

describe('DPoP (RFC 9449)', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let as: oauth.AuthorizationServer;
  let userId: string;
  const nonces = new DpopNonces(TEST_SECRETS.KEY_ENCRYPTION_SECRET);

  const tokenUrl = () => `${t.url}/oauth2/token`;
  const userinfoUrl = () => `${t.url}/oauth2/userinfo`;

  async function proof(key: ProofKey, claims: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT({
      htm: 'POST',
      htu: tokenUrl(),
      jti: crypto.randomUUID(),
      iat: Math.floor(Date.now() / 1000),
      nonce: nonces.current(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
      .sign(key.privateKey);
  }

  const makeClient = async (input: Partial<CreateClientInput>) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'DPoP RP',
      redirectUris: [redirectUri],
      // The tests post their credentials in the body.
      tokenEndpointAuthMethod: 'client_secret_post',
      ...input,
    });
    return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
  };
  const serviceClient = (input: Partial<CreateClientInput> = {}) =>
    makeClient({ grantTypes: ['client_credentials'], redirectUris: [], ...input });

  async function postToken(body: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string> };
  }

  const clientCredentials = (c: { clientId: string; clientSecret: string }) => ({
    grant_type: 'client_credentials',
    client_id: c.clientId,
    client_secret: c.clientSecret,
  });

  /** oauth4webapi, as its documentation shows: retry once when the server asks for its nonce. */
  async function dpopClientCredentials(c: { clientId: string; clientSecret: string }, dpop: oauth.DPoPHandle) {
    const client = { client_id: c.clientId };
    const auth = oauth.ClientSecretPost(c.clientSecret);
    const request = () =>
      oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(), { DPoP: dpop, ...INSECURE });
    try {
      return await oauth.processClientCredentialsResponse(as, client, await request());
    } catch (error) {
      if (!oauth.isDPoPNonceError(error)) throw error;
      return oauth.processClientCredentialsResponse(as, client, await request());
    }
  }

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp();
    browser = await launchBrowser();
    const issuer = new URL(t.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, INSECURE));
    userId = (
      await t.app.get(UsersService).create({ username: 'alice', password: PASSWORD, email: 'alice@example.com' })
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('announces the DPoP algs in discovery', () => {
    expect(as.dpop_signing_alg_values_supported).toEqual(['ES256', 'PS256', 'RS256', 'EdDSA']);
  });

  it('binds an opaque client credentials token to the key (oauth4webapi), and introspection shows cnf.jkt', async () => {
    const c = await serviceClient();
    const dpop = oauth.DPoP({}, await oauth.generateKeyPair('ES256'));
    const tokens = await dpopClientCredentials(c, dpop);
    expect(tokens.token_type).toBe('dpop');
    const jkt = await dpop.calculateThumbprint();
    const [row] = await t.dataSource.query('SELECT dpop_jkt FROM tokens WHERE token_hash = $1', [
      hashToken(tokens.access_token),
    ]);
    expect(row.dpop_jkt).toBe(jkt);

    const client = { client_id: c.clientId };
    const introspection = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(
        as,
        client,
        oauth.ClientSecretPost(c.clientSecret),
        tokens.access_token,
        INSECURE,
      ),
    );
    expect(introspection).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt } });
  });

  it('binds a JWT access token with cnf.jkt, through Express (a JSON body) as through the fast path', async () => {
    const c = await serviceClient({ accessTokenFormat: 'jwt' });
    const key = await proofKey();
    const res = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', dpop: await proof(key) },
      body: JSON.stringify(clientCredentials(c)),
    });
    const body = (await res.json()) as { token_type: string; access_token: string };
    expect(res.status).toBe(200);
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: key.jkt });
    expect(res.headers.get('dpop-nonce')).toBe(nonces.current());
  });

  it('answers a proof without the nonce with use_dpop_nonce and a DPoP-Nonce header, then takes the proof with it', async () => {
    const c = await serviceClient();
    const key = await proofKey();
    const first = await postToken(clientCredentials(c), { dpop: await proof(key, { nonce: undefined }) });
    expect(first.status).toBe(400);
    expect(first.body.error).toBe('use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toBeTruthy();
    const second = await postToken(clientCredentials(c), { dpop: await proof(key, { nonce: nonce! }) });
    expect(second.status).toBe(200);
    expect(second.body.token_type).toBe('DPoP');
  });

  it('refuses a stale nonce, handing out the current one', async () => {
    const c = await serviceClient();
    const stale = nonces.current(Date.now() - 2 * NONCE_WINDOW_S * 1000 - 1000);
    const res = await postToken(clientCredentials(c), { dpop: await proof(await proofKey(), { nonce: stale }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'use_dpop_nonce', error_description: 'the DPoP nonce is stale' });
    expect(res.headers.get('dpop-nonce')).toBe(nonces.current());
  });

  it('refuses a replayed proof', async () => {
    const c = await serviceClient();
    const dpop = await proof(await proofKey());
    expect((await postToken(clientCredentials(c), { dpop })).status).toBe(200);
    const replay = await postToken(clientCredentials(c), { dpop });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/replay/),
    });
  });

  it('lets exactly one of two identical proofs sent at once through, the other refused as a replay', async () => {
    const c = await serviceClient();
    const dpop = await proof(await proofKey());
    const answers = await Promise.all([
      postToken(clientCredentials(c), { dpop }),
      postToken(clientCredentials(c), { dpop }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(answers.find((a) => a.status === 400)!.body).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/replay/),
    });
  });

  it('in a burst of proofs checked together, accepts each distinct one and only one copy of a repeated one', async () => {
    // More requests at once than the replay store writes in parallel: some may share a statement, some not.
    const c = await serviceClient();
    const key = await proofKey();
    const repeated = await proof(key);
    const distinct = await Promise.all(Array.from({ length: 8 }, () => proof(key)));
    const sent = [...distinct, ...Array.from({ length: 8 }, () => repeated)].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(sent.map((dpop) => postToken(clientCredentials(c), { dpop })));
    const of = (dpop: string) => answers.filter((_, i) => sent[i] === dpop);
    for (const dpop of distinct) expect(of(dpop).map((a) => a.status)).toEqual([200]);
    expect(
      of(repeated)
        .map((a) => a.status)
        .sort(),
    ).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
    for (const refused of of(repeated).filter((a) => a.status === 400))
      expect(refused.body).toMatchObject({
        error: 'invalid_dpop_proof',
        error_description: expect.stringMatching(/replay/),
      });
  });

  it('takes a jti of any characters, one Postgres cannot store as given too, and refuses its replay', async () => {
    const c = await serviceClient();
    const dpop = await proof(await proofKey(), { jti: 'a\u0000\ud800b' });
    expect((await postToken(clientCredentials(c), { dpop })).status).toBe(200);
    expect((await postToken(clientCredentials(c), { dpop })).body.error).toBe('invalid_dpop_proof');
  });

  it('lets one of two identical proofs sent at once to two replicas through', async () => {
    // The same issuer (htu) behind another address, on the same database.
    const replica = await startTestApp({ ISSUER: t.url }, t.database);
    try {
      const c = await serviceClient();
      const dpop = await proof(await proofKey());
      const send = (base: string) =>
        fetch(`${base}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', dpop },
          body: new URLSearchParams(clientCredentials(c)),
        });
      const answers = await Promise.all([send(t.url), send(`http://127.0.0.1:${replica.config.port}`)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    } finally {
      await replica.close();
    }
  });

  it('refuses a proof for another URL or method, and accepts htu with a query (RFC 9449 §4.3)', async () => {
    const c = await serviceClient();
    const key = await proofKey();
    const wrongUrl = await postToken(clientCredentials(c), { dpop: await proof(key, { htu: `${t.url}/oauth2/par` }) });
    expect(wrongUrl.body).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/htu/),
    });
    const wrongMethod = await postToken(clientCredentials(c), { dpop: await proof(key, { htm: 'GET' }) });
    expect(wrongMethod.body).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/htm/),
    });
    const withQuery = await postToken(clientCredentials(c), { dpop: await proof(key, { htu: `${tokenUrl()}?x=1` }) });
    expect(withQuery.status).toBe(200);
  });

  it('refuses a token request without a proof from a dpop_bound_access_tokens client', async () => {
    const c = await serviceClient({ dpopBoundAccessTokens: true });
    const bare = await postToken(clientCredentials(c));
    // A required part of the request missing (RFC 6749 invalid_request), not an invalid proof.
    expect(bare.status).toBe(400);
    expect(bare.body.error).toBe('invalid_request');
    const bound = await dpopClientCredentials(c, oauth.DPoP({}, await oauth.generateKeyPair('ES256')));
    expect(bound.token_type).toBe('dpop');
  });

  it('binds the code to dpop_jkt of the authorization request (openid-client), and userinfo wants the proof', async () => {
    const c = await makeClient({
      tokenEndpointAuthMethod: 'client_secret_basic',
      consentPolicy: 'once',
      allowedScopes: ['openid', 'email'],
    });
    const config = await discoverClient(t.url, c.clientId, c.clientSecret);
    const keyPair = await oidc.randomDPoPKeyPair('ES256');
    const DPoP = oidc.getDPoPHandle(config, keyPair);
    const other = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const dpopJkt = await DPoP.calculateThumbprint();

    await withBrowserContext(browser, async (page) => {
      const params = { scope: 'openid email', dpop_jkt: dpopJkt };
      const foreign = await signInWithBrowser(page, config, redirectUri, { params });
      await expect(
        oidc.authorizationCodeGrant(config, foreign.callback, foreign.checks, undefined, { DPoP: other }),
      ).rejects.toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/dpop_jkt/) });

      const run = await signInWithBrowser(page, config, redirectUri, { params });
      const tokens = await oidc.authorizationCodeGrant(config, run.callback, run.checks, undefined, { DPoP });
      expect(tokens.token_type).toBe('dpop');
      const sub = tokens.claims()!.sub;
      const claims = await oidc.fetchUserInfo(config, tokens.access_token, sub, { DPoP });
      expect(claims).toMatchObject({ sub, email: 'alice@example.com' });

      // The same token as a bearer token, or without its proof, or with another key's: refused.
      const asBearer = await fetch(userinfoUrl(), { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(asBearer.status).toBe(401);
      expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP realm="oauth2", error="invalid_token"/);
      const noProof = await fetch(userinfoUrl(), { headers: { authorization: `DPoP ${tokens.access_token}` } });
      expect(noProof.status).toBe(401);
      expect(noProof.headers.get('www-authenticate')).toMatch(/^DPoP realm="oauth2", error="invalid_dpop_proof"/);

      const key = await proofKey();
      const resourceProof = (k: ProofKey, claims: Record<string, unknown> = {}) =>
        proof(k, { htm: 'GET', htu: userinfoUrl(), ath: accessTokenHash(tokens.access_token), ...claims });
      const foreignKey = await fetch(userinfoUrl(), {
        headers: { authorization: `DPoP ${tokens.access_token}`, dpop: await resourceProof(key) },
      });
      expect(foreignKey.status).toBe(401);
      expect(foreignKey.headers.get('www-authenticate')).toMatch(/error="invalid_dpop_proof"/);

      const noNonce = await fetch(userinfoUrl(), {
        headers: { authorization: `DPoP ${tokens.access_token}`, dpop: await resourceProof(key, { nonce: undefined }) },
      });
      expect(noNonce.status).toBe(401);
      expect(noNonce.headers.get('www-authenticate')).toMatch(/^DPoP realm="oauth2", error="use_dpop_nonce"/);
      expect(noNonce.headers.get('dpop-nonce')).toBe(nonces.current());
    });
  });

  it('binds a pushed request to the key of a DPoP proof sent to PAR (RFC 9449 §10.1)', async () => {
    const c = await makeClient({ tokenEndpointAuthMethod: 'client_secret_basic' });
    const config = await discoverClient(t.url, c.clientId, c.clientSecret);
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const pkce = {
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    };
    const params = { redirect_uri: redirectUri, scope: 'openid', ...pkce };
    await oidc.buildAuthorizationUrlWithPAR(config, params, { DPoP });
    const [pushed] = await t.dataSource.query(
      `SELECT parameters->>'dpop_jkt' AS jkt FROM pushed_authorization_requests WHERE client_id = $1`,
      [c.clientId],
    );
    expect(pushed.jkt).toBe(await DPoP.calculateThumbprint());

    // dpop_jkt naming another key than the proof's: refused.
    const res = await fetch(`${t.url}/oauth2/par`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth(c.clientId, c.clientSecret),
        dpop: await proof(await proofKey(), { htu: `${t.url}/oauth2/par` }),
      },
      body: new URLSearchParams({ response_type: 'code', ...params, dpop_jkt: (await proofKey()).jkt }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('refuses a replayed proof at userinfo', async () => {
    const c = await makeClient({ grantTypes: ['authorization_code'] });
    const key = await proofKey();
    const { code } = await issueCode(t, { clientId: c.clientId, userId, redirectUri, dpopJkt: key.jkt });
    const redeemed = await postToken(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: c.clientId,
        client_secret: c.clientSecret,
      },
      { dpop: await proof(key) },
    );
    expect(redeemed.body.token_type).toBe('DPoP');
    const accessToken = redeemed.body.access_token;
    const headers = {
      authorization: `DPoP ${accessToken}`,
      dpop: await proof(key, { htm: 'GET', htu: userinfoUrl(), ath: accessTokenHash(accessToken) }),
    };
    expect((await fetch(userinfoUrl(), { headers })).status).toBe(200);
    const replay = await fetch(userinfoUrl(), { headers });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toMatch(/error="invalid_dpop_proof"/);
  });

  it("binds a public client's refresh token to the key: a refresh with another key is refused (RFC 9449 §5)", async () => {
    const c = await makeClient({
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'offline_access'],
    });
    const client: oauth.Client = { client_id: c.clientId };
    const dpop = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const { code } = await issueCode(t, {
      clientId: c.clientId,
      userId,
      redirectUri,
      scope: ['openid', 'offline_access'],
    });
    const redeem = () =>
      oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        // As the RP's callback would carry it (RFC 9207 iss).
        oauth.validateAuthResponse(as, client, new URLSearchParams({ code, iss: as.issuer }), oauth.skipStateCheck),
        redirectUri,
        oauth.nopkce,
        {
          DPoP: dpop,
          ...INSECURE,
        },
      );
    // The first answer asks for the nonce, and leaves the code unspent.
    const first: unknown = await oauth.processAuthorizationCodeResponse(as, client, await redeem()).catch((e) => e);
    expect(oauth.isDPoPNonceError(first)).toBe(true);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, await redeem());
    expect(tokens.token_type).toBe('dpop');

    const other = await proofKey();
    const stolen = await postToken(
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: c.clientId },
      { dpop: await proof(other) },
    );
    expect(stolen.status).toBe(400);
    expect(stolen.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/DPoP key/) });
    const noProof = await postToken({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: c.clientId,
    });
    expect(noProof.body.error).toBe('invalid_grant');

    // Its own key still refreshes it: the refused attempts did not consume it.
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
        DPoP: dpop,
        ...INSECURE,
      }),
    );
    expect(refreshed.token_type).toBe('dpop');
  });

  it("leaves a confidential client's refresh token unbound: client authentication binds it (RFC 9449 §5)", async () => {
    const c = await makeClient({
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'offline_access'],
    });
    const credentials = { client_id: c.clientId, client_secret: c.clientSecret };
    const { code } = await issueCode(t, {
      clientId: c.clientId,
      userId,
      redirectUri,
      scope: ['openid', 'offline_access'],
    });
    const redeemed = await postToken(
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...credentials },
      { dpop: await proof(await proofKey()) },
    );
    expect(redeemed.body.token_type).toBe('DPoP');
    const refreshed = await postToken(
      { grant_type: 'refresh_token', refresh_token: redeemed.body.refresh_token, ...credentials },
      { dpop: await proof(await proofKey()) },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token_type).toBe('DPoP');
  });

  it('binds a token exchanged with a DPoP proof (RFC 8693 with RFC 9449)', async () => {
    const c = await makeClient({
      grantTypes: ['authorization_code', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      tokenExchangePolicy: {
        allowedSubjectTokenTypes: ['urn:ietf:params:oauth:token-type:access_token'],
        allowedAudiences: [],
        allowImpersonation: true,
        allowDelegation: false,
      },
    });
    const credentials = { client_id: c.clientId, client_secret: c.clientSecret };
    const { code } = await issueCode(t, { clientId: c.clientId, userId, redirectUri });
    const user = await postToken({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...credentials });
    const key = await proofKey();
    const exchanged = await postToken(
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: user.body.access_token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        ...credentials,
      },
      { dpop: await proof(key) },
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.token_type).toBe('DPoP');
    expect(decodeJwt(exchanged.body.access_token).cnf).toEqual({ jkt: key.jkt });
  });

  it('leaves unbound tokens as they were: Bearer, no cnf, no DPoP-Nonce header', async () => {
    const c = await serviceClient();
    const res = await postToken(clientCredentials(c));
    expect(res.body.token_type).toBe('Bearer');
    expect(res.headers.get('dpop-nonce')).toBeNull();
  });
});
