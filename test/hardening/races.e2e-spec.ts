import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { ClientsService } from '../../src/clients/clients.service';
import { hashToken } from '../../src/token/opaque-token';
import { startTestApp, type TestApp } from '../support/test-app';
import { basicAuth, getUserinfo, issueCode, postToken, tokenRow, type HttpResult } from '../support/token-requests';
import {
  ADMIN_TOKEN,
  adminFetch,
  CODE_CHALLENGE,
  CODE_VERIFIER,
  PASSWORD,
  REDIRECT_URI,
  startHardeningApp,
  USERNAME,
  type HardeningApp,
} from './support/hardening-app';

// The device code polled concurrently after approval: test/device.e2e-spec.ts ('serves tokens
// to exactly one of several concurrent polls after approval').

const CONCURRENT = 20;

/** Two replicas on one database, as behind a load balancer: concurrent requests alternate between them. */
describe('races between replicas', () => {
  let a: HardeningApp;
  let b: TestApp;
  const replica = (i: number): TestApp => (i % 2 === 0 ? a : b);
  const auth = () => ({ authorization: basicAuth(a.web.clientId, a.web.clientSecret) });
  const grantOf = async (accessToken: string) => (await tokenRow(a, hashToken(accessToken)))!.grant_id as string;
  const revokedAt = async (grantId: string) =>
    (await a.dataSource.query('SELECT revoked_at FROM grants WHERE id = $1', [grantId]))[0].revoked_at;
  const all = (send: (replica: TestApp) => Promise<HttpResult>) =>
    Promise.all(Array.from({ length: CONCURRENT }, (_, i) => send(replica(i))));

  beforeAll(async () => {
    a = await startHardeningApp();
    b = await startTestApp({ ADMIN_TOKEN }, a.database);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it(`redeems one authorization code once among ${CONCURRENT} concurrent requests`, async () => {
    const { code, grantId } = await issueCode(a, {
      clientId: a.web.clientId,
      userId: a.userId,
      scope: ['openid', 'offline_access'],
      codeChallenge: CODE_CHALLENGE,
      codeChallengeMethod: 'S256',
    });
    const results = await all((r) =>
      postToken(
        r,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: CODE_VERIFIER },
        auth(),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.error === 'invalid_grant')).toHaveLength(CONCURRENT - 1);
    // RFC 6749 §4.1.2: the other uses are replays, so what the code gave is revoked.
    expect(await revokedAt(grantId)).not.toBeNull();
  });

  it(`rotates one refresh token once among ${CONCURRENT} concurrent uses; the rest revoke the grant`, async () => {
    const signedIn = await postToken(
      a,
      { grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'openid offline_access' },
      auth(),
    );
    const refreshToken = signedIn.body.refresh_token as string;
    const results = await all((r) =>
      postToken(r, { grant_type: 'refresh_token', refresh_token: refreshToken }, auth()),
    );
    const served = results.filter((r) => r.status === 200);
    expect(served).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.error === 'invalid_grant')).toHaveLength(CONCURRENT - 1);
    // README, token endpoint: no grace window; of concurrent uses exactly one wins, the others are reuse.
    expect(await revokedAt(await grantOf(signedIn.body.access_token as string))).not.toBeNull();
    for (const replicaApp of [a, b])
      expect((await getUserinfo(replicaApp, served[0].body.access_token as string)).status).toBe(401);
  });

  it(`gives ${CONCURRENT} concurrent dynamic registrations ${CONCURRENT} distinct clients`, async () => {
    const results = await all(async (r) => {
      const res = await fetch(`${r.url}/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Racer', redirect_uris: ['https://racer.example.com/cb'] }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
    });
    expect(results.map((r) => r.status)).toEqual(Array(CONCURRENT).fill(201));
    const ids = new Set(results.map((r) => r.body.client_id));
    expect(ids.size).toBe(CONCURRENT);
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM clients WHERE client_name = 'Racer'`);
    expect(n).toBe(CONCURRENT);
  });
});

describe('key rotation while tokens are issued', () => {
  const ISSUED = 60;
  let t: HardeningApp;
  let jwtClient: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    t = await startHardeningApp({ KEY_CACHE_TTL: '1' });
    expect(
      (await adminFetch(t, 'POST', '/admin/scopes', { name: 'api:read', description: 'Read the API' })).status,
    ).toBe(201);
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'JWT RP',
      grantTypes: ['client_credentials', 'password'],
      allowedScopes: ['openid', 'api:read'],
      accessTokenFormat: 'jwt',
    });
    jwtClient = { clientId: client.clientId, clientSecret: clientSecret! };
  });
  afterAll(() => t?.close());

  /** A JWT access token, or an ID token, from the token endpoint. */
  const issue = async (i: number): Promise<string> => {
    const params: Record<string, string> =
      i % 2 === 0
        ? { grant_type: 'client_credentials', scope: 'api:read' }
        : { grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'openid' };
    const res = await postToken(t, params, { authorization: basicAuth(jwtClient.clientId, jwtClient.clientSecret) });
    expect([res.status, res.body.error_description]).toEqual([200, undefined]);
    return (i % 2 === 0 ? res.body.access_token : res.body.id_token) as string;
  };

  it(`every one of ${ISSUED} tokens verifies against the JWKS published right after it was issued`, async () => {
    let issuing = true;
    const rotations: number[] = [];
    const rotate = async () => {
      while (issuing) {
        const res = await fetch(`${t.url}/admin/keys/rotate`, {
          method: 'POST',
          headers: { 'x-admin-token': ADMIN_TOKEN },
        });
        rotations.push(res.status);
        await new Promise((ok) => setTimeout(ok, 50));
      }
    };
    const kids = new Set<string>();
    const worker = async (offset: number) => {
      for (let i = offset; i < ISSUED; i += 4) {
        const jwt = await issue(i);
        const jwks = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
        kids.add(decodeProtectedHeader(jwt).kid!);
        await expect(jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: t.url })).resolves.toBeDefined();
      }
    };
    const rotating = rotate();
    try {
      await Promise.all([0, 1, 2, 3].map(worker));
    } finally {
      issuing = false;
      await rotating;
    }
    expect(rotations.length).toBeGreaterThan(2);
    expect(rotations.every((s) => s === 200 || s === 201)).toBe(true);
    // Tokens were signed by several keys in turn, so the rotation really overlapped the issuing.
    expect(kids.size).toBeGreaterThan(1);
  });
});
