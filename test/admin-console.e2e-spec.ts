import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

// Each test drives a real browser through many pages, with screenshots at two widths.
jest.setTimeout(90_000);

const ADMIN_TOKEN = 'console-admin-token-0123456789abcdef0123456789';
const SCREENSHOTS = join(__dirname, '..', 'test-output', 'screenshots');
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };

/**
 * Controls no label names, headings that skip a level, no skip link: each fails the console's
 * accessibility bar. Runs in the page, so it is a string (this project compiles without DOM types).
 */
const ACCESSIBILITY_PROBLEMS = `(() => {
  const problems = [];
  for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    if (!control.labels.length && !control.getAttribute('aria-label')) problems.push('unlabelled ' + control.name);
  const levels = [...document.querySelectorAll('main h1, main h2, main h3')].map((h) => Number(h.tagName[1]));
  if (levels[0] !== 1) problems.push('the first heading is not an h1');
  levels.forEach((level, i) => { if (i > 0 && level > levels[i - 1] + 1) problems.push('h' + levels[i - 1] + ' to h' + level); });
  if (!document.querySelector('a.skip-link[href="#main"]') || !document.querySelector('main#main'))
    problems.push('no skip link to main');
  return problems;
})()`;

/** Screenshots of the page at desktop and phone width, after checking its accessibility basics. */
async function snap(page: Page, name: string): Promise<void> {
  expect([name, await page.evaluate<string[]>(ACCESSIBILITY_PROBLEMS)]).toEqual([name, []]);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize(NARROW);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.narrow.png`), fullPage: true });
  // Nothing may stick out sideways on a phone: wide tables scroll inside their own box.
  expect([name, await page.evaluate<number>('document.documentElement.scrollWidth')]).toEqual([name, NARROW.width]);
  await page.setViewportSize(DESKTOP);
}

/** Clicks a button or link that submits or navigates, and answers the status of the first response. */
async function follow(page: Page, click: () => Promise<void>): Promise<number> {
  const response = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame(),
  );
  await click();
  const status = (await response).status();
  await page.waitForLoadState();
  return status;
}

const button = (page: Page, name: string) => () => page.getByRole('button', { name, exact: true }).click();
const link = (page: Page, name: string) => () => page.getByRole('link', { name, exact: true }).click();
const section = (page: Page, name: string) => () =>
  page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
const heading = (page: Page) => page.locator('h1').textContent();
const csrfOf = (page: Page) => page.locator('input[name=_csrf]').first().inputValue();

describe('admin console', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let context: BrowserContext;
  let admin: Page;
  let credentialId: string;
  const client = { id: '', secret: '' };
  let carolId: string;
  let carolAccessToken: string;

  const count = async (sql: string, params: unknown[]) =>
    Number(((await t.dataSource.query(sql, params)) as { n: string }[])[0].n);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp({ ADMIN_TOKEN });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    admin = await context.newPage();
    [{ id: credentialId }] = (await t.dataSource.query(
      `SELECT id FROM admin_credentials WHERE origin = 'environment'`,
    )) as { id: string }[];
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('sends a browser without a console session to sign in, and signs in with the admin token', async () => {
    await admin.goto(`${t.url}/admin`);
    expect(new URL(admin.url()).pathname).toBe('/admin/console/sign-in');
    await snap(admin, 'sign-in');

    await admin.getByLabel('Admin token (required)').fill('oidc_admin_not-a-real-token');
    expect(await follow(admin, button(admin, 'Sign in'))).toBe(401);
    expect(await admin.locator('#field-token-error').textContent()).toContain('unknown or was revoked');

    await admin.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
    expect(await follow(admin, button(admin, 'Sign in'))).toBe(303);
    expect(await heading(admin)).toBe('Dashboard');
    expect(await admin.locator('.signed-in-as').textContent()).toContain('ADMIN_TOKEN');
    await snap(admin, 'dashboard');

    const cookie = (await context.cookies()).find((c) => c.name === 'oidc_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin/console' });
    const page = await fetch(`${t.url}/admin/console`, { headers: { cookie: `oidc_console=${cookie.value}` } });
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const failures = await count(
      `SELECT count(*) AS n FROM audit_events WHERE type = 'security.admin_auth_failed'`,
      [],
    );
    expect(failures).toBe(1);
  });

  it('creates a client through the form, with help for each field, and shows its secret once', async () => {
    await follow(admin, section(admin, 'Clients'));
    await snap(admin, 'clients');
    await follow(admin, link(admin, 'New client'));
    expect(await admin.locator('#field-redirect-uris-help').textContent()).toContain('compared exactly');
    await snap(admin, 'client-new');

    await admin.getByLabel('Name (required)').fill('Console RP');
    await admin.getByLabel('Redirect URIs', { exact: true }).fill(`${redirectUri}\n`);
    await admin.getByRole('checkbox', { name: 'Refresh token' }).check();
    await admin.getByLabel('Allowed scopes').fill('openid profile email');
    await admin.getByLabel('Consent').selectOption('once');
    await admin.getByLabel('Access token lifetime').fill('600');
    expect(await follow(admin, button(admin, 'Create client'))).toBe(201);

    expect(await heading(admin)).toBe('Client created');
    client.id = (await admin.locator('#client-id').textContent())!;
    client.secret = await admin.locator('#client-secret').inputValue();
    expect(client.secret.length).toBeGreaterThan(30);
    await admin.getByRole('button', { name: 'Copy' }).click();
    await admin.locator('[data-copy-status="client-secret"]:not(:empty)').waitFor();
    await snap(admin, 'client-created');

    await follow(admin, link(admin, 'Go to the client'));
    expect(await admin.content()).not.toContain(client.secret);
    expect(await admin.getByLabel('Access token lifetime').inputValue()).toBe('600');
    expect(await admin.getByRole('checkbox', { name: 'Refresh token' }).isChecked()).toBe(true);
    const [created] = (await t.dataSource.query(
      `SELECT actor, details FROM audit_events WHERE type = 'admin.client.created' AND subject = $1`,
      [client.id],
    )) as { actor: string; details: { client_name: string } }[];
    expect(created).toEqual(expect.objectContaining({ actor: `admin:${credentialId}` }));
  });

  it('shows what is wrong next to the field, for the DTO rules and the domain’s own', async () => {
    await admin.goto(`${t.url}/admin/console/users/new`);
    await admin.getByLabel('Username (required)').fill('carol');
    await admin.getByLabel('Email', { exact: true }).fill('not-an-email');
    expect(await follow(admin, button(admin, 'Create user'))).toBe(400);
    expect(await admin.locator('#field-email-error').textContent()).toContain('email must be an email');
    expect(await admin.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByLabel('Email', { exact: true }).inputValue()).toBe('not-an-email');
    expect(await admin.locator('.error-summary a[href="#field-email"]').count()).toBe(1);
    await snap(admin, 'user-new-invalid');

    await admin.goto(`${t.url}/admin/console/clients/new`);
    await admin.getByLabel('Name (required)').fill('Broken RP');
    await admin.getByLabel('Redirect URIs', { exact: true }).fill('not a url');
    expect(await follow(admin, button(admin, 'Create client'))).toBe(400);
    expect(await admin.locator('#field-redirect-uris-error').textContent()).toContain('redirect_uris');
    expect(await count(`SELECT count(*) AS n FROM clients WHERE client_name = 'Broken RP'`, [])).toBe(0);
  });

  it('creates a user who then signs in to the new client through the real login page', async () => {
    await admin.goto(`${t.url}/admin/console/users/new`);
    await admin.getByLabel('Username (required)').fill('carol');
    await admin.getByLabel('Password').fill(PASSWORD);
    await admin.getByLabel('Email', { exact: true }).fill('carol@example.com');
    await admin.getByLabel('Full name').fill('Carol Danvers');
    expect(await follow(admin, button(admin, 'Create user'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('The user was created');
    carolId = new URL(admin.url()).pathname.split('/').pop()!;

    const rpConfig = await discoverClient(t.url, client.id, client.secret);
    const signIn = await browser.newContext();
    try {
      const run = await signInWithBrowser(await signIn.newPage(), rpConfig, redirectUri, { login: 'carol' });
      expect(run.pages).toEqual(['login', 'consent']);
      const tokens = await redeem(rpConfig, run);
      carolAccessToken = tokens.access_token;
      expect(await oidc.fetchUserInfo(rpConfig, tokens.access_token, carolId)).toMatchObject({
        sub: carolId,
        name: 'Carol Danvers',
      });
    } finally {
      await signIn.close();
    }

    await admin.goto(`${t.url}/admin/console/users`);
    await snap(admin, 'users');
    await follow(admin, link(admin, 'carol'));
    expect(await admin.locator('section[aria-labelledby=sessions-heading] tbody tr').count()).toBe(1);
    expect(await admin.locator('section[aria-labelledby=grants-heading] tbody tr').count()).toBe(1);
    await snap(admin, 'user');
  });

  it('ends a session, revokes a grant and takes back a consent, each after a confirmation', async () => {
    const rpConfig = await discoverClient(t.url, client.id, client.secret);
    const userinfoStatus = async (token: string) =>
      (await fetch(`${t.url}/oauth2/userinfo`, { headers: { authorization: `Bearer ${token}` } })).status;
    const signInCarol = async () => {
      const signIn = await browser.newContext();
      try {
        const run = await signInWithBrowser(await signIn.newPage(), rpConfig, redirectUri, { login: 'carol' });
        return { pages: run.pages, accessToken: (await redeem(rpConfig, run)).access_token };
      } finally {
        await signIn.close();
      }
    };
    const second = await signInCarol();
    expect(second.pages).toEqual(['login']);

    const userPage = `${t.url}/admin/console/users/${carolId}`;
    await admin.goto(userPage);
    const grants = admin.locator('section[aria-labelledby=grants-heading] tbody tr');
    expect(await grants.count()).toBe(2);
    // Newest first: the grant of the second sign-in.
    await follow(admin, () => grants.first().getByRole('link').click());
    expect(await heading(admin)).toBe('Revoke this grant?');
    expect(await follow(admin, button(admin, 'Revoke the grant'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('grants were revoked');
    expect([await userinfoStatus(second.accessToken), await userinfoStatus(carolAccessToken)]).toEqual([401, 200]);

    const sessions = admin.locator('section[aria-labelledby=sessions-heading] tbody tr');
    await follow(admin, () => sessions.first().getByRole('link').click());
    expect(await follow(admin, button(admin, 'End the session'))).toBe(303);
    expect(await sessions.filter({ hasText: 'Active' }).count()).toBe(1);

    await follow(admin, () =>
      admin
        .locator('section[aria-labelledby=consents-heading]')
        .getByRole('link', { name: /^Revoke/ })
        .click(),
    );
    await snap(admin, 'user-consent-revoke-confirm');
    expect(await follow(admin, button(admin, 'Revoke the consent'))).toBe(303);
    expect(await admin.locator('section[aria-labelledby=consents-heading] tbody tr').count()).toBe(0);
    expect(await userinfoStatus(carolAccessToken)).toBe(401);

    // Consent is asked again; the tokens of this sign-in are the ones disabling must kill.
    const third = await signInCarol();
    expect(third.pages).toEqual(['login', 'consent']);
    carolAccessToken = third.accessToken;
  });

  it('disables the user: the next sign-in is refused on the login page, and their tokens are dead', async () => {
    await admin.goto(`${t.url}/admin/console/users/${carolId}`);
    await follow(admin, link(admin, 'Disable the account…'));
    await snap(admin, 'user-disable-confirm');
    expect(await follow(admin, button(admin, 'Disable the account'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('The user was disabled');

    const userinfo = await fetch(`${t.url}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${carolAccessToken}` },
    });
    expect(userinfo.status).toBe(401);

    const rpConfig = await discoverClient(t.url, client.id, client.secret);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: oidc.randomState(),
    });
    const signIn = await browser.newContext();
    try {
      const page = await signIn.newPage();
      await page.goto(url.href);
      await page.getByLabel('Username or email').fill('carol');
      await page.getByLabel('Password').fill(PASSWORD);
      expect(await follow(page, button(page, 'Sign in'))).toBe(401);
      expect(await page.locator('#login-error').textContent()).toBe('Invalid username or password.');
    } finally {
      await signIn.close();
    }
  });

  it('enables the user, edits a claim, resets the password, and deletes the account', async () => {
    const userPage = `${t.url}/admin/console/users/${carolId}`;
    await admin.goto(userPage);
    await follow(admin, button(admin, 'Enable the account'));
    expect(await admin.locator('.notice').textContent()).toContain('The user was enabled');

    await admin.getByLabel('Given name').fill('Carol');
    expect(await follow(admin, button(admin, 'Save changes'))).toBe(303);
    const [edited] = (await t.dataSource.query(
      `SELECT details FROM audit_events WHERE type = 'admin.user.updated' AND subject = $1`,
      [carolId],
    )) as { details: { fields: string[] } }[];
    expect(edited.details.fields).toEqual(['given_name']);

    await admin.getByLabel('New password (required)').fill('short');
    expect(await follow(admin, button(admin, 'Set the password'))).toBe(400);
    expect(await admin.locator('#field-password-error').textContent()).toContain('password must be longer');
    await admin.getByLabel('New password (required)').fill('a brand new passphrase');
    expect(await follow(admin, button(admin, 'Set the password'))).toBe(303);
    expect(await t.app.get(UsersService).authenticate('carol', 'a brand new passphrase')).toMatchObject({
      id: carolId,
    });

    await follow(admin, link(admin, 'Delete the account…'));
    expect(await follow(admin, button(admin, 'Delete the account'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('The user was deleted');
    expect(await count(`SELECT count(*) AS n FROM users WHERE id = $1`, [carolId])).toBe(0);
  });

  it('refuses a console form posted without its CSRF token (403), and changes nothing', async () => {
    const forged = await admin.request.post(`${t.url}/admin/console/users`, {
      form: { username: 'mallory', password: PASSWORD },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('did not come from this site');
    const wrong = await admin.request.post(`${t.url}/admin/console/users`, {
      form: { username: 'mallory', _csrf: 'x'.repeat(43) },
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(403);
    expect(await count(`SELECT count(*) AS n FROM users WHERE username = 'mallory'`, [])).toBe(0);
  });

  it('creates a scope, and refuses to delete it while a client may ask for it, saying why', async () => {
    await admin.goto(`${t.url}/admin/console/scopes`);
    await snap(admin, 'scopes');
    await follow(admin, link(admin, 'New scope'));
    await admin.getByLabel('Name (required)').fill('orders:read');
    await admin.getByLabel('Description').fill('Read your orders');
    await admin.getByLabel('Claims').fill('email');
    expect(await follow(admin, button(admin, 'Create scope'))).toBe(303);
    expect(await heading(admin)).toBe('Scope orders:read');
    await snap(admin, 'scope');

    await admin.goto(`${t.url}/admin/console/clients/${client.id}`);
    await admin.getByLabel('Allowed scopes').fill('openid profile email orders:read');
    expect(await follow(admin, button(admin, 'Save changes'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('The client was saved');
    await snap(admin, 'client-edit');
    const [updated] = (await t.dataSource.query(
      `SELECT details FROM audit_events WHERE type = 'admin.client.updated' AND subject = $1`,
      [client.id],
    )) as { details: { fields: string[] } }[];
    expect(updated.details.fields).toEqual(['allowed_scopes']);

    await admin.goto(`${t.url}/admin/console/scopes/orders%3Aread`);
    await follow(admin, link(admin, 'Delete the scope…'));
    expect(await follow(admin, button(admin, 'Delete the scope'))).toBe(409);
    expect(await admin.locator('#delete-refused').textContent()).toContain(client.id);
    await snap(admin, 'scope-delete-refused');
    expect(await count(`SELECT count(*) AS n FROM scopes WHERE name = 'orders:read'`, [])).toBe(1);
  });

  it('rotates the signing keys and retires a key, each after a confirmation', async () => {
    await admin.goto(`${t.url}/admin/console/keys`);
    const before = await admin.locator('tbody tr').count();
    await snap(admin, 'keys');
    await follow(admin, link(admin, 'Rotate now…'));
    await snap(admin, 'keys-rotate-confirm');
    expect(await follow(admin, button(admin, 'Rotate now'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('rotated');
    expect(await admin.locator('tbody tr').count()).toBe(before + 1);

    const next = admin.locator('tbody tr').filter({ hasText: 'next' });
    const kid = (await next.locator('code').textContent())!;
    await follow(admin, () => next.getByRole('link').click());
    await snap(admin, 'key-retire-confirm');
    await admin.getByLabel('Remove it from the JWKS now').check();
    expect(await follow(admin, button(admin, 'Retire the key'))).toBe(303);
    const [retired] = (await t.dataSource.query(`SELECT state FROM signing_keys WHERE kid = $1`, [kid])) as {
      state: string;
    }[];
    expect(retired.state).toBe('retired');
    const [event] = (await t.dataSource.query(
      `SELECT actor, details FROM audit_events WHERE type = 'admin.key.retired' AND subject = $1`,
      [kid],
    )) as { actor: string; details: { remove_now: boolean } }[];
    expect(event).toEqual({ actor: `admin:${credentialId}`, details: expect.objectContaining({ remove_now: true }) });
  });

  it('asks for a confirmation before deleting a client, and deletes it once confirmed', async () => {
    await admin.goto(`${t.url}/admin/console/clients/${client.id}`);
    await follow(admin, link(admin, 'Rotate the secret…'));
    expect(await follow(admin, button(admin, 'Rotate the secret'))).toBe(200);
    const rotated = await admin.locator('#client-secret').inputValue();
    expect(rotated).not.toBe(client.secret);
    expect(rotated.length).toBeGreaterThan(30);

    await admin.goto(`${t.url}/admin/console/clients/${client.id}`);
    const unconfirmed = await admin.request.post(`${t.url}/admin/console/clients/${client.id}/delete`, {
      form: { _csrf: await csrfOf(admin) },
      maxRedirects: 0,
    });
    expect(unconfirmed.status()).toBe(200);
    expect(await unconfirmed.text()).toContain('Delete the client');
    expect(await count(`SELECT count(*) AS n FROM clients WHERE client_id = $1`, [client.id])).toBe(1);

    await follow(admin, link(admin, 'Delete the client…'));
    await snap(admin, 'client-delete-confirm');
    expect(await follow(admin, button(admin, 'Delete the client'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('The client was deleted');
    expect(await count(`SELECT count(*) AS n FROM clients WHERE client_id = $1`, [client.id])).toBe(0);
  });

  it('filters the audit log by area, actor and day, and says which filter is wrong', async () => {
    await admin.goto(`${t.url}/admin/console/audit?type=security.*`);
    const types = await admin.locator('tbody td:nth-child(2)').allTextContents();
    expect(types).toContain('security.login_failed');
    expect(types.every((type) => type.startsWith('security.'))).toBe(true);
    await snap(admin, 'audit');

    await admin.goto(`${t.url}/admin/console/audit`);
    await admin.getByLabel('Actor').fill(`admin:${credentialId}`);
    const today = new Date().toISOString().slice(0, 10);
    await admin.getByLabel('From (UTC day)').fill(today);
    await admin.getByLabel('To (UTC day, included)').fill(today);
    expect(await follow(admin, button(admin, 'Filter'))).toBe(200);
    const actors = await admin.locator('tbody td:nth-child(3)').allTextContents();
    expect(actors.length).toBeGreaterThan(5);
    expect(new Set(actors)).toEqual(new Set([`admin:${credentialId}`]));
    expect(await admin.locator('tbody td:nth-child(2)').allTextContents()).toContain('admin.client.deleted');

    const bad = await admin.goto(`${t.url}/admin/console/audit?type=${encodeURIComponent('not a type!')}`);
    expect(bad?.status()).toBe(400);
    expect(await admin.locator('#field-type-error').textContent()).toContain('an area such as security.*');

    await admin.goto(`${t.url}/admin/console`);
    expect(await admin.locator('section[aria-labelledby=security-events] tbody').textContent()).toContain(
      'security.login_failed',
    );
  });

  it('lets a user with the admin role in with their own account, and keeps other users out', async () => {
    const users = t.app.get(UsersService);
    const erin = await users.create({ username: 'erin', password: PASSWORD, roles: ['admin'] });
    await users.create({ username: 'dave', password: PASSWORD, roles: ['support'] });
    const visitor = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await visitor.newPage();
      await page.goto(`${t.url}/admin/console/sign-in`);
      await follow(page, link(page, 'Sign in with your account'));
      await snap(page, 'account-sign-in');
      await page.getByLabel('Username or email').fill('dave');
      await page.getByLabel('Password').fill(PASSWORD);
      expect(await follow(page, button(page, 'Sign in'))).toBe(403);
      expect(await page.locator('[role=alert]').textContent()).toContain('does not have the admin role');
      await snap(page, 'not-admin');
      expect((await visitor.cookies()).map((c) => c.name)).not.toContain('oidc_session');
      expect((await page.goto(`${t.url}/admin/console/users`))?.url()).toBe(`${t.url}/admin/console/sign-in`);

      await page.goto(`${t.url}/admin/console/sign-in/account?switch=1`);
      await page.getByLabel('Username or email').fill('erin');
      await page.getByLabel('Password').fill(PASSWORD);
      expect(await follow(page, button(page, 'Sign in'))).toBe(303);
      expect(await page.locator('.signed-in-as').textContent()).toBe('Signed in as erin');

      // A change made from this session is recorded under the user.
      await page.goto(`${t.url}/admin/console/scopes/new`);
      await page.getByLabel('Name (required)').fill('reports:read');
      await page.getByLabel('Description').fill('Read reports');
      await follow(page, button(page, 'Create scope'));
      const [event] = (await t.dataSource.query(
        `SELECT actor FROM audit_events WHERE type = 'admin.scope.created' AND subject = 'reports:read'`,
      )) as { actor: string }[];
      expect(event.actor).toBe(`user:${erin.id}`);

      // The admin role is checked on every request, not only at sign-in.
      await users.update(erin.id, { roles: [] });
      expect((await page.goto(`${t.url}/admin/console/users`))?.url()).toBe(`${t.url}/admin/console/sign-in`);
      await users.update(erin.id, { roles: ['admin'] });
      // The refused console session ended: the role given back does not revive it.
      expect((await page.goto(`${t.url}/admin/console/users`))?.url()).toBe(`${t.url}/admin/console/sign-in`);
      // Still signed in to the server, the browser goes straight back in.
      expect((await page.goto(`${t.url}/admin/console/sign-in/account`))?.url()).toBe(`${t.url}/admin/console`);
    } finally {
      await visitor.close();
    }
  });

  it('signing out ends the console session, even for a copy of its cookie', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'oidc_console')!;
    const withCopy = () =>
      fetch(`${t.url}/admin/console/users`, {
        headers: { cookie: `oidc_console=${cookie.value}` },
        redirect: 'manual',
      });
    expect((await withCopy()).status).toBe(200);

    await admin.goto(`${t.url}/admin/console`);
    expect(await follow(admin, button(admin, 'Sign out'))).toBe(303);
    expect(await admin.locator('.notice').textContent()).toContain('You are signed out');
    expect((await admin.goto(`${t.url}/admin/console/clients`))?.url()).toBe(`${t.url}/admin/console/sign-in`);
    const replayed = await withCopy();
    expect([replayed.status, replayed.headers.get('location')]).toEqual([303, '/admin/console/sign-in']);
  });

  it('ends a console session when the credential it began with is revoked', async () => {
    const created = await fetch(`${t.url}/admin/credentials`, {
      method: 'POST',
      headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'on-call' }),
    });
    const { token, credential } = (await created.json()) as { token: string; credential: { id: string } };
    await admin.goto(`${t.url}/admin/console/sign-in`);
    await admin.getByLabel('Admin token (required)').fill(token);
    await follow(admin, button(admin, 'Sign in'));
    expect(await admin.locator('.signed-in-as').textContent()).toContain('on-call');

    await fetch(`${t.url}/admin/credentials/${credential.id}`, {
      method: 'DELETE',
      headers: { 'x-admin-token': ADMIN_TOKEN },
    });
    expect((await admin.goto(`${t.url}/admin/console/keys`))?.url()).toBe(`${t.url}/admin/console/sign-in`);
  });
});
