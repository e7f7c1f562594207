import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { ClientsService } from '../src/clients/clients.service';
import type { CreateClientInput } from '../src/clients/client-input';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { signInOverHttp } from './support/http-sign-in';
import { startRelyingParty } from './support/relying-party';
import { basicAuth } from './support/token-requests';
import { startTestApp, type TestApp } from './support/test-app';

const REDIRECT_URI = 'https://bank-rp.example.com/cb';
const PASSWORD = 'correct horse battery staple';
const ADMIN_TOKEN = 'fapi-admin-token-0123456789abcdef0123456789';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const body = async (res: Response) => (await res.json()) as Record<string, unknown>;

/** The FAPI 2.0 Security Profile as a per-client profile (docs/security.md). */
describe('FAPI 2.0 Security Profile clients', () => {
  let t: TestApp;
  let psKey: CryptoKey;
  let psJwk: JWK;
  let rsKey: CryptoKey;
  let rsJwk: JWK;
  let fapi: string;

  const fapiInput = (input: Partial<CreateClientInput> = {}): CreateClientInput => ({
    clientName: 'Bank RP',
    redirectUris: [REDIRECT_URI],
    allowedScopes: ['openid', 'profile'],
    consentPolicy: 'skip',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [psJwk, rsJwk] },
    fapi2SecurityProfile: true,
    ...input,
  });
  const rp = (clientId: string, key: CryptoKey, kid: string) =>
    oidc.discovery(new URL(t.url), clientId, undefined, oidc.PrivateKeyJwt({ key, kid }), {
      execute: [oidc.allowInsecureRequests],
    });
  const pkce = async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier) };
  };
  const requestParams = (challenge: string) => ({
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile',
    state: 'st-fapi',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const assertion = (key: CryptoKey, alg: string, kid: string) =>
    new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg, kid })
      .setIssuer(fapi)
      .setSubject(fapi)
      .setAudience(t.url)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);
  const pushRaw = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/oauth2/par`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params),
    });

  beforeAll(async () => {
    // A long default code lifetime, so the profile's 60 s cap is what shows.
    t = await startTestApp({ AUTHORIZATION_CODE_TTL: '600', ADMIN_TOKEN });
    await t.app.get(UsersService).create({ username: 'alice', password: PASSWORD });
    const ps = await generateKeyPair('PS256');
    psKey = ps.privateKey;
    psJwk = { ...(await exportJWK(ps.publicKey)), kid: 'ps', alg: 'PS256' };
    const rs = await generateKeyPair('RS256');
    rsKey = rs.privateKey;
    rsJwk = { ...(await exportJWK(rs.publicKey)), kid: 'rs', alg: 'RS256' };
    fapi = (await t.app.get(ClientsService).create(fapiInput())).client.clientId;
  });
  afterAll(() => t.close());

  it('signs in with openid-client: private_key_jwt (PS256), PAR, PKCE S256, iss in the response, a code of at most 60 s', async () => {
    const config = await rp(fapi, psKey, 'ps');
    const { verifier, challenge } = await pkce();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, requestParams(challenge));
    const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
    // RFC 9207: the authorization response names its issuer.
    expect(callback.searchParams.get('iss')).toBe(t.url);
    const [code] = await t.dataSource.query(
      `SELECT extract(epoch FROM expires_at - created_at) AS ttl FROM authorization_codes WHERE client_id = $1`,
      [fapi],
    );
    expect(Number(code.ttl)).toBeLessThanOrEqual(60);
    // FAPI 2.0 Security Profile §5.3.2.1: sender-constrained access tokens, here DPoP-bound.
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const checks = { pkceCodeVerifier: verifier, expectedState: 'st-fapi' };
    const tokens = await oidc.authorizationCodeGrant(config, callback, checks, undefined, { DPoP });
    expect(tokens.access_token).toBeDefined();
    expect(tokens.token_type).toBe('dpop');
    expect(tokens.claims()!.iss).toBe(t.url);
  });

  it('refuses a FAPI 2.0 client a token request without a DPoP proof (sender-constrained tokens only)', async () => {
    const config = await rp(fapi, psKey, 'ps');
    const { verifier, challenge } = await pkce();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, requestParams(challenge));
    const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
    const checks = { pkceCodeVerifier: verifier, expectedState: 'st-fapi' };
    await expect(oidc.authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({
      error: 'invalid_request',
      error_description: 'this client must send a DPoP proof with its token requests',
    });
  });

  it('does not rotate a FAPI 2.0 client’s refresh token (section 5.3.2.1): the same one works again and again', async () => {
    const { client } = await t.app
      .get(ClientsService)
      .create(
        fapiInput({ allowedScopes: ['openid', 'offline_access'], grantTypes: ['authorization_code', 'refresh_token'] }),
      );
    const config = await rp(client.clientId, psKey, 'ps');
    const { verifier, challenge } = await pkce();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, {
      ...requestParams(challenge),
      scope: 'openid offline_access',
    });
    const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const checks = { pkceCodeVerifier: verifier, expectedState: 'st-fapi' };
    const first = await oidc.authorizationCodeGrant(config, callback, checks, undefined, { DPoP });
    const refreshToken = first.refresh_token!;
    expect(refreshToken).toEqual(expect.any(String));
    for (let i = 0; i < 2; i++) {
      const again = await oidc.refreshTokenGrant(config, refreshToken, undefined, { DPoP });
      expect(again.refresh_token).toBe(refreshToken);
      expect(again.token_type).toBe('dpop');
      expect(again.access_token).not.toBe(first.access_token);
    }
    const [row] = await t.dataSource.query(
      `SELECT consumed_at, revoked_at FROM tokens WHERE kind = 'refresh_token' AND client_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [client.clientId],
    );
    expect(row).toEqual({ consumed_at: null, revoked_at: null });
  });

  it('refuses a FAPI 2.0 client a DPoP proof signed with RS256 (section 5.4: PS256, ES256 or EdDSA)', async () => {
    const config = await rp(fapi, psKey, 'ps');
    const { verifier, challenge } = await pkce();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, requestParams(challenge));
    const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
    const checks = { pkceCodeVerifier: verifier, expectedState: 'st-fapi' };
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('RS256'));
    const refused = await oidc.authorizationCodeGrant(config, callback, checks, undefined, { DPoP }).catch((e) => e);
    expect(refused).toMatchObject({ error: 'invalid_dpop_proof' });
    expect((refused as oidc.ResponseBodyError).error_description).toBe(
      "a FAPI 2.0 client's DPoP proofs are signed with ES256, PS256, EdDSA, not RS256",
    );
    // The same at the PAR endpoint, where a proof binds the code (RFC 9449 §10.1).
    const pushed = await oidc
      .buildAuthorizationUrlWithPAR(config, requestParams(challenge), { DPoP })
      .catch((e: unknown) => e);
    expect(pushed).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('signs in through Chromium on the real login page, the request pushed by openid-client', async () => {
    const browser = await launchBrowser();
    const site = await startRelyingParty();
    const callbackUri = site.url('/cb');
    try {
      const { client } = await t.app.get(ClientsService).create(fapiInput({ redirectUris: [callbackUri] }));
      await withBrowserContext(browser, async (page) => {
        const config = await rp(client.clientId, psKey, 'ps');
        const run = await signInWithBrowser(page, config, callbackUri, {
          login: 'alice',
          params: { scope: 'openid profile' },
          buildUrl: (params) => oidc.buildAuthorizationUrlWithPAR(config, params),
        });
        expect(run.pages).toEqual(['login']);
        const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
        const tokens = await oidc.authorizationCodeGrant(config, run.callback, run.checks, undefined, { DPoP });
        expect(tokens.token_type).toBe('dpop');
        expect(tokens.claims()!.nonce).toBe(run.checks.expectedNonce);
      });
    } finally {
      await browser.close();
      await site.close();
    }
  });

  it('refuses a plain (not pushed) authorization request from a FAPI 2.0 client', async () => {
    const { challenge } = await pkce();
    const res = await fetch(
      `${t.url}/oauth2/authorize?${new URLSearchParams({ client_id: fapi, ...requestParams(challenge) })}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('iss')).toBe(t.url);
  });

  it('refuses a pushed request without PKCE', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...params } = requestParams('x');
    const res = await pushRaw({
      ...params,
      client_assertion_type: JWT_BEARER,
      client_assertion: await assertion(psKey, 'PS256', 'ps'),
    });
    expect(res.status).toBe(400);
    expect((await body(res)).error).toBe('invalid_request');
  });

  it('refuses a pushed request object without exp or nbf, with an nbf over an hour old, or unsigned (FAPI 2.0 Message Signing §5.3.2)', async () => {
    const { challenge } = await pkce();
    const claims = { client_id: fapi, ...requestParams(challenge) };
    const pushObject = async (request: string) =>
      pushRaw({
        client_id: fapi,
        request,
        client_assertion_type: JWT_BEARER,
        client_assertion: await assertion(psKey, 'PS256', 'ps'),
      });
    const withoutExp = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'PS256', kid: 'ps' })
      .setIssuer(fapi)
      .setAudience(t.url)
      .setIssuedAt()
      .sign(psKey);
    const refused = await pushObject(withoutExp);
    expect(refused.status).toBe(400);
    expect(await body(refused)).toMatchObject({ error: 'invalid_request_object' });
    const signed = (nbf: string | undefined) => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'PS256', kid: 'ps' })
        .setIssuer(fapi)
        .setAudience(t.url)
        .setIssuedAt()
        .setExpirationTime('1m');
      return (nbf === undefined ? jwt : jwt.setNotBefore(nbf)).sign(psKey);
    };
    for (const request of [await signed(undefined), await signed('-62m')]) {
      const refusedNbf = await pushObject(request);
      expect([refusedNbf.status, (await body(refusedNbf)).error]).toEqual([400, 'invalid_request_object']);
    }
    const unsigned = new UnsecuredJWT(claims).setIssuer(fapi).setAudience(t.url).setExpirationTime('1m').encode();
    expect(await body(await pushObject(unsigned))).toMatchObject({ error: 'invalid_request_object' });
    const withExp = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'PS256', kid: 'ps' })
      .setIssuer(fapi)
      .setAudience(t.url)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1m')
      .sign(psKey);
    expect((await pushObject(withExp)).status).toBe(201);
  });

  it('refuses a client assertion signed with RS256 (PS256 and ES256 only)', async () => {
    const { challenge } = await pkce();
    const res = await pushRaw({
      ...requestParams(challenge),
      client_assertion_type: JWT_BEARER,
      client_assertion: await assertion(rsKey, 'RS256', 'rs'),
    });
    expect(res.status).toBe(401);
    expect((await body(res)).error).toBe('invalid_client');
    // The same key is good enough for a client outside the profile.
    const plain = (await t.app.get(ClientsService).create(fapiInput({ fapi2SecurityProfile: false }))).client;
    const ok = await pushRaw({
      ...requestParams(challenge),
      client_assertion_type: JWT_BEARER,
      client_assertion: await new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: 'rs' })
        .setIssuer(plain.clientId)
        .setSubject(plain.clientId)
        .setAudience(t.url)
        .setExpirationTime('1m')
        .sign(rsKey),
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a client assertion whose aud is not the issuer alone, as a string (§5.3.2.1)', async () => {
    const { challenge } = await pkce();
    const withAud = (aud: string | string[]) =>
      new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'PS256', kid: 'ps' })
        .setIssuer(fapi)
        .setSubject(fapi)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(psKey);
    for (const aud of [`${t.url}/oauth2/par`, [t.url]]) {
      const res = await pushRaw({
        client_id: fapi,
        ...requestParams(challenge),
        client_assertion_type: JWT_BEARER,
        client_assertion: await withAud(aud),
      });
      expect([aud, res.status, (await body(res)).error]).toEqual([aud, 401, 'invalid_client']);
    }
  });

  it('refuses client_secret_basic: at PAR (invalid_client), and as the registered method of a FAPI 2.0 client', async () => {
    const { challenge } = await pkce();
    const res = await pushRaw(requestParams(challenge), { authorization: basicAuth(fapi, 'guessed-secret') });
    expect(res.status).toBe(401);
    expect((await body(res)).error).toBe('invalid_client');

    const viaAdmin = await fetch(`${t.url}/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Secret bank RP',
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'client_secret_basic',
        fapi2_security_profile: true,
      }),
    });
    expect(viaAdmin.status).toBe(400);
    expect(JSON.stringify(await body(viaAdmin))).toContain('private_key_jwt');
  });

  it('refuses implicit and hybrid response types and plain PKCE for a FAPI 2.0 client', async () => {
    const clients = t.app.get(ClientsService);
    await expect(clients.create(fapiInput({ responseTypes: ['code', 'code id_token'] }))).rejects.toThrow(
      /response_type code/,
    );
    await expect(clients.create(fapiInput({ allowPlainPkce: true }))).rejects.toThrow(/S256/);
  });

  it('is shown and set through the admin API', async () => {
    const res = await fetch(`${t.url}/admin/clients/${fapi}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await body(res)).toMatchObject({
      fapi2_security_profile: true,
      require_pushed_authorization_requests: false,
      require_signed_request_object: false,
      request_object_signing_alg: null,
      request_uris: [],
    });
    const updated = await fetch(`${t.url}/admin/clients/${fapi}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ require_signed_request_object: true, request_object_signing_alg: 'PS256' }),
    });
    expect(updated.status).toBe(200);
    expect((await body(updated)).client).toMatchObject({
      require_signed_request_object: true,
      request_object_signing_alg: 'PS256',
    });
    const rs256 = await fetch(`${t.url}/admin/clients/${fapi}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ request_object_signing_alg: 'RS256' }),
    });
    expect(rs256.status).toBe(400);
    await fetch(`${t.url}/admin/clients/${fapi}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ require_signed_request_object: false, request_object_signing_alg: null }),
    });
  });
});
