import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_TOKEN = 'dates-admin-token-0123456789abcdef0123456789';

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

// Each a Date in JavaScript, none a timestamp Postgres or an operator has a use for.
const OUT_OF_RANGE = ['-271821-04-20T00:00:00Z', '-005000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01'];
// Dates JavaScript parses anyway: a day that does not exist, no offset, a number.
const NOT_DATE_TIMES = ['2026-02-31T00:00:00Z', '2026-01-01T00:00:00', 'yesterday', '1767225600000'];

describe('admin API dates: bounded, and expiries in the future', () => {
  let t: TestApp;
  let clientId: string;

  async function call(method: string, path: string, body?: unknown): Promise<Reply> {
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
  const secretColumns = async () =>
    (
      await t.dataSource.query(
        'SELECT client_secret_hash, client_secret_expires_at FROM clients WHERE client_id = $1',
        [clientId],
      )
    )[0] as { client_secret_hash: string; client_secret_expires_at: Date | null };

  /** A 400 invalid_request naming the field with a sentence, not a 500 from Postgres. */
  function expectRefused(reply: Reply, field: string, message: RegExp, what: string): void {
    expect({ what, status: reply.status, error: reply.body.error }).toEqual({
      what,
      status: 400,
      error: 'invalid_request',
    });
    expect(reply.body.error_description).toMatch(message);
    if (reply.body.fields) expect(Object.keys(reply.body.fields)).toEqual([field]);
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    const created = await call('POST', '/admin/clients', {
      client_name: 'Dated',
      redirect_uris: ['https://dated.example.com/cb'],
    });
    expect(created.status).toBe(201);
    clientId = created.body.client.client_id;
  });
  afterAll(() => t?.close());

  it('refuses audit filters outside 1970 to 9999 and text that is no RFC 3339 date-time', async () => {
    for (const name of ['from', 'to'])
      for (const value of [...OUT_OF_RANGE, ...NOT_DATE_TIMES]) {
        const reply = await call('GET', `/admin/audit-events?${name}=${encodeURIComponent(value)}`);
        expectRefused(reply, name, new RegExp(`^${name} must be `), `${name}=${value}`);
      }
    const bounds = await call('GET', '/admin/audit-events?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z');
    expect(bounds.status).toBe(200);
    const offset = await call('GET', `/admin/audit-events?from=${encodeURIComponent('2026-01-01T01:00:00+01:00')}`);
    expect(offset.status).toBe(200);
  });

  it('refuses a secret expiry outside the range and keeps the current secret', async () => {
    const before = await secretColumns();
    for (const value of [...OUT_OF_RANGE, ...NOT_DATE_TIMES, true]) {
      const reply = await call('POST', `/admin/clients/${clientId}/secret`, { expires_at: value });
      expectRefused(reply, 'expires_at', /^expires_at must be /, String(value));
    }
    for (const value of OUT_OF_RANGE) {
      const created = await call('POST', '/admin/clients', {
        client_name: 'Never made',
        redirect_uris: ['https://never.example.com/cb'],
        client_secret_expires_at: value,
      });
      expectRefused(created, 'client_secret_expires_at', /^client_secret_expires_at must be /, `create ${value}`);
      const changed = await call('PATCH', `/admin/clients/${clientId}`, { client_secret_expires_at: value });
      expectRefused(changed, 'client_secret_expires_at', /^client_secret_expires_at must be /, `update ${value}`);
    }
    expect(await secretColumns()).toEqual(before);
    const clients = await t.dataSource.query(`SELECT 1 FROM clients WHERE client_name = 'Never made'`);
    expect(clients).toEqual([]);
  });

  it('refuses a secret that would be expired when issued, but not an expiry a change leaves as it is', async () => {
    const before = await secretColumns();
    const rotated = await call('POST', `/admin/clients/${clientId}/secret`, { expires_at: '2000-01-01T00:00:00Z' });
    expectRefused(rotated, 'expires_at', /must be a date in the future/, 'rotate');
    const past = new Date(Date.now() - 1000).toISOString();
    const changed = await call('PATCH', `/admin/clients/${clientId}`, { client_secret_expires_at: past });
    expectRefused(changed, 'client_secret_expires_at', /must be a date in the future/, 'update');
    const created = await call('POST', '/admin/clients', {
      client_name: 'Born expired',
      redirect_uris: ['https://expired.example.com/cb'],
      client_secret_expires_at: past,
    });
    expectRefused(created, 'client_secret_expires_at', /must be a date in the future/, 'create');
    expect(await secretColumns()).toEqual(before);
    expect(await t.dataSource.query(`SELECT 1 FROM clients WHERE client_name = 'Born expired'`)).toEqual([]);

    const nextYear = new Date(Date.now() + 365 * 86400_000).toISOString();
    const ok = await call('POST', `/admin/clients/${clientId}/secret`, { expires_at: nextYear });
    expect(ok.status).toBe(200);
    expect((await secretColumns()).client_secret_expires_at?.toISOString()).toBe(nextYear);

    // A secret that expired on its own: sending the client back as read is no new expiry.
    const expired = new Date('2020-01-01T00:00:00Z');
    await t.dataSource.query('UPDATE clients SET client_secret_expires_at = $2 WHERE client_id = $1', [
      clientId,
      expired,
    ]);
    const asRead = await call('PATCH', `/admin/clients/${clientId}`, {
      client_name: 'Dated again',
      client_secret_expires_at: expired.toISOString(),
    });
    expect(asRead.status).toBe(200);
    expect(asRead.body.client).toMatchObject({ client_name: 'Dated again' });

    // A change that issues a new secret does not hand it the old one's end, long passed.
    const moved = await call('PATCH', `/admin/clients/${clientId}`, {
      token_endpoint_auth_method: 'client_secret_jwt',
      client_secret_expires_at: expired.toISOString(),
    });
    expect(moved.status).toBe(200);
    expect(typeof moved.body.client_secret).toBe('string');
    expect(moved.body.client.client_secret_expires_at).toBeNull();
    expect((await secretColumns()).client_secret_expires_at).toBeNull();
  });

  it('refuses initial access token expiries outside the range', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM initial_access_tokens');
    for (const value of [...OUT_OF_RANGE, ...NOT_DATE_TIMES]) {
      const reply = await call('POST', '/admin/initial-access-tokens', { expires_at: value });
      expectRefused(reply, 'expires_at', /^expires_at must be /, String(value));
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM initial_access_tokens')).toEqual(before);
    const past = await call('POST', '/admin/initial-access-tokens', { expires_at: '2000-01-01T00:00:00Z' });
    expectRefused(past, 'expires_at', /must be a date in the future/, 'past');
  });
});
