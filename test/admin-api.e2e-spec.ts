import { randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { EmailVerificationService } from '../src/account/email-verification/email-verification.service';
import { UserActionTokens } from '../src/account/tokens/user-action-tokens.service';
import { UsersService } from '../src/users/users.service';
import { basicAuth, postToken } from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';

interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

type Auth = Record<string, string>;

describe('admin API', () => {
  let t: TestApp;
  const auth: Auth = { 'x-admin-token': ADMIN_TOKEN };

  async function call(method: string, path: string, body?: unknown, as: Auth = auth): Promise<Reply> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...as,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  const get = (path: string, as?: Auth) => call('GET', path, undefined, as);
  const post = (path: string, body: unknown = {}, as?: Auth) => call('POST', path, body, as);
  const patch = (path: string, body: unknown) => call('PATCH', path, body);
  const put = (path: string, body: unknown) => call('PUT', path, body);
  const del = (path: string) => call('DELETE', path);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

  /** A grant with one live access token, as the token endpoint would leave them. */
  async function grantWithToken(clientId: string, userId: string | null, sessionId: string | null = null) {
    const [grant] = await t.dataSource.query(
      `INSERT INTO grants (client_id, user_id, session_id, scope) VALUES ($1, $2, $3, '{openid}') RETURNING id`,
      [clientId, userId, sessionId],
    );
    await t.dataSource.query(
      `INSERT INTO tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at)
       VALUES ($1, 'access_token', $2, $3, $4, '{openid}', now() + interval '1 hour')`,
      [randomBytes(32).toString('hex'), grant.id, clientId, userId],
    );
    return grant.id as string;
  }

  async function openSession(userId: string): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO sessions (secret_hash, user_id, auth_time, expires_at)
       VALUES ($1, $2, now(), now() + interval '1 day') RETURNING id`,
      [randomBytes(32).toString('hex'), userId],
    );
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
  });
  afterAll(() => t.close());

  describe('authentication', () => {
    it('answers 401 invalid_token with a Bearer challenge without credentials or with a wrong one', async () => {
      const attempts: Auth[] = [
        {},
        { 'x-admin-token': 'wrong' },
        { authorization: 'Bearer wrong' },
        { authorization: 'Basic eDp5' },
      ];
      for (const as of attempts) {
        const res = await get('/admin/clients', as);
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('invalid_token');
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="oauth2", error="invalid_token"/);
      }
    });

    it('takes the admin token as X-Admin-Token or as a bearer token', async () => {
      expect((await get('/admin/clients', { 'x-admin-token': ADMIN_TOKEN })).status).toBe(200);
      expect((await get('/admin/clients', { authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(200);
    });

    it('takes a client_credentials access token with the admin scope, and refuses one without it (403)', async () => {
      await post('/admin/scopes', { name: 'reports:read', description: 'Read reports' });
      const admin = await post('/admin/clients', {
        client_name: 'Ops robot',
        grant_types: ['client_credentials'],
        allowed_scopes: ['admin', 'reports:read'],
        default_scopes: ['admin'],
      });
      const { client_id, secret } = { client_id: admin.body.client.client_id, secret: admin.body.client_secret };
      const as = { authorization: basicAuth(client_id, secret) };
      const withAdmin = await postToken(t, { grant_type: 'client_credentials', scope: 'admin' }, as);
      const without = await postToken(t, { grant_type: 'client_credentials', scope: 'reports:read' }, as);
      expect(withAdmin.status).toBe(200);
      expect(without.status).toBe(200);

      // A service client allowed only API scopes needs no default_scopes to be created.
      const robot = await post('/admin/clients', {
        client_name: 'Reports robot',
        grant_types: ['client_credentials'],
        allowed_scopes: ['reports:read'],
      });
      expect(robot.status).toBe(201);
      expect(robot.body.client).toMatchObject({ allowed_scopes: ['reports:read'], default_scopes: [] });

      const ok = await get('/admin/users', { authorization: `Bearer ${withAdmin.body.access_token as string}` });
      expect(ok.status).toBe(200);
      const refused = await get('/admin/users', { authorization: `Bearer ${without.body.access_token as string}` });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('insufficient_scope');
      expect(refused.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);

      // Taking the scope away from the client takes effect at once: the token is dead to the admin API.
      await patch(`/admin/clients/${client_id}`, {
        allowed_scopes: ['reports:read'],
        default_scopes: ['reports:read'],
      });
      const after = await get('/admin/users', { authorization: `Bearer ${withAdmin.body.access_token as string}` });
      expect([after.status, after.body.error]).toEqual([401, 'invalid_token']);

      const [event] = (await get(`/admin/audit-events?type=admin.client.updated&subject=${client_id}`)).body.items;
      expect(event.actor).toMatch(/^admin:/);
    });

    it('refuses a DPoP-bound admin token sent as a bearer token (RFC 9449 §7.2)', async () => {
      const admin = await post('/admin/clients', {
        client_name: 'DPoP ops robot',
        grant_types: ['client_credentials'],
        allowed_scopes: ['admin'],
        default_scopes: ['admin'],
      });
      const client = { client_id: admin.body.client.client_id as string };
      const as = await oauth.processDiscoveryResponse(
        new URL(t.url),
        await oauth.discoveryRequest(new URL(t.url), { [oauth.allowInsecureRequests]: true }),
      );
      const dpop = oauth.DPoP({}, await oauth.generateKeyPair('ES256'));
      const request = () =>
        oauth.clientCredentialsGrantRequest(
          as,
          client,
          oauth.ClientSecretBasic(admin.body.client_secret as string),
          new URLSearchParams({ scope: 'admin' }),
          { DPoP: dpop, [oauth.allowInsecureRequests]: true },
        );
      const bound = await oauth
        .processClientCredentialsResponse(as, client, await request())
        .catch(async (error: unknown) => {
          if (!oauth.isDPoPNonceError(error)) throw error;
          return oauth.processClientCredentialsResponse(as, client, await request());
        });
      expect(bound.token_type).toBe('dpop');
      const refused = await get('/admin/clients', { authorization: `Bearer ${bound.access_token}` });
      expect([refused.status, refused.body.error]).toEqual([401, 'invalid_token']);
      expect(refused.body.error_description).toContain('DPoP-bound');
    });
  });

  describe('admin credentials', () => {
    it('creates a credential whose token works, shown once and stored only hashed', async () => {
      const res = await post('/admin/credentials', { name: 'ci-deploy' });
      expect(res.status).toBe(201);
      expect(res.body.credential).toMatchObject({ name: 'ci-deploy', origin: 'api', active: true });
      expect(res.body.token).toMatch(/^oidc_admin_/);
      expect(await count(`admin_credentials WHERE token_hash = $1`, [res.body.token])).toBe(0);
      expect((await get('/admin/keys', { 'x-admin-token': res.body.token })).status).toBe(200);
      const list = await get('/admin/credentials');
      expect(list.body.map((c: { name: string }) => c.name)).toEqual(['ADMIN_TOKEN', 'ci-deploy']);
      expect(JSON.stringify(list.body)).not.toMatch(/token_hash|oidc_admin_/);
    });

    it('rotates the credential in use: the new token works, the old one stops at once', async () => {
      const { body: first } = await post('/admin/credentials', { name: 'rotating' });
      const rotated = await post('/admin/credentials/rotate', {}, { 'x-admin-token': first.token });
      expect(rotated.status).toBe(200);
      expect(rotated.body.credential.name).toBe('rotating');
      expect(rotated.body.token).not.toBe(first.token);
      expect((await get('/admin/keys', { 'x-admin-token': first.token })).status).toBe(401);
      expect((await get('/admin/keys', { authorization: `Bearer ${rotated.body.token as string}` })).status).toBe(200);
      const [row] = await t.dataSource.query('SELECT revoked_at FROM admin_credentials WHERE id = $1', [
        first.credential.id,
      ]);
      expect(row.revoked_at).not.toBeNull();
    });

    it('revokes a credential by id, and says 404 for one that is unknown or already revoked', async () => {
      const { body } = await post('/admin/credentials', { name: 'short-lived' });
      expect((await del(`/admin/credentials/${body.credential.id as string}`)).status).toBe(204);
      expect((await get('/admin/keys', { 'x-admin-token': body.token })).status).toBe(401);
      const again = await del(`/admin/credentials/${body.credential.id as string}`);
      expect(again.status).toBe(404);
      expect(again.body).toMatchObject({ error: 'not_found', code: 'credential_not_found' });
      expect((await del('/admin/credentials/not-a-uuid')).status).toBe(404);
    });
  });

  describe('clients', () => {
    let clientId: string;
    let secret: string;

    it('creates a confidential client, returning its secret once and storing only its hash', async () => {
      const res = await post('/admin/clients', {
        client_name: 'Shop',
        redirect_uris: ['https://shop.example.com/cb'],
        allowed_scopes: ['openid', 'profile', 'email'],
      });
      expect(res.status).toBe(201);
      expect(res.body.client).toMatchObject({
        client_name: 'Shop',
        token_endpoint_auth_method: 'client_secret_basic',
        has_client_secret: true,
        consent_policy: 'always',
        access_token_format: 'opaque',
      });
      expect(res.body.client).not.toHaveProperty('client_secret_hash');
      clientId = res.body.client.client_id;
      secret = res.body.client_secret;
      expect(secret.length).toBeGreaterThanOrEqual(43);
      const [row] = await t.dataSource.query('SELECT * FROM clients WHERE client_id = $1', [clientId]);
      expect(JSON.stringify(row)).not.toContain(secret);
    });

    it('lists clients with a search and paging, and gets one', async () => {
      await post('/admin/clients', { client_name: 'Warehouse', redirect_uris: ['https://wh.example.com/cb'] });
      const page = await get('/admin/clients?search=sho&limit=10');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 1, offset: 0, limit: 10 });
      expect(page.body.items[0].client_id).toBe(clientId);
      const all = await get('/admin/clients?limit=1&offset=1');
      expect(all.body.items).toHaveLength(1);
      expect(all.body.total).toBeGreaterThanOrEqual(3);
      for (const list of ['clients', 'users', 'audit-events', 'outbox']) {
        const huge = await get(`/admin/${list}?offset=9223372036854775808`);
        expect([list, huge.status, huge.body.error]).toEqual([list, 400, 'invalid_request']);
      }
      const one = await get(`/admin/clients/${clientId}`);
      expect(one.body.client_name).toBe('Shop');
      const missing = await get('/admin/clients/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: 'not_found', code: 'client_not_found' });
    });

    it('updates metadata and policy', async () => {
      const res = await patch(`/admin/clients/${clientId}`, {
        client_name: 'Shop (EU)',
        redirect_uris: ['https://shop.example.com/cb', 'https://shop.example.eu/cb'],
        post_logout_redirect_uris: ['https://shop.example.com/bye'],
        grant_types: ['authorization_code', 'refresh_token'],
        allowed_scopes: ['openid', 'profile', 'email', 'offline_access'],
        default_scopes: ['openid', 'profile'],
        require_pkce: false,
        consent_policy: 'once',
        revoke_tokens_on_logout: false,
        access_token_format: 'jwt',
        access_token_ttl: 600,
        refresh_token_ttl: 86400,
      });
      expect(res.status).toBe(200);
      expect(res.body.client_secret).toBeUndefined();
      const [row] = await t.dataSource.query('SELECT * FROM clients WHERE client_id = $1', [clientId]);
      expect(row).toMatchObject({
        client_name: 'Shop (EU)',
        post_logout_redirect_uris: ['https://shop.example.com/bye'],
        grant_types: ['authorization_code', 'refresh_token'],
        default_scopes: ['openid', 'profile'],
        require_pkce: false,
        consent_policy: 'once',
        revoke_tokens_on_logout: false,
        access_token_format: 'jwt',
        access_token_ttl: 600,
      });
      expect((res.body.client as { revoke_tokens_on_logout: boolean }).revoke_tokens_on_logout).toBe(false);
    });

    it('refuses bad requests with 400 naming each field, and domain refusals with their status', async () => {
      const bad = await post('/admin/clients', {
        consent_policy: 'sometimes',
        access_token_ttl: 'long',
        colour: 'red',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('invalid_request');
      expect(Object.keys(bad.body.fields).sort()).toEqual([
        'access_token_ttl',
        'client_name',
        'colour',
        'consent_policy',
      ]);
      expect(bad.body.error_description).toContain('consent_policy');

      const nulled = await patch(`/admin/clients/${clientId}`, { require_pkce: null });
      expect(nulled.status).toBe(400);
      expect(nulled.body.fields).toHaveProperty('require_pkce');

      const domain = await post('/admin/clients', {
        client_name: 'X',
        redirect_uris: ['https://a.example.com/cb#fragment'],
      });
      expect(domain.status).toBe(400);
      expect(domain.body.code).toBe('invalid_redirect_uri');

      const taken = await post('/admin/clients', {
        client_id: clientId,
        client_name: 'Again',
        redirect_uris: ['https://a.example.com/cb'],
      });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('client_id_taken');
    });

    it.each(['userinfo_signed_response_alg', 'id_token_signed_response_alg'])(
      'sets, shows and clears %s, refusing an alg the keys do not sign with',
      async (field) => {
        const created = await post('/admin/clients', {
          client_name: `Signed (${field})`,
          redirect_uris: ['https://signed.example.com/cb'],
          [field]: 'RS256',
        });
        expect(created.status).toBe(201);
        expect(created.body.client[field]).toBe('RS256');
        const id = created.body.client.client_id as string;
        expect((await get(`/admin/clients/${id}`)).body[field]).toBe('RS256');
        const [row] = await t.dataSource.query(`SELECT ${field} FROM clients WHERE client_id = $1`, [id]);
        expect(row[field]).toBe('RS256');

        // The DTO takes only algs the server can sign with at all; the clients module, only the keys' alg now.
        const symmetric = await patch(`/admin/clients/${id}`, { [field]: 'HS256' });
        expect(symmetric.status).toBe(400);
        expect(symmetric.body.fields).toHaveProperty(field);
        const otherKey = await patch(`/admin/clients/${id}`, { [field]: 'ES256' });
        expect(otherKey.status).toBe(400);
        expect(otherKey.body.code).toBe('invalid_client_metadata');
        expect(otherKey.body.error_description).toBe(
          `${field} must be one of RS256: the algorithms this server signs with`,
        );

        const cleared = await patch(`/admin/clients/${id}`, { [field]: null });
        expect(cleared.status).toBe(200);
        expect(cleared.body.client[field]).toBeNull();
        const untouched = await patch(`/admin/clients/${id}`, { client_name: 'Renamed' });
        expect(untouched.body.client[field]).toBeNull();
        expect(
          (await get('/admin/clients')).body.items.find((c: { client_id: string }) => c.client_id === id),
        ).toHaveProperty(field, null);
      },
    );

    it('sets, shows and clears token_endpoint_auth_signing_alg, refusing one its method does not use', async () => {
      const created = await post('/admin/clients', {
        client_name: 'HMAC service',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_jwt',
        token_endpoint_auth_signing_alg: 'HS256',
      });
      expect(created.status).toBe(201);
      expect(created.body.client.token_endpoint_auth_signing_alg).toBe('HS256');
      const id = created.body.client.client_id as string;
      expect((await get(`/admin/clients/${id}`)).body.token_endpoint_auth_signing_alg).toBe('HS256');
      const [row] = await t.dataSource.query(
        'SELECT token_endpoint_auth_signing_alg FROM clients WHERE client_id = $1',
        [id],
      );
      expect(row.token_endpoint_auth_signing_alg).toBe('HS256');

      // The DTO takes the algs discovery lists; the clients module, only those of the client's method.
      const unknown = await patch(`/admin/clients/${id}`, { token_endpoint_auth_signing_alg: 'none' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields).toHaveProperty('token_endpoint_auth_signing_alg');
      const asymmetric = await patch(`/admin/clients/${id}`, { token_endpoint_auth_signing_alg: 'RS256' });
      expect(asymmetric.status).toBe(400);
      expect(asymmetric.body.code).toBe('invalid_client_metadata');
      expect(asymmetric.body.error_description).toBe(
        'token_endpoint_auth_signing_alg must be one of HS256, HS384, HS512 for client_secret_jwt',
      );
      const changed = await patch(`/admin/clients/${id}`, { token_endpoint_auth_signing_alg: 'HS512' });
      expect(changed.body.client.token_endpoint_auth_signing_alg).toBe('HS512');
      const untouched = await patch(`/admin/clients/${id}`, { client_name: 'Renamed' });
      expect(untouched.body.client.token_endpoint_auth_signing_alg).toBe('HS512');
      const cleared = await patch(`/admin/clients/${id}`, { token_endpoint_auth_signing_alg: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.client.token_endpoint_auth_signing_alg).toBeNull();

      // With a method that signs no JWT it means nothing: refused; a change of method alone drops it.
      const basic = await post('/admin/clients', {
        client_name: 'Basic service',
        grant_types: ['client_credentials'],
        token_endpoint_auth_signing_alg: 'HS256',
      });
      expect(basic.status).toBe(400);
      expect(basic.body.error_description).toBe(
        'token_endpoint_auth_signing_alg applies to private_key_jwt and client_secret_jwt only, not to token_endpoint_auth_method client_secret_basic',
      );
      await patch(`/admin/clients/${id}`, { token_endpoint_auth_signing_alg: 'HS384' });
      const toBasic = await patch(`/admin/clients/${id}`, { token_endpoint_auth_method: 'client_secret_basic' });
      expect(toBasic.status).toBe(200);
      expect(toBasic.body.client.token_endpoint_auth_signing_alg).toBeNull();
    });

    it('sets, shows and clears initiate_login_uri, https only', async () => {
      const uri = 'https://rp.example.com/login?from=idp';
      const created = await post('/admin/clients', {
        client_name: 'Third-party login',
        redirect_uris: ['https://rp.example.com/cb'],
        initiate_login_uri: uri,
      });
      expect(created.status).toBe(201);
      expect(created.body.client.initiate_login_uri).toBe(uri);
      const id = created.body.client.client_id as string;
      expect((await get(`/admin/clients/${id}`)).body.initiate_login_uri).toBe(uri);
      const [row] = await t.dataSource.query('SELECT initiate_login_uri FROM clients WHERE client_id = $1', [id]);
      expect(row.initiate_login_uri).toBe(uri);

      for (const [value, description] of [
        [
          'http://rp.example.com/login',
          'initiate_login_uri must be an https URL (http only on a loopback address) of at most 2048 characters',
        ],
        ['https://rp.example.com/login#x', 'initiate_login_uri must not contain a fragment'],
      ]) {
        const refused = await patch(`/admin/clients/${id}`, { initiate_login_uri: value });
        expect([refused.status, refused.body.code, refused.body.error_description]).toEqual([
          400,
          'invalid_client_metadata',
          description,
        ]);
      }
      expect((await patch(`/admin/clients/${id}`, { client_name: 'Renamed' })).body.client.initiate_login_uri).toBe(
        uri,
      );
      const cleared = await patch(`/admin/clients/${id}`, { initiate_login_uri: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.client.initiate_login_uri).toBeNull();
      expect(
        (await get('/admin/clients')).body.items.find((c: { client_id: string }) => c.client_id === id),
      ).toHaveProperty('initiate_login_uri', null);
    });

    it('rotates the secret: the new one authenticates, the old one no longer does', async () => {
      const res = await post(`/admin/clients/${clientId}/secret`);
      expect(res.status).toBe(200);
      const fresh = res.body.client_secret as string;
      expect(fresh).not.toBe(secret);
      const cc = async (s: string) =>
        (await postToken(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(clientId, s) })).status;
      await patch(`/admin/clients/${clientId}`, { grant_types: ['authorization_code', 'client_credentials'] });
      expect(await cc(secret)).toBe(401);
      expect(await cc(fresh)).toBe(200);

      const pub = await post('/admin/clients', {
        client_name: 'SPA',
        redirect_uris: ['https://spa.example.com/cb'],
        token_endpoint_auth_method: 'none',
      });
      expect(pub.body.client_secret).toBeUndefined();
      const refused = await post(`/admin/clients/${pub.body.client.client_id as string}/secret`);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('no_client_secret');
    });

    it('deletes a client and, with it, every grant and token it held', async () => {
      const user = await t.app.get(UsersService).create({ username: 'client-deletion-user' });
      await grantWithToken(clientId, user.id);
      await grantWithToken(clientId, null);
      expect(await count('tokens WHERE client_id = $1', [clientId])).toBe(2);

      expect((await del(`/admin/clients/${clientId}`)).status).toBe(204);
      expect(await count('clients WHERE client_id = $1', [clientId])).toBe(0);
      expect(await count('grants WHERE client_id = $1', [clientId])).toBe(0);
      expect(await count('tokens WHERE client_id = $1', [clientId])).toBe(0);
      expect((await del(`/admin/clients/${clientId}`)).status).toBe(404);
    });
  });

  describe('users', () => {
    let userId: string;
    let clientId: string;

    beforeAll(async () => {
      const res = await post('/admin/clients', {
        client_name: 'User tests',
        redirect_uris: ['https://u.example.com/cb'],
      });
      clientId = res.body.client.client_id;
    });

    it('creates a user with claims, never returning the password or its hash', async () => {
      const res = await post('/admin/users', {
        username: 'alice',
        password: 'correct horse battery',
        email: 'alice@example.com',
        given_name: 'Alice',
        address: { country: 'NL' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        username: 'alice',
        email: 'alice@example.com',
        given_name: 'Alice',
        address: { country: 'NL' },
        has_password: true,
        disabled: false,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password_hash|argon2|correct horse/);
      userId = res.body.id;
    });

    it('refuses invalid and duplicate users', async () => {
      const bad = await post('/admin/users', {
        username: '',
        email: 'not-an-email',
        password: 'short',
        address: { country: 7 },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['address.country', 'email', 'password', 'username']);
      const dup = await post('/admin/users', { username: 'ALICE' });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('username_taken');
    });

    it('lists with a search, gets, and updates claims', async () => {
      await post('/admin/users', { username: 'bob', email: 'bob@example.com' });
      const page = await get('/admin/users?search=alice');
      expect(page.body.total).toBe(1);
      expect(page.body.items[0].id).toBe(userId);
      expect((await get(`/admin/users/${userId}`)).body.username).toBe('alice');
      expect((await get('/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);

      const res = await patch(`/admin/users/${userId}`, {
        family_name: 'Liddell',
        given_name: null,
        email_verified: true,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        family_name: 'Liddell',
        given_name: null,
        email_verified: true,
        email: 'alice@example.com',
      });

      // A new address (or number) is unverified unless the same change says otherwise (OIDC Core §5.1).
      const moved = await patch(`/admin/users/${userId}`, {
        email: 'alice@elsewhere.example',
        phone_number: '+1 555 0100',
      });
      expect(moved.body).toMatchObject({ email: 'alice@elsewhere.example', email_verified: false });
      expect(moved.body.phone_number_verified).toBe(false);
      const vouched = await patch(`/admin/users/${userId}`, { email: 'alice@example.com', email_verified: true });
      expect(vouched.body).toMatchObject({ email: 'alice@example.com', email_verified: true });
      expect((await patch(`/admin/users/${userId}`, { email: 'ALICE@example.com' })).body.email_verified).toBe(true);
    });

    it('sets a password', async () => {
      expect((await put(`/admin/users/${userId}/password`, { password: 'a new long password' })).status).toBe(204);
      const users = t.app.get(UsersService);
      expect(await users.authenticate('alice', 'a new long password')).not.toBeNull();
      expect(await users.authenticate('alice', 'correct horse battery')).toBeNull();
    });

    it('lists and ends sessions, one or all', async () => {
      const first = await openSession(userId);
      await openSession(userId);
      const sessions = await get(`/admin/users/${userId}/sessions`);
      expect(sessions.body).toHaveLength(2);
      expect(sessions.body[0]).toMatchObject({ active: true, ended_at: null });
      expect(sessions.body[0]).not.toHaveProperty('secret_hash');

      expect((await del(`/admin/users/${userId}/sessions/${first}`)).body).toEqual({ count: 1 });
      expect((await del(`/admin/users/${userId}/sessions/${first}`)).status).toBe(404);
      expect((await del(`/admin/users/${userId}/sessions`)).body).toEqual({ count: 1 });
      expect(await count('sessions WHERE user_id = $1 AND ended_at IS NULL', [userId])).toBe(0);
    });

    it('lists and revokes grants with reason admin, killing their tokens', async () => {
      const grantId = await grantWithToken(clientId, userId);
      const grants = await get(`/admin/users/${userId}/grants`);
      expect(grants.body[0]).toMatchObject({ id: grantId, client_id: clientId, active_tokens: 1, revoked_at: null });
      expect((await del(`/admin/users/${userId}/grants/${grantId}`)).body).toEqual({ count: 1 });
      const [row] = await t.dataSource.query('SELECT revoked_at, revoked_reason FROM grants WHERE id = $1', [grantId]);
      expect(row.revoked_reason).toBe('admin');
      expect(row.revoked_at).not.toBeNull();
      expect((await del(`/admin/users/${userId}/grants/${grantId}`)).status).toBe(404);
    });

    it('takes back a consent, revoking what the client holds from the user', async () => {
      await t.dataSource.query(`INSERT INTO consents (user_id, client_id, scopes) VALUES ($1, $2, '{openid}')`, [
        userId,
        clientId,
      ]);
      const grantId = await grantWithToken(clientId, userId);
      expect((await get(`/admin/users/${userId}/consents`)).body).toEqual([
        expect.objectContaining({ client_id: clientId, scopes: ['openid'] }),
      ]);
      expect((await del(`/admin/users/${userId}/consents/${clientId}`)).body).toEqual({ count: 1 });
      expect(await count('consents WHERE user_id = $1', [userId])).toBe(0);
      expect(await count('grants WHERE id = $1 AND revoked_at IS NOT NULL', [grantId])).toBe(1);
      expect((await del(`/admin/users/${userId}/consents/${clientId}`)).status).toBe(404);
    });

    it('disabling a user ends their sessions and revokes their grants; enabling lets them in again', async () => {
      await openSession(userId);
      const grantId = await grantWithToken(clientId, userId);
      const res = await post(`/admin/users/${userId}/disable`);
      expect(res.status).toBe(200);
      expect(res.body.disabled).toBe(true);
      expect(await count('sessions WHERE user_id = $1 AND ended_at IS NULL', [userId])).toBe(0);
      const [grant] = await t.dataSource.query('SELECT revoked_reason FROM grants WHERE id = $1', [grantId]);
      expect(grant.revoked_reason).toBe('admin');
      expect(await t.app.get(UsersService).authenticate('alice', 'a new long password')).toBeNull();

      expect((await post(`/admin/users/${userId}/enable`)).body.disabled).toBe(false);
      expect(await t.app.get(UsersService).authenticate('alice', 'a new long password')).not.toBeNull();
    });

    it('deletes a user with their sessions, grants and tokens', async () => {
      await openSession(userId);
      await grantWithToken(clientId, userId);
      expect((await del(`/admin/users/${userId}`)).status).toBe(204);
      for (const table of [
        'users WHERE id = $1',
        'sessions WHERE user_id = $1',
        'grants WHERE user_id = $1',
        'tokens WHERE user_id = $1',
      ])
        expect(await count(table, [userId])).toBe(0);
      expect((await del(`/admin/users/${userId}`)).status).toBe(404);
    });
  });

  describe('addresses', () => {
    it('refuses usernames and addresses that would look like another account’s (invisible characters, other forms)', async () => {
      const lookalikes = [
        { username: 'alice\u034f' },
        { username: 'alice\u2800' },
        { username: 'alice\ufe0f' },
        { username: 'Z\u00f6\u200d\u00eb' },
        { username: 'lookalike', email: 'ali\u200bce@example.com' },
        { username: 'lookalike', email: '\uff41lice@example.com' },
      ];
      for (const fields of lookalikes) {
        const created = await post('/admin/users', { password: 'correct horse battery', ...fields });
        expect({ fields, status: created.status }).toEqual({ fields, status: 400 });
      }
      const usernames = lookalikes.map((l) => l.username);
      expect(await count(`users WHERE username = ANY($1)`, [usernames])).toBe(0);
    });

    it('refuses a quoted local part wherever an address is set, and a stored one is not mailed (409, not a 500)', async () => {
      for (const email of ['"x@evil.example"@example.com', '"alice"@example.com']) {
        const created = await post('/admin/users', { username: 'quoted', password: 'correct horse battery', email });
        expect({ email, status: created.status, error: created.body.error }).toEqual({
          email,
          status: 400,
          error: 'invalid_request',
        });
      }
      expect(await count(`users WHERE username = 'quoted'`)).toBe(0);
      const test = await post('/admin/mail/test', { to: '"x@evil.example"@example.com' });
      expect(test.status).toBe(400);

      const legacy = await post('/admin/users', {
        username: 'legacy-quoted',
        password: 'correct horse battery',
        email: 'legacy@example.com',
      });
      await t.dataSource.query(`UPDATE users SET email = '"x@evil.example"@example.com' WHERE id = $1`, [
        legacy.body.id,
      ]);
      // Sent back as it is (a SCIM PUT, a console edit), the old address does not block other changes.
      const edited = await patch(`/admin/users/${legacy.body.id}`, {
        email: '"x@evil.example"@example.com',
        given_name: 'Legacy',
      });
      expect(edited.status).toBe(200);
      expect(edited.body.given_name).toBe('Legacy');
      for (const path of ['password-reset', 'email-verification']) {
        const sent = await post(`/admin/users/${legacy.body.id}/${path}`);
        expect({ path, status: sent.status }).toEqual({ path, status: 409 });
        expect(sent.body.error_description ?? sent.body.message).toMatch(/cannot be mailed/);
      }
    });
  });

  describe('containing an account', () => {
    it('retires pending links when the password is set, every session ended or the user disabled; a disabled user confirms no address', async () => {
      const created = await post('/admin/users', {
        username: 'contained',
        password: 'correct horse battery',
        email: 'contained@example.com',
      });
      const userId = created.body.id as string;
      const links = t.app.get(UserActionTokens);
      const verification = t.app.get(EmailVerificationService);
      // What whoever held the password or a session left behind: a change of address to theirs.
      const pendingChange = () =>
        links.issue(userId, 'email_change', 3600, {
          email: 'contained@intruder.example',
          fromEmail: 'contained@example.com',
        });
      const retiredBy = async (type: string) =>
        (
          await t.dataSource.query(
            `SELECT details->'links_retired' AS n FROM audit_events WHERE type = $1 AND subject = $2`,
            [type, userId],
          )
        ).map((r: { n: number }) => r.n);

      let change = await pendingChange();
      expect(await verification.pendingAddress(change)).toBe('contained@intruder.example');
      expect((await put(`/admin/users/${userId}/password`, { password: 'a new password nobody knows' })).status).toBe(
        204,
      );
      expect(await verification.pendingAddress(change)).toBeUndefined();
      expect(await retiredBy('admin.user.password_set')).toEqual([1]);

      change = await pendingChange();
      expect((await del(`/admin/users/${userId}/sessions`)).status).toBe(200);
      expect(await verification.pendingAddress(change)).toBeUndefined();
      expect(await retiredBy('admin.user.sessions_ended')).toEqual([1]);

      change = await pendingChange();
      const reset = await links.issue(userId, 'password_reset', 3600);
      expect((await post(`/admin/users/${userId}/disable`)).status).toBe(200);
      expect(await verification.pendingAddress(change)).toBeUndefined();
      expect(await links.find(reset, 'password_reset')).toBeUndefined();
      expect(await retiredBy('admin.user.disabled')).toEqual([2]);

      // A link that reaches a disabled account anyway confirms nothing.
      change = await pendingChange();
      expect(await verification.confirm(change, { actor: null })).toEqual({ verified: false });
      const [row] = await t.dataSource.query('SELECT email, email_verified FROM users WHERE id = $1', [userId]);
      expect(row).toEqual({ email: 'contained@example.com', email_verified: false });
    });

    it('a change of address asked for before the address was changed here no longer confirms', async () => {
      const created = await post('/admin/users', {
        username: 'corrected',
        password: 'correct horse battery',
        email: 'corrected@example.com',
      });
      const userId = created.body.id as string;
      const verification = t.app.get(EmailVerificationService);
      const change = await t.app.get(UserActionTokens).issue(userId, 'email_change', 3600, {
        email: 'corrected@intruder.example',
        fromEmail: 'corrected@example.com',
      });
      // The administrator (or SCIM, or the user) puts the address right meanwhile.
      expect((await patch(`/admin/users/${userId}`, { email: 'corrected@new.example' })).status).toBe(200);
      expect(await verification.confirm(change, { actor: null })).toEqual({ verified: false });
      const [row] = await t.dataSource.query('SELECT email FROM users WHERE id = $1', [userId]);
      expect(row.email).toBe('corrected@new.example');

      // Changed away and back before the link is followed: it was changed all the same.
      const again = await t.app.get(UserActionTokens).issue(userId, 'email_change', 3600, {
        email: 'corrected@intruder.example',
        fromEmail: 'corrected@new.example',
      });
      expect((await patch(`/admin/users/${userId}`, { email: 'elsewhere@new.example' })).status).toBe(200);
      expect((await patch(`/admin/users/${userId}`, { email: 'corrected@new.example' })).status).toBe(200);
      expect(await verification.confirm(again, { actor: null })).toEqual({ verified: false });
      const [after] = await t.dataSource.query('SELECT email FROM users WHERE id = $1', [userId]);
      expect(after.email).toBe('corrected@new.example');
    });
  });

  describe('scopes', () => {
    const scopesSupported = async () =>
      ((await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] })
        .scopes_supported;

    it('creates, gets, updates and lists scopes, and discovery shows them at once', async () => {
      const created = await post('/admin/scopes', { name: 'orders:read', description: 'Read your orders' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'orders:read', claims: [] });
      expect(await scopesSupported()).toContain('orders:read');
      const updated = await patch('/admin/scopes/orders%3Aread', { claims: ['email'] });
      expect(updated.body).toMatchObject({ description: 'Read your orders', claims: ['email'] });
      expect((await get('/admin/scopes/orders:read')).body.claims).toEqual(['email']);
      const names = (await get('/admin/scopes')).body.map((s: { name: string }) => s.name);
      expect(names).toEqual(expect.arrayContaining(['openid', 'admin', 'orders:read']));
      expect((await post('/admin/scopes', { name: 'orders:read', description: 'x' })).status).toBe(409);
      expect((await post('/admin/scopes', { name: 'two words', description: 'x' })).status).toBe(400);
    });

    it('refuses to delete a scope clients use (409), deletes it once unused', async () => {
      const client = await post('/admin/clients', {
        client_name: 'Orders app',
        redirect_uris: ['https://orders.example.com/cb'],
        allowed_scopes: ['openid', 'orders:read'],
      });
      const refused = await del('/admin/scopes/orders:read');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: 'conflict', code: 'scope_in_use' });
      expect(refused.body.error_description).toContain(client.body.client.client_id);
      expect((await del('/admin/scopes/openid')).body.code).toBe('scope_protected');

      await del(`/admin/clients/${client.body.client.client_id as string}`);
      expect((await del('/admin/scopes/orders:read')).status).toBe(204);
      expect(await scopesSupported()).not.toContain('orders:read');
      expect((await del('/admin/scopes/orders:read')).status).toBe(404);
    });
  });

  describe('signing keys', () => {
    it('lists public data only, rotates and retires', async () => {
      const before = await get('/admin/keys');
      expect(before.body.map((k: { state: string }) => k.state).sort()).toEqual(['active', 'next']);
      const text = JSON.stringify(before.body);
      for (const member of ['"d"', '"p"', '"q"', 'private']) expect(text).not.toContain(member);

      const next = before.body.find((k: { state: string }) => k.state === 'next').kid;
      const rotated = await post('/admin/keys/rotate');
      expect(rotated.status).toBe(200);
      expect(rotated.body.active_kid).toBe(next);

      const retired = await post(`/admin/keys/${rotated.body.retired_kid as string}/retire`, { remove_now: true });
      expect(retired.status).toBe(200);
      const [row] = await t.dataSource.query('SELECT state, remove_after FROM signing_keys WHERE kid = $1', [
        rotated.body.retired_kid,
      ]);
      expect(row.state).toBe('retired');
      expect((await post('/admin/keys/unknown/retire')).status).toBe(404);
    });
  });

  describe('initial access tokens', () => {
    it('issues one (shown once), lists it and revokes it', async () => {
      const issued = await post('/admin/initial-access-tokens', { description: 'partner', max_uses: 2 });
      expect(issued.status).toBe(201);
      expect(issued.body.initial_access_token).toMatchObject({
        description: 'partner',
        max_uses: 2,
        uses: 0,
        active: true,
      });
      const id = issued.body.initial_access_token.id as string;
      expect(JSON.stringify((await get('/admin/initial-access-tokens')).body)).not.toContain(issued.body.token);
      expect((await del(`/admin/initial-access-tokens/${id}`)).status).toBe(204);
      const [listed] = (await get('/admin/initial-access-tokens')).body;
      expect(listed).toMatchObject({ id, active: false });
      expect((await del('/admin/initial-access-tokens/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await post('/admin/initial-access-tokens', { max_uses: 0 })).body.fields).toHaveProperty('max_uses');
    });
  });

  describe('audit', () => {
    it('records every admin change, with the actor, and never a secret', async () => {
      const all = await get('/admin/audit-events?limit=100');
      const types = new Set(all.body.items.map((e: { type: string }) => e.type));
      for (const type of [
        'admin.credential.created',
        'admin.credential.rotated',
        'admin.credential.revoked',
        'admin.client.created',
        'admin.client.updated',
        'admin.client.secret_rotated',
        'admin.client.deleted',
        'admin.user.created',
        'admin.user.updated',
        'admin.user.password_set',
        'admin.user.disabled',
        'admin.user.enabled',
        'admin.user.deleted',
        'admin.user.sessions_ended',
        'admin.user.consent_revoked',
        'admin.user.grants_revoked',
        'admin.scope.created',
        'admin.scope.updated',
        'admin.scope.deleted',
        'admin.key.rotated',
        'admin.key.retired',
        'admin.initial_access_token.issued',
        'admin.initial_access_token.revoked',
      ])
        expect(types).toContain(type);
      const [credential] = await t.dataSource.query(`SELECT id FROM admin_credentials WHERE origin = 'environment'`);
      expect(all.body.items[0].actor).toBe(`admin:${credential.id as string}`);
      expect(all.body.items[0].request_id).toBeTruthy();
      expect(JSON.stringify(all.body)).not.toMatch(/oidc_admin_|correct horse|a new long password/);
    });

    it('filters by type, area, actor, subject and time, with paging', async () => {
      const created = await get('/admin/audit-events?type=admin.client.created');
      expect(created.body.items.every((e: { type: string }) => e.type === 'admin.client.created')).toBe(true);
      const area = await get('/admin/audit-events?type=admin.user.*&limit=2');
      expect(area.body.items).toHaveLength(2);
      expect(area.body.total).toBeGreaterThan(2);
      expect(area.body.items.every((e: { type: string }) => e.type.startsWith('admin.user.'))).toBe(true);

      const subject = created.body.items[0].subject as string;
      const bySubject = await get(`/admin/audit-events?subject=${encodeURIComponent(subject)}`);
      expect(bySubject.body.items.every((e: { subject: string }) => e.subject === subject)).toBe(true);
      const byActor = await get(
        `/admin/audit-events?actor=${encodeURIComponent(created.body.items[0].actor as string)}&limit=1`,
      );
      expect(byActor.body.total).toBeGreaterThan(1);

      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await get(`/admin/audit-events?from=${future}`)).body.total).toBe(0);
      const everything = (await get('/admin/audit-events')).body.total;
      expect((await get(`/admin/audit-events?to=${future}`)).body.total).toBe(everything);
      const bad = await get('/admin/audit-events?from=yesterday&limit=1000');
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['from', 'limit']);
    });
  });

  describe('development helpers', () => {
    it('are absent unless ENABLE_DEV_ENDPOINTS is on', async () => {
      expect((await get('/admin/dev/pkce')).status).toBe(404);
    });

    it('seed demo data, make PKCE pairs and quick clients when on, still behind admin auth', async () => {
      const dev = await startTestApp({ ADMIN_TOKEN, ENABLE_DEV_ENDPOINTS: 'true' });
      const as = { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' };
      const call = async (method: string, path: string, body?: unknown, headers: Auth = as): Promise<Reply> => {
        const res = await fetch(`${dev.url}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, headers: res.headers, body: await res.json() };
      };
      try {
        expect((await call('GET', '/admin/dev/pkce', undefined, {})).status).toBe(401);

        const seeded = await call('POST', '/admin/dev/seed');
        expect(seeded.status).toBe(200);
        expect(seeded.body.users.map((u: { created: boolean }) => u.created)).toEqual([true, true]);
        expect(seeded.body.clients.map((c: { client_id: string }) => c.client_id)).toEqual([
          'demo-web',
          'demo-spa',
          'demo-device',
          'demo-api',
        ]);
        const alice = seeded.body.users[0];
        expect(await dev.app.get(UsersService).authenticate(alice.username, alice.password)).not.toBeNull();
        const again = await call('POST', '/admin/dev/seed');
        expect(again.body.users.map((u: { created: boolean }) => u.created)).toEqual([false, false]);
        expect(again.body.clients.every((c: { created: boolean }) => !c.created)).toBe(true);

        const pkce = await call('GET', '/admin/dev/pkce');
        const { createHash } = await import('node:crypto');
        expect(pkce.body.code_challenge).toBe(createHash('sha256').update(pkce.body.code_verifier).digest('base64url'));
        expect(pkce.body.code_challenge_method).toBe('S256');

        const quick = await call('POST', '/admin/dev/quick-client', { redirect_uri: 'http://localhost:8080/cb' });
        expect(quick.status).toBe(201);
        expect(quick.body.client).toMatchObject({
          redirect_uris: ['http://localhost:8080/cb'],
          grant_types: ['authorization_code', 'refresh_token'],
          consent_policy: 'skip',
        });
        expect(quick.body.client_secret).toBeDefined();
        const bad = await call('POST', '/admin/dev/quick-client', { redirect_uri: 'not a url' });
        expect(bad.status).toBe(400);
        expect(bad.body.fields).toHaveProperty('redirect_uri');
      } finally {
        await dev.close();
      }
    });
  });
});
