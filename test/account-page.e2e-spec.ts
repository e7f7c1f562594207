import type { Browser, Page } from 'playwright-core';
import { EmailVerificationService } from '../src/account/email-verification/email-verification.service';
import { ClientsService } from '../src/clients/clients.service';
import { ConsentService } from '../src/interaction/consent/consent.service';
import { AccountSettingsService } from '../src/users/settings/account-settings.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { PASSWORD } from './support/browser-sign-in';
import { startTestApp, type TestApp } from './support/test-app';
import { issueCode } from './support/token-requests';

jest.setTimeout(60_000);

const NEW_PASSWORD = 'violet kettle under the bridge';

describe('the account page (/account)', () => {
  let t: TestApp;
  let browser: Browser;
  let userId: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    userId = (await t.app.get(UsersService).create({ username: 'fern', email: 'fern@example.com', password: PASSWORD }))
      .id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page, password = PASSWORD) {
    await page.goto(`${t.url}/account`);
    await page.getByLabel('Username or email').fill('fern');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
  }

  it('signs in on the login page, then edits the profile and changes the password (the current one required)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await signIn(page);
    expect(await page.locator('h1').textContent()).toBe('Your account');

    await page.getByLabel('Full name').fill('Fern Gully');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#account-saved').isVisible()).toBe(true);
    expect((await t.app.get(UsersService).findById(userId))!.name).toBe('Fern Gully');

    await page.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('The same again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#password-problems').textContent()).toContain('The current password is not right.');
    await page.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('password1234');
    await page.getByLabel('The same again').fill('password1234');
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#password-problems').textContent()).toContain('most common passwords');
    await page.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('The same again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#account-saved').isVisible()).toBe(true);
    expect(await t.app.get(UsersService).authenticate('fern', NEW_PASSWORD)).not.toBeNull();
    await context.close();
  });

  it('lists the other browsers signed in and signs one out; removes an application’s access', async () => {
    const here = await (await browser.newContext()).newPage();
    const there = await (await browser.newContext()).newPage();
    await signIn(here, NEW_PASSWORD);
    await signIn(there, NEW_PASSWORD);

    const client = (
      await t.app.get(ClientsService).create({
        clientName: 'Photo app',
        redirectUris: ['https://photos.example.com/cb'],
        allowedScopes: ['openid', 'email'],
      })
    ).client;
    await t.app.get(ConsentService).remember(userId, client.clientId, ['openid', 'email']);
    const { grantId } = await issueCode(t, { clientId: client.clientId, userId, scope: ['openid', 'email'] });

    // Three browsers: the first test's, this one and the other one, signed in last.
    const [{ id: thereId }] = await t.dataSource.query(
      'SELECT id FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1',
      [userId],
    );
    await here.goto(`${t.url}/account`);
    expect(await here.locator('#sessions li').count()).toBe(3);
    expect(await here.locator(`[data-session="${thereId}"]`).textContent()).not.toContain('this browser');
    await here.locator(`[data-session="${thereId}"]`).getByRole('button', { name: 'Sign out there' }).click();
    await here.waitForLoadState();
    expect(await here.locator('#sessions li').count()).toBe(2);
    await there.goto(`${t.url}/account`);
    expect(await there.locator('h1').textContent()).toBe('Sign in');

    expect(await here.locator('#applications').textContent()).toContain('Photo app');
    await here.locator(`[data-client="${client.clientId}"]`).getByRole('button', { name: 'Remove access' }).click();
    await here.waitForLoadState();
    expect(await t.dataSource.query('SELECT 1 FROM consents WHERE user_id = $1', [userId])).toEqual([]);
    const [grant] = await t.dataSource.query('SELECT revoked_reason FROM grants WHERE id = $1', [grantId]);
    expect(grant.revoked_reason).toBe('user');
    expect(await here.locator('#events').textContent()).toContain('account.consent_revoked');

    const exported = await here.request.get(`${t.url}/account/export`);
    const body = (await exported.json()) as Record<string, unknown>;
    expect(body.user).toMatchObject({ id: userId, username: 'fern', name: 'Fern Gully' });
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
  });

  it('changes the address only once the link sent to the new one is followed, telling the old one', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, NEW_PASSWORD);
    await page.getByLabel('New address').fill('fern@new.example');
    await page.getByRole('region', { name: 'Email address' }).getByLabel('Current password').fill('wrong');
    await page.getByRole('button', { name: 'Change the address' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#email-problems').textContent()).toContain('The current password is not right.');

    await page.getByLabel('New address').fill('fern@new.example');
    await page.getByRole('region', { name: 'Email address' }).getByLabel('Current password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change the address' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#account-saved').textContent()).toContain('We sent a link to the new address');
    expect((await t.app.get(UsersService).findById(userId))!.email).toBe('fern@example.com');

    // Without SMTP_URL, development mail lands in the outbox (the console's Mail page).
    const mails = (await t.dataSource.query(
      `SELECT payload->>'to' AS "to", payload->>'template' AS template, payload->>'text' AS text FROM outbox ORDER BY created_at`,
    )) as { to: string; template: string; text: string }[];
    expect(mails.map((m) => [m.to, m.template])).toEqual([
      // The first test changed the password: its owner is told.
      ['fern@example.com', 'password-changed'],
      ['fern@new.example', 'verify-email'],
      ['fern@example.com', 'email-change-notice'],
    ]);
    const link = /(http:\/\/\S+\/account\/email\/verify\?token=\S+)/.exec(mails[1].text)![1];
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.waitForLoadState();
    const changed = (await t.app.get(UsersService).findById(userId))!;
    expect([changed.email, changed.emailVerified]).toEqual(['fern@new.example', true]);
  });

  it('keeps a self-registered account within signup_email_domains when its address changes', async () => {
    const settings = t.app.get(AccountSettingsService);
    await t.app.get(UsersService).create({
      username: 'sedge',
      email: 'sedge@example.com',
      password: PASSWORD,
      emailVerified: true,
      selfRegistered: true,
    });
    await settings.update({ signupEmailDomains: ['example.com'] });
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${t.url}/account`);
      await page.getByLabel('Username or email').fill('sedge');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      await page.getByLabel('New address').fill('sedge@elsewhere.example');
      await page.getByRole('region', { name: 'Email address' }).getByLabel('Current password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Change the address' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#email-problems').textContent()).toContain(
        'Accounts can only be created with an address of example.com.',
      );
      const mails = await t.dataSource.query(`SELECT 1 FROM outbox WHERE payload->>'to' = 'sedge@elsewhere.example'`);
      expect(mails).toHaveLength(0);
    } finally {
      await settings.update({ signupEmailDomains: [] });
    }
  });

  it('unlinks an upstream identity, and deletes the account when the operator allows it', async () => {
    // Test data: a provider and a link, as a first sign-in through it would have made them.
    await t.dataSource.query(
      `INSERT INTO upstream_providers (id, display_name, issuer, client_id, scopes) VALUES ('corp', 'Corp SSO', 'https://sso.corp.example', 'x', '{openid}')`,
    );
    await t.dataSource.query(
      `INSERT INTO upstream_identities (provider_id, subject, user_id) VALUES ('corp', 'corp-123', $1)`,
      [userId],
    );
    const page = await (await browser.newContext()).newPage();
    await signIn(page, NEW_PASSWORD);
    expect(await page.locator('#identities').textContent()).toContain('Corp SSO');
    // A session alone cannot unlink: the password is asked, as for every change to how one signs in.
    const corp = page.locator('[data-provider="corp"]');
    await corp.getByLabel('Current password').fill('not my password');
    await corp.getByRole('button', { name: 'Unlink' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#identities-problems').textContent()).toContain('current password is not right');
    expect(await t.dataSource.query('SELECT 1 FROM upstream_identities WHERE user_id = $1', [userId])).toHaveLength(1);
    await page.locator('[data-provider="corp"]').getByLabel('Current password').fill(NEW_PASSWORD);
    await page.locator('[data-provider="corp"]').getByRole('button', { name: 'Unlink' }).click();
    await page.waitForLoadState();
    expect(await t.dataSource.query('SELECT 1 FROM upstream_identities WHERE user_id = $1', [userId])).toEqual([]);

    // Off by default: no section. Then on, with the password and the box ticked.
    expect(await page.getByRole('region', { name: 'Delete your account' }).count()).toBe(0);
    await t.app.get(AccountSettingsService).update({ selfDeletionEnabled: true });
    await page.goto(`${t.url}/account`);
    const section = page.getByRole('region', { name: 'Delete your account' });
    await section.getByLabel('Current password').fill(NEW_PASSWORD);
    await section.getByRole('button', { name: 'Delete the account' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#delete-problems').textContent()).toContain('Tick the box to confirm.');
    await page.getByRole('region', { name: 'Delete your account' }).getByLabel('Current password').fill(NEW_PASSWORD);
    await page.getByLabel('Yes, delete my account').check();
    await page.getByRole('button', { name: 'Delete the account' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#account-deleted').isVisible()).toBe(true);
    expect(await t.app.get(UsersService).findById(userId)).toBeNull();
    expect(await t.dataSource.query('SELECT 1 FROM sessions WHERE user_id = $1', [userId])).toEqual([]);
    const [deleted] = await t.dataSource.query(`SELECT details FROM audit_events WHERE type = 'account.deleted'`);
    expect(deleted.details).toEqual({ username: 'fern' });
  });

  it('refuses forms without their token, and answers a signed-out browser with the sign-in page', async () => {
    expect((await fetch(`${t.url}/account/profile`, { method: 'POST' })).status).toBe(403);
    const signedOut = await fetch(`${t.url}/account`);
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain('Username or email');
    expect((await fetch(`${t.url}/account/export`, { redirect: 'manual' })).status).toBe(303);
  });

  it('offers a signed-out browser the same ways out as an application’s login page, and brings it back to the Sign-in methods page it asked for', async () => {
    await t.app.get(AccountSettingsService).update({ signupEnabled: true });
    await t.app.get(UsersService).create({ username: 'aspen', password: 'aspen leaves tremble in wind' });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.url}/account/security`);
    expect(await page.locator('#forgot-password').getAttribute('href')).toBe(
      '/account/password/forgot?return_to=/account',
    );
    expect(await page.locator('#create-account').getAttribute('href')).toBe('/account/signup?return_to=/account');
    await page.getByLabel('Username or email').fill('aspen');
    await page.getByLabel('Password').fill('aspen leaves tremble in wind');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe('/account/security');
    expect(await page.locator('h1').textContent()).toBe('Sign-in methods');
    // Only the pages it knows: any other next is the account page.
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${t.url}/account?next=https://evil.example`);
    await other.getByLabel('Username or email').fill('aspen');
    await other.getByLabel('Password').fill('aspen leaves tremble in wind');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForLoadState();
    expect(new URL(other.url()).pathname).toBe('/account');
    await t.app.get(AccountSettingsService).update({ signupEnabled: false });
    await page.context().close();
    await other.context().close();
  });

  describe('a password change from a stolen session or with a guessed password', () => {
    const MOSS_PASSWORD = 'moss on the north side of trees';
    let mossId: string;

    async function signInAsMoss(page: Page, password: string) {
      await page.goto(`${t.url}/account`);
      await page.getByLabel('Username or email').fill('moss');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Your account');
    }

    async function changePassword(page: Page, current: string, next: string) {
      await page.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill(current);
      await page.getByLabel('New password').fill(next);
      await page.getByLabel('The same again').fill(next);
      await page.getByRole('button', { name: 'Change the password' }).click();
      await page.waitForLoadState();
    }

    beforeAll(async () => {
      mossId = (await t.app.get(UsersService).create({ username: 'moss', password: MOSS_PASSWORD })).id;
    });

    it('signs out every other session and revokes the grants made elsewhere, keeping this browser’s', async () => {
      const here = await (await browser.newContext()).newPage();
      const there = await (await browser.newContext()).newPage();
      await signInAsMoss(here, MOSS_PASSWORD);
      const [{ id: hereId }] = await t.dataSource.query(
        'SELECT id FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1',
        [mossId],
      );
      await signInAsMoss(there, MOSS_PASSWORD);
      const { client } = await t.app.get(ClientsService).create({
        clientName: 'Notes app',
        redirectUris: ['https://notes.example.com/cb'],
        allowedScopes: ['openid'],
      });
      const kept = await issueCode(t, { clientId: client.clientId, userId: mossId, sessionId: hereId });
      const elsewhere = await issueCode(t, { clientId: client.clientId, userId: mossId });

      // A copy of this browser's session cookie, as a thief would hold it.
      const copied = (await here.context().cookies()).filter((c) => c.name === 'oidc_session');
      expect(copied).toHaveLength(1);

      await changePassword(here, MOSS_PASSWORD, NEW_PASSWORD);
      expect(await here.locator('#account-saved').textContent()).toBe(
        'Your password is changed. You were signed out everywhere else.',
      );
      await here.goto(`${t.url}/account`);
      expect(await here.locator('h1').textContent()).toBe('Your account');
      await there.goto(`${t.url}/account`);
      expect(await there.locator('h1').textContent()).toBe('Sign in');
      // This session goes on under a new secret: the copied cookie signs nobody in.
      const thief = await (await browser.newContext()).newPage();
      await thief.context().addCookies(copied);
      await thief.goto(`${t.url}/account`);
      expect(await thief.locator('h1').textContent()).toBe('Sign in');
      await thief.context().close();
      const grants = await t.dataSource.query('SELECT id, revoked_reason FROM grants WHERE user_id = $1', [mossId]);
      expect(
        Object.fromEntries(grants.map((g: { id: string; revoked_reason: string }) => [g.id, g.revoked_reason])),
      ).toEqual({
        [kept.grantId]: null,
        [elsewhere.grantId]: 'password_changed',
      });
      const [event] = await t.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'account.password_changed' AND subject = $1`,
        [mossId],
      );
      expect(event.details).toEqual({ sessions_ended: 1, grants_revoked: 1, links_retired: 0 });
    });

    it('retires a change of address asked for with the old password: its link no longer confirms it', async () => {
      const REED_PASSWORD = 'reeds bend where the river turns';
      const reedId = (
        await t.app.get(UsersService).create({ username: 'reed', email: 'reed@example.com', password: REED_PASSWORD })
      ).id;
      const signInAsReed = async (page: Page, password: string) => {
        await page.goto(`${t.url}/account`);
        await page.getByLabel('Username or email').fill('reed');
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForLoadState();
      };
      // Whoever holds the password asks for the address to move to theirs.
      const intruder = await (await browser.newContext()).newPage();
      await signInAsReed(intruder, REED_PASSWORD);
      await intruder.getByLabel('New address').fill('reed@intruder.example');
      await intruder.getByRole('region', { name: 'Email address' }).getByLabel('Current password').fill(REED_PASSWORD);
      await intruder.getByRole('button', { name: 'Change the address' }).click();
      await intruder.waitForLoadState();
      const [{ text }] = (await t.dataSource.query(
        `SELECT payload->>'text' AS text FROM outbox WHERE payload->>'to' = 'reed@intruder.example'`,
      )) as { text: string }[];
      const link = /(http:\/\/\S+\/account\/email\/verify\?token=\S+)/.exec(text)![1];

      // The owner, told by the notice, changes the password.
      const owner = await (await browser.newContext()).newPage();
      await signInAsReed(owner, REED_PASSWORD);
      await changePassword(owner, REED_PASSWORD, NEW_PASSWORD);
      expect(await owner.locator('#account-saved').textContent()).toContain('Your password is changed.');

      await intruder.goto(link);
      expect(await intruder.getByRole('button', { name: 'Confirm my address' }).count()).toBe(0);
      const reed = (await t.app.get(UsersService).findById(reedId))!;
      expect([reed.email, reed.emailVerified]).toEqual(['reed@example.com', false]);
      const [event] = await t.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'account.password_changed' AND subject = $1`,
        [reedId],
      );
      expect(event.details.links_retired).toBe(1);
    });

    it('sends no change-of-address link once the account changed after the request was checked (disabled, new password, session ended)', async () => {
      const FIR_PASSWORD = 'firs keep their needles all winter';
      const users = t.app.get(UsersService);
      const firId = (await users.create({ username: 'fir', email: 'fir@example.com', password: FIR_PASSWORD })).id;
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${t.url}/account`);
      await page.getByLabel('Username or email').fill('fir');
      await page.getByLabel('Password').fill(FIR_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      const [{ id: sessionId }] = await t.dataSource.query('SELECT id FROM sessions WHERE user_id = $1', [firId]);
      const verification = t.app.get(EmailVerificationService);
      const links = async () =>
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS n FROM user_action_tokens WHERE user_id = $1 AND purpose = 'email_change'`,
            [firId],
          )
        )[0].n;
      // The request as checked (password right, session open), before an administrator's change lands.
      const send = async (checked: Awaited<ReturnType<UsersService['findById']>>) =>
        verification.sendToNewAddress(checked!, sessionId, 'fir@intruder.example', { actor: null });

      let checked = await users.findById(firId);
      await users.setDisabled(firId, true);
      expect(await send(checked)).toBe(false);
      await users.setDisabled(firId, false);

      checked = await users.findById(firId);
      await users.setPassword(firId, 'a password the administrator set');
      expect(await send(checked)).toBe(false);

      checked = await users.findById(firId);
      await t.dataSource.query('UPDATE sessions SET ended_at = now() WHERE id = $1', [sessionId]);
      expect(await send(checked)).toBe(false);
      expect(await links()).toBe(0);

      await t.dataSource.query('UPDATE sessions SET ended_at = NULL WHERE id = $1', [sessionId]);
      expect(await send(await users.findById(firId))).toBe(true);
      expect(await links()).toBe(1);
      await page.context().close();
    });

    it('counts wrong current passwords as sign-in failures: past the limit even the right one is refused for a while', async () => {
      const page = await (await browser.newContext()).newPage();
      await signInAsMoss(page, NEW_PASSWORD);
      for (let attempt = 1; attempt <= 5; attempt++) {
        await changePassword(page, `guess number ${attempt}`, MOSS_PASSWORD);
        expect(await page.locator('#password-problems').textContent()).toContain('The current password is not right.');
      }
      await changePassword(page, NEW_PASSWORD, MOSS_PASSWORD);
      expect(await page.locator('#password-problems').textContent()).toContain(
        'Too many wrong passwords: wait a few minutes and try again.',
      );
      expect(await t.app.get(UsersService).authenticate('moss', NEW_PASSWORD)).not.toBeNull();
    });
  });
});
