import { startTestApp, type TestApp } from '../support/test-app';
import { basicAuth, postToken } from '../support/token-requests';

const ADMIN_TOKEN = 'admin-client-token-suite-0123456789abcdef0123';

/**
 * Security review #14, item 10a. A client_credentials token carrying the admin scope is an admin
 * credential for as long as its client holds that scope: once an operator takes the scope away
 * or deletes the client, the token is refused as dead (401 invalid_token), at once and by every
 * replica, not when the token expires or a replica's client cache does.
 */
describe('admin API: a client’s admin token dies with the client’s admin scope', () => {
  let a: TestApp;
  let b: TestApp;

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${a.url}/admin${path}`, {
      method,
      headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? {} : await res.json() };
  };
  /** The same bearer token at both replicas' admin API: [status at a, status at b]. */
  const statuses = async (token: string) =>
    Promise.all(
      [a, b].map(
        async (replica) =>
          (
            await fetch(`http://127.0.0.1:${replica.config.port}/admin/clients`, {
              headers: { authorization: `Bearer ${token}` },
            })
          ).status,
      ),
    );
  /** A robot client holding the admin scope, and an admin token it got by client_credentials. */
  const robot = async (accessTokenFormat: 'opaque' | 'jwt', clientId?: string) => {
    const created = await admin('POST', '/clients', {
      ...(clientId === undefined ? {} : { client_id: clientId }),
      client_name: `Ops robot (${accessTokenFormat})`,
      grant_types: ['client_credentials'],
      allowed_scopes: ['admin', 'openid'],
      default_scopes: ['admin'],
      access_token_format: accessTokenFormat,
    });
    expect(created.status).toBe(201);
    const { client, client_secret } = created.body as { client: { client_id: string }; client_secret: string };
    const id = client.client_id;
    const issued = await postToken(
      a,
      { grant_type: 'client_credentials', scope: 'admin' },
      { authorization: basicAuth(id, client_secret) },
    );
    expect(issued.status).toBe(200);
    return { clientId: id, token: issued.body.access_token as string };
  };

  beforeAll(async () => {
    a = await startTestApp({ ADMIN_TOKEN });
    b = await startTestApp({ ADMIN_TOKEN, ISSUER: a.url }, a.database);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it.each(['opaque', 'jwt'] as const)(
    'refuses the %s admin token of a client that lost the admin scope with 401, on every replica',
    async (format) => {
      const { clientId, token } = await robot(format);
      expect(await statuses(token)).toEqual([200, 200]);

      const patched = await admin('PATCH', `/clients/${clientId}`, { allowed_scopes: ['openid'], default_scopes: [] });
      expect(patched.status).toBe(200);

      expect(await statuses(token)).toEqual([401, 401]);
      const res = await fetch(`${a.url}/admin/clients`, { headers: { authorization: `Bearer ${token}` } });
      expect(await res.json()).toEqual({
        error: 'invalid_token',
        error_description: 'the admin token is unknown, revoked or expired',
      });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="oauth2", error="invalid_token"/);
    },
  );

  it.each(['opaque', 'jwt'] as const)(
    'refuses the %s admin token of a deleted client with 401, on every replica',
    async (format) => {
      const { clientId, token } = await robot(format);
      expect(await statuses(token)).toEqual([200, 200]);
      expect((await admin('DELETE', `/clients/${clientId}`)).status).toBe(204);
      expect(await statuses(token)).toEqual([401, 401]);
    },
  );

  it('keeps the JWT admin token of a deleted client dead when a client of the same client_id is registered again', async () => {
    const { clientId, token } = await robot('jwt', 'ops-robot');
    expect(await statuses(token)).toEqual([200, 200]);
    expect((await admin('DELETE', `/clients/${clientId}`)).status).toBe(204);
    // Beyond the clock skew the verifier allows between a JWT's iat and its client's registration.
    await new Promise((resolve) => setTimeout(resolve, 3100));

    const again = await robot('jwt', 'ops-robot');
    expect(await statuses(again.token)).toEqual([200, 200]);
    expect(await statuses(token)).toEqual([401, 401]);
  });
});
