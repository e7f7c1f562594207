import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { CookieJar } from './support/cookie-jar';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { signInOverHttp } from './support/http-sign-in';
import { startServer, type ServerProcess } from './support/server-process';

jest.setTimeout(90_000);

const ADMIN_TOKEN = 'pairwise-test-admin-token-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const PAIRWISE_SUB = /^[A-Za-z0-9_-]{43}$/;
// A DNS name of this machine (registration refuses IP literals and localhost for URLs the server
// fetches); it resolves to an internal address, which OUTBOUND_ALLOW lets the server reach.
const HOST = hostname().toLowerCase();

const ONE = 'https://one.example/cb';
const TWO = 'https://two.example/cb';
const OTHER = 'https://other.example/cb';
const LOGGED_OUT = 'https://one.example/logged-out';

/**
 * The RPs' own https site: their sector identifier documents, and their back-channel logout
 * receivers (which record each logout token). Its certificate is self-signed; the server under
 * test trusts it through NODE_EXTRA_CA_CERTS, as an operator trusts a private CA.
 */
interface RpSite {
  url(path: string): string;
  logoutTokens: Map<string, string[]>;
  close(): Promise<void>;
}

async function startRpSite(key: Buffer, cert: Buffer): Promise<RpSite> {
  const logoutTokens = new Map<string, string[]>();
  const documents: Record<string, () => [number, string]> = {
    '/sector.json': () => [200, JSON.stringify([ONE, TWO, LOGGED_OUT])],
    '/one-only.json': () => [200, JSON.stringify([ONE])],
    '/not-json': () => [200, '<html>redirect URIs: one, two</html>'],
    '/object.json': () => [200, JSON.stringify({ redirect_uris: [ONE, TWO] })],
    '/broken.json': () => [500, 'Internal Server Error'],
  };
  const server: Server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/bcl/')) {
        const token = new URLSearchParams(Buffer.concat(chunks).toString()).get('logout_token');
        const name = req.url.slice('/bcl/'.length);
        logoutTokens.set(name, [...(logoutTokens.get(name) ?? []), token!]);
        return res.writeHead(200).end();
      }
      const [status, body] = documents[req.url ?? '']?.() ?? [404, 'Not Found'];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '::', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `https://${HOST}:${port}${path}`,
    logoutTokens,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

interface Registered {
  clientId: string;
  redirectUri: string;
  config: oidc.Configuration;
  body: Record<string, unknown>;
}

interface SignedIn {
  idToken: string;
  sub: string;
  accessToken: string;
}

describe('pairwise subject identifiers (OIDC Core §8)', () => {
  let tls: string;
  let db: string;
  let server: ServerProcess;
  let site: RpSite;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  const users: Record<string, string> = {};
  let shared1: Registered;
  let shared2: Registered;
  let other: Registered;
  let publicClient: Registered;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }
  const admin = (method: string, path: string, body?: unknown) =>
    call(method, `/admin${path}`, body, { 'x-admin-token': ADMIN_TOKEN });
  const register = (metadata: Record<string, unknown>) =>
    call('POST', '/oauth2/register', { scope: 'openid profile', ...metadata });

  async function registered(metadata: Record<string, unknown>): Promise<Registered> {
    const res = await register(metadata);
    expect(res).toMatchObject({ status: 201 });
    const clientId = res.body.client_id as string;
    const config = await oidc.discovery(
      new URL(server.url),
      clientId,
      undefined,
      oidc.ClientSecretBasic(res.body.client_secret as string),
      { execute: [oidc.allowInsecureRequests] },
    );
    return { clientId, redirectUri: (metadata.redirect_uris as string[])[0], config, body: res.body };
  }

  /** Signs `login` in to `client` in the browser whose cookies are `jar`; the tokens, checked by openid-client. */
  async function signIn(
    jar: CookieJar,
    client: Registered,
    login: string,
    params: Record<string, string> = {},
  ): Promise<SignedIn> {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(client.config, {
      redirect_uri: client.redirectUri,
      scope: 'openid profile',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      ...params,
    });
    const callback = await signInOverHttp(url, client.redirectUri, login, PASSWORD, jar);
    const tokens = await oidc.authorizationCodeGrant(client.config, callback, checks);
    return { idToken: tokens.id_token!, sub: tokens.claims()!.sub, accessToken: tokens.access_token };
  }

  /** The authorization endpoint's answer to a request the browser makes with `jar`, followed no further. */
  async function authorizeOnce(jar: CookieJar, client: Registered, params: Record<string, string>) {
    const url = oidc.buildAuthorizationUrl(client.config, {
      redirect_uri: client.redirectUri,
      scope: 'openid profile',
      ...params,
    });
    const res = await jar.fetch(url.href);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  beforeAll(async () => {
    tls = mkdtempSync(join(tmpdir(), 'pairwise-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
        .concat(['-keyout', join(tls, 'key.pem'), '-out', join(tls, 'cert.pem')])
        .concat(['-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`]),
      { stdio: 'ignore' },
    );
    site = await startRpSite(readFileSync(join(tls, 'key.pem')), readFileSync(join(tls, 'cert.pem')));
    db = await createTestDatabase();
    server = await startServer({
      DATABASE_URL: databaseUrl(db),
      ADMIN_TOKEN,
      NODE_EXTRA_CA_CERTS: join(tls, 'cert.pem'),
      OUTBOUND_ALLOW: HOST,
      OUTBOX_POLL_INTERVAL: '0.2',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    for (const username of ['alice', 'bob']) {
      const created = await admin('POST', '/users', { username, password: PASSWORD });
      expect(created.status).toBe(201);
      users[username] = created.body.id as string;
    }
    const sector = site.url('/sector.json');
    [shared1, shared2, other, publicClient] = await Promise.all([
      registered({
        redirect_uris: [ONE],
        post_logout_redirect_uris: [LOGGED_OUT],
        subject_type: 'pairwise',
        sector_identifier_uri: sector,
        backchannel_logout_uri: site.url('/bcl/shared1'),
      }),
      registered({ redirect_uris: [TWO], subject_type: 'pairwise', sector_identifier_uri: sector }),
      registered({ redirect_uris: [OTHER], subject_type: 'pairwise' }),
      registered({ redirect_uris: [ONE] }),
    ]);
    // Errors go straight back to approved clients (RFC 9700 §4.11.2); shared1 stays unapproved,
    // so that at logout only an id_token_hint naming the session's user spares the question.
    for (const { clientId } of [shared2, other])
      expect((await admin('PUT', `/clients/${clientId}/approval`)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await site?.close();
    if (db) await dropTestDatabase(db);
    if (tls) rmSync(tls, { recursive: true, force: true });
  });

  it('advertises public and pairwise subjects, and registers them as asked', () => {
    expect(shared1.config.serverMetadata().subject_types_supported).toEqual(['public', 'pairwise']);
    expect(shared1.body).toMatchObject({ subject_type: 'pairwise', sector_identifier_uri: site.url('/sector.json') });
    expect(other.body).toMatchObject({ subject_type: 'pairwise' });
    expect(other.body).not.toHaveProperty('sector_identifier_uri');
    expect(publicClient.body).toMatchObject({ subject_type: 'public' });
  });

  it('gives one sub per sector: the same to clients sharing a sector_identifier_uri, another elsewhere, the id to a public client', async () => {
    const jar = new CookieJar();
    const one = await signIn(jar, shared1, 'alice');
    const two = await signIn(jar, shared2, 'alice');
    const elsewhere = await signIn(jar, other, 'alice');
    const open = await signIn(jar, publicClient, 'alice');

    expect(one.sub).toMatch(PAIRWISE_SUB);
    expect(two.sub).toBe(one.sub);
    expect(elsewhere.sub).toMatch(PAIRWISE_SUB);
    expect(elsewhere.sub).not.toBe(one.sub);
    expect(open.sub).toBe(users.alice);
    for (const sub of [one.sub, elsewhere.sub]) expect(sub).not.toContain(users.alice);

    // Stable: a later sign-in in another browser gets the same; another user gets another.
    expect((await signIn(new CookieJar(), shared1, 'alice')).sub).toBe(one.sub);
    const bob = await signIn(new CookieJar(), shared1, 'bob');
    expect(bob.sub).toMatch(PAIRWISE_SUB);
    expect(bob.sub).not.toBe(one.sub);
  });

  it('names the user alike in the ID token, userinfo, introspection and a JWT access token', async () => {
    const opaque = await signIn(new CookieJar(), other, 'alice');
    // fetchUserInfo refuses a response whose sub is not the ID token's.
    const userinfo = await oidc.fetchUserInfo(other.config, opaque.accessToken, opaque.sub);
    expect(userinfo.sub).toBe(opaque.sub);
    const introspected = await oidc.tokenIntrospection(other.config, opaque.accessToken);
    expect(introspected).toMatchObject({ active: true, sub: opaque.sub, client_id: other.clientId });

    const patched = await admin('PATCH', `/clients/${other.clientId}`, { access_token_format: 'jwt' });
    expect(patched.status).toBe(200);
    expect(patched.body.client).toMatchObject({ subject_type: 'pairwise', sector_identifier_uri: null });
    const jwt = await signIn(new CookieJar(), other, 'alice');
    expect(jwt.accessToken.split('.')).toHaveLength(3);
    expect(jwt.sub).toBe(opaque.sub);
    expect(decodeJwt(jwt.accessToken).sub).toBe(opaque.sub);
    // The server finds the user of a pairwise JWT access token through its grant.
    expect((await oidc.fetchUserInfo(other.config, jwt.accessToken, opaque.sub)).sub).toBe(opaque.sub);
    expect(await oidc.tokenIntrospection(other.config, jwt.accessToken)).toMatchObject({
      active: true,
      sub: opaque.sub,
    });
  });

  it('takes an id_token_hint and a sub claim request carrying a pairwise sub at the authorization endpoint', async () => {
    const jar = new CookieJar();
    const first = await signIn(jar, shared1, 'alice');
    await signIn(jar, shared2, 'alice');

    // prompt=none answers only for the user the hint names: the signed-in alice, seen by this sector.
    const hinted = await authorizeOnce(jar, shared2, { prompt: 'none', id_token_hint: first.idToken, nonce: 'n' });
    expect(hinted.status).toBe(303);
    expect(new URL(hinted.location!).searchParams.get('code')).toBeTruthy();
    const claims = (sub: string) => JSON.stringify({ id_token: { sub: { value: sub } } });
    const asked = await authorizeOnce(jar, shared2, { prompt: 'none', claims: claims(first.sub), nonce: 'n' });
    expect(new URL(asked.location!).searchParams.get('code')).toBeTruthy();
    const byId = await authorizeOnce(jar, shared2, { prompt: 'none', claims: claims(users.alice), nonce: 'n' });
    expect(new URL(byId.location!).searchParams.get('error')).toBe('login_required');

    // A hint of another sector names no one this client knows.
    await signIn(jar, other, 'alice');
    const foreign = await authorizeOnce(jar, other, { prompt: 'none', id_token_hint: first.idToken, nonce: 'n' });
    const error = new URL(foreign.location!).searchParams;
    expect(error.get('error')).toBe('invalid_request');
    expect(error.get('error_description')).toBe(
      "id_token_hint was issued to a client whose subject identifiers are not this client's (pairwise, another sector)",
    );
  });

  it('ends the session on RP-initiated logout with a pairwise id_token_hint, and sends the pairwise sub in the logout token', async () => {
    const jar = new CookieJar();
    const signedIn = await signIn(jar, shared1, 'bob');
    const before = site.logoutTokens.get('shared1')?.length ?? 0;

    // The client is not admin-approved: only a hint naming this session's user lets the server
    // sign out and redirect without asking (OIDC RP-Initiated Logout §2, §3).
    const logout = oidc.buildEndSessionUrl(shared1.config, {
      id_token_hint: signedIn.idToken,
      post_logout_redirect_uri: LOGGED_OUT,
    });
    const res = await jar.fetch(logout.href);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(LOGGED_OUT);

    const token = await eventually(async () => {
      const received = site.logoutTokens.get('shared1') ?? [];
      expect(received.length).toBeGreaterThan(before);
      return received[received.length - 1];
    });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: server.url,
      audience: shared1.clientId,
      typ: 'logout+jwt',
      requiredClaims: ['iat', 'jti', 'events', 'sid'],
    });
    expect(payload.events).toEqual({ [LOGOUT_EVENT]: {} });
    expect(payload.sub).toBe(signedIn.sub);
    expect(payload.sid).toBe(decodeJwt(signedIn.idToken).sid);
  });

  describe('registration refuses a pairwise client without a sector it can prove (OIDC Core section 8.1)', () => {
    const refusal = async (metadata: Record<string, unknown>) => {
      const res = await register(metadata);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_client_metadata');
      return res.body.error_description as string;
    };
    const pairwise = (sectorUri: string, redirectUris = [ONE, TWO]) => ({
      redirect_uris: redirectUris,
      subject_type: 'pairwise',
      sector_identifier_uri: sectorUri,
    });

    it('a sector document that does not list every redirect URI', async () => {
      const uri = site.url('/one-only.json');
      expect(await refusal(pairwise(uri))).toBe(
        `sector_identifier_uri ${uri} does not list the redirect URI ${TWO} (OIDC Core section 8.1)`,
      );
    });

    it('a sector document that is not a JSON array of URIs', async () => {
      expect(await refusal(pairwise(site.url('/not-json')))).toMatch(/does not hold JSON: it must be a JSON array/);
      expect(await refusal(pairwise(site.url('/object.json')))).toMatch(/must hold a JSON array of redirect URIs/);
    });

    it('an http sector_identifier_uri, or one on an IP address', async () => {
      const http = site.url('/sector.json').replace('https:', 'http:');
      expect(await refusal(pairwise(http))).toBe('sector_identifier_uri must be an https URL on a DNS host name');
      expect(await refusal(pairwise('https://127.0.0.1/sector.json'))).toBe(
        'sector_identifier_uri must be an https URL on a DNS host name',
      );
    });

    it('a sector document that cannot be fetched', async () => {
      const broken = site.url('/broken.json');
      expect(await refusal(pairwise(broken))).toBe(`sector_identifier_uri ${broken} answered HTTP 500 instead of 200`);
      const missing = site.url('/nowhere.json');
      expect(await refusal(pairwise(missing))).toBe(
        `sector_identifier_uri ${missing} answered HTTP 404 instead of 200`,
      );
      // A name that does not resolve.
      const unreachable = `https://${HOST}.invalid/sector.json`;
      expect(await refusal(pairwise(unreachable))).toBe(`sector_identifier_uri ${unreachable} could not be fetched`);
    });

    it('redirect URIs on several hosts without a sector_identifier_uri', async () => {
      expect(await refusal({ redirect_uris: [ONE, OTHER], subject_type: 'pairwise' })).toBe(
        'a pairwise client with redirect URIs on several hosts (one.example, other.example) needs a sector_identifier_uri (OIDC Core section 8.1)',
      );
      expect(await refusal({ redirect_uris: [ONE], subject_type: 'anonymous' })).toMatch(/subject_type/);
    });

    it('an update (RFC 7592) adding a redirect URI the sector document does not list', async () => {
      const client = await registered(pairwise(site.url('/sector.json'), [ONE]));
      const update = (redirectUris: string[]) =>
        call(
          'PUT',
          `/oauth2/register/${client.clientId}`,
          { ...pairwise(site.url('/sector.json'), redirectUris), client_id: client.clientId, scope: 'openid profile' },
          { authorization: `Bearer ${client.body.registration_access_token as string}` },
        );
      expect((await update([ONE, TWO])).status).toBe(200);
      const refused = await update([ONE, OTHER]);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        error: 'invalid_client_metadata',
        error_description: expect.stringContaining(`does not list the redirect URI ${OTHER}`),
      });
    });
  });

  it('the admin API checks the sector document too, when the client is made and when its redirect URIs change', async () => {
    const sector = site.url('/sector.json');
    const made = await admin('POST', '/clients', {
      client_name: 'Pairwise by an operator',
      redirect_uris: [ONE, TWO],
      subject_type: 'pairwise',
      sector_identifier_uri: sector,
    });
    expect(made.status).toBe(201);
    const client = made.body.client as Record<string, unknown>;
    expect(client).toMatchObject({ subject_type: 'pairwise', sector_identifier_uri: sector });

    const changed = await admin('PATCH', `/clients/${client.client_id as string}`, { redirect_uris: [ONE, OTHER] });
    expect(changed.status).toBe(400);
    expect(changed.body.error_description).toContain(`does not list the redirect URI ${OTHER}`);
    const refused = await admin('POST', '/clients', {
      client_name: 'Not in the document',
      redirect_uris: [ONE, TWO],
      subject_type: 'pairwise',
      sector_identifier_uri: site.url('/one-only.json'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error_description).toContain(`does not list the redirect URI ${TWO}`);
    const plainHttp = await admin('POST', '/clients', {
      client_name: 'Over http',
      redirect_uris: [ONE],
      sector_identifier_uri: 'http://example.com/sector.json',
    });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.body.error_description).toBe('sector_identifier_uri must be an https URL');
  });
});
