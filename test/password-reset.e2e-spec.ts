import { sha256Hex } from '../src/common/crypto/sha256';
import { UserActionTokens } from '../src/account/tokens/user-action-tokens.service';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { CookieJar } from './support/cookie-jar';
import { eventually } from './support/eventually';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { PasswordResetService } from '../src/account/password-reset/password-reset.service';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

const NEW_PASSWORD = 'violet kettle under the bridge';

describe('password reset ("Forgot password?")', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let rp: RelyingPartyServer;
  let browser: Browser;
  let config: oidc.Configuration;
  let carolId: string;
  let redirectUri: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [t, browser, rp] = await Promise.all([
      startTestApp({ SMTP_URL: `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`, MAIL_FROM: 'id@example.com' }),
      launchBrowser(),
      startRelyingParty(),
    ]);
    redirectUri = rp.url('/callback');
    carolId = (
      await t.app.get(UsersService).create({
        username: 'carol',
        email: 'carol@example.com',
        name: 'Carol Reset',
        password: PASSWORD,
      })
    ).id;
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Shop',
      redirectUris: [redirectUri],
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
      consentPolicy: 'skip',
    });
    config = await discoverClient(t.url, client.clientId, clientSecret);
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await t?.close();
    await smtp?.close();
  });

  /** Delivers what the outbox holds until `count` messages have arrived; the last one. */
  async function mailNumber(count: number) {
    return eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      expect(smtp.received.length).toBeGreaterThanOrEqual(count);
      return smtp.received[count - 1].mail;
    });
  }

  const linkIn = (text: string) => /(http:\/\/\S+\/account\/password\/reset\?\S+)/.exec(text)![1];
  const storedHash = async () =>
    (
      (await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [carolId])) as [
        { password_hash: string },
      ]
    )[0].password_hash;

  async function newPasswordOnPage(page: Page, password: string, confirmation = password) {
    await page.getByLabel('New password').fill(password);
    await page.getByLabel('The same again').fill(confirmation);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForLoadState();
  }

  it('mails a single-use link from the login page, sets a new password under the policy, and kills the old refresh token', async () => {
    // Carol has an application holding her refresh token.
    let oldTokens!: oidc.TokenEndpointResponse;
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, config, redirectUri, {
        login: 'carol',
        params: { scope: 'openid offline_access', prompt: 'consent' },
      });
      oldTokens = await redeem(config, run);
    });
    expect(oldTokens.refresh_token).toBeDefined();
    const mailsBefore = smtp.received.length;
    // A change of address asked for by whoever held her old password, waiting to be confirmed.
    const actions = t.app.get(UserActionTokens);
    const pendingChange = await actions.issue(carolId, 'email_change', 3600, { email: 'carol@intruder.example' });

    await withBrowserContext(browser, async (page) => {
      // She comes back, has forgotten her password: the login page of a new authorization request.
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        state: 'st4te',
      });
      await page.goto(url.href);
      const loginPage = new URL(page.url()).pathname;
      expect(loginPage).toMatch(/^\/interaction\/[^/]+\/login$/);
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await page.getByLabel('Username or email').fill('Carol@Example.com');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#reset-sent').textContent()).toContain('15 minutes');

      const mail = await mailNumber(mailsBefore + 1);
      expect(mail.to).toMatchObject({ text: 'carol@example.com' });
      expect(mail.subject).toContain('Choose a new password');
      const link = linkIn(mail.text!);
      expect(new URL(link).searchParams.get('return_to')).toBe(loginPage);
      const before = await storedHash();

      // The policy: a common password, then two that differ, are refused and change nothing.
      await page.goto(link);
      await newPasswordOnPage(page, 'password1234');
      expect(await page.locator('#reset-problems').textContent()).toContain('most common passwords');
      await newPasswordOnPage(page, 'carol is my name ok', 'carol is my name ok');
      expect(await page.locator('#reset-problems').textContent()).toContain('username or email');
      await newPasswordOnPage(page, NEW_PASSWORD, `${NEW_PASSWORD}!`);
      expect(await page.locator('#reset-problems').textContent()).toContain('The two passwords differ.');
      expect(await storedHash()).toBe(before);

      await newPasswordOnPage(page, NEW_PASSWORD);
      expect(await page.locator('#reset-done').textContent()).toContain('signed out everywhere');
      expect(await storedHash()).not.toBe(before);

      // Back to the sign-in she started from, with the new password; the old one no longer works.
      await page.getByRole('link', { name: 'Sign in' }).click();
      expect(new URL(page.url()).pathname).toBe(loginPage);
      await page.getByLabel('Username or email').fill('carol');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#login-error').textContent()).toContain('Invalid username or password');
      const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
      await page.getByLabel('Username or email').fill('carol');
      await page.getByLabel('Password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(new URL((await callback).url()).searchParams.get('code')).toBeTruthy();

      // The link worked once.
      await page.goto(link);
      expect(await page.locator('#reset-expired').isVisible()).toBe(true);
    });

    // The change of address no longer confirms.
    expect(await actions.find(pendingChange, 'email_change')).toBeUndefined();
    // Every refresh token from before is dead, and Carol is told her password changed.
    await expect(oidc.refreshTokenGrant(config, oldTokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const notice = await mailNumber(mailsBefore + 2);
    expect(notice.subject).toContain('password was changed');
    const events = (await t.dataSource.query(
      `SELECT type FROM audit_events WHERE subject = $1 AND type LIKE 'account.password%' ORDER BY occurred_at`,
      [carolId],
    )) as { type: string }[];
    expect(events.map((e) => e.type)).toEqual(['account.password_reset_requested', 'account.password_reset']);
  });

  it('answers the same for an unknown account and sends nothing; at most 3 links per account in 15 minutes', async () => {
    const jar = new CookieJar();
    const ask = async (login: string) => {
      const form = await (await jar.fetch(`${t.url}/account/password/forgot`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
      const res = await jar.post(`${t.url}/account/password/forgot`, { _csrf: csrf, login });
      return { status: res.status, body: await res.text() };
    };
    const unknown = await ask('nobody@example.com');
    const known = await ask('carol');
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(unknown.body.replace(/name="_csrf" value="[^"]+"/, '')).toBe(
      known.body.replace(/name="_csrf" value="[^"]+"/, ''),
    );
    // The same work before the answer for both (so its time tells nothing): a counter of the login's own.
    const counters = (await t.dataSource.query(
      `SELECT key FROM login_attempts WHERE key LIKE 'reset:login:%' OR key LIKE 'reset:account:%'`,
    )) as { key: string }[];
    expect(counters.map((c) => c.key)).toEqual(
      expect.arrayContaining([
        `reset:login:${sha256Hex('nobody@example.com')}`,
        expect.stringMatching(/^reset:account:/),
      ]),
    );
    await ask('carol');
    await ask('carol');
    await ask('carol');
    // Let every background send finish, then count what was queued for each address.
    await eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      const rows = (await t.dataSource.query(
        `SELECT payload->>'to' AS "to" FROM outbox WHERE payload->>'template' = 'password-reset'`,
      )) as { to: string }[];
      // The account's limit counts the first test's link too: 3 in all, whatever was asked.
      expect(rows.filter((r) => r.to === 'carol@example.com')).toHaveLength(3);
      expect(rows.some((r) => r.to === 'nobody@example.com')).toBe(false);
    });
    // Still 3 once any late background send (queued up to 1.5 s after its answer) would have landed.
    await new Promise((r) => setTimeout(r, 1600));
    const [{ count }] = (await t.dataSource.query(
      `SELECT count(*)::int AS count FROM outbox WHERE payload->>'template' = 'password-reset'`,
    )) as { count: number }[];
    expect(count).toBe(3);
  });

  it('writes the link only once the answer is sent, so that its time does not tell an account from an unknown login', async () => {
    const { id } = await t.app.get(UsersService).create({
      username: 'dana',
      email: 'dana@example.com',
      password: 'dana has a long password',
    });
    const links = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM user_action_tokens WHERE user_id = $1`, [id]))[0]
        .n as number;
    let sendAnswer: (() => void) | undefined;
    await t.app.get(PasswordResetService).request('dana', { actor: null }, (work) => (sendAnswer = work));
    await new Promise((r) => setTimeout(r, 200));
    expect(await links()).toBe(0);
    sendAnswer!();
    await eventually(async () => expect(await links()).toBe(1));
  });

  it('refuses hostile input with a clear page and changes nothing', async () => {
    const jar = new CookieJar();
    const form = await (await jar.fetch(`${t.url}/account/password/forgot?return_to=https://evil.example/`)).text();
    expect(form).not.toContain('evil.example');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];

    // No CSRF token: refused before anything happens.
    expect((await jar.post(`${t.url}/account/password/forgot`, { login: 'carol' })).status).toBe(403);
    // A login that is not a single string.
    const twice = await jar.fetch(`${t.url}/account/password/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}&login=a&login=b`,
    });
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('Enter your username or email address.');

    // Made-up, malformed and missing tokens: the same "no longer works" page, nothing changed.
    const before = await storedHash();
    for (const token of ['A'.repeat(43), "'; DROP TABLE users; --", ''])
      expect((await jar.fetch(`${t.url}/account/password/reset?token=${encodeURIComponent(token)}`)).status).toBe(400);
    const forged = await jar.post(`${t.url}/account/password/reset`, {
      _csrf: csrf,
      token: 'A'.repeat(43),
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This link no longer works');
    expect(await storedHash()).toBe(before);
  });
});
