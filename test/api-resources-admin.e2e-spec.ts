import { runCli } from '../src/cli/run-cli';
import { databaseUrl } from './support/database';
import { basicAuth, postToken } from './support/token-requests';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';
const ORDERS = 'https://orders.example.com/';

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe('admin API: API resources', () => {
  let t: TestApp;

  async function call(method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        'x-admin-token': ADMIN_TOKEN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const post = (path: string, body: unknown) => call('POST', path, body);
  const valid = (fields: Record<string, unknown> = {}) => ({
    identifier: ORDERS,
    display_name: 'Orders API',
    scopes: ['orders:read'],
    ...fields,
  });
  /** A 400 or 409 and its message. */
  const refusal = (answer: Answer) => [answer.status, answer.body.error_description ?? answer.body.message];

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    for (const name of ['orders:read', 'orders:write', 'billing:read'])
      expect((await post('/admin/scopes', { name, description: name })).status).toBe(201);
    expect(
      (await post('/admin/clients', { client_id: 'orders-api', client_name: 'Orders API', grant_types: [] })).status,
    ).toBe(201);
    expect(
      (
        await post('/admin/clients', {
          client_id: 'spa',
          client_name: 'SPA',
          redirect_uris: ['https://spa.example.com/cb'],
          token_endpoint_auth_method: 'none',
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => t.close());

  it('creates, lists, reads, changes and deletes an API resource, audited', async () => {
    const created = await post('/admin/api-resources', {
      ...valid({ scopes: ['orders:read', 'orders:write'] }),
      access_token_format: 'jwt',
      access_token_ttl: 600,
      introspection_client_id: 'orders-api',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      identifier: ORDERS,
      display_name: 'Orders API',
      scopes: ['orders:read', 'orders:write'],
      access_token_format: 'jwt',
      access_token_ttl: 600,
      introspection_client_id: 'orders-api',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const id = created.body.id as string;
    const [scopeRows] = [
      await t.dataSource.query(`SELECT name FROM scopes WHERE api_resource_id = $1 ORDER BY name`, [id]),
    ];
    expect(scopeRows).toEqual([{ name: 'orders:read' }, { name: 'orders:write' }]);

    expect((await call('GET', '/admin/api-resources')).body).toEqual([created.body]);
    expect((await call('GET', `/admin/api-resources/${id}`)).body).toEqual(created.body);

    const changed = await call('PATCH', `/admin/api-resources/${id}`, {
      display_name: 'Orders',
      scopes: ['orders:read'],
      access_token_format: null,
      introspection_client_id: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      display_name: 'Orders',
      scopes: ['orders:read'],
      access_token_format: null,
      access_token_ttl: 600,
      introspection_client_id: null,
    });
    expect(await t.dataSource.query(`SELECT api_resource_id FROM scopes WHERE name = 'orders:write'`)).toEqual([
      { api_resource_id: null },
    ]);

    expect((await call('DELETE', `/admin/api-resources/${id}`)).status).toBe(204);
    const gone = await call('GET', `/admin/api-resources/${id}`);
    expect([gone.status, gone.body.code]).toEqual([404, 'api_resource_not_found']);
    // The scopes stay, belonging to none.
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM scopes WHERE name LIKE 'orders:%'`)).toEqual([
      { n: 2 },
    ]);

    const events = (
      await call('GET', `/admin/audit-events?type=admin.api_resource.*&subject=${encodeURIComponent(ORDERS)}`)
    ).body.items as { type: string; actor: string }[];
    expect(events.map((e) => e.type).sort()).toEqual([
      'admin.api_resource.created',
      'admin.api_resource.deleted',
      'admin.api_resource.updated',
    ]);
  });

  it('refuses what RFC 8707 does not allow as an identifier, with a clear message (400)', async () => {
    for (const identifier of ['orders', '/orders', `${ORDERS}#section`, 'https://orders example.com/'])
      expect(refusal(await post('/admin/api-resources', valid({ identifier })))).toEqual([
        400,
        'identifier must be an absolute URI without a fragment, at most 2048 characters, e.g. https://api.example.com/ (RFC 8707 §2)',
      ]);
    expect(refusal(await post('/admin/api-resources', valid({ identifier: t.url })))).toEqual([
      400,
      'identifier is this server’s own (the issuer): choose the URI of the resource server',
    ]);
  });

  it('refuses missing and malformed fields, naming each (400)', async () => {
    const missing = await post('/admin/api-resources', { identifier: ORDERS });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.fields)).toEqual(['display_name']);
    const malformed = await post(
      '/admin/api-resources',
      valid({ access_token_format: 'paseto', access_token_ttl: 0, scopes: 'orders:read', extra: true }),
    );
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.fields).sort()).toEqual([
      'access_token_format',
      'access_token_ttl',
      'extra',
      'scopes',
    ]);
    expect(refusal(await post('/admin/api-resources', valid({ access_token_ttl: 90000 })))).toEqual([
      400,
      'access_token_ttl must be a whole number of seconds from 1 to 86400, or null',
    ]);
  });

  it("refuses scopes that do not exist, this server's own scopes, and bad introspection clients (400)", async () => {
    expect(refusal(await post('/admin/api-resources', valid({ scopes: ['orders:read', 'orders:delete'] })))).toEqual([
      400,
      'scopes: no such scope orders:delete (create it first)',
    ]);
    expect(refusal(await post('/admin/api-resources', valid({ scopes: ['openid', 'offline_access'] })))).toEqual([
      400,
      'openid and offline_access belong to this server, not to an API resource',
    ]);
    expect(refusal(await post('/admin/api-resources', valid({ introspection_client_id: 'nobody' })))).toEqual([
      400,
      'introspection_client_id: no client nobody',
    ]);
    expect(refusal(await post('/admin/api-resources', valid({ introspection_client_id: 'spa' })))).toEqual([
      400,
      'introspection_client_id: spa is a public client, which cannot authenticate at the introspection endpoint',
    ]);
    expect((await call('GET', '/admin/api-resources')).body).toEqual([]);
  });

  it('refuses a second resource with the same identifier, and a scope that belongs to another resource (409)', async () => {
    const first = await post('/admin/api-resources', valid());
    expect(first.status).toBe(201);
    const again = await post('/admin/api-resources', valid({ scopes: [] }));
    expect([...refusal(again), again.body.code]).toEqual([
      409,
      `an API resource with identifier ${ORDERS} exists`,
      'api_resource_identifier_taken',
    ]);
    const billing = await post('/admin/api-resources', {
      identifier: 'https://billing.example.com/',
      display_name: 'Billing',
      scopes: ['billing:read'],
    });
    expect(billing.status).toBe(201);
    const taken = await call('PATCH', `/admin/api-resources/${billing.body.id}`, {
      scopes: ['billing:read', 'orders:read'],
    });
    expect([...refusal(taken), taken.body.code]).toEqual([
      409,
      `scope orders:read belongs to API resource ${ORDERS}`,
      'scope_of_another_resource',
    ]);
    // Refused as a whole: billing keeps its scopes.
    expect((await call('GET', `/admin/api-resources/${billing.body.id}`)).body.scopes).toEqual(['billing:read']);

    // Deleting a scope takes it out of its resource.
    expect((await call('DELETE', '/admin/scopes/billing:read')).status).toBe(204);
    expect((await call('GET', `/admin/api-resources/${billing.body.id}`)).body.scopes).toEqual([]);

    for (const path of [`/admin/api-resources/not-a-uuid`, `/admin/api-resources/${crypto.randomUUID()}`]) {
      expect((await call('GET', path)).status).toBe(404);
      expect((await call('PATCH', path, { display_name: 'x' })).status).toBe(404);
      expect((await call('DELETE', path)).status).toBe(404);
    }
    await call('DELETE', `/admin/api-resources/${first.body.id}`);
    await call('DELETE', `/admin/api-resources/${billing.body.id}`);
  });

  it('takes effect at the token endpoint at once: a new resource can be asked for, a deleted one no longer', async () => {
    const client = await post('/admin/clients', {
      client_name: 'Service',
      grant_types: ['client_credentials'],
      allowed_scopes: ['orders:read'],
      default_scopes: ['orders:read'],
    });
    const auth = { authorization: basicAuth(client.body.client.client_id, client.body.client_secret) };
    const cc = () => postToken(t, { grant_type: 'client_credentials', resource: ORDERS }, auth);
    expect((await cc()).body).toMatchObject({
      error: 'invalid_target',
      error_description: `unknown resource: ${ORDERS}`,
    });
    const created = await post('/admin/api-resources', valid({ access_token_ttl: 120 }));
    expect((await cc()).body).toMatchObject({ expires_in: 120, scope: 'orders:read' });
    await call('DELETE', `/admin/api-resources/${created.body.id}`);
    expect((await cc()).body.error).toBe('invalid_target');
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/admin/docs-json`)).json()) as {
      paths: Record<string, Record<string, { tags: string[] }>>;
    };
    expect(Object.keys(doc.paths['/admin/api-resources']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/admin/api-resources/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/admin/api-resources'].post.tags).toEqual(['API resources']);
  });

  it('is on the command line: list, create, delete', async () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(t.database),
      DATA_DIR: tempDir('oidc-cli-'),
      LOG_LEVEL: 'silent',
      ...TEST_SECRETS,
    };
    const cli = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, {
        env,
        readStdin: async () => '',
        out: (line) => (stdout += `${line}\n`),
        err: (line) => (stderr += `${line}\n`),
      });
      return { code, stdout, stderr };
    };
    const created = await cli([
      'api-resources',
      'create',
      '--identifier',
      'urn:example:reports',
      '--name',
      'Reports',
      '--scope',
      'orders:write',
      '--format',
      'jwt',
      '--ttl',
      '300',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created API resource urn:example:reports \(/);
    const listed = await cli(['api-resources', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ identifier: 'urn:example:reports', scopes: ['orders:write'], access_token_ttl: 300 }),
    ]);
    const bad = await cli(['api-resources', 'create', '--identifier', 'reports', '--name', 'R']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('identifier must be an absolute URI');
    expect((await cli(['api-resources', 'delete', '--identifier', 'urn:example:reports'])).code).toBe(0);
    expect((await cli(['api-resources', 'delete', '--identifier', 'urn:example:reports'])).stderr).toContain(
      'no API resource urn:example:reports',
    );
  });
});
