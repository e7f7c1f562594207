import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import { ClientsService } from '../src/clients/clients.service';
import type { CreateClientInput } from '../src/clients/client-input';
import { CleanupService } from '../src/cleanup/cleanup.service';
import { UsersService } from '../src/users/users.service';
import { CookieJar } from './support/cookie-jar';
import { signInOverHttp } from './support/http-sign-in';
import { basicAuth } from './support/token-requests';
import { startTestApp, type TestApp } from './support/test-app';

const REDIRECT_URI = 'https://rp.example.com/cb';
const body = async (res: Response) => (await res.json()) as Record<string, unknown>;
const PASSWORD = 'correct horse battery staple';

describe('pushed authorization requests (RFC 9126) and request objects (RFC 9101)', () => {
  let t: TestApp;
  let signingKey: CryptoKey;
  let publicJwk: JWK;
  let otherKey: CryptoKey;
  let alice: string;

  const makeClient = async (input: Partial<CreateClientInput> = {}) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'PAR RP',
      redirectUris: [REDIRECT_URI],
      allowedScopes: ['openid', 'profile', 'email'],
      consentPolicy: 'skip',
      ...input,
    });
    return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
  };
  const rp = (c: { clientId: string; clientSecret: string }) =>
    oidc.discovery(new URL(t.url), c.clientId, undefined, oidc.ClientSecretBasic(c.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
  const pkce = async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier) };
  };
  const requestParams = (challenge: string, extra: Record<string, string> = {}) => ({
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid email',
    state: 'st-par',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  const push = (client: { clientId: string; clientSecret: string }, params: Record<string, string>) =>
    fetch(`${t.url}/oauth2/par`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
      body: new URLSearchParams(params),
    });
  const authorize = (params: Record<string, string>) =>
    fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
  /** An error page: the status and the error code it shows. */
  const errorPage = async (res: Response) => ({
    status: res.status,
    location: res.headers.get('location'),
    html: await res.text(),
  });

  beforeAll(async () => {
    t = await startTestApp();
    alice = (
      await t.app.get(UsersService).create({ username: 'alice', email: 'alice@example.com', password: PASSWORD })
    ).id;
    // The key of the request object clients (registered below), and a stranger's.
    const pair = await generateKeyPair('PS256');
    signingKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'rp-1', alg: 'PS256', use: 'sig' };
    otherKey = (await generateKeyPair('PS256')).privateKey;
  });
  afterAll(() => t.close());

  describe('PAR', () => {
    it('announces the PAR endpoint and request objects in discovery', async () => {
      const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        pushed_authorization_request_endpoint: `${t.url}/oauth2/par`,
        require_pushed_authorization_requests: false,
        request_parameter_supported: true,
        request_uri_parameter_supported: true,
        require_request_uri_registration: true,
      });
      expect(doc.request_object_signing_alg_values_supported).toEqual(
        expect.arrayContaining(['RS256', 'PS256', 'ES256', 'EdDSA', 'none']),
      );
      const as = (await (await fetch(`${t.url}/.well-known/oauth-authorization-server`)).json()) as Record<
        string,
        unknown
      >;
      expect(as.pushed_authorization_request_endpoint).toBe(`${t.url}/oauth2/par`);
    });

    it('signs in through a request pushed by oauth4webapi: the browser carries only client_id and request_uri', async () => {
      const c = await makeClient();
      const as = await oauth.processDiscoveryResponse(
        new URL(t.url),
        await oauth.discoveryRequest(new URL(t.url), { [oauth.allowInsecureRequests]: true }),
      );
      const client: oauth.Client = { client_id: c.clientId };
      const auth = oauth.ClientSecretBasic(c.clientSecret);
      const { verifier, challenge } = await pkce();
      const pushed = await oauth.processPushedAuthorizationResponse(
        as,
        client,
        await oauth.pushedAuthorizationRequest(as, client, auth, requestParams(challenge), {
          [oauth.allowInsecureRequests]: true,
        }),
      );
      expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
      expect(pushed.expires_in).toBe(60);

      const start = new URL(as.authorization_endpoint!);
      start.searchParams.set('client_id', c.clientId);
      start.searchParams.set('request_uri', pushed.request_uri);
      const callback = await signInOverHttp(start, REDIRECT_URI, 'alice', PASSWORD);
      const params = oauth.validateAuthResponse(as, client, callback, 'st-par');
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, {
          [oauth.allowInsecureRequests]: true,
        }),
      );
      expect(tokens.access_token).toBeDefined();
      expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
      expect(oauth.getValidatedIdTokenClaims(tokens)!.sub).toBe(alice);
    });

    it('answers 201 with no-store, and keeps only the hash of the reference', async () => {
      const c = await makeClient();
      const res = await push(c, requestParams((await pkce()).challenge));
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { request_uri } = (await res.json()) as { request_uri: string };
      const rows = await t.dataSource.query(
        `SELECT reference_hash, parameters FROM pushed_authorization_requests WHERE client_id = $1`,
        [c.clientId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].reference_hash).not.toContain(request_uri.split(':').pop());
      expect(rows[0].parameters).toMatchObject({ client_id: c.clientId, redirect_uri: REDIRECT_URI, state: 'st-par' });
    });

    it('signs in with openid-client buildAuthorizationUrlWithPAR, and refuses the same request_uri a second time', async () => {
      const c = await makeClient();
      const config = await rp(c);
      const { verifier, challenge } = await pkce();
      const url = await oidc.buildAuthorizationUrlWithPAR(config, requestParams(challenge));
      expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: 'st-par',
      });
      expect(tokens.access_token).toBeDefined();

      const again = await errorPage(await fetch(url, { redirect: 'manual' }));
      expect(again.status).toBe(400);
      expect(again.location).toBeNull();
      expect(again.html).toContain('invalid_request_uri');
    });

    it('lets a link scanner and a reload visit the request_uri before the sign-in, and uses it up when the client is answered', async () => {
      const c = await makeClient();
      const { verifier, challenge } = await pkce();
      const config = await rp(c);
      const url = await oidc.buildAuthorizationUrlWithPAR(config, requestParams(challenge));
      // A mail scanner opens the link first, then the user's browser loads it twice (RFC 9126 §4).
      const scanned = await fetch(url, { redirect: 'manual' });
      expect(scanned.status).toBe(303);
      expect(scanned.headers.get('location')).toContain('/interaction/');
      const jar = new CookieJar();
      expect((await jar.fetch(url.href)).status).toBe(303);
      const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD, jar);
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: 'st-par',
      });
      expect(tokens.claims()!.sub).toBe(alice);
      const left = await t.dataSource.query(`SELECT 1 FROM pushed_authorization_requests WHERE client_id = $1`, [
        c.clientId,
      ]);
      expect(left).toHaveLength(0);

      // Signed in already, the next pushed request is answered at once, and so used up at once.
      const next = await oidc.buildAuthorizationUrlWithPAR(config, requestParams(challenge));
      const answered = await jar.fetch(next.href);
      expect(answered.status).toBe(303);
      expect(answered.headers.get('location')).toMatch(/^https:\/\/rp\.example\.com\/cb\?code=/);
      const reused = await errorPage(await jar.fetch(next.href));
      expect(reused.status).toBe(400);
      expect(reused.html).toContain('invalid_request_uri');
    });

    it('answers the client once when two sign-ins start from one request_uri: the second to finish is refused', async () => {
      const c = await makeClient();
      const config = await rp(c);
      const url = await oidc.buildAuthorizationUrlWithPAR(config, requestParams((await pkce()).challenge));
      const first = new CookieJar();
      const second = new CookieJar();
      const secondLogin = (await second.fetch(url.href)).headers.get('location')!;
      expect(secondLogin).toContain('/interaction/');
      const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD, first);
      expect(callback.searchParams.get('code')).toBeTruthy();
      await expect(
        signInOverHttp(new URL(secondLogin, t.url), REDIRECT_URI, 'alice', PASSWORD, second),
      ).rejects.toThrow(/answered 400[\s\S]*invalid_request_uri/);
    });

    it('refuses an expired request_uri', async () => {
      const c = await makeClient();
      const { request_uri } = (await (await push(c, requestParams((await pkce()).challenge))).json()) as {
        request_uri: string;
      };
      await t.dataSource.query(
        `UPDATE pushed_authorization_requests SET expires_at = now() - interval '1 second' WHERE client_id = $1`,
        [c.clientId],
      );
      const res = await errorPage(await authorize({ client_id: c.clientId, request_uri }));
      expect(res.status).toBe(400);
      expect(res.location).toBeNull();
      expect(res.html).toContain('invalid_request_uri');
      expect(res.html).toContain('expired');
      // The cleanup job takes them away once no interaction started from one could still use it.
      await t.app.get(CleanupService).runOnce();
      expect(
        await t.dataSource.query(`SELECT 1 FROM pushed_authorization_requests WHERE client_id = $1`, [c.clientId]),
      ).toHaveLength(1);
      await t.dataSource.query(
        `UPDATE pushed_authorization_requests SET expires_at = now() - interval '31 minutes' WHERE client_id = $1`,
        [c.clientId],
      );
      await t.app.get(CleanupService).runOnce();
      const left = await t.dataSource.query(`SELECT 1 FROM pushed_authorization_requests WHERE client_id = $1`, [
        c.clientId,
      ]);
      expect(left).toHaveLength(0);
    });

    it("refuses a request_uri presented with another client's client_id, and leaves it usable by its own client", async () => {
      const c = await makeClient();
      const other = await makeClient();
      const { request_uri } = (await (await push(c, requestParams((await pkce()).challenge))).json()) as {
        request_uri: string;
      };
      const res = await errorPage(await authorize({ client_id: other.clientId, request_uri }));
      expect(res.status).toBe(400);
      expect(res.html).toContain('invalid_request_uri');
      const own = await authorize({ client_id: c.clientId, request_uri });
      expect(own.status).toBe(303);
      expect(own.headers.get('location')).toContain('/interaction/');
    });

    it('answers PAR errors as JSON: unauthenticated client, unregistered redirect_uri, missing PKCE, a request_uri pushed', async () => {
      const c = await makeClient();
      const { challenge } = await pkce();
      const wrongSecret = await push({ ...c, clientSecret: 'nope' }, requestParams(challenge));
      expect(wrongSecret.status).toBe(401);
      expect((await body(wrongSecret)).error).toBe('invalid_client');

      const badRedirect = await push(c, requestParams(challenge, { redirect_uri: 'https://evil.example/cb' }));
      expect(badRedirect.status).toBe(400);
      expect(badRedirect.headers.get('location')).toBeNull();
      expect(await body(badRedirect)).toMatchObject({ error: 'invalid_request' });

      const { code_challenge: _c, ...noPkce } = requestParams(challenge);
      const missingPkce = await push(c, noPkce);
      expect(missingPkce.status).toBe(400);
      expect(missingPkce.headers.get('location')).toBeNull();
      expect((await body(missingPkce)).error).toBe('invalid_request');

      const nested = await push(c, { ...requestParams(challenge), request_uri: 'urn:ietf:params:oauth:request_uri:x' });
      expect(nested.status).toBe(400);
      expect((await body(nested)).error).toBe('invalid_request');
    });

    it('answers 405 with Allow: POST to any other method (RFC 9126 §2.3)', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        const res = await fetch(`${t.url}/oauth2/par`, { method });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
        expect(await body(res)).toMatchObject({ error: 'invalid_request' });
      }
    });

    it('refuses a plain authorization request from a client that requires PAR (invalid_request)', async () => {
      const c = await makeClient({ requirePushedAuthorizationRequests: true });
      const { challenge } = await pkce();
      const res = await authorize({ client_id: c.clientId, ...requestParams(challenge) });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toContain('PAR');
      // The same request pushed first is served.
      const url = await oidc.buildAuthorizationUrlWithPAR(await rp(c), requestParams(challenge));
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
    });
  });

  describe('request objects', () => {
    let jarClient: { clientId: string; clientSecret: string };
    beforeAll(async () => {
      jarClient = await makeClient({ jwks: { keys: [publicJwk] } });
    });

    it('signs in with openid-client buildAuthorizationUrlWithJAR; parameters outside the object are ignored', async () => {
      const config = await rp(jarClient);
      const { verifier, challenge } = await pkce();
      const url = await oidc.buildAuthorizationUrlWithJAR(config, requestParams(challenge), signingKey);
      // RFC 9101 §6.3: only the object counts; a redirect_uri and state beside it change nothing.
      url.searchParams.set('redirect_uri', 'https://evil.example/cb');
      url.searchParams.set('state', 'forged');
      const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
      expect(callback.searchParams.get('state')).toBe('st-par');
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: 'st-par',
      });
      expect(tokens.claims()!.sub).toBe(alice);
    });

    it('accepts a request object pushed by oauth4webapi (issueRequestObject, then PAR)', async () => {
      const as = await oauth.processDiscoveryResponse(
        new URL(t.url),
        await oauth.discoveryRequest(new URL(t.url), { [oauth.allowInsecureRequests]: true }),
      );
      const client: oauth.Client = { client_id: jarClient.clientId };
      const { challenge } = await pkce();
      const request = await oauth.issueRequestObject(as, client, requestParams(challenge), {
        key: signingKey,
        kid: 'rp-1',
      });
      const res = await push(jarClient, { client_id: jarClient.clientId, request });
      expect(res.status).toBe(201);
      const { request_uri } = (await res.json()) as { request_uri: string };
      const rows = await t.dataSource.query(
        `SELECT parameters, from_request_object FROM pushed_authorization_requests WHERE client_id = $1`,
        [jarClient.clientId],
      );
      expect(rows[0]).toMatchObject({ from_request_object: true, parameters: { state: 'st-par' } });
      const callback = await signInOverHttp(
        `${t.url}/oauth2/authorize?${new URLSearchParams({ client_id: jarClient.clientId, request_uri })}`,
        REDIRECT_URI,
        'alice',
        PASSWORD,
      );
      expect(callback.searchParams.get('code')).toBeTruthy();
    });

    const signed = (claims: Record<string, unknown>, key: CryptoKey, clientId = jarClient.clientId) =>
      new SignJWT({ client_id: clientId, ...claims })
        .setProtectedHeader({ alg: 'PS256', kid: 'rp-1', typ: 'oauth-authz-req+jwt' })
        .setIssuer(clientId)
        .setAudience(t.url)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(key);

    it('refuses a request object signed by a key that is not the client’s (invalid_request_object, on a page)', async () => {
      const request = await signed(requestParams((await pkce()).challenge), otherKey);
      const res = await errorPage(await authorize({ client_id: jarClient.clientId, request }));
      expect(res.status).toBe(400);
      expect(res.location).toBeNull();
      expect(res.html).toContain('invalid_request_object');
      const pushed = await push(jarClient, { request });
      expect(pushed.status).toBe(400);
      expect((await body(pushed)).error).toBe('invalid_request_object');
    });

    it('refuses a request object whose client_id or iss is another client’s', async () => {
      const other = await makeClient({ jwks: { keys: [publicJwk] } });
      const request = await signed(requestParams((await pkce()).challenge), signingKey, other.clientId);
      const res = await errorPage(await authorize({ client_id: jarClient.clientId, request }));
      expect(res.status).toBe(400);
      expect(res.html).toContain('invalid_request_object');
    });

    it('refuses a request object addressed to another server, or expired', async () => {
      const { challenge } = await pkce();
      const foreign = await new SignJWT({ client_id: jarClient.clientId, ...requestParams(challenge) })
        .setProtectedHeader({ alg: 'PS256', kid: 'rp-1' })
        .setIssuer(jarClient.clientId)
        .setAudience('https://other.example')
        .setExpirationTime('1m')
        .sign(signingKey);
      expect((await errorPage(await authorize({ client_id: jarClient.clientId, request: foreign }))).html).toContain(
        'invalid_request_object',
      );
      const expired = await new SignJWT({ client_id: jarClient.clientId, ...requestParams(challenge) })
        .setProtectedHeader({ alg: 'PS256', kid: 'rp-1' })
        .setIssuer(jarClient.clientId)
        .setAudience(t.url)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
        .sign(signingKey);
      const res = await errorPage(await authorize({ client_id: jarClient.clientId, request: expired }));
      expect(res.html).toContain('invalid_request_object');
    });

    it('accepts an unsigned request object from a client that registered no alg or none, from no other', async () => {
      const { challenge } = await pkce();
      const unsignedFor = (clientId: string) =>
        new UnsecuredJWT({ client_id: clientId, ...requestParams(challenge) })
          .setIssuer(clientId)
          .setAudience(t.url)
          .encode();
      // OIDC Registration §2: with no request_object_signing_alg registered, any supported alg may be used.
      const accepted = await authorize({ client_id: jarClient.clientId, request: unsignedFor(jarClient.clientId) });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get('location')).toContain('/interaction/');
      const lax = await makeClient({ requestObjectSigningAlg: 'none' });
      const laxRes = await authorize({ client_id: lax.clientId, request: unsignedFor(lax.clientId) });
      expect(laxRes.headers.get('location')).toContain('/interaction/');

      for (const input of [
        { jwks: { keys: [publicJwk] }, requestObjectSigningAlg: 'PS256' },
        { jwks: { keys: [publicJwk] }, requireSignedRequestObject: true },
        { requestObjectSigningAlg: 'none', requireSignedRequestObject: true },
      ] satisfies Partial<CreateClientInput>[]) {
        const strict = await makeClient(input);
        const refused = await errorPage(
          await authorize({ client_id: strict.clientId, request: unsignedFor(strict.clientId) }),
        );
        expect(refused.status).toBe(400);
        expect(refused.html).toContain('invalid_request_object');
        const pushed = await push(strict, { request: unsignedFor(strict.clientId) });
        expect(pushed.status).toBe(400);
        expect((await body(pushed)).error).toBe('invalid_request_object');
      }
    });

    it('accepts a signed request object without exp, as the OpenID conformance suite sends it', async () => {
      const { challenge } = await pkce();
      const request = await new SignJWT({ client_id: jarClient.clientId, ...requestParams(challenge) })
        .setProtectedHeader({ alg: 'PS256', kid: 'rp-1' })
        .setIssuer(jarClient.clientId)
        .setAudience(t.url)
        .sign(signingKey);
      const res = await authorize({ client_id: jarClient.clientId, request });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('/interaction/');
    });

    it('refuses a plain request from a client that requires signed request objects, and a pushed plain one', async () => {
      const strict = await makeClient({ jwks: { keys: [publicJwk] }, requireSignedRequestObject: true });
      const { challenge } = await pkce();
      const plain = await authorize({ client_id: strict.clientId, ...requestParams(challenge) });
      const location = new URL(plain.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toContain('request object');
      const pushedPlain = await push(strict, requestParams(challenge));
      expect(pushedPlain.status).toBe(400);
      expect((await body(pushedPlain)).error).toBe('invalid_request');
      // Signed, it is served.
      const request = await signed(requestParams(challenge), signingKey, strict.clientId);
      expect((await authorize({ client_id: strict.clientId, request })).status).toBe(303);
    });

    it('refuses a request_uri outside this server that the client did not register, without fetching it', async () => {
      let fetched = false;
      const { createServer } = await import('node:http');
      const server = createServer((_req, res) => {
        fetched = true;
        res.end('x');
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      try {
        const port = (server.address() as { port: number }).port;
        const res = await errorPage(
          await authorize({ client_id: jarClient.clientId, request_uri: `http://127.0.0.1:${port}/ro.jwt` }),
        );
        expect(res.status).toBe(400);
        expect(res.html).toContain('invalid_request_uri');
        expect(fetched).toBe(false);
      } finally {
        server.close();
      }
    });
  });

  describe('request_uri hosted by the client (OIDC Core §6.2)', () => {
    /** A server holding one request object; counts the fetches. */
    const hosting = async (jwt: () => Promise<string>) => {
      const { createServer } = await import('node:http');
      let fetches = 0;
      const server = createServer((_req, res) => {
        fetches++;
        void jwt().then((value) =>
          res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(value),
        );
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/ro.jwt`;
      return { url, fetches: () => fetches, close: () => new Promise<void>((ok) => server.close(() => ok())) };
    };
    // Registered request_uris are https on a DNS name; a loopback one is set in the database so
    // the test can serve it, which only an OUTBOUND_ALLOW entry then lets the server reach.
    const registerRequestUri = (app: TestApp, clientId: string, uri: string) =>
      app.dataSource.query(`UPDATE clients SET request_uris = $2 WHERE client_id = $1`, [clientId, [uri]]);

    it('fetches a registered request_uri through the outbound client only where OUTBOUND_ALLOW lets it', async () => {
      const { challenge } = await pkce();
      const allowed = await startTestApp({ OUTBOUND_ALLOW: '127.0.0.1' });
      const hosted = await hosting(() =>
        new SignJWT({ client_id: remote.clientId, ...requestParams(challenge) })
          .setProtectedHeader({ alg: 'PS256', kid: 'rp-1' })
          .setIssuer(remote.clientId)
          .setAudience(allowed.url)
          .setExpirationTime('1m')
          .sign(signingKey),
      );
      const { client } = await allowed.app.get(ClientsService).create({
        clientName: 'Hosting RP',
        redirectUris: [REDIRECT_URI],
        jwks: { keys: [publicJwk] },
        consentPolicy: 'skip',
      });
      const remote = { clientId: client.clientId };
      try {
        await registerRequestUri(allowed, remote.clientId, hosted.url);
        const res = await fetch(
          `${allowed.url}/oauth2/authorize?${new URLSearchParams({ client_id: remote.clientId, request_uri: hosted.url })}`,
          { redirect: 'manual' },
        );
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toContain('/interaction/');
        expect(hosted.fetches()).toBe(1);

        // The same on a server without the allowance: refused at connect time, never fetched.
        const { client: elsewhere } = await t.app
          .get(ClientsService)
          .create({ clientName: 'Hosting RP', redirectUris: [REDIRECT_URI], jwks: { keys: [publicJwk] } });
        await registerRequestUri(t, elsewhere.clientId, hosted.url);
        const refused = await errorPage(await authorize({ client_id: elsewhere.clientId, request_uri: hosted.url }));
        expect(refused.status).toBe(400);
        expect(refused.html).toContain('invalid_request_uri');
        expect(hosted.fetches()).toBe(1);
      } finally {
        await hosted.close();
        await allowed.close();
      }
    });
  });

  describe('dynamic registration (RFC 7591)', () => {
    const register = (metadata: Record<string, unknown>) =>
      fetch(`${t.url}/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [REDIRECT_URI], ...metadata }),
      });

    it('registers require_pushed_authorization_requests, require_signed_request_object, request_object_signing_alg and request_uris', async () => {
      const res = await register({
        require_pushed_authorization_requests: true,
        require_signed_request_object: true,
        request_object_signing_alg: 'PS256',
        request_uris: ['https://rp.example.com/ro.jwt'],
        jwks: { keys: [publicJwk] },
      });
      expect(res.status).toBe(201);
      const registered = await body(res);
      expect(registered).toMatchObject({
        require_pushed_authorization_requests: true,
        require_signed_request_object: true,
        request_object_signing_alg: 'PS256',
        request_uris: ['https://rp.example.com/ro.jwt'],
      });
      const stored = await t.app.get(ClientsService).findById(registered.client_id as string);
      expect(stored).toMatchObject({
        requirePushedAuthorizationRequests: true,
        requireSignedRequestObject: true,
        requestObjectSigningAlg: 'PS256',
      });
      // A plain request from it is refused.
      const plain = await authorize({ client_id: registered.client_id as string, ...requestParams('x'.repeat(43)) });
      expect(plain.status).not.toBe(200);
      const where = plain.headers.get('location') ?? (await plain.text());
      expect(where).toContain('invalid_request');
    });

    it('refuses request_uris this server must not fetch, and an unknown request_object_signing_alg', async () => {
      const local = await register({ request_uris: ['https://127.0.0.1/ro.jwt'] });
      expect(local.status).toBe(400);
      expect((await body(local)).error).toBe('invalid_client_metadata');
      const plainHttp = await register({ request_uris: ['http://rp.example.com/ro.jwt'] });
      expect(plainHttp.status).toBe(400);
      const hs256 = await register({ request_object_signing_alg: 'HS256' });
      expect(hs256.status).toBe(400);
    });
  });
});

describe('REQUIRE_PUSHED_AUTHORIZATION_REQUESTS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REQUIRE_PUSHED_AUTHORIZATION_REQUESTS: 'true' });
  });
  afterAll(() => t.close());

  it('is announced in discovery and refuses every plain authorization request', async () => {
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.require_pushed_authorization_requests).toBe(true);
    const { client } = await t.app.get(ClientsService).create({ clientName: 'RP', redirectUris: [REDIRECT_URI] });
    const verifier = oidc.randomPKCECodeVerifier();
    const res = await fetch(
      `${t.url}/oauth2/authorize?${new URLSearchParams({
        client_id: client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });
});
