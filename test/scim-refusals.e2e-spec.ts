import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_TOKEN = 'scim-refusals-admin-token-0123456789abcdef';
const SCIM = 'application/scim+json';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const patchOp = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});

describe('SCIM refusals (RFC 7644 §3.5.2, §3.12): a refused request changes nothing and says why in SCIM', () => {
  let t: TestApp;
  let token: string;
  let userId: string;

  async function send(method: string, path: string, body: string | undefined, contentType = SCIM): Promise<Reply> {
    const res = await fetch(`${t.url}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: SCIM,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  const scim = (method: string, path: string, body?: unknown) =>
    send(method, path, body === undefined ? undefined : JSON.stringify(body));

  const userRow = async (id = userId) =>
    (
      await t.dataSource.query(
        `SELECT username, email, given_name, family_name, name, external_id, disabled, updated_at
         FROM users WHERE id = $1`,
        [id],
      )
    )[0] as Record<string, unknown>;
  const userCount = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n as number;
  const groupState = async (id: string) => ({
    group: (await t.dataSource.query('SELECT name, external_id, updated_at FROM groups WHERE id = $1', [id]))[0],
    members: (
      await t.dataSource.query('SELECT user_id FROM group_members WHERE group_id = $1 ORDER BY user_id', [id])
    ).map((r: { user_id: string }) => r.user_id),
  });

  /** A SCIM error body (never the OAuth shape) with the SCIM media type. */
  function expectScimError(reply: Reply, status: number, scimType: string | undefined, what: string): void {
    expect({ what, status: reply.status, body: reply.body }).toEqual({
      what,
      status,
      body: {
        schemas: [ERROR_SCHEMA],
        status: String(status),
        ...(scimType ? { scimType } : {}),
        detail: expect.any(String),
      },
    });
    expect(reply.headers.get('content-type')).toContain(SCIM);
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    const issued = await fetch(`${t.url}/admin/scim-tokens`, {
      method: 'POST',
      headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Provisioning', access: 'write' }),
    });
    token = ((await issued.json()) as { token: string }).token;
    const created = await scim('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: 'bjensen',
      externalId: 'ext-bjensen',
      name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Barbara Jensen' },
      emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
    });
    expect(created.status).toBe(201);
    userId = created.body.id;
  });
  afterAll(() => t?.close());

  describe('User PATCH', () => {
    /** Sends the operations, expects 400 with the scimType, and the user's row as it was. */
    async function expectRefusedPatch(operations: unknown[], scimType: string): Promise<void> {
      const before = await userRow();
      const reply = await scim('PATCH', `/Users/${userId}`, patchOp(...operations));
      expectScimError(reply, 400, scimType, JSON.stringify(operations));
      expect(await userRow()).toEqual(before);
    }

    it('refuses a string where an email picked by a filter goes, and keeps the email', async () => {
      await expectRefusedPatch([{ op: 'replace', path: 'emails[type eq "work"]', value: 'bad' }], 'invalidValue');
    });

    it('refuses a string for name, and keeps every name part', async () => {
      await expectRefusedPatch([{ op: 'replace', path: 'name', value: 'Barbara' }], 'invalidValue');
    });

    it('refuses a value of the wrong type for each attribute (RFC 7643 §4.1)', async () => {
      const wrong: unknown[] = [
        { op: 'add', path: 'name', value: [{ givenName: 'B' }] },
        { op: 'replace', value: { name: { familyName: 7 } } },
        { op: 'replace', path: 'emails', value: ['bad'] },
        { op: 'replace', path: 'emails', value: 'b@example.com' },
        { op: 'add', path: 'emails', value: [{ type: 'work' }] },
        { op: 'add', path: 'emails', value: [{ value: 'a@example.com', primary: 'yes' }] },
        {
          op: 'replace',
          path: 'emails',
          value: [
            { value: 'a@example.com', primary: true },
            { value: 'b@example.com', primary: true },
          ],
        },
        { op: 'replace', path: 'emails[primary eq true]', value: ['a@example.com'] },
        { op: 'replace', path: 'displayName', value: { text: 'B' } },
        { op: 'replace', value: { userName: 42 } },
        { op: 'replace', path: 'active', value: null },
        { op: 'replace', path: 'externalId', value: 'x'.repeat(256) },
      ];
      for (const operation of wrong) await expectRefusedPatch([operation], 'invalidValue');
    });

    it('refuses add and replace without a value (invalidSyntax) and the read-only groups (mutability)', async () => {
      await expectRefusedPatch([{ op: 'replace', path: 'displayName' }], 'invalidSyntax');
      await expectRefusedPatch([{ op: 'add', path: 'name.familyName' }], 'invalidSyntax');
      await expectRefusedPatch([{ op: 'add', path: 'groups', value: [{ value: userId }] }], 'mutability');
    });

    it('applies nothing when a later operation is refused', async () => {
      await expectRefusedPatch(
        [
          { op: 'replace', path: 'name.givenName', value: 'Changed' },
          { op: 'replace', path: 'name', value: 'bad' },
        ],
        'invalidValue',
      );
      await expectRefusedPatch(
        [
          { op: 'replace', path: 'displayName', value: 'Changed' },
          { op: 'replace', value: { externalId: 'x'.repeat(256) } },
        ],
        'invalidValue',
      );
    });

    it('replaces only the name parts it is given (RFC 7644 §3.5.2.3), and clears them with null', async () => {
      const given = await scim(
        'PATCH',
        `/Users/${userId}`,
        patchOp({ op: 'replace', path: 'name', value: { givenName: 'Babs' } }),
      );
      expect(given.status).toBe(200);
      expect(await userRow()).toMatchObject({ given_name: 'Babs', family_name: 'Jensen', name: 'Barbara Jensen' });
      const cleared = await scim(
        'PATCH',
        `/Users/${userId}`,
        patchOp({ op: 'replace', path: 'name.familyName', value: null }),
      );
      expect(cleared.status).toBe(200);
      expect(await userRow()).toMatchObject({ given_name: 'Babs', family_name: null, email: 'bjensen@example.com' });
    });
  });

  describe('User POST and PUT', () => {
    it('refuses malformed emails and an over-long externalId before making the user', async () => {
      const count = await userCount();
      for (const extra of [
        { emails: ['bad'] },
        { emails: [{ value: 5 }] },
        { externalId: 'x'.repeat(256) },
        { name: [] },
      ]) {
        const reply = await scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'mallory', ...extra });
        expectScimError(reply, 400, 'invalidValue', JSON.stringify(extra));
      }
      expect(await userCount()).toBe(count);
      const before = await userRow();
      const replaced = await scim('PUT', `/Users/${userId}`, {
        schemas: [USER_SCHEMA],
        userName: 'bjensen',
        emails: ['bad'],
      });
      expectScimError(replaced, 400, 'invalidValue', 'PUT');
      expect(await userRow()).toEqual(before);
    });
  });

  describe('Group PATCH and POST', () => {
    let groupId: string;

    beforeAll(async () => {
      const created = await scim('POST', '/Groups', { displayName: 'Engineering', members: [{ value: userId }] });
      expect(created.status).toBe(201);
      groupId = created.body.id;
    });

    const refusals: Array<[string, string, unknown[]]> = [
      ['replace members without a value', 'invalidSyntax', [{ op: 'replace', path: 'members' }]],
      ['a string as the whole value', 'invalidValue', [{ op: 'replace', value: 'Platform' }]],
      ['a number for displayName', 'invalidValue', [{ op: 'replace', value: { displayName: 5 } }]],
      ['an unknown attribute', 'invalidPath', [{ op: 'replace', value: { displayName: 'X', owner: 'me' } }]],
      ['removing displayName', 'invalidValue', [{ op: 'remove', path: 'displayName' }]],
      [
        'an externalId too long, after a good change',
        'invalidValue',
        [
          { op: 'replace', path: 'displayName', value: 'Renamed' },
          { op: 'add', path: 'externalId', value: 'x'.repeat(256) },
        ],
      ],
    ];

    it.each(refusals)('refuses %s with 400 %s and changes nothing', async (_what, scimType, operations) => {
      const before = await groupState(groupId);
      const reply = await scim('PATCH', `/Groups/${groupId}`, patchOp(...operations));
      expectScimError(reply, 400, scimType, JSON.stringify(operations));
      expect(await groupState(groupId)).toEqual(before);
    });

    it('sets externalId by PATCH, with or without a path, and accepts the group’s own id in the value', async () => {
      const withPath = await scim(
        'PATCH',
        `/Groups/${groupId}`,
        patchOp({ op: 'add', path: 'externalId', value: 'grp-1' }),
      );
      expect(withPath.status).toBe(200);
      const withoutPath = await scim(
        'PATCH',
        `/Groups/${groupId}`,
        patchOp({ op: 'replace', value: { id: groupId, displayName: 'Platform', externalId: 'grp-2' } }),
      );
      expect(withoutPath.status).toBe(200);
      expect((await groupState(groupId)).group).toMatchObject({ name: 'Platform', external_id: 'grp-2' });
    });

    it('refuses an over-long externalId before making the group', async () => {
      const reply = await scim('POST', '/Groups', { displayName: 'Half made', externalId: 'x'.repeat(256) });
      expectScimError(reply, 400, 'invalidValue', 'POST');
      expect(await t.dataSource.query(`SELECT 1 FROM groups WHERE name = 'Half made'`)).toEqual([]);
    });
  });

  it('answers a path or method SCIM does not have with 404 in SCIM form, after the token check', async () => {
    expectScimError(await scim('GET', '/Nope'), 404, undefined, 'unknown path');
    expectScimError(await scim('DELETE', '/Users'), 404, undefined, 'unknown method');
    const anonymous = await fetch(`${t.url}/scim/v2/Nope`);
    expect([anonymous.status, ((await anonymous.json()) as { status: string }).status]).toEqual([401, '401']);
  });

  describe('request bodies', () => {
    it('answers an oversized body with 413 in SCIM form', async () => {
      const big = JSON.stringify({ schemas: [USER_SCHEMA], userName: 'big', displayName: 'x'.repeat(70_000) });
      expectScimError(await send('POST', '/Users', big), 413, undefined, 'too large');
    });

    it('answers malformed JSON with 400 invalidSyntax and a NUL with 400 invalidValue, in SCIM form', async () => {
      expectScimError(await send('POST', '/Users', '{"userName": '), 400, 'invalidSyntax', 'malformed');
      expectScimError(await send('PATCH', `/Users/${userId}`, '[1,'), 400, 'invalidSyntax', 'malformed patch');
      const nul = await send('POST', '/Users', JSON.stringify({ schemas: [USER_SCHEMA], userName: 'nul\u0000user' }));
      expectScimError(nul, 400, 'invalidValue', 'NUL');
    });

    it('refuses other media types and charsets with 415 in SCIM form, and makes no user', async () => {
      const count = await userCount();
      const body = JSON.stringify({ schemas: [USER_SCHEMA], userName: 'mallory' });
      expectScimError(await send('POST', '/Users', body, 'text/plain'), 415, undefined, 'text/plain');
      expectScimError(
        await send('POST', '/Users', 'userName=mallory', 'application/x-www-form-urlencoded'),
        415,
        undefined,
        'form',
      );
      expectScimError(await send('POST', '/Users', body, `${SCIM}; charset=iso-8859-1`), 415, undefined, 'latin-1');
      expect(await userCount()).toBe(count);
      const plain = await send('POST', '/Users', body, 'application/json; charset=utf-8');
      expect(plain.status).toBe(201);
    });
  });
});
