import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, exportJWK, jwtVerify, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { DpopNonces } from '../src/token/dpop/dpop-nonce';
import { accessTokenHash } from '../src/token/dpop/dpop-proof';
import { UsersService } from '../src/users/users.service';
import { CookieJar } from './support/cookie-jar';
import { signInOverHttp } from './support/http-sign-in';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';
const REDIRECT_URI = 'https://rp.example.com/cb';
type Json = Record<string, unknown>;

/** Set on every request that reaches Express: its absence shows the protocol fast path answered. */
const VIA_EXPRESS = 'x-test-via-express';
const markExpress = (app: NestExpressApplication) => {
  const express = app.getHttpAdapter().getInstance() as unknown as {
    handle(req: Request, res: Response, next?: NextFunction): void;
  };
  const handle = express.handle.bind(express);
  express.handle = (req, res, next) => {
    res.setHeader(VIA_EXPRESS, '1');
    handle(req, res, next);
  };
};

interface Replica {
  name: 'fast path' | 'express';
  /** Where it listens; both share the issuer (the fast replica's URL). */
  url: string;
}

interface Registered {
  clientId: string;
  config: oidc.Configuration;
  body: Json;
}

/**
 * OIDC Core §5.3.2 and OIDC Registration §2: a client that registers userinfo_signed_response_alg
 * gets userinfo as a JWT signed by the server's keys, on the protocol fast path and through Express
 * alike. Two replicas on one database and one issuer, one with HTTP_FAST_PATH=false.
 */
describe('signed userinfo responses', () => {
  let fast: TestApp;
  let express: TestApp;
  let replicas: Replica[];
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  async function register(metadata: Json): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${fast.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** A client registered dynamically, and openid-client configured for it as an RP would be. */
  async function registerClient(metadata: Json = {}): Promise<Registered> {
    const { status, body } = await register({
      redirect_uris: [REDIRECT_URI],
      scope: 'openid profile email',
      ...metadata,
    });
    expect(status).toBe(201);
    const clientId = String(body.client_id);
    const config = await oidc.discovery(
      new URL(fast.url),
      clientId,
      // openid-client then asks for application/jwt and refuses JSON.
      { userinfo_signed_response_alg: metadata.userinfo_signed_response_alg as string | undefined },
      oidc.ClientSecretBasic(String(body.client_secret)),
      { execute: [oidc.allowInsecureRequests] },
    );
    return { clientId, config, body };
  }

  /** A real code flow: the authorization request by openid-client, alice signing in, the code redeemed. */
  async function codeFlow(client: Registered, options: oidc.DPoPOptions = {}) {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(client.config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
    });
    const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD, new CookieJar());
    const tokens = await oidc.authorizationCodeGrant(client.config, callback, checks, undefined, options);
    return { accessToken: tokens.access_token, sub: tokens.claims()!.sub };
  }

  /** GET with a Bearer header, POST with one, and POST with the token in the form (RFC 6750 §2.1, §2.2). */
  const userinfoRequests = (accessToken: string): [string, RequestInit][] => [
    ['GET', { headers: { authorization: `Bearer ${accessToken}` } }],
    [
      'POST, Bearer header',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      },
    ],
    [
      'POST, form body',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ access_token: accessToken }).toString(),
      },
    ],
  ];

  function expectServedBy(res: globalThis.Response, replica: Replica): void {
    expect(res.headers.get(VIA_EXPRESS) === '1' ? 'express' : 'fast path').toBe(replica.name);
  }

  /** The signed response verified against the published JWKS, as OIDC Core §5.3.2 asks of an RP. */
  async function verifiedUserinfo(res: globalThis.Response, clientId: string) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwt');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const jwt = await res.text();
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, {
      issuer: fast.url,
      audience: clientId,
      algorithms: ['RS256'],
    });
    return { payload, protectedHeader };
  }

  beforeAll(async () => {
    fast = await startTestApp({}, undefined, markExpress);
    express = await startTestApp({ HTTP_FAST_PATH: 'false', ISSUER: fast.url }, fast.database, markExpress);
    replicas = [
      { name: 'fast path', url: fast.url },
      { name: 'express', url: `http://127.0.0.1:${express.config.port}` },
    ];
    jwks = createRemoteJWKSet(new URL(`${fast.url}/.well-known/jwks.json`));
    await fast.app.get(UsersService).create({
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice Liddell',
      givenName: 'Alice',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await express?.close();
    // Last: it made the database, and drops it.
    await fast?.close();
  });

  it('lists the algs it signs userinfo with in discovery, on both paths', async () => {
    for (const replica of replicas) {
      const doc = (await (await fetch(`${replica.url}/.well-known/openid-configuration`)).json()) as Json;
      expect(doc.userinfo_signing_alg_values_supported).toEqual(['RS256']);
      expect(doc.userinfo_signing_alg_values_supported).toEqual(doc.id_token_signing_alg_values_supported);
    }
  });

  it('signs userinfo for a client registered with RS256: iss, aud, the ID token’s sub and the profile claims', async () => {
    const client = await registerClient({ userinfo_signed_response_alg: 'RS256' });
    expect(client.body.userinfo_signed_response_alg).toBe('RS256');
    const { accessToken, sub } = await codeFlow(client);
    const published = (await (await fetch(`${fast.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };

    for (const replica of replicas)
      for (const [how, init] of userinfoRequests(accessToken)) {
        const res = await fetch(`${replica.url}/oauth2/userinfo`, init);
        expectServedBy(res, replica);
        const { payload, protectedHeader } = await verifiedUserinfo(res, client.clientId);
        expect({ via: replica.name, how, payload }).toEqual({
          via: replica.name,
          how,
          payload: {
            iss: fast.url,
            aud: client.clientId,
            iat: expect.any(Number),
            sub,
            name: 'Alice Liddell',
            given_name: 'Alice',
            preferred_username: 'alice',
            updated_at: expect.any(Number),
            email: 'alice@example.com',
            email_verified: true,
          },
        });
        expect(protectedHeader.kid).toBe(published.keys[0].kid);
      }

    // A certified RP library takes it as well: openid-client asks for a JWT and reads its claims.
    await expect(oidc.fetchUserInfo(client.config, accessToken, sub)).resolves.toMatchObject({
      sub,
      email: 'alice@example.com',
    });
  });

  it('signs userinfo for a DPoP-bound token presented with its proof, on both paths (RFC 9449 §7.1)', async () => {
    const client = await registerClient({ userinfo_signed_response_alg: 'RS256', dpop_bound_access_tokens: true });
    const keyPair = await oidc.randomDPoPKeyPair('ES256');
    const { accessToken, sub } = await codeFlow(client, { DPoP: oidc.getDPoPHandle(client.config, keyPair) });
    const jwk = await exportJWK(keyPair.publicKey);
    const proof = (htm: string) =>
      new SignJWT({
        htm,
        htu: `${fast.url}/oauth2/userinfo`,
        ath: accessTokenHash(accessToken),
        jti: crypto.randomUUID(),
        iat: Math.floor(Date.now() / 1000),
        nonce: new DpopNonces(TEST_SECRETS.KEY_ENCRYPTION_SECRET).current(),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(keyPair.privateKey);

    for (const replica of replicas)
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${replica.url}/oauth2/userinfo`, {
          method,
          headers: {
            authorization: `DPoP ${accessToken}`,
            dpop: await proof(method),
            ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          body: method === 'POST' ? '' : undefined,
        });
        expectServedBy(res, replica);
        const { payload } = await verifiedUserinfo(res, client.clientId);
        expect(payload).toMatchObject({ sub, aud: client.clientId, email: 'alice@example.com' });
      }

    // As a bearer token it is refused, signed or not (RFC 9449 §7.2).
    const asBearer = await fetch(`${fast.url}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(asBearer.status).toBe(401);
  });

  it('answers a client registered without it with JSON, as before, on both paths', async () => {
    const client = await registerClient();
    expect(client.body).not.toHaveProperty('userinfo_signed_response_alg');
    const { accessToken, sub } = await codeFlow(client);
    for (const replica of replicas)
      for (const [, init] of userinfoRequests(accessToken)) {
        const res = await fetch(`${replica.url}/oauth2/userinfo`, init);
        expectServedBy(res, replica);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.json()).toEqual(expect.objectContaining({ sub, email: 'alice@example.com' }));
      }
  });

  it('refuses at registration an alg it cannot sign userinfo with, naming the field (invalid_client_metadata)', async () => {
    for (const alg of ['HS256', 'none', 'PS256', 'ES256']) {
      const res = await register({ redirect_uris: [REDIRECT_URI], userinfo_signed_response_alg: alg });
      expect({ alg, status: res.status, error: res.body.error }).toEqual({
        alg,
        status: 400,
        error: 'invalid_client_metadata',
      });
      expect(res.body.error_description).toMatch(/^userinfo_signed_response_alg must be one of /);
    }
  });

  it('keeps, changes and drops it through RFC 7592 updates', async () => {
    const { body } = await register({ redirect_uris: [REDIRECT_URI], userinfo_signed_response_alg: 'RS256' });
    const manage = (method: string, metadata?: Json) =>
      fetch(String(body.registration_client_uri), {
        method,
        headers: {
          authorization: `Bearer ${String(body.registration_access_token)}`,
          ...(metadata ? { 'content-type': 'application/json' } : {}),
        },
        body: metadata ? JSON.stringify({ client_id: body.client_id, ...metadata }) : undefined,
      });
    expect(((await (await manage('GET')).json()) as Json).userinfo_signed_response_alg).toBe('RS256');

    const refused = await manage('PUT', { redirect_uris: [REDIRECT_URI], userinfo_signed_response_alg: 'ES256' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Json).error).toBe('invalid_client_metadata');

    const kept = await manage('PUT', { redirect_uris: [REDIRECT_URI], userinfo_signed_response_alg: 'RS256' });
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as Json).userinfo_signed_response_alg).toBe('RS256');

    // RFC 7592 §2.2: an update replaces the registration, so leaving it out goes back to JSON.
    const dropped = await manage('PUT', { redirect_uris: [REDIRECT_URI] });
    expect(dropped.status).toBe(200);
    expect(await dropped.json()).not.toHaveProperty('userinfo_signed_response_alg');
  });
});
