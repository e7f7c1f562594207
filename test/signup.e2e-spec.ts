import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { launchBrowser } from './support/browser';
import { discoverClient, withBrowserContext } from './support/browser-sign-in';
import { CookieJar } from './support/cookie-jar';
import { eventually } from './support/eventually';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

const ADMIN_TOKEN = 'signup-admin-token-0123456789abcdef0123456789';
const PASSWORD = 'violet kettle under the bridge';

describe('self-registration (sign-up and prompt=create)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let rp: RelyingPartyServer;
  let browser: Browser;
  let config: oidc.Configuration;
  let redirectUri: string;

  const settings = (body: Record<string, unknown>) =>
    fetch(`${t.url}/admin/account-settings`, {
      method: 'PUT',
      headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [t, browser, rp] = await Promise.all([
      // KEY_CACHE_TTL=0: a settings change shows at once (the cache is per replica).
      startTestApp({
        SMTP_URL: `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'id@example.com',
        ADMIN_TOKEN,
        KEY_CACHE_TTL: '0',
      }),
      launchBrowser(),
      startRelyingParty(),
    ]);
    redirectUri = rp.url('/callback');
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Shop',
      redirectUris: [redirectUri],
      grantTypes: ['authorization_code'],
      allowedScopes: ['openid', 'profile', 'email'],
    });
    config = await discoverClient(t.url, client.clientId, clientSecret);
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await t?.close();
    await smtp?.close();
  });

  async function startAuthorization(page: Page, extra: Record<string, string> = {}) {
    const checks = { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: oidc.randomState() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      ...extra,
    });
    await page.goto(url.href);
    return checks;
  }

  async function fillSignup(page: Page, fields: { username: string; email: string; password?: string }) {
    await page.getByLabel('Username', { exact: true }).fill(fields.username);
    await page.getByLabel('Email address').fill(fields.email);
    await page.getByLabel('Password', { exact: true }).fill(fields.password ?? PASSWORD);
    await page.getByLabel('The same again').fill(fields.password ?? PASSWORD);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.waitForLoadState();
  }

  it('is off by default: no page, no link', async () => {
    expect((await fetch(`${t.url}/account/signup`)).status).toBe(404);
    await withBrowserContext(browser, async (page) => {
      await startAuthorization(page);
      expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
    });
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.prompt_values_supported).toContain('create');
  });

  it('creates an account from the login page, asks to verify the address first, then finishes the sign-in at the RP', async () => {
    const turnedOn = await settings({
      signup_enabled: true,
      signup_email_domains: ['Example.com'],
      signup_verification: 'required',
    });
    expect(turnedOn.status).toBe(200);
    expect(await turnedOn.json()).toEqual({
      signup_enabled: true,
      signup_email_domains: ['example.com'],
      signup_verification: 'required',
      self_deletion_enabled: false,
      password_min_length: 10,
      mfa_required: 'off',
    });

    await withBrowserContext(browser, async (page) => {
      const checks = await startAuthorization(page);
      const loginPage = page.url();
      await page.getByRole('link', { name: 'Create an account' }).click();

      // Refused, each with its reason, and nothing created.
      await fillSignup(page, { username: 'dana', email: 'dana@elsewhere.org' });
      expect(await page.locator('#signup-problems').textContent()).toContain(
        'Accounts can only be created with an address of example.com.',
      );
      await fillSignup(page, { username: 'dana', email: 'dana@example.com', password: 'password123' });
      expect(await page.locator('#signup-problems').textContent()).toContain('most common passwords');
      expect(await t.dataSource.query(`SELECT id FROM users WHERE username = 'dana'`)).toEqual([]);

      // The optional name is whatever a stranger typed: it is not put into a mail to an unproven address.
      await page.getByLabel('Your name (optional)').fill('URGENT restore access at https://evil.example/restore');
      await fillSignup(page, { username: 'dana', email: 'dana@example.com' });
      expect(await page.locator('#signup-verify').textContent()).toContain('dana@example.com');
      const [row] = await t.dataSource.query(
        `SELECT email_verified, self_registered, password_hash FROM users WHERE username = 'dana'`,
      );
      expect(row).toMatchObject({ email_verified: false, self_registered: true });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);

      // Not before the address is verified.
      await page.getByRole('link', { name: 'Sign in' }).click();
      expect(page.url()).toBe(loginPage);
      await page.getByLabel('Username or email').fill('dana');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#login-error').textContent()).toContain('Confirm your email address first');

      // The mail, its link, the button; then the same sign-in goes through to the RP.
      const mail = await eventually(async () => {
        await t.app.get(OutboxWorker).drainOnce();
        const found = smtp.received.find((m) => m.mail.to && JSON.stringify(m.mail.to).includes('dana@example.com'));
        expect(found).toBeDefined();
        return found!.mail;
      });
      const link = /(http:\/\/\S+\/account\/email\/verify\?token=\S+)/.exec(mail.text!)![1];
      expect(mail.text).toContain('Hello,');
      expect(`${mail.text} ${String(mail.html)}`).not.toContain('evil.example');
      const verifyPage = await page.context().newPage();
      await verifyPage.goto(link);
      await verifyPage.getByRole('button', { name: 'Confirm my address' }).click();
      await verifyPage.waitForLoadState();
      await verifyPage.close();

      const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
      await page.getByLabel('Username or email').fill('dana');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/consent') || u.href.startsWith(redirectUri));
      if (page.url().includes('/consent')) await page.getByRole('button', { name: 'Allow' }).click();
      const tokens = await oidc.authorizationCodeGrant(config, new URL((await callback).url()), checks);
      // Profile claims come from userinfo when an access token is issued (OIDC Core §5.4).
      const sub = tokens.claims()!.sub;
      expect(await oidc.fetchUserInfo(config, tokens.access_token, sub)).toMatchObject({
        email: 'dana@example.com',
        email_verified: true,
      });
    });
    const events = (await t.dataSource.query(
      `SELECT type FROM audit_events WHERE type IN ('account.signed_up', 'account.email_verified', 'admin.account_settings.updated')`,
    )) as { type: string }[];
    expect(events.map((e) => e.type).sort()).toEqual([
      'account.email_verified',
      'account.signed_up',
      'admin.account_settings.updated',
    ]);
  });

  it('opens the sign-up page for prompt=create and, when verification is optional, continues the request signed in', async () => {
    expect((await settings({ signup_verification: 'optional', signup_email_domains: [] })).status).toBe(200);
    await withBrowserContext(browser, async (page) => {
      const checks = await startAuthorization(page, { prompt: 'create' });
      expect(new URL(page.url()).pathname).toBe('/account/signup');
      const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
      await fillSignup(page, { username: 'eli', email: 'eli@elsewhere.org' });
      await page.waitForURL((u) => u.pathname.endsWith('/consent') || u.href.startsWith(redirectUri));
      expect(page.url()).toContain('/consent');
      await page.getByRole('button', { name: 'Allow' }).click();
      const tokens = await oidc.authorizationCodeGrant(config, new URL((await callback).url()), checks);
      const [eli] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'eli'`);
      expect(tokens.claims()).toMatchObject({ sub: eli.id, amr: ['pwd'] });
      expect(await oidc.fetchUserInfo(config, tokens.access_token, eli.id)).toMatchObject({
        email: 'eli@elsewhere.org',
        email_verified: false,
      });
    });
  });

  it('refuses what it cannot honour and hostile input, creating nothing', async () => {
    const none = await fetch(
      `${t.url}/oauth2/authorize?${new URLSearchParams({
        client_id: config.clientMetadata().client_id,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none create',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    expect(new URL(none.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');

    const taken = await fetch(`${t.url}/account/signup`, { method: 'POST' });
    expect(taken.status).toBe(403); // no CSRF token
    const bad = await settings({ signup_email_domains: ['not a domain'] });
    expect(bad.status).toBe(400);
    expect((await settings({ password_min_length: 4 })).status).toBe(400);
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n;
    await withBrowserContext(browser, async (page) => {
      await page.goto(`${t.url}/account/signup?return_to=https://evil.example/`);
      expect(await page.content()).not.toContain('evil.example');
      await fillSignup(page, { username: 'eli', email: 'eli2@example.com' });
      expect(await page.locator('#signup-problems').textContent()).toContain('That username is taken');
    });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(before);
  });

  it('is set from the console too, and a bad value changes nothing', async () => {
    const jar = new CookieJar();
    const signIn = await (await jar.fetch(`${t.url}/admin/console/sign-in`)).text();
    const signInCsrf = /name="_csrf" value="([^"]+)"/.exec(signIn)![1];
    await jar.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN, _csrf: signInCsrf });
    const page = await (await jar.fetch(`${t.url}/admin/console/account-settings`)).text();
    expect(page).toContain('Sign-up and sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];

    const refused = await jar.post(`${t.url}/admin/console/account-settings`, {
      _csrf: csrf,
      signup_email_domains: 'not a domain!',
      signup_verification: 'required',
      password_min_length: '12',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('not email domains');
    const current = (await (
      await fetch(`${t.url}/admin/account-settings`, { headers: { 'x-admin-token': ADMIN_TOKEN } })
    ).json()) as { signup_enabled: boolean };
    expect(current.signup_enabled).toBe(true);

    const saved = await jar.post(`${t.url}/admin/console/account-settings`, {
      _csrf: csrf,
      signup_email_domains: 'example.com\nexample.org',
      signup_verification: 'optional',
      password_min_length: '12',
    });
    expect(saved.status).toBe(303);
    expect(
      await (await fetch(`${t.url}/admin/account-settings`, { headers: { 'x-admin-token': ADMIN_TOKEN } })).json(),
    ).toEqual({
      signup_enabled: false,
      signup_email_domains: ['example.com', 'example.org'],
      signup_verification: 'optional',
      self_deletion_enabled: false,
      password_min_length: 12,
      mfa_required: 'off',
    });
    expect((await fetch(`${t.url}/account/signup`)).status).toBe(404);
  });

  it('refuses null for a setting that has no unset value with 400, changing nothing', async () => {
    const before = await (
      await fetch(`${t.url}/admin/account-settings`, { headers: { 'x-admin-token': ADMIN_TOKEN } })
    ).json();
    for (const field of [
      'signup_enabled',
      'signup_email_domains',
      'signup_verification',
      'self_deletion_enabled',
      'mfa_required',
    ]) {
      const res = await settings({ [field]: null });
      expect({ field, status: res.status, error: ((await res.json()) as { error: string }).error }).toEqual({
        field,
        status: 400,
        error: 'invalid_request',
      });
    }
    expect(
      await (await fetch(`${t.url}/admin/account-settings`, { headers: { 'x-admin-token': ADMIN_TOKEN } })).json(),
    ).toEqual(before);
  });
});
