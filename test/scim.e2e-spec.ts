import { basicAuth, createClient, getUserinfo, postToken, type RegisteredClient } from './support/token-requests';
import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_TOKEN = 'scim-test-admin-token-0123456789abcdef0123';
const SCIM = 'application/scim+json';
const PASSWORD = 'correct horse battery staple';

interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe('SCIM 2.0 provisioning at /scim/v2 (RFC 7643, 7644)', () => {
  let t: TestApp;
  let writer: string;
  let reader: string;
  let deleter: string;
  let client: RegisteredClient;

  async function admin(method: string, path: string, body?: unknown): Promise<Reply> {
    const res = await fetch(`${t.url}/admin${path}`, {
      method,
      headers: { 'x-admin-token': ADMIN_TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** A SCIM client's request: bearer token, application/scim+json both ways. */
  async function scim(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${t.url}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: SCIM,
        ...(body === undefined ? {} : { 'content-type': SCIM }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined } as Reply;
  }
  const filter = (token: string, resource: string, expression: string, extra = '') =>
    scim(token, 'GET', `/${resource}?filter=${encodeURIComponent(expression)}${extra}`);

  const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    externalId: `ext-${userName}`,
    name: { givenName: userName[0].toUpperCase() + userName.slice(1), familyName: 'Jensen' },
    emails: [{ value: `${userName}@example.com`, type: 'work', primary: true }],
    active: true,
    ...extra,
  });
  const patchOp = (...Operations: unknown[]) => ({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations,
  });

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    const issue = async (name: string, access: string, onDelete?: string) => {
      const reply = await admin('POST', '/scim-tokens', { name, access, ...(onDelete ? { on_delete: onDelete } : {}) });
      expect(reply.status).toBe(201);
      return reply.body.token as string;
    };
    writer = await issue('Provisioning', 'write');
    reader = await issue('Reporting', 'read');
    deleter = await issue('Hard delete', 'write', 'delete');
    client = await createClient(t, { grantTypes: ['password'], allowedScopes: ['openid', 'email'] });
  });
  afterAll(() => t?.close());

  it('creates a user, finds it by filter and page, and maps userName, emails, name, externalId and active', async () => {
    const created = await scim(writer, 'POST', '/Users', newUser('bjensen'));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain(SCIM);
    expect(created.headers.get('etag')).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({
      userName: 'bjensen',
      externalId: 'ext-bjensen',
      name: { givenName: 'Bjensen', familyName: 'Jensen' },
      emails: [{ value: 'bjensen@example.com', primary: true }],
      active: true,
      meta: { resourceType: 'User', location: `${t.url}/scim/v2/Users/${created.body.id}` },
    });
    const user = (await admin('GET', `/users/${created.body.id}`)).body;
    expect(user).toMatchObject({ username: 'bjensen', email: 'bjensen@example.com', family_name: 'Jensen' });

    await scim(writer, 'POST', '/Users', newUser('alice'));
    await scim(writer, 'POST', '/Users', newUser('bjorn', { active: false }));

    const byName = await filter(reader, 'Users', 'userName eq "BJENSEN"');
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ userName: 'bjensen' }] });
    const complex = await filter(reader, 'Users', '(userName sw "bj" or emails co "alice@") and active eq true');
    expect(complex.body.Resources.map((u: { userName: string }) => u.userName).sort()).toEqual(['alice', 'bjensen']);
    expect((await filter(reader, 'Users', 'externalId eq "ext-alice"')).body.totalResults).toBe(1);
    expect((await filter(reader, 'Users', 'name.familyName pr')).body.totalResults).toBe(3);

    const page = await scim(reader, 'GET', '/Users?startIndex=2&count=1');
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources).toHaveLength(1);
    // Beyond every list, even beyond Postgres's bigint: an empty page.
    const beyond = await scim(reader, 'GET', '/Users?startIndex=99999999999999999999&count=5');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    const groupsBeyond = await scim(reader, 'GET', '/Groups?startIndex=99999999999999999999');
    expect(groupsBeyond.status).toBe(200);
    const nul = await filter(reader, 'Users', 'userName eq "bj\\u0000ensen"');
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ scimType: 'invalidFilter' });
  });

  it('refuses a taken userName with 409 uniqueness and a bad filter with 400 invalidFilter', async () => {
    const taken = await scim(writer, 'POST', '/Users', newUser('bjensen'));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
    });
    for (const bad of ['userName ne "x"', 'userName eq', 'nickName eq "x"', 'userName eq "x" or (']) {
      const reply = await filter(reader, 'Users', bad);
      expect({ bad, status: reply.status, scimType: reply.body.scimType }).toEqual({
        bad,
        status: 400,
        scimType: 'invalidFilter',
      });
    }
  });

  it('answers 401 without a valid token (and after revocation) and 403 to a read-only token that writes', async () => {
    expect((await scim('scim_not-a-token', 'GET', '/Users')).status).toBe(401);
    const anonymous = await fetch(`${t.url}/scim/v2/Users`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect((await scim(ADMIN_TOKEN, 'GET', '/Users')).status).toBe(401);

    const write = await scim(reader, 'POST', '/Users', newUser('mallory'));
    expect(write.status).toBe(403);
    expect(write.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect((await filter(reader, 'Users', 'userName eq "mallory"')).body.totalResults).toBe(0);

    const temporary = (await admin('POST', '/scim-tokens', { name: 'Temporary', access: 'read' })).body;
    expect((await scim(temporary.token, 'GET', '/Users')).status).toBe(200);
    expect((await admin('GET', '/scim-tokens')).body.map((x: { name: string }) => x.name)).toContain('Temporary');
    expect(JSON.stringify((await admin('GET', '/scim-tokens')).body)).not.toContain(temporary.token);
    expect((await admin('DELETE', `/scim-tokens/${temporary.scim_token.id}`)).status).toBe(204);
    expect((await scim(temporary.token, 'GET', '/Users')).status).toBe(401);
  });

  it('patches attributes with If-Match, refuses a stale version with 412, and deprovisions with active=false', async () => {
    const [found] = (await filter(reader, 'Users', 'userName eq "bjensen"')).body.Resources;
    // The user signs in and holds a working access token.
    await admin('PUT', `/users/${found.id}/password`, { password: PASSWORD });
    const bjensen = (await scim(reader, 'GET', `/Users/${found.id}`)).body;
    const signedIn = await postToken(
      t,
      { grant_type: 'password', username: 'bjensen', password: PASSWORD, scope: 'openid' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(signedIn.status).toBe(200);
    const accessToken = signedIn.body.access_token as string;
    expect((await getUserinfo(t, accessToken)).status).toBe(200);

    const renamed = await scim(
      writer,
      'PATCH',
      `/Users/${bjensen.id}`,
      patchOp(
        { op: 'replace', path: 'name.givenName', value: 'Barbara' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'barbara@example.com' },
      ),
      { 'if-match': bjensen.meta.version },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: { givenName: 'Barbara' }, emails: [{ value: 'barbara@example.com' }] });
    expect(renamed.body.meta.version).not.toBe(bjensen.meta.version);

    const stale = await scim(
      writer,
      'PATCH',
      `/Users/${bjensen.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
      {
        'if-match': bjensen.meta.version,
      },
    );
    expect(stale.status).toBe(412);

    const off = await scim(
      writer,
      'PATCH',
      `/Users/${bjensen.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    );
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await admin('GET', `/users/${bjensen.id}`)).body.disabled).toBe(true);
    expect((await getUserinfo(t, accessToken)).status).toBe(401);
    const events = (await admin('GET', `/audit-events?subject=${bjensen.id}&type=admin.user.disabled`)).body;
    expect((events.items ?? events)[0]).toMatchObject({ actor: expect.stringMatching(/^scim:/) });
  });

  it('manages groups and their members (POST, filter, PATCH add and remove, PUT), as the admin API sees them', async () => {
    const users = (await scim(reader, 'GET', '/Users')).body.Resources as Array<{ id: string; userName: string }>;
    const id = (name: string) => users.find((u) => u.userName === name)!.id;
    const created = await scim(writer, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      externalId: 'grp-eng',
      members: [{ value: id('alice') }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: 'Engineering',
      members: [{ value: id('alice'), display: 'alice' }],
    });
    const groupId = created.body.id as string;

    expect((await filter(reader, 'Groups', 'displayName eq "engineering"')).body.totalResults).toBe(1);
    expect((await filter(reader, 'Groups', `members.value eq "${id('alice')}"`)).body.totalResults).toBe(1);

    const added = await scim(
      writer,
      'PATCH',
      `/Groups/${groupId}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: id('bjensen') }, { value: id('bjorn') }] }),
    );
    expect(added.body.members.map((m: { display: string }) => m.display).sort()).toEqual(['alice', 'bjensen', 'bjorn']);
    const removed = await scim(
      writer,
      'PATCH',
      `/Groups/${groupId}`,
      patchOp({ op: 'remove', path: `members[value eq "${id('alice')}"]` }),
    );
    expect(removed.body.members.map((m: { display: string }) => m.display).sort()).toEqual(['bjensen', 'bjorn']);
    expect(removed.body.meta.version).not.toBe(added.body.meta.version);
    const members = (await admin('GET', `/groups/${groupId}/members`)).body;
    expect(members.map((m: { username: string }) => m.username).sort()).toEqual(['bjensen', 'bjorn']);

    const replaced = await scim(writer, 'PUT', `/Groups/${groupId}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Platform',
      members: [{ value: id('alice') }],
    });
    expect(replaced.body).toMatchObject({ displayName: 'Platform', members: [{ display: 'alice' }] });
    expect((await scim(writer, 'POST', '/Groups', { displayName: 'platform' })).body.scimType).toBe('uniqueness');
    expect((await scim(writer, 'DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await scim(reader, 'GET', `/Groups/${groupId}`)).status).toBe(404);
  });

  it('writes nothing when it refuses a group write for an unknown member (POST, PUT, PATCH)', async () => {
    const alice = (await filter(reader, 'Users', 'userName eq "alice"')).body.Resources[0].id as string;
    const nobody = '00000000-0000-4000-8000-000000000000';
    const groups = async () =>
      (await t.dataSource.query('SELECT name, external_id FROM groups ORDER BY name')) as unknown[];
    const before = await groups();
    const created = await scim(writer, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Half written',
      members: [{ value: alice }, { value: nobody }],
    });
    expect(created.status).toBe(400);
    expect(await groups()).toEqual(before);

    const group = await scim(writer, 'POST', '/Groups', { displayName: 'Atomic', members: [{ value: alice }] });
    expect(group.status).toBe(201);
    const snapshot = async () => (await scim(reader, 'GET', `/Groups/${group.body.id}`)).body;
    const kept = await snapshot();
    const replaced = await scim(writer, 'PUT', `/Groups/${group.body.id}`, {
      displayName: 'Renamed',
      externalId: 'ext-renamed',
      members: [{ value: nobody }],
    });
    expect(replaced.status).toBe(400);
    const patched = await scim(
      writer,
      'PATCH',
      `/Groups/${group.body.id}`,
      patchOp(
        { op: 'replace', path: 'displayName', value: 'Renamed' },
        { op: 'add', path: 'members', value: [{ value: nobody }] },
      ),
    );
    expect(patched.status).toBe(400);
    expect(await snapshot()).toEqual(kept);
    expect((await scim(writer, 'DELETE', `/Groups/${group.body.id}`)).status).toBe(204);
  });

  it('deletes a user per the token’s setting: disabled by default, deleted for a delete token', async () => {
    const alice = (await filter(reader, 'Users', 'userName eq "alice"')).body.Resources[0];
    expect((await scim(writer, 'DELETE', `/Users/${alice.id}`)).status).toBe(204);
    expect((await scim(reader, 'GET', `/Users/${alice.id}`)).body.active).toBe(false);

    expect((await scim(deleter, 'DELETE', `/Users/${alice.id}`)).status).toBe(204);
    const gone = await scim(reader, 'GET', `/Users/${alice.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ status: '404', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
  });

  it('describes itself: ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await scim(reader, 'GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      etag: { supported: true },
    });
    const types = await scim(reader, 'GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim(reader, 'GET', '/Schemas');
    expect(schemas.body.Resources.map((r: { name: string }) => r.name)).toEqual(['User', 'Group']);
  });
});
