import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { CleanupService } from '../src/cleanup/cleanup.service';
import type { ConsentPolicy } from '../src/clients/client.entity';
import { ClientsService } from '../src/clients/clients.service';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { hashToken } from '../src/token/opaque-token';
import type { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { PASSWORD, withBrowserContext } from './support/browser-sign-in';
import { DeviceUser } from './support/device-user';
import { postToken, relyingParty, verifyWithJwks, type RegisteredClient } from './support/token-requests';
import { postForm } from './support/introspection-requests';
import { startTestApp, TestApp } from './support/test-app';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

// One flow drives a real browser through several pages while openid-client polls.
jest.setTimeout(60_000);

describe('device authorization grant (RFC 8628)', () => {
  let t: TestApp;
  let browser: Browser;
  let alice: User;
  let tv: RegisteredClient;
  let kiosk: RegisteredClient;

  const deviceClient = async (consentPolicy: ConsentPolicy, grantTypes = [DEVICE_CODE, 'refresh_token']) => {
    const { client } = await t.app.get(ClientsService).create({
      clientName: `TV app (${consentPolicy})`,
      redirectUris: [],
      grantTypes,
      tokenEndpointAuthMethod: 'none',
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
      defaultScopes: ['openid', 'profile'],
      consentPolicy,
    });
    return { clientId: client.clientId, clientSecret: '' };
  };
  const authorizeDevice = async (client: RegisteredClient, params: Record<string, string> = {}) => {
    const res = await postForm(t, '/oauth2/device_authorization', { client_id: client.clientId, ...params });
    expect(res.status).toBe(200);
    return res.body as { device_code: string; user_code: string; interval: number; expires_in: number };
  };
  const poll = (client: RegisteredClient, deviceCode: string) =>
    postToken(t, { grant_type: DEVICE_CODE, device_code: deviceCode, client_id: client.clientId });
  const deviceRow = async (deviceCode: string) =>
    (await t.dataSource.query('SELECT * FROM device_codes WHERE device_code_hash = $1', [hashToken(deviceCode)]))[0];
  const userCodeAttempts = async () =>
    t.dataSource.query(`SELECT failures FROM login_attempts WHERE key LIKE 'device:ip:%'`) as Promise<
      { failures: number }[]
    >;
  const user = () => new DeviceUser(t, PASSWORD);

  beforeAll(async () => {
    t = await startTestApp({ DEVICE_POLLING_INTERVAL: '1' });
    browser = await launchBrowser();
    alice = await t.app.get(UsersService).create({ username: 'alice', name: 'Alice Liddell', password: PASSWORD });
    tv = await deviceClient('always');
    kiosk = await deviceClient('skip');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('announces the device authorization endpoint and the grant type (RFC 8628 §4)', async () => {
    const metadata = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as ProviderMetadata;
    expect(metadata.device_authorization_endpoint).toBe(`${t.url}/oauth2/device_authorization`);
    expect(metadata.grant_types_supported).toContain(DEVICE_CODE);
  });

  it('signs a device in while openid-client polls and the user approves in a browser; the tokens work', async () => {
    const config = await relyingParty(t, tv);
    const started = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile offline_access' });
    expect(started).toMatchObject({
      verification_uri: `${t.url}/oauth2/device`,
      verification_uri_complete: `${t.url}/oauth2/device?user_code=${started.user_code}`,
      expires_in: 600,
      interval: 1,
    });
    expect(started.user_code).toMatch(USER_CODE);
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);

    await withBrowserContext(browser, async (page) => {
      await page.goto(started.verification_uri_complete!);
      // §3.3.1: the code is filled in for the user to compare with the device's.
      await expect(page.getByLabel('Code').inputValue()).resolves.toBe(started.user_code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${t.url}/oauth2/device/login`);
      await page.getByLabel('Username or email').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${t.url}/oauth2/device/consent`);
      await expect(page.getByText('on a device').count()).resolves.toBe(1);
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      await expect(page.getByText('You may now return to your device').count()).resolves.toBe(1);
    });

    const tokens = await polling;
    expect(tokens.scope).toBe('openid profile offline_access');
    expect(typeof tokens.refresh_token).toBe('string');
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: t.url, aud: tv.clientId, sub: alice.id, amr: ['pwd'] });
    expect(typeof claims.auth_time).toBe('number');
    // The device does not share the browser's session, so the ID token names none.
    expect(claims.sid).toBeUndefined();
    await verifyWithJwks(t, tokens.id_token!, { audience: tv.clientId });
    await expect(oidc.fetchUserInfo(config, tokens.access_token, alice.id)).resolves.toMatchObject({
      sub: alice.id,
      name: 'Alice Liddell',
    });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()?.sub).toBe(alice.id);

    // §3.5: the device code is spent.
    const again = await poll(tv, started.device_code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    const row = await deviceRow(started.device_code);
    expect(row).toMatchObject({ status: 'consumed', user_id: alice.id, client_id: tv.clientId });
    const [grant] = await t.dataSource.query('SELECT * FROM grants WHERE id = $1', [row.grant_id]);
    expect(grant).toMatchObject({ user_id: alice.id, client_id: tv.clientId, session_id: null, revoked_at: null });
  });

  it('answers with the §3.2 fields, uncached, and stores the device code only as its hash', async () => {
    const res = await postForm(t, '/oauth2/device_authorization', { client_id: tv.clientId, scope: 'openid email' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual([
      'device_code',
      'expires_in',
      'interval',
      'user_code',
      'verification_uri',
      'verification_uri_complete',
    ]);
    const deviceCode = res.body.device_code as string;
    expect(Buffer.from(deviceCode, 'base64url')).toHaveLength(32);
    const row = await deviceRow(deviceCode);
    expect(row).toMatchObject({ status: 'pending', user_code: (res.body.user_code as string).replace('-', '') });
    expect(row.scope).toEqual(['openid', 'email']);
    expect(JSON.stringify(row)).not.toContain(deviceCode);
  });

  it('keeps the device waiting with authorization_pending and slows down one that polls too fast (§3.5)', async () => {
    const { device_code } = await authorizeDevice(tv);
    const first = await poll(tv, device_code);
    expect(first.status).toBe(400);
    expect(first.body.error).toBe('authorization_pending');
    expect(first.headers.get('cache-control')).toBe('no-store');

    const tooSoon = await poll(tv, device_code);
    expect(tooSoon.body.error).toBe('slow_down');
    // "the interval MUST be increased by 5 seconds for this and all subsequent requests"
    expect((await deviceRow(device_code)).interval_seconds).toBe(6);
    expect((await poll(tv, device_code)).body.error).toBe('slow_down');
    expect((await deviceRow(device_code)).interval_seconds).toBe(11);

    // Polling at the interval is fine again.
    await t.dataSource.query(
      `UPDATE device_codes SET last_polled_at = now() - interval '12 seconds' WHERE device_code_hash = $1`,
      [hashToken(device_code)],
    );
    expect((await poll(tv, device_code)).body.error).toBe('authorization_pending');
  });

  it('serves tokens to exactly one of several concurrent polls after approval', async () => {
    const { device_code, user_code } = await authorizeDevice(tv, { scope: 'openid' });
    expect((await user().approve(user_code, 'alice')).html).toContain('Device connected');
    const answers = await Promise.all(Array.from({ length: 5 }, () => poll(tv, device_code)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error === 'invalid_grant')).toHaveLength(4);
  });

  it('tells the device access_denied when the user denies', async () => {
    const { device_code, user_code } = await authorizeDevice(tv);
    const denied = await user().approve(user_code, 'alice', 'deny');
    expect(denied.status).toBe(200);
    expect(denied.html).toContain('Access denied');
    const res = await poll(tv, device_code);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('access_denied');
  });

  it('tells the device expired_token once the code has expired, and the page no longer takes it', async () => {
    const { device_code, user_code } = await authorizeDevice(tv);
    await t.dataSource.query(`UPDATE device_codes SET expires_at = now() - interval '1 second' WHERE user_code = $1`, [
      user_code.replace('-', ''),
    ]);
    expect((await poll(tv, device_code)).body.error).toBe('expired_token');
    const page = await user().enterCode(user_code);
    expect(page.status).toBe(400);
    expect(page.html).toContain('That code is not valid or has expired');
    await t.dataSource.query(`DELETE FROM login_attempts WHERE key LIKE 'device:ip:%'`);
  });

  it("refuses another client's device code, which stays usable by its own", async () => {
    const { device_code } = await authorizeDevice(tv);
    const stolen = await poll(kiosk, device_code);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    expect((await poll(tv, device_code)).body.error).toBe('authorization_pending');
    expect((await poll(tv, 'not-a-device-code')).body.error).toBe('invalid_grant');
  });

  it('refuses a client not registered for the grant with unauthorized_client, and scopes it may not have', async () => {
    const { client } = await t.app.get(ClientsService).create({
      clientName: 'Web RP',
      redirectUris: ['https://rp.example.com/cb'],
      tokenEndpointAuthMethod: 'none',
    });
    const web = { clientId: client.clientId, clientSecret: '' };
    const refused = await postForm(t, '/oauth2/device_authorization', { client_id: web.clientId });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('unauthorized_client');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const polled = await poll(web, 'whatever');
    expect(polled.body.error).toBe('unauthorized_client');

    const noForm = await fetch(`${t.url}/oauth2/device_authorization`, { method: 'POST' });
    expect(noForm.status).toBe(400);
    expect(((await noForm.json()) as { error: string }).error).toBe('invalid_request');
    const unknown = await postForm(t, '/oauth2/device_authorization', { client_id: 'nobody' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const badScope = await postForm(t, '/oauth2/device_authorization', { client_id: tv.clientId, scope: 'admin' });
    expect(badScope.body.error).toBe('invalid_scope');
  });

  it('shows a wrong user code on the page and counts it against the IP; a malformed one is not counted', async () => {
    const person = user();
    const malformed = await person.enterCode('1234');
    expect(malformed.status).toBe(400);
    expect(malformed.html).toContain('Enter the 8-letter code shown on your device.');
    expect(await userCodeAttempts()).toEqual([]);

    const wrong = await person.enterCode('BCDF-GHJK');
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('That code is not valid or has expired');
    expect(wrong.html).toContain('value="BCDF-GHJK"');
    expect(await userCodeAttempts()).toEqual([{ failures: 1 }]);
    await t.dataSource.query(`DELETE FROM login_attempts WHERE key LIKE 'device:ip:%'`);
  });

  it('locks the IP out after 5 wrong codes, even for a right code, with a growing wait', async () => {
    const { user_code } = await authorizeDevice(tv);
    const person = user();
    try {
      for (let i = 0; i < 5; i++) expect((await person.enterCode('ZZZZ-ZZZZ')).status).toBe(400);
      const locked = await person.enterCode(user_code);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(locked.html).toContain('Too many attempts');
      // The lock is in Postgres: another browser on the same IP (or another replica) sees it.
      expect((await user().enterCode(user_code)).status).toBe(429);
      // Once the lock ends, the next wrong code locks for twice as long.
      await t.dataSource.query(
        `UPDATE login_attempts SET locked_until = now() - interval '1 second' WHERE key LIKE 'device:ip:%'`,
      );
      expect((await person.enterCode('ZZZZ-ZZZZ')).status).toBe(400);
      const longer = await person.enterCode(user_code);
      expect(longer.status).toBe(429);
      expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(Number(locked.headers.get('retry-after')));
    } finally {
      await t.dataSource.query(`DELETE FROM login_attempts WHERE key LIKE 'device:ip:%'`);
    }
    expect((await person.enterCode(user_code)).status).toBe(303);
  });

  it('counts each code before it is looked up: a burst of guesses gets the allowance only; a right code is not counted', async () => {
    const person = user();
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => person.enterCode(`ZZZZ-ZZ${'BCDFGHJKLMNPQRSTVWXZ'[i]}Z`)),
      );
      const statuses = answers.map((a) => a.status);
      // Five guesses, and at most one more taken while the fifth is checked; the rest are refused unchecked.
      expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(6);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(14);
      expect((await userCodeAttempts())[0].failures).toBeLessThanOrEqual(6);
    } finally {
      await t.dataSource.query(`DELETE FROM login_attempts WHERE key LIKE 'device:ip:%'`);
    }
    const { user_code } = await authorizeDevice(tv);
    expect((await person.enterCode(user_code)).status).toBe(303);
    expect(await userCodeAttempts()).toEqual([{ failures: 0 }]);
    await t.dataSource.query(`DELETE FROM login_attempts WHERE key LIKE 'device:ip:%'`);
  });

  it('refuses the verification forms without their CSRF tokens (403)', async () => {
    const { device_code, user_code } = await authorizeDevice(tv);
    const person = user();
    expect((await person.enterCode(user_code, 'x'.repeat(43))).status).toBe(403);

    expect((await person.enterCode(user_code)).location).toBe(`${t.url}/oauth2/device/login`);
    expect((await person.signIn('alice')).location).toBe(`${t.url}/oauth2/device/consent`);
    const forged = await person.answer('allow', 'x'.repeat(43));
    expect(forged.status).toBe(403);
    expect((await deviceRow(device_code)).status).toBe('pending');
    expect((await person.answer('allow')).status).toBe(200);
    expect((await deviceRow(device_code)).status).toBe('approved');
  });

  it('refuses the login and consent steps to a browser that entered no code', async () => {
    const stranger = user();
    for (const step of ['login', 'consent']) {
      const res = await stranger.jar.fetch(`${t.url}/oauth2/device/${step}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This code has expired or was already used');
    }
  });

  it('asks a signed-in user every time (§5.4), even when the client skips consent or was allowed before', async () => {
    const remembering = await deviceClient('once');
    const person = user();
    const first = await authorizeDevice(remembering);
    expect((await person.approve(first.user_code, 'alice')).html).toContain('Device connected');
    for (const client of [kiosk, remembering]) {
      const { device_code, user_code } = await authorizeDevice(client, { scope: 'openid' });
      const entered = await person.enterCode(user_code);
      expect(entered.location).toBe(`${t.url}/oauth2/device/consent`);
      expect((await poll(client, device_code)).body.error).toBe('authorization_pending');
      const question = await person.consentPage();
      expect(question.html).toContain('Allow TV app');
      expect(question.html).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
      expect((await person.answer('allow')).html).toContain('Device connected');
      expect((await poll(client, device_code)).status).toBe(200);
    }
  });

  it("names the client on the question: its website, its logo when an administrator approved it, 'unverified' and no image otherwise", async () => {
    const { client } = await t.app.get(ClientsService).create({
      clientName: 'Living Room TV',
      grantTypes: [DEVICE_CODE],
      tokenEndpointAuthMethod: 'none',
      allowedScopes: ['openid', 'profile'],
      clientUri: 'https://tv.example.com/about',
      logoUri: 'https://tv.example.com/logo.png',
    });
    const approved = { clientId: client.clientId, clientSecret: '' };
    const person = user();
    await person.approve((await authorizeDevice(approved, { scope: 'openid profile' })).user_code, 'alice', 'deny');
    await person.enterCode((await authorizeDevice(approved, { scope: 'openid profile' })).user_code);
    const shown = (await person.consentPage()).html;
    expect(shown).toContain('Allow Living Room TV to access your account?');
    expect(shown).toContain('<img src="https://tv.example.com/logo.png"');
    expect(shown).toMatch(/<a href="https:\/\/tv.example.com\/about"[^>]*>tv.example.com<\/a>/);
    expect(shown).toContain('(profile)');
    expect(shown).not.toContain('Unverified application');

    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Living Room TV',
        grant_types: [DEVICE_CODE],
        response_types: [],
        token_endpoint_auth_method: 'none',
        client_uri: 'https://tv.example.net/',
        logo_uri: 'https://tracker.example.net/pixel.png',
      }),
    });
    const registered = { clientId: ((await res.json()) as { client_id: string }).client_id, clientSecret: '' };
    await person.enterCode((await authorizeDevice(registered, { scope: 'openid' })).user_code);
    const unverified = (await person.consentPage()).html;
    expect(unverified).toContain('Unverified application');
    expect(unverified).toContain('>tv.example.net</a>');
    expect(unverified).not.toContain('<img');
    expect(unverified).not.toContain('tracker.example.net');
  });

  it('takes an explicit Allow after verification_uri_complete in a signed-in browser; one press does not approve', async () => {
    const config = await relyingParty(t, kiosk);
    await withBrowserContext(browser, async (page) => {
      // Signed in already, through an earlier device.
      const earlier = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
      await page.goto(earlier.verification_uri_complete!);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Username or email').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();

      // An attacker's code, sent to the victim as a link.
      const attacker = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile' });
      await page.goto(attacker.verification_uri_complete!);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${t.url}/oauth2/device/consent`);
      await page.getByRole('heading', { name: 'Allow TV app (skip) to access your account?' }).waitFor();
      await expect(page.getByText('on a device').count()).resolves.toBe(1);
      expect((await poll(kiosk, attacker.device_code)).body.error).toBe('authorization_pending');
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Access denied' }).waitFor();
      expect((await poll(kiosk, attacker.device_code)).body.error).toBe('access_denied');
    });
  });

  it('registers a public device client without redirect URIs (RFC 7591) that may then start the flow', async () => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Smart TV',
        grant_types: [DEVICE_CODE, 'refresh_token'],
        response_types: [],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(res.status).toBe(201);
    const { client_id } = (await res.json()) as { client_id: string };
    expect((await postForm(t, '/oauth2/device_authorization', { client_id, scope: 'openid' })).status).toBe(200);
  });

  it('purges expired device codes', async () => {
    const { device_code } = await authorizeDevice(tv);
    await t.dataSource.query(
      `UPDATE device_codes SET expires_at = now() - interval '1 second' WHERE device_code_hash = $1`,
      [hashToken(device_code)],
    );
    const report = await t.app.get(CleanupService).runOnce();
    expect(report.device_codes).toBeGreaterThanOrEqual(1);
    expect(await deviceRow(device_code)).toBeUndefined();
  });
});
