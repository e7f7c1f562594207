import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { ConsentPolicy } from '../src/clients/client.entity';
import { freePort } from '../src/database/embedded-postgres';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, TestApp } from './support/test-app';

// Each flow drives a browser through two servers' pages: seconds apiece on a loaded machine.
jest.setTimeout(60_000);

const ADMIN_TOKEN = 'federation-admin-token-0123456789abcdef0123';
const INTERACTION = /\/interaction\/[^/]+\/(login|consent)$/;

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * Two instances of this server: `upstream` is the identity provider, `downstream` signs its
 * users in through it (and is the OP of the RP under test).
 */
describe('sign-in through an upstream OpenID provider', () => {
  let upstream: TestApp;
  let downstream: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let rpRedirectUri: string;
  let rpConfig: oidc.Configuration;
  let upstreamClient: { clientId: string; clientSecret: string };
  const upstreamUsers: Record<'ursula' | 'vera' | 'dora' | 'nina', string> = {} as never;

  async function admin(method: string, path: string, body?: unknown): Promise<Reply> {
    const res = await fetch(`${downstream.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'x-admin-token': ADMIN_TOKEN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function upstreamConfidentialClient(consentPolicy: ConsentPolicy) {
    const { client, clientSecret } = await upstream.app.get(ClientsService).create({
      clientName: `Downstream (${consentPolicy})`,
      redirectUris: [`${downstream.url}/federation/callback`],
      allowedScopes: ['openid', 'profile', 'email'],
      consentPolicy,
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    return { clientId: client.clientId, clientSecret: clientSecret! };
  }

  async function addProvider(settings: Record<string, unknown>): Promise<void> {
    const reply = await admin('POST', '/admin/upstream-providers', {
      issuer: upstream.url,
      client_id: upstreamClient.clientId,
      client_secret: upstreamClient.clientSecret,
      ...settings,
    });
    expect(reply.status).toBe(201);
  }

  const localUserLinkedTo = async (providerId: string, subject: string): Promise<string[]> =>
    (
      await downstream.dataSource.query(
        'SELECT user_id FROM upstream_identities WHERE provider_id = $1 AND subject = $2',
        [providerId, subject],
      )
    ).map((r: { user_id: string }) => r.user_id);

  /**
   * The RP's authorization request at the downstream, up to its login page. `callback` is the
   * request the browser will make to the RP, if it gets there (null when it does not).
   */
  async function startAtRp(page: Page) {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: rpRedirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
    });
    const callback = page
      .waitForRequest((r) => r.url().startsWith(rpRedirectUri), { timeout: 30_000 })
      .catch(() => null);
    await page.goto(url.href);
    await page.waitForURL((u) => u.href.startsWith(downstream.url) && INTERACTION.test(u.pathname));
    return { checks, callback };
  }

  /** "Continue with <provider>" on the downstream login page, then the upstream's login page. */
  async function continueWith(page: Page, provider: string, login: string): Promise<void> {
    await page.getByRole('button', { name: `Continue with ${provider}`, exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(upstream.url) && INTERACTION.test(u.pathname));
    await page.getByLabel('Username or email').fill(login);
    await page.getByLabel('Password').fill(PASSWORD);
    // Back through the downstream's callback, to its consent page or straight on to the RP.
    const signedIn = page.waitForURL((u) => !u.href.startsWith(upstream.url));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedIn;
  }

  /** From the downstream (consent page or not) to the RP, and the code redeemed as the RP would. */
  async function finishAtRp(page: Page, { checks, callback }: Awaited<ReturnType<typeof startAtRp>>) {
    const pages: string[] = [];
    if (/\/consent$/.test(new URL(page.url()).pathname)) {
      pages.push('consent');
      await page.getByRole('button', { name: 'Allow' }).click();
    }
    const request = await callback;
    if (!request) throw new Error(`the browser did not reach the RP; it is at ${page.url()}`);
    return { pages, tokens: await oidc.authorizationCodeGrant(rpConfig, new URL(request.url()), checks) };
  }

  async function errorPage(page: Page) {
    await page.waitForSelector('h1');
    return {
      title: (await page.locator('h1').textContent())?.trim(),
      message: (await page.getByRole('alert').textContent())?.trim(),
    };
  }

  beforeAll(async () => {
    rp = await startRelyingParty();
    rpRedirectUri = rp.url('/callback');
    // The upstream runs on 127.0.0.1, an address remote fetches may reach only when allowed.
    [upstream, downstream] = await Promise.all([
      startTestApp(),
      startTestApp({ ADMIN_TOKEN, OUTBOUND_ALLOW: '127.0.0.1' }),
    ]);
    browser = await launchBrowser();
    for (const name of ['ursula', 'vera', 'dora', 'nina'] as const) {
      const user = await upstream.app.get(UsersService).create({
        username: name,
        email: `${name}@upstream.example`,
        emailVerified: true,
        name: `${name[0].toUpperCase()}${name.slice(1)} Upstream`,
        password: PASSWORD,
      });
      upstreamUsers[name] = user.id;
    }
    upstreamClient = await upstreamConfidentialClient('skip');
    // This server's profile scope does not release preferred_username: the username comes from email.
    await addProvider({
      id: 'upstream',
      display_name: 'Upstream',
      auto_create: true,
      claim_mapping: { username: 'email' },
    });
    await addProvider({ id: 'strict', display_name: 'Strict Upstream' });
    await addProvider({ id: 'by-email', display_name: 'Upstream by email', link_by_email: true });
    const asking = await upstreamConfidentialClient('always');
    await addProvider({
      id: 'asking',
      display_name: 'Asking Upstream',
      client_id: asking.clientId,
      client_secret: asking.clientSecret,
      auto_create: true,
    });
    await addProvider({ id: 'dead', display_name: 'Dead Upstream', issuer: `http://127.0.0.1:${await freePort()}` });

    const { client, clientSecret } = await downstream.app.get(ClientsService).create({
      clientName: 'Shop',
      redirectUris: [rpRedirectUri],
      allowedScopes: ['openid', 'profile', 'email'],
      consentPolicy: 'once',
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    rpConfig = await discoverClient(downstream.url, client.clientId, clientSecret);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([upstream?.close(), downstream?.close()]);
    await rp?.close();
  });

  it('signs in through the upstream, creates a linked local user, and continues to consent and the RP', async () => {
    await withBrowserContext(browser, async (page) => {
      const run = await startAtRp(page);
      await continueWith(page, 'Upstream', 'ursula');
      await page.waitForURL((u) => u.pathname.endsWith('/consent'));
      const { pages, tokens } = await finishAtRp(page, run);
      expect(pages).toEqual(['consent']);

      const [localId] = await localUserLinkedTo('upstream', upstreamUsers.ursula);
      expect(tokens.claims()).toMatchObject({
        iss: downstream.url,
        sub: localId,
        nonce: run.checks.expectedNonce,
        // The upstream said pwd; only what this server verified is asserted.
        amr: ['fed'],
      });
      const local = await downstream.app.get(UsersService).findById(localId);
      expect(local).toMatchObject({
        username: 'ursula@upstream.example',
        email: 'ursula@upstream.example',
        emailVerified: true,
        name: 'Ursula Upstream',
        passwordHash: null,
      });
      const userinfo = await oidc.fetchUserInfo(rpConfig, tokens.access_token, localId);
      expect(userinfo).toMatchObject({ sub: localId, email: 'ursula@upstream.example', email_verified: true });
    });
  });

  it('reuses the link on the next sign-in: the same local user, no second one, and a callback is good once', async () => {
    const usersBefore = Number((await downstream.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n);
    await withBrowserContext(browser, async (page) => {
      const callbacks: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(`${downstream.url}/federation/callback`)) callbacks.push(r.url());
      });
      const run = await startAtRp(page);
      await continueWith(page, 'Upstream', 'ursula');
      const { pages, tokens } = await finishAtRp(page, run);
      expect(pages).toEqual([]);
      expect(tokens.claims()?.sub).toEqual((await localUserLinkedTo('upstream', upstreamUsers.ursula))[0]);

      await page.goto(callbacks[0]);
      expect(await errorPage(page)).toEqual({
        title: 'Sign-in could not be completed',
        message: expect.stringContaining('was not started in this browser, has expired or was already used'),
      });
    });
    const usersAfter = Number((await downstream.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n);
    expect(usersAfter).toBe(usersBefore);
    expect(await localUserLinkedTo('upstream', upstreamUsers.ursula)).toHaveLength(1);
  });

  it('links to the local user with the same verified email when the provider allows it', async () => {
    const vera = await downstream.app.get(UsersService).create({
      username: 'vera.local',
      email: 'VERA@upstream.example',
      emailVerified: true,
    });
    await withBrowserContext(browser, async (page) => {
      const run = await startAtRp(page);
      await continueWith(page, 'Upstream by email', 'vera');
      const { tokens } = await finishAtRp(page, run);
      expect(tokens.claims()?.sub).toBe(vera.id);
    });
    expect(await localUserLinkedTo('by-email', upstreamUsers.vera)).toEqual([vera.id]);
  });

  it('shows "no account for this identity" when the provider neither links nor creates users', async () => {
    await withBrowserContext(browser, async (page) => {
      await startAtRp(page);
      await continueWith(page, 'Strict Upstream', 'nina');
      expect(await errorPage(page)).toEqual({
        title: 'No account for this identity',
        message: expect.stringContaining('There is no account here for the identity Strict Upstream signed you in as'),
      });
      await page.getByRole('link', { name: 'Back to sign in' }).click();
      await page.getByRole('button', { name: 'Continue with Upstream', exact: true }).waitFor();
    });
    expect(await localUserLinkedTo('strict', upstreamUsers.nina)).toEqual([]);
    const [{ n }] = await downstream.dataSource.query("SELECT count(*)::int AS n FROM users WHERE username = 'nina'");
    expect(n).toBe(0);
  });

  it('refuses a disabled local user linked to the identity', async () => {
    const dora = await downstream.app.get(UsersService).create({ username: 'dora.local', disabled: true });
    await downstream.dataSource.query(
      'INSERT INTO upstream_identities (provider_id, subject, user_id) VALUES ($1, $2, $3)',
      ['upstream', upstreamUsers.dora, dora.id],
    );
    await withBrowserContext(browser, async (page) => {
      await startAtRp(page);
      await continueWith(page, 'Upstream', 'dora');
      expect(await errorPage(page)).toEqual({ title: 'Account disabled', message: expect.any(String) });
    });
    const [{ n }] = await downstream.dataSource.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [
      dora.id,
    ]);
    expect(n).toBe(0);
  });

  it('says so when the upstream user denies the request, and leads back to the login page', async () => {
    await withBrowserContext(browser, async (page) => {
      await startAtRp(page);
      await page.getByRole('button', { name: 'Continue with Asking Upstream', exact: true }).click();
      await page.getByLabel('Username or email').fill('ursula');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.href.startsWith(upstream.url) && u.pathname.endsWith('/consent'));
      const back = page.waitForURL((u) => u.href.startsWith(`${downstream.url}/federation/callback`));
      await page.getByRole('button', { name: 'Deny' }).click();
      await back;
      expect(await errorPage(page)).toEqual({
        title: 'Sign-in cancelled',
        message: 'Asking Upstream did not sign you in. You can try again or sign in another way.',
      });
      await page.getByRole('link', { name: 'Back to sign in' }).click();
      await page.waitForURL((u) => u.href.startsWith(downstream.url) && u.pathname.endsWith('/login'));
    });
  });

  it('refuses a callback whose state this browser did not start, with a page and not a 500', async () => {
    const res = await fetch(`${downstream.url}/federation/callback?code=forged&state=forged`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('This sign-in was not started in this browser');
  });

  it('counts an upstream sign-in as one factor whatever the upstream says of its own: the second factor is still asked here', async () => {
    const mona = await upstream.app.get(UsersService).create({
      username: 'mona',
      email: 'mona@upstream.example',
      emailVerified: true,
      password: PASSWORD,
    });
    expect((await admin('PUT', '/admin/account-settings', { mfa_required: 'all' })).status).toBe(200);
    try {
      await withBrowserContext(browser, async (page) => {
        // Signed in at the upstream already, with a session that says mfa (as after its own second factor).
        await page.goto(`${upstream.url}/account`);
        await page.getByLabel('Username or email').fill('mona');
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForLoadState();
        await upstream.dataSource.query(`UPDATE sessions SET amr = '{pwd,otp,mfa,hwk}' WHERE user_id = $1`, [mona.id]);

        await startAtRp(page);
        await page.getByRole('button', { name: 'Continue with Upstream', exact: true }).click();
        await page.waitForURL((u) => u.href.startsWith(downstream.url) && !u.pathname.startsWith('/federation'));
        // mfa_required: all, and mona has no factor here: set one up first, not on to consent or the RP.
        expect(new URL(page.url()).pathname).toMatch(/\/interaction\/[^/]+\/second-factor-setup$/);
        const [session] = await downstream.dataSource.query(
          `SELECT s.amr FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'mona@upstream.example'`,
        );
        expect(session.amr).toEqual(['fed']);
      });
    } finally {
      await admin('PUT', '/admin/account-settings', { mfa_required: 'off' });
    }
  });

  it('says the provider cannot be reached, within a few seconds, when its issuer is down', async () => {
    await withBrowserContext(browser, async (page) => {
      await startAtRp(page);
      const started = Date.now();
      const answer = page.waitForResponse((r) => r.url().includes('/federation/dead'));
      await page.getByRole('button', { name: 'Continue with Dead Upstream', exact: true }).click();
      expect((await answer).status()).toBe(502);
      expect(Date.now() - started).toBeLessThan(6000);
      expect(new URL(page.url()).pathname).toMatch(/\/federation\/dead$/);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Dead Upstream cannot be reached');
      // The login page is still usable: its form posts to the login step, not back here.
      expect(await page.locator('form').first().getAttribute('action')).toMatch(/\/interaction\/[^/]+\/login$/);
      await page.getByRole('button', { name: 'Continue with Upstream', exact: true }).waitFor();
    });
  });
});

describe('admin API for upstream providers', () => {
  let t: TestApp;
  const SECRET = 'upstream-client-secret-never-returned';

  async function call(method: string, path: string, body?: unknown): Promise<Reply> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'x-admin-token': ADMIN_TOKEN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
  });
  afterAll(() => t.close());

  it('creates, lists, changes and deletes a provider; the secret is stored encrypted and never returned', async () => {
    const created = await call('POST', '/admin/upstream-providers', {
      id: 'corp',
      display_name: 'Corp SSO',
      issuer: 'https://login.corp.example',
      client_id: 'oidc-server',
      client_secret: SECRET,
      claim_mapping: { username: 'upn' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'corp',
      display_name: 'Corp SSO',
      issuer: 'https://login.corp.example',
      client_id: 'oidc-server',
      has_client_secret: true,
      scopes: ['openid', 'email', 'profile'],
      claim_mapping: expect.objectContaining({ username: 'upn', email: 'email', email_verified: 'email_verified' }),
      auto_create: false,
      link_by_email: false,
      enabled: true,
      redirect_uri: `${t.url}/federation/callback`,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const [row] = await t.dataSource.query("SELECT client_secret_encrypted FROM upstream_providers WHERE id = 'corp'");
    expect(row.client_secret_encrypted).toMatch(/^v1\./);
    expect(row.client_secret_encrypted).not.toContain(SECRET);

    expect((await call('GET', '/admin/upstream-providers')).body).toEqual([created.body]);
    const changed = await call('PATCH', '/admin/upstream-providers/corp', {
      enabled: false,
      auto_create: true,
      client_secret: null,
    });
    expect(changed.body).toMatchObject({ enabled: false, auto_create: true, has_client_secret: false });
    expect((await call('GET', '/admin/upstream-providers/corp')).body).toEqual(changed.body);

    expect((await call('DELETE', '/admin/upstream-providers/corp')).status).toBe(204);
    expect((await call('GET', '/admin/upstream-providers/corp')).status).toBe(404);

    const events = await t.dataSource.query(
      "SELECT type, details FROM audit_events WHERE subject = 'corp' ORDER BY id",
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'admin.upstream_provider.created',
      'admin.upstream_provider.updated',
      'admin.upstream_provider.deleted',
    ]);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('refuses a duplicate id, an insecure issuer, scopes without openid and unknown fields', async () => {
    const base = { id: 'dup', display_name: 'Dup', issuer: 'https://idp.example', client_id: 'x' };
    expect((await call('POST', '/admin/upstream-providers', base)).status).toBe(201);
    expect(await call('POST', '/admin/upstream-providers', base)).toMatchObject({
      status: 409,
      body: { code: 'upstream_provider_exists' },
    });
    expect(
      await call('POST', '/admin/upstream-providers', { ...base, id: 'plain', issuer: 'http://idp.example' }),
    ).toMatchObject({ status: 400, body: { error_description: expect.stringContaining('https') } });
    expect(await call('PATCH', '/admin/upstream-providers/dup', { scopes: ['email'] })).toMatchObject({
      status: 400,
      body: { error_description: 'scopes must include openid' },
    });
    expect(await call('PATCH', '/admin/upstream-providers/dup', { claim_mapping: { password: 'x' } })).toMatchObject({
      status: 400,
    });
    expect((await call('PATCH', '/admin/upstream-providers/missing', { enabled: false })).status).toBe(404);
  });
});
