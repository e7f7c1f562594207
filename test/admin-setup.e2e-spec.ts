import { hashAdminToken } from '../src/admin/credentials/admin-token';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';

/** A browser's visit to the setup page: its CSRF cookie and the form's token. */
async function openSetupPage(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/setup`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  expect(cookie).toContain('oidc_csrf=');
  return { cookie, csrf: csrf! };
}

const postSetup = (url: string, cookie: string, body: Record<string, string>) =>
  fetch(`${url}/setup`, {
    method: 'POST',
    headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });

const tokenIn = (html: string) => /<input type="text" id="admin-token" value="([^"]+)"/.exec(html)?.[1];
const credentialRows = (t: TestApp) =>
  t.dataSource.query<{ origin: string; token_hash: string; revoked_at: Date | null }[]>(
    'SELECT origin, token_hash, revoked_at FROM admin_credentials ORDER BY created_at',
  );

describe('first-run setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a setup post without a CSRF token, and creates nothing', async () => {
    const { cookie } = await openSetupPage(t.url);
    const res = await postSetup(t.url, cookie, {});
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('did not come from this site');
    const forged = await postSetup(t.url, '', { _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(await credentialRows(t)).toHaveLength(0);
  });

  it('creates one admin token, shown once and stored only as its hash, then closes for good', async () => {
    const { cookie, csrf } = await openSetupPage(t.url);
    const res = await postSetup(t.url, cookie, { _csrf: csrf });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = tokenIn(await res.text())!;
    expect(token).toMatch(/^oidc_admin_[A-Za-z0-9_-]{43}$/);

    const rows = await credentialRows(t);
    expect(rows).toEqual([{ origin: 'setup', token_hash: hashAdminToken(token), revoked_at: null }]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const admin = await fetch(`${t.url}/admin/credentials`, { headers: { 'x-admin-token': token } });
    expect(admin.status).toBe(200);

    const again = await fetch(`${t.url}/setup`, { headers: { accept: 'text/html' } });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('already done');
    const repost = await postSetup(t.url, cookie, { _csrf: csrf });
    expect(repost.status).toBe(404);
    expect(await credentialRows(t)).toHaveLength(1);
  });

  it('stays closed when every credential has been revoked', async () => {
    await t.dataSource.query('UPDATE admin_credentials SET revoked_at = now()');
    expect((await fetch(`${t.url}/setup`)).status).toBe(404);
  });

  it('records the setup in the audit log without the token', async () => {
    const [event] = await t.dataSource.query(`SELECT * FROM audit_events WHERE type = 'admin.setup.completed'`);
    expect(event.actor).toMatch(/^ip:/);
    expect(JSON.stringify(event)).not.toMatch(/oidc_admin_/);
  });
});

describe('first-run setup under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates exactly one credential when setup is posted many times at once', async () => {
    const browsers = await Promise.all(Array.from({ length: 8 }, () => openSetupPage(t.url)));
    const responses = await Promise.all(browsers.map((b) => postSetup(t.url, b.cookie, { _csrf: b.csrf })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 404, 404, 404, 404, 404, 404, 404]);
    expect(await credentialRows(t)).toHaveLength(1);
  });
});

describe('setup with ADMIN_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
  });
  afterAll(() => t.close());

  it('bootstraps the token as a credential at start and keeps /setup closed', async () => {
    expect(await credentialRows(t)).toEqual([
      { origin: 'environment', token_hash: hashAdminToken(ADMIN_TOKEN), revoked_at: null },
    ]);
    expect((await fetch(`${t.url}/setup`)).status).toBe(404);
    const res = await fetch(`${t.url}/admin/credentials`, { headers: { 'x-admin-token': ADMIN_TOKEN } });
    expect(res.status).toBe(200);
  });

  it('inserts it once across restarts, and a revocation survives a restart', async () => {
    await t.dataSource.query('UPDATE admin_credentials SET revoked_at = now()');
    const second = await startTestApp({ ADMIN_TOKEN }, t.database);
    try {
      expect(await credentialRows(second)).toHaveLength(1);
      const res = await fetch(`${second.url}/admin/credentials`, { headers: { 'x-admin-token': ADMIN_TOKEN } });
      expect(res.status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
